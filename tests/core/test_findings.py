"""The findings engine on small hand-built records: counting rules, denominators,
exclusions and the narrative's wording."""

from __future__ import annotations

import json
import re

import pytest

from workbench.core.audit import AuditSettings
from workbench.core.checklist import COMPLETE, IN_PROGRESS, NOT_STARTED
from workbench.core.findings import AuditedRecord, Count, compute_findings
from workbench.core.narrative import narrative
from workbench.core.statistics import NORMAL, WILSON
from workbench.ops.forms import builtin_forms

SETTINGS = AuditSettings(title="Test", time_limit_hours=24)
#: The built-in checklists: the words of the out-of-court disposals are in them.
CHECKLISTS = builtin_forms()
_keys = iter(range(1, 1_000_000))


def record(form: str, progress: str = COMPLETE, crimes: tuple[dict, ...] = (), **answers: str) -> AuditedRecord:
    """A record with top-level ``answers`` and one repeat instance per crime dict."""
    given = {(q, None): v for q, v in answers.items()}
    for instance, crime in enumerate(crimes, start=1):
        given.update({(q, instance): v for q, v in crime.items()})
    return AuditedRecord(f"R-{next(_keys):05d}", form, given, progress)


def crime(group: str = "theft", recorded: str = "yes", timely: str = "yes", classified: str = "yes") -> dict:
    """A crime's effective answers: timeliness and classification only when recorded."""
    if recorded == "no":
        return {"offence_group": group, "recorded": "no", "not_recorded_reason": "not_recorded"}
    return {"offence_group": group, "recorded": "yes", "timely": timely, "classified_ok": classified}


def incident(*crimes: dict, form: str = "incident") -> AuditedRecord:
    return record(form, crimes=crimes, auditable="yes", discloses_crime="yes" if crimes else "no")


def findings(records, recorded_crime=None, **kwargs):
    return compute_findings(records, recorded_crime=recorded_crime, checklists=CHECKLISTS, **kwargs)


def paragraphs(records, recorded_crime=None, settings=SETTINGS) -> list[str]:
    return narrative(compute_findings(records, settings.time_limit_hours, recorded_crime, checklists=CHECKLISTS), settings)


# -- incident records and referrals ------------------------------------------------------


def test_crimes_are_counted_per_instance_not_per_record():
    f = compute_findings([incident(crime(), crime(recorded="no")), incident(), incident(crime(), crime(), crime())])
    t = f.incidents
    assert (t.reviewed, t.crimes_identified, t.recorded) == (3, 5, Count(4, 5))


def test_timeliness_and_classification_are_of_the_crimes_recorded():
    f = compute_findings([incident(crime(timely="no"), crime(classified="no"), crime(recorded="no"))])
    t = f.incidents
    assert (t.timely, t.classified, t.wrongly_classified) == (Count(1, 2), Count(1, 2), 1)


def test_unable_to_determine_timeliness_is_left_out_and_counted():
    f = compute_findings([incident(crime(timely="unable"), crime(), crime(timely="no"))])
    assert (f.incidents.timely, f.incidents.timely_unable) == (Count(1, 2), 1)
    assert f.exclusions.unable == {"incident": {"timely": 1}}


def test_a_record_that_may_or_may_not_disclose_a_crime_is_reviewed_with_no_crimes():
    f = compute_findings([record("incident", auditable="yes", discloses_crime="unable"), incident(crime())])
    assert (f.incidents.reviewed, f.incidents.undetermined, f.incidents.crimes_identified) == (2, 1, 1)
    assert f.exclusions.unable == {"incident": {"discloses_crime": 1}}


def test_incomplete_and_unauditable_records_are_left_out_and_counted_by_form():
    records = [
        incident(crime()),
        record("incident", IN_PROGRESS, auditable="yes"),
        record("incident", NOT_STARTED),
        record("incident", auditable="no"),
        record("caution", auditable="no"),
        record("referral", IN_PROGRESS, crimes=(crime(),), auditable="yes", discloses_crime="yes"),
    ]
    f = compute_findings(records)
    assert (f.incidents.reviewed, f.referrals.reviewed, f.disposals) == (1, 0, ())
    assert f.exclusions.incomplete == {"incident": 2, "referral": 1}
    assert f.exclusions.not_auditable == {"caution": 1, "incident": 1}


