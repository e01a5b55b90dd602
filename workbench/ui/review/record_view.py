"""The record pane: the imported source fields, laid out to be read.

Short fields sit in a label/value table; long ones (an incident log of several
thousand characters) follow as wrapped paragraphs at a comfortable line length,
one paragraph per line of the log. ISO dates read as dates. ``Ctrl+F`` opens a
find bar that highlights every match and steps through them.

Laying out a record's text takes a few milliseconds (a table of thirty fields and
three long narratives), most of a move to the next record. So the pane holds two text
views: the one shown, and one the window fills, while it is idle, with the record
likely to come next (``prepare``). Showing that record is then a switch of views.
Drawing its text is still a millisecond, so the view filled ahead is also drawn ahead, into
a picture, and its first paint copies that picture (``_ReadingText.draw_ahead``) if
nothing it shows has changed since: the text, its width, the scroll, the selection, the
highlights, the window's being active, and no focus (a focused view shows its cursor).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import (
    QColor, QFont, QKeyEvent, QKeySequence, QPaintEvent, QPixmap, QTextBlockFormat, QTextCharFormat, QTextCursor,
    QTextDocument, QTextLength, QTextTableFormat,
)
from PySide6.QtWidgets import (
    QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QTextEdit, QToolButton, QVBoxLayout, QWidget,
)

from workbench.core.records import Record
from workbench.ops.record_insights import RecordInsights
from workbench.ui.common import style
from workbench.ui.common.kept_looks import KeptLook
from workbench.ui.common.page_stack import PageStack
from workbench.ui.common.text import as_date_text, field_label
from workbench.ui.review.key_label import KeyLabel
from workbench.ui.review.source_change_banner import SourceChangeBanner
from workbench.ui.review.wrap_label import WrapLabel

LONG_FIELD = 120          # characters: longer values are read as paragraphs
READING_WIDTH_CHARS = 78  # a comfortable line length for narrative text
_LOG_TIME = re.compile(r"^((?:\d{1,2}/\d{1,2} )?\d{1,2}:\d{2})\s")


class _ReadingText(QTextEdit):
    """Read-only rich text that wraps at a reading width, never wider than the pane."""

    def __init__(self, parent: QWidget | None = None):
        self._ahead = KeptLook()   # the text drawn ahead (``draw_ahead``), and what it showed
        self._highlighted = False   # the find's highlights shown (``setExtraSelections``)
        super().__init__(parent)
        self._label_widths: dict[tuple[str, ...], int] = {}   # before the font is set (``changeEvent``)
        self.setReadOnly(True)
        self.setTabChangesFocus(True)   # Tab reads on to the checklist
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFont(style.reading_font(self.font()))
        self.document().setDocumentMargin(2 * style.SPACING)
        self.document().setUndoRedoEnabled(False)   # read-only: each record's fill would be kept for undo
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # Always there: a scroll bar that comes and goes with the record's length changes the
        # width, and the whole record is laid out again (twice) on every move.
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)

    def label_width(self, names: list[str]) -> int:
        """The width of the field table's label column: its longest label and a gap (an audit's
        records share their fields, so it is measured once for them all)."""
        key = tuple(names)
        if key not in self._label_widths:
            if len(self._label_widths) >= 8:
                self._label_widths.clear()
            widest = max(self.fontMetrics().horizontalAdvance(field_label(name)) for name in names)
            self._label_widths[key] = widest + 3 * style.SPACING
        return self._label_widths[key]

    def changeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self._ahead.forget()   # font, palette, style, enabled: drawn afresh
        if event.type() == QEvent.Type.FontChange:
            self._label_widths.clear()
        super().changeEvent(event)

    # -- drawn ahead ------------------------------------------------------------------------
    def _shows(self) -> tuple:
        """All that the text's drawing depends on and that changes without an event."""
        cursor = self.textCursor()
        return (self.document().revision(), self.viewport().size(), self.lineWrapColumnOrWidth(),
                self.verticalScrollBar().value(), cursor.position(), cursor.anchor(), self.isActiveWindow(),
                self.devicePixelRatioF())

    def draw_ahead(self) -> None:
        """Draw the text now (the window is idle), for its next paint to copy."""
        ratio = self.devicePixelRatioF()
        picture = QPixmap(self.viewport().size() * ratio)
        picture.setDevicePixelRatio(ratio)
        self.viewport().render(picture)
        self._ahead.keep(self._shows(), picture)

    def setExtraSelections(self, selections) -> None:  # noqa: N802 - Qt override
        if selections or self._highlighted:   # the find's highlights change (none again is no change)
            self._ahead.forget()
        self._highlighted = bool(selections)
        super().setExtraSelections(selections)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        if not self.hasFocus() and self._ahead.paint(self.viewport(), self._shows()):
            return
        self._ahead.forget()   # a paint of anything else: the picture is out of date from now on
        super().paintEvent(event)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        reading = self.fontMetrics().averageCharWidth() * READING_WIDTH_CHARS
        width = max(200, min(reading, self.viewport().width()))
        if width != self.lineWrapColumnOrWidth():   # setting it lays the whole text out again, even unchanged
            self.setLineWrapColumnOrWidth(width)
        super().resizeEvent(event)


