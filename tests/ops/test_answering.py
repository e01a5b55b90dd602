"""Answers: one at a time, or a long-format file checked whole before anything is saved."""

from __future__ import annotations

import pytest

from workbench.core.audit import Actor, Role
from workbench.core.errors import InputRejected
from workbench.ops.answering import AnswerRejected, answer, current_answers, load_answers
from workbench.ops.importing import import_sample
from workbench.ops.status import audit_status

from tests.factories import (AUDITOR, answer_rows, make_form, problems_of, question, sample_rows, save_form_file, write_answers,
                             write_csv, write_sample)


def test_an_answer_is_saved_with_its_event(sampled):
    assert answer(sampled, AUDITOR, "INC-0001", "auditable", "yes")
    assert current_answers(sampled, "INC-0001") == {("auditable", None): "yes"}
    event = list(sampled.events())[-1]
    assert (event.action, event.detail["old"], event.detail["new"]) == ("answer.set", None, "yes")


def test_changing_an_answer_logs_old_and_new(sampled):
    answer(sampled, AUDITOR, "INC-0001", "auditable", "yes")
    answer(sampled, AUDITOR, "INC-0001", "auditable", "no")
    event = list(sampled.events())[-1]
    assert (event.operation, event.detail["old"], event.detail["new"]) == ("alteration", "yes", "no")


def test_giving_the_same_answer_again_changes_nothing(sampled):
    answer(sampled, AUDITOR, "INC-0001", "auditable", "yes")
    assert not answer(sampled, AUDITOR, "INC-0001", "auditable", "yes")


def test_free_text_is_never_copied_into_the_log(sampled):
    answer(sampled, AUDITOR, "INC-0001", "rationale", "Victim named in the log was not contacted.")
    event = list(sampled.events())[-1]
    assert "new" not in event.detail and "Victim" not in str(event.detail)


def test_clearing_an_answer_is_an_erasure(sampled):
    answer(sampled, AUDITOR, "INC-0001", "auditable", "yes")
    answer(sampled, AUDITOR, "INC-0001", "auditable", None)
    assert current_answers(sampled, "INC-0001") == {}
    assert list(sampled.events())[-1].operation == "erasure"


def test_an_unknown_choice_is_refused_naming_the_valid_ones(sampled):
    with pytest.raises(AnswerRejected, match="yes"):
        answer(sampled, AUDITOR, "INC-0001", "auditable", "maybe")


def test_answers_are_stamped_with_who_and_role(sampled):
    peer = Actor("Peer Reviewer", Role.PEER, "Other Constabulary")
    answer(sampled, peer, "INC-0001", "auditable", "yes")
    (given,) = sampled.answers("peer", 1, "INC-0001")
    assert (given.answered_by, given.role) == ("Peer Reviewer", "peer")
    assert current_answers(sampled, "INC-0001") == {}  # the auditor's answers are separate


def test_a_complete_answers_file_makes_the_record_complete(sampled, tmp_path):
    result = load_answers(sampled, AUDITOR, write_answers(tmp_path / "a.csv", answer_rows("INC-0001")))
    assert (result.rows, result.changed, result.records) == (7, 7, 1)
    assert audit_status(sampled).by_form["incident"].counts == {"not_started": 2, "in_progress": 0, "complete": 1}


def test_loading_the_same_file_twice_changes_nothing(sampled, tmp_path):
    path = write_answers(tmp_path / "a.csv", answer_rows("INC-0001"))
    load_answers(sampled, AUDITOR, path)
    assert load_answers(sampled, AUDITOR, path).changed == 0


BAD_ROWS = [
    (["INC-9999", "auditable", "", "yes", ""], "row 2, column 'record'", "no record 'INC-9999'"),
    (["INC-0001", "colour", "", "blue", ""], "row 2, column 'question'", "no question 'colour'"),
    (["INC-0001", "auditable", "", "perhaps", ""], "row 2, column 'answer'", "not a possible answer to 'auditable'"),
    (["INC-0001", "recorded", "", "yes", ""], "row 2, column 'instance'", "give the instance"),
    (["INC-0001", "auditable", "1", "yes", ""], "row 2, column 'instance'", "leave the instance blank"),
    (["INC-0001", "recorded", "two", "yes", ""], "row 2, column 'instance'", "not a whole number"),
    (["INC-0001", "recorded", "1e300", "yes", ""], "row 2, column 'instance'", "over the limit of 100"),
    (["INC-0001", "recorded", "101", "yes", ""], "row 2, column 'instance'", "over the limit of 100"),
    (["INC-0001", "recorded", "inf", "yes", ""], "row 2, column 'instance'", "not a whole number"),
    (["INC-0001", "auditable", "", "", ""], "row 2, column 'answer'", "blank"),
]


