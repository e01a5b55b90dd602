"""Verify and status speed: ``workbench verify`` and ``workbench status`` on a realistic 100,000-record answered audit.

Targets (issue 12): ``verify`` under 10 s and under 300 MB peak memory, ``status``
under 0.5 s, at 100,000 answered records, whole processes (start-up included), as
a user runs them. The anchors, measured in the same run as whole processes too:

- for ``verify``, hashing the same rows: every event's stored bytes (its columns,
  in SQL order) through SHA-256, and nothing else;
- for ``status``, a SQL count over the cached progress (``record_state``) by
  checklist and progress.

Peak memory is the command's maximum resident set (``ru_maxrss`` of a small launcher's children).

Run: .venv/bin/python benchmarks/bench_verify.py [--records N] [--keep DIR] [--profile]
With --keep, the audit is built once in DIR and reused by later runs. --profile
prints the top of a profile of ``verify`` in process. Prints figures only;
timings never go in tests.
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import pstats
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

EVENTS_SQL = "SELECT seq, at, actor, role, operation, action, detail, prev_hash, hash FROM events ORDER BY seq"
STATUS_SQL = ("SELECT r.form_id, coalesce(s.progress, 'not_started'), count(*) FROM records r"
              " LEFT JOIN record_state s ON s.record_id = r.id GROUP BY 1, 2")


def hash_rows(path: str) -> None:
    """The verify anchor, run in a child: every event's columns through SHA-256, in SQL order."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    sha256 = hashlib.sha256
    count = 0
    for row in conn.execute(EVENTS_SQL):
        sha256("|".join(map(str, row)).encode("utf-8")).hexdigest()
        count += 1
    conn.close()
    print(count)


def count_states(path: str) -> None:
    """The status anchor, run in a child: the SQL count over the cached progress."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    print(len(conn.execute(STATUS_SQL).fetchall()))
    conn.close()


#: Runs a command and prints its seconds and peak resident KB. Measuring from a small launcher matters: on
#: Linux a child's ``ru_maxrss`` starts from its parent's resident size at the fork.
LAUNCHER = """
import resource, subprocess, sys, time
start = time.perf_counter()
code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode
took = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(took, usage.ru_maxrss, code, usage.ru_utime + usage.ru_stime)
"""


def timed(argv: list[str]) -> tuple[float, float, int, float]:
    """Run ``argv`` as a child of a small launcher: (seconds, peak resident MB, exit code, CPU seconds).

    The CPU seconds (user and system, every thread) say more than the wall time on a
    shared machine: other work there stretches the one, hardly the other.
    """
    out = subprocess.run([sys.executable, "-c", LAUNCHER, *argv], check=True, stdout=subprocess.PIPE, text=True).stdout
    took, peak_kb, code, cpu = out.split()
    return float(took), int(peak_kb) / 1024, int(code), float(cpu)


def line(label: str, took: float, peak: float, code: int, cpu: float, anchor: float | None = None,
         target: float | None = None, memory: float | None = None) -> str:
    text = f"{label}: {took:.2f} s ({cpu:.1f} s of CPU), peak {peak:.0f} MB"
    if code:
        text += f" (exit {code})"
    if anchor:
        text += f" = {took / anchor:.1f}x the anchor"
    if target is not None:
        fast = took < target and (memory is None or peak < memory)
        text += f" (target < {target:g} s" + (f" and < {memory:g} MB" if memory else "") + f": {'OK' if fast else 'SLOW'})"
    return text


def profile_verify(path: Path) -> None:
    from workbench.ops.audits import open_audit
    from workbench.store.verify import verify

    profile = cProfile.Profile()
    with open_audit(path, check=False) as store:
        report = profile.runcall(verify, store)
    pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    print(f"verify in process: {report.events:,} events, {len(report.problems)} problem(s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--keep", metavar="DIR", help="build the audit in DIR once and reuse it")
    parser.add_argument("--profile", action="store_true", help="print the top of a profile of verify")
    parser.add_argument("--anchor", choices=("hash", "count"), help=argparse.SUPPRESS)   # the children's side
    parser.add_argument("path", nargs="?", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.anchor:
        (hash_rows if args.anchor == "hash" else count_states)(args.path)
        return
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        from benchmarks.realistic import kept   # here, not above: the anchors run this file and must not pay for it

        path = kept(folder / f"verify-{args.records}.cdiaudit", args.records)
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        conn.close()
        print(f"audit: {args.records:,} records, {events:,} events, {path.stat().st_size / 2**20:.0f} MB")
        if args.profile:
            profile_verify(path)
        me = [sys.executable, str(Path(__file__).resolve())]
        workbench = [sys.executable, "-m", "workbench"]
        hashing = timed([*me, "--anchor", "hash", str(path)])
        print(line("anchor, hashing the same rows (whole process)", *hashing))
        verify = timed([*workbench, "verify", str(path)])
        print(line("workbench verify (whole process)", *verify, anchor=hashing[0], target=10, memory=300))
        counting = timed([*me, "--anchor", "count", str(path)])
        print(line("anchor, the SQL count over record_state (whole process)", *counting))
        status = timed([*workbench, "status", str(path)])
        print(line("workbench status (whole process)", *status, anchor=counting[0], target=0.5))


if __name__ == "__main__":
    main()
