"""The self-check's last step: the review window, built on the self-check's audit.

It proves that Qt, its platform plugin and the window's widgets load in this copy
of the workbench (the frozen bundle carries its own Qt). The window is built and
drawn into an image, never shown, and the user's own settings are never read: the
window's settings go to a file in the self-check's folder.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from workbench.ops.self_check import FCR, SelfCheckFailed, Workspace


def _platform_without_display() -> None:
    """Draw offscreen on a Linux machine with no display (Qt would abort, not raise, without one)."""
    if sys.platform.startswith("linux") and not os.environ.get("QT_QPA_PLATFORM") \
            and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def open_window(ws: Workspace) -> None:
    """Build the main window on the self-check's audit, draw it, and close it again."""
    _platform_without_display()
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from workbench.ui.common.session import Session
    from workbench.ui.common.ui_settings import UiSettings
    from workbench.ui.shell.app import make_application
    from workbench.ui.shell.main_window import MainWindow

    app = QApplication.instance() or make_application()  # a running app (a test's) keeps its own style
    settings = UiSettings(QSettings(str(ws.folder / "window-settings.ini"), QSettings.Format.IniFormat))
    store = ws.open(Path(ws.audit.path))
    session = Session(store, FCR)
    window = MainWindow(session, settings)
    try:
        window.resize(1366, 768)
        app.processEvents()
        image = window.grab()
        if image.isNull() or image.width() < 100:
            raise SelfCheckFailed(f"the window drew nothing (platform {QApplication.platformName()})")
        shown = window.model.rowCount()
        if shown != len(list(store.records())):
            raise SelfCheckFailed(f"the window lists {shown} records of {len(list(store.records()))}")
    finally:
        window.close()
        window.deleteLater()
        app.processEvents()
        session.close()
