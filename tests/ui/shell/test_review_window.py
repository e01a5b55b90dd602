"""The review window as a new user meets it (issue 13): each rough edge they found, now smooth."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QHeaderView

from workbench.ops.audits import open_audit
from workbench.store.verify import verify
from workbench.ui.audit_log.log_view import AuditLogDialog
from workbench.ui.exporting.export_dialog import ExportDialog
from workbench.ui.review.flag_dialog import FlagDialog
from workbench.ui.review.queue_model import COMPLIANCE
from workbench.ui.shell import help as help_module

from tests.factories import make_audit
from tests.ui.shell.test_main_window import fresh_incident, on_question, press
from tests.ui.windows import open_window

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")
CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def window(qtbot, demo_store, ui_settings):
    return open_window(qtbot, demo_store, ui_settings)


def shown_keys(window) -> list[str]:
    return [window.model.key_at(r) for r in range(window.model.rowCount())]


def close_dialog(qtbot, window) -> None:
    window.dialog.reject()
    qtbot.waitUntil(lambda: window.dialog is None)


def answer_crime_not_recorded(window, key) -> None:
    for question, instance, value in (("auditable", None, "yes"), ("discloses_crime", None, "yes"),
                                      ("offence_group", 1, "theft"), ("recorded", 1, "no"),
                                      ("not_recorded_reason", 1, "incident_only")):
        window.session.answer(key, question, instance, value)


# -- moving on --------------------------------------------------------------------------------

def test_ctrl_enter_under_a_filter_of_complete_records_says_how_many_others_are_not(qtbot, window, demo_store):
    window.queue.state_box.setCurrentIndex(window.queue.state_box.findData("complete"))
    window.go_to(window.model.key_at(0))
    press(qtbot, Qt.Key.Key_Return, CTRL)
    incomplete = sum(1 for r in demo_store.queue() if r.progress != "complete")
    message = window.statusBar().currentMessage()
    assert message.startswith(f"Every record the filter shows is complete; {incomplete} other records are not.")
    window.queue.state_box.setCurrentIndex(0)
    assert window.statusBar().currentMessage() == ""   # no word about a filter that has gone


def test_the_not_complete_banner_goes_once_the_record_is_complete(qtbot, window, demo_store):
    key = fresh_incident(demo_store)
    window.go_to(key)
    press(qtbot, "1")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert window.checklist.banner_frame.isVisibleTo(window)
    press(qtbot, "n")                                      # discloses no crime: nothing else is needed
    assert window.checklist.state.complete
    assert not window.checklist.banner_frame.isVisibleTo(window)


def test_the_banner_names_what_is_still_needed_as_answers_come(qtbot, window, demo_store):
    key = fresh_incident(demo_store)
    window.go_to(key)
    press(qtbot, "1")
    press(qtbot, "y")
    press(qtbot, Qt.Key.Key_Return, CTRL)
    assert "Which offence should have been recorded" in window.checklist.banner.text()
    press(qtbot, "0")                                      # the offence: theft
    assert "Which offence" not in window.checklist.banner.text()
    assert "Was this crime recorded" in window.checklist.banner.text()


# -- the rationale box --------------------------------------------------------------------------

def test_enter_in_the_rationale_saves_it_and_goes_on_and_shift_enter_starts_a_new_line(qtbot, window, demo_store):
    key = fresh_incident(demo_store)
    answer_crime_not_recorded(window, key)
    window.go_to(key, "rationale")
    box = QApplication.focusWidget()
    qtbot.keyClicks(box, "Kept as an incident.")
    press(qtbot, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClicks(box, "A theft was disclosed.")
    assert box.toPlainText() == "Kept as an incident.\nA theft was disclosed."
    press(qtbot, Qt.Key.Key_Return)
    saved = {(a.question, a.instance): a.value for a in demo_store.answers(record_key=key)}
    assert saved[("rationale", None)] == "Kept as an incident.\nA theft was disclosed."
    assert demo_store.queue_row(key).progress == "complete"


def test_the_sheet_the_readme_and_the_box_agree_on_enter(window):
    from pathlib import Path

    from workbench.ui.shell.shortcuts import SHEET

    sheet = dict(entry for _title, entries in SHEET for entry in entries)
    assert sheet["Enter"].startswith("In a text box: save it and go on")
    assert sheet["Shift+Enter"] == "In a long text box (the rationale): a new line"
    readme = (Path(__file__).parents[3] / "README.md").read_text(encoding="utf-8")
    assert "`Shift+Enter` starts a new line in a long text box" in readme


# -- keys from text boxes ---------------------------------------------------------------------------

@pytest.mark.parametrize("box", ["filter", "find"])
def test_ctrl_e_exports_from_the_filter_and_the_find_box(qtbot, window, box):
    if box == "find":
        window.record_view.start_find()
        widget = window.record_view.find_edit
    else:
        widget = window.queue.search
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus)
    qtbot.keyClicks(widget, "theft")
    qtbot.keyClick(widget, Qt.Key.Key_E, CTRL)
    assert isinstance(window.dialog, ExportDialog)
    close_dialog(qtbot, window)
    assert widget.text() == "theft"   # nothing of the box's own (end of line) happened instead


def test_ctrl_k_in_the_filter_box_goes_to_the_previous_record_not_deletes_the_text(qtbot, window):
    window.go_to(window.model.key_at(5))
    window.queue.search.setFocus()
    qtbot.waitUntil(window.queue.search.hasFocus)
    qtbot.keyClicks(window.queue.search, "a")
    window.queue.search.setCursorPosition(0)
    qtbot.keyClick(window.queue.search, Qt.Key.Key_K, CTRL)
    assert window.current_key == window.model.key_at(4) and window.queue.search.text() == "a"


# -- the queue -----------------------------------------------------------------------------------------

def test_a_key_prefix_filters_keys_only_and_says_so(qtbot, window, demo_store):
    cannabis = [r.key for r in demo_store.queue() if r.key.startswith("CAN-")]
    assert cannabis
    qtbot.keyClicks(window.queue.search, "CAN-")
    window.queue._apply_filters()
    assert shown_keys(window) == cannabis
    assert window.queue.searching.text() == "Records whose key starts with “CAN-”."
    window.queue.search.setText("fence")
    window.queue._apply_filters()
    assert "or with these words" in window.queue.searching.text()


def test_down_from_the_filter_box_enters_the_list_and_enter_opens_the_record_into_its_checklist(qtbot, window, demo_store):
    target = [r.key for r in demo_store.queue() if r.key.startswith("CAN-")][0]
    window.queue.search.setFocus()
    qtbot.waitUntil(window.queue.search.hasFocus)
    qtbot.keyClicks(window.queue.search, target)
    press(qtbot, Qt.Key.Key_Down)
    assert window.queue.table.hasFocus() and window.current_key == target
    press(qtbot, Qt.Key.Key_Return)
    assert window.checklist.isAncestorOf(QApplication.focusWidget())


def test_ctrl_1_then_enter_on_a_single_match_opens_it(qtbot, window, demo_store):
    first = window.current_key
    target = [r.key for r in demo_store.queue() if r.key != first][-1]
    window.queue.search.setText(target)
    window.queue._apply_filters()
    assert shown_keys(window) == [target]
    press(qtbot, Qt.Key.Key_1, CTRL)
    press(qtbot, Qt.Key.Key_Return)
    assert window.current_key == target
    assert window.checklist.isAncestorOf(QApplication.focusWidget())


def test_the_non_compliant_filter_keeps_the_complete_non_compliant_records(window, demo_store):
    window.queue.state_box.setCurrentIndex(window.queue.state_box.findData("noncompliant"))
    expected = [r.key for r in demo_store.queue() if r.progress == "complete" and r.compliant is False]
    assert expected and shown_keys(window) == expected
    assert {window.model.index(r, COMPLIANCE).data() for r in range(window.model.rowCount())} == {"✗ No"}


def test_unable_to_determine_shows_the_record_left_out_of_the_compliance_count(qtbot, window, demo_store):
    key = fresh_incident(demo_store)
    window.go_to(key)
    press(qtbot, "1")
    press(qtbot, "u")                                    # discloses a crime? unable to determine
    assert window.checklist.state.complete
    assert "Left out of the compliance count" in window.checklist.summary.text()
    assert "Compliant" not in window.checklist.summary.text().replace("compliance", "")
    assert window.model.index(window.model.row_of(key), COMPLIANCE).data() == "– Unable"


def laptop_window(qtbot, store, ui_settings, width=1366):
    """A window at a laptop's size (the offscreen screen is smaller: not maximised to it)."""
    from workbench.ui.common.session import Session
    from workbench.ui.shell.main_window import MainWindow

    from tests.factories import AUDITOR

    window = MainWindow(Session(store, AUDITOR), ui_settings)
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(width, 768)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_records_pane_keeps_its_width_and_shows_its_headings_after_a_relaunch(qtbot, demo_store, ui_settings):
    first = laptop_window(qtbot, demo_store, ui_settings)
    first.splitter.setSizes([520, 420, 426])
    first.close()
    again = laptop_window(qtbot, demo_store, ui_settings)
    assert abs(again.splitter.sizes()[0] - 520) <= 2
    header = again.queue.table.horizontalHeader()
    for column in range(again.model.columnCount()):
        assert header.sectionSize(column) >= header.sectionSizeFromContents(column).width() or \
            header.sectionResizeMode(column) == QHeaderView.ResizeMode.Stretch, column
    assert again.queue.progress.overall_label.sizeHint().width() <= again.queue.progress.overall_label.width()


