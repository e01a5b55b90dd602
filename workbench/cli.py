"""The ``workbench`` command line: thin argument parsing over ``workbench.ops``."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

from workbench import __version__
from workbench.core.audit import DEFAULT_MARKING, DEFAULT_TIME_LIMIT_HOURS, MARKINGS, Actor, AuditSettings, Role
from workbench.core.errors import InputRejected, WorkbenchError

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2


def _actor(args: argparse.Namespace) -> Actor:
    name = getattr(args, "as_name", None) or os.environ.get("WORKBENCH_USER") or getpass.getuser()
    return Actor(name, Role(getattr(args, "role", None) or "auditor"))


def _open(args: argparse.Namespace):
    from workbench.ops.audits import open_audit

    return open_audit(Path(args.audit))


def cmd_new(args: argparse.Namespace) -> int:
    from workbench.ops.audits import new_audit

    settings = AuditSettings(
        title=args.title, force=args.force or "", time_limit_hours=args.time_limit_hours, marking=args.marking,
        period_start=args.period_start or "", period_end=args.period_end or "", retention_date=args.retention or "",
    )
    with new_audit(Path(args.audit), settings, _actor(args)) as store:
        print(f"Created {store.path} ('{settings.title}').")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from workbench.ops.importing import import_sample

    with _open(args) as store:
        result = import_sample(store, _actor(args), Path(args.file), args.sheet, args.form, args.form_column, args.key_column,
                               args.dry_run, header_row=args.header_row)
    counts = ", ".join(f"{form} {n}" for form, n in sorted(result.plan.counts_by_form().items()))
    verb = "Would add" if result.dry_run else "Added"
    print(f"{verb} {result.added} record(s); {result.unchanged} already in the audit. By checklist: {counts or 'none'}.")
    return EXIT_OK


def cmd_answers(args: argparse.Namespace) -> int:
    from workbench.ops.answering import load_answers

    with _open(args) as store:
        result = load_answers(store, _actor(args), Path(args.file), args.round, args.sheet)
    print(f"Checked {result.rows} row(s) for {result.records} record(s); {result.changed} answer(s) saved.")
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from workbench.ops.status import audit_status

    with _open(args) as store:
        status = audit_status(store)
    if args.json:
        print(json.dumps({
            "title": status.title,
            "forms": {f: {"title": s.title, **s.counts, "total": s.total} for f, s in status.by_form.items()},
            "totals": status.totals(),
            "records_with_hidden_answers": status.hidden_answers,
        }, indent=2))
        return EXIT_OK
    print(status.title)
    print(f"{'checklist':<24}{'not started':>12}{'in progress':>12}{'complete':>10}{'total':>8}")
    for form_id, s in status.by_form.items():
        c = s.counts
        print(f"{form_id:<24}{c['not_started']:>12}{c['in_progress']:>12}{c['complete']:>10}{s.total:>8}")
    t = status.totals()
    print(f"{'all':<24}{t['not_started']:>12}{t['in_progress']:>12}{t['complete']:>10}{sum(t.values()):>8}")
    if status.hidden_answers:
        print(f"{len(status.hidden_answers)} record(s) keep answers on branches that no longer apply "
              f"(ignored by findings): {', '.join(sorted(status.hidden_answers)[:10])}")
    return EXIT_OK


def cmd_findings(args: argparse.Namespace) -> int:
    from workbench.core.narrative import narrative
    from workbench.ops.findings import audit_findings, findings_text

    with _open(args) as store:
        findings = audit_findings(store, args.recorded_crime)
        paragraphs = narrative(findings, store.settings())
    if args.json:
        print(json.dumps({"findings": findings.to_dict(), "narrative": paragraphs}, indent=2, ensure_ascii=False))
    else:
        print(findings_text(findings, paragraphs, args.recorded_crime), end="")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from workbench.ops.export import export_report

    if not args.xlsx and not args.pdf:
        raise WorkbenchError("Say what to write: --xlsx OUT.xlsx and/or --pdf OUT.pdf.")
    with _open(args) as store:
        results = export_report(store, _actor(args), Path(args.xlsx) if args.xlsx else None,
                                Path(args.pdf) if args.pdf else None, args.recipient or "", args.recorded_crime)
    for result in results:
        to = f" for {args.recipient}" if args.recipient else ""
        print(f"Wrote {result.path} ({result.fmt}, {result.size:,} bytes, SHA-256 {result.sha256[:16]}...){to}; "
              "logged as a disclosure.")
        for note in result.notes:
            print(f"  note: {note}")
    return EXIT_OK


def cmd_log(args: argparse.Namespace) -> int:
    with _open(args) as store:
        events = list(store.events())
    if args.limit:
        events = events[-args.limit:]
    for e in events:
        if args.json:
            print(json.dumps({"seq": e.seq, "at": e.at, "actor": e.actor, "role": e.role, "operation": str(e.operation),
                              "action": e.action, "detail": e.detail, "hash": e.hash}))
        else:
            print(f"{e.seq:>6}  {e.at}  {e.actor} ({e.role})  {e.operation:<12} {e.action}  {_describe(e.detail)}")
    return EXIT_OK


def _describe(detail: dict) -> str:
    if "question" in detail:
        inst = f"#{detail['instance']}" if detail.get("instance") else ""
        change = f"{detail.get('old')} -> {detail.get('new')}" if "new" in detail else "text changed"
        return f"{detail['record']} {detail['question']}{inst}: {change}"
    if "changes" in detail:
        return "; ".join(f"{k}: {old!r} -> {new!r}" for k, (old, new) in detail["changes"].items())
    shown = {k: v for k, v in detail.items() if k not in ("digest", "records_digest", "sha256", "settings")}
    return ", ".join(f"{k}={v}" for k, v in shown.items())


def cmd_flag(args: argparse.Namespace) -> int:
    from workbench.ops.flags import clear_flag, flag_record

    with _open(args) as store:
        if args.list:
            for key, flag in store.flags().items():
                print(f"{key:<24}{flag.flagged_by:<24}{flag.flagged_at[:16]}  {flag.note}")
            return EXIT_OK
        if not args.record:
            raise WorkbenchError("Name the record to flag (or use --list).")
        if args.clear:
            changed = clear_flag(store, _actor(args), args.record)
            print(f"Flag removed from {args.record}." if changed else f"{args.record} was not flagged.")
        else:
            if not args.note:
                raise WorkbenchError("Give the query for the FCR with --note.")
            flag_record(store, _actor(args), args.record, args.note)
            print(f"{args.record} flagged for the FCR.")
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from workbench.store.verify import verify

    with _open(args) as store:
        report = verify(store)
    if report.ok:
        print(f"OK: {args.audit} is intact; {report.events} event(s) chain correctly and match the audit's contents.")
        return EXIT_OK
    print(f"FAILED: {args.audit} does not match its event log:", file=sys.stderr)
    for problem in report.problems:
        print(f"  - {problem}", file=sys.stderr)
    return EXIT_FAILED


def cmd_forms(args: argparse.Namespace) -> int:
    from workbench.ops import checklists

    if args.forms_command == "list":
        store = _open(args) if args.audit else None
        try:
            for form in checklists.list_forms(store):
                print(f"{form.form_id:<24}{form.version:<10}{form.title}")
        finally:
            if store:
                store.close()
        return EXIT_OK
    if args.forms_command == "check":
        form, problems = checklists.check_form_file(Path(args.file))
        if problems:
            print(f"{args.file}: {len(problems)} problem(s):", file=sys.stderr)
            for p in problems:
                print(f"  - {p}", file=sys.stderr)
            return EXIT_FAILED
        print(f"OK: '{form.form_id}' version {form.version}, {len(form.questions())} questions.")
        return EXIT_OK
    if args.forms_command == "export":
        form = checklists.export_form(args.form_id, Path(args.out))
        print(f"Wrote checklist '{form.form_id}' version {form.version} to {args.out}.")
        return EXIT_OK
    with _open(args) as store:
        form, added = checklists.add_form(store, _actor(args), Path(args.file))
    print(f"{'Added' if added else 'Already in the audit:'} checklist '{form.form_id}' version {form.version}.")
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from workbench.ops.audits import build_demo
    from workbench.store.verify import verify

    path = Path(args.path) if args.path else Path(tempfile.mkdtemp(prefix="workbench-demo-")) / "demo.cdiaudit"
    demo = build_demo(path)
    with demo.store as store:
        print(f"Demo audit created at {store.path}: {demo.imported.added} records imported, "
              f"{demo.answered.changed} answers loaded.\n")
        report = verify(store)
    args.audit, args.json = str(demo.store.path), False
    cmd_status(args)
    print(f"\nverify: {'OK' if report.ok else 'FAILED'} ({report.events} events in the log)")
    return EXIT_OK if report.ok else EXIT_FAILED


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        usage="workbench [AUDIT | --demo]  (the review window)\n       workbench COMMAND ...",
        description="Crime data integrity dip-sampling workbench: audit files, checklists, answers. "
        "With no arguments, an audit file, or --demo, it opens the review window.",
        epilog="Run 'workbench COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(name: str, func: Callable, help_text: str, audit: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if audit:
            p.add_argument("audit", metavar="AUDIT", help="the audit file (.cdiaudit)")
        p.set_defaults(func=func)
        return p

    def who(p: argparse.ArgumentParser, required: bool = False) -> None:
        p.add_argument("--as", dest="as_name", metavar="NAME", required=required,
                       help="who is doing this (stamped on every event)" + ("" if required else "; default $WORKBENCH_USER or your login"))

    p = command("new", cmd_new, "Create a new, empty audit file.")
    p.add_argument("--title", required=True, help="the audit's title")
    p.add_argument("--force", help="the police force audited")
    p.add_argument("--time-limit-hours", type=int, default=DEFAULT_TIME_LIMIT_HOURS, metavar="H",
                   help=f"recording time limit in hours (default {DEFAULT_TIME_LIMIT_HOURS})")
    p.add_argument("--marking", default=DEFAULT_MARKING, choices=MARKINGS, help=f"protective marking (default {DEFAULT_MARKING})")
    p.add_argument("--period-start", metavar="YYYY-MM-DD", help="first day of the audit period")
    p.add_argument("--period-end", metavar="YYYY-MM-DD", help="last day of the audit period")
    p.add_argument("--retention", metavar="YYYY-MM-DD", help="date after which the audit file should be erased")
    who(p)

    p = command("import", cmd_import, "Import a sample spreadsheet (CSV or xlsx with a header row): each row becomes a record.")
    p.add_argument("file", metavar="FILE", help="the .csv or .xlsx file")
    p.add_argument("--sheet", metavar="S", help="the sheet to read (default: the first)")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--form", metavar="ID", help="the checklist for every row")
    group.add_argument("--form-column", metavar="COL", help="the column naming each row's checklist (default: 'form')")
    p.add_argument("--key-column", metavar="COL", help="the column holding each record's unique key (default: 'key')")
    p.add_argument("--header-row", type=int, default=1, metavar="N",
                   help="the row holding the column headings, when title rows sit above it (default 1)")
    p.add_argument("--dry-run", action="store_true", help="check the file and report, but import nothing")
    who(p)

    p = command("answers", cmd_answers, "Load answers in the long format: record, question, instance, answer, note.")
    p.add_argument("file", metavar="FILE", help="the .csv or .xlsx answers file")
    p.add_argument("--sheet", metavar="S", help="the sheet to read (default: the first; an exported workbook's is 'Answers')")
    who(p, required=True)
    p.add_argument("--role", choices=[r.value for r in Role], default="auditor", help="the role the answers are given in (default auditor)")
    p.add_argument("--round", type=int, default=1, metavar="N", help="review round (default 1)")

    p = command("status", cmd_status, "Show records by checklist and state: not started, in progress, complete.")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = command("findings", cmd_findings, "Show the findings tables (Part B, recording rates, timeliness, no-crimes, "
                "N100, out-of-court disposals, exclusions) and the report's narrative.")
    p.add_argument("--json", action="store_true", help="print the findings and the narrative as JSON")
    p.add_argument("--recorded-crime", type=int, metavar="R",
                   help="the force's 12-month recorded crime (excluding fraud), for the unrecorded-crime estimate")

    p = command("export", cmd_export, "Write the findings and the evidence as an Excel workbook and/or a PDF report "
                "(atomically; each file is logged as a disclosure).")
    p.add_argument("--xlsx", metavar="OUT", help="write the Excel workbook here (.xlsx)")
    p.add_argument("--pdf", metavar="OUT", help="write the PDF report here (.pdf)")
    p.add_argument("--recipient", metavar="R", help="who the export is for (recorded in the disclosure event)")
    p.add_argument("--recorded-crime", type=int, metavar="R",
                   help="the force's 12-month recorded crime (excluding fraud), for the unrecorded-crime estimate")
    who(p)

    p = command("log", cmd_log, "Show the audit's event log (who did what, when).")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--limit", type=int, metavar="N", help="only the last N events")

    p = command("flag", cmd_flag, "Flag a record for the FCR with a query note, clear a flag, or list flagged records.")
    p.add_argument("record", metavar="RECORD", nargs="?", help="the record's key")
    p.add_argument("--note", help="the query for the FCR")
    p.add_argument("--clear", action="store_true", help="remove the record's flag")
    p.add_argument("--list", action="store_true", help="list the flagged records")
    who(p)

    command("verify", cmd_verify, "Check the file, the event log's hash chain, and that the contents match the log (exit 1 on any break).")

    p = command("forms", cmd_forms, "Checklists: list, check a file, export as XLSForm, add one to an audit.", audit=False)
    forms_sub = p.add_subparsers(dest="forms_command", metavar="ACTION", required=True)
    fp = forms_sub.add_parser("list", help="list the available checklists", description="List the available checklists.")
    fp.add_argument("--audit", metavar="AUDIT", help="include the checklists frozen in this audit")
    fp = forms_sub.add_parser("check", help="check a checklist file (.toml or XLSForm .xlsx)", description="Check a checklist file.")
    fp.add_argument("file", metavar="FILE")
    fp = forms_sub.add_parser("export", help="write a checklist as an XLSForm .xlsx (or .toml)", description="Export a checklist.")
    fp.add_argument("form_id", metavar="FORM_ID")
    fp.add_argument("out", metavar="OUT")
    fp = forms_sub.add_parser("add", help="add a checklist file to an audit", description="Add a checklist to an audit.")
    fp.add_argument("audit", metavar="AUDIT")
    fp.add_argument("file", metavar="FILE")
    who(fp)

    p = command("demo", cmd_demo, "Build a fresh synthetic demo audit, then print its status and verify it.", audit=False)
    p.add_argument("path", metavar="PATH", nargs="?", help="where to write it (default: a new temporary folder)")
    return parser


def run_gui(audit: Path | None = None, demo: bool = False) -> int:
    """Open the review window (PySide6 is imported only now: cli sits above ui)."""
    try:
        from workbench.ui.shell.app import run_gui as launch
    except ImportError as exc:
        print(f"error: the review window cannot start ({exc}). Run scripts/bootstrap to install what it needs, "
              "or use a command: 'workbench --help' lists them.", file=sys.stderr)
        return EXIT_ERROR
    return launch(audit, demo)


def _gui_request(argv: Sequence[str], parser: argparse.ArgumentParser) -> tuple[Path | None, bool] | None:
    """``(audit, demo)`` when the arguments ask for the window, else None (a command)."""
    if not argv:
        return None, False
    if list(argv) == ["--demo"]:
        return None, True
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction)).choices
    if len(argv) == 1 and argv[0] not in commands and not argv[0].startswith("-") and Path(argv[0]).is_file():
        return Path(argv[0]), False
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line, or open the review window; returns the exit status.

    No arguments, ``--demo``, or an audit file as the only argument open the window.
    """
    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    gui = _gui_request(argv, parser)
    if gui is not None:
        return run_gui(*gui)
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_OK
    try:
        return args.func(args)
    except InputRejected as exc:
        print(f"{exc.what}: rejected, nothing was changed. {len(exc.problems)} problem(s):", file=sys.stderr)
        for problem in exc.problems[:200]:
            print(f"  - {problem}", file=sys.stderr)
        if len(exc.problems) > 200:
            print(f"  ... and {len(exc.problems) - 200} more", file=sys.stderr)
        return EXIT_ERROR
    except WorkbenchError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except OSError as exc:
        print(f"error: {exc.strerror or exc} ({exc.filename or ''})", file=sys.stderr)
        return EXIT_ERROR
    except Exception as exc:  # the last line of defence: never a traceback for a user
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        print(f"internal error ({type(exc).__name__}); nothing half-written was kept. "
              "Set WORKBENCH_DEBUG=1 and run again to see the details for a bug report.", file=sys.stderr)
        return EXIT_ERROR
