"""Issue 12, "Wrong or misleading today": each defect, specified by a test that failed before the fix.

1. No unweighted pooling of record sources: the overall rate is the stratified
   estimate when each source's population is known (checked here against a hand
   computation), otherwise the headline source's rate with a note; the
   unrecorded-crime estimate follows it, rounded to the nearest hundred.
2. The N100 sentence with "unable to determine".
3. A checklist with no findings table of its own does not vanish; a new
   out-of-court disposal checklist is data only.
4. Every denominator says what it counts.
5. "Both" for two; the report's words for PND and cannabis-warning suitability.
"""

from __future__ import annotations

import dataclasses
import math
from fractions import Fraction

import pytest

# Only modules that existed before the fix are imported here, so that each test fails on its own
# on the old code rather than the whole file failing to import.
from workbench.core.audit import AuditSettings, SettingsRejected
from workbench.core.checklist import COMPLETE
from workbench.core.findings import AuditedRecord, Count, compute_findings
from workbench.core.forms import form_from_dict
from workbench.core.narrative import narrative
from workbench.core.statistics import Stratum, stratified_rate
from workbench.ops.forms import builtin_forms

SETTINGS = AuditSettings(title="Test", time_limit_hours=24)
CHECKLISTS = builtin_forms()
_keys = iter(range(1, 1_000_000))


def record(form: str, crimes: tuple[tuple[str, str], ...] = (), **answers: str) -> AuditedRecord:
    given = {(q, None): v for q, v in answers.items()}
    for i, (group, recorded) in enumerate(crimes, start=1):
        given.update({("offence_group", i): group, ("recorded", i): recorded})
        if recorded == "yes":
            given.update({("timely", i): "yes", ("classified_ok", i): "yes"})
    return AuditedRecord(f"R-{next(_keys):05d}", form, given, COMPLETE)


def source(form: str, *crimes: tuple[str, str]) -> AuditedRecord:
    return record(form, crimes, auditable="yes", discloses_crime="yes" if crimes else "no")


Y, N = ("theft", "yes"), ("theft", "no")
#: The hand-computed example: 4 incident records and 3 referrals, as (crimes recorded, crimes) per record.
INCIDENTS = [source("incident", Y), source("incident", Y, N), source("incident"), source("incident", Y)]
REFERRALS = [source("referral", N), source("referral", Y), source("referral")]
POPULATIONS = {"incident": 1000, "referral": 200}


def run(records, populations=None, recorded_crime=None):
    return compute_findings(records, 24, recorded_crime, checklists=CHECKLISTS, populations=populations)


def words(records, **kwargs) -> str:
    return "\n".join(narrative(run(records, **kwargs), SETTINGS))


# -- 1. no unweighted pooling ----------------------------------------------------------------


def test_the_stratified_estimate_and_its_interval_match_a_hand_computation():
    """Cochran's combined ratio estimate over two strata, worked by hand.

    Incident records, N = 1,000, n = 4 records: (recorded, crimes) = (1,1) (1,2) (0,0) (1,1)
    Referrals,        N = 200,   n = 3 records: (0,1) (1,1) (0,0)
    """
    # Estimated crimes in the population: X = 1000 * 4/4 + 200 * 2/3 = 3400/3; recorded: Y = 1000 * 3/4 + 200 * 1/3.
    X = Fraction(1000) * Fraction(4, 4) + Fraction(200) * Fraction(2, 3)
    Y = Fraction(1000) * Fraction(3, 4) + Fraction(200) * Fraction(1, 3)
    R = Y / X
    assert R == Fraction(49, 68)  # 72.06%
    # d = y - R x per record; s2 = sum (d - mean d)^2 / (n - 1) in each stratum.
    d1 = [1 - R, 1 - 2 * R, Fraction(0), 1 - R]
    d2 = [-R, 1 - R, Fraction(0)]
    s1 = sum((d - sum(d1) / 4) ** 2 for d in d1) / 3
    s2 = sum((d - sum(d2) / 3) ** 2 for d in d2) / 2
    assert (s1, s2) == (Fraction(1606, 13872), Fraction(1231, 4624))
    # v(R) = [N1^2 (1 - n1/N1) s1 / n1 + N2^2 (1 - n2/N2) s2 / n2] / X^2
    v = (1000**2 * (1 - Fraction(4, 1000)) * s1 / 4 + 200**2 * (1 - Fraction(3, 200)) * s2 / 3) / X**2
    se = math.sqrt(v)
    assert round(se, 6) == 0.158637

    f = run(INCIDENTS + REFERRALS, POPULATIONS)
    assert f.overall.method == "stratified"
    row = f.overall.row("all")
    assert row.interval.rate == pytest.approx(float(R), abs=1e-12)
    assert row.interval.standard_error == pytest.approx(se, abs=1e-12)
    assert row.to_dict()["rate"] == 72.1
    assert row.to_dict()["interval"]["half_width"] == 31.09  # 1.96 * 0.158637 = 0.31093 -> +/- 31.09 points
    assert row.recorded == Count(4, 6)  # the sample's counts, shown beside it; 66.7% would be the unweighted pool


