"""``verify`` catches an edit of a drawn sample's tables behind the log's back."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from workbench.ops.sample_audit import draw_into_audit, extend_draw
from workbench.ops.sampling import SampleRequest
from workbench.store.audit_store import AuditStore
from workbench.store.verify import verify

from tests.factories import AUDITOR, make_audit, write_population

pytestmark = pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 CLI (scripts/bootstrap installs it)")


@pytest.fixture
def path(tmp_path):
    population = write_population(tmp_path)
    store = make_audit(tmp_path)
    draw_into_audit(store, AUDITOR, SampleRequest(population, 12, 2024, "area", key_column="incident_ref"), "incident")
    extend_draw(store, AUDITOR, population, 20)
    store.close()
    return tmp_path / "audit.cdiaudit"


def sqlite(path, sql):
    subprocess.run(["sqlite3", str(path), sql], check=True, capture_output=True, text=True)


def problems(path):
    with AuditStore.open(path) as store:
        return verify(store).problems


def test_an_untouched_drawn_and_extended_sample_verifies(path):
    assert problems(path) == []


@pytest.mark.parametrize("sql, named", [
    ("UPDATE sample_strata SET population = population + 500 WHERE stratum = 'West';",
     "sample draw 1: its strata (population or sample sizes) were changed without an event"),
    ("UPDATE sample_strata SET sampled = 1 WHERE stratum = 'North';", "its strata (population or sample sizes)"),
    ("UPDATE sample_draws SET seed = 7;", "sample draw 1: its seed differ from the event that logged it"),
    ("UPDATE sample_draws SET sha256 = 'x', population_rows = 9;", "its population_rows, sha256 differ"),
    ("UPDATE sample_draws SET size = 12;", "its size differ"),
    ("UPDATE sample_draws SET parameters = '{\"allocation\":\"equal\"}';", "its parameters_digest differ"),
    ("UPDATE sample_records SET stratum = 'North' WHERE stratum = 'West' AND step = 0;",
     "sample draw 1: its records, strata or ranks were changed without an event"),
    ("UPDATE sample_records SET draw_rank = draw_rank + 1 WHERE step = 1;",
     "sample draw 1, extension 1: its records, strata or ranks were changed"),
    ("DELETE FROM sample_records WHERE step = 1;", "sample draw 1, extension 1: its records are in the event log but missing"),
    ("UPDATE sample_records SET step = 2 WHERE step = 1;", "sample draw 1, extension 2: has records in the file that no event drew"),
    ("INSERT INTO sample_draws SELECT 2, form_id, file_name, sha256, sheet, population_rows, key_column, strata_column,"
     " allocation, seed, algorithm, parameters, size, drawn_by, drawn_at, event_seq FROM sample_draws;",
     "sample draw 2: is in the file but no event wrote it"),
])
def test_a_sample_table_edited_behind_the_log_is_caught(path, sql, named):
    sqlite(path, sql)
    found = problems(path)
    assert any(named in p for p in found), found