def test_a_window_shown_small_then_maximised_gives_the_records_pane_its_saved_width_back(qtbot, demo_store, ui_settings):
    first = laptop_window(qtbot, demo_store, ui_settings)
    first.splitter.setSizes([520, 420, 426])
    first.close()
    again = laptop_window(qtbot, demo_store, ui_settings, width=1100)   # as a window manager first shows it
    again.resize(1366, 768)                                             # then maximises it
    qtbot.waitUntil(lambda: abs(again.splitter.sizes()[0] - 520) <= 2)


def test_the_records_pane_is_never_narrower_than_its_columns(qtbot, demo_store, ui_settings):
    window = laptop_window(qtbot, demo_store, ui_settings)
    window.splitter.setSizes([100, 800, 466])
    header = window.queue.table.horizontalHeader()
    visible = sum(header.sectionSize(c) for c in range(window.model.columnCount()))
    assert window.splitter.sizes()[0] >= window.queue.minimum_width()
    assert visible <= window.queue.table.viewport().width()


# -- find, flags -----------------------------------------------------------------------------------------

def test_esc_from_find_gives_the_keys_back_to_the_checklist(qtbot, window, demo_store):
    key = fresh_incident(demo_store)
    window.go_to(key)
    press(qtbot, Qt.Key.Key_F, CTRL)
    qtbot.keyClicks(window.record_view.find_edit, "a")
    press(qtbot, Qt.Key.Key_Escape)
    assert on_question(window) == ("auditable", None)
    press(qtbot, "1")                                      # a number key answers again
    assert demo_store.queue_row(key).progress == "in_progress"