@pytest.mark.parametrize(("row", "where", "what"), BAD_ROWS, ids=[r[2] for r in BAD_ROWS])
def test_a_wrong_row_rejects_the_whole_file(sampled, tmp_path, row, where, what):
    good = answer_rows("INC-0002")
    path = write_answers(tmp_path / "a.csv", [row, *good])
    with pytest.raises(InputRejected) as excinfo:
        load_answers(sampled, AUDITOR, path)
    (problem,) = problems_of(excinfo)
    assert where in problem and what in problem
    assert current_answers(sampled, "INC-0002") == {}


def test_every_wrong_row_is_listed(sampled, tmp_path):
    path = write_answers(tmp_path / "a.csv", [r for r, _, _ in BAD_ROWS])
    with pytest.raises(InputRejected) as excinfo:
        load_answers(sampled, AUDITOR, path)
    assert len(excinfo.value.problems) == len(BAD_ROWS)


def test_the_same_answer_twice_in_a_file_is_refused(sampled, tmp_path):
    path = write_answers(tmp_path / "a.csv", [["INC-0001", "auditable", "", "yes", ""], ["INC-0001", "auditable", "", "no", ""]])
    with pytest.raises(InputRejected) as excinfo:
        load_answers(sampled, AUDITOR, path)
    assert "already given on row 2" in problems_of(excinfo)[0]


def test_a_file_without_the_answer_columns_says_what_the_header_must_be(sampled, tmp_path):
    path = tmp_path / "a.csv"
    path.write_text("id,q,v\nINC-0001,auditable,yes\n")
    with pytest.raises(InputRejected) as excinfo:
        load_answers(sampled, AUDITOR, path)
    assert "record, question, instance, answer, note" in problems_of(excinfo)[0]


def test_a_failed_constraint_rejects_the_file_with_the_forms_message(audit, tmp_path):
    from workbench.ops.forms import add_form

    form = make_form("victims", question("victims", "integer", "How many victims?", constraint=". >= 1 and . <= 50",
                                         constraint_message="Between 1 and 50 victims."), choices=[])
    add_form(audit, AUDITOR, save_form_file(form, tmp_path / "victims.toml"))
    import_sample(audit, AUDITOR, write_sample(tmp_path, 1, form="victims"))
    path = write_answers(tmp_path / "a.csv", [["INC-0001", "victims", "", "120", ""]])
    with pytest.raises(InputRejected) as excinfo:
        load_answers(audit, AUDITOR, path)
    assert problems_of(excinfo) == ["row 2, column 'answer': Between 1 and 50 victims."]


def test_a_failed_constraint_is_found_beside_records_whose_checklist_has_none(audit, tmp_path):
    from workbench.ops.forms import add_form

    form = make_form("victims", question("victims", "integer", "How many victims?", constraint=". >= 1 and . <= 50",
                                         constraint_message="Between 1 and 50 victims."), choices=[])
    add_form(audit, AUDITOR, save_form_file(form, tmp_path / "victims.toml"))
    import_sample(audit, AUDITOR, write_csv(tmp_path / "s.csv", sample_rows(2) + sample_rows(1, "victims", "VIC")[1:]))
    rows = answer_rows("INC-0001") + answer_rows("INC-0002") + [["VIC-0001", "victims", "", "120", ""]]
    with pytest.raises(InputRejected) as excinfo:
        load_answers(audit, AUDITOR, write_answers(tmp_path / "a.csv", rows))
    assert problems_of(excinfo) == [f"row {len(rows) + 1}, column 'answer': Between 1 and 50 victims."]


def test_a_load_works_out_each_records_outcome_once_when_its_checklist_has_no_constraint(sampled, tmp_path, monkeypatch):
    from workbench.core.evaluations import Evaluations

    worked_out = []
    outcome = Evaluations.outcome
    monkeypatch.setattr(Evaluations, "outcome", lambda self, *args: worked_out.append(1) or outcome(self, *args))
    rows = [row for key in ("INC-0001", "INC-0002", "INC-0003") for row in answer_rows(key)]
    load_answers(sampled, AUDITOR, write_answers(tmp_path / "a.csv", rows))
    assert len(worked_out) == 3
    assert audit_status(sampled).by_form["incident"].counts["complete"] == 3