def test_with_one_crime_a_record_the_estimate_is_the_stratified_proportion():
    from workbench.core.stratified import RatioStratum, stratified_ratio

    strata = [RatioStratum.of(1000, ((1, 1),) * 8 + ((0, 1),) * 2), RatioStratum.of(300, ((1, 1),) * 3 + ((0, 1),) * 3)]
    cochran = stratified_rate([Stratum(1000, 10, 8), Stratum(300, 6, 3)])
    estimate = stratified_ratio(strata)
    assert (estimate.rate, estimate.standard_error) == pytest.approx((cochran.rate, cochran.standard_error))


def test_without_populations_the_headline_is_incident_records_and_referrals_stand_beside_them():
    f = run(INCIDENTS + REFERRALS)
    assert f.overall.method == "headline_source" and f.overall.source == "incident"
    assert f.overall.row("all").recorded == Count(3, 4)  # the incident records' own, never 4 of 6
    assert f.overall.missing == ("incident", "referral")
    assert "not added in" in f.overall.note and "population" in f.overall.note
    text = words(INCIDENTS + REFERRALS)
    assert "Overall, of the 4 crimes that should have been recorded in the incident records we examined, 3 were" in text


def test_a_population_missing_for_one_source_is_named():
    f = run(INCIDENTS + REFERRALS, {"incident": 1000})
    assert f.overall.method == "headline_source" and f.overall.missing == ("referral",)
    assert "the population of referrals from other agencies is not known" in f.overall.note


def test_one_source_sampled_is_the_overall_rate_whatever_the_populations():
    f = run(INCIDENTS, POPULATIONS)
    assert f.overall.method == "single_source" and f.overall.row("all").recorded == Count(3, 4)


def test_a_stratum_of_one_record_cannot_be_weighted_and_says_so():
    f = run(INCIDENTS + REFERRALS[:1], POPULATIONS)
    assert f.overall.method == "headline_source"
    assert "at least two sampled records of each source" in f.overall.note


def test_the_sexual_offences_row_is_weighted_too():
    rape = [source("incident", ("rape", "yes")), source("incident", ("rape", "no")), source("referral", ("rape", "no")),
            source("referral", ("rape", "no"))]
    row = run(rape, POPULATIONS).overall.row("sexual")
    # 1 of 2 recorded in incident records, 0 of 2 in referrals: weighted (1000 * 1/2 * 1 + 200 * 0) / (1000 + 200)
    assert row.interval.rate == pytest.approx(500 / 1200)


def test_the_unrecorded_estimate_follows_the_overall_rate_rounded_to_the_hundred():
    headline = run(INCIDENTS + REFERRALS, recorded_crime=60000).unrecorded
    assert headline.rate.recorded == Count(3, 4)  # incident records alone
    assert headline.estimate.estimate == 20000 and headline.estimate.rounded == 20000
    weighted = run(INCIDENTS + REFERRALS, POPULATIONS, recorded_crime=60000).unrecorded
    # U = 60000 * (1 - 49/68) / (49/68) = 60000 * 19/49 = 23,265 -> "an additional 23,300 crimes"
    assert (weighted.estimate.estimate, weighted.estimate.rounded) == (23265, 23300)
    assert "an additional 23,300 crimes a year should have been recorded" in words(
        INCIDENTS + REFERRALS, populations=POPULATIONS, recorded_crime=60000)


def test_populations_are_a_validated_setting_of_the_audit():
    settings = AuditSettings(title="T", populations={"incident": 12000, "referral": 800})
    settings.validate()
    assert AuditSettings.from_dict(settings.to_dict()) == settings
    assert "populations" not in AuditSettings(title="T").to_dict()  # older audits logged no such field
    for bad in ({"incident": 0}, {"incident": -5}, {"incident": "many"}, {"incident": True}, {"1 bad": 5}):
        with pytest.raises(SettingsRejected):
            AuditSettings(title="T", populations=bad).validate()


# -- 2. N100 with "unable to determine" ------------------------------------------------------


def test_the_n100_sentence_counts_an_undetermined_timeliness():
    records = [record("n100", auditable="yes", n100_correct="no", rape_recorded="yes", timely="yes"),
               record("n100", auditable="yes", n100_correct="no", rape_recorded="yes", timely="unable")]
    text = words(records)
    assert "It was recorded within" not in text
    assert ("Of the 2 recorded, 1 was recorded within the 24-hour limit; for the other we could not determine "
            "whether it was.") in text


