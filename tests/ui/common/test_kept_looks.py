"""Kept looks: drawn once per key, the oldest dropped over the limit, all forgotten with the style sheet."""

from __future__ import annotations

from PySide6.QtCore import QSize

from workbench.ui.common.kept_looks import KeptLooks

SIZE = QSize(10, 10)   # 400 bytes a look


class Drawer:
    def __init__(self):
        self.drawn = 0

    def __call__(self, painter) -> None:
        self.drawn += 1


def test_a_look_is_drawn_once_and_then_copied(qapp):
    looks, draw = KeptLooks(1 << 20), Drawer()
    first = looks.look("yes", SIZE, 1.0, draw)
    again = looks.look("yes", SIZE, 1.0, draw)
    assert draw.drawn == 1 and again.cacheKey() == first.cacheKey()


def test_the_oldest_looks_are_dropped_once_they_hold_too_much(qapp):
    looks, draw = KeptLooks(1000), Drawer()   # room for two
    for key in ("a", "b", "c"):
        looks.look(key, SIZE, 1.0, draw)
    assert len(looks) == 2
    looks.look("a", SIZE, 1.0, draw)   # dropped: drawn again
    assert draw.drawn == 4


def test_every_look_is_forgotten_when_the_applications_style_sheet_changes(qapp):
    looks, draw = KeptLooks(1 << 20), Drawer()
    before = qapp.styleSheet()
    looks.look("yes", SIZE, 1.0, draw)
    try:
        qapp.setStyleSheet("QLabel { color: red; }")
        looks.look("yes", SIZE, 1.0, draw)
    finally:
        qapp.setStyleSheet(before)
    assert draw.drawn == 2
