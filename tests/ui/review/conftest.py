"""Fixtures of the review window's tests: the application's look, and a checklist view on the demo audit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from workbench.ui.common import style
from workbench.ui.common.session import Session
from workbench.ui.review.checklist_view import ChecklistView
from workbench.ui.shell.main_window import MainWindow

from tests.factories import AUDITOR


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
    widget = ChecklistView(session)
    qtbot.addWidget(widget)
    widget.resize(600, 900)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


@pytest.fixture
def open_review_window(qtbot, ui_settings):
    """``open_review_window(store)``: the review window on ``store`` at 1366 x 768 (the smallest common
    laptop screen), shown."""
    def open_window(store) -> MainWindow:
        shown = MainWindow(Session(store, AUDITOR), ui_settings)
        qtbot.addWidget(shown)
        shown.setWindowState(Qt.WindowState.WindowNoState)
        shown.resize(1366, 768)
        shown.show()
        qtbot.waitExposed(shown)
        return shown
    return open_window
