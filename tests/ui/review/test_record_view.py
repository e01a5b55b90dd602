"""The record pane: fields laid out to read, dates as dates, find with highlight."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QColor, QEnterEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import QApplication, QTextEdit

from workbench.core.records import Record
from workbench.ui.review.record_view import RecordView

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")

LOG = "\n".join(f"{9 + n // 6:02d}:{n % 6 * 10:02d} Caller rang again about the car parked on the verge, entry {n}." for n in range(60))


def shown_pane(qtbot) -> RecordView:
    widget = RecordView()
    qtbot.addWidget(widget)
    widget.resize(640, 700)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def view(qtbot):
    return shown_pane(qtbot)


def record(**fields) -> Record:
    return Record("INC-2024-000001", "incident", {"reported": "2024-03-14 14:02", "officer": "PC 1234", "narrative": LOG, **fields}, "2024.1")


def test_fields_are_shown_with_dates_as_dates_and_long_text_as_paragraphs(view):
    view.show_record(record(), "Incident record")
    text = view.text.toPlainText()
    assert view.key_label.text() == "INC-2024-000001"
    assert "Thu 14 Mar 2024, 14:02" in text and "2024-03-14 14:02" not in text
    assert "Reported" in text and "NARRATIVE" in text
    assert text.count("Caller rang again") == 60
    assert len(LOG) > 3000


def test_short_fields_sit_in_a_table_a_label_beside_each_value(view):
    view.show_record(record(), "Incident record")
    table = view.text.document().rootFrame().childFrames()[0]
    cells = [[table.cellAt(row, column).firstCursorPosition().block().text() for column in range(2)]
             for row in range(table.rows())]
    assert cells == [["Reported", "Thu 14 Mar 2024, 14:02"], ["Officer", "PC 1234"]]


def test_long_text_wraps_at_a_reading_width_and_scrolls(view):
    view.show_record(record(), "Incident record")
    assert view.text.lineWrapColumnOrWidth() <= view.text.viewport().width()
    assert view.text.verticalScrollBar().maximum() > 0
    assert view.text.horizontalScrollBar().maximum() == 0


def test_find_highlights_every_match_and_steps_through_them(qtbot, view):
    view.show_record(record(), "Incident record")
    view.start_find()
    assert view.find_edit.hasFocus()
    qtbot.keyClicks(view.find_edit, "entry 1")
    assert view.match_count == 11  # entry 1, 10..19
    assert len(view.text.extraSelections()) == 11
    assert view.find_count.text() == "1 of 11"
    qtbot.keyClick(view.find_edit, Qt.Key.Key_Return)
    assert view.current_match == 2
    qtbot.keyClick(view.find_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(view.find_edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert view.current_match == 11
    qtbot.keyClick(view.find_edit, Qt.Key.Key_Escape)
    assert not view.find_bar.isVisible() and view.text.extraSelections() == []


def test_find_is_case_insensitive_and_says_when_nothing_matches(qtbot, view):
    view.show_record(record(), "Incident record")
    view.start_find()
    qtbot.keyClicks(view.find_edit, "CALLER")
    assert view.match_count == 60
    view.find_edit.setText("helicopter")
    assert view.match_count == 0 and view.find_count.text() == "No matches"


def test_the_search_follows_to_the_next_record(view):
    view.show_record(record(), "Incident record")
    view.start_find()
    view.find_edit.setText("verge")
    view.show_record(Record("INC-2", "incident", {"narrative": "Nothing on the verge here."}, "2024.1"), "Incident record")
    assert view.match_count == 1


def test_a_record_key_and_checklist_title_that_look_like_html_show_literally(view):
    view.show_record(Record("<b>x</b>", "incident", {"officer": "<i>PC</i>"}, "2024.1"), "<u>Incident</u>")
    assert (view.key_label.text(), view.key_label.textFormat()) == ("<b>x</b>", Qt.TextFormat.PlainText)
    assert (view.form_label.text(), view.form_label.textFormat()) == ("<u>Incident</u>", Qt.TextFormat.PlainText)
    assert "<i>PC</i>" in view.text.toPlainText()


# -- the key: selectable with the mouse ---------------------------------------------------------

def selectable(label) -> bool:
    return bool(label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse)


def mouse_enters(label) -> None:
    QApplication.sendEvent(label, QEnterEvent(QPointF(5, 5), QPointF(5, 5), QPointF(5, 5)))


def mouse_leaves(label) -> None:
    QApplication.sendEvent(label, QEvent(QEvent.Type.Leave))


def test_the_key_can_be_selected_with_the_mouse_over_it(view):
    view.show_record(record())
    mouse_enters(view.key_label)
    view.key_label.setSelection(0, 3)
    assert view.key_label.selectedText() == "INC"


def test_a_selection_stays_when_the_mouse_leaves_to_copy_it(view):
    view.show_record(record())
    mouse_enters(view.key_label)
    view.key_label.setSelection(0, 3)
    mouse_leaves(view.key_label)   # to the context menu's "Copy", say
    assert view.key_label.selectedText() == "INC"


def test_a_key_shown_with_the_mouse_elsewhere_is_plain_text_until_the_mouse_comes(view):
    mouse_enters(view.key_label)
    mouse_leaves(view.key_label)
    view.show_record(record())
    assert not selectable(view.key_label)   # no document of its own to lay out: a faster move
    mouse_enters(view.key_label)
    assert selectable(view.key_label)


def test_a_key_shown_with_the_mouse_over_it_stays_selectable(view):
    mouse_enters(view.key_label)
    view.show_record(record())
    assert selectable(view.key_label)


# -- the record filled ahead is drawn ahead: it looks as one shown directly, whatever comes after

@pytest.fixture
def direct(qtbot):
    """A second record pane as large as ``view``, showing records without filling them ahead."""
    return shown_pane(qtbot)


def drawn(pane: RecordView):
    return pane.text.viewport().grab().toImage()


def shown_ahead(view: RecordView, direct: RecordView) -> None:
    """The same record in both panes: filled (and drawn) ahead in ``view``, directly in ``direct``."""
    view.show_record(record())
    later = Record("INC-2024-000002", "incident", {"reported": "2024-03-15 09:30", "narrative": LOG[::-1]}, "2024.1")
    view.prepare(later)
    view.show_record(later)
    direct.show_record(later)
    direct.text.clearFocus()   # the pane shown last has the focus, and shows the text cursor


def test_a_record_filled_ahead_looks_as_one_shown_directly(view, direct):
    shown_ahead(view, direct)
    assert drawn(view) == drawn(direct)


def test_it_looks_so_scrolled(view, direct):
    shown_ahead(view, direct)
    for pane in (view, direct):
        pane.text.verticalScrollBar().setValue(200)
    assert drawn(view) == drawn(direct)


def test_it_looks_so_with_text_selected(view, direct):
    shown_ahead(view, direct)
    for pane in (view, direct):
        cursor = pane.text.textCursor()
        cursor.setPosition(40)
        cursor.setPosition(90, QTextCursor.MoveMode.KeepAnchor)
        pane.text.setTextCursor(cursor)
    assert drawn(view) == drawn(direct)


def test_it_looks_so_with_the_finds_highlights_and_the_next_match(view, direct):
    shown_ahead(view, direct)
    for pane in (view, direct):
        pane.start_find()
        pane.find_edit.setText("verge")
    assert drawn(view) == drawn(direct)
    for pane in (view, direct):
        pane.find_next()   # as many highlights, another one current
    assert drawn(view) == drawn(direct)


def test_it_looks_so_narrower(view, direct):
    shown_ahead(view, direct)
    for pane in (view, direct):
        pane.resize(500, 700)
    assert drawn(view) == drawn(direct)


def test_it_shows_its_cursor_once_focused(qapp, qtbot, view, direct):
    shown_ahead(view, direct)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.text.clearFocus()
    view.text.draw_ahead()   # drawn ahead in the active window, unfocused
    before = drawn(view)
    flash = qapp.cursorFlashTime()
    qapp.setCursorFlashTime(0)   # the cursor shown steadily, not blinking
    try:
        view.text.setFocus()
        assert drawn(view) != before
    finally:
        qapp.setCursorFlashTime(flash)


def test_it_looks_so_when_another_record_is_shown_in_it(view, direct):
    shown_ahead(view, direct)
    for pane in (view, direct):
        pane.show_record(record(officer="PC 5678"))
    direct.text.clearFocus()
    assert drawn(view) == drawn(direct)


def test_it_looks_so_with_highlights_set_on_it(view, direct):
    shown_ahead(view, direct)
    for pane in (view, direct):
        highlight = QTextEdit.ExtraSelection()
        highlight.cursor = pane.text.document().find("Mar")
        marked = QTextCharFormat()
        marked.setBackground(QColor("#ffe08a"))
        highlight.format = marked
        pane.text.setExtraSelections([highlight])
    assert drawn(view) == drawn(direct)
