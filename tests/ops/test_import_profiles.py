"""Mapping profiles: a mapping saved by name, chosen again when a file with the same headings arrives."""

from __future__ import annotations

import pytest

from workbench.core.errors import InputRejected
from workbench.ops.importing import import_notes, import_sample, plan_import
from workbench.ops.profiles import list_profiles
from workbench.store.verify import verify

from tests.factories import AUDITOR, write_csv

HEADINGS = ["Incident ref", "Type", "Reported at", "Recorded at", "Division", "Log"]
ROLES = {"reported": "Reported at", "recorded": "Recorded at", "area": "Division"}


def extract(tmp_path, name, order=HEADINGS, first=1, rows=2, title=False):
    data = [{"Incident ref": f"INC-{i}", "Type": "incident", "Reported at": f"0{i}/03/2024 10:00",
             "Recorded at": f"0{i}/03/2024 12:00", "Division": "North", "Log": f"Log {i}.", "Officer": "PC 1"}
            for i in range(first, first + rows)]
    lines = ([["STORM extract (synthetic)"], []] if title else []) + [order] + [[d[h] for h in order] for d in data]
    return write_csv(tmp_path / name, lines)


@pytest.fixture
def saved(audit, tmp_path):
    """An audit whose January import saved the mapping as 'STORM monthly'."""
    import_sample(audit, AUDITOR, extract(tmp_path, "jan.csv"), form_column="Type", key_column="Incident ref",
                  roles=ROLES, save_profile="STORM monthly")
    return audit


def test_the_mapping_used_is_saved_as_a_named_profile(saved):
    [profile] = list_profiles(saved)
    assert profile.name == "STORM monthly" and profile.saved_by == AUDITOR.name
    assert (profile.mapping.key_column, profile.mapping.form_column, dict(profile.mapping.roles)) == ("Incident ref", "Type", ROLES)
    assert list(profile.headings) == HEADINGS


def test_saving_a_profile_is_logged_and_verified(saved):
    assert [e.action for e in saved.events()][-1] == "profile.save"
    assert verify(saved).ok


def test_next_months_file_with_the_same_headings_in_another_order_uses_the_profile(saved, tmp_path):
    reordered = [HEADINGS[i] for i in (5, 4, 3, 2, 1, 0)]
    plan = plan_import(saved, extract(tmp_path, "feb.csv", reordered, first=3, title=True))
    assert (plan.profile, plan.profile_how) == ("STORM monthly", "fitted")
    assert "Using the mapping profile 'STORM monthly': its headings are this file's." in import_notes(plan)
    assert dict(plan.mapping.roles) == ROLES and plan.key_column == "Incident ref"


def test_a_file_with_other_headings_is_not_given_the_profile(saved, tmp_path):
    other = extract(tmp_path, "other.csv", HEADINGS + ["Officer"], first=3)
    with pytest.raises(InputRejected) as excinfo:   # with the profile, 'Type' would have been the checklist column
        plan_import(saved, other)
    assert "no column says which checklist each row is" in str(excinfo.value.problems[0])


def test_a_named_profile_is_used_for_a_file_with_other_headings(saved, tmp_path):
    plan = plan_import(saved, extract(tmp_path, "extra.csv", HEADINGS + ["Officer"], first=3), profile="STORM monthly")
    assert (plan.profile, plan.profile_how, plan.form_column) == ("STORM monthly", "named", "Type")


def test_an_unknown_profile_is_refused_naming_those_there_are(saved, tmp_path):
    with pytest.raises(InputRejected) as excinfo:
        plan_import(saved, extract(tmp_path, "feb.csv", first=3), profile="Athena")
    assert "no mapping profile 'Athena'" in str(excinfo.value.problems[0]) and "STORM monthly" in str(excinfo.value.problems[0])


def test_a_profile_whose_columns_the_file_lacks_is_refused_naming_them(saved, tmp_path):
    with pytest.raises(InputRejected) as excinfo:
        plan_import(saved, extract(tmp_path, "short.csv", HEADINGS[:2] + ["Log"], first=3), profile="STORM monthly")
    assert "Reported at, Recorded at, Division" in str(excinfo.value.problems[0])


def test_named_columns_win_over_a_fitting_profile_and_the_import_says_so(saved, tmp_path):
    plan = plan_import(saved, extract(tmp_path, "feb.csv", first=3), key_column="Incident ref", form_column="Type",
                       roles={"area": None})
    assert plan.profile is None and plan.unused_profile == "STORM monthly"
    assert "area" not in plan.mapping.roles
    assert any("fits this file's headings but was not used" in note for note in import_notes(plan))


def test_a_profile_is_not_saved_when_the_import_is_rejected(audit, tmp_path):
    rows = [HEADINGS, ["INC-1", "robbery", "01/03/2024 10:00", "", "North", "Log."]]
    with pytest.raises(InputRejected):
        import_sample(audit, AUDITOR, write_csv(tmp_path / "bad.csv", rows), form_column="Type",
                      key_column="Incident ref", save_profile="STORM monthly")
    assert list_profiles(audit) == []


def test_a_profile_is_saved_even_when_every_row_is_already_there(saved, tmp_path):
    again = import_sample(saved, AUDITOR, extract(tmp_path, "jan.csv"), save_profile="Copy")
    assert again.added == 0 and [p.name for p in list_profiles(saved)] == ["Copy", "STORM monthly"]


def test_saving_a_profile_again_under_its_name_replaces_it(saved, tmp_path):
    import_sample(saved, AUDITOR, extract(tmp_path, "jan.csv"), profile="STORM monthly", roles={"area": None},
                  save_profile="STORM monthly")
    [profile] = list_profiles(saved)
    assert "area" not in profile.mapping.roles
    assert verify(saved).ok


def test_a_bad_profile_name_is_refused_before_anything_is_read(audit, tmp_path):
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit, AUDITOR, extract(tmp_path, "jan.csv"), form_column="Type", save_profile="")
    assert "needs a name" in str(excinfo.value.problems[0])


def test_verify_catches_a_profile_changed_behind_the_logs_back(saved):
    saved.db.execute("UPDATE mapping_profiles SET mapping = replace(mapping, 'Division', 'Beat')")
    saved.db.conn.commit()
    assert any("mapping profile STORM monthly" in p for p in verify(saved).problems)
