"""Import check with progress and cancel: overhead, cancel latency, preview time.

    .venv/bin/python benchmarks/bench_import_progress.py [ROWS]

Builds a synthetic CSV sample (default 100,000 rows, 6 columns with a narrative),
then prints: plan_import without and with a Progress (the reporting overhead), how
long after a cancel request the check stops, and how long the wizard's preview of
the first rows takes on that file.
"""

from __future__ import annotations

import csv
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.core.audit import Actor, AuditSettings  # noqa: E402
from workbench.io.tabular import preview_rows  # noqa: E402
from workbench.ops.audits import new_audit  # noqa: E402
from workbench.ops.importing import plan_import  # noqa: E402
from workbench.ops.progress import CHECKING, Cancelled, Progress  # noqa: E402

FORMS = ("incident", "referral", "cancelled_crime", "n100", "caution", "pnd")


def write_sample(path: Path, rows: int) -> Path:
    narrative = "Caller reports a disturbance outside the premises; officers attended and spoke to both parties. " * 3
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["key", "form", "reported", "area", "category", "narrative"])
        for i in range(rows):
            out.writerow([f"REC-{i:07d}", FORMS[i % len(FORMS)], "2024-03-14 10:00", "Fenlow Cross", "Theft", narrative])
    return path


def timed(fn) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def cancel_latency(store, path: Path, after_rows: int) -> float:
    """Seconds from cancel() (once the check passes ``after_rows``) to Cancelled."""
    asked: list[float] = []
    progress = Progress()

    def on_report(stage: str, done: int, total: int) -> None:
        if stage == CHECKING and done >= after_rows and not asked:
            asked.append(time.perf_counter())
            threading.Thread(target=progress.cancel).start()

    progress._on_report = on_report
    try:
        plan_import(store, path, progress=progress)
    except Cancelled:
        return time.perf_counter() - asked[0]
    raise SystemExit("the check was not cancelled")


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    work = Path(tempfile.mkdtemp(prefix="bench-import-"))
    path = write_sample(work / "sample.csv", rows)
    print(f"sample: {rows:,} rows, {path.stat().st_size / 1e6:.0f} MB CSV")
    with new_audit(work / "audit", AuditSettings(title="bench"), Actor("Bench")) as store:
        plain = [timed(lambda: plan_import(store, path)) for _ in range(3)]
        reports: list[tuple] = []
        with_progress = [timed(lambda: plan_import(store, path, progress=Progress(lambda *a: reports.append(a)))) for _ in range(3)]
        print(f"plan_import without progress: median {statistics.median(plain):.2f} s")
        print(f"plan_import with progress:    median {statistics.median(with_progress):.2f} s "
              f"({len(reports) // 3} reports a run; overhead {statistics.median(with_progress) / statistics.median(plain) - 1:+.1%})")
        latencies = [cancel_latency(store, path, rows // 2) for _ in range(5)]
        print(f"cancel to stop while checking: max {max(latencies) * 1000:.1f} ms over 5 runs")
    preview = [timed(lambda: preview_rows(path, None, 60)) for _ in range(3)]
    print(f"preview of the first 60 rows: median {statistics.median(preview) * 1000:.0f} ms")


if __name__ == "__main__":
    main()
