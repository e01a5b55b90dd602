"""The main window end to end: keyboard answering, moving on, undo, flags, resuming."""

from __future__ import annotations


import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from workbench.core.audit import Actor, Role
from workbench.ops.audits import open_audit
from workbench.ops.flags import flag_record
from workbench.store.audit_store import AuditStore
from workbench.ui.review.flag_dialog import FlagDialog
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.common.session import Changes, Session
from workbench.ui.shell.shortcuts import ShortcutsDialog

from tests.factories import AUDITOR
from tests.ui.dialogs import close_error_boxes, error_boxes, locked
from tests.ui.windows import open_window

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")


@pytest.fixture
def window(qtbot, demo_store, ui_settings):
    return open_window(qtbot, demo_store, ui_settings)


def fresh_incident(store) -> str:
    return store.queue(form_id="incident", progress="not_started")[0].key


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def on_question(window) -> tuple:
    return window.checklist.current_question()


def test_the_window_shows_the_audit_who_is_working_and_the_marking(window, demo_store):
    assert window.windowTitle() == "Demo audit: crime recording, 2024 (synthetic data) — CDI workbench"
    assert window.who.text() == "Test Auditor (auditor), Test Constabulary"
    assert window.marking.text() == "OFFICIAL-SENSITIVE"
    assert window.current_key is not None
    assert window.queue.current_key() == window.current_key
    menus = [a.text() for a in window.menuBar().actions()]
    assert menus == ["&File", "&Edit", "&Record", "&Audit", "&View", "&Help"]


def test_a_whole_record_answered_by_keyboard_only_is_complete_in_the_file(qtbot, window, demo_store):
    key = fresh_incident(demo_store)
    window.go_to(key)
    assert on_question(window) == ("auditable", None)
    press(qtbot, "1")                      # auditable: yes
    assert on_question(window) == ("discloses_crime", None)
    press(qtbot, "y")                      # discloses a crime: yes
    assert on_question(window) == ("offence_group", 1)
    press(qtbot, "0")                      # theft (the tenth choice)
    press(qtbot, "1")                      # recorded: yes
    assert on_question(window) == ("crime_ref", 1)
    qtbot.keyClicks(QApplication.focusWidget(), "24/012345/24")
    press(qtbot, Qt.Key.Key_Return)        # saved; on to the next question
    assert on_question(window) == ("timely", 1)
    press(qtbot, "1")                      # timely: yes
    press(qtbot, "y")                      # classified correctly: yes
    assert on_question(window) == ("flags", 1)
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)   # complete and next
    assert window.current_key != key
    assert demo_store.queue_row(window.current_key).progress != "complete"
    with AuditStore.open(demo_store.path) as reopened:
        (row,) = [r for r in reopened.queue() if r.key == key]
        assert (row.progress, row.compliant) == ("complete", True)
        answers = {(a.question, a.instance): (a.value, a.answered_by) for a in reopened.answers(record_key=key)}
    assert answers[("offence_group", 1)] == ("theft", "Test Auditor")
    assert answers[("crime_ref", 1)][0] == "24/012345/24"


def test_ctrl_enter_with_something_missing_names_it_and_stays(qtbot, window, demo_store):
    key = fresh_incident(demo_store)
    window.go_to(key)
    press(qtbot, "1")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key == key
    assert "Does the record disclose one or more crimes" in window.checklist.banner.text()
    assert "Not complete yet" in window.statusBar().currentMessage()
    assert on_question(window) == ("discloses_crime", None)


