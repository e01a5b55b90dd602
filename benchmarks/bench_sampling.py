"""Drawing a sample from a 1,000,000-row population, beside the csv module merely reading it.

    .venv/bin/python benchmarks/bench_sampling.py [ROWS]

Builds (once, cached in the temporary folder) a synthetic population extract: ROWS
rows (default 1,000,000) x 30 columns, three of them narrative text of 200-1,000
characters with commas, quotes and line breaks, about 2 KB a row, in ten areas of
unequal size. Then, each as a whole process (interpreter start included), it runs:

- the anchor: Python's csv module reading every row of the file, nothing else;
- ``workbench sample POP --size 1000 --seed ... --strata area -o SAMPLE.xlsx``;
- the same draw ``--into`` a new audit (the 1,000 records imported and the draw stored).

and prints each one's wall time, CPU time (every thread; steadier than wall time on a
shared machine) and peak memory (the process's maximum resident set), with the times
as multiples of the anchor's. Target: the draw under 30 s.
"""

from __future__ import annotations

import csv
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

GENERATOR_VERSION = 1
SEED = 20240314
AREAS = ("Northgate", "Fenlow Cross", "Harbour", "Millbrook", "St Anne's", "Eastfield", "Riverside", "Kingsmead",
         "Oakridge", "Westbury")
#: Unequal areas: a city centre and its suburbs.
AREA_WEIGHTS = (22, 16, 13, 11, 9, 8, 7, 6, 5, 3)
WORDS = ("caller reports disturbance outside premises officers attended spoke both parties victim states suspect "
         "left scene before arrival neighbour heard shouting damage to front door window smashed no injuries "
         "recorded advised crime reference given safeguarding referral made child present at address, "
         "ex-partner; phone taken bruising to arm").split()
HEADER = ["incident_ref", "area", "received", "closed", "category", "opening_code", "closing_code", "priority",
          "officer", "beat", "postcode_district", "victim_age_band", "domestic", "repeat", "channel", "attended",
          "disposal", "crime_ref", "classification", "recorded", "ward", "team", "shift", "vehicle", "weapon", "alcohol",
          "narrative_opening", "narrative_update", "narrative_closing", "notes"]


def population_path(rows: int) -> Path:
    return Path(tempfile.gettempdir()) / f"cdi-bench-population-{rows}-v{GENERATOR_VERSION}.csv"


def write_population(path: Path, rows: int) -> None:
    """A deterministic synthetic extract (same seed, same bytes)."""
    rng = random.Random(SEED)
    pool = [_paragraph(rng) for _ in range(4000)]
    areas = rng.choices(AREAS, AREA_WEIGHTS, k=rows)
    tmp = path.with_suffix(".part")
    with tmp.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(HEADER)
        for i in range(rows):
            out.writerow([
                f"INC-{i:08d}", areas[i], f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d} {i % 24:02d}:{i % 60:02d}",
                f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d} 23:59", ("Violence", "Theft", "Burglary", "Public order")[i % 4],
                f"OC{i % 40:02d}", f"CC{i % 30:02d}", str(i % 4 + 1), f"PC {i % 900:04d}", f"B{i % 120}", f"FX{i % 30}",
                f"{i % 8 * 10}-{i % 8 * 10 + 9}", "Y" if i % 7 == 0 else "N", "Y" if i % 11 == 0 else "N",
                ("999", "101", "Online")[i % 3], "Y" if i % 5 else "N", ("Advice", "Crime", "No further action")[i % 3],
                f"24/{i:06d}/24" if i % 3 else "", "Common assault", "Y" if i % 4 else "N", f"Ward {i % 40}",
                f"Team {i % 12}", ("Early", "Late", "Night")[i % 3], "", "", "N",
                pool[i % 4000], pool[(i * 31 + 7) % 4000], pool[(i * 17 + 3) % 4000],
                "" if i % 2 else pool[(i * 13) % 4000][:120],
            ])
    tmp.replace(path)


def _paragraph(rng: random.Random) -> str:
    target = rng.randint(200, 1000)
    words: list[str] = []
    length = 0
    while length < target:
        word = rng.choice(WORDS)
        words.append(word)
        length += len(word) + 1
    text = " ".join(words).capitalize() + "."
    if rng.random() < 0.3:
        text += '\nVictim said "I want it recorded", and gave a statement.'
    return text


# -- the measured processes --------------------------------------------------------------------
def child(task: str, population: str, out: str) -> None:
    """Run one task in this (fresh) process, then print its peak memory as JSON."""
    import resource

    if task == "anchor":
        rows = 0
        with open(population, newline="", encoding="utf-8") as fh:
            for _row in csv.reader(fh):
                rows += 1
    else:
        from workbench.cli import main

        args = ["sample", population, "--size", "1000", "--seed", str(SEED), "--strata", "area",
                "--key-column", "incident_ref", "--as", "Bench"]
        if task == "into":
            if main(["new", out, "--title", "Sampling benchmark", "--as", "Bench"]) != 0:
                raise SystemExit("could not create the audit")
            args += ["--into", out, "--form", "incident"]
        else:
            args += ["-o", out]
        with open(os.devnull, "w") as quiet:
            sys.stdout = quiet
            code = main(args)
            sys.stdout = sys.__stdout__
        if code != 0:
            raise SystemExit(f"workbench sample failed ({code})")
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"peak_mb": usage.ru_maxrss / 1024, "cpu": usage.ru_utime + usage.ru_stime}))


def measure(task: str, population: Path, out: Path) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds (all threads) and peak MB of ``task`` run as a whole process."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, __file__, "--child", task, str(population), str(out)],
                          capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"{task} failed:\n{done.stderr}")
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    return seconds, figures["cpu"], figures["peak_mb"]


def main() -> None:
    rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    population = population_path(rows)
    if not population.exists():
        print(f"Writing the synthetic population ({rows:,} rows x {len(HEADER)} columns) to {population} ...", flush=True)
        start = time.perf_counter()
        write_population(population, rows)
        print(f"  written in {time.perf_counter() - start:.1f} s", flush=True)
    size_mb = population.stat().st_size / 1e6
    print(f"Population: {population.name}, {rows:,} rows x {len(HEADER)} columns, {size_mb:,.0f} MB; "
          f"sample of 1,000 stratified by area (10 areas), proportional allocation.")
    with tempfile.TemporaryDirectory() as tmp:
        anchor = measure("anchor", population, Path(tmp) / "unused")
        drawn = measure("workbook", population, Path(tmp) / "sample.xlsx")
        audit = measure("into", population, Path(tmp) / "bench.cdiaudit")
    print(f"{'':40} {'wall s':>7} {'x anchor':>9} {'CPU s':>7} {'x anchor':>9} {'peak MB':>8}")
    for label, (wall, cpu, peak) in (("anchor: csv module reading every row", anchor),
                                     ("workbench sample -o sample.xlsx", drawn),
                                     ("workbench sample --into a new audit", audit)):
        print(f"{label:40} {wall:7.1f} {wall / anchor[0]:9.2f} {cpu:7.1f} {cpu / anchor[1]:9.2f} {peak:8.0f}")
    verdict = "met" if drawn[0] < 30 else "NOT met"
    print(f"Target: the draw under 30 s: {verdict} ({drawn[0]:.1f} s).")


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:5])
    else:
        main()
