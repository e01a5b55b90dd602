"""Starting the workbench: who is working, which audit to open, and the main window.

``workbench`` opens the last audit (on the very first run, a fresh copy of the
bundled demo audit); ``workbench AUDIT`` opens that file; ``workbench --demo``
always opens a fresh demo copy. When there is nothing to open, or opening fails
(the error is said in words first), the start screen offers the choices.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QWidget

from workbench import paths
from workbench.core.audit import Actor
from workbench.ops.peer_review import PACKAGE_SUFFIX
from workbench.ops.audits import AUDIT_SUFFIX, build_demo, check_audit_file, needs_upgrade, open_audit, upgrade_audit
from workbench.ui.common import style
from workbench.ui.common.jobs import JobRunner
from workbench.ui.common.errors import default_report_dir, install_crash_handler, show_error
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.common.session import Session
from workbench.ui.common.ui_settings import APPLICATION, ORGANISATION, UiSettings, data_folder
from workbench.ui.start.identity import ask_identity
from workbench.ui.start.start_screen import StartDialog

DISPLAY_NAME = "CDI workbench"
DESKTOP_FILE = "cdi-workbench"


def fresh_demo(folder: Path) -> Path:
    """Build a new demo audit under ``folder`` with a timestamped name; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y-%m-%d-%H%M%S")
    path = folder / f"demo-audit-{stamp}{AUDIT_SUFFIX}"
    n = 1
    while path.exists():
        n += 1
        path = folder / f"demo-audit-{stamp}-{n}{AUDIT_SUFFIX}"
    build_demo(path).store.close()
    return path


class Workbench(QObject):
    """The running app: the one main window and the audit open in it."""

    def __init__(self, settings: UiSettings, actor: Actor, data_dir: Path | None = None):
        super().__init__()
        self.settings, self.actor = settings, actor
        self.data_dir = data_dir or data_folder()
        self.window: MainWindow | None = None
        self.start_dialog: StartDialog | None = None
        self.unpack_dialog: QWidget | None = None   # File › Open… on a package: its passphrase and the copy
        self.checks = JobRunner(self)  # each opened file's full integrity check, in the background

    def start(self, audit: Path | None = None, demo: bool = False) -> None:
        """Open what the command line asked for; otherwise the last audit, the demo or the start screen."""
        if demo:
            self.open_demo()
        elif audit is not None:
            self.open(Path(audit))
        elif self.settings.last_audit is not None:
            self.open(self.settings.last_audit)
        elif not self.settings.recent_entries():
            self.open_demo()  # the very first run: something real to look at
        else:
            self.show_start()

    def open_demo(self) -> None:
        try:
            path = fresh_demo(self.data_dir / "demo")
        except Exception as exc:  # disk full, folder not writable: say so, then offer the start screen
            self._failed(exc)
            return
        self.open(path)

    def open(self, path: Path) -> bool:
        """Open ``path`` in the window; on failure say why (then the start screen if nothing is open).

        A package (``.cdipkg``) first asks for its passphrase and where to save the working copy.
        """
        if Path(path).suffix.lower() == PACKAGE_SUFFIX:
            return self.unpack(Path(path))
        if needs_upgrade(Path(path)):
            return self._upgrade_then_open(Path(path))
        try:
            store = open_audit(path, check=False)  # the full check reads the whole file: it runs after the window shows
        except Exception as exc:
            self._failed(exc)
            return False
        session = Session(store, self.actor)
        if self.window is None:
            self.window = MainWindow(session, self.settings)
            self.window.open_requested.connect(self.open)
            self.window.start_requested.connect(self.show_start)
            self.window.destroyed.connect(self._window_gone)
            self.window.show()
        else:
            old = self.window.session
            self.window.set_session(session)
            if old is not None:
                old.close()
        self.settings.last_audit = store.path
        opened = store.path
        self.checks.run(check_audit_file, opened, on_done=lambda _none: None,
                        on_error=lambda exc: self._damaged(opened, exc), cancellable=False)
        session.index_for_search()   # records an import left out of the full-text index (a cache)
        return True

    def _upgrade_then_open(self, path: Path) -> bool:
        """An audit from an older workbench: upgraded on a worker (checked, backed up, migrated), then opened.

        On a large file that takes half a minute: a progress dialog says what is happening
        (over the window, or on its own at start-up) rather than a frozen window.
        """
        self.checks.run(upgrade_audit, path, on_done=lambda _none: self.open(path), on_error=self._failed,
                        progress_dialog_parent=self.window, standalone_dialog=True, cancellable=False,
                        title=f"Upgrading {path.name} to this version of the workbench; a backup of it is kept beside it…")
        return True

    def unpack(self, package: Path) -> bool:
        """Ask for a package's passphrase and where to save the working copy, then open the copy."""
        from workbench.ui.peer_review.merge_dialog import UnpackDialog

        try:
            dialog = UnpackDialog(package, self.actor, self.window)
        except Exception as exc:  # not a package, or unreadable
            self._failed(exc)
            return False
        self.unpack_dialog = dialog
        dialog.unpacked.connect(self.open)
        dialog.finished.connect(lambda _result, d=dialog: self._unpack_finished(d))
        dialog.open()
        return True

    def _unpack_finished(self, dialog: QWidget) -> None:
        if self.unpack_dialog is dialog:
            self.unpack_dialog = None
        dialog.deleteLater()

    def _damaged(self, path: Path, exc: BaseException) -> None:
        """The background integrity check failed: close that audit, say why, offer the start screen."""
        if self.window is None or self.window.session is None or self.window.session.path != path:
            return  # another audit is open by now
        self.close()
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        if self.window is not None:
            show_error(self.window, exc)
        else:
            self.show_start()
            show_error(self.start_dialog, exc)

    def show_start(self, page: str = "start") -> None:
        """The start screen: new audit, open, recent, demo."""
        if self.start_dialog is not None:
            self.start_dialog.raise_()
            return
        parent: QWidget | None = self.window
        dialog = StartDialog(self.settings, parent, demo_folder=self._demo_dir())
        self.start_dialog = dialog
        dialog.finished.connect(lambda result, d=dialog: self._start_finished(d, result))
        if page == "new":
            dialog.new_audit()
            if dialog.path is None:
                self._start_finished(dialog, 0)
            return
        dialog.open()

    def _demo_dir(self) -> Path:
        folder = self.data_dir / "demo"
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    def _start_finished(self, dialog: StartDialog, _result: int) -> None:
        if self.start_dialog is not dialog:
            return
        self.start_dialog = None
        path = dialog.path
        dialog.deleteLater()
        identity = self.settings.identity
        if identity is not None and identity != self.actor:  # Change... on the start screen: it reaches the open audit
            self.actor = identity
            if self.window is not None and self.window.session is not None:
                self.window.session.set_actor(identity)
        if path is not None:
            self.open(path)

    def _window_gone(self) -> None:
        self.window = None

    def close(self) -> None:
        """Close the window and the audit (the end of the run, or of a test)."""
        self.checks.wait()
        dialog, self.start_dialog = self.start_dialog, None
        if self.unpack_dialog is not None:
            self.unpack_dialog.close()   # its finished() schedules its deletion
        if dialog is not None:
            dialog.close()
            dialog.deleteLater()
        if self.window is not None:
            session = self.window.session
            self.window.close()
            self.window.deleteLater()
            self.window = None
            if session is not None:
                session.close()


