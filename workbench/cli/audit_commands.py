"""Commands on an audit as a whole: new, status, log, flag, verify, demo."""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from workbench.cli.common import EXIT_FAILED, EXIT_OK, AddCommand, actor, add_who, open_store, printable
from workbench.core.audit import DEFAULT_MARKING, DEFAULT_TIME_LIMIT_HOURS, MARKINGS, AuditSettings
from workbench.core.errors import WorkbenchError


def cmd_new(args: argparse.Namespace) -> int:
    from workbench.ops.audits import new_audit

    settings = AuditSettings(
        title=args.title, force=args.force or "", time_limit_hours=args.time_limit_hours, marking=args.marking,
        period_start=args.period_start or "", period_end=args.period_end or "", retention_date=args.retention or "",
    )
    with new_audit(Path(args.audit), settings, actor(args)) as store:
        print(printable(f"Created {store.path} ('{settings.title}')."))
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    from workbench.ops.data_protection import retention_passed
    from workbench.ops.status import audit_status

    # A read of the cached counts: the full integrity check (seconds on a large audit) is 'workbench verify''s job.
    with open_store(args, check=False) as store:
        status = audit_status(store)
        retention = retention_passed(store)
    if args.json:
        print(json.dumps({
            "title": status.title,
            "forms": {f: {"title": s.title, **s.counts, "total": s.total} for f, s in status.by_form.items()},
            "totals": status.totals(),
            "records_with_hidden_answers": status.hidden_answers,
            "log_head": {"seq": status.log_head[0], "hash": status.log_head[1]},
            "retention_passed": retention,
        }, indent=2))
        return EXIT_OK
    print(printable(status.title))
    print(f"{'checklist':<24}{'not started':>12}{'in progress':>12}{'complete':>10}{'total':>8}")
    for form_id, s in status.by_form.items():
        c = s.counts
        print(printable(f"{form_id:<24}{c['not_started']:>12}{c['in_progress']:>12}{c['complete']:>10}{s.total:>8}"))
    t = status.totals()
    print(f"{'all':<24}{t['not_started']:>12}{t['in_progress']:>12}{t['complete']:>10}{sum(t.values()):>8}")
    print(f"Event log head: event {status.log_head[0]}, hash {status.log_head[1]}")
    if retention:
        print(f"warning: {retention}")
    if status.hidden_answers:
        print(printable(f"{len(status.hidden_answers)} record(s) keep answers on branches that no longer apply "
                        f"(ignored by findings): {', '.join(sorted(status.hidden_answers)[:10])}"))
    return EXIT_OK


def cmd_log(args: argparse.Namespace) -> int:
    from workbench.core.event_kinds import describe

    if args.dpa:
        from workbench.io.csv_out import write_csv
        from workbench.ops.data_protection import DPA_HEADER, dpa_rows

        with open_store(args) as store:
            count = write_csv(Path(args.dpa), DPA_HEADER, dpa_rows(store))
        print(printable(f"Wrote {count} event(s) to {args.dpa}: who did what, when, to which record, for whom "
                        "(the Data Protection Act 2018 s62 log)."))
        return EXIT_OK
    with open_store(args) as store:
        events = list(store.events())
    if args.limit:
        events = events[-args.limit:]
    for e in events:
        if args.json:
            print(json.dumps({"seq": e.seq, "at": e.at, "actor": e.actor, "role": e.role, "operation": str(e.operation),
                              "action": e.action, "detail": e.detail, "hash": e.hash}))
        else:
            print(printable(f"{e.seq:>6}  {e.at}  {e.actor} ({e.role})  {e.operation:<12} {e.action}  {describe(e)}"))
    return EXIT_OK


def cmd_flag(args: argparse.Namespace) -> int:
    from workbench.ops.flags import clear_flag, flag_record

    with open_store(args) as store:
        if args.list:
            for key, flag in store.flags().items():
                print(printable(f"{key:<24}{flag.flagged_by:<24}{flag.flagged_at[:16]}  {flag.note}"))
            return EXIT_OK
        if not args.record:
            raise WorkbenchError("Name the record to flag (or use --list).")
        if args.clear:
            changed = clear_flag(store, actor(args), args.record)
            print(printable(f"Flag removed from {args.record}." if changed else f"{args.record} was not flagged."))
        else:
            if not args.note:
                raise WorkbenchError("Give the query for the FCR with --note.")
            flag_record(store, actor(args), args.record, args.note)
            print(printable(f"{args.record} flagged for the FCR."))
    return EXIT_OK


