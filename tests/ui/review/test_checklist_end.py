"""Scrolled to its end, the checklist ends with its last card: no empty pane below it.

A card is as tall as its text needs at the pane's width. Its height at its narrowest (a
block of sixteen offence buttons one under another) is no floor for the page: when it was,
a three-crime record's checklist scrolled on past its last card into a screen of nothing.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QScrollArea

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


def incident_keys(store, crimes: int | None = None, progress: str | None = None) -> list[str]:
    keys = [row.key for row in store.queue(form_id="incident", progress=progress)]
    if crimes is None:
        return keys
    return [key for key in keys
            if len({a.instance for a in store.answers(record_key=key) if a.question == "offence_group"}) == crimes]


def test_a_short_checklist_after_a_long_one_fills_the_panes_width(qtbot, window, demo_store):
    """The page of a one-crime checklist last showed a long record (with a scroll bar); shown again
    for a record with one question, its card spans the pane: no room is kept for a bar not there."""
    long_one = incident_keys(demo_store, crimes=1, progress="complete")[0]
    two_crimes = incident_keys(demo_store, crimes=2)[0]
    short_one = incident_keys(demo_store, progress="not_started")[0]
    for key in (long_one, two_crimes, short_one):
        window.go_to(key)
        window.ahead_timer.stop()   # each page shown as a record opened from the queue is, not laid out ahead
        QApplication.processEvents()   # the scroll area shows or hides its bar
    assert window.checklist.cards[("auditable", None)].isVisible()
    page = shown_page(window)
    qtbot.waitUntil(lambda: not page.verticalScrollBar().isVisible())
    card = window.checklist.cards[("auditable", None)]
    body = page.widget()
    assert body.width() == page.viewport().width() == page.width()
    assert card.width() == body.width() - 4 * style.SPACING