def test_next_and_previous_follow_the_queue(qtbot, window):
    window.go_to(window.model.key_at(3))
    press(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key == window.model.key_at(4)
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    press(qtbot, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key == window.model.key_at(2)
    assert window.queue.current_key() == window.model.key_at(2)


def test_picking_a_record_in_the_queue_opens_it(window):
    window.queue.table.setCurrentIndex(window.model.index(7, 0))
    assert window.current_key == window.model.key_at(7)
    assert window.record_view.key_label.text() == window.model.key_at(7)


def test_undo_and_redo_across_records_move_to_the_answer(qtbot, window, demo_store):
    first, second = [r.key for r in demo_store.queue(form_id="incident", progress="not_started")[:2]]
    window.go_to(first)
    press(qtbot, "1")
    window.go_to(second)
    press(qtbot, "2")
    assert window.model.index(window.model.row_of(second), 2).data() == "Complete"
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert demo_store.queue_row(second).progress == "not_started"
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.current_key == first and on_question(window) == ("auditable", None)
    assert demo_store.queue_row(first).progress == "not_started"
    assert window.model.index(window.model.row_of(first), 2).data() == "Not started"
    press(qtbot, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert demo_store.queue_row(first).progress == "in_progress"
    window.actions["redo"].trigger()
    assert window.current_key == second
    assert demo_store.queue_row(second).progress == "complete"
    assert not window.actions["redo"].isEnabled() and window.actions["undo"].isEnabled()


def test_flag_for_the_fcr_then_it_shows_under_the_flagged_filter(qtbot, window, demo_store):
    key = window.current_key
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = window.dialog
    assert isinstance(dialog, FlagDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.note, "Two victims: one crime or two?")
    dialog.save_button.click()
    qtbot.waitUntil(lambda: window.dialog is None)
    assert demo_store.flags()[key].note == "Two victims: one crime or two?"
    assert "Flagged for the FCR" in window.checklist.flag_note.text()
    window.queue.state_box.setCurrentIndex(window.queue.state_box.findData("flagged"))
    assert [window.model.key_at(r) for r in range(window.model.rowCount())] == [key]
    assert window.model.index(0, 2).data().startswith("⚑")
    assert window.actions["clear_flag"].isEnabled()
    window.actions["clear_flag"].trigger()
    assert key not in demo_store.flags()
    assert not window.actions["clear_flag"].isEnabled()
    assert not window.checklist.flag_note.isVisibleTo(window)
    window.flag()
    assert window.dialog.clear_button is None  # nothing to clear now


def test_the_flag_dialog_can_clear_a_flag(qtbot, window, demo_store):
    key = window.current_key
    window.session.flag(key, "Query")
    window.flag()
    window.dialog.clear_button.click()
    qtbot.waitUntil(lambda: window.dialog is None)
    assert key not in demo_store.flags()


def test_a_flag_needs_a_query(qtbot, window, demo_store):
    window.flag()
    window.dialog.save_button.click()
    assert window.dialog is not None and window.current_key not in demo_store.flags()
    boxes = error_boxes()
    assert boxes and "query note" in boxes[0].text()
    for box in boxes:
        box.close()
    window.dialog.reject()
    qtbot.waitUntil(lambda: window.dialog is None)


def test_the_shortcuts_sheet_opens_with_f1(qtbot, window):
    press(qtbot, Qt.Key.Key_F1)
    assert isinstance(window.dialog, ShortcutsDialog) and window.dialog.isVisible()
    window.dialog.reject()
    qtbot.waitUntil(lambda: window.dialog is None)


def test_question_mark_opens_the_sheet_too(qtbot, window):
    window.queue.table.setFocus()
    qtbot.keyClick(window.queue.table, "?")
    assert isinstance(window.dialog, ShortcutsDialog)
    window.dialog.reject()
    qtbot.waitUntil(lambda: window.dialog is None)


def test_tab_and_shift_tab_move_between_the_questions_shown(qtbot, window, demo_store):
    key = fresh_incident(demo_store)
    window.session.answer(key, "auditable", None, "yes")
    window.session.answer(key, "discloses_crime", None, "yes")
    window.go_to(key, "auditable")
    press(qtbot, Qt.Key.Key_Tab)
    assert on_question(window) == ("discloses_crime", None)
    press(qtbot, Qt.Key.Key_Tab)
    assert on_question(window) == ("offence_group", 1)
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    press(qtbot, Qt.Key.Key_Tab, Qt.KeyboardModifier.ShiftModifier)
    assert on_question(window) == ("auditable", None)


def test_ctrl_f_finds_in_the_record(qtbot, window):
    press(qtbot, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.record_view.find_edit.hasFocus()
    qtbot.keyClicks(window.record_view.find_edit, "a")
    assert window.record_view.match_count > 0


def test_reopening_resumes_at_the_same_record_and_question(qtbot, demo_store, ui_settings):
    path = demo_store.path
    window = open_window(qtbot, demo_store, ui_settings)
    key = fresh_incident(demo_store)
    window.go_to(key)
    press(qtbot, "1")
    assert on_question(window) == ("discloses_crime", None)
    window.close()
    again = open_window(qtbot, open_audit(path), ui_settings)
    try:
        assert again.current_key == key
        assert on_question(again) == ("discloses_crime", None)
        assert again.queue.current_key() == key
    finally:
        again.close()
        again.session.close()


def test_the_layout_is_remembered(qtbot, demo_store, ui_settings):
    window = open_window(qtbot, demo_store, ui_settings)
    window.splitter.setSizes([300, 500, 566])
    sizes = window.splitter.sizes()
    window.close()
    assert ui_settings.splitter_state("main")
    again = open_window(qtbot, open_audit(demo_store.path), ui_settings)
    try:
        assert again.splitter.sizes() == sizes
    finally:
        again.close()
        again.session.close()


def test_audit_settings_change_the_title_shown(qtbot, window, demo_store):
    window.actions["settings"].trigger()
    dialog = window.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.form.title.setText("Q3 2024 crime recording audit")
    dialog.save()
    qtbot.waitUntil(lambda: window.dialog is None)
    assert window.windowTitle() == "Q3 2024 crime recording audit — CDI workbench"
    assert window.audit_title.text() == "Q3 2024 crime recording audit"
    assert demo_store.settings().title == "Q3 2024 crime recording audit"


def test_import_sample_opens_the_wizard_and_an_import_refreshes_the_queue(qtbot, tmp_path, ui_settings):
    from workbench.ops.importing import import_sample
    from workbench.ui.importing.import_wizard import ImportWizard

    from tests.factories import make_audit, write_sample

    store = make_audit(tmp_path, "empty")
    window = open_window(qtbot, store, ui_settings)
    try:
        assert window.current_key is None and window.model.rowCount() == 0
        assert "no records yet" in window.record_view.form_label.text()
        window.actions["import"].trigger()
        wizard = window.dialog
        assert isinstance(wizard, ImportWizard) and wizard.isVisible()
        wizard.reject()
        # What the wizard's last page runs: an import, as an operation of the session
        window.session.run(Changes(queue=True), import_sample, store, AUDITOR, write_sample(tmp_path, 3))
        qtbot.waitUntil(lambda: window.dialog is None)
        assert window.model.rowCount() == 3
        assert window.current_key == "INC-0001"
        assert window.queue.form_box.findData("incident") > 0
    finally:
        window.close()
        store.close()


def test_ctrl_r_shows_the_findings_computed_from_the_audit(qtbot, window):
    with qtbot.waitSignal(window.findings.updated, timeout=10_000):
        press(qtbot, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    assert window.middle.currentWidget() is window.findings
    assert "Crimes reported as part of an incident record" in window.findings.browser.toPlainText()
    window.findings.shutdown()


def test_the_findings_update_when_an_answer_changes(qtbot, window, demo_store):
    with qtbot.waitSignal(window.findings.updated, timeout=10_000):
        window.show_findings()
    before = window.findings.computed.findings.exclusions.not_auditable.get("incident", 0)
    key = fresh_incident(demo_store)
    with qtbot.waitSignal(window.findings.updated, timeout=10_000):
        window.session.answer(key, "auditable", None, "no")
    assert window.findings.computed.findings.exclusions.not_auditable.get("incident", 0) == before + 1
    window.findings.shutdown()


def test_opening_a_record_shows_the_record_tab_again(qtbot, window):
    window.show_findings()
    window.next_record()
    assert window.middle.currentWidget() is window.record_view
    window.findings.shutdown()


def test_ctrl_e_opens_the_export_dialog(qtbot, window):
    from workbench.ui.exporting.export_dialog import ExportDialog

    press(qtbot, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert isinstance(window.dialog, ExportDialog) and window.dialog.isVisible()
    window.dialog.reject()
    qtbot.waitUntil(lambda: window.dialog is None)


# -- user text, and writes that fail ------------------------------------------------------------

def test_a_name_that_looks_like_html_shows_literally(qtbot, demo_store, ui_settings):
    window = MainWindow(Session(demo_store, Actor("<b>x</b>", Role.AUDITOR, "<i>Force</i>")), ui_settings)
    qtbot.addWidget(window)
    assert window.who.text() == "<b>x</b> (auditor), <i>Force</i>"
    assert window.who.textFormat() == Qt.TextFormat.PlainText


def test_a_flag_by_someone_whose_name_looks_like_html_shows_it_literally(qtbot, window, demo_store):
    key = window.current_key
    flag_record(demo_store, Actor("<b>x</b>", Role.AUDITOR, ""), key, "Query")
    window.session.outside_changes()
    window.flag()
    label = window.dialog.flagged_label
    assert label.text().startswith("Flagged by <b>x</b> on ") and label.textFormat() == Qt.TextFormat.PlainText
    window.dialog.reject()
    qtbot.waitUntil(lambda: window.dialog is None)


def test_an_undo_that_cannot_be_saved_says_why_and_shows_the_saved_answer(qtbot, window, demo_store, monkeypatch):
    key = fresh_incident(demo_store)
    window.go_to(key)
    press(qtbot, "1")
    monkeypatch.setattr(demo_store, "set_answers", locked)
    window.actions["undo"].trigger()
    assert close_error_boxes() == ["Audit file busy"]
    assert demo_store.queue_row(key).progress == "in_progress"
    assert window.checklist.cards[("auditable", None)].buttons["yes"].isChecked()
    assert window.actions["undo"].isEnabled()  # still there, to try again
    monkeypatch.undo()
    window.actions["undo"].trigger()
    assert demo_store.queue_row(key).progress == "not_started"


def test_clearing_a_flag_that_cannot_be_saved_says_why_and_keeps_it_shown(qtbot, window, demo_store, monkeypatch):
    key = window.current_key
    window.session.flag(key, "Query")
    monkeypatch.setattr(demo_store, "set_flag", locked)
    window.actions["clear_flag"].trigger()
    assert close_error_boxes() == ["Audit file busy"]
    assert key in demo_store.flags()
    assert window.checklist.flag_note.isVisibleTo(window) and window.actions["clear_flag"].isEnabled()


def test_the_flag_dialog_stays_open_when_its_save_fails(qtbot, window, demo_store, monkeypatch):
    window.flag()
    qtbot.keyClicks(window.dialog.note, "One crime or two?")
    monkeypatch.setattr(demo_store, "set_flag", locked)
    window.dialog.save_button.click()
    assert close_error_boxes() == ["Audit file busy"]
    assert window.dialog is not None and window.dialog.note.toPlainText() == "One crime or two?"
    assert window.current_key not in demo_store.flags()
    window.dialog.reject()
    qtbot.waitUntil(lambda: window.dialog is None)


def test_answers_saved_by_another_program_show_up(qtbot, window, demo_store):
    from workbench.ops.answering import answer

    key = window.current_key
    window.check_outside_changes()  # the version seen so far
    with open_audit(demo_store.path) as other:  # e.g. `workbench answers` from a terminal
        answer(other, AUDITOR, key, "auditable", "no")
    window.check_outside_changes()
    assert window.model.row_of(key) is not None
    assert window.session.store.queue_row(key).progress == "complete"
    assert window.model.data(window.model.index(window.model.row_of(key), 2)) == "Complete"
    assert "changed by another program" in window.statusBar().currentMessage()


def test_the_windows_own_answers_are_not_taken_for_outside_changes(qtbot, window, demo_store):
    window.check_outside_changes()
    window.session.answer(fresh_incident(demo_store), "auditable", None, "yes")
    window.check_outside_changes()
    assert "another program" not in window.statusBar().currentMessage()


def test_the_full_text_index_catching_up_is_not_taken_for_outside_changes(qtbot, window, demo_store):
    assert demo_store.search_backlog() > 0   # the demo's records were imported, not yet indexed
    window.check_outside_changes()
    window.session.index_for_search()
    while window.session.indexer.busy:
        window.check_outside_changes()
        qtbot.wait(20)
    window.check_outside_changes()
    window.check_outside_changes()
    assert demo_store.search_backlog() == 0
    assert "another program" not in window.statusBar().currentMessage()


def test_a_read_only_audit_shows_a_banner_and_offers_nothing_that_writes(qtbot, demo_store, ui_settings):
    path = demo_store.path
    demo_store.close()
    store = AuditStore.open(path, read_only=True)
    window = open_window(qtbot, store, ui_settings)
    try:
        assert window.banner.isVisible() and "Read-only" in window.banner.text() and "Save a copy" in window.banner.text()
        assert not any(window.actions[name].isEnabled() for name in ("import", "settings", "flag", "undo"))
        assert window.actions["export"].isEnabled() and window.actions["save_copy"].isEnabled()
        assert not window.checklist.scroll.widget().isEnabled()
    finally:
        window.close()
        store.close()


def test_an_audit_that_can_be_written_shows_no_banner(window):
    assert not window.banner.isVisible() and window.actions["import"].isEnabled()
    assert window.checklist.scroll.widget().isEnabled()


def test_save_a_copy_writes_a_verified_copy_and_says_where(qtbot, window, tmp_path):
    from workbench.store.verify import verify

    dest = tmp_path / "copies" / "mine.cdiaudit"
    dest.parent.mkdir()
    window.copy_audit_to(dest)
    qtbot.waitUntil(lambda: "Saved a verified copy" in window.statusBar().currentMessage(), timeout=20_000)
    with AuditStore.open(dest) as copy:
        assert copy.record_count() == 60 and verify(copy).ok


def test_opening_a_record_is_logged_as_a_consultation_once_per_session(window, demo_store):
    def views(key):
        return [e for e in demo_store.events() if e.action == "record.view" and e.detail["record"] == key]

    first, second = window.model.key_at(0), window.model.key_at(1)
    window.go_to(second)
    window.go_to(first)
    window.go_to(second)
    window.session.log_consultations()   # at the next pause, or before any change
    assert len(views(second)) == 1 and len(views(first)) == 1
    assert str(views(second)[0].operation) == "consultation"


def test_records_read_in_quick_succession_are_logged_together_before_the_next_change(window, demo_store):
    window.session.log_consultations()   # the record the window opened on
    seen = {e.detail.get("record") for e in demo_store.events() if e.action == "record.view"}
    keys = [k for k in (window.model.key_at(r) for r in range(10)) if k not in seen][:3]
    for key in keys:
        window.go_to(key)
    assert not [e for e in demo_store.events() if e.action == "record.view" and e.detail["record"] in keys]
    window.session.answer(keys[-1], "auditable", None, "yes")
    events = list(demo_store.events())
    views = [e for e in events if e.action == "record.view" and e.detail["record"] in keys]
    assert [e.detail["record"] for e in views] == keys and len({e.at for e in views}) == 1
    assert events[-1].action == "answer.set" and events[-1].seq > views[-1].seq


def test_a_closed_window_stops_looking_for_outside_changes(window):
    assert window.watch.isActive()
    window.close()
    assert not window.watch.isActive()