def test_referrals_are_their_own_table():
    f = compute_findings([incident(crime()), incident(crime(recorded="no"), form="referral")])
    assert (f.incidents.recorded, f.referrals.recorded) == (Count(1, 1), Count(0, 1))
    assert f.referrals.title == "Crime reports held on other systems"


# -- recording rates -------------------------------------------------------------------------


def test_recording_rate_categories_group_the_offences():
    records = [
        incident(crime("violence_with_injury"), crime("violence_without_injury", recorded="no"),
                 crime("stalking_harassment"), crime("homicide")),
        incident(crime("rape"), crime("rape", recorded="no"), crime("other_sexual")),
        incident(crime("theft"), crime("robbery", recorded="no"), crime("other")),
    ]
    rates = compute_findings(records).rates("incident")
    counts = {r.category: (r.recorded.x, r.recorded.n) for r in rates.rows}
    assert counts == {"all": (7, 10), "violence": (3, 4), "sexual": (2, 3), "rape": (1, 2), "other": (2, 3)}
    assert [r.label for r in rates.rows] == [
        "All crime", "Violence against the person", "Sexual offences", "of which rape", "Other crime"]


def test_each_source_has_its_own_rate_table_and_none_adds_them_together():
    f = compute_findings([incident(crime()), incident(crime(recorded="no"), crime(), form="referral")])
    assert [r.source for r in f.recording_rates] == ["incident", "referral"]
    assert [r.row("all").recorded for r in f.recording_rates] == [Count(1, 1), Count(1, 2)]


def test_the_interval_is_normal_for_large_counts_wilson_for_small_and_absent_for_none():
    large = [incident(crime()) for _ in range(100)] + [incident(crime(recorded="no")) for _ in range(15)]
    small = [incident(crime()) for _ in range(19)] + [incident(crime(recorded="no"))]
    assert compute_findings(large).rates("incident").row("all").interval.method == NORMAL
    row = compute_findings(small).rates("incident").row("all")
    assert row.interval.method == WILSON
    assert row.to_dict()["interval"] == {"method": WILSON, "half_width": None, "low": 76.4, "high": 99.1}
    empty = compute_findings([incident()]).rates("incident").row("rape")
    assert (empty.interval, empty.to_dict()["rate"]) == (None, None)


def test_timeliness_table_has_each_source_then_all():
    f = compute_findings([incident(crime(timely="unable")), incident(crime(classified="no"), form="referral")])
    rows = {t.source: (t.recorded, t.timely, t.timely_unable, t.classified) for t in f.timeliness}
    assert [t.source for t in f.timeliness] == ["incident", "referral", "all"]  # the total last, in every output
    assert rows["all"] == (2, Count(1, 1), 1, Count(1, 2))


def test_the_unrecorded_estimate_needs_recorded_crime_and_uses_the_overall_rate():
    records = [incident(crime()) for _ in range(100)] + [incident(crime(recorded="no")) for _ in range(15)]
    assert compute_findings(records).unrecorded is None
    e = compute_findings(records, recorded_crime=60000).unrecorded.estimate
    # U = 60000 * 15/100 = 9000; the range from 86.96% +/- 6.16 points (see test_statistics)
    assert (e.estimate, e.low, e.high) == (9000, 4439, 14256)
    # as HMICFRS writes it, to the nearest hundred
    assert (e.rounded, e.rounded_low, e.rounded_high) == (9000, 4400, 14300)
    assert compute_findings([], recorded_crime=60000).unrecorded is None


# -- no-crimes, N100 and out-of-court disposals -------------------------------------------


def cancelled(category: str, correct: str = "yes", inform: str | None = None, authorised: str = "yes") -> AuditedRecord:
    answers = {"auditable": "yes", "category": category, "cancellation_code": "C2", "decision_correct": correct,
               "authorised_correctly": authorised, "victim_to_inform": "no" if inform is None else "yes"}
    if inform is not None:
        answers["victim_informed"] = inform
    return record("cancelled_crime", **answers)