def test_one_n100_rape_recorded_whose_timeliness_is_unknown():
    text = words([record("n100", auditable="yes", n100_correct="no", rape_recorded="yes", timely="unable")])
    assert "We could not determine whether it was recorded within the 24-hour limit." in text


# -- 3. checklists without a table of their own ---------------------------------------------

DIVERSIONARY = form_from_dict({
    "settings": {"form_id": "diversionary_caution", "form_title": "Diversionary caution", "version": "1"},
    "survey": [{"type": "select_one yes_no", "name": "auditable", "label": "Can this record be audited?"},
               {"type": "select_one yes_no", "name": "conditions_set", "label": "Were suitable conditions set?"}],
    "choices": [{"list_name": "yes_no", "name": "yes", "label": "Yes"}, {"list_name": "yes_no", "name": "no", "label": "No"}],
})


def test_a_checklist_with_no_findings_words_has_a_table_and_a_sentence():
    records = [record("diversionary_caution", auditable="yes", conditions_set=v) for v in ("yes", "yes", "no")]
    f = compute_findings(records, checklists={**CHECKLISTS, "diversionary_caution": DIVERSIONARY})
    (other,) = f.other_checklists
    assert (other.title, other.sampled, other.question("conditions_set").count) == ("Diversionary caution", 3, Count(2, 3))
    text = "\n".join(narrative(f, SETTINGS))
    assert "We also examined 3 records on the checklist \u201cDiversionary caution\u201d" in text


def test_the_same_checklist_made_a_disposal_by_its_settings_is_worded_by_them_with_no_code():
    disposal = dataclasses.replace(
        DIVERSIONARY, findings=(("findings_table", "disposal"), ("findings_title", "Diversionary cautions"),
                                ("findings_singular", "diversionary caution"),
                                ("findings_plural", "diversionary cautions")),
        survey=tuple(dataclasses.replace(r, finding="suitable conditions were set for {the}")
                     if r.name == "conditions_set" else r for r in DIVERSIONARY.survey))
    records = [record("diversionary_caution", auditable="yes", conditions_set=v) for v in ("yes", "yes", "no")]
    f = compute_findings(records, checklists={"diversionary_caution": disposal})
    assert [d.title for d in f.disposals] == ["Diversionary cautions"] and f.other_checklists == ()
    assert narrative(f, SETTINGS)[0] == ("Out of the 3 diversionary cautions we dip-sampled we found that in 2 cases "
                                         "suitable conditions were set for the diversionary caution.")


def test_the_khat_warning_checklist_is_a_disposal_by_its_file_alone():
    records = [record("khat_warning", auditable="yes", history_suitable="yes", offender_informed="no", adult=a)
               for a in ("yes", "yes", "no")]
    f = run(records)
    assert [(d.form_id, d.title, d.sampled) for d in f.disposals] == [("khat_warning", "Khat warnings", 3)]
    assert f.disposal("khat_warning").question("adult").count == Count(2, 3)
    assert words(records).startswith("Out of the 3 khat warnings we dip-sampled we found that in all 3 cases the "
                                     "offender was suitable to receive a warning.")


# -- 4. denominators ---------------------------------------------------------------------------


def test_the_timeliness_figure_says_what_its_denominator_is():
    from workbench.core.findings_sections import findings_layout

    crimes = [("theft", "yes")] * 3
    records = [source("incident", *crimes)]
    records[0].answers[("timely", 1)] = "unable"  # type: ignore[index]
    layout = findings_layout(run(records), [])
    headline = next(h for h in layout.headlines if h.label.startswith("Recorded within"))
    assert headline.detail == "2 of 2 crimes whose timeliness could be determined; 1 undetermined"
    table = next(t for t in layout.tables() if t.key == "timeliness")
    assert "whose timeliness could be determined" in table.notes[0]


# -- 5. wording --------------------------------------------------------------------------------


def test_two_of_two_is_both():
    cautions = [record("caution", auditable="yes", history_suitable="yes", offender_informed="yes",
                       victim_present="no", admitted="yes") for _ in range(2)]
    text = words(cautions)
    assert "in both cases" in text and "all 2" not in text
    robbery = [record("cancelled_crime", auditable="yes", category=c, decision_correct="yes",
                      authorised_correctly="yes", victim_to_inform="no") for c in ("robbery", "robbery", "rape")]
    assert "found that both decisions were correct" in words(robbery)


@pytest.mark.parametrize(("form", "sentence"), [
    ("pnd", "in 19 cases the offender was suitable to receive a penalty notice"),
    ("cannabis_warning", "in 19 cases the offender was suitable to receive a warning"),
])
def test_pnd_and_cannabis_suitability_in_the_reports_words(form, sentence):
    records = [record(form, auditable="yes", history_suitable="yes" if i < 19 else "no") for i in range(25)]
    text = words(records)
    assert sentence in text and "previous history" not in text
