"""Screenshots of mapping profiles, a record whose source changed since review, and a timeliness suggestion.

Run from the repository root::

    .venv/bin/python docs/screenshots/make_import_screenshots.py

Offscreen (no display needed), at 1366x768: the import wizard's mapping page with
the profile that fits a new month's extract chosen for it; and the review window
on a fresh demo audit, on a record a later extract changed after it was answered,
and on an incident whose crime was recorded late, with the suggestion beside the
timeliness question. All the data is synthetic.
"""

from __future__ import annotations

import csv
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import openpyxl  # noqa: E402  (the script writes its synthetic input files)
from PySide6.QtCore import QSettings  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

from workbench.core.audit import Actor, AuditSettings, Role  # noqa: E402
from workbench.ops.answering import answer_many  # noqa: E402
from workbench.ops.audits import build_demo, new_audit  # noqa: E402
from workbench.ops.importing import import_sample  # noqa: E402
from workbench.ui.common import style  # noqa: E402
from workbench.ui.common.session import Session  # noqa: E402
from workbench.ui.common.ui_settings import UiSettings  # noqa: E402
from workbench.ui.importing.import_wizard import ImportWizard  # noqa: E402
from workbench.ui.shell.main_window import MainWindow  # noqa: E402

from capture import grab, settle  # noqa: E402  (this folder: the script's own)
OUT = Path(__file__).resolve().parent
WIDTH, HEIGHT = 1366, 768
ACTOR = Actor("Sam Patel", Role.AUDITOR, "Demo Constabulary")
HEADINGS = ["Incident ref", "Checklist", "Reported at", "Recorded at", "Division", "Opening category", "Log"]
CHANGED = "INC-2024-822716"   # an answered demo incident that the later extract changes
LATE = "INC-2024-998468"      # reported 12 Jan 19:32, recorded 16 Jan 08:45


def shoot(app: QApplication, widget: QWidget, name: str, size: tuple[int, int] = (WIDTH, HEIGHT)) -> None:
    grab(app, widget, name, size)


def extract(path: Path, month: int, order: list[str], title: bool) -> Path:
    """A month's synthetic STORM-style extract: its columns in ``order``, under a title row if ``title``."""
    rows = []
    for i in range(1, 13):
        day = f"{i + 2:02d}/{month:02d}/2024"
        row = {"Incident ref": f"INC-2024-{month:02d}{i:04d}", "Checklist": "incident", "Reported at": f"{day} {8 + i % 9:02d}:15",
               "Recorded at": f"{day} {9 + i % 9:02d}:40" if i % 3 else "", "Division": ("Fenlow Cross", "Marrowgate", "Stannick Vale")[i % 3],
               "Opening category": ("Theft", "Assault", "Criminal damage", "Burglary")[i % 4],
               "Log": f"Synthetic log {i}: caller reports an incident; officers attended and spoke to IP1."}
        rows.append([row[h] for h in order])
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Extract"
    if title:
        sheet.append([f"STORM incident extract, {('January', 'February')[month - 1]} 2024 (synthetic)"])
        sheet.append([])
    sheet.append(order)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def wizard_with_profile(app: QApplication, work: Path) -> None:
    settings = AuditSettings(title="2024 crime recording audit", force=ACTOR.force, period_start="2024-01-01",
                             period_end="2024-12-31")
    store = new_audit(work / "audit", settings, ACTOR)
    try:
        january = extract(work / "storm-2024-01.xlsx", 1, HEADINGS, title=False)
        import_sample(store, ACTOR, january, form_id="incident", key_column="Incident ref",
                      roles={"reported": "Reported at", "recorded": "Recorded at", "area": "Division",
                             "category": "Opening category"}, save_profile="STORM monthly extract")
        february = extract(work / "storm-2024-02.xlsx", 2, [HEADINGS[i] for i in (0, 6, 2, 3, 5, 4, 1)], title=True)
        wizard = ImportWizard(Session(store, ACTOR))
        wizard.show()
        page = wizard.mapping_page
        wizard.file_page.path_edit.setText(str(february))
        wizard.next()
        settle(app, lambda: page.preview is not None)
        shoot(app, wizard, "import-profile-1366x768")
        wizard.close()
    finally:
        store.close()


def changed_demo_sample(path: Path) -> Path:
    """The demo sample again, with one answered record's category and log changed by the force."""
    source = openpyxl.load_workbook(ROOT / "resources" / "demo" / "demo-sample.xlsx", read_only=True)
    rows = [list(r) for r in source.worksheets[0].iter_rows(values_only=True)]
    header = rows[0]
    for row in rows[1:]:
        if row[0] == CHANGED:
            row[header.index("area")] = "Fenlow Cross"
            row[header.index("narrative")] = str(row[header.index("narrative")]) \
                + "\n16:05 Update from PC 4146: IP1 now states the suspect also pushed her; bruising to the arm."
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([[("" if v is None else v.strftime("%Y-%m-%d %H:%M") if hasattr(v, "strftime") else v)
                                   for v in row] for row in rows])
    return path


def review_window(app: QApplication, work: Path) -> None:
    demo = build_demo(work / "demo.cdiaudit")
    store = demo.store
    try:
        import_sample(store, ACTOR, changed_demo_sample(work / "demo-sample-march.csv"), skip_bad_rows=True)
        # The late incident as an auditor meets it: answered up to the timeliness question.
        answer_many(store, ACTOR, LATE, [(q, i, None, None) for q, i in (
            ("timely", 1), ("classified_ok", 1), ("flags", 1), ("rationale", None))])
        settings = UiSettings(QSettings(str(work / "settings.ini"), QSettings.Format.IniFormat))
        window = MainWindow(Session(store, ACTOR), settings)
        window.show()
        window.resize(WIDTH, HEIGHT - 32)
        queue = max(420, int(WIDTH * 0.31))
        window.splitter.setSizes([queue, (WIDTH - queue) // 2, WIDTH - queue - (WIDTH - queue) // 2])
        settle(app)
        window.go_to(CHANGED)
        settle(app)
        shoot(app, window, "source-changed-1366x768", (WIDTH, HEIGHT - 32))
        window.go_to(LATE, "timely", 1)
        settle(app)
        shoot(app, window, "timeliness-suggestion-1366x768", (WIDTH, HEIGHT - 32))
        window.close()
    finally:
        store.close()


def main() -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    style.apply(app)
    work = Path(tempfile.mkdtemp(prefix="cdi-import-screens-"))
    try:
        wizard_with_profile(app, work)
        review_window(app, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
