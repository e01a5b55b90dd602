"""The 2014 Leicestershire Part B, reproduced number for number from a synthetic audit
built through the real operations and read back through ``workbench findings``."""

from __future__ import annotations

import json
import re
import sqlite3

import pytest

from workbench.cli import main
from workbench.core import checklist
from workbench.ops import findings as findings_ops
from workbench.ops.audits import open_audit, update_settings
from workbench.store.audit_store import AuditStore

from tests.leicestershire import EXPECTED, FCR, build_leicestershire_audit


@pytest.fixture(scope="module")
def audit_path(tmp_path_factory):
    store = build_leicestershire_audit(tmp_path_factory.mktemp("leicestershire"))
    store.close()
    return store.path


@pytest.fixture
def output(audit_path, capsys):
    """``workbench findings AUDIT --json``, parsed."""
    capsys.readouterr()
    assert main(["findings", str(audit_path), "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def xn(count: dict) -> tuple[int, int]:
    return count["x"], count["n"]


def test_the_json_holds_the_findings_the_narrative_and_their_layout(output):
    assert set(output) == {"findings", "narrative", "layout", "determinations"}
    assert all(isinstance(p, str) for p in output["narrative"])
    assert output["layout"]["narrative"] == output["narrative"]


def test_incident_records(output):
    t = output["findings"]["incidents"]
    assert (t["reviewed"], t["crimes_identified"], t["recorded"]["x"]) == (123, 115, 100)
    assert xn(t["timely"]) == (100, 100) and t["timely_unable"] == 0
    assert xn(t["classified"]) == (97, 100) and t["wrongly_classified"] == 3
    assert output["findings"]["time_limit_hours"] == 72


def test_referrals(output):
    t = output["findings"]["referrals"]
    assert (t["reviewed"], t["crimes_identified"], t["recorded"]["x"]) == (55, 16, 6)
    assert xn(t["timely"]) == (6, 6) and xn(t["classified"]) == (6, 6)


def test_no_crimes(output):
    c = output["findings"]["cancelled"]
    assert (c["overall"]["reviewed"], c["overall"]["correct"]["x"]) == (83, 74)
    by = {r["category"]: (r["reviewed"], r["correct"]["x"]) for r in c["by_category"]}
    assert by["robbery"] == (23, 17) and by["rape"] == (20, 20) and by["violence"] == (40, 37)
    assert c["overall"]["authorised_unable"] == 1


@pytest.mark.parametrize("form_id", ["caution", "pnd", "cannabis_warning", "community_resolution"])
def test_out_of_court_disposals(output, form_id):
    d = next(d for d in output["findings"]["disposals"] if d["form_id"] == form_id)
    expected = EXPECTED[form_id]
    assert d["sampled"] == expected["sampled"]
    counts = {q["question"]: xn(q["count"]) for q in d["questions"]}
    for question, x_of_n in expected.items():
        if question != "sampled":
            assert counts[question] == x_of_n, question


def test_n100(output):
    n = output["findings"]["n100"]
    assert (n["reviewed"], n["correct"]["x"], n["should_have_been_recorded"], n["rapes_recorded"]["x"],
            n["timely"]["x"]) == (10, 8, 2, 1, 1)


def test_excluded_records_are_counted_not_reviewed(output):
    ex = output["findings"]["exclusions"]
    assert ex["not_auditable"] == EXPECTED["not_auditable"]
    assert ex["incomplete"] == EXPECTED["incomplete"]
    assert ex["unable"] == {"cancelled_crime": {"authorised_correctly": 1}}
    assert output["findings"]["other_checklists"] == []


def test_the_overall_rate_is_the_incident_records_not_a_pool_with_referrals(output):
    # Issue 12: the old "All crime" row pooled 106 of 131 (80.9% +/- 6.73) unweighted. Without the
    # population of each source the overall rate is the incident records': 100 of 115.
    overall = output["findings"]["overall"]
    assert (overall["method"], overall["source"], overall["missing"]) == ("headline_source", "incident",
                                                                          ["incident", "referral"])
    everything = overall["rates"]["rows"][0]
    # 100 of 115: p = 0.869565; 1.96 * sqrt(0.869565 * 0.130435 / 115) = 0.061553 -> +/- 6.16
    assert (everything["recorded"], everything["should_have_been_recorded"], everything["rate"]) == (100, 115, 87.0)
    assert everything["interval"]["method"] == "normal" and everything["interval"]["half_width"] == 6.16
    rates = output["findings"]["recording_rates"]
    assert [r["source"] for r in rates] == ["incident", "referral"]
    referrals = rates[1]["rows"][0]
    assert (referrals["recorded"], referrals["should_have_been_recorded"]) == (6, 16)
    assert referrals["interval"]["method"] == "wilson"   # 6 recorded: under 10


def test_with_the_populations_entered_the_overall_rate_is_weighted(audit_path, tmp_path, capsys):
    weighted_path = tmp_path / "weighted.cdiaudit"
    with sqlite3.connect(audit_path) as source, sqlite3.connect(weighted_path) as copy:
        source.backup(copy)  # a copy made through SQLite, never by copying the file
    with open_audit(weighted_path) as store:
        update_settings(store, FCR, store.settings().changed(populations={"incident": 12000, "referral": 800}))
    assert main(["findings", str(weighted_path), "--json", "--recorded-crime", "60000"]) == 0
    findings = json.loads(capsys.readouterr().out)["findings"]
    overall = findings["overall"]
    assert overall["method"] == "stratified"
    row = overall["rates"]["rows"][0]
    assert (row["recorded"], row["should_have_been_recorded"]) == (106, 131)  # the sample, for reference
    assert 80.9 < row["rate"] < 87.0 and row["interval"]["method"] == "stratified"
    assert findings["unrecorded"]["rounded"] % 100 == 0


def test_the_narrative_in_the_inspections_words(output):
    text = output["narrative"]
    assert text[0] == (
        "We examined 123 incident records and found that 115 crimes should have been recorded. "
        "Of the 115 crimes that should have been recorded, 100 were. "
        "Of the 100, all were recorded within the 72-hour limit, but 3 were wrongly classified."
    )
    assert text[1] == (
        "We examined 55 referrals from other agencies and found that 16 crimes should have been recorded. "
        "Of the 16 crimes that should have been recorded, 6 were. "
        "Of the 6, all were recorded within the 72-hour limit and correctly classified."
    )
    joined = "\n".join(text)
    assert "We examined 83 no-crime (cancelled crime) decisions and found that 74 were correct." in joined
    assert "Our examination of 23 robbery cases found 17 correct decisions." in joined
    assert ("Out of the 25 cautions we dip-sampled we found that in 23 cases the offender's previous history made "
            "them suitable to receive a caution. In 22 cases we found evidence that the offender was made aware of "
            "the nature and future implications of accepting the caution. Out of the 18 cases where there was a "
            "victim to consult, 14 cases showed that the victim's views had been considered.") in joined
    # The report: "We dip-sampled 25 PND and found that the offender was suitable to receive a penalty notice in
    # 19 cases" (issue 12: no longer narrowed to the offender's "previous history").
    assert ("Out of the 25 penalty notices for disorder we dip-sampled we found that in 19 cases the offender was "
            "suitable to receive a penalty notice. In none of the 25 cases could we find evidence that the offender "
            "was made aware of the nature and future implications of accepting the penalty notice. Out of the 15 "
            "cases where there was a victim to consult, 11 cases showed that the victim's views had been "
            "considered.") in joined
    assert ("Out of the 25 cannabis warnings we dip-sampled we found that in 20 cases the offender was suitable to "
            "receive a warning.") in joined
    # The report's words for community resolutions' suitability, too.
    assert ("Out of the 25 community resolutions we dip-sampled we found that in 24 cases the offender either had "
            "no previous offending history or the offender's past history still justified the use of the community "
            "resolution. Out of the 20 cases where there was a victim to consult, 19 cases showed that the wishes "
            "and personal circumstances of the victim had been properly considered. In 20 cases we found evidence "
            "that the agreed outcome was meaningful and appropriate.") in joined
    assert text[-1].startswith("These figures leave out 4 records that could not be audited and 3 records whose "
                               "checklists were not complete.")


def test_the_text_output_has_aligned_tables_and_the_narrative(audit_path, capsys):
    assert main(["findings", str(audit_path), "--recorded-crime", "60000"]) == 0
    out = capsys.readouterr().out
    assert re.search(r"^Incidents reviewed\s+Crimes identified\s+Crimes recorded\s+Recording rate\n"
                     r"\s+123\s+115\s+100\s+100 of 115 \(87\.0%\)$", out, re.M)
    assert re.search(r"^Crimes reported as part of an incident record\s+100\s+100 of 100 \(100\.0%\)\s+0"
                     r"\s+97 of 100 \(97\.0%\)$", out, re.M)
    assert re.search(r"^Robbery\s+23\s+17 of 23 \(73\.9%\)", out, re.M)
    assert re.search(r"^Were the victim's views considered\?\s+14 of 18 \(77\.8%\)\s+cases where there was a "
                     r"victim to consult$", out, re.M)
    # Issue 12: from the incident records' 87.0% (not the pooled 80.9%, 14,151), to the nearest hundred
    assert re.search(r"^\s+60,000\s+87\.0%\s+9,000\s+4,400\s+14,300$", out, re.M)
    assert "We examined 123 incident records and found that 115 crimes should" in out


def test_the_fcrs_determinations_overrule_the_teams_answers(audit_path, monkeypatch):
    # Without the FCR's determinations, crime 12 counts as recorded and robbery record 6 as correct.
    monkeypatch.setattr(AuditStore, "determinations", lambda self: {})
    with open_audit(audit_path) as store:
        team_only = findings_ops.audit_findings(store)
    assert team_only.incidents.recorded.x == 101
    assert team_only.cancelled.category("robbery").correct.x == 18


def test_a_determination_keeps_the_record_in_every_count(output):
    # The FCR's "not recorded" on one crime and "incorrect" on one no-crime move one
    # count each; the records stay complete, so the denominators do not drop.
    assert (output["findings"]["incidents"]["crimes_identified"], output["findings"]["incidents"]["recorded"]["x"]) == (115, 100)
    assert output["findings"]["cancelled"]["overall"]["reviewed"] == 83


def test_a_negative_recorded_crime_is_refused_in_words(audit_path, capsys):
    assert main(["findings", str(audit_path), "--recorded-crime", "-5"]) == 2
    assert capsys.readouterr().err.startswith("error: recorded crime cannot be negative")


def test_the_findings_read_only_the_answers_that_apply(audit_path):
    with open_audit(audit_path) as store:
        forms, final = store.forms(), findings_ops.final_answers(store)
        pairs = list(zip(store.records(), findings_ops.audited_records(store)))
    for record, audited in pairs:
        form = forms[(record.form_id, record.form_version)]
        assert audited.answers == checklist.effective_answers(form, final.get(record.key, {})), record.key
    # the team's "recorded" branch of crime 12, overruled by the FCR, is not in the determination at all
    with open_audit(audit_path) as store:
        determined = store.determinations()
    overruled = next(a for r, a in pairs if r.key in determined and a.answer("recorded", 1) == "no")
    assert overruled.answer("timely", 1) is None and overruled.answer("not_recorded_reason", 1) == "not_recorded"
