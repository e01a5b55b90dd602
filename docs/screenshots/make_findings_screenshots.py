"""Screenshots of the findings: the Findings tab at 1366x768, every PDF page, every workbook sheet.

Run from the repository root::

    .venv/bin/python docs/screenshots/make_findings_screenshots.py [--out DIR]

- The Findings tab of the main window (offscreen, ``QWidget.grab()``): the demo
  audit at 1366x768 and 1920x1080 (``findings-tab-*.png``), and the synthetic 2014
  re-creation with populations entered and a peer reviewer's answers to twelve
  records (so the agreement section shows beside the FCR's determinations), scrolled
  through at 1366x768 (``findings/tab-1366x768-N.png``). It says whether the
  findings fit the pane's width (they must: no sideways scrolling).
- The demo's record INC-2024-998468 at 1366x768, with the time from its report to its
  crime record in the record pane and the audit's limit in the timeliness question
  (``record-elapsed-1366x768.png``).
- The PDF report of the 2014 re-creation, every page at 60 dpi (``findings/pdf-page-NN.png``).
- The workbook printed to PDF through LibreOffice: every page of the Findings sheet and
  the first page of each other sheet (``findings/xlsx-page-NN.png``).
- The README's images of both at 80 dpi (``pdf-cover.png``, ``pdf-findings.png``,
  ``pdf-chart.png``, ``pdf-appendix.png``, ``xlsx-findings.png``).

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
from workbench.ops.answering import answer_many  # noqa: E402
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
PEER = Actor("Synthetic Peer", Role.PEER, "Another Synthetic Constabulary")


def add_peer_answers(store) -> None:
    """A peer reviewer's answers (round 2) to twelve records: the team's, except on two."""
    for n, key in enumerate([f"INC-{i:04d}" for i in range(21, 29)] + [f"CAN-{i:04d}" for i in range(60, 64)]):
        given = [(a.question, a.instance, a.value, None) for a in store.answers("auditor", 1, key)
                 if a.question not in ("rationale", "crime_ref", "recorded_as")]
        if n == 5:  # the peer finds the crime was not recorded
            given = [g for g in given if g[0] not in ("timely", "classified_ok")]
            given = [(q, i, "no" if q == "recorded" else v, None) for q, i, v, _ in given]
            given += [("not_recorded_reason", 1, "incident_only", None), ("rationale", None, "Kept as an incident.", None)]
        if n == 10:
            given = [(q, i, "unable" if q == "authorised_correctly" else v, None) for q, i, v, _ in given]
        answer_many(store, PEER, key, given, 2)


def record_shot(app: QApplication, store, folder: Path, out: Path) -> None:
    """The demo's record with both times, its checklist showing the audit's limit in the timeliness question."""
    settings = UiSettings(QSettings(str(folder / "elapsed.ini"), QSettings.Format.IniFormat))
    window = MainWindow(Session(store, ACTOR), settings)
    window.show()
    try:
        window.showNormal()
        window.resize(WIDTH, HEIGHT - 32)
        queue = max(420, int(WIDTH * 0.31))
        window.splitter.setSizes([queue, (WIDTH - queue) // 2, WIDTH - queue - (WIDTH - queue) // 2])
        window.go_to("INC-2024-998468")
        settle(app)
        window.checklist.focus_question("timely", 1)
        settle(app)
        window.grab().save(str(out / "record-elapsed-1366x768.png"))
        print(f"wrote {out / 'record-elapsed-1366x768.png'}")
    finally:
        window.watch.stop()
        window.close()
        window.deleteLater()
WIDTH, HEIGHT = 1366, 768


def settle(app: QApplication) -> None:
    for _ in range(20):
        app.processEvents()


def findings_tab(app: QApplication, store, folder: Path, out: Path, name: str, pages: int = 1,
                 size: tuple[int, int] = (WIDTH, HEIGHT)) -> None:
    """The main window at ``size`` showing the Findings tab, scrolled through ``pages`` screens."""
    width, height = size
    settings = UiSettings(QSettings(str(folder / f"{name}.ini"), QSettings.Format.IniFormat))
    window = MainWindow(Session(store, ACTOR), settings)
    window.show()
    try:
        window.showNormal()
        window.resize(width, height - 32)
        queue = max(420, int(width * 0.31))
        window.splitter.setSizes([queue, (width - queue) // 2, width - queue - (width - queue) // 2])
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
        window.watch.stop()  # no more looking for outside changes: the audit is closed next
        window.close()
        window.deleteLater()


def pages(pdf: Path, out: Path, prefix: str, keep=None) -> None:
    """Every page of ``pdf`` at 60 dpi as ``prefix-NN.png`` (``keep(number)`` False leaves a page out)."""
    for old in out.glob(f"{prefix}-*.png"):
        old.unlink()
    count = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines() if line.startswith("Pages:")))
    chosen = [n for n in range(1, count + 1) if keep is None or keep(n)]
    for n in chosen:
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(n), "-l", str(n), "-singlefile", str(pdf),
                        str(out / f"{prefix}-{n:02d}")], check=True)
    print(f"wrote {len(chosen)} of {count} pages as {out / prefix}-NN.png")


def first_pages_of_sheets(pdf: Path):
    """A workbook printed: every page of the Findings sheet, the first page of each other sheet.

    (All the pages were looked at; these are kept. The sheet's name is in each page's header.)
    """
    def sheet_of(n: int) -> str:
        head = subprocess.run(["pdftotext", "-layout", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                              text=True, check=True).stdout.splitlines()[0]
        return head.split("OFFICIAL-SENSITIVE")[-1].strip()

    seen: list[str] = []

    def keep(n: int) -> bool:
        sheet = sheet_of(n)
        first = not seen or seen[-1] != sheet
        seen.append(sheet)
        return first or sheet == "Findings"

    return keep


#: The README's images at 80 dpi: (file, the page, or words on the page).
README_PDF = (("pdf-cover.png", 1), ("pdf-findings.png", 2), ("pdf-chart.png", "Recording rate (%); lines show"),
              ("pdf-appendix.png", "Appendix A. Non-compliant answers"))
README_XLSX = (("xlsx-findings.png", 1),)


def page_with(pdf: Path, words: str) -> int:
    n = 1
    while True:
        text = subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), str(pdf), "-"], capture_output=True,
                              text=True).stdout
        if words in " ".join(text.split()):
            return n
        n += 1


def readme_pages(pdf: Path, out: Path, chosen: tuple[tuple[str, int | str], ...]) -> None:
    for name, page in chosen:
        page = page if isinstance(page, int) else page_with(pdf, page)
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile", str(pdf),
                        str(out / name.removesuffix(".png"))], check=True)
        print(f"wrote {out / name}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    (args.out / "findings").mkdir(parents=True, exist_ok=True)
    app = make_application()
    folder = Path(tempfile.mkdtemp(prefix="workbench-findings-shots-"))
    try:
        demo = build_demo(folder / "demo.cdiaudit").store
        try:
            findings_tab(app, demo, folder, args.out, "findings-tab-1366x768")
            findings_tab(app, demo, folder, args.out, "findings-tab-1920x1080", size=(1920, 1080))
            record_shot(app, demo, folder, args.out)
        finally:
            demo.close()
        store = build_leicestershire_audit(folder)
        try:
            update_settings(store, FCR, store.settings().changed(populations={"incident": 12000, "referral": 800}))
            add_peer_answers(store)
            findings_tab(app, store, folder, args.out, "findings/tab-1366x768", pages=14)
            data = gather(store, ACTOR, recorded_crime=60000)
        finally:
            store.close()
        write_pdf(data, folder / "report.pdf")
        pages(folder / "report.pdf", args.out / "findings", "pdf-page")
        readme_pages(folder / "report.pdf", args.out, README_PDF)
        write_xlsx(data, folder / "findings.xlsx")
        profile = folder / "lo-profile"
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(folder), str(folder / "findings.xlsx")], check=True, capture_output=True)
        pages(folder / "findings.pdf", args.out / "findings", "xlsx-page", first_pages_of_sheets(folder / "findings.pdf"))
        readme_pages(folder / "findings.pdf", args.out, README_XLSX)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
