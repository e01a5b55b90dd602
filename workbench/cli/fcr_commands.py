"""The FCR's desk on the command line: see a record's sides, determine it."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from workbench.cli.common import (
    EXIT_FAILED,
    EXIT_OK,
    AddCommand,
    actor,
    add_who,
    open_store,
    printable,
)
from workbench.core.audit import ROLE_NAMES


def cmd_determine(args: argparse.Namespace) -> int:
    from workbench.ops.adjudication import (
        amend,
        determine,
        overturned,
        parse_answer_key,
        parse_settings,
        sides,
    )

    with open_store(args) as store:
        now = sides(store, args.record)
        if not (args.take or args.set or args.clear or args.remove):
            _show(now)
            return EXIT_OK
        base = args.take or ("fcr" if now.determination else "auditor")
        removals = [(q, i or 0) for q, i in map(parse_answer_key, args.remove)]
        answers = amend(now.form, now.side(base), parse_settings(args.set), [parse_answer_key(c) for c in args.clear], removals)
        based_on = "fcr" if (args.set or args.clear or args.remove) else base
        changed = determine(store, actor(args), args.record, answers, based_on, args.reason or "")
        after = sides(store, args.record)
    if not changed:
        print(printable(f"{args.record} was already determined so; nothing changed."))
        return EXIT_OK
    turned = overturned(after)
    what = f"overturning the audit team on {len(turned)} answer(s)" if turned else "confirming the audit team"
    print(printable(f"{args.record} determined ({what}); it is final for the findings and its flag, if any, is closed."))
    return EXIT_OK


def _show(now) -> None:
    """The record's answers side by side: auditor, peer, FCR; * where auditor and peer differ."""
    from workbench.ops.adjudication import _values

    differ = set(now.disagreements())
    sides_ = [("auditor", _values(now.auditor)), ("peer", _values(now.peer)), ("FCR", _values(now.fcr))]
    given = {k for _, side in sides_ for k in side}
    order = {name: n for n, name in enumerate(q.name for q in now.form.questions())}
    keys = sorted(given, key=lambda k: (order.get(k[0], len(order)), k[1] or 0))
    print(printable(f"{now.record_key} ({now.form.title})" + (f"; determined by {now.determination.decided_by}" if now.determination else "; not determined")))
    if now.flag:
        print(printable(f"Flagged by {now.flag.flagged_by}: {now.flag.note}"))
    print(f"  {'question':<28}{'auditor':<22}{'peer':<22}{'FCR':<22}")
    for q, i in keys:
        name = f"{q}#{i}" if i else q
        cells = [side.get((q, i), "") for _, side in sides_]
        mark = "*" if (q, i) in differ else " "
        print(printable(f"{mark} {name:<28}" + "".join(f"{c[:20]:<22}" for c in cells)))


def cmd_signoff(args: argparse.Namespace) -> int:
    from workbench.cli.peer_commands import passphrase
    from workbench.ops.signoff import sign_off

    with open_store(args) as store:
        manifest = sign_off(store, actor(args), Path(args.key), passphrase(args), args.own_work_reason or "")
    print(printable(f"Signed off by {manifest.signer} ({ROLE_NAMES.get(manifest.role, manifest.role)}) at {manifest.signed_at[:16].replace('T', ' ')} UTC: "
                    f"\"{manifest.meaning}\" Manifest SHA-256 {manifest.sha256()}. The audit is now locked."))
    return EXIT_OK


def cmd_reopen(args: argparse.Namespace) -> int:
    from workbench.ops.signoff import reopen

    with open_store(args) as store:
        row = reopen(store, actor(args), args.reason or "")
    print(printable(f"Reopened: the sign-off by {row.signer} on {row.signed_at[:10]} is void ({row.void_reason}). "
                    "Changes are taken again; exports say the signature is void."))
    return EXIT_OK


def cmd_verify_export(args: argparse.Namespace) -> int:
    from workbench.ops.signoff import verify_export

    check = verify_export(Path(args.export), Path(args.key))
    if check.problems:
        print(printable(f"FAILED: {args.export} is not an export the holder of this key signed:"), file=sys.stderr)
        for problem in check.problems:
            print(printable(f"  - {problem}"), file=sys.stderr)
        return EXIT_FAILED
    m = check.manifest
    print(printable(f"OK: {args.export} carries the sign-off of {m.signer} ({ROLE_NAMES.get(m.role, m.role)}) of '{m.audit_title}' on "
                    f"{m.signed_at[:16].replace('T', ' ')} UTC (\"{m.meaning}\"), valid with this key. Checked: "
                    + "; ".join(check.checked) + "."))
    return EXIT_OK


def register(add: AddCommand) -> None:
    p = add("determine", cmd_determine, "The FCR's final determination of a record: show its sides (auditor, peer, FCR), "
            "or decide it from one side with changes; the result must be a complete record.")
    p.add_argument("record", metavar="RECORD", help="the record's key")
    p.add_argument("--take", choices=["auditor", "peer", "fcr"], help="start from this side's answers (default: the current final answers)")
    p.add_argument("--set", action="append", default=[], metavar="Q[#N]=VALUE", help="an answer to give (repeatable), e.g. recorded#1=no")
    p.add_argument("--clear", action="append", default=[], metavar="Q[#N]", help="an answer to clear (repeatable)")
    p.add_argument("--remove", action="append", default=[], metavar="REPEAT#N", help="remove a repeat instance, e.g. crimes#2 (repeatable)")
    p.add_argument("--reason", metavar="R", help="why, when the determination overrules the audit team")
    add_who(p, required=True)
    p.set_defaults(role="fcr")

    from workbench.cli.peer_commands import add_passphrase

    p = add("signoff", cmd_signoff, "The FCR signs the findings off with their key (workbench key new): a manifest of the "
            "settings, checklists, records, final answers, findings and the log's head, signed; the audit is then locked.")
    p.add_argument("--key", required=True, metavar="KEY", help="the FCR's private key file")
    add_passphrase(p)
    p.add_argument("--own-work-reason", metavar="R", help="needed when the FCR also answered records as an auditor")
    add_who(p, required=True)
    p.set_defaults(role="fcr")

    p = add("verify-export", cmd_verify_export, "Check that a report (.pdf) or workbook (.xlsx) is one the FCR signed: "
            "the signature it carries, with the FCR's public key, and the findings it carries (exit 1 if not).", audit=False)
    p.add_argument("export", metavar="EXPORT", help="the .pdf or .xlsx export")
    p.add_argument("--key", required=True, metavar="FCR.pub", help="the FCR's public key")

    p = add("reopen", cmd_reopen, "The FCR reopens a signed-off audit, saying why: the signature becomes void "
            "and the audit takes changes again.")
    p.add_argument("--reason", required=True, metavar="R", help="why it is reopened (logged, and shown with the void signature)")
    add_who(p, required=True)
    p.set_defaults(role="fcr")
