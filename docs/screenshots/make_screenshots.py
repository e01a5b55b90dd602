"""Screenshots of the review window: the demo audit, a long narrative, a repeat group, the findings, the shortcuts,
the queue's filter and the checklist's banner, an "unable to determine" record, a long choice wrapped in a
narrow checklist pane, the audit log, verify, the export dialog once done, About, and an empty audit.

Run from the repository root::

    .venv/bin/python docs/screenshots/make_screenshots.py

The main window is shot as a user sees it: ``workbench --demo`` on a virtual screen
(Xvfb, through ``../shared/tools/screenshot`` when it is there) at 1366x768 and
1920x1080, with settings and data in a temporary folder so that the real user's are
untouched. The other states are driven offscreen on a fresh demo audit and grabbed
with ``QWidget.grab()`` at the same two sizes. Everything shown is synthetic.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from workbench.core.audit import Actor, Role  # noqa: E402
from workbench.ops.audits import build_demo  # noqa: E402
from workbench.ui.shell.app import make_application  # noqa: E402
from workbench.ui.shell.main_window import MainWindow  # noqa: E402
from workbench.ui.common.session import Session  # noqa: E402
from workbench.ui.common.ui_settings import UiSettings  # noqa: E402
from workbench.ui.shell.shortcuts import ShortcutsDialog  # noqa: E402

OUT = Path(__file__).resolve().parent
SIZES = ((1366, 768), (1920, 1080))
ACTOR = Actor("Sam Patel", Role.AUDITOR, "Demo Constabulary")
# ../shared/tools/screenshot beside the repository (or beside the folder of worktrees holding it)
TOOL = next((p for p in (ROOT.parent / "shared" / "tools" / "screenshot", ROOT.parents[1] / "shared" / "tools" / "screenshot")
             if p.exists()), ROOT.parent / "shared" / "tools" / "screenshot")
LONG_NARRATIVE = "INC-2024-972969"   # the demo's longest log (over 4,000 characters), three crimes


def settle(app: QApplication) -> None:
    for _ in range(20):
        app.processEvents()


def window_shots(folder: Path) -> None:
    """``workbench --demo`` on Xvfb, as a user would first see it."""
    if not TOOL.exists():
        print(f"skipped the main window: {TOOL} is not here")
        return
    config, data = folder / "config", folder / "data"
    (config / "cdi-workbench").mkdir(parents=True)
    settings = UiSettings(QSettings(str(config / "cdi-workbench" / "workbench.ini"), QSettings.Format.IniFormat))
    settings.identity = ACTOR
    settings.sync()
    env = {**os.environ, "XDG_CONFIG_HOME": str(config), "XDG_DATA_HOME": str(data)}
    env.pop("QT_QPA_PLATFORM", None)
    for width, height in SIZES:
        out = OUT / f"main-window-{width}x{height}.png"
        subprocess.run([str(TOOL), "-s", f"{width}x{height}", "-w", "8", str(out), "--", str(ROOT / ".venv/bin/workbench"), "--demo"],
                       env=env, check=True)


def state_shots(app: QApplication, folder: Path) -> None:
    store = build_demo(folder / "demo.cdiaudit").store
    settings = UiSettings(QSettings(str(folder / "settings.ini"), QSettings.Format.IniFormat))
    window = MainWindow(Session(store, ACTOR), settings)
    window.show()
    try:
        for width, height in SIZES:
            window.showNormal()
            window.resize(width, height - 32)
            queue = max(420, int(width * 0.31))
            window.splitter.setSizes([queue, (width - queue) // 2, width - queue - (width - queue) // 2])
            settle(app)

            window.go_to(LONG_NARRATIVE)
            window.record_view.start_find()
            window.record_view.find_edit.setText("suspect 1")
            window.record_view.find_next()
            window.record_view.find_next()
            window.checklist.focus_question("auditable")
            settle(app)
            shoot(window, f"long-narrative-{width}x{height}")
            window.record_view.close_find()

            window.checklist.focus_question("offence_group", 2)
            settle(app)
            shoot(window, f"repeat-group-{width}x{height}")

            window.middle.setCurrentWidget(window.findings)
            wait_for_findings(app, window)
            shoot(window, f"findings-tab-{width}x{height}")
            window.middle.setCurrentWidget(window.record_view)

            sheet = ShortcutsDialog(window)
            sheet.resize(min(760, width - 200), min(820, height - 120))
            sheet.show()
            settle(app)
            shoot(sheet, f"shortcuts-{width}x{height}")
            sheet.close()
            sheet.deleteLater()

            review_details(app, window, store, f"{width}x{height}")
            window_dialogs(app, window, folder, f"{width}x{height}", (width, height))
    finally:
        window.close()
        store.close()
    empty_audit(app, folder)


def review_details(app: QApplication, window: MainWindow, store, size: str) -> None:
    """The queue filtered by a key's start, with the banner of a record not yet complete; a record
    whose "unable to determine" answer leaves it out of the compliance count; a crime not recorded, whose
    longest reason wraps in the checklist pane at its narrowest."""
    fresh = [r.key for r in store.queue(progress="not_started") if r.key.startswith("CAN-")][0]
    window.queue.search.setText("CAN-")
    window.queue._apply_filters()
    window.go_to(fresh)
    window.checklist.cards[window.checklist.current_question()].answered.emit("yes")
    window.complete_and_next()
    settle(app)
    shoot(window, f"queue-filter-{size}")
    window.queue.search.setText("")
    window.queue._apply_filters()
    incident = [r.key for r in store.queue(form_id="incident", progress="not_started")][0]
    window.go_to(incident)
    window.session.answer(incident, "auditable", None, "yes")
    window.session.answer(incident, "discloses_crime", None, "unable")
    window.go_to(incident, "discloses_crime")
    settle(app)
    shoot(window, f"unable-to-determine-{size}")
    # A crime not recorded, with the checklist pane as narrow as it goes: the longest reason wraps in its card.
    window.session.answer(incident, "discloses_crime", None, "yes")
    window.session.answer(incident, "recorded", 1, "no")
    sizes = window.splitter.sizes()
    window.splitter.setSizes([sizes[0], sum(sizes[1:]) - window.checklist.minimumWidth(), window.checklist.minimumWidth()])
    window.go_to(incident, "not_recorded_reason", 1)
    settle(app)
    shoot(window, f"long-choice-{size}")
    window.splitter.setSizes(sizes)
    window.session.answer(incident, "recorded", 1, None)
    for question in ("discloses_crime", "auditable"):   # as it was, for the next size
        window.session.answer(incident, question, None, None)


def window_dialogs(app: QApplication, window: MainWindow, folder: Path, size: str, screen: tuple[int, int]) -> None:
    """The audit log, verify's answer, the export dialog once done, and About."""
    from workbench.ui.audit_log.log_view import AuditLogDialog
    from workbench.ui.audit_log.verify_check import verify_open_audit
    from workbench.ui.exporting.export_dialog import ExportDialog
    from workbench.ui.shell.help import AboutDialog

    log = AuditLogDialog(window.session.store, window)
    log.resize(min(1100, screen[0] - 120), min(640, screen[1] - 140))
    log.show()
    settle(app)
    shoot(log, f"audit-log-{size}")
    log.close()
    boxes = []
    verify_open_audit(window.session, window, said=boxes.append)
    deadline = time.monotonic() + 30
    while not boxes and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    settle(app)
    shoot(boxes[0], f"verify-{size}")
    boxes[0].close()
    export = ExportDialog(window.session, window)
    export.rows["xlsx"].path.setText(str(folder / "Demo findings.xlsx"))
    export.rows["pdf"].path.setText(str(folder / "Demo findings.pdf"))
    export.recipient.setText("Force governance board")
    export.show()
    export.start()
    deadline = time.monotonic() + 60
    while export.job is not None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    settle(app)
    shoot(export, f"export-done-{size}")
    export.close()
    about = AboutDialog(window.session.path, window.settings.file_name, window)
    about.show()
    settle(app)
    shoot(about, f"about-{size}")
    about.close()


def empty_audit(app: QApplication, folder: Path) -> None:
    from workbench.core.audit import AuditSettings
    from workbench.ops.audits import new_audit

    store = new_audit(folder / "empty", AuditSettings(title="Q3 2024 crime recording audit", force=ACTOR.force), ACTOR)
    settings = UiSettings(QSettings(str(folder / "empty.ini"), QSettings.Format.IniFormat))
    window = MainWindow(Session(store, ACTOR), settings)
    window.show()
    try:
        for width, height in SIZES:
            window.showNormal()
            window.resize(width, height - 32)
            settle(app)
            shoot(window, f"empty-audit-{width}x{height}")
    finally:
        window.close()
        store.close()


def wait_for_findings(app: QApplication, window: MainWindow) -> None:
    """Let the findings, computed off the UI thread, arrive and be drawn."""
    deadline = time.monotonic() + 20
    while window.findings.busy and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    settle(app)


def shoot(widget: QWidget, name: str) -> None:
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")


def main() -> None:
    app = make_application()
    folder = Path(tempfile.mkdtemp(prefix="workbench-shots-"))
    try:
        window_shots(folder / "xvfb")
        state_shots(app, folder)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
