"""The wizard's mapping page: roles, the profile that fits the file, "save as profile", and changed rows."""

from __future__ import annotations

import html

import pytest

from workbench.ops.answering import answer
from workbench.ops.importing import import_sample
from workbench.ops.profiles import list_profiles

from tests.factories import AUDITOR, write_csv
from tests.ui.importing.test_import_wizard import WAIT, import_button, to_check, to_mapping

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")
HEADINGS = ["Incident ref", "Type", "Date/time reported", "Date recorded", "Division", "Log"]
ROLES = {"reported": "Date/time reported", "recorded": "Date recorded", "area": "Division"}


def extract(tmp_path, name, order=HEADINGS, first=1, log="Log."):
    rows = [{"Incident ref": f"INC-{i}", "Type": "incident", "Date/time reported": "01/03/2024 10:00",
             "Date recorded": "01/03/2024 12:00", "Division": "North", "Log": log} for i in range(first, first + 2)]
    return write_csv(tmp_path / name, [order] + [[r[h] for h in order] for r in rows])


def test_the_role_columns_are_found_by_their_headings(qtbot, wizard, tmp_path):
    to_mapping(qtbot, wizard, extract(tmp_path, "jan.csv"))
    roles = wizard.mapping_page.roles.roles()
    assert roles == {"reported": "Date/time reported", "recorded": "Date recorded", "category": None, "area": "Division"}


def test_a_file_with_a_saved_profiles_headings_gets_its_columns(qtbot, wizard, audit, tmp_path):
    import_sample(audit, AUDITOR, extract(tmp_path, "jan.csv"), key_column="Incident ref", form_id="incident",
                  roles={**ROLES, "area": None}, save_profile="STORM monthly")
    to_mapping(qtbot, wizard, extract(tmp_path, "feb.csv", [HEADINGS[i] for i in (5, 4, 3, 2, 1, 0)], first=3))
    page = wizard.mapping_page
    assert page.profile_choice.combo.currentData() == "STORM monthly"
    assert "(fits this file)" in page.profile_choice.combo.currentText()
    assert page.profile_choice.status.text().startswith("✓ This file has the profile's headings")
    assert page.key_column.currentText() == "Incident ref" and page.by_form.isChecked()
    assert page.roles.roles()["area"] is None   # as the profile says, though the heading is one the workbench knows
    assert wizard.choices().profile == "STORM monthly"
    assert to_check(qtbot, wizard) == "ok"
    assert "Using the mapping profile 'STORM monthly'." in html.unescape(wizard.check_page.summary.text())


def test_changing_a_column_after_choosing_a_profile_says_the_columns_differ(qtbot, wizard, audit, tmp_path):
    import_sample(audit, AUDITOR, extract(tmp_path, "jan.csv"), key_column="Incident ref", form_column="Type",
                  roles=ROLES, save_profile="STORM monthly")
    to_mapping(qtbot, wizard, extract(tmp_path, "feb.csv", first=3))
    page = wizard.mapping_page
    page.roles.combos["area"].setCurrentIndex(0)
    assert "differ from the profile's" in page.profile_choice.status.text() and wizard.choices().profile is None


def test_save_as_profile_saves_the_columns_with_the_import(qtbot, wizard, audit, tmp_path):
    to_mapping(qtbot, wizard, extract(tmp_path, "jan.csv"))
    page = wizard.mapping_page
    page.form_column.setCurrentText("Type")
    page.by_column.setChecked(True)
    page.profile_choice.save.setChecked(True)
    page.profile_choice.name.setText("STORM monthly")
    assert to_check(qtbot, wizard) == "ok"
    assert list_profiles(audit) == []   # nothing is written by the check
    with qtbot.waitSignal(wizard.imported, timeout=WAIT) as blocker:
        wizard.next()
    assert blocker.args[0].profile_saved == "STORM monthly"
    [profile] = list_profiles(audit)
    assert profile.mapping.form_column == "Type" and dict(profile.mapping.roles) == ROLES
    assert "saved as the profile <b>STORM monthly</b>" in wizard.import_page.summary.text()


def test_save_as_profile_needs_a_name(qtbot, wizard, tmp_path):
    to_mapping(qtbot, wizard, extract(tmp_path, "jan.csv"))
    page = wizard.mapping_page
    page.form_column.setCurrentText("Type")
    page.by_column.setChecked(True)
    page.profile_choice.save.setChecked(True)
    page.profile_choice.name.setText("  ")
    assert not page.isComplete() and "needs a name" in page.mapping_problem()


def test_one_column_cannot_play_two_parts(qtbot, wizard, tmp_path):
    to_mapping(qtbot, wizard, extract(tmp_path, "jan.csv"))
    page = wizard.mapping_page
    page.roles.combos["recorded"].setCurrentText("Date/time reported")
    assert not page.isComplete() and "one part only" in page.mapping_problem()


def test_changed_rows_are_taken_and_an_answered_record_is_kept(qtbot, wizard, audit, tmp_path):
    import_sample(audit, AUDITOR, extract(tmp_path, "jan.csv"), form_column="Type")
    answer(audit, AUDITOR, "INC-1", "auditable", "yes")
    to_mapping(qtbot, wizard, extract(tmp_path, "jan-corrected.csv", log="Corrected log."))
    wizard.mapping_page.form_column.setCurrentText("Type")
    wizard.mapping_page.by_column.setChecked(True)
    assert to_check(qtbot, wizard) == "ok"
    summary = html.unescape(wizard.check_page.summary.text())
    assert "No new records; 2 record(s) already in the audit have different values" in summary
    assert "1 record(s) already answered have different values in this file: they will be kept" in summary
    assert import_button(wizard).isEnabled()
    with qtbot.waitSignal(wizard.imported, timeout=WAIT) as blocker:
        wizard.next()
    assert (blocker.args[0].noted, blocker.args[0].replaced) == (1, 1)
    assert audit.record("INC-1").fields["Log"] == "Log." and audit.record("INC-2").fields["Log"] == "Corrected log."
