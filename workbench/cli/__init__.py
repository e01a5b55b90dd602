"""The ``workbench`` command line: thin argument parsing over ``workbench.ops``.

Each module here registers a group of commands (``register(add)``); this one builds
the parser from them, routes a bare audit file or ``--demo`` to the review window,
and turns every error into a sentence and an exit status.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from workbench import __version__
from workbench.cli import (
    audit_commands, data_commands, fcr_commands, findings_commands, forms_commands, peer_commands, profile_commands,
    sample_commands, settings_commands, trend_commands,
)
from workbench.cli.common import EXIT_ERROR, EXIT_OK, printable
from workbench.core.errors import InputRejected, WorkbenchError

#: The command groups, in the order ``workbench --help`` lists them.
COMMAND_MODULES = (audit_commands, settings_commands, data_commands, profile_commands, sample_commands, findings_commands,
                   trend_commands, fcr_commands, peer_commands, forms_commands)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        usage="workbench [AUDIT | --demo]  (the review window)\n       workbench COMMAND ...",
        description="Crime data integrity dip-sampling workbench: audit files, checklists, answers. "
        "With no arguments, an audit file, or --demo, it opens the review window.",
        epilog="Run 'workbench COMMAND --help' for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument("--self-check", action="store_true",
                        help="check this installation: build, answer, export, package, sign and verify a throw-away "
                        "audit in a temporary folder, and open the window on it; one line of result, exit 1 on failure")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add(name: str, func: Callable[[argparse.Namespace], int], help_text: str, audit: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        if audit:
            p.add_argument("audit", metavar="AUDIT", help="the audit file (.cdiaudit)")
        p.set_defaults(func=func)
        return p

    for module in COMMAND_MODULES:
        module.register(add)
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
    if args.self_check:
        from workbench.cli import self_check

        return self_check.run()
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_OK
    try:
        return args.func(args)
    except InputRejected as exc:
        for note in exc.notes:
            print(printable(note), file=sys.stderr)
        print(printable(f"{exc.what}: rejected, nothing was changed. {len(exc.problems)} problem(s):"), file=sys.stderr)
        for problem in exc.problems[:200]:
            print(printable(f"  - {problem}"), file=sys.stderr)
        if len(exc.problems) > 200:
            print(f"  ... and {len(exc.problems) - 200} more", file=sys.stderr)
        return EXIT_ERROR
    except WorkbenchError as exc:
        print(printable(f"error: {exc}"), file=sys.stderr)
        return EXIT_ERROR
    except KeyboardInterrupt:
        print("interrupted; nothing half-written was kept.", file=sys.stderr)
        return 130
    except OSError as exc:
        print(printable(f"error: {exc.strerror or exc} ({exc.filename or ''})"), file=sys.stderr)
        return EXIT_ERROR
    except (SystemExit, GeneratorExit):
        raise
    except BaseException as exc:  # the last line of defence: never a traceback for a user
        # (BaseException: a Rust panic inside a library arrives as pyo3's PanicException)
        if os.environ.get("WORKBENCH_DEBUG"):
            raise
        print(f"internal error ({type(exc).__name__}); nothing half-written was kept. "
              "Set WORKBENCH_DEBUG=1 and run again to see the details for a bug report.", file=sys.stderr)
        return EXIT_ERROR
