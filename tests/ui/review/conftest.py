"""Fixtures of the review window's tests: the application's look, and a checklist view on the demo audit."""

from __future__ import annotations

import pytest

from workbench.ui.common import style
from workbench.ui.common.session import Session
from workbench.ui.review.checklist_view import ChecklistView

from tests.factories import AUDITOR
from tests.ui.windows import open_window, shown_active


@pytest.fixture
def app_look(qapp):
    """The application's style sheet and palette, as the workbench sets them (their padding and
    borders make a choice wider and a card taller), put back as they were afterwards."""
    before = (qapp.style().name(), qapp.palette(), qapp.styleSheet())
    style.apply(qapp)
    yield
    qapp.setStyleSheet(before[2])
    qapp.setPalette(before[1])
    qapp.setStyle(before[0])


@pytest.fixture
def session(demo_store):
    return Session(demo_store, AUDITOR)


@pytest.fixture
def view(qtbot, session):
    """The checklist view alone, 600 x 900, shown and active (keys reach it)."""
    return shown_active(qtbot, ChecklistView(session), 600, 900)


@pytest.fixture
def open_review_window(qtbot, ui_settings):
    """``open_review_window(store)``: the review window on ``store`` at 1366 x 768 (``tests/ui/windows.py``)."""
    return lambda store: open_window(qtbot, store, ui_settings)
