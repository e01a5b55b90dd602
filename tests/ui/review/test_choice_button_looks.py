"""A choice button's look is drawn by the style once and kept: each state still looks its own.

The kept looks are chosen by what a look depends on (text, size, ticked, hovered, enabled,
suggested, font); a button must never show a look kept for another state.
"""

from __future__ import annotations

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QHBoxLayout, QWidget

from workbench.ui.common import style
from workbench.ui.review.choice_button import ChoiceButton

pytestmark = pytest.mark.usefixtures("no_leaked_widgets", "app_look")


@pytest.fixture
def row(qtbot):
    """Two "1  Yes" buttons and a "2  No" one, side by side."""
    widget = QWidget()
    qtbot.addWidget(widget)
    layout = QHBoxLayout(widget)
    for key, label in (("1", "Yes"), ("1", "Yes"), ("2", "No")):
        layout.addWidget(ChoiceButton(key, label))
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def buttons(row: QWidget) -> list[ChoiceButton]:
    return row.findChildren(ChoiceButton)


def look(button: ChoiceButton) -> QImage:
    return button.grab().toImage()


def test_a_ticked_button_looks_ticked_and_unticked_again_as_before(row):
    button = buttons(row)[0]
    plain = look(button)
    button.setChecked(True)
    assert look(button) != plain
    button.setChecked(False)
    assert look(button) == plain


def test_buttons_with_the_same_text_and_state_look_the_same(row):
    first, second, _ = buttons(row)
    second.resize(first.size())
    assert look(first) == look(second)


def test_a_button_with_other_text_looks_different(row):
    first, _, other = buttons(row)
    other.resize(first.size())
    assert look(first) != look(other)


def test_a_suggested_button_looks_different_from_a_plain_one(row):
    button = buttons(row)[0]
    plain = look(button)
    style.set_flag(button, "suggested", True)
    assert look(button) != plain
    style.set_flag(button, "suggested", False)
    assert look(button) == plain



def test_a_button_shows_a_new_colour_at_once(row):
    button = buttons(row)[0]
    plain = look(button)
    button.setStyleSheet("QToolButton#choice { color: #c21f2f; }")
    assert look(button) != plain
    button.setStyleSheet("")
    assert look(button) == plain


def test_a_button_under_the_mouse_looks_hovered(qtbot, row):
    button = buttons(row)[0]
    plain = look(button)
    qtbot.mouseMove(button)
    qtbot.waitUntil(button.underMouse)
    assert look(button) != plain