def cmd_verify(args: argparse.Namespace) -> int:
    from workbench.store.verify import verify

    with open_store(args, check=False) as store:   # verify makes SQLite's full integrity check itself
        report = verify(store)
        from workbench.ops.signoff import check_signature, status   # after: the second process starts sooner

        signature = check_signature(store, Path(args.key)) if args.key else []
        signed = status(store).words
    problems = report.problems + [f"sign-off: {p}" for p in signature]
    if not problems:
        print(printable(f"OK: {args.audit} is intact; {report.events} event(s) chain correctly and match the audit's contents."))
        if args.key:
            print(printable(f"OK: {signed}; the signature is valid with this key and everything signed is unchanged."))
        return EXIT_OK
    print(printable(f"FAILED: {args.audit}:"), file=sys.stderr)
    for problem in problems:
        print(printable(f"  - {problem}"), file=sys.stderr)
    return EXIT_FAILED


def cmd_backup(args: argparse.Namespace) -> int:
    from workbench.ops.audits import save_copy

    with open_store(args) as store:
        events = save_copy(store, Path(args.dest))
    print(printable(f"Wrote a verified copy of {args.audit} to {args.dest} ({events} events, one self-contained file)."))
    return EXIT_OK


def cmd_demo(args: argparse.Namespace) -> int:
    from workbench.ops.audits import build_demo
    from workbench.store.verify import verify

    path = Path(args.path) if args.path else Path(tempfile.mkdtemp(prefix="workbench-demo-")) / "demo.cdiaudit"
    demo = build_demo(path)
    with demo.store as store:
        print(printable(f"Demo audit created at {store.path}: {demo.imported.added} records imported, "
                        f"{demo.answered.changed} answers loaded.\n"))
        report = verify(store)
    args.audit, args.json = str(demo.store.path), False
    cmd_status(args)
    print(f"\nverify: {'OK' if report.ok else 'FAILED'} ({report.events} events in the log)")
    return EXIT_OK if report.ok else EXIT_FAILED


def register(add: AddCommand) -> None:
    p = add("new", cmd_new, "Create a new, empty audit file.")
    p.add_argument("--title", required=True, help="the audit's title")
    p.add_argument("--force", help="the police force audited")
    p.add_argument("--time-limit-hours", type=int, default=DEFAULT_TIME_LIMIT_HOURS, metavar="H",
                   help=f"recording time limit in hours (default {DEFAULT_TIME_LIMIT_HOURS})")
    p.add_argument("--marking", default=DEFAULT_MARKING, choices=MARKINGS, help=f"protective marking (default {DEFAULT_MARKING})")
    p.add_argument("--period-start", metavar="YYYY-MM-DD", help="first day of the audit period")
    p.add_argument("--period-end", metavar="YYYY-MM-DD", help="last day of the audit period")
    p.add_argument("--retention", metavar="YYYY-MM-DD", help="date after which the audit file should be erased")
    add_who(p)

    p = add("status", cmd_status, "Show records by checklist and state: not started, in progress, complete.")
    p.add_argument("--json", action="store_true", help="print JSON")

    p = add("log", cmd_log, "Show the audit's event log (who did what, when).")
    p.add_argument("--json", action="store_true", help="one JSON object per line")
    p.add_argument("--limit", type=int, metavar="N", help="only the last N events")
    p.add_argument("--dpa", metavar="OUT.csv", help="write the whole log as CSV for the data protection officer "
                   "(sequence, date and time, who, role, operation, what, record, recipient, purpose)")

    p = add("flag", cmd_flag, "Flag a record for the FCR with a query note, clear a flag, or list flagged records.")
    p.add_argument("record", metavar="RECORD", nargs="?", help="the record's key")
    p.add_argument("--note", help="the query for the FCR")
    p.add_argument("--clear", action="store_true", help="remove the record's flag")
    p.add_argument("--list", action="store_true", help="list the flagged records")
    add_who(p)

    p = add("verify", cmd_verify, "Check the file, the event log's hash chain, and that the contents match the log (exit 1 on any break); "
            "with --key, also the FCR's sign-off.")
    p.add_argument("--key", metavar="FCR.pub", help="the FCR's public key: check the sign-off's signature and that "
                   "nothing it covers has changed")

    p = add("backup", cmd_backup, "Write a consistent, verified copy of an audit (safe while it is open elsewhere).")
    p.add_argument("dest", metavar="DEST", help="the copy to write (.cdiaudit); replaced if it exists")

    p = add("demo", cmd_demo, "Build a fresh synthetic demo audit, then print its status and verify it.", audit=False)
    p.add_argument("path", metavar="PATH", nargs="?", help="where to write it (default: a new temporary folder)")
