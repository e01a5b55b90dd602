"""Item models for the import wizard: the sheet preview and the problem list.

Thin adapters over plain lists (rows of text, core ``Problem``s); the rules that
guess the header row and the columns live below the UI, in ``ops.sheet_preview``
and ``io.layout``, shared with ``workbench import``.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from workbench.core.errors import Problem
from workbench.io.layout import header_at
from workbench.io.tabular import column_letter
from workbench.ui.common import style

CELL_CHARS = 80
TOOLTIP_CHARS = 600
SKIPPED = QColor("#8c959f")  # lighter than secondary text: these rows are not imported
HEADER_TINT = QColor(style.ACCENT_SOFT)
Index = QModelIndex | QPersistentModelIndex


class PreviewModel(QAbstractTableModel):
    """The first rows of a sheet as they are, with the header row marked.

    Rows above the header row are greyed (the import skips them); the vertical
    header shows the sheet's own row numbers, the horizontal one the column
    letters with the heading names.
    """

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[list[str]] = []
        self._columns = 0
        self._header_row = 1
        self._names: list[str] = []

    def set_rows(self, rows: list[list[str]], header_row: int = 1) -> None:
        self.beginResetModel()
        self._rows = [list(r) for r in rows]
        self._columns = max((len(r) for r in self._rows), default=0)
        self._header_row, self._names = header_at(self._rows, header_row)
        self.endResetModel()

    def set_header_row(self, header_row: int) -> None:
        """Mark another row as the header (the rows themselves do not change)."""
        self._header_row, self._names = header_at(self._rows, header_row)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, max(self._columns - 1, 0)))
        if self._columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, self._columns - 1)

    @property
    def header_row(self) -> int:
        return self._header_row

    @property
    def header_names(self) -> list[str]:
        return list(self._names)

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else self._columns

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        text = row[index.column()] if index.column() < len(row) else ""
        number = index.row() + 1
        if role == Qt.ItemDataRole.DisplayRole:
            first_line = text.splitlines()[0] if text else ""
            return first_line[:CELL_CHARS] + ("…" if len(first_line) > CELL_CHARS or first_line != text else "")
        if role == Qt.ItemDataRole.ToolTipRole:
            return style.plain_tooltip(text[:TOOLTIP_CHARS] + ("…" if len(text) > TOOLTIP_CHARS else "")) if text else None
        if role == Qt.ItemDataRole.FontRole and number == self._header_row:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and number < self._header_row:
            return QBrush(SKIPPED)
        if role == Qt.ItemDataRole.BackgroundRole and number == self._header_row:
            return QBrush(HEADER_TINT)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or section < 0:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1) if section < len(self._rows) else None
        if section >= self._columns:
            return None
        name = self._names[section] if section < len(self._names) else ""
        return f"{column_letter(section)}  {name}" if name else column_letter(section)

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


PROBLEM_COLUMNS = ("Sheet", "Row", "Column", "Problem", "What to do")


class ProblemsModel(QAbstractTableModel):
    """Every problem of a rejected file: where it is, what is wrong, what to do."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.problems: list[Problem] = []

    def set_problems(self, problems: list[Problem]) -> None:
        self.beginResetModel()
        self.problems = list(problems)
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.problems)

    def columnCount(self, parent: Index = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(PROBLEM_COLUMNS)

    def cell(self, row: int, column: int) -> str:
        p = self.problems[row]
        loc = p.location
        values = (loc.sheet or "", "" if loc.row is None else str(loc.row), loc.column or "", _sentence(p.message), _sentence(p.hint))
        return values[column]

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or index.row() >= len(self.problems):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self.cell(index.row(), index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            return style.plain_tooltip(self.cell(index.row(), index.column()))
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.UserRole and index.column() == 1:
            return self.problems[index.row()].location.row  # sorts by number, not text
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):
        if role != Qt.ItemDataRole.DisplayRole or section < 0:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return PROBLEM_COLUMNS[section] if section < len(PROBLEM_COLUMNS) else None
        return str(section + 1) if section < len(self.problems) else None

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


def _sentence(text: str) -> str:
    text = text.strip()
    if "--" in text:  # a command-line hint; the wizard's own fields are in front of the user
        return ""
    # "did you mean 'x'? checklists are: ..." -> "Did you mean 'x'? Checklists are: ..."
    return re.sub(r"(^|[.?!] )([a-z])", lambda m: m.group(1) + m.group(2).upper(), text)
