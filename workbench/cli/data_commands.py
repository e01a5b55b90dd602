"""Commands that bring data into an audit: import a sample, load answers."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.common import EXIT_OK, AddCommand, actor, add_who, open_store, printable
from workbench.core.audit import Role


def cmd_import(args: argparse.Namespace) -> int:
    from workbench.core.mapping import ROLES
    from workbench.ops.importing import changed_notes, import_notes, import_sample, problem_report_path

    roles = {role: getattr(args, f"{role}_column") for role in ROLES if getattr(args, f"{role}_column") is not None}
    with open_store(args) as store:
        result = import_sample(store, actor(args), Path(args.file), args.sheet, args.form, args.form_column, args.key_column,
                               args.dry_run, header_row=args.header_row, skip_bad_rows=args.skip_bad_rows,
                               roles=roles or None, profile=args.profile, save_profile=args.save_profile)
    plan = result.plan
    notes = import_notes(plan)
    if not result.dry_run:   # what was done, rather than what the check expected
        notes = [n for n in notes if n not in changed_notes(plan.changed_answered, len(plan.changed) - plan.changed_answered,
                                                            done=False)]
        notes += changed_notes(result.noted, result.replaced)
    for line in notes:
        print(printable(line))
    counts = ", ".join(f"{form} {n}" for form, n in sorted(plan.counts_by_form().items()))
    verb = "Would add" if result.dry_run else "Added"
    print(printable(f"{verb} {result.added} record(s); {result.unchanged} already in the audit. By checklist: {counts or 'none'}."))
    if result.profile_saved:
        print(printable(f"Saved the mapping as the profile '{result.profile_saved}': a file with the same headings "
                        "will use it."))
    elif args.save_profile and result.dry_run:
        print(printable(f"Without --dry-run the mapping would be saved as the profile '{args.save_profile}'."))
    if plan.problems:
        rows = plan.bad_rows
        if result.dry_run:
            print(printable(f"{'Would skip'} {rows} bad row(s); {len(plan.problems)} problem(s):"))
            for problem in plan.problems:
                print(printable(f"  - {problem}"))
            print(printable(f"Without --dry-run the problems are written to {problem_report_path(Path(args.file))}."))
        else:
            print(printable(f"Skipped {rows} bad row(s); the {len(plan.problems)} problem(s) are listed in {result.report}."))
    return EXIT_OK


def cmd_answers(args: argparse.Namespace) -> int:
    from workbench.ops.adjudication import PEER_ROUND, load_determinations
    from workbench.ops.answering import load_answers
    from workbench.ops.audits import integrity_checked_alongside

    # The audit's integrity is checked while the file is read and checked (both take seconds at 100,000 records).
    with open_store(args, check=False) as store, integrity_checked_alongside(Path(args.audit)) as checked:
        if args.role == Role.FCR:   # the FCR's answers are determinations: complete records
            checked()
            decided = load_determinations(store, actor(args), Path(args.file), args.reason or "", args.sheet)
            print(f"{decided} record(s) determined by the FCR; each is a complete record, final for the findings.")
            return EXIT_OK
        review_round = args.round if args.round is not None else PEER_ROUND if args.role == Role.PEER else 1
        result = load_answers(store, actor(args), Path(args.file), review_round, args.sheet, before_saving=checked)
    skipped = (f" {result.skipped} row(s) of other roles or rounds were left for their own load (--role)."
               if result.skipped else "")
    print(f"Checked {result.rows} row(s) for {result.records} record(s); {result.changed} answer(s) saved.{skipped}")
    return EXIT_OK


def register(add: AddCommand) -> None:
    p = add("import", cmd_import, "Import a sample spreadsheet (CSV, xlsx or ods with a header row): each row becomes a record. "
            "The header is found under any title rows; blank rows and a trailing totals row are skipped and reported.")
    p.add_argument("file", metavar="FILE", help="the .csv, .xlsx, .xlsm or .ods file")
    p.add_argument("--sheet", metavar="S", help="the sheet to read (default: the first)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--form", metavar="ID", help="the checklist for every row")
    group.add_argument("--form-column", metavar="COL", help="the column naming each row's checklist (default: 'form' or 'checklist')")
    p.add_argument("--key-column", metavar="COL", help="the column holding each record's unique key (default: a heading such as 'key', 'reference', 'Incident ref', 'URN')")
    p.add_argument("--header-row", type=int, default=None, metavar="N",
                   help="the row holding the column headings (default: found under any title rows, and said)")
    p.add_argument("--skip-bad-rows", action="store_true",
                   help="import the good rows and write every problem to FILE-import-problems.xlsx beside the file "
                        "(default: any problem rejects the whole file)")
    p.add_argument("--dry-run", action="store_true", help="check the file and list every problem, but import nothing")
    for role, words in (("reported", "when each crime was reported (dates, checked; with --recorded-column it gives "
                         "the elapsed time and the timeliness suggestion)"),
                        ("recorded", "when each crime was recorded (dates, checked)"),
                        ("category", "the incident's category"), ("area", "the area")):
        p.add_argument(f"--{role}-column", metavar="COL", help=f"the column holding {words}; '' for none "
                       "(default: from the profile, or a heading such as '" + role + "')")
    p.add_argument("--profile", metavar="NAME", help="use the mapping profile NAME (default: the profile whose headings "
                   "are this file's, when no column is named; 'workbench profiles AUDIT' lists them)")
    p.add_argument("--save-profile", metavar="NAME", help="save the mapping used as the profile NAME, in the import's "
                   "transaction (a later file with the same headings, in any order, then uses it)")
    add_who(p)

    p = add("answers", cmd_answers, "Load answers in the long format: record, question, instance, answer, note "
            "(with role and round columns, as an exported Answers sheet has, only the rows of --role are read).")
    p.add_argument("file", metavar="FILE", help="the .csv or .xlsx answers file")
    p.add_argument("--sheet", metavar="S", help="the sheet to read (default: the first; an exported workbook's is 'Answers')")
    add_who(p, required=True)
    p.add_argument("--role", choices=[r.value for r in Role], default="auditor", help="the role the answers are given in (default auditor)")
    p.add_argument("--round", type=int, default=None, metavar="N",
                   help="review round (default 1; 2 with --role peer, the peer review's round)")
    p.add_argument("--reason", metavar="R", help="with --role fcr: why the FCR overrules the audit team (needed when it does)")
