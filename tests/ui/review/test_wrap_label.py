"""A wrapped label remembers its height at a width, and never a stale one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

from workbench.ui.review.wrap_label import WrapLabel

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")

SENTENCE = "Was the crime recorded within 24 hours of the report being made to the police? " * 3


@pytest.fixture
def label(qtbot):
    widget = WrapLabel(SENTENCE)
    qtbot.addWidget(widget)
    return widget


def test_its_height_at_a_width_is_a_plain_wrapped_labels(qtbot, label):
    plain = QLabel(SENTENCE, wordWrap=True)
    qtbot.addWidget(plain)
    assert label.heightForWidth(200) == plain.heightForWidth(200)
    assert label.heightForWidth(200) > label.heightForWidth(2000)


def test_its_height_follows_a_new_text(label):
    tall = label.heightForWidth(200)
    label.setText("Yes")
    assert label.heightForWidth(200) < tall


def test_its_height_follows_a_new_font(label):
    normal = label.heightForWidth(200)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    label.setFont(font)
    assert label.heightForWidth(200) > normal


def test_its_size_hints_follow_a_new_text(label):
    long_hint, long_minimum = label.sizeHint(), label.minimumSizeHint()
    label.setText("Yes")
    assert label.sizeHint().width() < long_hint.width()
    assert label.minimumSizeHint().width() < long_minimum.width()


def test_its_height_follows_a_new_text_format(label):
    label.setText("<b>bold</b> " * 20)
    as_markup = label.heightForWidth(200)
    label.setTextFormat(Qt.TextFormat.PlainText)   # the tags are shown: more text, more lines
    assert label.heightForWidth(200) > as_markup


# -- its look, drawn once and kept ---------------------------------------------------------------

def shown(qtbot, *labels: QLabel) -> None:
    for widget in labels:
        qtbot.addWidget(widget)
        widget.setTextFormat(Qt.TextFormat.PlainText)
        widget.resize(300, 80)
        widget.show()
        qtbot.waitExposed(widget)


def look(widget: QLabel):
    return widget.grab().toImage()


def test_it_looks_as_a_plain_wrapped_label_does(qtbot, label):
    plain = QLabel(SENTENCE, wordWrap=True)
    shown(qtbot, label, plain)
    assert look(label) == look(plain)


def test_it_shows_a_new_text_at_once(qtbot, label):
    shown(qtbot, label)
    before = look(label)
    label.setText("Yes")
    assert look(label) != before


def test_it_shows_a_new_colour_at_once(qtbot, label):
    shown(qtbot, label)
    before = look(label)
    label.setStyleSheet("color: #c21f2f")
    assert look(label) != before
    label.setStyleSheet("")
    assert look(label) == before


def test_a_disabled_label_looks_disabled(qtbot, label):
    plain = QLabel(SENTENCE, wordWrap=True, enabled=False)
    shown(qtbot, label, plain)
    label.setEnabled(False)
    assert look(label) == look(plain)


def test_a_label_whose_text_can_be_selected_is_drawn_by_qlabel(qtbot, label):
    shown(qtbot, label)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    plain = QLabel(SENTENCE, wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
    shown(qtbot, plain)
    assert look(label) == look(plain)
