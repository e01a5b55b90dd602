"""The record queue's model: every record with its checklist, state and compliance.

``RecordQueueModel`` is a thin adapter over ``AuditStore.queue``: it caches the
store's ``QueueRow`` tuples (one small tuple per record: 100,000 records cost
about 10 MB) and nothing else. Filtering asks the store which records match
(SQL, ``matching_ids``), never a proxy model over every row; the rows come from the
cache, which each change refreshes one row at a time. Sorting reorders the rows.
The queue pane that shows it is ``record_queue.RecordQueueView``.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QColor

from workbench.store.audit_store import AuditStore, QueueRow
from workbench.ui.common import style
from workbench.ui.common.text import PROGRESS_WORDS, form_label

COLUMNS = ("Record", "Checklist", "State", "Compliant")
KEY, CHECKLIST, STATE, COMPLIANCE = range(4)

#: The state filter: label and value (``flagged`` filters on the FCR flag; ``noncompliant``
#: keeps the complete records with a non-compliant answer; ``disagreements`` the records
#: where a peer reviewer's answer differs from the auditor's).
STATE_FILTERS = (
    ("All states", None),
    ("Not started", "not_started"),
    ("In progress", "in_progress"),
    ("Complete", "complete"),
    ("Non-compliant", "noncompliant"),
    ("Flagged for the FCR", "flagged"),
    ("Peer disagrees", "disagreements"),
)
_NOT_PROGRESS = ("flagged", "noncompliant", "disagreements")
#: A complete record with an answer "Unable to determine" and nothing non-compliant.
UNDETERMINED = "– Unable"
UNDETERMINED_WORDS = "Unable to determine: left out of the compliance count"
_STATE_ORDER = {"not_started": 0, "in_progress": 1, "complete": 2}
KeyRole = Qt.ItemDataRole.UserRole
FILTER_DELAY_MS = 250  # typing pauses this long before the queue is filtered
SEARCH_HELP = ("Text that starts a record key (e.g. CAN-) shows the records whose key starts so. Other text finds "
               "records whose key contains it, or whose fields hold its words (the start of a word is enough). "
               "Down goes to the list.")
_Index = QModelIndex | QPersistentModelIndex
_ROLES_SHOWN = frozenset({Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, Qt.ItemDataRole.ForegroundRole,
                          Qt.ItemDataRole.ToolTipRole, KeyRole})
_ROW_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren


class RecordQueueModel(QAbstractTableModel):
    """The records of one audit, filtered and sorted, as a table."""

    counts_changed = Signal()

    def __init__(self, store: AuditStore, parent: QObject | None = None, load: bool = True):
        super().__init__(parent)
        self._store = store
        self._rows: list[QueueRow] = []
        self._form_id: str | None = None
        self._state: str | None = None
        self._text = ""
        self.key_start = False   # the text begins a key: keys are matched by their start only
        self._sort: tuple[int, Qt.SortOrder] | None = None
        self._hint = 0  # where the last lookup by key found its row
        self._counts: dict[tuple[str, str], int] = {}
        self._all: list[QueueRow] = []               # every record, in sample order: the cache
        self._position: dict[int, int] | None = None  # record id -> its place in the cache (built when first needed)
        self.titles: dict[str, str] = {}
        self.loaded = False   # False until the rows are read (``reload``): a large audit's, once the window shows
        if load:
            self.reload()
            QTimer.singleShot(0, self._positions)  # ready before the first filter, after the window shows

    # -- Qt's model interface ---------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < len(COLUMNS):
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        # A view asks each cell for a dozen roles on every paint; the roles shown here are
        # answered, the rest turned away before any other work (most of a repaint's time).
        if role not in _ROLES_SHOWN or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text_of(row, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible_text_of(row, column)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._colour_of(row, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip_of(row, column)
        if role == KeyRole:
            return row.key
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        return _ROW_FLAGS if index.isValid() else Qt.ItemFlag.NoItemFlags

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by key, checklist or state; any other column (-1) means sample order."""
        if column not in (KEY, CHECKLIST, STATE):
            if self._sort is not None:
                self._sort = None
                self._show_filtered()
            return
        self._sort = (column, order)
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        keys = [self._rows[i.row()].key for i in persistent]
        self._apply_sort()
        positions = {r.key: n for n, r in enumerate(self._rows)}
        self.changePersistentIndexList(persistent, [self.index(positions[k], i.column()) for k, i in zip(keys, persistent)])
        self.layoutChanged.emit()

    # -- what is shown ------------------------------------------------------------------
    def _text_of(self, row: QueueRow, column: int) -> str:
        if column == KEY:
            return row.key
        if column == CHECKLIST:
            return form_label(row.form_id)
        if column == STATE:
            words = PROGRESS_WORDS.get(row.progress, row.progress)
            return f"⚑ {words}" if row.flagged else words
        if row.compliant is None:
            return UNDETERMINED if row.progress == "complete" else ""
        return "✓ Yes" if row.compliant else "✗ No"

    def _accessible_text_of(self, row: QueueRow, column: int) -> str:
        if column == STATE and row.flagged:
            return "Flagged for the FCR; " + PROGRESS_WORDS.get(row.progress, row.progress).lower()
        if column == COMPLIANCE and row.compliant is not None:
            return "Compliant" if row.compliant else "Non-compliant"
        if column == COMPLIANCE and row.progress == "complete":
            return UNDETERMINED_WORDS
        return self._text_of(row, column)

    def _colour_of(self, row: QueueRow, column: int) -> QColor | None:
        if column == STATE:
            return QColor(style.STATE_COLOURS["flagged" if row.flagged else row.progress])
        if column == COMPLIANCE and row.compliant is not None:
            return QColor(style.COMPLIANT if row.compliant else style.NONCOMPLIANT)
        if column == COMPLIANCE and row.progress == "complete":
            return QColor(style.SECONDARY)
        return None

    def _tooltip_of(self, row: QueueRow, column: int) -> str | None:
        if column == CHECKLIST:
            return style.plain_tooltip(self.titles.get(row.form_id, row.form_id))
        if column == STATE and row.flagged:
            return "Flagged for the Force Crime Registrar with a query"
        if column == COMPLIANCE and row.compliant is not None:
            return "Complete and compliant" if row.compliant else "Complete, with non-compliant answers"
        if column == COMPLIANCE and row.progress == "complete":
            return f"Complete; {UNDETERMINED_WORDS.lower()}"
        return None

    # -- filtering, refreshing, finding ------------------------------------------------------
    @property
    def filters(self) -> tuple[str | None, str | None, str]:
        """The current (checklist, state, text) filter."""
        return self._form_id, self._state, self._text

    def set_filters(self, form_id: str | None = None, state: str | None = None, text: str = "") -> None:
        """Show only the records matching all of these (the store filters, in SQL)."""
        self._form_id, self._state, self._text = form_id or None, state or None, text.strip()
        self.key_start = self._store.starts_a_key(self._text)
        self._show_filtered()

    def reload(self) -> None:
        """Read every row (and so the counts) again from the store: after an import, say."""
        self.titles = {form_id: form.title for (form_id, _), form in self._store.forms().items()}
        self._all = self._store.queue()
        self.loaded = True
        self._position = None
        self._counts = _count(self._all)
        self._show_filtered()
        self.counts_changed.emit()

    def _show_filtered(self) -> None:
        """The rows of the current filter: the store says which (in SQL), the cache holds them."""
        self.beginResetModel()
        if self.filters == (None, None, ""):
            self._rows = list(self._all)
        else:
            flagged = True if self._state == "flagged" else None
            disagreements = self._state == "disagreements"
            compliant = False if self._state == "noncompliant" else None
            progress = None if self._state in _NOT_PROGRESS else self._state
            ids = self._store.matching_ids(self._form_id, progress, flagged, self._text, disagreements, compliant)
            self._rows = [row for row in self._all if row.id in ids]
        self._apply_sort()
        self._hint = 0
        self.endResetModel()

    def _positions(self) -> dict[int, int]:
        if self._position is None:
            self._position = {row.id: n for n, row in enumerate(self._all)}
        return self._position

    def refresh_record(self, key: str) -> None:
        """Read one record's row again after it changed (it stays even if it no longer matches)."""
        fresh = self._store.queue_row(key)
        if fresh is None:
            return
        at = self._positions().get(fresh.id)
        if at is None:  # a record the cache has not seen: read everything again
            self.reload()
            return
        old, self._all[at] = self._all[at], fresh
        row = self.row_of(key)
        if row is not None:
            self._rows[row] = fresh
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(COLUMNS) - 1))
        if old.progress != fresh.progress:
            self._counts[(old.form_id, old.progress)] = self._counts.get((old.form_id, old.progress), 1) - 1
            self._counts[(fresh.form_id, fresh.progress)] = self._counts.get((fresh.form_id, fresh.progress), 0) + 1
            self.counts_changed.emit()

    def _apply_sort(self) -> None:
        if self._sort is None:
            return
        column, order = self._sort
        key: Callable[[QueueRow], object] = {
            KEY: lambda r: r.key,
            CHECKLIST: lambda r: (form_label(r.form_id), r.key),
            STATE: lambda r: (r.flagged, _STATE_ORDER.get(r.progress, 0), r.key),
        }[column]
        self._rows.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    def counts(self) -> dict[tuple[str, str], int]:
        """``{(checklist, progress): records}`` over the whole audit, whatever the filter."""
        return dict(self._counts)

    def key_at(self, row: int) -> str | None:
        return self._rows[row].key if 0 <= row < len(self._rows) else None

    def row_at(self, row: int) -> QueueRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, key: str) -> int | None:
        """The row showing ``key`` (looked for near the last one found first)."""
        rows, hint = self._rows, self._hint
        for start, stop in ((hint, min(hint + 3, len(rows))), (0, len(rows))):
            for n in range(max(0, start - 2), stop):
                if rows[n].key == key:
                    self._hint = n
                    return n
        return None

    def neighbour(self, key: str | None, step: int) -> str | None:
        """The record ``step`` rows after (or before) ``key`` in the shown order."""
        if not self._rows:
            return None
        row = self.row_of(key) if key is not None else None
        if row is None:
            return self._rows[0 if step > 0 else -1].key
        return self.key_at(row + step)

    def next_incomplete(self, key: str | None) -> str | None:
        """The first record after ``key`` (then from the top) that is not complete."""
        start = (self.row_of(key) if key is not None else -1)
        start = -1 if start is None else start
        rows = self._rows
        for n in [*range(start + 1, len(rows)), *range(0, max(start, 0))]:
            if rows[n].progress != "complete" and rows[n].key != key:
                return rows[n].key
        return None


def _count(rows: list[QueueRow]) -> dict[tuple[str, str], int]:
    counts: dict[tuple[str, str], int] = {}
    for row in rows:
        counts[(row.form_id, row.progress)] = counts.get((row.form_id, row.progress), 0) + 1
    return counts
