"""View › Audit log: who did what, when, from the audit's hash-chained event log.

``EventLogModel`` reads the log a page at a time, newest first (a large audit's log
holds millions of events), filtered in SQL by person, kind of event and text in the
event's detail; the words for each event are ``core.event_kinds.describe``'s, the
same as ``workbench log`` prints.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QComboBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QTableView,
    QVBoxLayout, QWidget,
)

from workbench.core.event_kinds import describe
from workbench.core.events import Event
from workbench.store.audit_store import AuditStore
from workbench.ui.common import style
from workbench.ui.common.text import as_local_time, count, role_name

COLUMNS = ("#", "When", "Who", "What", "Detail")
PAGE = 500
_Index = QModelIndex | QPersistentModelIndex


class EventLogModel(QAbstractTableModel):
    """The log's events, newest first, read a page at a time (``fetchMore``)."""

    def __init__(self, store: AuditStore, parent=None):
        super().__init__(parent)
        self.store = store
        self.filters: tuple[str | None, str | None, str] = (None, None, "")
        self.events: list[Event] = []
        self.total = 0
        self.set_filters()

    def set_filters(self, actor: str | None = None, action: str | None = None, text: str = "") -> None:
        """Show only the events by ``actor``, of kind ``action``, with ``text`` in their detail."""
        self.beginResetModel()
        self.filters = (actor or None, action or None, text.strip())
        self.total = self.store.count_events(*self.filters)
        self.events = self.store.find_events(*self.filters, limit=PAGE)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.events)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(COLUMNS)

    def canFetchMore(self, parent: _Index = QModelIndex()) -> bool:  # noqa: B008, N802
        return not parent.isValid() and len(self.events) < self.total

    def fetchMore(self, parent: _Index = QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or not self.events:
            return
        more = self.store.find_events(*self.filters, before=self.events[-1].seq, limit=PAGE)
        if not more:
            self.total = len(self.events)   # the log changed under us: nothing further
            return
        self.beginInsertRows(QModelIndex(), len(self.events), len(self.events) + len(more) - 1)
        self.events.extend(more)
        self.endInsertRows()

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self.events):
            return None
        event = self.events[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(event, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            if index.column() == 3:
                return f"Under the Data Protection Act 2018 s62: {event.operation}"
            if index.column() == 1:
                return f"{event.at} (UTC, as logged)"
            if index.column() == 4:
                return style.plain_tooltip(describe(event))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    @staticmethod
    def _text(event: Event, column: int) -> str:
        if column == 0:
            return str(event.seq)
        if column == 1:
            return as_local_time(event.at)
        if column == 2:
            return f"{event.actor} ({role_name(event.role)})"
        if column == 3:
            return event.action
        return describe(event)


class AuditLogDialog(QDialog):
    """The audit's log, newest first, filterable by who, what and text."""

    def __init__(self, store: AuditStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("auditLogDialog")
        self.setWindowTitle("Audit log")
        self.setAccessibleName("Audit log")
        self.model = EventLogModel(store, self)
        people, actions = store.event_people_and_actions()
        self.who = QComboBox()
        self.who.setAccessibleName("Show the events of")
        self.who.addItem("Everyone", None)
        for name in sorted({name for name, _role in people}, key=str.casefold):
            roles = ", ".join(role_name(r) for n, r in people if n == name)
            self.who.addItem(f"{name} ({roles})", name)
        self.what = QComboBox()
        self.what.setAccessibleName("Show the events of kind")
        self.what.addItem("Every kind of event", None)
        for action in actions:
            self.what.addItem(action, action)
        self.text = QLineEdit(placeholderText="A record key, a file name or other text…", clearButtonEnabled=True)
        self.text.setAccessibleName("Show the events mentioning")
        self._debounce = QTimer(self, singleShot=True, interval=250)
        self._debounce.timeout.connect(self.apply_filters)
        self.text.textChanged.connect(lambda _t: self._debounce.start())
        self.text.returnPressed.connect(self.apply_filters)
        self.who.currentIndexChanged.connect(self.apply_filters)
        self.what.currentIndexChanged.connect(self.apply_filters)
        self.table = style.calm_table(QTableView())
        self.table.setObjectName("auditLogTable")
        self.table.setAccessibleName("Events, newest first")
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        metrics = self.fontMetrics()
        for column, sample in ((0, "000000"), (1, "Wed 30 Sep 2024, 23:59:59"), (2, "Firstname Lastname (peer reviewer)"),
                               (3, "records.import")):
            header.resizeSection(column, metrics.horizontalAdvance(sample) + 2 * style.SPACING)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.shown = QLabel(objectName="secondary")
        note = QLabel("Every change to the audit, every record opened and every file written is in the log, "
                      "chained by hashes so that no entry can be changed or removed unseen (Audit › Verify checks "
                      "the chain). Times are local; free text is logged only as a fingerprint.",
                      objectName="hint", wordWrap=True)
        filters = QHBoxLayout()
        filters.setSpacing(style.SPACING)
        filters.addWidget(self.who, 1)
        filters.addWidget(self.what, 1)
        filters.addWidget(self.text, 2)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(style.SPACING)
        layout.addWidget(note)
        layout.addLayout(filters)
        layout.addWidget(self.shown)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.model.modelReset.connect(self._show_count)
        self.model.rowsInserted.connect(self._show_count)
        self._show_count()
        self.resize(1100, 640)

    def apply_filters(self) -> None:
        self._debounce.stop()
        self.model.set_filters(self.who.currentData(), self.what.currentData(), self.text.text())

    def _show_count(self) -> None:
        total, shown = self.model.total, self.model.rowCount()
        if total == 0:
            self.shown.setText("No events match.")
        elif shown < total:
            self.shown.setText(f"{count(total)} events; the newest {count(shown)} shown (scroll down for more).")
        else:
            self.shown.setText(f"{count(total)} events.")
