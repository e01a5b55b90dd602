"""The trend across audit periods: ``workbench compare``."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from workbench.cli.common import EXIT_OK, AddCommand, printable


def cmd_compare(args: argparse.Namespace) -> int:
    from workbench.core.findings_layout import FindingsLayout
    from workbench.core.trend import parse_reference
    from workbench.core.trend_section import trend_section
    from workbench.ops.findings_text import layout_text
    from workbench.ops.trend import compare_audits

    references = [parse_reference(r) for r in args.reference or []]
    result = compare_audits([Path(a) for a in args.audits], references)
    if args.json:
        print(json.dumps(result.to_dict(), indent=2, ensure_ascii=False))
        return EXIT_OK
    section = trend_section(result)
    if section is None:
        print("Give two or more audits to compare, or a reference line (--reference LABEL=PERCENT).")
        return EXIT_OK
    print(printable(layout_text(FindingsLayout((section,)))), end="")
    return EXIT_OK


def register(add: AddCommand) -> None:
    p = add("compare", cmd_compare, "The overall recording rate of several audits, period by period, with its 95 percent "
            "interval; whether each change is larger than chance would give (a two-proportion test, stated "
            "plainly); and reference lines you enter.", audit=False)
    p.add_argument("audits", nargs="+", metavar="AUDIT", help="the audit files (.cdiaudit), in any order: they are "
                   "put in the order of their periods")
    p.add_argument("--reference", action="append", metavar="LABEL=PERCENT",
                   help="a reference line, e.g. --reference \"National 2018/19=87.7\" (repeat for more)")
    p.add_argument("--json", action="store_true", help="print the periods, the changes and their tests as JSON")
