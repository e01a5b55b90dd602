"""Drawing a sample into an audit, extending it, and the strata the audit records."""

from __future__ import annotations

import pytest

from workbench.core.sampling import ALGORITHM, SamplingError
from workbench.ops.importing import import_sample
from workbench.ops.sample_audit import draw_into_audit, extend_draw, population_strata
from workbench.ops.sampling import SampleRequest
from workbench.store.verify import verify

from tests.factories import AUDITOR, make_audit, write_csv, write_population


def request(path, size=20, seed=2024, strata="area", **options) -> SampleRequest:
    return SampleRequest(path, size, seed, strata, key_column="incident_ref", **options)


@pytest.fixture
def store(tmp_path):
    audit = make_audit(tmp_path)
    yield audit
    audit.close()


def test_the_drawn_rows_become_records_of_the_checklist(tmp_path, store):
    done = draw_into_audit(store, AUDITOR, request(write_population(tmp_path)), "incident")
    records = list(store.records())
    assert [r.key for r in records] == [u.key for u in done.draw.draw.units]
    assert {r.form_id for r in records} == {"incident"} and done.imported.added == 20
    assert records[0].fields["area"] == done.draw.draw.units[0].stratum
    assert records[0].source_row == done.draw.draw.units[0].row


def test_the_draw_is_stored_with_its_population_parameters_and_seed(tmp_path, store):
    path = write_population(tmp_path)
    done = draw_into_audit(store, AUDITOR, request(path, allocation="equal"), "incident")
    [stored] = store.sample_draws()
    assert (stored.id, stored.file_name, stored.sha256, stored.population_rows) == (done.draw_id, "population.csv",
                                                                                  done.draw.sha256, 200)
    assert (stored.key_column, stored.strata_column, stored.allocation, stored.seed, stored.algorithm, stored.size) == (
        "incident_ref", "area", "equal", 2024, ALGORITHM, 20)
    assert store.sample_strata(stored.id) == {"East": (40, 5), "North": (80, 5), "South": (60, 5), "West": (20, 5)}


def test_population_strata_give_each_strata_population_and_sampled_keys(tmp_path, store):
    done = draw_into_audit(store, AUDITOR, request(write_population(tmp_path)), "incident")
    strata = population_strata(store)
    assert {h: (s.population, len(s.keys)) for h, s in strata.items()} == {
        "East": (40, 4), "North": (80, 8), "South": (60, 6), "West": (20, 2)}
    north = [u.key for u in sorted(done.draw.draw.units, key=lambda u: u.rank) if u.stratum == "North"]
    assert list(strata["North"].keys) == north


def test_a_simple_random_sample_is_one_stratum_of_the_whole_population(tmp_path, store):
    draw_into_audit(store, AUDITOR, request(write_population(tmp_path), strata=None), "incident")
    assert {h: (s.population, len(s.keys)) for h, s in population_strata(store).items()} == {"": (200, 20)}


def test_the_draw_and_its_records_are_logged_and_verify(tmp_path, store):
    draw_into_audit(store, AUDITOR, request(write_population(tmp_path)), "incident")
    actions = [e.action for e in store.events()]
    assert actions[-2:] == ["records.import", "sample.draw"]
    assert verify(store).problems == []


def test_extending_keeps_every_record_of_the_first_draw(tmp_path, store):
    path = write_population(tmp_path)
    first = draw_into_audit(store, AUDITOR, request(path), "incident")
    before = {(k, s, r) for k, s, r, _ in store.sample_units(first.draw_id)}
    done = extend_draw(store, AUDITOR, path, 50)
    after = {(k, s, r) for k, s, r, _ in store.sample_units(first.draw_id)}
    assert before < after and len(after) == 50 == store.record_count()
    assert (done.step, done.imported.added, store.sample_draws()[0].size) == (1, 30, 50)
    assert verify(store).problems == []


def test_an_extension_draws_what_a_larger_first_draw_would_have(tmp_path, store):
    path = write_population(tmp_path)
    draw_into_audit(store, AUDITOR, request(path), "incident")
    extend_draw(store, AUDITOR, path, 50)
    other = make_audit(tmp_path, "other")
    try:
        draw_into_audit(other, AUDITOR, request(path, size=50), "incident")
        assert {r.key for r in store.records()} == {r.key for r in other.records()}
    finally:
        other.close()


def test_an_extension_refuses_a_file_that_changed(tmp_path, store):
    path = write_population(tmp_path)
    draw_into_audit(store, AUDITOR, request(path), "incident")
    write_population(tmp_path, n=201)
    with pytest.raises(SamplingError, match="only from the very file it was drawn from"):
        extend_draw(store, AUDITOR, path, 50)


def test_an_extension_to_fewer_records_is_refused(tmp_path, store):
    path = write_population(tmp_path)
    draw_into_audit(store, AUDITOR, request(path), "incident")
    with pytest.raises(SamplingError, match="already holds 20 records; extend it to more than that"):
        extend_draw(store, AUDITOR, path, 20)


def test_the_same_population_is_not_drawn_twice_into_one_audit(tmp_path, store):
    path = write_population(tmp_path)
    draw_into_audit(store, AUDITOR, request(path), "incident")
    with pytest.raises(SamplingError, match=r"already holds a sample drawn from population.csv \(draw 1"):
        draw_into_audit(store, AUDITOR, request(path, seed=7), "incident")
    assert store.record_count() == 20


def test_drawn_keys_already_in_the_audit_are_refused_and_nothing_is_added(tmp_path, store):
    path = write_population(tmp_path)
    import_sample(store, AUDITOR, path, form_id="incident", key_column="incident_ref")
    before = list(store.events())
    with pytest.raises(SamplingError, match="are already records of this audit"):
        draw_into_audit(store, AUDITOR, request(path), "incident")
    assert list(store.events()) == before and store.sample_draws() == []


def test_an_unknown_checklist_is_refused_before_the_file_is_read(tmp_path, store):
    from workbench.core.errors import InputRejected

    with pytest.raises(InputRejected) as refused:
        draw_into_audit(store, AUDITOR, request(tmp_path / "never-read.csv"), "incidnet")
    assert refused.value.problems[0].message == "there is no checklist 'incidnet'"


def test_a_failure_while_storing_the_draw_keeps_no_record(tmp_path, store, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("power cut")

    monkeypatch.setattr(type(store), "record_sample_draw", fail)
    with pytest.raises(RuntimeError):
        draw_into_audit(store, AUDITOR, request(write_population(tmp_path)), "incident")
    assert store.record_count() == 0 and verify(store).problems == []


def test_draws_of_two_populations_are_named_by_checklist_and_draw(tmp_path, store):
    draw_into_audit(store, AUDITOR, request(write_population(tmp_path)), "incident")
    referrals = write_csv(tmp_path / "referrals.csv", [["incident_ref", "area"], *[[f"REF-{i}", "North"] for i in range(30)]])
    draw_into_audit(store, AUDITOR, request(referrals, size=5), "referral")
    strata = population_strata(store)
    assert strata["referral (draw 2) / North"].population == 30 and strata["incident (draw 1) / West"].population == 20
