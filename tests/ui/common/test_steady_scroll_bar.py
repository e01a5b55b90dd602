"""The steady scroll bar: repainted when its slider moves, not for a value that leaves it in place."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableView

from workbench.ui.common import style
from workbench.ui.common.steady_scroll_bar import SteadyScrollBar

from tests.ui.paints import PaintCounter

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")


@pytest.fixture
def bar(qtbot):
    widget = SteadyScrollBar(Qt.Orientation.Vertical)
    qtbot.addWidget(widget)
    widget.resize(16, 400)
    widget.setRange(0, 100_000)
    widget.setPageStep(20)
    widget.show()
    qtbot.waitExposed(widget)
    counter = PaintCounter()
    widget.installEventFilter(counter)
    widget.counter = counter
    yield widget
    widget.removeEventFilter(counter)


def paints_after(qtbot, bar, change) -> int:
    qtbot.wait(10)
    bar.counter.paints = 0
    change()
    qtbot.wait(10)
    return bar.counter.paints


def test_a_step_that_leaves_the_slider_where_it_was_drawn_repaints_nothing(qtbot, bar):
    assert paints_after(qtbot, bar, lambda: bar.setValue(bar.value() + 1)) == 0
    assert bar.value() == 1


def test_a_value_that_moves_the_slider_repaints_it(qtbot, bar):
    assert paints_after(qtbot, bar, lambda: bar.setValue(50_000)) >= 1


def test_a_new_range_repaints_it(qtbot, bar):
    assert paints_after(qtbot, bar, lambda: bar.setRange(0, 40)) >= 1


def test_tables_drawn_calmly_have_the_steady_scroll_bar(qtbot):
    view = style.calm_table(QTableView())
    qtbot.addWidget(view)
    assert isinstance(view.verticalScrollBar(), SteadyScrollBar)
