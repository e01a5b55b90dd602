"""Answers load speed: ``workbench answers`` of a realistic 100,000-record audit's answers.

Target (issue 12): under 20 s for 100,000 records (about 760,000 answer rows), whole
process, one transaction with one event per answer (124 s, 850 MB measured on main in
the issue; 480 s before that). The anchor is the raw work, measured in the same run:
the csv module reading the same file and sqlite3 inserting the same rows, with
``executemany`` in one transaction, into a table of the same shape as ``answers``.
Both are whole child processes; their peak memory (``ru_maxrss``) is printed beside.

The audit (records imported, none answered) and the answers CSV (the answers
``realistic.py`` gives such an audit) are built once in DIR with ``--keep DIR``; each
run loads into a fresh copy of the audit (SQLite's backup API: the file is never
opened outside SQLite). A kept audit keeps the page size it was built with: one built
before new audits got 16 KiB pages (4 KiB) loads a few seconds slower; build it again.

Run: .venv/bin/python benchmarks/bench_answers.py [--records N] [--keep DIR] [--profile]
Prints figures only; timings never go in tests.
"""

from __future__ import annotations

import argparse
import csv
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.processes import run  # noqa: E402
from benchmarks.realistic import ACTOR, build_records, realistic_answers  # noqa: E402

ANCHOR = """
import csv, sqlite3, sys
conn = sqlite3.connect(sys.argv[2], isolation_level=None)
conn.execute('''CREATE TABLE answers (record_id INTEGER NOT NULL, question TEXT NOT NULL,
    instance INTEGER NOT NULL DEFAULT 0, role TEXT NOT NULL, review_round INTEGER NOT NULL DEFAULT 1,
    value TEXT NOT NULL, note TEXT NOT NULL DEFAULT '', answered_by TEXT NOT NULL, answered_at TEXT NOT NULL,
    event_seq INTEGER NOT NULL, PRIMARY KEY (record_id, question, instance, role, review_round)) WITHOUT ROWID''')
ids = {}
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    reader = csv.reader(fh)
    next(reader)
    rows = [(ids.setdefault(key, len(ids) + 1), q, int(inst or 0), "auditor", 1, value, note, "Bench", "2026", seq)
            for seq, (key, q, inst, value, note) in enumerate(reader, 1)]
conn.execute("BEGIN IMMEDIATE")
conn.executemany("INSERT INTO answers VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
conn.execute("COMMIT")
print(len(rows))
"""

PROFILE = """
import cProfile, pstats, sys
from pathlib import Path
from workbench.core.audit import Actor
from workbench.ops.audits import open_audit
from workbench.ops.answering import load_answers
with open_audit(Path(sys.argv[1])) as store:
    profile = cProfile.Profile()
    profile.runcall(load_answers, store, Actor(sys.argv[3]), Path(sys.argv[2]))
pstats.Stats(profile).sort_stats("cumulative").print_stats(35)
pstats.Stats(profile).sort_stats("tottime").print_stats(20)
"""


def cached(folder: Path, n: int) -> tuple[Path, Path]:
    """The unanswered audit and its answers CSV in ``folder``, built if missing."""
    audit, answers = folder / f"answers-{n}.cdiaudit", folder / f"answers-{n}.csv"
    if audit.exists() and answers.exists():
        from workbench.ops.audits import needs_upgrade, upgrade_audit

        if needs_upgrade(audit):   # kept from an older workbench: upgraded once here, not in each timed load
            upgrade_audit(audit)
        return audit, answers
    start = time.perf_counter()
    store, kinds, rng = build_records(audit, n)
    store.close()
    changes, _ = realistic_answers(kinds, rng)
    with open(answers, "w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["record", "question", "instance", "answer", "note"])
        out.writerows((c.record_key, c.question, c.instance or "", c.value, c.note) for c in changes)
    print(f"build: {n:,} records, {len(changes):,} answer rows in {time.perf_counter() - start:.1f} s")
    return audit, answers


def fresh_copy(audit: Path, to: Path) -> Path:
    """A copy of the unanswered audit to load into, through SQLite."""
    source, target = sqlite3.connect(f"file:{audit}?mode=ro", uri=True), sqlite3.connect(to)
    source.backup(target)
    source.close()
    target.close()
    return to


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--keep", metavar="DIR", help="build the audit and its answers in DIR once and reuse them")
    parser.add_argument("--profile", action="store_true", help="print a profile of the load (in a child process)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-answers-") as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        audit, answers = cached(folder, args.records)
        print(f"answers CSV: {answers.stat().st_size / 1e6:.0f} MB")
        took, peak, rows, cpu = run(["-c", ANCHOR, str(answers), str(Path(tmp) / "anchor.sqlite")])
        print(f"anchor, csv module reading it + sqlite3 executemany of the same {int(rows):,} rows in one"
              f" transaction: {took:.2f} s ({cpu:.1f} s CPU), {peak:.0f} MB")
        target = fresh_copy(audit, Path(tmp) / "load.cdiaudit")
        if args.profile:
            print(run(["-c", PROFILE, str(target), str(answers), ACTOR.name])[2])
            target.unlink()
            target = fresh_copy(audit, Path(tmp) / "load.cdiaudit")
        ours, ours_peak, output, ours_cpu = run(["-m", "workbench", "answers", str(target), str(answers), "--as", ACTOR.name])
        print(f"workbench answers (whole process): {ours:.2f} s ({ours_cpu:.1f} s CPU), {ours_peak:.0f} MB = "
              f"{ours / took:.1f}x the anchor's time ({ours_cpu / cpu:.1f}x its CPU), {ours_peak / peak:.1f}x its memory"
              f" (target < 20 s: {'OK' if ours < 20 else 'SLOW'})")
        print(f"  it said: {output}")
        verified, verify_peak, said, _ = run(["-m", "workbench", "verify", str(target)])
        print(f"workbench verify of the result (for reference): {verified:.2f} s, {verify_peak:.0f} MB")
        print(f"  it said: {said.splitlines()[-1] if said else ''}")


if __name__ == "__main__":
    main()
