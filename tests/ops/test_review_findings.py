"""The audit of the audit in the findings and the exports (issue 11): the FCR determinations table
(overturns counted, per question, flags closed), the agreement with the peer reviewers, the Decisions
sheet (the team's, the peer's and the final answer with who decided and why), and the Answers sheet's
role and round columns, which reload into the same findings and the same agreement."""

from __future__ import annotations

import subprocess

import openpyxl
import pytest

from workbench.cli import main
from workbench.core.audit import Actor, Role
from workbench.core.errors import InputRejected
from workbench.io.pdf_report import write_pdf
from workbench.io.xlsx_export import write_xlsx
from workbench.ops.adjudication import amend, determine, load_determinations, sides
from workbench.ops.agreement import agreement_data
from workbench.ops.answering import answer_many, load_answers
from workbench.ops.export import gather
from workbench.ops.findings import audit_findings, audit_report
from workbench.ops.flags import flag_record
from workbench.ops.importing import import_sample

from tests.factories import AUDITOR, COMPLETE_INCIDENT, make_audit, write_csv, write_sample

FCR = Actor("F. Registrar", Role.FCR, "Test Constabulary")
PEER = Actor("P. Peer", Role.PEER, "Other Constabulary")
SECOND_CRIME = [("offence_group", 2, "burglary"), ("recorded", 2, "yes"), ("crime_ref", 2, "24/000002/24"),
                ("timely", 2, "yes"), ("classified_ok", 2, "yes")]
NOT_RECORDED = [("recorded", 1, "no"), ("not_recorded_reason", 1, "not_recorded"),
                ("rationale", None, "No crime record was made.")]


def give(store, actor, key, answers, review_round=1):
    answer_many(store, actor, key, [(q, i, v, None) for q, i, v in answers], review_round)


@pytest.fixture
def reviewed(tmp_path):
    """Four incident records answered by the team (one crime each; INC-0003 two), then:

    - INC-0001: the peer says not recorded; the FCR agrees with the peer (overturns ``recorded``);
    - INC-0002: the peer agrees with the team; the FCR confirms the team (no overturn);
    - INC-0003: flagged by the team; the FCR removes the second crime (an overturn: a crime removed);
    - INC-0004: not reviewed, not determined.
    """
    store = make_audit(tmp_path)
    import_sample(store, AUDITOR, write_sample(tmp_path, 4))
    for n in (1, 2, 4):
        give(store, AUDITOR, f"INC-000{n}", COMPLETE_INCIDENT)
    give(store, AUDITOR, "INC-0003", COMPLETE_INCIDENT + SECOND_CRIME)
    give(store, PEER, "INC-0001", [a for a in COMPLETE_INCIDENT if a[0] not in ("recorded", "crime_ref", "timely",
                                                                                   "classified_ok")] + NOT_RECORDED, 2)
    give(store, PEER, "INC-0002", COMPLETE_INCIDENT, 2)
    flag_record(store, AUDITOR, "INC-0003", "Is the burglary a second crime?")
    one = sides(store, "INC-0001")
    determine(store, FCR, "INC-0001", amend(one.form, one.auditor, [(q, i, v) for q, i, v in NOT_RECORDED]), "peer",
              "The log shows no crime record was made.")
    two = sides(store, "INC-0002")
    determine(store, FCR, "INC-0002", two.auditor, "auditor")
    three = sides(store, "INC-0003")
    determine(store, FCR, "INC-0003", amend(three.form, three.auditor, removals=[("crimes", 2)]), "fcr",
              "One crime: the Finished Incident Rule.")
    yield store
    store.close()


def test_the_determinations_table_counts_records_overturns_verdicts_and_flags(reviewed):
    d = audit_report(reviewed).determinations
    assert (d.determined, d.overturned, d.verdict_changed, d.flags_closed) == (3, 2, 1, 1)
    assert d.based_on == {"peer": 1, "auditor": 1, "fcr": 1}
    by_question = {q.question: (q.overturned.x, q.overturned.n) for q in d.by_question}
    # recorded: answered by both in all three determined records, overturned in INC-0001; a crime removed in INC-0003
    assert by_question == {"recorded": (1, 3), "(instances)": (1, 3)}


def test_free_text_the_fcr_rewords_is_not_an_overturn(reviewed):
    four = sides(reviewed, "INC-0004")
    determine(reviewed, FCR, "INC-0004", amend(four.form, four.auditor, [("crime_ref", 1, "24/999999/24")]), "fcr",
              "The right reference.")
    d = audit_report(reviewed).determinations
    assert (d.determined, d.overturned) == (4, 2)


def test_the_determinations_and_agreement_sections_are_laid_out(reviewed):
    layout = audit_report(reviewed).layout
    keys = [s.key for s in layout.sections]
    assert keys.index("breakdowns") < keys.index("fcr") < keys.index("agreement") < keys.index("exclusions")
    records = next(t for t in layout.tables() if t.key == "fcr.records")
    assert [c.text() for c in records.rows[0].cells] == ["Incident record (crime-recording accuracy)", "3",
                                                         "2 of 3 (66.7%)", "1"]
    assert "1 record flagged for the FCR was closed by the determination." in records.notes
    agreement = next(t for t in layout.tables() if t.key == "agreement.questions")
    overall = next(r for r in agreement.rows if r.cells[0].text() == "All questions")
    data = agreement_data(reviewed)
    assert overall.cells[1].value.x == data["overall"]["agreed"] and overall.cells[1].value.n == data["overall"]["pairs"]
    disagreements = next(t for t in layout.tables() if t.key == "agreement.disagreements")
    assert ["INC-0001", "Was this crime recorded? (crime 1)", "Yes", "No"] in [[c.text() for c in r.cells]
                                                                            for r in disagreements.rows]


