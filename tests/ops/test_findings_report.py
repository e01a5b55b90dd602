"""ops.findings.audit_report: the findings, narrative and layout read in one snapshot of the file."""

from __future__ import annotations

import pytest

from workbench.ops.answering import answer
from workbench.ops.audits import build_demo, open_audit
from workbench.ops.findings import audit_findings, audit_report

from tests.factories import AUDITOR


@pytest.fixture
def demo_store(tmp_path):
    store = build_demo(tmp_path / "demo.cdiaudit").store
    yield store
    store.close()


def unanswered_incident(store):
    return next(r for r in store.records() if r.form_id == "incident"
                and not any(True for _ in store.answers("auditor", 1, r.key)))


def test_the_report_holds_the_findings_the_command_computes(demo_store):
    report = audit_report(demo_store)
    assert report.findings.to_dict() == audit_findings(demo_store).to_dict()
    assert report.records == demo_store.record_count()
    assert report.layout.narrative == tuple(report.narrative)
    assert not demo_store.db.conn.in_transaction


def test_a_save_made_by_another_connection_while_reading_is_not_half_seen(demo_store, monkeypatch):
    before = audit_findings(demo_store).to_dict()
    record = unanswered_incident(demo_store)
    with open_audit(demo_store.path) as reader:
        real_forms = reader.forms

        def forms_then_a_save_elsewhere():
            forms = real_forms()  # read; now the window saves an answer before the answers are read
            answer(demo_store, AUDITOR, record.key, "auditable", "no")
            return forms

        monkeypatch.setattr(reader, "forms", forms_then_a_save_elsewhere)
        assert audit_report(reader).findings.to_dict() == before
        assert not reader.db.conn.in_transaction
        monkeypatch.undo()
        assert audit_report(reader).findings.to_dict() != before  # the next read sees it


def test_the_json_holds_findings_narrative_and_layout(demo_store):
    data = audit_report(demo_store).to_dict()
    assert set(data) == {"findings", "narrative", "layout", "determinations"}
    assert [s["key"] for s in data["layout"]["sections"]][:2] == ["part_b", "rates"]


def test_counting_records_by_pattern_gives_the_findings_of_counting_them_one_by_one(demo_store, tmp_path):
    from workbench.ops.findings import audited_patterns, audited_records, findings_from

    from tests.leicestershire import build_leicestershire_audit

    leicestershire = build_leicestershire_audit(tmp_path)  # the FCR overrules some records: read in full
    try:
        for store in (demo_store, leicestershire):
            settings = store.settings()
            one_by_one = findings_from(store, audited_records(store), settings, 60000).to_dict()
            patterns = audited_patterns(store)
            assert len(patterns) < store.record_count()
            assert findings_from(store, patterns, settings, 60000).to_dict() == one_by_one
    finally:
        leicestershire.close()


def test_an_answer_made_irrelevant_is_not_counted_by_pattern_either(demo_store):
    from workbench.ops.findings import audited_patterns

    record = unanswered_incident(demo_store)
    for question, instance, value in [("auditable", None, "yes"), ("discloses_crime", None, "yes"),
                                      ("offence_group", 1, "theft"), ("recorded", 1, "yes"), ("timely", 1, "yes"),
                                      ("classified_ok", 1, "yes"), ("discloses_crime", None, "no")]:
        answer(demo_store, AUDITOR, record.key, question, value, instance)
    counted = [a for a in audited_patterns(demo_store) if a.form_id == "incident" and a.progress == "complete"]
    assert not any(("recorded", 1) in a.answers and a.answers.get(("discloses_crime", None)) == "no" for a in counted)


def test_a_draw_gives_its_population_and_its_seed_to_the_findings(tmp_path):
    from workbench.ops.audits import update_settings
    from workbench.ops.findings import audit_populations
    from workbench.ops.sample_audit import draw_into_audit
    from workbench.ops.sampling import SampleRequest

    from tests.factories import make_audit, write_population

    store = make_audit(tmp_path)
    try:
        draw_into_audit(store, AUDITOR, SampleRequest(write_population(tmp_path), 20, 2024, "area",
                                                      key_column="incident_ref"), "incident")
        assert audit_populations(store, store.settings()) == {"incident": 200}
        update_settings(store, AUDITOR, store.settings().changed(populations={"referral": 900}))
        assert audit_populations(store, store.settings()) == {"incident": 200, "referral": 900}
        report = audit_report(store)
    finally:
        store.close()
    assert report.findings.populations == {"incident": 200, "referral": 900}
    words = " ".join(t for b in report.layout.section("method").blocks if hasattr(b, "texts") for t in b.texts)
    assert "The workbench drew 20 of the 200 records of population.csv at random" in words
    assert "stratified by 'area'" in words and "with the seed 2024" in words


def test_the_demo_samples_area_column_gives_crimes_by_area_in_every_output(demo_store):
    from workbench.ops.export import gather
    from workbench.ops.findings import audited_patterns, audited_records
    from workbench.core.findings import area_breakdown

    report = audit_report(demo_store)
    source = "the column mapped as the area at import (\u201carea\u201d)"
    table = next(t for t in report.layout.tables() if t.key == "breakdowns.area")
    assert "the column mapped as the area at import (\u201carea\u201d)" in table.notes[0]
    one_by_one = area_breakdown(audited_records(demo_store), source)
    assert area_breakdown(audited_patterns(demo_store), source) == one_by_one
    assert sum(r.number for r in one_by_one.rows) == report.findings.incidents.crimes_identified + \
        report.findings.referrals.crimes_identified
    exported = next(t for t in gather(demo_store, AUDITOR).layout.tables() if t.key == "breakdowns.area")
    assert exported == table


def areas_of(store, tmp_path, header, roles):
    from tests.factories import COMPLETE_INCIDENT, answer_rows, write_answers, write_csv
    from workbench.ops.answering import load_answers
    from workbench.ops.importing import import_sample

    rows = [header] + [[f"INC-{i}", "incident", "2024-03-01 10:00", "North" if i < 3 else "South"] for i in range(1, 5)]
    import_sample(store, AUDITOR, write_csv(tmp_path / "sample.csv", rows), roles=roles)
    load_answers(store, AUDITOR, write_answers(tmp_path / "a.csv", [r for i in range(1, 5)
                                                                     for r in answer_rows(f"INC-{i}", COMPLETE_INCIDENT)]))
    table = next(t for t in audit_report(store).layout.tables() if t.key == "breakdowns.area")
    return [c.text() for row in table.rows for c in row.cells[:2]], table.notes[0]


def test_the_area_is_the_column_the_import_mapped_as_the_area(audit, tmp_path):
    cells, note = areas_of(audit, tmp_path, ["key", "form", "reported", "District"], {"area": "District"})
    assert cells == ["North", "2", "South", "2"]
    assert "the column mapped as the area at import (\u201cDistrict\u201d)" in note


def test_without_a_mapped_area_a_column_named_like_area_is_read_and_named(audit, tmp_path):
    cells, note = areas_of(audit, tmp_path, ["key", "form", "reported", "Policing area"], {"area": None})
    assert cells == ["North", "2", "South", "2"]
    assert "the imported column \u201cPolicing area\u201d" in note
