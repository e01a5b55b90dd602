"""Audit-file speed: open a 100,000-record audit; save one answer (synchronous=FULL).

Saves are measured for each way of journalling the file, in one run on one file:
- ``wal+checkpoint`` (what the workbench does): WAL, and after every commit a
  passive checkpoint, so the main file alone holds every committed change;
- ``wal``: WAL with SQLite's automatic checkpoint every 1,000 pages (the file
  alone can be missing recent changes; the former behaviour);
- ``delete`` / ``truncate``: a rollback journal (what a network share gets).
Targets (issue 8): open under 0.5 s; save p99 under 5 ms here, and no save that
stalls the window (the maximum is printed too).
Run: .venv/bin/python benchmarks/bench_store.py [--records N] [--saves N]
Prints figures only; timings never go in tests.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.core.audit import Actor, AuditSettings  # noqa: E402
from workbench.core.forms import form_from_dict  # noqa: E402
from workbench.core.records import AnswerChange, Record  # noqa: E402
from workbench.store import database  # noqa: E402
from workbench.store.audit_store import AuditStore  # noqa: E402

FORM = form_from_dict({
    "settings": {"form_id": "bench", "form_title": "Bench", "version": "1"},
    "survey": [{"type": "select_one yes_no", "name": f"q{i}", "label": f"Q{i}"} for i in range(10)],
    "choices": [{"list_name": "yes_no", "name": "yes", "label": "Yes"}, {"list_name": "yes_no", "name": "no", "label": "No"}],
})
WORDS = "caller states that the suspect left the premises before officers attended and damage was caused".split()


def build(path: Path, n: int, rng: random.Random) -> float:
    actor = Actor("Bench")
    store = AuditStore.create(path, AuditSettings(title="Benchmark"), actor)
    records = [
        Record(f"INC-{i:07d}", "bench", {
            "reference": f"LG-{i:08d}", "reported": "2024-03-14 10:02", "area": "North",
            "narrative": " ".join(rng.choices(WORDS, k=rng.randint(60, 300))),
        }, "1")
        for i in range(n)
    ]
    start = time.perf_counter()
    store.add_records(actor, {"file_name": "bench.csv", "sha256": "0" * 64, "row_count": n}, records, [FORM])
    took = time.perf_counter() - start
    store.close()
    return took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--saves", type=int, default=1_000)
    args = parser.parse_args()
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "bench.cdiaudit"
        took = build(path, args.records, rng)
        size = path.stat().st_size / 1e6
        print(f"build: {args.records:,} records inserted in {took:.2f} s (file {size:.0f} MB)")

        opens = []
        for _ in range(5):
            start = time.perf_counter()
            store = AuditStore.open(path)
            count = store.record_count()
            opens.append(time.perf_counter() - start)
            store.close()
        print(f"open ({count:,} records, with PRAGMA integrity_check): median {statistics.median(opens) * 1000:.0f} ms, "
              f"max {max(opens) * 1000:.0f} ms   target < 500 ms")

        for mode in ("wal+checkpoint", "wal", "delete", "truncate"):
            saves = measure_saves(path, mode, args.saves, args.records, rng)
            p99 = saves[int(len(saves) * 0.99) - 1]
            print(f"save one answer, {mode:<15} ({args.saves:,} saves): median {statistics.median(saves) * 1000:.2f} ms, "
                  f"p99 {p99 * 1000:.2f} ms, max {saves[-1] * 1000:.2f} ms   target p99 < 5 ms")


def measure_saves(path: Path, mode: str, count: int, records: int, rng: random.Random) -> list[float]:
    """Save ``count`` answers one by one with the file journalled as ``mode``; sorted seconds."""
    settle = database.settle
    if mode != "wal+checkpoint":
        database.settle = lambda db: None
    store = AuditStore.open(path)
    journal = "wal" if mode.startswith("wal") else mode
    store.db.execute(f"PRAGMA journal_mode = {journal}")
    actor = Actor("Bench")
    saves = []
    try:
        for i in range(count):
            change = AnswerChange(f"INC-{rng.randrange(records):07d}", f"q{i % 10}", None, rng.choice(["yes", "no"]))
            start = time.perf_counter()
            store.set_answers(actor, [change])
            saves.append(time.perf_counter() - start)
    finally:
        store.close()
        database.settle = settle
    return sorted(saves)


if __name__ == "__main__":
    main()
