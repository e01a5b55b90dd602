"""Builders for test audits and input files."""

from __future__ import annotations

import csv
from pathlib import Path

from workbench.core.audit import Actor, AuditSettings, Role
from workbench.core.forms import Form, form_from_dict
from workbench.ops.audits import new_audit
from workbench.store.audit_store import AuditStore

AUDITOR = Actor("Test Auditor", Role.AUDITOR, "Test Constabulary")


def make_audit(tmp_path: Path, name: str = "audit", **settings) -> AuditStore:
    settings.setdefault("title", "Test audit")
    return new_audit(tmp_path / name, AuditSettings(**settings), AUDITOR)


def write_csv(path: Path, rows: list[list[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(rows)
    return path


SAMPLE_HEADER = ["key", "form", "reported", "narrative"]


def sample_rows(n: int = 3, form: str = "incident", prefix: str = "INC") -> list[list[str]]:
    """A header and ``n`` synthetic sample rows of one checklist."""
    return [SAMPLE_HEADER] + [
        [f"{prefix}-{i:04d}", form, f"2024-03-{i % 28 + 1:02d} 10:00", f"Synthetic log entry {i}."] for i in range(1, n + 1)
    ]


def write_sample(tmp_path: Path, n: int = 3, form: str = "incident", name: str = "sample.csv") -> Path:
    return write_csv(tmp_path / name, sample_rows(n, form))


def write_answers(path: Path, rows: list[list[object]]) -> Path:
    return write_csv(path, [["record", "question", "instance", "answer", "note"], *rows])


#: A complete, compliant set of answers for an incident record that discloses one crime.
COMPLETE_INCIDENT = [
    ("auditable", None, "yes"),
    ("discloses_crime", None, "yes"),
    ("offence_group", 1, "theft"),
    ("recorded", 1, "yes"),
    ("crime_ref", 1, "24/000001/24"),
    ("timely", 1, "yes"),
    ("classified_ok", 1, "yes"),
]


def answer_rows(record: str, answers=COMPLETE_INCIDENT) -> list[list[object]]:
    return [[record, q, "" if i is None else i, v, ""] for q, i, v in answers]


YES_NO = [{"list_name": "yes_no", "name": "yes", "label": "Yes"}, {"list_name": "yes_no", "name": "no", "label": "No"}]


def make_form(form_id: str, *survey: dict, title: str | None = None, version: str = "1",
              choices: list[dict] = YES_NO) -> Form:
    """A checklist built from its survey rows (XLSForm columns as keys); yes/no choices by default."""
    return form_from_dict({
        "settings": {"form_id": form_id, "form_title": title or form_id.replace("_", " ").capitalize(), "version": version},
        "survey": list(survey),
        "choices": list(choices),
    })


def question(name: str, kind: str = "select_one yes_no", label: str | None = None, **columns: str) -> dict:
    """One survey row: a question of ``kind`` (any other XLSForm column as a keyword)."""
    return {"type": kind, "name": name, "label": label or name.replace("_", " ").capitalize() + "?", **columns}


def save_form_file(form: Form, path: Path) -> Path:
    """Write ``form`` as a checklist file (TOML or XLSForm by suffix), as an author would."""
    from workbench.io.formfiles import save_form

    save_form(form, path)
    return path


POPULATION_HEADER = ["incident_ref", "area", "received", "narrative"]
AREAS = ("North", "South", "East", "West")


def population_rows(n: int = 200, areas: tuple[str, ...] = AREAS) -> list[list[str]]:
    """A header and ``n`` synthetic population rows, spread unevenly over ``areas`` (40/30/20/10 for four)."""
    weights = [len(areas) - i for i in range(len(areas))]
    cycle = [a for a, w in zip(areas, weights) for _ in range(w)]
    return [POPULATION_HEADER] + [
        [f"INC-{i:06d}", cycle[i % len(cycle)], f"2024-03-{i % 28 + 1:02d} 10:00", f'Caller reports "noise", log {i}.\nAttended.']
        for i in range(1, n + 1)
    ]


def write_population(tmp_path: Path, n: int = 200, name: str = "population.csv", areas: tuple[str, ...] = AREAS) -> Path:
    return write_csv(tmp_path / name, population_rows(n, areas))


def problems_of(excinfo) -> list[str]:
    """The problems an ``InputRejected`` caught by ``pytest.raises`` names, as said to the user."""
    return [str(p) for p in excinfo.value.problems]
