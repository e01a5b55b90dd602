"""The review window as UI tests open it: on an audit, at 1366 x 768 (the smallest common laptop screen)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from workbench.ui.common.session import Session
from workbench.ui.shell.main_window import MainWindow

from tests.factories import AUDITOR


def open_window(qtbot, store, ui_settings) -> MainWindow:
    """The review window on ``store`` as the auditor, shown and active (keys reach it)."""
    window = MainWindow(Session(store, AUDITOR), ui_settings)
    qtbot.addWidget(window)
    window.setWindowState(Qt.WindowState.WindowNoState)
    window.resize(1366, 768)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    return window
