"""``workbench forms``: list, check, export and add checklists."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.cli.common import EXIT_FAILED, EXIT_OK, AddCommand, actor, add_who, open_store, printable


def cmd_forms(args: argparse.Namespace) -> int:
    from workbench.ops import forms as checklists

    if args.forms_command == "list":
        store = open_store(args) if args.audit else None
        try:
            for form in checklists.list_forms(store):
                print(printable(f"{form.form_id:<24}{form.version:<10}{form.title}"))
        finally:
            if store:
                store.close()
        return EXIT_OK
    if args.forms_command == "check":
        form, problems = checklists.check_form_file(Path(args.file))
        if problems:
            print(printable(f"{args.file}: {len(problems)} problem(s):"), file=sys.stderr)
            for p in problems:
                print(printable(f"  - {p}"), file=sys.stderr)
            return EXIT_FAILED
        print(printable(f"OK: '{form.form_id}' version {form.version}, {len(form.questions())} questions."))
        return EXIT_OK
    if args.forms_command == "export":
        form = checklists.export_form(args.form_id, Path(args.out))
        print(printable(f"Wrote checklist '{form.form_id}' version {form.version} to {args.out}."))
        return EXIT_OK
    with open_store(args) as store:
        form, added = checklists.add_form(store, actor(args), Path(args.file))
    print(printable(f"{'Added' if added else 'Already in the audit:'} checklist '{form.form_id}' version {form.version}."))
    return EXIT_OK


def register(add: AddCommand) -> None:
    p = add("forms", cmd_forms, "Checklists: list, check a file, export as XLSForm, add one to an audit.", audit=False)
    forms_sub = p.add_subparsers(dest="forms_command", metavar="ACTION", required=True)
    fp = forms_sub.add_parser("list", help="list the available checklists", description="List the available checklists.")
    fp.add_argument("--audit", metavar="AUDIT", help="include the checklists frozen in this audit")
    fp = forms_sub.add_parser("check", help="check a checklist file (.toml or XLSForm .xlsx)", description="Check a checklist file.")
    fp.add_argument("file", metavar="FILE")
    fp = forms_sub.add_parser("export", help="write a checklist as an XLSForm .xlsx (or .toml)",
                              description="Export a checklist: a built-in one by its id, or a checklist file (.xlsx or "
                              ".toml), checked first, in the other format.")
    fp.add_argument("form_id", metavar="FORM_ID|FILE")
    fp.add_argument("out", metavar="OUT")
    fp = forms_sub.add_parser("add", help="add a checklist file to an audit", description="Add a checklist to an audit.")
    fp.add_argument("audit", metavar="AUDIT")
    fp.add_argument("file", metavar="FILE")
    add_who(fp)
