"""Excel export speed: a 10,000-record audit of every built-in checklist -> workbook.

Target (issue 4): the xlsx under 10 s on a 2-core machine. The audit is built quickly
through the store (``add_records`` + ``set_answers``) with a realistic spread: half
incident records (0-3 crimes each), referrals, no-crimes, N100 and the four
out-of-court disposals, about 1,000 records with a non-compliant answer and a
rationale, and a few records left incomplete. Then the report is gathered once
(``ops.export.gather``: answers, checklist states, findings, narrative) and written
with ``io.xlsx_export.write_xlsx`` through the atomic export.

Run: .venv/bin/python benchmarks/bench_xlsx.py [--records N] [--keep DIR]
Prints figures only; timings never go in tests.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.core.audit import Actor, AuditSettings  # noqa: E402
from workbench.core.records import AnswerChange, Record  # noqa: E402
from workbench.io.xlsx_export import write_xlsx  # noqa: E402
from workbench.ops.catalog import builtin_forms  # noqa: E402
from workbench.ops.export import export, gather  # noqa: E402
from workbench.store.audit_store import AuditStore  # noqa: E402

ACTOR = Actor("Bench Auditor")
GROUPS = ["violence_with_injury", "violence_without_injury", "stalking_harassment", "rape", "other_sexual",
          "robbery", "burglary", "vehicle", "theft", "criminal_damage_arson", "public_order", "other"]
WORDS = ("caller reports that the suspect pushed the victim and left before officers attended the scene and the "
         "log was closed as a domestic incident without a crime being recorded under the rules").split()
#: (form, share of the sample)
MIX = [("incident", 0.5), ("referral", 0.1), ("cancelled_crime", 0.15), ("n100", 0.03), ("caution", 0.06),
       ("pnd", 0.06), ("cannabis_warning", 0.05), ("community_resolution", 0.05)]
OOCD = {
    "caution": ["history_suitable", "offender_informed", "victim_present", "victim_views", "admitted"],
    "pnd": ["history_suitable", "offender_informed", "victim_present", "victim_views", "retail_theft", "value_under_limit"],
    "cannabis_warning": ["history_suitable", "offender_informed", "adult"],
    "community_resolution": ["history_suitable", "victim_present", "victim_views", "outcome_appropriate", "admitted"],
}


def sentence(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(lo, hi))).capitalize() + "."


def answers_for(form: str, bad: bool, rng: random.Random, i: int) -> list[tuple[str, int | None, str]]:
    """One record's answers: compliant unless ``bad``, which breaks one answer (with a rationale)."""
    out = [("auditable", None, "yes")]
    if form in ("incident", "referral"):
        if form == "referral":
            out.append(("referring_agency", None, rng.choice(["health", "education", "other_force"])))
        crimes = rng.choice([0, 1, 1, 1, 1, 2, 3]) if not bad else rng.choice([1, 2])
        out.append(("discloses_crime", None, "yes" if crimes else "no"))
        for n in range(1, crimes + 1):
            out.append(("offence_group", n, rng.choice(GROUPS)))
            if bad and n == 1:
                out += [("recorded", n, "no"), ("not_recorded_reason", n, "incident_only")]
            else:
                out += [("recorded", n, "yes"), ("crime_ref", n, f"24/{i:06d}/{n}"), ("timely", n, "yes"),
                        ("classified_ok", n, "yes")]
    elif form == "cancelled_crime":
        out += [("category", None, rng.choice(["rape", "violence", "robbery", "other"])),
                ("cancellation_code", None, rng.choice(["C1", "C2", "C3", "C4"])),
                ("decision_correct", None, "no" if bad else "yes"), ("authorised_correctly", None, "yes"),
                ("victim_to_inform", None, "yes"), ("victim_informed", None, "yes")]
        if bad:
            out.append(("should_have_been", None, "remain_recorded"))
    elif form == "n100":
        out.append(("n100_correct", None, "no" if bad else "yes"))
        if bad:
            out += [("rape_recorded", None, "yes"), ("timely", None, "yes")]
    else:
        for q in OOCD[form]:
            if q == "value_under_limit" and ("retail_theft", None, "yes") not in out:
                continue
            if q == "victim_views" and ("victim_present", None, "yes") not in out:
                continue
            out.append((q, None, "no" if bad and q == "history_suitable" else "yes"))
    if bad:
        out.append(("rationale", None, sentence(rng, 15, 70)))
    return out


def build(path: Path, n: int, rng: random.Random) -> tuple[AuditStore, int]:
    forms = builtin_forms()
    store = AuditStore.create(path, AuditSettings(
        title="Benchmark audit: crime recording, 2024", force="Benchmark Constabulary",
        period_start="2024-01-01", period_end="2024-12-31"), ACTOR)
    kinds = rng.choices([f for f, _ in MIX], [w for _, w in MIX], k=n)
    records = [Record(f"R-{i:06d}", kind, {"reference": f"LG-{i:08d}", "reported": "2024-03-14 10:02",
                                            "summary": sentence(rng, 20, 60)}, forms[kind].version)
               for i, kind in enumerate(kinds)]
    store.add_records(ACTOR, {"file_name": "bench.csv", "sha256": "0" * 64, "row_count": n}, records,
                      [forms[k] for k, _ in MIX])
    bad = set(rng.sample(range(n), n // 10))
    changes = []
    for i, kind in enumerate(kinds):
        if i % 200 == 7:
            continue  # a few not started
        for q, inst, v in answers_for(kind, i in bad, rng, i):
            free = q in ("rationale", "crime_ref")
            note = sentence(rng, 5, 20) if rng.random() < 0.05 else ""
            changes.append(AnswerChange(f"R-{i:06d}", q, inst, v, note, free))
    for start in range(0, len(changes), 20_000):
        store.set_answers(ACTOR, changes[start : start + 20_000])
    return store, len(changes)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--keep", metavar="DIR", help="keep the audit and workbook in DIR")
    args = parser.parse_args()
    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(args.keep or tmp)
        folder.mkdir(parents=True, exist_ok=True)
        start = time.perf_counter()
        store, answers = build(folder / "bench.cdiaudit", args.records, rng)
        print(f"build: {args.records:,} records, {answers:,} answers in {time.perf_counter() - start:.1f} s")
        start = time.perf_counter()
        data = gather(store, ACTOR)
        took_gather = time.perf_counter() - start
        print(f"gather (answers, checklist states, findings, narrative): {took_gather:.2f} s; "
              f"{len(data.noncompliant):,} non-compliant answers on "
              f"{sum(r.compliant is False for r in data.records):,} records; {len(data.answers_long):,} answer rows")
        out = folder / "bench.xlsx"
        start = time.perf_counter()
        result = export(store, ACTOR, write_xlsx, out, "xlsx", data=data)
        took_write = time.perf_counter() - start
        store.close()
        total = took_gather + took_write
        print(f"write_xlsx (atomic, sha256, disclosure event): {took_write:.2f} s; {result.size / 1e6:.1f} MB; "
              f"{len(result.notes)} note(s)")
        print(f"xlsx export total: {total:.2f} s (target < 10 s: {'OK' if total < 10 else 'SLOW'})")


if __name__ == "__main__":
    main()
