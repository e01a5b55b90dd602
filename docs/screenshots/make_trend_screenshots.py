"""Screenshots of the trend: View › Trend… at 1366x768, and the PDF's Trend page.

Run from the repository root::

    .venv/bin/python docs/screenshots/make_trend_screenshots.py [--out DIR]

Three synthetic audits of incident records (2018/19, 2019/20, 2020/21: 182 of 200,
169 of 201 and 175 of 200 crimes recorded), compared with two reference lines (the
force's last inspection, 84.1%, and the national figure, 87.7%). Writes
``trend-dialog-1366x768.png`` and ``pdf-trend.png`` (the PDF page at 80 dpi).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.factories import AUDITOR  # noqa: E402
from tests.ops.test_trend import audit_with_rate  # noqa: E402
from workbench.core.trend import Reference  # noqa: E402
from workbench.io.pdf_report import write_pdf  # noqa: E402
from workbench.ops.export import gather  # noqa: E402
from workbench.store.audit_store import AuditStore  # noqa: E402
from workbench.ui.shell.app import make_application  # noqa: E402
from workbench.ui.trend.trend_dialog import TrendDialog  # noqa: E402

REFERENCES = (("Last inspection (2018/19)", "84.1"), ("National (2018/19)", "87.7"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parent)
    args = parser.parse_args()
    app = make_application()
    folder = Path(tempfile.mkdtemp(prefix="workbench-trend-shots-"))
    try:
        earlier = audit_with_rate(folder, "2018-19", 182, 200, "2018-04-01", "2019-03-31")
        middle = audit_with_rate(folder, "2019-20", 169, 201, "2019-04-01", "2020-03-31")
        latest = audit_with_rate(folder, "2020-21", 175, 200, "2020-04-01", "2021-03-31")
        dialog = TrendDialog(latest)
        dialog.resize(1366 - 60, 768 - 60)
        dialog.show()
        for path in (earlier, middle):
            dialog.add_audit(path)
        for label, percent in REFERENCES:
            dialog.add_reference(label, percent)
        while dialog.timer.isActive() or dialog.runner.busy or dialog.chart.chart is None \
                or len(dialog.chart.chart.bars) < 3 or len(dialog.chart.chart.references) < 2:
            app.processEvents()
        for _ in range(20):
            app.processEvents()
        target = args.out / "trend-dialog-1366x768.png"
        dialog.grab().save(str(target))
        print(f"wrote {target}")
        dialog.done(0)
        with AuditStore.open(latest) as store:
            data = gather(store, AUDITOR, compare=[earlier, middle],
                          references=[Reference(label, float(p) / 100) for label, p in REFERENCES])
        write_pdf(data, folder / "report.pdf")
        page = next(n for n in range(1, 20) if "Overall recording rate by audit period" in subprocess.run(
            ["pdftotext", "-f", str(n), "-l", str(n), str(folder / "report.pdf"), "-"], capture_output=True,
            text=True).stdout and "Each dot is" in " ".join(subprocess.run(
                ["pdftotext", "-f", str(n), "-l", str(n), str(folder / "report.pdf"), "-"], capture_output=True,
                text=True).stdout.split()))
        subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", str(page), "-l", str(page), "-singlefile",
                        str(folder / "report.pdf"), str(args.out / "pdf-trend")], check=True)
        print(f"wrote {args.out / 'pdf-trend.png'} (page {page})")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
