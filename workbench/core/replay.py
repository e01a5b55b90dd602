"""What the event log says the audit holds, and where the file disagrees.

``replay`` folds the events into the state they describe (digests only);
``compare`` lists every difference from the state read off the tables. Together
they catch a value changed behind the log's back, even with the triggers dropped.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from workbench.core.events import Event


@dataclass
class AuditState:
    """The audit reduced to digests: comparable between log and tables."""

    settings: dict | None = None
    forms: dict[tuple[str, str], str] = field(default_factory=dict)
    imports: dict[int, str] = field(default_factory=dict)
    answers: dict[tuple, str] = field(default_factory=dict)
    flags: dict[str, str] = field(default_factory=dict)
    last_answer_event: dict[tuple, int] = field(default_factory=dict)


def answer_key(detail: dict) -> tuple:
    return (detail["record"], detail["question"], detail["instance"] or None, detail["role"], detail["round"])


def replay(events: Iterable[Event]) -> AuditState:
    """Fold ``events`` into the state they describe."""
    state = AuditState()
    for e in events:
        d = e.detail
        if e.action == "audit.create":
            state.settings = dict(d["settings"])
        elif e.action == "audit.settings" and state.settings is not None:
            for name, (_old, new) in d["changes"].items():
                state.settings[name] = new
        elif e.action == "form.add":
            state.forms[(d["form_id"], d["version"])] = d["digest"]
        elif e.action == "records.import":
            state.imports[d["import_id"]] = d["records_digest"]
        elif e.action in ("answer.set", "answer.clear"):
            key = answer_key(d)
            if d["digest"] is None:
                state.answers.pop(key, None)
            else:
                state.answers[key] = d["digest"]
            state.last_answer_event[key] = e.seq
        elif e.action == "record.flag":
            state.flags[d["record"]] = d["digest"]
        elif e.action == "record.unflag":
            state.flags.pop(d["record"], None)
    return state


@dataclass(frozen=True)
class Difference:
    """One disagreement between the event log and the tables."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


def compare(logged: AuditState, stored: AuditState) -> list[Difference]:
    """Every way ``stored`` (read off the tables) differs from ``logged``."""
    out: list[Difference] = []
    if logged.settings != stored.settings:
        out.append(Difference("audit settings", "differ from what the event log recorded"))
    out += _compare_maps("checklist", logged.forms, stored.forms)
    out += _compare_maps("import", logged.imports, stored.imports)
    out += _compare_maps("answer", logged.answers, stored.answers)
    out += _compare_maps("flag on", logged.flags, stored.flags)
    for key, seq in stored.last_answer_event.items():
        if key in logged.answers and logged.last_answer_event.get(key) != seq:
            out.append(Difference(_name("answer", key), f"points at event {seq}, but event {logged.last_answer_event.get(key)} wrote it"))
    return out


def _compare_maps(kind: str, logged: dict, stored: dict) -> list[Difference]:
    out = []
    for key in sorted(logged.keys() | stored.keys(), key=repr):
        if key not in stored:
            out.append(Difference(_name(kind, key), "is in the event log but missing from the file"))
        elif key not in logged:
            out.append(Difference(_name(kind, key), "is in the file but no event wrote it"))
        elif logged[key] != stored[key]:
            out.append(Difference(_name(kind, key), "was changed without an event"))
    return out


def _name(kind: str, key: object) -> str:
    if kind == "answer":
        record, question, instance, role, rnd = key
        inst = f" #{instance}" if instance else ""
        return f"answer {record}/{question}{inst} ({role}, round {rnd})"
    if kind == "checklist":
        return f"checklist {key[0]} version {key[1]}"
    return f"{kind} {key}"
