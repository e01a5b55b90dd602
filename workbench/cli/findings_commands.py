"""Commands that report: the findings tables and narrative, and the exports."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from workbench.cli.common import EXIT_OK, AddCommand, actor, add_who, open_store, printable
from workbench.core.errors import WorkbenchError


def cmd_findings(args: argparse.Namespace) -> int:
    from workbench.ops.findings import audit_report, open_reader
    from workbench.ops.findings_text import layout_text

    # A read: the full integrity check (seconds on a large audit) is 'workbench verify''s job.
    with open_reader(Path(args.audit), check=False) as store:
        report = audit_report(store, args.recorded_crime)
    if args.json:
        print(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return EXIT_OK
    print(printable(layout_text(report.layout)), end="")
    if args.recorded_crime is not None and report.findings.unrecorded is None:
        print("\nUnrecorded crime estimate: not possible yet, there is no overall recording rate.")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from workbench.core.trend import parse_reference
    from workbench.ops.export import export_report

    if not args.xlsx and not args.pdf:
        raise WorkbenchError("Say what to write: --xlsx OUT.xlsx and/or --pdf OUT.pdf.")
    references = [parse_reference(r) for r in args.reference or []]
    compare = [Path(c) for c in args.compare or []]
    with open_store(args) as store:
        results = export_report(store, actor(args), Path(args.xlsx) if args.xlsx else None,
                                Path(args.pdf) if args.pdf else None, args.recipient or "", args.recorded_crime,
                                compare=compare, references=references)
    for result in results:
        to = f" for {args.recipient}" if args.recipient else ""
        logged = "logged as a disclosure" if result.logged else "NOT logged: the audit is read-only here, so record this disclosure yourself"
        print(printable(f"Wrote {result.path} ({result.fmt}, {result.size:,} bytes, SHA-256 {result.sha256[:16]}...){to}; {logged}."))
        for note in result.notes:
            print(printable(f"  note: {note}"))
    return EXIT_OK


def register(add: AddCommand) -> None:
    p = add("findings", cmd_findings, "Show the findings tables (Part B, recording rates, timeliness, no-crimes, "
            "N100, out-of-court disposals, exclusions) and the report's narrative.")
    p.add_argument("--json", action="store_true",
                   help="print the findings, the narrative and their layout as JSON (see docs/findings.md)")
    p.add_argument("--recorded-crime", type=int, metavar="R",
                   help="the force's 12-month recorded crime (excluding fraud), for the unrecorded-crime estimate")

    p = add("export", cmd_export, "Write the findings and the evidence as an Excel workbook and/or a PDF report "
            "(atomically; each file is logged as a disclosure).")
    p.add_argument("--xlsx", metavar="OUT", help="write the Excel workbook here (.xlsx)")
    p.add_argument("--pdf", metavar="OUT", help="write the PDF report here (.pdf)")
    p.add_argument("--recipient", metavar="R", help="who the export is for (recorded in the disclosure event)")
    p.add_argument("--recorded-crime", type=int, metavar="R",
                   help="the force's 12-month recorded crime (excluding fraud), for the unrecorded-crime estimate")
    p.add_argument("--compare", action="append", metavar="OTHER",
                   help="another audit file (an earlier period) to set beside this one on a Trend page; repeat for more")
    p.add_argument("--reference", action="append", metavar="LABEL=PERCENT",
                   help="a reference line on the Trend page, e.g. \"National 2018/19=87.7\" (repeat for more)")
    add_who(p)