def test_ctrl_enter_saves_the_flag(qtbot, window, demo_store):
    key = window.current_key
    window.flag()
    assert isinstance(window.dialog, FlagDialog)
    qtbot.keyClicks(window.dialog.note, "One crime or two?")
    qtbot.keyClick(window.dialog.note, Qt.Key.Key_Return, CTRL)
    qtbot.waitUntil(lambda: window.dialog is None)
    assert demo_store.flags()[key].note == "One crime or two?"


# -- an empty audit ---------------------------------------------------------------------------------------

def test_an_empty_audit_offers_the_import_and_no_next_record(qtbot, tmp_path, ui_settings):
    store = make_audit(tmp_path)
    window = open_window(qtbot, store, ui_settings)
    try:
        assert window.record_view.import_button.isVisibleTo(window)
        assert not window.actions["next"].isEnabled() and not window.actions["previous"].isEnabled()
        window.record_view.import_button.click()
        assert type(window.dialog).__name__ == "ImportWizard"
        close_dialog(qtbot, window)
    finally:
        window.close()
        store.close()


def test_an_audit_with_records_shows_no_import_button(window):
    assert not window.record_view.import_button.isVisibleTo(window)
    assert window.actions["next"].isEnabled()


# -- the log, verify, about -------------------------------------------------------------------------------

def test_the_audit_log_shows_who_did_what_newest_first_and_filters(qtbot, window, demo_store):
    key = fresh_incident(demo_store)
    window.session.answer(key, "auditable", None, "yes")
    window.show_log()
    dialog = window.dialog
    assert isinstance(dialog, AuditLogDialog)
    model = dialog.model
    newest = model.index(0, 4).data()
    assert newest.startswith(f"{key} auditable") and model.index(0, 2).data() == "Test Auditor (auditor)"
    assert model.total == len(list(demo_store.events()))
    dialog.who.setCurrentIndex(dialog.who.findData("Demo Auditor"))
    assert {model.index(r, 2).data() for r in range(model.rowCount())} == {"Demo Auditor (auditor)"}
    dialog.what.setCurrentIndex(dialog.what.findData("records.import"))
    assert model.total == 1 and model.index(0, 4).data().startswith("imported 60 record(s)")
    dialog.who.setCurrentIndex(0)
    dialog.what.setCurrentIndex(0)
    dialog.text.setText(key)
    dialog.apply_filters()
    assert all(key in model.index(r, 4).data() for r in range(model.rowCount())) and model.total >= 2
    close_dialog(qtbot, window)


def test_the_audit_log_reads_a_long_log_a_page_at_a_time(qtbot, window, demo_store, monkeypatch):
    from workbench.ui.audit_log import log_view

    monkeypatch.setattr(log_view, "PAGE", 50)
    dialog = AuditLogDialog(demo_store, window)
    qtbot.addWidget(dialog)
    total = len(list(demo_store.events()))
    assert dialog.model.rowCount() == 50 and dialog.model.canFetchMore()
    while dialog.model.canFetchMore():
        dialog.model.fetchMore()
    seqs = [e.seq for e in dialog.model.events]
    assert seqs == sorted(seqs, reverse=True) and len(seqs) == total == len(set(seqs))
    assert dialog.shown.text() == f"{total} events."


