"""PDF report speed: a 10,000-record audit with an appendix of 1,000 non-compliant answers.

Target (issue 4): the PDF in under 10 s on a 2-core machine. The audit is built
through the real operations (sample import, answers import); then the report data
is gathered once (``ops.export.gather``, which also computes the findings) and the
PDF written with ``io.pdf_report.write_pdf``. Both times are printed, with the
page count and size, and the appendix alone as tables of 200 rows against one table.

Run: .venv/bin/python benchmarks/bench_pdf.py [--records N] [--noncompliant N] [--keep DIR]
Prints figures only; timings never go in tests.
"""

from __future__ import annotations

import argparse
import csv
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from workbench.core.audit import Actor, AuditSettings  # noqa: E402
from workbench.io import pdf_appendix  # noqa: E402
from workbench.io.pdf_report import write_pdf  # noqa: E402
from workbench.ops.answering import load_answers  # noqa: E402
from workbench.ops.audits import new_audit  # noqa: E402
from workbench.ops.export import gather  # noqa: E402
from workbench.ops.importing import import_sample  # noqa: E402

ACTOR = Actor("Bench Auditor")
GROUPS = ["violence_with_injury", "violence_without_injury", "stalking_harassment", "rape", "other_sexual",
          "robbery", "burglary", "vehicle", "theft", "criminal_damage_arson", "public_order", "other"]
WORDS = ("caller reports that the suspect pushed the victim and left before officers attended the scene, and the "
         "log was closed as a domestic incident without a crime being recorded under the rules").split()


def build(folder: Path, n: int, bad: int, rng: random.Random):
    """An incident audit of ``n`` answered records, ``bad`` of them with one non-compliant answer."""
    store = new_audit(folder / "bench", AuditSettings(
        title="Benchmark audit: crime recording, 2024", force="Benchmark Constabulary",
        period_start="2024-01-01", period_end="2024-12-31"), ACTOR)
    sample = folder / "sample.csv"
    with sample.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["key", "form", "reported", "narrative"])
        for i in range(n):
            w.writerow([f"INC-{i:06d}", "incident", "2024-03-14 10:02", " ".join(rng.choices(WORDS, k=40))])
    import_sample(store, ACTOR, sample)
    bad_keys = set(rng.sample(range(n), bad))
    answers = folder / "answers.csv"
    with answers.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["record", "question", "instance", "answer", "note"])
        for i in range(n):
            key = f"INC-{i:06d}"
            rows = [("auditable", "", "yes"), ("discloses_crime", "", "yes"), ("offence_group", 1, rng.choice(GROUPS))]
            if i in bad_keys:
                rationale = " ".join(rng.choices(WORDS, k=rng.randint(15, 70))).capitalize() + "."
                rows += [("recorded", 1, "no"), ("not_recorded_reason", 1, "incident_only"),
                         ("rationale", "", rationale)]
            else:
                rows += [("recorded", 1, "yes"), ("crime_ref", 1, f"24/{i:06d}/24"), ("timely", 1, "yes"),
                         ("classified_ok", 1, "yes")]
            w.writerows([key, q, inst, v, ""] for q, inst, v in rows)
    load_answers(store, ACTOR, answers)
    return store


def timed(fn, *args):
    start = time.perf_counter()
    result = fn(*args)
    return result, time.perf_counter() - start


def pages(path: Path) -> str:
    try:
        out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return next((line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")), "?")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--noncompliant", type=int, default=1_000)
    parser.add_argument("--keep", type=Path, help="write the PDF into this folder and keep it")
    args = parser.parse_args()
    rng = random.Random(4)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        store, took = timed(build, folder, args.records, args.noncompliant, rng)
        print(f"build: {args.records:,} records answered, {args.noncompliant:,} non-compliant, in {took:.1f} s")
        try:
            data, gather_s = timed(gather, store, ACTOR)
        finally:
            store.close()
        out = (args.keep or folder) / "bench.pdf"
        out.parent.mkdir(parents=True, exist_ok=True)
        _none, write_s = timed(write_pdf, data, out)
        print(f"gather (report data and findings): {gather_s:.2f} s; {len(data.noncompliant):,} non-compliant answers")
        print(f"write_pdf: {write_s:.2f} s -> {pages(out)} pages, {out.stat().st_size / 1e6:.2f} MB")
        total = gather_s + write_s
        print(f"PDF export total: {total:.2f} s (target < 10 s: {'met' if total < 10 else 'MISSED'})")
        _compare_chunking(data, folder)


def _compare_chunking(data, folder: Path) -> None:
    """The appendix alone, as tables of 200 rows and as one table (why it is chunked)."""
    from reportlab.platypus import SimpleDocTemplate

    results = []
    for rows in (pdf_appendix.CHUNK_ROWS, 10**9):
        saved = pdf_appendix.CHUNK_ROWS
        pdf_appendix.CHUNK_ROWS = rows
        try:
            flowables = pdf_appendix.appendix(data)
            _none, took = timed(SimpleDocTemplate(str(folder / f"appendix-{rows}.pdf")).build, flowables)
        finally:
            pdf_appendix.CHUNK_ROWS = saved
        results.append(took)
    print(f"appendix alone: tables of {pdf_appendix.CHUNK_ROWS} rows {results[0]:.2f} s; one table {results[1]:.2f} s "
          f"(ratio {results[1] / results[0]:.1f}x)")


if __name__ == "__main__":
    main()
