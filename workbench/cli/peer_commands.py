"""Commands for peer review and team work: keys, packages, unpacking, merging, agreement."""

from __future__ import annotations

import argparse
from pathlib import Path

from workbench.cli.common import EXIT_OK, AddCommand, printable
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


def register(add: AddCommand) -> None:
    p = add("key", cmd_key, "Make an FCR's Ed25519 signing key (key new KEY --as NAME --passphrase-file F: writes KEY and "
            "KEY.pub), or show a public key's holder and fingerprint (key show KEY.pub).", audit=False)
    p.add_argument("action", choices=["new", "show"], help="new: make a key pair; show: a public key's fingerprint")
    p.add_argument("key", metavar="KEY", help="the private key file to write (new) or the .pub file to read (show)")
    p.add_argument("--as", dest="as_name", metavar="NAME", help="whose key it is (printed beside every signature)")
    add_passphrase(p, required=False)
