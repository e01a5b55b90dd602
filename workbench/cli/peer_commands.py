"""Commands for peer review and team work: keys, packages, unpacking, merging, agreement."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.common import EXIT_OK, AddCommand, actor, add_who, open_store, printable
from workbench.core.errors import WorkbenchError


def passphrase(args: argparse.Namespace, new: bool = False) -> bytes:
    """The passphrase from ``--passphrase-file`` (never the command line)."""
    from workbench.io.crypto import read_passphrase_file

    if not args.passphrase_file:
        raise WorkbenchError("Give the passphrase in a file with --passphrase-file F ('-' reads standard input); "
                             "it is never taken on the command line, where others could see it.")
    return read_passphrase_file(args.passphrase_file, new=new)


def add_passphrase(p: argparse.ArgumentParser, required: bool = True) -> None:
    p.add_argument("--passphrase-file", metavar="F", required=required,
                   help="a file holding the passphrase on its first line ('-': standard input)")


def cmd_key(args: argparse.Namespace) -> int:
    from workbench.ops import keys

    if args.action == "new":
        if not args.as_name:
            raise WorkbenchError("Say whose key this is with --as NAME.")
        made = keys.new_key(Path(args.key), args.as_name, passphrase(args, new=True))
        print(printable(f"Wrote the private key {made.private_path} (keep it, and its passphrase, to yourself) "
                        f"and the public key {made.public_path} (give it to anyone who checks your sign-off)."))
        print(f"Fingerprint: {made.fingerprint}")
        return EXIT_OK
    info = keys.read_public_key(Path(args.key))
    print(printable(f"{info.name or '(no name)'}\nFingerprint: {info.fingerprint}"))
    return EXIT_OK


def _optional_passphrase(args: argparse.Namespace, new: bool = False) -> bytes | None:
    """The passphrase, or None when ``--no-encryption`` was chosen (within a team only)."""
    if getattr(args, "no_encryption", False):
        if args.passphrase_file:
            raise WorkbenchError("Give either --passphrase-file or --no-encryption, not both.")
        return None
    return passphrase(args, new)


def _selection(args: argparse.Namespace):
    from workbench.core.selection import Selection
    from workbench.ops.peer_review import new_seed

    seed = args.seed if args.seed is not None else (new_seed() if args.percent is not None else None)
    records = tuple(k.strip() for k in (args.records or "").split(",") if k.strip())
    return Selection(args.non_compliant, args.percent, seed, records, args.first)


def cmd_package(args: argparse.Namespace) -> int:
    from workbench.ops import peer_review

    if args.no_encryption and not (args.team or args.return_):
        raise WorkbenchError("Only a team package may be unencrypted (--team --no-encryption); a package for another "
                             "force is always encrypted.")
    with open_store(args) as store:
        if args.return_:
            result = peer_review.make_return(store, actor(args), Path(args.out), _optional_passphrase(args))
        else:
            if not args.recipient:
                raise WorkbenchError("Say who the package is for with --recipient (logged as a disclosure to them).")
            result = peer_review.make_package(store, actor(args), Path(args.out), _selection(args), args.recipient,
                                              _optional_passphrase(args, new=True), team=args.team)
    lock = "encrypted" if result.encrypted else "NOT encrypted"
    print(printable(f"Wrote {result.path}: {result.records} record(s), {lock}, SHA-256 {result.sha256[:16]}...; "
                    "logged as a disclosure."))
    if result.selection is not None:
        print(printable(f"Chosen: {result.selection.describe()}."))
    return EXIT_OK


def cmd_unpack(args: argparse.Namespace) -> int:
    from workbench.ops import peer_review

    needs = peer_review.package_needs_passphrase(Path(args.package))
    result = peer_review.unpack(Path(args.package), Path(args.copy), actor(args), passphrase(args) if needs else None)
    print(printable(f"Made the working copy {result.path} of '{result.home_title}' from {result.sender}: "
                    f"{result.records} record(s), to answer as {result.role}, round {result.review_round}. "
                    f"Return it with 'workbench package {result.path.name} RETURN --return'."))
    return EXIT_OK


def cmd_merge(args: argparse.Namespace) -> int:
    from workbench.ops import peer_review

    needs = peer_review.package_needs_passphrase(Path(args.package))
    with open_store(args) as store:
        result = peer_review.merge(store, actor(args), Path(args.package), passphrase(args) if needs else None)
    if result.already_merged:
        print(printable(f"{args.package} was merged already: nothing was added."))
        return EXIT_OK
    print(printable(f"Merged the answers of {result.sender}: {result.answers_added} answer(s) to "
                    f"{result.records_added} record(s), beside the audit's own; {result.unchanged} record(s) unchanged."))
    if result.conflicts:
        print(printable(f"{len(result.conflicts)} record(s) already had different answers and are held as conflicts "
                        f"to settle ('workbench conflicts'): {', '.join(result.conflicts[:20])}"))
    return EXIT_OK


def cmd_conflicts(args: argparse.Namespace) -> int:
    from workbench.ops import peer_review

    with open_store(args) as store:
        if args.settle:
            if not args.keep:
                raise WorkbenchError("Say which answers to keep with --keep audit or --keep package.")
            settled = peer_review.settle(store, actor(args), args.settle, args.keep, args.package)
            print(printable(f"{settled.record_key}: conflict settled, the {args.keep}'s answers kept."))
            return EXIT_OK
        held = peer_review.conflicts(store)
    for c in held:
        answers = "; ".join(f"{a['question']}{'#' + str(a['instance']) if a['instance'] else ''}={a['value']}"
                            for a in c.answers)
        print(printable(f"{c.record_key:<20} package {c.package_id[:8]} from {c.sender} ({c.role}, round "
                        f"{c.review_round}): {answers}"))
    if not held:
        print("No conflicts to settle.")
    return EXIT_OK


def _coefficient(estimate) -> str:
    if estimate is None:
        return "-"
    return f"{estimate.value:.2f} ({estimate.low:.2f} to {estimate.high:.2f})"


def _agreement_line(row) -> str:
    interval = row.percent_interval
    share = "-" if interval is None else f"{row.percent:.1f}% ({interval.low * 100:.1f}-{interval.high * 100:.1f})"
    name = row.label if row.form_id is None else f"{row.form_id}: {row.label}"
    return f"{name[:38]:<40}{row.pairs:>6}{row.agreed:>7}  {share:<22}{_coefficient(row.kappa):<24}{_coefficient(row.ac1)}"


def cmd_agreement(args: argparse.Namespace) -> int:
    import json

    from workbench.ops.agreement import agreement

    with open_store(args) as store:
        table = agreement(store)
    if args.json:
        print(json.dumps(table.to_dict(), indent=2, ensure_ascii=False))
        return EXIT_OK
    print(f"{'question':<40}{'pairs':>6}{'agree':>7}  {'% agreement (95% CI)':<22}{'kappa (95% CI)':<24}AC1 (95% CI)")
    for row in [*table.rows, table.overall, table.verdict]:
        print(printable(_agreement_line(row)))
    if not table.overall.pairs:
        print("No record has been answered by both the audit team and a peer reviewer yet.")
    if table.disagreements:
        print(f"\n{len(table.disagreements)} disagreement(s):")
        for d in table.disagreements:
            where = f"{d.question}#{d.instance}" if d.instance else d.question
            print(printable(f"  {d.record:<20}{where:<28}auditor: {d.first or '(none)':<22}peer: {d.second or '(none)'}"))
    print("\nNotes:")
    for note in table.notes:
        print(f"  - {note}")
    return EXIT_OK


def register(add: AddCommand) -> None:
    p = add("key", cmd_key, "Make an FCR's Ed25519 signing key (key new KEY --as NAME --passphrase-file F: writes KEY and "
            "KEY.pub), or show a public key's holder and fingerprint (key show KEY.pub).", audit=False)
    p.add_argument("action", choices=["new", "show"], help="new: make a key pair; show: a public key's fingerprint")
    p.add_argument("key", metavar="KEY", help="the private key file to write (new) or the .pub file to read (show)")
    p.add_argument("--as", dest="as_name", metavar="NAME", help="whose key it is (printed beside every signature)")
    add_passphrase(p, required=False)

    p = add("package", cmd_package, "Write a peer-review (or team) package of chosen records, blind and encrypted, "
            "logged as a disclosure; with --return, send a working copy's answers back.")
    p.add_argument("out", metavar="OUT", help="the package file to write (.cdipkg)")
    p.add_argument("--non-compliant", action="store_true", help="every record the audit team found non-compliant")
    p.add_argument("--percent", metavar="X", help="a random X%% of the records not otherwise chosen")
    p.add_argument("--seed", type=int, metavar="S", help="the seed of the random choice (default: a new one, recorded)")
    p.add_argument("--records", metavar="K1,K2,...", help="these records")
    p.add_argument("--first", type=int, metavar="N", help="the first N records of each checklist")
    p.add_argument("--recipient", metavar="R", help="who the package is for (a force, or a team member)")
    p.add_argument("--team", action="store_true", help="a team package: the copy is answered as auditor, round 1")
    p.add_argument("--no-encryption", action="store_true", help="within a team only: write the package unencrypted")
    p.add_argument("--return", dest="return_", action="store_true", help="AUDIT is a working copy: send its answers back")
    add_passphrase(p, required=False)
    add_who(p)

    p = add("unpack", cmd_unpack, "Make a working copy from a review or team package: only its records, answered as "
            "peer, round 2 (team: auditor, round 1).", audit=False)
    p.add_argument("package", metavar="PACKAGE", help="the package file")
    p.add_argument("copy", metavar="COPY", help="the working copy to create (.cdiaudit)")
    add_passphrase(p, required=False)
    add_who(p)

    p = add("merge", cmd_merge, "Merge a return package's answers into the audit it came from, beside the audit's own "
            "(logged as a combination); records already answered differently are held as conflicts.")
    p.add_argument("package", metavar="RETURN", help="the return package")
    add_passphrase(p, required=False)
    add_who(p)

    p = add("conflicts", cmd_conflicts, "List the records merges held as conflicts, or settle one "
            "(--settle RECORD --keep audit|package).")
    p.add_argument("--settle", metavar="RECORD", help="the record whose conflict to settle")
    p.add_argument("--keep", choices=["audit", "package"], help="keep the audit's answers, or take the package's")
    p.add_argument("--package", metavar="ID", help="which package, when several conflict on the record")
    add_who(p)

    p = add("agreement", cmd_agreement, "Agreement between the audit team and the peer reviewers: per question and "
            "overall, pairs compared, percent agreement, Cohen's kappa and Gwet's AC1 with 95 percent intervals, and every "
            "disagreement.")
    p.add_argument("--json", action="store_true", help="print the table as JSON")
