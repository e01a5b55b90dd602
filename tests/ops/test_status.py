"""Status: records by checklist and progress; answers kept on hidden branches."""

from __future__ import annotations

from workbench.ops.answering import answer
from workbench.ops.importing import import_sample
from workbench.ops.status import audit_status

from tests.factories import AUDITOR, write_sample


def test_a_new_sample_is_not_started(audit, tmp_path):
    import_sample(audit, AUDITOR, write_sample(tmp_path, 2))
    assert audit_status(audit).totals() == {"not_started": 2, "in_progress": 0, "complete": 0}


def test_a_partly_answered_record_is_in_progress(audit, tmp_path):
    import_sample(audit, AUDITOR, write_sample(tmp_path, 1))
    answer(audit, AUDITOR, "INC-0001", "auditable", "yes")
    assert audit_status(audit).totals()["in_progress"] == 1


def test_a_record_that_cannot_be_audited_is_complete_with_one_answer(audit, tmp_path):
    import_sample(audit, AUDITOR, write_sample(tmp_path, 1))
    answer(audit, AUDITOR, "INC-0001", "auditable", "no")
    assert audit_status(audit).totals()["complete"] == 1


def test_answers_on_a_branch_that_became_hidden_are_kept_and_reported(audit, tmp_path):
    import_sample(audit, AUDITOR, write_sample(tmp_path, 1))
    answer(audit, AUDITOR, "INC-0001", "auditable", "yes")
    answer(audit, AUDITOR, "INC-0001", "discloses_crime", "yes")
    answer(audit, AUDITOR, "INC-0001", "offence_group", "theft", instance=1)
    answer(audit, AUDITOR, "INC-0001", "discloses_crime", "no")
    status = audit_status(audit)
    assert status.hidden_answers == {"INC-0001": 1}
    assert status.totals()["complete"] == 1
