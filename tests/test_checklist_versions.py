"""Issue 12: the checklists gained questions (and wording) against the Counting Rules in new versions.

An answer set complete under the earlier checklists (resources/demo/demo-answers.csv was made under
them: incident, referral, no-crime and N100 at 2024.1, the out-of-court disposals at 2024.2) must
still give complete records, and the same findings, when loaded into a new audit, which takes the
new versions: the new questions are optional where older answers lack them. The earlier checklists
are kept in tests/data/checklists-2024.1.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.core.checklist import COMPLETE
from workbench.ops.answering import load_answers
from workbench.ops.forms import add_form, builtin_forms
from workbench.ops.findings import audit_report, evaluated_records
from workbench.ops.importing import import_sample
from workbench.paths import resources_dir

from tests.factories import AUDITOR, make_audit

EARLIER = Path(__file__).parent / "data" / "checklists-2024.1"
DEMO = Path(resources_dir()) / "demo"


def demo_audit(folder: Path, name: str, earlier: bool):
    store = make_audit(folder, name, title="Checklist versions", force="Demo Constabulary")
    if earlier:  # the audit was made with the earlier checklists: they are frozen in it first
        for path in sorted(EARLIER.glob("*.toml")):
            add_form(store, AUDITOR, path)
    import_sample(store, AUDITOR, DEMO / "demo-sample.xlsx")
    load_answers(store, AUDITOR, DEMO / "demo-answers.csv")
    return store


@pytest.fixture(scope="module")
def audits(tmp_path_factory):
    folder = tmp_path_factory.mktemp("versions")
    before, after = demo_audit(folder, "before", True), demo_audit(folder, "after", False)
    yield before, after
    before.close()
    after.close()


def versions(store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for record in store.records():
        out.setdefault(record.form_id, set()).add(record.form_version)
    return out


def test_the_new_audit_takes_the_new_versions_and_the_old_one_keeps_its_own(audits):
    before, after = audits
    assert versions(after) == {form_id: {builtin_forms()[form_id].version} for form_id in versions(after)}
    assert all(v <= {"2024.1", "2024.2"} for v in versions(before).values())
    assert versions(before) != versions(after)


def test_the_earlier_answers_give_the_same_progress_under_the_new_checklists(audits):
    before, after = audits
    progress = [{e.record.key: e.outcome.progress for e in evaluated_records(store)} for store in audits]
    assert progress[0] == progress[1]
    assert sum(p == COMPLETE for p in progress[1].values()) == 37  # the demo answers complete 37 records


def test_the_earlier_answers_give_the_same_findings_under_the_new_checklists(audits):
    before, after = (audit_report(store) for store in audits)
    assert after.findings.to_dict() == before.findings.to_dict()
    assert after.layout.to_dict() == before.layout.to_dict()   # every table and sentence of all four outputs
