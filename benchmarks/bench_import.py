"""Import speed and memory on a realistic extract, each against its raw-library anchor.

    .venv/bin/python benchmarks/bench_import.py [--rows N] [--cache DIR]

Writes (once, cached) a synthetic extract of N rows (default 100,000) x 30
columns with four 200-1,000 character narrative columns, as xlsx and CSV
(benchmarks/import_data.py, fixed seed), then measures whole processes, one
after the other in this run:

- ``workbench import`` of the xlsx against python-calamine merely reading it
  (open, ``iter_rows`` over every row);
- ``workbench import`` of the CSV against the csv module reading it;
- a floor beside each anchor: the same raw read, each row then stored as JSON in a
  bare SQLite table in one transaction (the least an import that keeps the rows
  must do), and the import's ratio to it;
- the peak memory (``ru_maxrss``) of each child;
- the full-text index built afterwards (``ops.search_index``, as the window does
  on its worker once the import has committed), on a line of its own: it is
  work the import no longer does, not work that went away;
- the guard's inspection of the xlsx (zip, shared strings, the sheet's extent)
  as a share of the import, and the wizard's 60-row preview of each file.

The index's line times its build alone (the child's time less opening the
audit); its memory is the child's peak. Targets (issue 9): xlsx within 1.5x of the raw read, CSV within 2x of the csv
module, peak under 500 MB; inspection under 5% of the import.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from processes import run  # noqa: E402
import import_data  # noqa: E402

RAW_XLSX = """
import sys
from python_calamine import CalamineWorkbook
book = CalamineWorkbook.from_path(sys.argv[1])
sheet = book.get_sheet_by_index(0)
rows = sum(1 for _ in sheet.iter_rows())
print(rows)
"""
STORE_ROWS = """
import json, sqlite3
def store(rows, path):
    # The least an import that keeps the rows must do: each row as a JSON object keyed by
    # heading, inserted into a bare table in one transaction (16 KiB pages and WAL, as an audit).
    db = sqlite3.connect(path)
    db.execute("PRAGMA page_size = 16384"); db.execute("PRAGMA journal_mode = WAL")
    db.execute("CREATE TABLE records (id INTEGER PRIMARY KEY, key TEXT, fields TEXT)")
    rows = iter(rows)
    header = [str(h) for h in next(rows)]
    batch, count = [], 0
    with db:
        for row in rows:
            batch.append((str(row[0]), json.dumps(dict(zip(header, (str(c) for c in row))))))
            if len(batch) == 5000:
                db.executemany("INSERT INTO records (key, fields) VALUES (?, ?)", batch); count += len(batch); batch = []
        db.executemany("INSERT INTO records (key, fields) VALUES (?, ?)", batch); count += len(batch)
    db.close()
    return count
"""
RAW_XLSX_STORED = STORE_ROWS + """
import sys
from python_calamine import CalamineWorkbook
sheet = CalamineWorkbook.from_path(sys.argv[1]).get_sheet_by_index(0)
print(store(sheet.iter_rows(), sys.argv[2]))
"""
RAW_CSV_STORED = STORE_ROWS + """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    print(store(csv.reader(fh), sys.argv[2]))
"""
RAW_CSV = """
import csv, sys
with open(sys.argv[1], newline="", encoding="utf-8") as fh:
    print(sum(1 for _ in csv.reader(fh)))
"""
INSPECT = """
import sys, time
from pathlib import Path
from workbench.io import guard
from workbench.io.workbook_parts import scan_xlsx_sheet
start = time.perf_counter(); cpu = time.process_time()
source = guard.check_source(Path(sys.argv[1]))
facts = guard.inspect_workbook(source)
name = next(iter(facts.sheets))
scan = scan_xlsx_sheet(source, name, facts.sheets[name])
print(f"{time.perf_counter() - start:.3f} {time.process_time() - cpu:.3f} {scan.rows} {scan.columns}")
"""
PHASES = """
import sys, time
from pathlib import Path
from workbench.core.audit import Actor, AuditSettings
from workbench.ops.audits import new_audit
from workbench.ops.importing import plan_import, write_import
actor = Actor("Bench")
with new_audit(Path(sys.argv[2]), AuditSettings(title="phases"), actor) as store:
    start = time.perf_counter()
    plan = plan_import(store, Path(sys.argv[1]))
    checked = time.perf_counter()
    write_import(store, actor, plan, recheck=False)
    print(f"{checked - start:.2f} {time.perf_counter() - checked:.2f}")
"""
INDEX = """
import sys, time
from pathlib import Path
from workbench.ops.audits import open_audit
from workbench.ops.search_index import build_search_index
with open_audit(Path(sys.argv[1]), check=False) as store:
    start, cpu = time.perf_counter(), time.process_time()
    count = build_search_index(store)
    print(f"{time.perf_counter() - start:.2f} {count} {time.process_time() - cpu:.2f}")
