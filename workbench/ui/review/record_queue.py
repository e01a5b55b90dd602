"""The record queue pane: the filter bar, the table of records and the progress per checklist.

It shows a ``queue_model.RecordQueueModel``: filtering asks the store (SQL), never a
proxy model over every row.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget,
)

from workbench.ui.common import style
from workbench.ui.common.text import count, form_label
from workbench.ui.review.queue_model import (
    CHECKLIST, COMPLIANCE, FILTER_DELAY_MS, KEY, SEARCH_HELP, STATE, STATE_FILTERS, UNDETERMINED, RecordQueueModel,
)
from workbench.ui.review.queue_progress import ProgressPanel


class RecordQueueView(QWidget):
    """The queue pane: filter bar, the table and progress per checklist.

    ``record_chosen`` is emitted with a record key when the user picks a row.
    """

    record_chosen = Signal(str)
    record_activated = Signal(str)   # Enter (or a double click) on a row: open it and answer it
    filters_applied = Signal()

    def __init__(self, model: RecordQueueModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("pane")
        self.model = model
        self._quiet = False
        #: The current row moved by keys in the list (or from the filter box): the user is
        #: looking through the queue, and the window leaves the focus there.
        self.browsing = False
        self._debounce = QTimer(self, singleShot=True, interval=FILTER_DELAY_MS)
        self._debounce.timeout.connect(self._apply_filters)

        self.search = QLineEdit(placeholderText="Filter: a key's start, or words in the records…", clearButtonEnabled=True)
        self.search.setAccessibleName("Filter records by text")
        self.search.setAccessibleDescription(SEARCH_HELP)
        self.search.setToolTip(SEARCH_HELP)
        self.search.textChanged.connect(lambda _text: self._debounce.start())
        self.search.returnPressed.connect(self._apply_filters)
        self.search.installEventFilter(self)
        self.searching = QLabel(objectName="hint")   # what the text filter is matching now
        self.searching.setTextFormat(Qt.TextFormat.PlainText)   # quotes what was typed
        self.searching.setWordWrap(True)
        self.searching.hide()
        self.state_box = QComboBox()
        self.state_box.setAccessibleName("Filter records by state")
        for label, value in STATE_FILTERS:
            self.state_box.addItem(label, value)
        self.form_box = QComboBox()
        self.form_box.setAccessibleName("Filter records by checklist")
        self.refresh_checklists()
        self.state_box.currentIndexChanged.connect(self._apply_filters)
        self.form_box.currentIndexChanged.connect(self._apply_filters)

        self.table = style.calm_table(QTableView())
        self.table.setModel(model)
        self.table.setAccessibleName("Record queue")
        self.table.setTabKeyNavigation(False)   # Tab leaves the table: arrows move in it
        self.table.installEventFilter(self)
        self.table.activated.connect(self._activated)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # sample order until asked
        self.table.setSortingEnabled(True)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        rows = self.table.verticalHeader()
        rows.hide()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(self.fontMetrics().height() + 10)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        # A selection of its own: on the table's, each move to another row repainted the whole
        # heading (a row's selection covers every column), though nothing in it changes.
        header.setSelectionModel(QItemSelectionModel(model, header))
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(CHECKLIST, QHeaderView.ResizeMode.Stretch)  # it gives way when narrow
        header.setStretchLastSection(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics, bold = self.fontMetrics(), QFontMetrics(_bold(self.font()))
        pad = style.SPACING + 4
        header.setMinimumSectionSize(bold.horizontalAdvance("Checklist") + pad)
        header.resizeSection(KEY, metrics.horizontalAdvance("OOCD-2024-000000") + pad)
        header.resizeSection(STATE, metrics.horizontalAdvance("⚑ Not started") + pad)
        header.resizeSection(COMPLIANCE, metrics.horizontalAdvance(UNDETERMINED) + pad)
        for column in (KEY, STATE, COMPLIANCE):   # never narrower than the heading, as the style draws it
            header.resizeSection(column, max(header.sectionSize(column), header.sectionSizeFromContents(column).width()))
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.selectionModel().currentRowChanged.connect(self._row_changed)
        model.modelReset.connect(self._show_count)
        model.counts_changed.connect(self._show_progress)

        self.shown = QLabel(objectName="secondary")
        self.progress = ProgressPanel(model)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.SPACING, style.SPACING, style.SPACING, style.SPACING)
        layout.setSpacing(style.SPACING)
        top = QHBoxLayout()
        top.addWidget(QLabel("Records", objectName="paneTitle"))
        top.addStretch(1)
        top.addWidget(self.shown)
        layout.addLayout(top)
        layout.addWidget(self.search)
        layout.addWidget(self.searching)
        boxes = QHBoxLayout()
        boxes.setSpacing(style.SPACING)
        boxes.addWidget(self.state_box, 1)
        boxes.addWidget(self.form_box, 1)
        layout.addLayout(boxes)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)
        self._show_count()
        self._show_progress()

    def minimum_width(self) -> int:
        """The narrowest the pane may be with every column and the progress line whole."""
        header = self.table.horizontalHeader()
        columns = sum(header.sectionSize(c) for c in (KEY, STATE, COMPLIANCE)) + header.minimumSectionSize()
        table = columns + self.table.verticalScrollBar().sizeHint().width() + 2 * self.table.frameWidth()
        margins = self.layout().contentsMargins()
        return max(table, self.progress.minimumSizeHint().width()) + margins.left() + margins.right()

    def refresh_checklists(self) -> None:
        """Offer each checklist the audit's records use (again, after an import)."""
        chosen = self.form_box.currentData()
        self.form_box.blockSignals(True)
        self.form_box.clear()
        self.form_box.addItem("All checklists", None)
        for form_id in sorted({f for f, _ in self.model.counts()}, key=form_label):
            self.form_box.addItem(form_label(form_id), form_id)
            self.form_box.setItemData(self.form_box.count() - 1, self.model.titles.get(form_id, form_id), Qt.ItemDataRole.ToolTipRole)
        self.form_box.setCurrentIndex(max(0, self.form_box.findData(chosen)))
        self.form_box.blockSignals(False)

    def _apply_filters(self) -> None:
        self._debounce.stop()
        current = self.current_key()
        self.model.set_filters(self.form_box.currentData(), self.state_box.currentData(), self.search.text())
        if current is not None:
            self.select_key(current)
        self._say_what_is_searched()
        self.filters_applied.emit()

    def _say_what_is_searched(self) -> None:
        text = self.model.filters[2]
        if not text:
            self.searching.hide()
            return
        if self.model.key_start:
            words = f"Records whose key starts with “{text}”."
        else:
            words = f"Records whose key contains “{text}”, or with these words (or words starting so) in their fields."
        self.searching.setText(words)
        self.searching.show()

    def enter_list(self) -> None:
        """Focus the table on its current row, or on the first one (which opens it)."""
        self.table.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self._first_row_if_none()

    def _first_row_if_none(self) -> None:
        if not self.table.currentIndex().isValid() and self.model.rowCount():
            self.browsing = True
            try:
                self.table.setCurrentIndex(self.model.index(0, 0))
            finally:
                self.browsing = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.search and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down:
            self._apply_filters()   # what is typed, now, not after the pause
            self.enter_list()
            return True
        if watched is self.table and event.type() == QEvent.Type.FocusIn and event.reason() != Qt.FocusReason.MouseFocusReason:
            self._first_row_if_none()   # Enter then opens what is shown
        if watched is self.table and event.type() == QEvent.Type.KeyPress:
            self.browsing = True        # until the table has handled the key (and moved, perhaps)
            QTimer.singleShot(0, self._stop_browsing)
        return super().eventFilter(watched, event)

    def _stop_browsing(self) -> None:
        self.browsing = False

    def _activated(self, index: QModelIndex) -> None:
        key = self.model.key_at(index.row())
        if key is not None:
            self.record_activated.emit(key)

    def current_key(self) -> str | None:
        return self.model.key_at(self.table.currentIndex().row())

    def select_key(self, key: str) -> None:
        """Show ``key`` as the current row without announcing it as a new choice."""
        row = self.model.row_of(key)
        self._quiet = True
        try:
            if row is None:
                self.table.clearSelection()
                self.table.setCurrentIndex(QModelIndex())
                return
            index = self.model.index(row, 0)
            self.table.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
            )
            self.table.scrollTo(index, QAbstractItemView.ScrollHint.EnsureVisible)
        finally:
            self._quiet = False

    def keep_in_view(self, key: str) -> None:
        """Scroll, if need be, so that ``key``'s row (the record after the current one) is in view
        beside the current row: moving to it then only moves the selection (scrolling the list
        by a row repaints it, a sixth of a move). Called while the window is idle; the list stays
        where it is if the user has scrolled the current row out of view."""
        current, row = self.table.currentIndex(), self.model.row_of(key)
        if not current.isValid() or row is None:
            return
        view = self.table.viewport().rect()
        if view.contains(self.table.visualRect(current)):
            self.table.scrollTo(self.model.index(row, 0), QAbstractItemView.ScrollHint.EnsureVisible)

    def _row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        key = self.model.key_at(current.row())
        if key is not None and not self._quiet:
            self.record_chosen.emit(key)

    def _show_count(self) -> None:
        if not self.model.loaded:
            self.shown.setText("Reading the records…")
            return
        total = sum(self.model.counts().values())
        shown = self.model.rowCount()
        self.shown.setText(f"{count(shown)} of {count(total)}" if shown != total else f"{count(total)} records")

    def _show_progress(self) -> None:
        self.progress.update_counts()
        self._show_count()


def _bold(font: QFont) -> QFont:
    font = QFont(font)
    font.setWeight(QFont.Weight.DemiBold)
    return font