class RecordView(QWidget):
    """Shows one record; ``start_find`` opens the find bar (the window's Ctrl+F)."""

    matches_changed = Signal(int)
    find_closed = Signal()   # Esc or ✕: the window gives the focus back to the checklist

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pane")
        self.record: Record | None = None
        self.key_label = KeyLabel()   # selectable with the mouse, to copy the key
        self.form_label = WrapLabel(objectName="secondary")
        self.form_label.setTextFormat(Qt.TextFormat.PlainText)
        self.timing = WrapLabel(objectName="secondary")   # reported / recorded and the time between
        self.timing.setTextFormat(Qt.TextFormat.PlainText)
        self.timing.setAccessibleName("Time from report to recording")
        self.timing.hide()
        self.source_banner = SourceChangeBanner()
        self.import_button = QPushButton("Import a sample…", objectName="importSample")
        self.import_button.setToolTip("Add the sampled records from a spreadsheet (File › Import sample…)")
        self.import_button.hide()   # shown while the audit has no records (``show_empty``)
        # The text shown, and its twin, filled ahead with the record likely to come next (``prepare``).
        self.texts = PageStack()
        self.text = _ReadingText()
        self._twin = _ReadingText()
        self.text_views = (self.text, self._twin)   # in the window's Tab order, the hidden one skipped
        for text in self.text_views:
            text.setAccessibleName("Record fields")
            self.texts.addWidget(text)
        self._prepared: tuple[str, dict[str, str]] | None = None   # the record the twin holds
        self._matches: list[QTextCursor] = []
        self._current = -1

        self.find_bar = QFrame(objectName="findBar")
        self.find_edit = QLineEdit(placeholderText="Find in this record", clearButtonEnabled=True)
        self.find_edit.setAccessibleName("Find in this record")
        self.find_edit.textChanged.connect(self._search)
        self.find_edit.installEventFilter(self)
        self.find_count = QLabel(objectName="secondary")
        self.find_count.setMinimumWidth(self.fontMetrics().horizontalAdvance("No matches ") + style.SPACING)
        previous = QToolButton(text="↑", toolTip="Previous match (Shift+Enter)", autoRaise=True)
        previous.setAccessibleName("Previous match")
        previous.clicked.connect(self.find_previous)
        following = QToolButton(text="↓", toolTip="Next match (Enter)", autoRaise=True)
        following.setAccessibleName("Next match")
        following.clicked.connect(self.find_next)
        close = QToolButton(text="✕", toolTip="Close (Esc)", autoRaise=True)
        close.setAccessibleName("Close find")
        close.clicked.connect(self.close_find)
        bar = QHBoxLayout(self.find_bar)
        bar.setContentsMargins(style.SPACING, style.SPACING // 2, style.SPACING, style.SPACING // 2)
        bar.setSpacing(style.SPACING // 2)
        bar.addWidget(self.find_edit, 1)
        bar.addWidget(self.find_count)
        for button in (previous, following, close):
            bar.addWidget(button)
        self.find_bar.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        head = QVBoxLayout()
        head.setContentsMargins(2 * style.SPACING, style.SPACING + 4, 2 * style.SPACING, style.SPACING)
        head.setSpacing(2)
        head.addWidget(self.key_label)
        head.addWidget(self.form_label)
        head.addWidget(self.timing)
        head.addSpacing(2)
        head.addWidget(self.source_banner)
        head.addWidget(self.import_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(head)
        layout.addWidget(self.texts, 1)
        layout.addWidget(self.find_bar)
        layout.addStretch(0)   # takes the room when there is no record to read (``show_empty``)
        self.show_record(None)

    # -- showing a record -----------------------------------------------------------------
    def show_empty(self, can_import: bool) -> None:
        """The audit has no records yet: say so, and offer the import when the audit can take one."""
        self.show_record(None)
        self.key_label.setText("No records yet")
        self.form_label.setText("This audit has no records yet: import the sample, the spreadsheet of records to audit."
                                if can_import else "This audit has no records, and it cannot be changed here.")
        self.import_button.setVisible(can_import)
        self.texts.hide()   # nothing to read: no empty box with a scroll bar

    def show_record(self, record: Record | None, checklist_title: str = "") -> None:
        self.record = record
        self.import_button.hide()
        self.texts.show()
        if record is None:
            self.show_insights(None)
            self.key_label.setText("No record")
            self.form_label.setText("Choose a record in the queue.")
            self.text.clear()
            self._search()
            return
        self.key_label.setText(record.key)
        self.form_label.setText(checklist_title)
        self.setAccessibleName(f"Record {record.key}")
        if self._prepared == (record.key, record.fields):
            self.text, self._twin = self._twin, self.text
            self.texts.setCurrentWidget(self.text)
            self._twin.setExtraSelections([])
        else:
            _fill_document(self.text, record.fields)
            self.text.moveCursor(QTextCursor.MoveOperation.Start)
        self._prepared = None
        self._search()

    @property
    def prepared_key(self) -> str | None:
        """The record laid out ahead in the text view not shown (``prepare``), if any."""
        return self._prepared[0] if self._prepared else None

    def prepare(self, record: Record) -> None:
        """Lay out ``record``'s text in the view not shown, so that showing it next is only a switch."""
        if (self.record is not None and record.key == self.record.key) or self._prepared == (record.key, record.fields):
            return
        twin = self._twin
        if twin.lineWrapColumnOrWidth() != self.text.lineWrapColumnOrWidth():   # as wide as the one shown
            twin.setLineWrapColumnOrWidth(self.text.lineWrapColumnOrWidth())
        twin.setExtraSelections([])
        _fill_document(twin, record.fields)
        twin.moveCursor(QTextCursor.MoveOperation.Start)
        twin.draw_ahead()
        self._prepared = (record.key, dict(record.fields))

    def show_insights(self, insights: RecordInsights | None) -> None:
        """The elapsed time from report to recording, and a source changed since review (or neither)."""
        timing = insights.timing if insights else None
        self.timing.setText(timing or "")
        self.timing.setVisible(bool(timing))
        self.source_banner.show_change(insights.source_change if insights else None)

    # -- find ------------------------------------------------------------------------------
    def start_find(self) -> None:
        """Open the find bar with its text selected (Ctrl+F)."""
        self.find_bar.show()
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()
        self._search()

    def close_find(self) -> None:
        self.find_bar.hide()
        self._matches, self._current = [], -1
        self.text.setExtraSelections([])
        self.find_closed.emit()

    @property
    def match_count(self) -> int:
        return len(self._matches)

    @property
    def current_match(self) -> int:
        """1-based number of the match shown, 0 when there is none."""
        return self._current + 1 if self._matches else 0

    def find_next(self) -> None:
        self._step(1)

    def find_previous(self) -> None:
        self._step(-1)

    def _search(self) -> None:
        needle = self.find_edit.text() if self.find_bar.isVisible() else ""
        self._matches = []
        if needle:
            document = self.text.document()
            cursor = document.find(needle, 0)
            while not cursor.isNull():
                self._matches.append(cursor)
                cursor = document.find(needle, cursor)
        self._current = 0 if self._matches else -1
        self._paint()
        self.matches_changed.emit(len(self._matches))

    def _step(self, step: int) -> None:
        if not self._matches:
            return
        self._current = (self._current + step) % len(self._matches)
        self._paint()

    def _paint(self) -> None:
        selections = []
        for n, cursor in enumerate(self._matches):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            fmt = QTextCharFormat()
            fmt.setBackground(QColor(style.HIGHLIGHT_CURRENT if n == self._current else style.HIGHLIGHT))
            selection.format = fmt
            selections.append(selection)
        self.text.setExtraSelections(selections)
        if self._matches:
            shown = QTextCursor(self._matches[self._current])
            shown.clearSelection()
            self.text.setTextCursor(shown)
            self.text.ensureCursorVisible()
            self.find_count.setText(f"{self._current + 1} of {len(self._matches)}")
        else:
            self.find_count.setText("No matches" if self.find_edit.text() else "")

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.find_edit and event.type() == QKeyEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers() & Qt.KeyboardModifier.ControlModifier:
                self._step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else 1)
                return True
            if key == Qt.Key.Key_Escape:
                self.close_find()
                return True
            if event.matches(QKeySequence.StandardKey.FindNext):
                self.find_next()
                return True
            if event.matches(QKeySequence.StandardKey.FindPrevious):
                self.find_previous()
                return True
        return super().eventFilter(watched, event)


def _fill_document(edit: _ReadingText, fields: dict[str, str]) -> None:
    """Short fields as a two-column table, then each long field as paragraphs.

    One edit block around the whole fill: the document is laid out once, at its end,
    not after every insert (a record of 30 fields and three long narratives took
    ~100 ms inserted piece by piece, under 10 ms in one block).
    """
    edit.clear()
    document: QTextDocument = edit.document()
    cursor = QTextCursor(document)
    cursor.beginEditBlock()
    try:
        _fill(edit, cursor, fields)
    finally:
        cursor.endEditBlock()


def _fill(edit: _ReadingText, cursor: QTextCursor, fields: dict[str, str]) -> None:
    formats = _formats()
    short = [(k, v) for k, v in fields.items() if len(v) <= LONG_FIELD and "\n" not in v]
    long = [(k, v) for k, v in fields.items() if len(v) > LONG_FIELD or "\n" in v]
    if short:
        table_format = QTextTableFormat(formats.table)
        table_format.setColumnWidthConstraints(
            [QTextLength(QTextLength.Type.FixedLength, edit.label_width([k for k, _ in short])),
             QTextLength(QTextLength.Type.PercentageLength, 100)]
        )
        table = cursor.insertTable(len(short), 2, table_format)
        for row, (name, value) in enumerate(short):
            table.cellAt(row, 0).firstCursorPosition().insertText(field_label(name), formats.secondary)
            table.cellAt(row, 1).firstCursorPosition().insertText(as_date_text(value) or value, formats.normal)
        cursor.movePosition(QTextCursor.MoveOperation.End)
    for name, value in long:
        cursor.insertBlock(formats.heading, formats.secondary)
        cursor.insertText(field_label(name).upper(), formats.heading_text)
        for line in value.splitlines() or [""]:
            cursor.insertBlock(formats.line, formats.normal)
            stamp = _LOG_TIME.match(line)
            if stamp:
                cursor.insertText(stamp.group(1), formats.bold)
                cursor.insertText(line[stamp.end(1):], formats.normal)
            else:
                cursor.insertText(line, formats.normal)


@dataclass(frozen=True)
class _Formats:
    """The record's text and block formats: made once, not for every record shown."""

    secondary: QTextCharFormat
    normal: QTextCharFormat
    bold: QTextCharFormat
    heading_text: QTextCharFormat
    heading: QTextBlockFormat
    line: QTextBlockFormat
    table: QTextTableFormat


@functools.cache
def _formats() -> _Formats:
    heading = QTextBlockFormat()
    heading.setTopMargin(2 * style.SPACING)
    heading.setBottomMargin(style.SPACING // 2)
    line = QTextBlockFormat()
    line.setLineHeight(140, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
    line.setBottomMargin(style.SPACING // 2)
    table = QTextTableFormat()
    table.setBorder(0)
    table.setCellPadding(3)
    table.setCellSpacing(0)
    return _Formats(_char(style.SECONDARY), _char(style.TEXT), _char(style.TEXT, QFont.Weight.DemiBold),
                    _char(style.SECONDARY, QFont.Weight.DemiBold, 0.85), heading, line, table)


def _char(colour: str, weight: QFont.Weight = QFont.Weight.Normal, scale: float = 1.0) -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(colour))
    fmt.setFontWeight(weight)
    if scale != 1.0:
        fmt.setFontPointSize(max(7.0, QFont().pointSizeF() * scale * 1.1))
    return fmt