def test_no_crimes_overall_and_by_category_with_every_standard_category_shown():
    f = compute_findings([cancelled("robbery"), cancelled("robbery", "no"), cancelled("rape"), cancelled("hate", "no")])
    c = f.cancelled
    assert (c.overall.reviewed, c.overall.correct) == (4, Count(2, 4))
    assert [r.category for r in c.by_category] == ["rape", "other_sexual", "violence", "robbery", "other", "hate"]
    assert c.category("robbery").correct == Count(1, 2)
    assert c.category("violence").correct == Count(0, 0)
    assert c.category("hate").label == "Hate"


def test_victims_are_counted_out_of_those_who_should_have_been_told():
    f = compute_findings([cancelled("rape", inform="yes"), cancelled("rape", inform="no"), cancelled("rape")])
    assert f.cancelled.overall.victims_informed == Count(1, 2)


def test_authorisation_unable_to_determine_is_left_out():
    f = compute_findings([cancelled("violence", authorised="unable"), cancelled("violence", authorised="no")])
    assert (f.cancelled.overall.authorised, f.cancelled.overall.authorised_unable) == (Count(0, 1), 1)


def test_n100_counts():
    records = [
        record("n100", auditable="yes", n100_correct="yes"),
        record("n100", auditable="yes", n100_correct="no", rape_recorded="yes", timely="yes"),
        record("n100", auditable="yes", n100_correct="no", rape_recorded="no"),
    ]
    n = compute_findings(records).n100
    assert (n.reviewed, n.correct, n.rapes_recorded, n.timely) == (3, Count(1, 3), Count(1, 2), Count(1, 1))


def test_a_disposal_question_counts_only_the_records_it_applied_to():
    records = [
        record("pnd", auditable="yes", history_suitable="yes", offender_informed="no", victim_present="yes",
               victim_views="yes", retail_theft="yes", value_under_limit="no"),
        record("pnd", auditable="yes", history_suitable="no", offender_informed="no", victim_present="no",
               retail_theft="no"),
    ]
    d = findings(records).disposal("pnd")
    assert d.sampled == 2
    assert d.question("victim_views").count == Count(1, 1)
    assert d.question("value_under_limit").count == Count(0, 1)
    assert d.question("history_suitable").count == Count(1, 2)
    assert d.question("victim_views").applies_to == "cases where there was a victim to consult"


def test_every_disposal_checklist_in_the_sample_has_a_table_in_sample_order():
    f = findings([record("pnd", auditable="yes", history_suitable="yes"), record("caution", auditable="yes"),
                  record("pnd", auditable="yes", history_suitable="no")])
    assert [(d.form_id, d.title, d.sampled) for d in f.disposals] == [
        ("pnd", "Penalty Notices for Disorder", 2), ("caution", "Cautions", 1)]
    assert f.disposal("pnd").question("history_suitable").count == Count(1, 2)


# -- the data model ----------------------------------------------------------------------


def test_a_count_carries_its_percentage_computed_in_one_place():
    assert Count(100, 115).to_dict() == {"x": 100, "n": 115, "percent": 87.0}
    assert Count(0, 0).percent is None


def test_to_dict_mirrors_the_fields_and_is_json():
    f = findings([incident(crime()), cancelled("rape"), record("caution", auditable="yes")], recorded_crime=1000)
    data = json.loads(json.dumps(f.to_dict()))
    assert list(data) == ["time_limit_hours", "incidents", "referrals", "overall", "recording_rates", "timeliness",
                          "cancelled", "n100", "disposals", "other_checklists", "unrecorded", "exclusions",
                          "populations", "breakdowns", "sampled"]
    assert data["incidents"]["recorded"] == {"x": 1, "n": 1, "percent": 100.0}
    assert data["incidents"]["crimes_identified"] == 1
    assert data["cancelled"]["overall"]["reviewed"] == 1
    assert data["recording_rates"][0]["rows"][0]["should_have_been_recorded"] == 1
    assert data["overall"]["method"] == "single_source" and data["overall"]["source"] == "incident"
    assert data["disposals"][0]["questions"][0]["count"] == {"x": 0, "n": 0, "percent": None}
    assert data["unrecorded"]["rounded"] == 0


# -- the narrative -------------------------------------------------------------------------


def test_nothing_audited_says_nothing():
    assert paragraphs([]) == []