def test_no_determination_and_no_peer_answers_no_sections(audit, tmp_path):
    import_sample(audit, AUDITOR, write_sample(tmp_path, 1))
    give(audit, AUDITOR, "INC-0001", COMPLETE_INCIDENT)
    report = audit_report(audit)
    assert report.layout.section("fcr") is None and report.layout.section("agreement") is None
    assert report.determinations.determined == 0


@pytest.fixture
def exported(reviewed, tmp_path):
    data = gather(reviewed, AUDITOR)
    write_xlsx(data, tmp_path / "f.xlsx")
    write_pdf(data, tmp_path / "f.pdf")
    return data, openpyxl.load_workbook(tmp_path / "f.xlsx"), tmp_path


def test_both_exports_show_the_determinations_and_the_agreement(exported):
    _data, wb, folder = exported
    cells = " ".join(str(c.value) for row in wb["Findings"].iter_rows() for c in row if c.value is not None)
    pdf = " ".join(subprocess.run(["pdftotext", "-raw", str(folder / "f.pdf"), "-"], capture_output=True, text=True,
                                  check=True).stdout.split())
    for text in (cells, pdf):
        for title in ("FCR determinations", "Records the FCR determined",
                      "Questions on which the FCR overturned the audit team", "Agreement with the peer reviewers",
                      "Agreement between the audit team and the peer reviewers", "Disagreements"):
            assert title in text, title


def rows_of(ws) -> list[dict]:
    header = [c.value for c in ws[1]]
    return [dict(zip(header, (c.value for c in row))) for row in ws.iter_rows(min_row=2)]


def test_the_decisions_sheet_sets_the_team_the_peer_and_the_final_side_by_side(exported):
    _data, wb, _folder = exported
    rows = rows_of(wb["Decisions"])
    assert {r["Record"] for r in rows} == {"INC-0001", "INC-0002", "INC-0003"}  # INC-0004: neither reviewed nor decided
    recorded = next(r for r in rows if r["Record"] == "INC-0001" and r["Question"] == "Was this crime recorded?")
    assert (recorded["Audit team"], recorded["Peer"], recorded["Final"]) == ("Yes", "No", "No")
    assert recorded["Differences"] == "peer differs; FCR overturned"
    first = next(r for r in rows if r["Record"] == "INC-0001")
    assert first["Final answers by"].startswith("F. Registrar (FCR), 20") and first["Started from"] == "the peer's answers"
    assert first["Reason"] == "The log shows no crime record was made."
    removed = [r for r in rows if r["Record"] == "INC-0003" and r["Crime"] == 2]
    assert removed and all(r["Final"] is None and r["Differences"] == "FCR left out" for r in removed)
    assert wb["Decisions"].print_title_rows == "$1:$1" and wb["Decisions"].page_setup.orientation == "landscape"


def test_the_answers_sheet_reloads_into_the_same_findings_and_agreement(reviewed, exported, tmp_path):
    _data, wb, folder = exported
    roles = {(r["role"], r["round"]) for r in rows_of(wb["Answers"])}
    assert roles == {("auditor", 1), ("peer", 2), ("fcr", 1)}
    again = make_audit(tmp_path, "again")
    try:
        import_sample(again, AUDITOR, write_sample(tmp_path, 4, name="again.csv"))
        load_answers(again, AUDITOR, folder / "f.xlsx", sheet="Answers")
        load_answers(again, PEER, folder / "f.xlsx", review_round=2, sheet="Answers")
        load_determinations(again, FCR, folder / "f.xlsx", reason="Reloaded", sheet="Answers")
        assert audit_findings(again).to_dict() == audit_findings(reviewed).to_dict()
        assert agreement_data(again) == agreement_data(reviewed)
        assert set(again.determinations()) == set(reviewed.determinations())
    finally:
        again.close()


def test_the_answers_command_reads_the_rows_of_its_role_and_says_what_it_left(exported, tmp_path, capsys):
    _data, _wb, folder = exported
    target = tmp_path / "cli.cdiaudit"
    assert main(["new", str(target), "--title", "Reload"]) == 0
    assert main(["import", str(target), str(write_sample(tmp_path, 4, name="cli.csv"))]) == 0
    capsys.readouterr()
    assert main(["answers", str(target), str(folder / "f.xlsx"), "--sheet", "Answers", "--as", "A. Auditor"]) == 0
    assert "left for their own load" in capsys.readouterr().out
    assert main(["answers", str(target), str(folder / "f.xlsx"), "--sheet", "Answers", "--as", "P. Peer",
                 "--role", "peer"]) == 0  # round 2 without saying so
    from workbench.ops.findings import open_reader

    with open_reader(target) as store:
        assert {a.review_round for a in store.answers("peer", 2)} == {2}


def test_a_row_of_an_unknown_role_is_a_problem_not_a_row_skipped(audit, tmp_path):
    import_sample(audit, AUDITOR, write_sample(tmp_path, 1))
    bad = write_csv(tmp_path / "roles.csv", [["record", "question", "instance", "answer", "note", "role", "round"],
                                             ["INC-0001", "auditable", "", "yes", "", "auditer", "1"]])
    with pytest.raises(InputRejected) as excinfo:
        load_answers(audit, AUDITOR, bad)
    assert "the role 'auditer' is not one of" in str(excinfo.value.problems[0])
