"""``workbench compare``: audits read from their files, put in the order of their periods, each
overall rate as its findings compute it, the changes tested; and the export's trend page."""

from __future__ import annotations

import json
import subprocess

import openpyxl
import pytest

from workbench.cli import main
from workbench.ops.answering import load_answers
from workbench.ops.export import export_report
from workbench.ops.importing import import_sample
from workbench.ops.trend import compare_audits, period_label
from workbench.core.audit import AuditSettings

from tests.factories import AUDITOR, COMPLETE_INCIDENT, answer_rows, make_audit, sample_rows, write_answers, write_csv

NOT_RECORDED = [("auditable", None, "yes"), ("discloses_crime", None, "yes"), ("offence_group", 1, "theft"),
                ("recorded", 1, "no"), ("not_recorded_reason", 1, "not_recorded"), ("rationale", None, "Not recorded.")]


def audit_with_rate(folder, name: str, recorded: int, crimes: int, start: str, end: str):
    """An audit of ``crimes`` incident records, one crime each, ``recorded`` of them recorded."""
    store = make_audit(folder, f"{name}.cdiaudit", title=f"Audit {name}", period_start=start, period_end=end)
    in_period = [row[:2] + [f"{start[:7]}-{i % 28 + 1:02d} 10:00"] + row[3:] for i, row in enumerate(sample_rows(crimes)[1:], 1)]
    import_sample(store, AUDITOR, write_csv(folder / f"{name}.csv", [sample_rows(0)[0], *in_period]))
    rows = [row for i in range(1, crimes + 1)
            for row in answer_rows(f"INC-{i:04d}", COMPLETE_INCIDENT if i <= recorded else NOT_RECORDED)]
    load_answers(store, AUDITOR, write_answers(folder / f"{name}-answers.csv", rows))
    store.close()
    return folder / f"{name}.cdiaudit"


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trend")
    later = audit_with_rate(folder, "b", 169, 201, "2019-04-01", "2020-03-31")
    earlier = audit_with_rate(folder, "a", 182, 200, "2018-04-01", "2019-03-31")
    return earlier, later


@pytest.mark.parametrize("start, end, label", [("2013-01-01", "2013-12-31", "2013"), ("2018-04-01", "2019-03-31", "2018/19"),
                                               ("2024-07-01", "2024-09-30", "2024-07 to 2024-09"), ("", "", "Q3")])
def test_a_period_is_labelled_as_a_board_reads_it(start, end, label):
    assert period_label(AuditSettings(title="Q3", period_start=start, period_end=end)) == label


def test_audits_are_put_in_the_order_of_their_periods(audits):
    earlier, later = audits
    t = compare_audits([later, earlier])
    assert [p.label for p in t.periods] == ["2018/19", "2019/20"]
    assert [(p.counts.x, p.counts.n) for p in t.periods] == [(182, 200), (169, 201)]
    assert t.changes[0].p_value == pytest.approx(0.0360, abs=1e-4)


def test_the_compare_command_states_the_change_plainly(audits, capsys):
    earlier, later = audits
    assert main(["compare", str(later), str(earlier), "--reference", "National 2018/19=87.7"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "The fall from 91.0% (2018/19) to 84.1% (2019/20) is larger than chance would give (p = 0.04)." in out
    assert "is below National 2018/19 (87.7%)" in out


def test_the_compare_command_gives_json(audits, capsys):
    assert main(["compare", *map(str, audits), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["rate"] for p in data["periods"]] == [91.0, 84.1]
    assert data["changes"][0]["significant"] and data["changes"][0]["test"] == "two_proportion_pooled"


def test_a_bad_reference_line_is_refused_in_a_sentence(audits, capsys):
    assert main(["compare", *map(str, audits), "--reference", "National"]) == 2
    assert "LABEL=PERCENT" in capsys.readouterr().err


def test_a_missing_audit_is_named(tmp_path, audits, capsys):
    assert main(["compare", str(audits[0]), str(tmp_path / "nowhere.cdiaudit")]) == 2
    assert "nowhere.cdiaudit" in capsys.readouterr().err


def test_the_export_carries_a_trend_page_in_both_files(audits, tmp_path):
    from workbench.core.trend import Reference
    from workbench.store.audit_store import AuditStore

    earlier, later = audits
    copy = tmp_path / "later.cdiaudit"
    with AuditStore.open(later) as store:
        store.copy_to(copy)
    with AuditStore.open(copy) as store:
        export_report(store, AUDITOR, tmp_path / "f.xlsx", tmp_path / "f.pdf", compare=[earlier],
                      references=[Reference("National 2018/19", 0.877)])
    cells = " ".join(str(c.value) for row in openpyxl.load_workbook(tmp_path / "f.xlsx")["Findings"].iter_rows()
                     for c in row if c.value is not None)
    pdf = " ".join(subprocess.run(["pdftotext", "-raw", str(tmp_path / "f.pdf"), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    for text in (cells, pdf):
        assert "Trend across audit periods" in text and "Change from one period to the next" in text
        assert "is larger than chance would give (p = 0.04)" in text