def test_the_incident_paragraph_in_the_inspections_words():
    records = [incident(crime(), crime(classified="no"), crime(recorded="no")), incident()]
    text = paragraphs(records)[0]
    assert text == (
        "We examined 2 incident records and found that 3 crimes should have been recorded. "
        "Of the 3 crimes that should have been recorded, 2 were. "
        "Of the 2, both were recorded within the 24-hour limit, but 1 was wrongly classified."
    )


def test_the_time_limit_comes_from_the_settings():
    text = paragraphs([incident(crime(), crime())], settings=AuditSettings(title="T", time_limit_hours=72))[0]
    assert text.endswith("Of the 2, both were recorded within the 72-hour limit and correctly classified.")


@pytest.mark.parametrize(
    ("crimes", "expected"),
    [
        ((), "We examined 1 incident record and found that no crime should have been recorded."),
        ((crime(recorded="no"),), "found that 1 crime should have been recorded. It was not recorded."),
        ((crime(),), "1 crime should have been recorded. It was recorded within the 24-hour limit and correctly classified."),
        ((crime(classified="no"),), "It was recorded within the 24-hour limit but wrongly classified."),
        ((crime(timely="no"),), "It was recorded outside the 24-hour limit but correctly classified."),
        ((crime(timely="unable"),), "It was recorded and correctly classified; we could not determine whether it was "
                                    "recorded within the 24-hour limit."),
        ((crime(recorded="no"), crime(recorded="no")), "Of the 2 crimes that should have been recorded, neither was."),
        ((crime(), crime()), "Of the 2 crimes that should have been recorded, both were."),
        ((crime(), crime(), crime()), "Of the 3 crimes that should have been recorded, all were."),
        ((crime(), crime(recorded="no")), "Of the 2 crimes that should have been recorded, 1 was. It was recorded"),
        ((crime(timely="no"), crime(timely="no")), "Of the 2, neither was recorded within the 24-hour limit, but both "
                                                   "were correctly classified."),
        ((crime(timely="no"), crime(classified="no")), "Of the 2, 1 was recorded within the 24-hour limit and 1 was "
                                                       "wrongly classified."),
        ((crime(timely="unable"), crime(), crime()), "Of the 3, 2 were recorded within the 24-hour limit and all were "
                                                     "correctly classified. For 1 of them we could not determine "
                                                     "whether it was recorded within the 24-hour limit."),
    ],
)
def test_recording_sentences_handle_one_all_none_and_unable(crimes, expected):
    text = paragraphs([incident(*crimes)])[0]
    assert expected in text


def test_undetermined_records_are_said_so():
    records = [record("incident", auditable="yes", discloses_crime="unable"), incident(crime())]
    assert paragraphs(records)[0].startswith(
        "We examined 2 incident records; for 1 of them we could not determine whether a crime should have been "
        "recorded, and from the other 1 we found that 1 crime should have been recorded.")
    only = paragraphs([record("incident", auditable="yes", discloses_crime="unable")])[0]
    assert only.startswith("We examined 1 incident record but could not determine whether it disclosed a crime")


def test_the_no_crime_paragraph_names_categories_only_when_there_are_several():
    robbery = [cancelled("robbery") for _ in range(17)] + [cancelled("robbery", "no") for _ in range(6)]
    rape = [cancelled("rape") for _ in range(3)]
    (text,) = paragraphs(robbery + rape)
    assert text.startswith("We examined 26 no-crime (cancelled crime) decisions and found that 20 were correct.")
    assert "Our examination of 23 robbery cases found 17 correct decisions." in text
    assert "Our examination of 3 rape cases found that all 3 decisions were correct." in text
    (single,) = paragraphs([cancelled("robbery", inform="yes")])
    assert single == ("We examined 1 no-crime (cancelled crime) decision and found that it was correct. "
                      "The one victim who should have been told of the decision was told. "
                      "The one decision was authorised at the right level.")


