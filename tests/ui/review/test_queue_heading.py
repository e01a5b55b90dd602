"""The queue's heading: it sorts when clicked, and is not repainted as the current row moves."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from workbench.ui.review.queue_model import KEY, RecordQueueModel
from workbench.ui.review.record_queue import RecordQueueView

from tests.ui.paints import PaintCounter

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")


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
    paints = PaintCounter()
    view.table.horizontalHeader().viewport().installEventFilter(paints)
    QApplication.processEvents()
    paints.paints = 0
    for row in range(1, 6):
        view.select_key(view.model.key_at(row))
        QApplication.processEvents()
    assert view.current_key() == view.model.key_at(5)
    assert paints.paints == 0
