"""A layout that places widgets left to right and wraps them onto new lines.

Choice buttons use it: three choices sit on one line, sixteen wrap into a block,
and nothing is clipped when the pane is narrow. (After Qt's own flow layout example.)
A widget wider than a whole line that can grow taller instead (``heightForWidth``, as a
choice button whose long label wraps) is given the line's width and the height it asks
for then: the layout needs no more width than its widest item's minimum.
Heights and placement are remembered until the layout is invalidated: Qt asks for
them many times over when a checklist's questions are shown and hidden.
"""

from __future__ import annotations

from PySide6.QtCore import QMargins, QPoint, QRect, QSize, Qt
from PySide6.QtWidgets import QLayout, QLayoutItem, QWidget


class FlowLayout(QLayout):
    def __init__(self, parent: QWidget | None = None, spacing: int = 8):
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._spacing = spacing
        self._heights: dict[int, int] = {}
        self._placed: QRect | None = None
        self.setContentsMargins(QMargins(0, 0, 0, 0))

    def invalidate(self) -> None:
        self._heights.clear()
        self._placed = None
        super().invalidate()

    def addItem(self, item: QLayoutItem) -> None:  # noqa: N802 - Qt override
        self._items.append(item)
        self.invalidate()

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:  # noqa: N802
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:  # noqa: N802
        return Qt.Orientation(0)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        if width not in self._heights:
            self._heights[width] = self._place(QRect(0, 0, width, 0), move=False)
        return self._heights[width]

    def setGeometry(self, rect: QRect) -> None:  # noqa: N802
        super().setGeometry(rect)
        if rect != self._placed:
            self._placed = QRect(rect)
            self._place(rect, move=True)

    def sizeHint(self) -> QSize:  # noqa: N802
        """As wide as the widest item on a line of its own (its height is asked for that width)."""
        return self._widest(lambda item: item.sizeHint()).expandedTo(self.minimumSize())

    def minimumSize(self) -> QSize:  # noqa: N802
        return self._widest(lambda item: item.minimumSize())

    def _widest(self, size_of) -> QSize:
        size = QSize()
        for item in self._items:
            size = size.expandedTo(size_of(item))
        margins = self.contentsMargins()
        return size + QSize(margins.left() + margins.right(), margins.top() + margins.bottom())

    def _place(self, rect: QRect, move: bool) -> int:
        margins = self.contentsMargins()
        area = rect.adjusted(margins.left(), margins.top(), -margins.right(), -margins.bottom())
        x, y, line = area.x(), area.y(), 0
        for item in self._items:
            if item.widget() is not None and item.widget().isHidden():
                continue
            hint = item.sizeHint()
            if x + hint.width() > area.right() + 1 and line > 0:
                x, y, line = area.x(), y + line + self._spacing, 0
            if hint.width() > area.width() and item.hasHeightForWidth():
                width = max(area.width(), item.minimumSize().width())
                hint = QSize(width, item.heightForWidth(width))
            if move:
                item.setGeometry(QRect(QPoint(x, y), hint))
            x += hint.width() + self._spacing
            line = max(line, hint.height())
        return y + line - rect.y() + margins.bottom()
