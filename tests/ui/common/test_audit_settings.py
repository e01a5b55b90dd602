"""The audit settings dialog: shows, checks as you type, saves and logs."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox

from workbench.core.audit import AuditSettings
from workbench.ui.common.audit_settings import AuditSettingsDialog, AuditSettingsForm

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")


@pytest.fixture
def dialog(qtbot, demo_session):
    dlg = AuditSettingsDialog(demo_session)
    qtbot.addWidget(dlg)
    dlg.show()
    return dlg


def save_button(dlg):
    return dlg.buttons.button(QDialogButtonBox.StandardButton.Save)


def events(store):
    return list(store.events())


def test_it_shows_the_audits_settings(dialog, demo_store):
    assert dialog.form.settings() == demo_store.settings()
    assert dialog.form.period_start.edit.date() == QDate(2024, 1, 1) and not dialog.form.retention.check.isChecked()


def test_saving_changes_the_settings_and_logs_an_alteration(qtbot, dialog, demo_store, actor):
    dialog.form.title.clear()
    qtbot.keyClicks(dialog.form.title, "Q3 audit")
    dialog.form.time_limit.setValue(48)
    dialog.form.marking.setCurrentText("OFFICIAL")
    dialog.form.retention.set_iso("2031-03-31")
    with qtbot.waitSignal(dialog.saved) as blocker:
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    saved = demo_store.settings()
    assert (saved.title, saved.time_limit_hours, saved.marking, saved.retention_date) == ("Q3 audit", 48, "OFFICIAL", "2031-03-31")
    event = events(demo_store)[-1]
    assert (event.action, str(event.operation), event.actor) == ("audit.settings", "alteration", actor.name)
    assert event.detail["changes"]["time_limit_hours"] == [24, 48]
    assert set(blocker.args[0]) == {"title", "time_limit_hours", "marking", "retention_date"}
    assert not dialog.isVisible()


def test_a_blank_title_is_shown_inline_and_cannot_be_saved(qtbot, dialog, demo_store):
    before = len(events(demo_store))
    dialog.form.title.clear()
    assert not save_button(dialog).isEnabled()
    assert dialog.form.problems.isVisible() and "The audit needs a title." in dialog.form.problems.text()
    assert "--" not in dialog.form.problems.text()
    dialog.save()
    assert len(events(demo_store)) == before and dialog.isVisible()


def test_a_period_ending_before_it_starts_is_a_problem_until_corrected(dialog):
    dialog.form.period_end.edit.setDate(QDate(2023, 6, 30))
    assert "The audit period ends before it starts." in dialog.form.problems.text()
    assert not save_button(dialog).isEnabled()
    dialog.form.period_end.edit.setDate(QDate(2024, 6, 30))
    assert dialog.form.problems.isHidden() and save_button(dialog).isEnabled()


def test_unticking_a_date_clears_it(qtbot, dialog, demo_store):
    dialog.form.period_start.check.setChecked(False)
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert demo_store.settings().period_start == "" and demo_store.settings().period_end == "2024-12-31"


def test_cancel_changes_nothing(qtbot, dialog, demo_store):
    before = (demo_store.settings(), len(events(demo_store)))
    dialog.form.title.setText("Something else")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert (demo_store.settings(), len(events(demo_store))) == before and not dialog.isVisible()


def test_saving_without_changes_logs_nothing(qtbot, dialog, demo_store):
    before = len(events(demo_store))
    qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert len(events(demo_store)) == before and not dialog.isVisible()


def test_the_form_has_defaults_for_a_new_audit(qtbot):
    form = AuditSettingsForm()
    qtbot.addWidget(form)
    assert form.time_limit.value() == 24 and form.marking.currentText() == "OFFICIAL-SENSITIVE"
    form.title.setText("New")
    assert form.check() and form.settings() == AuditSettings(title="New")


def test_every_field_has_an_accessible_name(dialog):
    form = dialog.form
    for widget in (form.title, form.force, form.period_start.edit, form.period_end.edit, form.time_limit, form.marking, form.retention.edit):
        assert widget.accessibleName()


@pytest.mark.parametrize("system", ["en_GB", "en_US", "cy_GB", "de_DE"])
def test_a_date_reads_the_month_it_shows_whatever_the_systems_language(qtbot, system):
    from PySide6.QtCore import QLocale

    before = QLocale()
    QLocale.setDefault(QLocale(system))
    try:
        form = AuditSettingsForm()
        qtbot.addWidget(form)
    finally:
        QLocale.setDefault(before)
    edit = form.period_start.edit
    edit.setDate(QDate(2024, 9, 14))
    assert edit.text() == "14 Sep 2024"
    assert edit.validate("30 Sep 2024", 0)[0] == edit.validate("30 Sep 2024", 0)[0].Acceptable
    assert edit.dateTimeFromText("30 Sep 2024").date() == QDate(2024, 9, 30)


def test_the_population_of_each_record_source_is_entered_and_logged(qtbot, dialog, demo_store):
    assert set(dialog.form.population_fields) == {"incident", "referral"}
    assert dialog.form.population_fields["incident"].text() == "not known"
    dialog.form.population_fields["incident"].setValue(12000)
    dialog.form.population_fields["referral"].setValue(800)
    with qtbot.waitSignal(dialog.saved) as blocker:
        qtbot.mouseClick(save_button(dialog), Qt.MouseButton.LeftButton)
    assert demo_store.settings().populations == {"incident": 12000, "referral": 800}
    assert blocker.args[0]["populations"] == [None, {"incident": 12000, "referral": 800}]


def test_clearing_the_populations_is_a_logged_change_too(qtbot, demo_session, demo_store, actor):
    from workbench.ops.audits import update_settings

    update_settings(demo_store, actor, demo_store.settings().changed(populations={"incident": 500}))
    dlg = AuditSettingsDialog(demo_session)
    qtbot.addWidget(dlg)
    assert dlg.form.population_fields["incident"].value() == 500
    dlg.form.population_fields["incident"].setValue(0)
    dlg.save()
    assert demo_store.settings().populations == {}
    assert events(demo_store)[-1].detail["changes"]["populations"] == [{"incident": 500}, {}]
