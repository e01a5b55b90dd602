"""Screenshots of the findings: the Findings tab at 1366x768, every PDF page, every workbook sheet.

Run from the repository root::

    .venv/bin/python docs/screenshots/make_findings_screenshots.py [--out DIR]

- The Findings tab of the main window at 1366x768 (offscreen, ``QWidget.grab()``):
  the demo audit (``findings-tab-1366x768.png``), and the synthetic 2014 re-creation
  with populations entered, scrolled through (``findings-tab-leics-N.png``). It says
  whether the findings needed a horizontal scroll bar (they must not).
- The PDF report of the 2014 re-creation, every page at 60 dpi (``pdf-page-NN.png``).
- The workbook printed to PDF through LibreOffice, every page (``xlsx-page-NN.png``).

Everything shown is synthetic. ``--out`` writes elsewhere (to look before replacing).
"""

from __future__ import annotations

import argparse
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
from PySide6.QtWidgets import QApplication  # noqa: E402

from tests.leicestershire import FCR, build_leicestershire_audit  # noqa: E402
from workbench.core.audit import Actor, Role  # noqa: E402
from workbench.io.pdf_report import write_pdf  # noqa: E402
from workbench.io.xlsx_export import write_xlsx  # noqa: E402
from workbench.ops.audits import build_demo, update_settings  # noqa: E402
from workbench.ops.export import gather  # noqa: E402
from workbench.ui.common.session import Session  # noqa: E402
from workbench.ui.common.ui_settings import UiSettings  # noqa: E402
from workbench.ui.shell.app import make_application  # noqa: E402
from workbench.ui.shell.main_window import MainWindow  # noqa: E402

ACTOR = Actor("Sam Patel", Role.AUDITOR, "Demo Constabulary")
WIDTH, HEIGHT = 1366, 768


def settle(app: QApplication) -> None:
    for _ in range(20):
        app.processEvents()


def findings_tab(app: QApplication, store, folder: Path, out: Path, name: str, pages: int = 1) -> None:
    """The main window at 1366x768 showing the Findings tab, scrolled through ``pages`` screens."""
    settings = UiSettings(QSettings(str(folder / f"{name}.ini"), QSettings.Format.IniFormat))
    window = MainWindow(Session(store, ACTOR), settings)
    window.show()
    try:
        window.showNormal()
        window.resize(WIDTH, HEIGHT - 32)
        queue = max(420, int(WIDTH * 0.31))
        window.splitter.setSizes([queue, (WIDTH - queue) // 2, WIDTH - queue - (WIDTH - queue) // 2])
        window.middle.setCurrentWidget(window.findings)
        deadline = time.monotonic() + 30
        settle(app)
        while (window.findings.busy or window.findings.computed is None) and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.02)
        settle(app)
        browser = window.findings.browser
        bar = browser.verticalScrollBar()
        wide = int(browser.document().size().width()) - browser.viewport().width()
        print(f"{name}: findings pane {browser.viewport().width()} px wide; the findings "
              f"{'are ' + str(wide) + ' px WIDER' if wide > 0 else 'fit'}")
        for page in range(pages):
            bar.setValue(page * (browser.viewport().height() - 40))
            settle(app)
            target = out / (f"{name}.png" if pages == 1 else f"{name}-{page + 1}.png")
            window.grab().save(str(target))
            print(f"wrote {target}")
    finally:
        window.findings.shutdown()
        window.close()


def pages(pdf: Path, out: Path, prefix: str) -> None:
    for old in out.glob(f"{prefix}-*.png"):
        old.unlink()
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(out / prefix)], check=True)
    print(f"wrote {len(list(out.glob(f'{prefix}-*.png')))} pages as {out / prefix}-NN.png")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    app = make_application()
    folder = Path(tempfile.mkdtemp(prefix="workbench-findings-shots-"))
    try:
        demo = build_demo(folder / "demo.cdiaudit").store
        try:
            findings_tab(app, demo, folder, args.out, "findings-tab-1366x768")
        finally:
            demo.close()
        store = build_leicestershire_audit(folder)
        try:
            update_settings(store, FCR, store.settings().changed(populations={"incident": 12000, "referral": 800}))
            findings_tab(app, store, folder, args.out, "findings-tab-leics", pages=8)
            data = gather(store, ACTOR, recorded_crime=60000)
        finally:
            store.close()
        write_pdf(data, folder / "report.pdf")
        pages(folder / "report.pdf", args.out, "pdf-page")
        write_xlsx(data, folder / "findings.xlsx")
        profile = folder / "lo-profile"
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(folder), str(folder / "findings.xlsx")], check=True, capture_output=True)
        pages(folder / "findings.pdf", args.out, "xlsx-page")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
