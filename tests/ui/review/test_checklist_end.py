"""Scrolled to its end, the checklist ends with its last card: no empty pane below it.

A card is as tall as its text needs at the pane's width. Its height at its narrowest (a
block of sixteen offence buttons one under another) is no floor for the page: when it was,
a three-crime record's checklist scrolled on past its last card into a screen of nothing.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QScrollArea

from workbench.ui.common import style
from workbench.ui.shell.main_window import MainWindow


pytestmark = pytest.mark.usefixtures("no_leaked_widgets")

THREE_CRIMES = "INC-2024-972969"   # the demo's longest log: three crimes, each with sixteen offence groups


@pytest.fixture
def window(app_look, open_review_window, demo_store):
    """The review window at 1366 x 768 on the demo audit, styled as a user sees it (cards as tall)."""
    return open_review_window(demo_store)


def shown_page(window: MainWindow) -> QScrollArea:
    return next(area for area in window.checklist.findChildren(QScrollArea) if area.isVisible())


def test_a_long_checklist_is_no_taller_than_its_cards_at_the_panes_width(qtbot, window):
    window.go_to(THREE_CRIMES)
    page = shown_page(window)
    body, width = page.widget(), page.viewport().width()
    qtbot.waitUntil(lambda: body.width() == width)
    needed = body.heightForWidth(width)
    assert needed > page.viewport().height()   # (it scrolls: the end is below the pane)
    assert body.height() == needed


def test_the_last_card_ends_the_scrolled_checklist(qtbot, window):
    window.go_to(THREE_CRIMES)
    page = shown_page(window)
    bar = page.verticalScrollBar()
    bar.setValue(bar.maximum())
    body = page.widget()
    last = max((child for child in body.findChildren(type(body)) if child.isVisible() and child.parent() is body),
               key=lambda child: child.geometry().bottom())
    below = body.height() - last.geometry().bottom()
    assert below < 3 * style.SPACING