def test_a_disposal_paragraph_in_the_inspections_words():
    cautions = [record("caution", auditable="yes", history_suitable="yes" if i < 23 else "no",
                       offender_informed="yes" if i < 22 else "no", victim_present="yes" if i < 18 else "no",
                       admitted="yes", **({"victim_views": "yes" if i < 14 else "no"} if i < 18 else {}))
                for i in range(25)]
    (text,) = paragraphs(cautions)
    assert text == (
        "Out of the 25 cautions we dip-sampled we found that in 23 cases the offender's previous history made them "
        "suitable to receive a caution. In 22 cases we found evidence that the offender was made aware of the nature "
        "and future implications of accepting the caution. Out of the 18 cases where there was a victim to consult, "
        "14 cases showed that the victim's views had been considered. In all 25 cases we found evidence that the "
        "offender had made a clear admission of the offence."
    )


def test_a_disposal_paragraph_with_none_and_one():
    warnings = [record("cannabis_warning", auditable="yes", history_suitable="no", offender_informed="no", adult="yes")
                for _ in range(2)]
    assert paragraphs(warnings)[0].startswith(
        "We dip-sampled 2 cannabis warnings. In neither of the 2 cases could we find evidence that the offender was "
        "suitable to receive a warning.")
    one = [record("community_resolution", auditable="yes", history_suitable="yes", victim_present="yes",
                  victim_views="no", outcome_appropriate="yes", admitted="yes")]
    text = paragraphs(one)[0]
    assert text.startswith("We dip-sampled 1 community resolution. In the one case we found evidence that")
    assert "In the one case where there was a victim to consult we found no evidence that" in text


def test_the_overall_rate_and_unrecorded_estimate_sentences():
    records = [incident(crime()) for _ in range(100)] + [incident(crime(recorded="no")) for _ in range(15)]
    text = paragraphs(records, recorded_crime=60000)[1]
    assert text == (
        "Overall, of the 115 crimes that should have been recorded in the incident records we examined, 100 were "
        "recorded: a recording rate of 87.0% (with a confidence interval of +/- 6.16%). Applied to the force's "
        "60,000 recorded crimes over 12 months, this rate suggests that an additional 9,000 crimes a year should "
        "have been recorded (between 4,400 and 14,300)."
    )
    small = [incident(crime()) for _ in range(19)] + [incident(crime(recorded="no"))]
    assert "(with a 95% confidence interval of 76.4% to 99.1%)" in paragraphs(small)[1]


def test_the_exclusions_paragraph():
    records = [record("incident", auditable="no"), record("pnd", IN_PROGRESS, auditable="yes"),
               incident(crime(timely="unable"))]
    assert paragraphs(records)[-1] == (
        "These figures leave out 1 record that could not be audited and 1 record whose checklist was not complete. "
        "They also leave out 1 answer of 'unable to determine', which is counted separately."
    )


def test_only_unable_answers_left_out_is_said_without_also():
    (text,) = [p for p in paragraphs([incident(crime(timely="unable"))]) if p.startswith("These")]
    assert text == "These figures leave out 1 answer of 'unable to determine', which is counted separately."


def test_two_decisions_whose_authorisation_is_unknown():
    text = paragraphs([cancelled("rape", authorised="unable"), cancelled("rape", authorised="unable")])[0]
    assert "For 2 decisions we could not determine who authorised them." in text


SMALL_CASES = [
    [incident(crime(recorded="no"))],
    [incident(crime(timely="unable"))],
    [incident(crime(timely="unable"), crime(timely="unable"))],
    [incident(crime(), crime(recorded="no"), crime(recorded="no"))],
    [cancelled("violence", "no", inform="no", authorised="unable")],
    [cancelled("violence", inform="no"), cancelled("rape", "no", inform="yes")],
    [record("n100", auditable="yes", n100_correct="no", rape_recorded="yes", timely="unable")],
    [record("pnd", auditable="yes", history_suitable="yes", offender_informed="yes", victim_present="no",
            retail_theft="yes", value_under_limit="yes")],
    [record("caution", auditable="no"), record("caution", IN_PROGRESS, auditable="yes")],
]


@pytest.mark.parametrize("records", SMALL_CASES)
def test_no_sentence_says_0_of_0_or_1_with_a_plural(records):
    for text in paragraphs(records):
        assert not re.search(r"\b0 of (the )?0\b|\bof the 0\b|\b0 cases\b", text), text
        assert not re.search(r"(?<![\d,.])1 (crimes|cases|records|decisions|victims|were|answers)\b", text), text
        assert "  " not in text and " ," not in text and ".." not in text, text
