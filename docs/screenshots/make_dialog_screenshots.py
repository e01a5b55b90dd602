"""Screenshots of the start screen, the import wizard (mapping page, a file refused at once, error view) and
the sampling dialog.

Run from the repository root::

    .venv/bin/python docs/screenshots/make_dialog_screenshots.py

It works offscreen (no display needed): each dialog gets the app's own style, is
resized to a 1366x768 and a 1920x1080 window and grabbed into this folder. All the
data is synthetic: a sample workbook with title rows above its header, and a
deliberately broken CSV for the error view.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402  (the script writes its synthetic input files)
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from workbench.core.audit import Actor, AuditSettings, Role  # noqa: E402
from workbench.ops.audits import new_audit  # noqa: E402
from workbench.ui.common import style  # noqa: E402
from workbench.ui.common.session import Session  # noqa: E402
from workbench.ui.importing.import_wizard import ImportWizard  # noqa: E402
from workbench.ui.sampling.sampling_dialog import SamplingDialog  # noqa: E402
from workbench.ui.common.ui_settings import UiSettings  # noqa: E402
from workbench.ui.start.start_screen import StartDialog, file_name_for  # noqa: E402

from capture import settle  # noqa: E402  (this folder: the script's own)
OUT = Path(__file__).resolve().parent
SIZES = ((1366, 768), (1920, 1080))
ACTOR = Actor("Sam Patel", Role.AUDITOR, "Demo Constabulary")
RECENT = (
    "Cancelled crimes review, Q2 2024",
    "N100 rape reports, January to June 2024",
    "Q1 2024 crime recording audit",
)


def grab(app: QApplication, widget: QWidget, name: str) -> None:
    for width, height in SIZES:
        widget.resize(width, height)
        settle(app)
        path = OUT / f"{name}-{width}x{height}.png"
        widget.grab().save(str(path))
        print(f"wrote {path.relative_to(ROOT)}")


def titled_workbook(path: Path) -> Path:
    """The demo sample under two title rows and a blank one, plus a notes sheet."""
    source = openpyxl.load_workbook(ROOT / "resources" / "demo" / "demo-sample.xlsx", read_only=True)
    rows = list(source.worksheets[0].iter_rows(values_only=True))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Sample"
    sheet.append(["Q3 2024 crime recording audit: dip sample (synthetic data)"])
    sheet.append(["Drawn 1 October 2024 from the crime and incident systems"])
    sheet.append([])
    for row in rows:
        sheet.append(list(row))
    notes = book.create_sheet("Notes")
    notes.append(["How the sample was drawn"])
    book.save(path)
    return path


def broken_csv(path: Path) -> Path:
    """A sample with the mistakes a real extract has: blank and repeated keys, wrong checklist names."""
    lines = [
        "key,form,reported,area,narrative",
        "INC-2024-100001,incident,2024-07-01 09:12,Fenlow Cross,Caller reports a bicycle taken from outside the library.",
        ",incident,2024-07-01 10:40,Marrowgate,Neighbour dispute over parking; words exchanged.",
        "INC-2024-100003,incident,2024-07-02 22:05,Stannick Vale,Concern for welfare of an elderly resident.",
        "INC-2024-100001,incident,2024-07-03 14:30,Oxlade Park,Shop reports theft of two bottles of spirits.",
        "INC-2024-100005,robbery,2024-07-04 01:15,North Hollowfield,Male states his phone was snatched in the street.",
        "INC-2024-100006,incident,2024-07-04 08:55,Quillbury East,Report of criminal damage to a garden fence.",
        "INC-2024-100007,Incident log,2024-07-05 19:20,Brackenmere,Caller reports threats received by text message.",
        "REF-2024-200008,referal,2024-07-06 11:00,Fenlow Cross,Referral from children's social care.",
        ",referral,2024-07-06 15:45,Marrowgate,Referral from the ambulance service.",
        "INC-2024-100010,incident,2024-07-07 12:30,Stannick Vale,Assault outside a bar; victim declines to give details.",
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def start_screen(app: QApplication, work: Path) -> None:
    folder = work / "Documents" / "CDI audits"
    folder.mkdir(parents=True)
    settings = UiSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
    settings.identity = ACTOR
    for title in reversed(RECENT):
        with new_audit(folder / file_name_for(title), AuditSettings(title=title, force=ACTOR.force), ACTOR) as store:
            settings.add_recent(store.path, title)
    dialog = StartDialog(settings, demo_folder=work)
    dialog.show()
    grab(app, dialog, "start-screen")
    dialog.close()


def import_wizard(app: QApplication, work: Path) -> None:
    store = new_audit(work / "q3", AuditSettings(title="Q3 2024 crime recording audit", force=ACTOR.force), ACTOR)
    try:
        wizard = ImportWizard(Session(store, ACTOR))
        wizard.show()
        page = wizard.mapping_page
        wizard.file_page.path_edit.setText(str(titled_workbook(work / "q3-sample.xlsx")))
        wizard.next()
        settle(app, lambda: page.preview is not None)
        grab(app, wizard, "import-mapping")

        wizard.back()
        empty = work / "q3-sample-empty.csv"
        empty.write_bytes(b"")
        wizard.file_page.path_edit.setText(str(empty))   # said at once, on the file page
        grab(app, wizard, "import-file-refused")
        wizard.file_page.path_edit.setText(str(broken_csv(work / "q3-sample-broken.csv")))
        wizard.next()
        settle(app, lambda: page.preview is not None and page.isComplete())
        wizard.next()
        settle(app, lambda: not wizard.check_page.running)
        grab(app, wizard, "import-errors")
        wizard.close()
    finally:
        store.close()


AREAS = (("Fenlow Cross", 9), ("Marrowgate", 7), ("Stannick Vale", 5), ("North Hollowfield", 4), ("Oxlade Park", 3),
         ("Quillbury East", 2), ("Brackenmere", 1))


def population_csv(path: Path, rows: int = 24_000) -> Path:
    """A synthetic incident extract: a reference, an area (seven, unequal) and a short log."""
    cycle = [name for name, weight in AREAS for _ in range(weight)]
    lines = ["incident_ref,area,received,category,summary"]
    for i in range(rows):
        lines.append(f"INC-2024-{300000 + i},{cycle[i * 7 % len(cycle)]},2024-{i % 12 + 1:02d}-{i % 28 + 1:02d} "
                     f"{i % 24:02d}:{i % 60:02d},{('Theft', 'Assault', 'Criminal damage', 'Burglary')[i % 4]},"
                     f"\"Synthetic log {i}: caller reports an incident, officers attended.\"")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def sampling_dialog(app: QApplication, work: Path) -> None:
    store = new_audit(work / "q4", AuditSettings(title="Q4 2024 crime recording audit", force=ACTOR.force), ACTOR)
    try:
        dialog = SamplingDialog(Session(store, ACTOR))
        dialog.show()
        path = population_csv(work / "incidents-2024-q4.csv")
        dialog.file_path.setText(str(path))
        dialog.load_columns(str(path))
        settle(app, lambda: dialog.columns is not None and dialog.job is None)
        dialog.strata_column.setCurrentText("area")
        dialog.seed.setText("482913057")
        dialog.calculator.population.setValue(24_000)
        dialog.calculator.use_button.click()
        dialog.start()
        deadline = time.monotonic() + 120
        while dialog.job is not None and time.monotonic() < deadline:
            app.processEvents()
            time.sleep(0.01)
        grab(app, dialog, "sampling-dialog")
        dialog.close()
    finally:
        store.close()


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    style.apply(app)
    # A fixed folder, so the paths shown in the recent list read the same every run.
    work = Path(tempfile.gettempdir()) / "cdi-screens"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    try:
        start_screen(app, work)
        import_wizard(app, work)
        sampling_dialog(app, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
