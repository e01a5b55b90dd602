"""The FCR's determinations: complete records, final for the findings, with a reason to overrule."""

from __future__ import annotations

import pytest

from workbench.core.audit import Actor, Role
from workbench.core.errors import InputRejected, WorkbenchError
from workbench.ops.adjudication import (
    DeterminationIncomplete, NotTheFCR, amend, determine, load_determinations, overturned, sides,
)
from workbench.ops.answering import load_answers
from workbench.ops.findings import audit_findings
from workbench.ops.flags import flag_record
from workbench.ops.importing import import_sample
from workbench.store.verify import verify

from tests.factories import AUDITOR, COMPLETE_INCIDENT, answer_rows, write_answers, write_sample

FCR = Actor("F. Registrar", Role.FCR, "Test Constabulary")
SECOND_CRIME = [("offence_group", 2, "criminal_damage_arson"), ("recorded", 2, "yes"), ("crime_ref", 2, "24/000002/24"),
                ("timely", 2, "yes"), ("classified_ok", 2, "yes")]


@pytest.fixture
def answered(audit, tmp_path):
    """INC-0001 answered by the team: two crimes, both recorded in time and rightly classified."""
    import_sample(audit, AUDITOR, write_sample(tmp_path, 2))
    load_answers(audit, AUDITOR, write_answers(tmp_path / "a.csv", answer_rows("INC-0001", COMPLETE_INCIDENT + SECOND_CRIME)))
    return audit


def incidents(store):
    t = audit_findings(store).incidents
    return t.crimes_identified, t.recorded.x


def not_recorded(base):
    return [("recorded", 1, "no"), ("not_recorded_reason", 1, "not_recorded"), ("rationale", None, "No crime record made.")]


def test_only_the_fcr_determines_a_record(answered):
    now = sides(answered, "INC-0001")
    with pytest.raises(NotTheFCR, match="Only the Force Crime Registrar"):
        determine(answered, AUDITOR, "INC-0001", now.auditor, "auditor")


def test_a_determination_that_is_not_a_complete_record_is_refused_naming_what_is_missing(answered):
    now = sides(answered, "INC-0001")
    answers = amend(now.form, now.auditor, [("recorded", 1, "no")])
    with pytest.raises(DeterminationIncomplete) as excinfo:
        determine(answered, FCR, "INC-0001", answers, "fcr", "Not recorded")
    assert "not_recorded_reason #1" in str(excinfo.value) and "rationale" in str(excinfo.value)
    assert answered.determinations() == {} and list(answered.answers("fcr")) == []


def test_a_determination_is_final_for_the_findings_and_keeps_the_record_counted(answered):
    assert incidents(answered) == (2, 2)
    now = sides(answered, "INC-0001")
    determine(answered, FCR, "INC-0001", amend(now.form, now.auditor, not_recorded(now)), "fcr", "Never recorded")
    assert incidents(answered) == (2, 1)
    assert verify(answered).ok


def test_overruling_the_team_needs_a_reason_and_confirming_it_does_not(answered):
    now = sides(answered, "INC-0001")
    with pytest.raises(WorkbenchError, match="give the reason"):
        determine(answered, FCR, "INC-0001", amend(now.form, now.auditor, not_recorded(now)), "fcr")
    assert determine(answered, FCR, "INC-0001", now.auditor, "auditor")
    assert overturned(sides(answered, "INC-0001")) == []


def test_the_fcr_can_remove_a_crime_the_team_counted(answered):
    now = sides(answered, "INC-0001")
    determine(answered, FCR, "INC-0001", amend(now.form, now.auditor, removals=[("crimes", 1)]), "fcr",
              "One victim, one crime: the damage is part of the theft")
    assert incidents(answered) == (1, 1)
    after = sides(answered, "INC-0001")
    assert after.fcr[("offence_group", 1)][0] == "criminal_damage_arson"   # the second crime moved up
    assert ("offence_group", 2) in overturned(after)


def test_a_flag_is_closed_with_the_decision(answered):
    flag_record(answered, AUDITOR, "INC-0001", "One crime or two?")
    determine(answered, FCR, "INC-0001", sides(answered, "INC-0001").auditor, "auditor")
    assert answered.flags() == {}
    assert [e.action for e in answered.events()][-2:] == ["record.determine", "record.unflag"]


def test_determining_the_same_again_changes_nothing(answered):
    now = sides(answered, "INC-0001")
    assert determine(answered, FCR, "INC-0001", now.auditor, "auditor")
    events = len(list(answered.events()))
    assert not determine(answered, FCR, "INC-0001", now.auditor, "auditor")
    assert len(list(answered.events())) == events


def test_an_fcr_answers_file_amends_the_teams_answers_into_complete_records(answered, tmp_path):
    path = write_answers(tmp_path / "fcr.csv", [["INC-0001", "recorded", "1", "no", ""],
                                                ["INC-0001", "not_recorded_reason", "1", "not_recorded", ""],
                                                ["INC-0001", "crimes", "2", "remove", ""],
                                                ["INC-0001", "rationale", "", "Not recorded.", ""]])
    assert load_determinations(answered, FCR, path, "FCR review") == 1
    assert incidents(answered) == (1, 0)


def test_an_fcr_answers_file_that_leaves_a_record_incomplete_is_rejected_whole(answered, tmp_path):
    path = write_answers(tmp_path / "fcr.csv", [["INC-0001", "recorded", "1", "no", ""]])
    with pytest.raises(InputRejected) as excinfo:
        load_determinations(answered, FCR, path, "FCR review")
    (problem,) = excinfo.value.problems
    assert problem.location.row == 2 and "not_recorded_reason #1" in str(problem)
    assert answered.determinations() == {}


def test_a_blank_fcr_answer_clears_it(answered, tmp_path):
    path = write_answers(tmp_path / "fcr.csv", [["INC-0001", "crime_ref", "2", "", ""]])
    load_determinations(answered, FCR, path, "The crime reference belongs to another incident")
    assert ("crime_ref", 2) not in sides(answered, "INC-0001").fcr


def test_the_fcr_answers_are_never_loaded_as_plain_answers(answered, tmp_path):
    with pytest.raises(WorkbenchError, match="determinations"):
        load_answers(answered, FCR, write_answers(tmp_path / "fcr.csv", [["INC-0001", "recorded", "1", "no", ""]]))


def test_verify_catches_an_fcr_answer_changed_without_a_new_determination(answered, tmp_path):
    import subprocess

    now = sides(answered, "INC-0001")
    determine(answered, FCR, "INC-0001", amend(now.form, now.auditor, not_recorded(now)), "fcr", "Never recorded")
    path = answered.path
    answered.close()
    subprocess.run(["sqlite3", str(path), "UPDATE determinations SET reason = 'edited';"], check=True)
    from workbench.store.audit_store import AuditStore

    with AuditStore.open(path) as store:
        assert any("determination of INC-0001" in p for p in verify(store).problems)