def app_icon() -> QIcon:
    """The workbench's icon (resources/icons), at every size drawn for it."""
    icon = QIcon()
    for png in sorted(paths.icons_dir().glob("cdi-workbench-*.png")):
        icon.addFile(str(png))
    return icon


def keep_fills_on_the_gui_thread() -> None:
    """Qt's raster engine hands every fill of 96 or more lines (a scroll bar's groove, 700 px
    tall) to a pool of threads and waits for them, which costs more than the fill (1 ms a
    scroll bar against 0.2 ms, and more while the machine is busy: a core must come free).
    The window's fills are all this small. Qt reads the setting once, at the first fill."""
    os.environ.setdefault("QT_NO_GUI_THREADPOOL", "1")


def make_application() -> QApplication:
    keep_fills_on_the_gui_thread()   # before anything is painted
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setOrganizationName(ORGANISATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName(DISPLAY_NAME)
    # the desktop entry installer/linux/cdi-workbench.desktop: Wayland shows its icon and name
    app.setDesktopFileName(DESKTOP_FILE)
    app.setWindowIcon(app_icon())
    style.apply(app)
    return app


def run_gui(audit: Path | None = None, demo: bool = False) -> int:
    """Run the review workbench until its window is closed; returns the exit status."""
    app = make_application()
    install_crash_handler(default_report_dir())
    settings = UiSettings()
    actor = ask_identity(settings)
    if actor is None:
        return 0
    workbench = Workbench(settings, actor)
    workbench.start(audit, demo)
    if workbench.window is None and workbench.start_dialog is None:
        return 1
    try:
        return app.exec()
    finally:
        workbench.close()