"""
PREVIEW = """
import sys, time
from workbench.ops.sheet_preview import load_preview
start = time.perf_counter()
preview = load_preview(sys.argv[1])
print(f"{time.perf_counter() - start:.3f} {len(preview.rows)}")
"""


def new_audit(folder: Path, name: str) -> Path:
    path = folder / f"{name}.cdiaudit"
    run(["-m", "workbench", "new", str(path), "--title", "Import benchmark"])
    return path


def line(what: str, seconds: float, peak: float, cpu: float, anchor: tuple[float, float, float] | None = None) -> str:
    """One measured line: wall seconds, peak memory, CPU seconds (steadier on a busy machine), ratios to the anchor."""
    ratio = (f"  {seconds / anchor[0]:.2f}x time ({cpu / anchor[2]:.2f}x CPU), {peak / anchor[1]:.2f}x memory"
             if anchor else "")
    return f"  {what:42} {seconds:7.2f} s  {peak:6.0f} MB  {cpu:6.2f} s CPU{ratio}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "cdi-bench-import")
    args = parser.parse_args()
    csv_path, xlsx_path = import_data.cached(args.cache, args.rows)
    print(f"extract: {args.rows:,} rows x {len(import_data.HEADER)} columns; xlsx {xlsx_path.stat().st_size / 1e6:.0f} MB, "
          f"CSV {csv_path.stat().st_size / 1e6:.0f} MB")
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        folder = Path(tmp)
        raw_xlsx = run(["-c", RAW_XLSX, str(xlsx_path)])
        stored_xlsx = run(["-c", RAW_XLSX_STORED, str(xlsx_path), str(folder / "floor-x.sqlite")])
        audit_x, audit_c = new_audit(folder, "x"), new_audit(folder, "c")
        ours_xlsx = run(["-m", "workbench", "import", str(audit_x), str(xlsx_path), "--as", "Bench"])
        index_xlsx = run(["-c", INDEX, str(audit_x)])
        raw_csv = run(["-c", RAW_CSV, str(csv_path)])
        stored_csv = run(["-c", RAW_CSV_STORED, str(csv_path), str(folder / "floor-c.sqlite")])
        ours_csv = run(["-m", "workbench", "import", str(audit_c), str(csv_path), "--as", "Bench"])
        index_csv = run(["-c", INDEX, str(audit_c)])
    for kind, anchor_name, raw, stored, ours, index in (
            ("xlsx", "python-calamine reading it", raw_xlsx, stored_xlsx, ours_xlsx, index_xlsx),
            ("CSV", "csv module reading it", raw_csv, stored_csv, ours_csv, index_csv)):
        print(f"{kind}:")
        anchor = (raw[0], raw[1], raw[3])
        floor = (stored[0], stored[1], stored[3])
        print(line(f"{anchor_name} (anchor)", *anchor))
        print(line("  and storing each row in SQLite (floor)", *floor, anchor=anchor))
        print(line("workbench import", ours[0], ours[1], ours[3], anchor=anchor))
        print(line("  against the floor", ours[0], ours[1], ours[3], anchor=floor))
        took, count, cpu = index[2].split()
        print(line(f"then the full-text index ({int(count):,} records)", float(took), index[1], float(cpu)))
        print(line("import and index together", ours[0] + float(took), max(ours[1], index[1]), ours[3] + float(cpu),
                   anchor=anchor))
    inspected = run(["-c", INSPECT, str(xlsx_path)])[2]
    wall, cpu, rows, columns = inspected.split()
    import_cpu = ours_xlsx[3]
    print(f"inspection of the xlsx (zip, shared strings, extent {rows} x {columns}): {float(wall):.2f} s wall, {float(cpu):.2f} s CPU "
          f"= {float(cpu) / import_cpu:.1%} of the import's {import_cpu:.1f} CPU seconds (inside the import it runs on a second "
          "thread beside calamine's open of the shared strings)")
    with tempfile.TemporaryDirectory(prefix="bench-import-") as tmp:
        for kind, path in (("xlsx", xlsx_path), ("CSV", csv_path)):
            read, write = run(["-c", PHASES, str(path), str(Path(tmp) / f"phases-{kind}")])[2].split()
            print(f"where the {kind} import's time goes: reading and checking {float(read):.1f} s, "
                  f"writing to the audit (records, event, commit) {float(write):.1f} s")
    for kind, path in (("xlsx", xlsx_path), ("CSV", csv_path)):
        _, peak, shown, _ = run(["-c", PREVIEW, str(path)])
        took, count = shown.split()
        print(f"wizard preview of the {kind} ({count} rows): {float(took) * 1000:.0f} ms, {peak:.0f} MB")


if __name__ == "__main__":
    main()
