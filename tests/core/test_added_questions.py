"""Every question the checklists gained against the Counting Rules (issue 12) has its table or sentence
in the findings when it is answered, and none when it is not (answers given under the earlier versions)."""

from __future__ import annotations

from workbench.core.audit import AuditSettings
from workbench.core.findings import Count, compute_findings
from workbench.core.narrative import narrative

from tests.core.test_breakdowns import CHECKLISTS, breakdown, crime, incident, record


def cancelled(category="robbery", code="C2", correct="yes", **extra):
    return record("cancelled_crime", auditable="yes", category=category, cancellation_code=code,
                  decision_correct=correct, authorised_correctly="yes", victim_to_inform="no", **extra)


def test_avi_for_c2_no_crimes_by_category():
    records = [cancelled(avi_present="no", correct="no", should_have_been="remain_recorded"),
               cancelled(avi_present="yes"), cancelled(avi_present="unable"),
               cancelled(category="violence", avi_present="yes"), cancelled(code="C3")]
    rows = breakdown(records, "breakdowns.avi")
    assert rows == {"Robbery": (3, Count(1, 2)), "Violence against the person": (1, Count(1, 1))}


def test_the_decision_makers_rationale_by_category():
    rows = breakdown([cancelled(rationale_recorded="yes"), cancelled(rationale_recorded="no"),
                      cancelled(category="rape", rationale_recorded="yes")], "breakdowns.rationale_recorded")
    assert rows == {"Rape": (1, Count(1, 1)), "Robbery": (2, Count(1, 2))}


def test_a_no_crime_that_should_have_been_reclassified_is_named():
    rows = breakdown([cancelled(correct="no", should_have_been="reclassify")], "breakdowns.should_have_been")
    assert rows == {"Reclassified to another offence, not cancelled": (1, None)}


def test_a_crime_recorded_only_after_the_audit_raised_it_is_a_reason_not_recorded():
    rows = breakdown([incident(crime(recorded="no", reason="recorded_after_audit"))], "breakdowns.not_recorded")
    assert rows == {"Recorded only after the audit raised it": (1, None)}


def test_n100_reports_where_another_sexual_offence_should_have_been_recorded():
    def n100(**answers):
        return record("n100", auditable="yes", n100_correct="yes", **answers)

    rows = breakdown([n100(other_sexual_offence="yes", other_sexual_recorded="no"),
                      n100(other_sexual_offence="yes", other_sexual_recorded="yes"), n100(other_sexual_offence="no")],
                     "breakdowns.n100_other")
    assert rows == {"Another sexual offence should have been recorded": (2, Count(1, 2)),
                    "No other sexual offence disclosed": (1, None)}


def caution(**extra):
    return record("caution", auditable="yes", history_suitable="yes", offender_informed="yes", victim_present="no",
                  admitted="yes", **extra)


def test_the_disposals_new_questions_are_counted_and_said_when_answered():
    records = [caution(authorised_rank="yes", offence_suitable="yes"), caution(authorised_rank="no",
                                                                               offence_suitable="yes")]
    f = compute_findings(records, checklists=CHECKLISTS)
    cautions = f.disposal("caution")
    assert cautions.question("authorised_rank").count == Count(1, 2)
    assert cautions.question("offence_suitable").count == Count(2, 2)
    text = " ".join(narrative(f, AuditSettings(title="t")))
    assert "the caution was authorised at the right rank, or by the Crown Prosecution Service where required" in text
    assert "the offence was one for which a caution is suitable" in text


def test_unanswered_new_questions_are_left_out_as_they_were_before():
    f = compute_findings([caution()], checklists=CHECKLISTS)
    assert [q.question for q in f.disposal("caution").questions] == [
        "history_suitable", "offender_informed", "victim_present", "victim_views", "admitted"]
    assert not any(b.key in ("breakdowns.avi", "breakdowns.rationale_recorded", "breakdowns.n100_other")
                   for b in compute_findings([cancelled()], checklists=CHECKLISTS).breakdowns)
