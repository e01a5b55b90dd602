"""What every command shares: who is acting, opening the audit, exit codes, safe output.

Commands live in modules of their own (``audit_commands``, ``data_commands``, ...),
each with a ``register(add)`` that adds its sub-commands through ``add`` (see
``workbench.cli.build_parser``): a new command is a new function in one module.
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from workbench.core.audit import Actor, Role

EXIT_OK, EXIT_FAILED, EXIT_ERROR = 0, 1, 2

#: C0 and C1 control characters other than tab and newline, and the escape that
#: starts a terminal sequence: never printed raw (a file could move the cursor,
#: retitle the terminal or hide text).
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class AddCommand(Protocol):
    def __call__(self, name: str, func: Callable[[argparse.Namespace], int], help_text: str,
                 audit: bool = True) -> argparse.ArgumentParser: ...


def actor(args: argparse.Namespace) -> Actor:
    """Who is acting: ``--as``, else ``$WORKBENCH_USER``, else the login name."""
    name = getattr(args, "as_name", None) or os.environ.get("WORKBENCH_USER") or getpass.getuser()
    return Actor(name, Role(getattr(args, "role", None) or "auditor"))


def open_store(args: argparse.Namespace, check: bool = True):
    """The audit named by ``args.audit``, checked (and migrated after a backup if older).

    ``check`` False leaves out SQLite's full integrity check (``ops.audits.open_audit``),
    for a command that only reads or that makes the check itself.
    """
    from workbench.ops.audits import open_audit

    return open_audit(Path(args.audit), check=check)


def add_who(p: argparse.ArgumentParser, required: bool = False) -> None:
    """The ``--as NAME`` option of a command that changes an audit."""
    p.add_argument("--as", dest="as_name", metavar="NAME", required=required,
                   help="who is doing this (stamped on every event)" + ("" if required else "; default $WORKBENCH_USER or your login"))


def printable(text: object) -> str:
    """``text`` safe for a terminal: control characters shown as ``\\xNN``, never sent raw."""
    return _UNPRINTABLE.sub(lambda m: f"\\x{ord(m.group()):02x}", str(text))
