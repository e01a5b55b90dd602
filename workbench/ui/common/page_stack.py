"""Pages of which one is shown, switched without touching the others.

``QStackedWidget`` switches pages by turning updates off and on again for itself, and
turning them on walks every widget it holds, the hidden pages' included. The checklist
keeps up to 24 pages of some 300 widgets each, so each switch walked thousands of
widgets it did not show: 1-3 ms of a record's move. Here a switch shows one page and
hides one, and both are painted once, after it.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QWidget


class PageStack(QWidget):
    """Holds pages, each as large as the stack; shows the current one only."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._pages: list[QWidget] = []
        self._current: QWidget | None = None

    def addWidget(self, page: QWidget) -> None:  # noqa: N802 - as QStackedWidget's
        page.setParent(self)
        page.setGeometry(self.rect())
        self._pages.append(page)
        if self._current is None:
            self._current = page
            page.show()
        else:
            page.hide()

    def removeWidget(self, page: QWidget) -> None:  # noqa: N802 - as QStackedWidget's
        """Forget ``page`` (it stays this widget's child until it is deleted, hidden)."""
        self._pages.remove(page)
        page.hide()
        if page is self._current:
            self._current = None

    def currentWidget(self) -> QWidget | None:  # noqa: N802 - as QStackedWidget's
        return self._current

    def setCurrentWidget(self, page: QWidget) -> None:  # noqa: N802 - as QStackedWidget's
        if page is self._current:
            return
        before, self._current = self._current, page
        if page.geometry() != self.rect():
            page.setGeometry(self.rect())
        page.show()   # shown first: nothing behind the pages is exposed between the two
        if before is None:
            return
        focus = self.window().focusWidget()
        if focus is not None and before.isAncestorOf(focus):   # as QStackedWidget: the focus goes along
            _focus_into(page)
        before.hide()

    def count(self) -> int:
        return len(self._pages)

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._current.sizeHint() if self._current is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self._current.minimumSizeHint() if self._current is not None else super().minimumSizeHint()

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        for page in self._pages:   # a hidden page takes its new size when it is next shown
            page.setGeometry(self.rect())
        super().resizeEvent(event)


def _focus_into(page: QWidget) -> None:
    """The page's own last focus, else its first control Tab reaches, else the page."""
    target = page.focusWidget()
    if target is None:
        target = next((w for w in page.findChildren(QWidget)
                       if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isVisibleTo(page) and w.isEnabled()), page)
    target.setFocus(Qt.FocusReason.OtherFocusReason)
