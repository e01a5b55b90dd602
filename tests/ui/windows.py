"""The review window as UI tests open it: on an audit, at 1366 x 768 (the smallest common laptop screen);
and any widget shown with its window active."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from workbench.ui.common.session import Session
from workbench.ui.shell.main_window import MainWindow

from tests.factories import AUDITOR


def open_window(qtbot, store, ui_settings) -> MainWindow:
    """The review window on ``store`` as the auditor, shown and active (keys reach it)."""
    window = MainWindow(Session(store, AUDITOR), ui_settings)
    window.setWindowState(Qt.WindowState.WindowNoState)
    return shown_active(qtbot, window, 1366, 768)


def shown_active(qtbot, widget: QWidget, width: int, height: int) -> QWidget:
    """``widget`` at ``width`` x ``height``, shown and its window active (keys reach it)."""
    qtbot.addWidget(widget)
    widget.resize(width, height)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget
