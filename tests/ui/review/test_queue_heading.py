"""The queue's heading: it sorts when clicked, and is not repainted as the current row moves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QObject, QPoint, Qt
from PySide6.QtWidgets import QApplication

from workbench.ui.review.record_queue import KEY, RecordQueueModel, RecordQueueView

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")


class _Paints(QObject):
    def __init__(self):
        super().__init__()
        self.count = 0

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


@pytest.fixture
def view(qtbot, demo_store):
    widget = RecordQueueView(RecordQueueModel(demo_store))
    qtbot.addWidget(widget)
    widget.resize(480, 600)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def test_clicking_the_record_heading_sorts_by_key(qtbot, view):
    header = view.table.horizontalHeader()
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(header.sectionViewportPosition(KEY) + 5, 5))
    keys = [view.model.key_at(row) for row in range(view.model.rowCount())]
    assert keys == sorted(keys) or keys == sorted(keys, reverse=True)
    assert header.sortIndicatorSection() == KEY


def test_moving_the_current_row_leaves_the_heading_unpainted(view):
    paints = _Paints()
    view.table.horizontalHeader().viewport().installEventFilter(paints)
    QApplication.processEvents()
    paints.count = 0
    for row in range(1, 6):
        view.select_key(view.model.key_at(row))
        QApplication.processEvents()
    assert view.current_key() == view.model.key_at(5)
    assert paints.count == 0
