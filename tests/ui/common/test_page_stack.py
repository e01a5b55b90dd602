"""The page stack: one page shown at a time, each the stack's size, the focus carried along."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from workbench.ui.common.page_stack import PageStack

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")


def page_with_box() -> tuple[QWidget, QLineEdit]:
    page = QWidget()
    box = QLineEdit(page)
    QVBoxLayout(page).addWidget(box)
    return page, box


@pytest.fixture
def stack(qtbot):
    widget = PageStack()
    qtbot.addWidget(widget)
    widget.resize(300, 200)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


@pytest.fixture
def pages(stack) -> tuple[QWidget, QWidget]:
    """Two pages added to the stack, the first first."""
    first, second = QWidget(), QWidget()
    stack.addWidget(first)
    stack.addWidget(second)
    return first, second


def test_the_first_page_added_is_shown(stack, pages):
    first, second = pages
    assert stack.currentWidget() is first
    assert first.isVisible() and not second.isVisible()


def test_switching_shows_the_new_page_and_hides_the_old(stack, pages):
    first, second = pages
    stack.setCurrentWidget(second)
    assert stack.currentWidget() is second
    assert second.isVisible() and not first.isVisible()


def test_every_page_takes_the_stacks_size_even_hidden(stack, pages):
    first, second = pages
    stack.resize(420, 260)
    assert first.size() == stack.size() and second.size() == stack.size()


def test_the_focus_moves_into_the_new_page_when_the_old_page_had_it(stack, qtbot):
    (first, first_box), (second, second_box) = page_with_box(), page_with_box()
    stack.addWidget(first)
    stack.addWidget(second)
    first_box.setFocus()
    qtbot.waitUntil(first_box.hasFocus)
    stack.setCurrentWidget(second)
    assert second_box.hasFocus()


def test_a_removed_page_is_hidden_and_no_longer_current(stack, pages):
    first, _second = pages
    stack.removeWidget(first)
    assert stack.count() == 1
    assert stack.currentWidget() is None and not first.isVisible()
