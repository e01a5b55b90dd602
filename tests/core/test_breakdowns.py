"""Breakdowns of what the checklists collect (issue 12, "What the board asks for"), and the Method section."""

from __future__ import annotations

from workbench.core.checklist import COMPLETE
from workbench.core.findings import AuditedRecord, Count, compute_findings
from workbench.core.findings_sections import findings_layout
from workbench.core.method import MethodFacts, SampleImport
from workbench.ops.forms import builtin_forms

CHECKLISTS = builtin_forms()
_keys = iter(range(1, 1_000_000))


def record(form: str, crimes=(), weight: int = 1, **answers: str) -> AuditedRecord:
    given = {(q, None): v for q, v in answers.items()}
    for i, crime in enumerate(crimes, start=1):
        given.update({(q, i): v for q, v in crime.items()})
    return AuditedRecord(f"R-{next(_keys)}", form, given, COMPLETE, weight)


def crime(recorded="yes", flags="", reason=None, classified="yes", recorded_as=None, group="theft") -> dict:
    out = {"offence_group": group, "recorded": recorded}
    if flags:
        out["flags"] = flags
    if recorded == "no":
        out["not_recorded_reason"] = reason or "not_recorded"
    else:
        out.update({"timely": "yes", "classified_ok": classified})
        if recorded_as:
            out["recorded_as"] = recorded_as
    return out


def incident(*crimes, form="incident", **extra) -> AuditedRecord:
    return record(form, crimes, auditable="yes", discloses_crime="yes" if crimes else "no", **extra)


def breakdown(records, key):
    f = compute_findings(records, checklists=CHECKLISTS)
    return {r.label: (r.number, r.count) for r in next(b for b in f.breakdowns if b.key == key).rows}


def test_crimes_by_flag_with_their_recording_rate():
    records = [incident(crime(flags="domestic_abuse child_victim"), crime(recorded="no", flags="domestic_abuse")),
               incident(crime(flags="hate_crime"), form="referral", referring_agency="health")]
    rows = breakdown(records, "breakdowns.flags")
    assert rows["Domestic abuse"] == (2, Count(1, 2))
    assert rows["Child victim"] == (1, Count(1, 1)) and rows["Hate crime"] == (1, Count(1, 1))


def test_crimes_not_recorded_by_reason_in_the_checklists_words():
    records = [incident(crime(recorded="no", reason="incident_only"), crime(recorded="no", reason="incident_only"),
                        crime(recorded="no", reason="wrong_victim_count"), crime())]
    rows = breakdown(records, "breakdowns.not_recorded")
    assert rows == {"Kept as a non-crime incident": (2, None),
                    "Victims miscounted (one crime per victim not applied)": (1, None)}


def test_what_misclassified_crimes_were_recorded_as_counts_the_same_words_together():
    records = [incident(crime(classified="no", recorded_as="Common assault", group="violence_with_injury")),
               incident(crime(classified="no", recorded_as="  common  assault", group="violence_with_injury")),
               incident(crime(classified="no", recorded_as="Theft", group="burglary"))]
    rows = breakdown(records, "breakdowns.recorded_as")
    assert rows["Violence with injury, recorded as: Common assault"][0] == 2
    assert sum(n for n, _c in rows.values()) == 3


def test_referrals_by_agency_and_no_crimes_by_code_count_weighted_records():
    referrals = [incident(crime(), crime(recorded="no"), form="referral", referring_agency="health", weight=10),
                 incident(form="referral", referring_agency="education")]
    rows = breakdown(referrals, "breakdowns.agencies")
    assert rows["Health"] == (10, Count(10, 20)) and rows["Education"] == (1, Count(0, 0))
    decisions = [record("cancelled_crime", auditable="yes", category="robbery", cancellation_code="C2",
                        decision_correct=ok, authorised_correctly="yes", victim_to_inform="no",
                        **({} if ok == "yes" else {"should_have_been": "remain_recorded"})) for ok in ("yes", "no", "no")]
    codes = breakdown(decisions, "breakdowns.codes")
    assert next(iter(codes.values())) == (3, Count(1, 3))
    assert breakdown(decisions, "breakdowns.should_have_been") == {"Remain recorded as a crime": (2, None)}


def test_the_method_section_says_population_selection_sample_and_caveat():
    records = [incident(crime()) for _ in range(20)] + [incident(crime(recorded="no")) for _ in range(5)]
    f = compute_findings(records, checklists=CHECKLISTS, populations={"incident": 5000})
    facts = MethodFacts((SampleImport("q3-sample.xlsx", 25, 25, "2024-10-01T09:00:00", "A. Auditor"),))
    layout = findings_layout(f, [], {"incident": "Incident record"}, "Demo", facts)
    method = layout.section("method")
    words = " ".join(t for b in method.blocks if hasattr(b, "texts") for t in b.texts)
    assert "Incident record: 5,000 records" in words
    assert "imported, not drawn by the workbench: q3-sample.xlsx (25 rows" in words and "any seed" in words
    assert "95% confidence interval is" in words and "statistically robust" in words
    (table,) = method.tables()
    assert [c.text() for c in table.rows[0].cells] == ["Incident record", "5,000", "25", "25", "0.5%"]
