"""A wrapped label remembers its height at a width and its look, and never a stale one."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
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


@pytest.mark.usefixtures("app_look")   # its palette gives a disabled text a colour of its own
def test_a_label_disabled_once_painted_shows_disabled_at_once(qtbot, label):
    shown(qtbot, label)
    enabled = look(label)
    label.setEnabled(False)
    assert look(label) != enabled


def test_it_shows_a_new_palette_at_once(qtbot, label):
    shown(qtbot, label)
    before = look(label)
    palette = QPalette(label.palette())
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#c21f2f"))
    label.setPalette(palette)
    assert look(label) != before


def test_a_label_whose_text_can_be_selected_is_drawn_by_qlabel(qtbot, label):
    shown(qtbot, label)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    plain = QLabel(SENTENCE, wordWrap=True, textInteractionFlags=Qt.TextInteractionFlag.TextSelectableByMouse)
    shown(qtbot, plain)
    assert look(label) == look(plain)


def test_text_selected_in_a_label_made_selectable_shows_selected(qtbot, label):
    shown(qtbot, label)
    before = look(label)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setSelection(0, 20)
    assert look(label) != before


def test_a_label_given_a_buddy_shows_its_shortcut_as_qlabel_does(qtbot, label):
    label.setText("&Rationale")
    plain = QLabel("&Rationale", wordWrap=True)
    shown(qtbot, plain, label)   # the label shown last stays in the active window: nothing else makes it draw afresh
    assert look(label) == look(plain)
    buddy = QLabel()
    qtbot.addWidget(buddy)
    label.setBuddy(buddy)
    plain.setBuddy(buddy)
    assert look(label) == look(plain)


def test_it_shows_a_new_font_at_once(qtbot, label):
    shown(qtbot, label)
    before = look(label)
    font = QFont(label.font())
    font.setBold(True)
    label.setFont(font)
    assert look(label) != before


def test_it_shows_a_new_alignment_at_once(qtbot, label):
    label.setText("Yes")
    shown(qtbot, label)
    before = look(label)
    label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    assert look(label) != before



@pytest.mark.parametrize("size", [(300, 140), (200, 80)], ids=["taller: the text lower down", "narrower: wrapped again"])
def test_resized_it_looks_as_a_label_made_at_that_size(qtbot, label, size):
    made = WrapLabel(SENTENCE)
    shown(qtbot, made, label)
    look(label)   # painted, and its look kept
    made.resize(*size)
    label.resize(*size)
    assert look(label) == look(made)
