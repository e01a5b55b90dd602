"""Findings speed: ``workbench findings`` on a realistic 100,000-record answered audit.

Target (issue 12): under 3 s at 100,000 answered records (28.9 s before). The anchor
is reading the same answers in SQL (the final answers of every record, keyed by
record, in one pass), measured in the same run; the figures are whole processes
(start-up included), as a user runs them, and the in-process report for reference.

Run: .venv/bin/python benchmarks/bench_findings.py [--records N] [--keep DIR] [--profile]
With --keep, the audit is built once in DIR and reused by later runs.
Each figure is wall time with CPU time beside it (user and system): on a machine
other work shares, the CPU time is the steadier of the two.
Prints figures only; timings never go in tests.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.realistic import kept  # noqa: E402
from workbench.ops.audits import open_audit  # noqa: E402
from workbench.ops.findings import audit_report  # noqa: E402

ANCHOR_SQL = (
    "SELECT r.key, r.form_id, a.question, a.instance, a.value, a.role FROM answers a JOIN records r ON r.id = a.record_id"
    " WHERE a.review_round = 1 AND a.role IN ('auditor', 'fcr') ORDER BY r.position"
)


def anchor(path: Path) -> tuple[float, float, int]:
    """Seconds (wall, CPU) to read every final answer in SQL into Python tuples, and how many there were."""
    start, cpu = time.perf_counter(), time.process_time()
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = conn.execute(ANCHOR_SQL).fetchall()
    conn.close()
    return time.perf_counter() - start, time.process_time() - cpu, len(rows)


def command(path: Path, *args: str) -> tuple[float, float]:
    """Seconds (wall, CPU of the child process) of one ``workbench findings`` run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "workbench", "findings", str(path), *args], check=True,
                   stdout=subprocess.DEVNULL)
    took = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return took, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--keep", metavar="DIR", help="build the audit in DIR once and reuse it")
    parser.add_argument("--profile", action="store_true", help="print the top of a profile of the report")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        path = kept(folder / f"findings-{args.records}.cdiaudit", args.records)
        # The faster of two reads: the first may read the file from disk, where the commands after it
        # find it in the page cache (a cold anchor made the commands look several times faster than it).
        took, took_cpu, rows = min(anchor(path), anchor(path))
        print(f"anchor, the same answers read in SQL: {took:.2f} s, CPU {took_cpu:.2f} s ({rows:,} answers; "
              f"the faster of two reads)")
        with open_audit(path) as store:
            start = time.perf_counter()
            if args.profile:
                profile = cProfile.Profile()
                report = profile.runcall(audit_report, store)
                pstats.Stats(profile).sort_stats("cumulative").print_stats(25)
            else:
                report = audit_report(store)
            inner = time.perf_counter() - start
        print(f"findings report in process (answers, evaluation, tables, narrative, layout): {inner:.2f} s "
              f"({report.records:,} records)")
        for label, extra in (("workbench findings", ()), ("workbench findings --json", ("--json",))):
            took_cmd, cpu_cmd = command(path, *extra)
            print(f"{label} (whole process): {took_cmd:.2f} s = {took_cmd / took:.1f}x the anchor; "
                  f"CPU {cpu_cmd:.2f} s = {cpu_cmd / took_cpu:.1f}x the anchor's "
                  f"(target < 3 s: {'OK' if took_cmd < 3 else 'SLOW'})")


if __name__ == "__main__":
    main()