def test_audit_verify_gives_the_result_of_workbench_verify(qtbot, window, demo_store):
    boxes = []
    from workbench.ui.audit_log.verify_check import verify_open_audit

    verify_open_audit(window.session, window, said=boxes.append)
    qtbot.waitUntil(lambda: bool(boxes), timeout=30_000)
    report = verify(demo_store)
    assert report.ok
    assert boxes[0].text() == f"demo.cdiaudit is intact: {report.events:,} events chain correctly and match the audit's contents."
    boxes[0].close()


def test_audit_verify_lists_every_problem_the_command_line_lists(qtbot, window, demo_store):
    demo_store.db.execute("DROP TRIGGER events_refuse_update")
    boxes = []
    from workbench.ui.audit_log.verify_check import verify_open_audit

    verify_open_audit(window.session, window, said=boxes.append)
    qtbot.waitUntil(lambda: bool(boxes), timeout=30_000)
    problems = verify(demo_store).problems
    assert problems and boxes[0].windowTitle() == "Verify failed"
    assert all(p in boxes[0].detailedText() or p in boxes[0].informativeText() for p in problems)
    boxes[0].close()


def test_about_says_the_version_the_file_format_where_data_lives_and_the_fonts_licence(qtbot, window):
    import workbench
    from workbench.store.schema import SCHEMA_VERSION

    window.show_about()
    facts = dict(window.dialog.facts)
    assert facts["Version"] == workbench.__version__
    assert facts["Audit file format"].startswith(f"{SCHEMA_VERSION} ")
    assert facts["This audit"] == str(window.session.path)
    assert "Bitstream Vera" in facts["Fonts"] and facts["Fonts' licence"].endswith("LICENSE-DejaVu.txt")
    close_dialog(qtbot, window)


def test_the_user_guide_opens_beside_the_window_on_its_contents_page(window, qtbot):
    window.actions["guide"].trigger()
    guide = window.guide
    assert guide is not None and guide.isVisible() and not guide.isModal()
    assert guide.page.as_posix().endswith("docs/user-guide.md")
    window.actions["guide"].trigger()   # again: the same window, brought forward
    assert window.guide is guide
    guide.close()
    qtbot.waitUntil(lambda: window.guide is None)


def test_the_user_guide_says_so_when_it_was_not_installed(window, monkeypatch):
    said = []
    monkeypatch.setattr(help_module.paths, "user_guide", lambda: None)
    monkeypatch.setattr(help_module.errors, "message_box", lambda parent, title, text: said.append(text))
    window.actions["guide"].trigger()
    assert window.guide is None
    assert said and "not installed" in said[0]


def test_a_record_answered_then_reopened_from_the_start_screen_shows_its_state_in_the_queue(qtbot, tmp_path, ui_settings):
    from workbench.ops.audits import build_demo
    from workbench.ui.shell.app import Workbench

    from tests.factories import AUDITOR

    build_demo(tmp_path / "demo.cdiaudit").store.close()
    ui_settings.identity = AUDITOR
    workbench = Workbench(ui_settings, AUDITOR, data_dir=tmp_path / "data")
    try:
        workbench.start(tmp_path / "demo.cdiaudit")
        window = workbench.window
        key = fresh_incident(window.session.store)
        answer_crime_not_recorded(window, key)
        window.go_to(key, "rationale")
        window.checklist.cards[("rationale", None)].editor.setPlainText("Kept as an incident.")   # typed, not yet saved
        workbench.show_start()
        workbench.start_dialog._open_item(workbench.start_dialog.recent.item(0))
        window = workbench.window
        assert window.model.index(window.model.row_of(key), 2).data() == "Complete"
        window.go_to(key)
        assert window.checklist.state.complete
    finally:
        workbench.close()
    with open_audit(tmp_path / "demo.cdiaudit") as store:
        assert store.queue_row(key).progress == "complete"


def test_a_large_audit_shows_its_first_record_before_reading_the_whole_queue(qtbot, demo_store, ui_settings, monkeypatch):
    from workbench.ui.shell import main_window

    monkeypatch.setattr(main_window, "QUEUE_LATER_ABOVE", 10)
    from workbench.ui.common.session import Session
    from tests.factories import AUDITOR

    window = main_window.MainWindow(Session(demo_store, AUDITOR), ui_settings)
    qtbot.addWidget(window)
    assert not window.model.loaded and window.current_key == demo_store.first_incomplete_key()
    assert window.queue.shown.text() == "Reading the records…"
    window.show()
    qtbot.waitUntil(lambda: window.model.loaded)
    assert window.model.rowCount() == 60 and window.queue.current_key() == window.current_key
    assert window.actions["next"].isEnabled()
