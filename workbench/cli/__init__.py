"""The ``workbench`` command line: thin argument parsing over ``workbench.ops``.

Each module here registers a group of commands (``register(add)``); this one builds
the parser from them, routes a bare audit file or ``--demo`` to the review window,
and turns every error into a sentence and an exit status.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from workbench import __version__
from workbench.cli.common import EXIT_ERROR, EXIT_OK, printable
from workbench.core.errors import InputRejected, WorkbenchError

#: The command groups (modules of this package), in the order ``workbench --help`` lists them, each with the
#: commands its ``register`` adds: running one command imports and builds only its own group, not every
#: command's dependencies (``workbench status`` at 100,000 records is mostly start-up). tests/test_cli.py
#: checks each list against what its module registers.
COMMAND_MODULES: dict[str, tuple[str, ...]] = {
    "audit_commands": ("new", "status", "log", "flag", "verify", "backup", "demo"),
    "settings_commands": ("populations",),
    "data_commands": ("import", "answers"),
    "profile_commands": ("profiles",),
    "sample_commands": ("sample", "sample-size"),
    "findings_commands": ("findings", "export"),
    "trend_commands": ("compare",),
    "fcr_commands": ("determine", "signoff", "verify-export", "reopen"),
    "peer_commands": ("key", "package", "unpack", "merge", "conflicts", "agreement"),
    "forms_commands": ("forms",),
}


def command_module(name: str):
    """The module of this package named ``name`` (one of ``COMMAND_MODULES``), imported now."""
    return importlib.import_module(f"{__name__}.{name}")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line's parser; with ``command`` (one of the commands), only that command's group
    is imported and added (every other command is then unknown to it)."""
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

    for module, commands in COMMAND_MODULES.items():
        if command is None or command in commands:
            command_module(module).register(add)
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


def _gui_request(argv: Sequence[str]) -> tuple[Path | None, bool] | None:
    """``(audit, demo)`` when the arguments ask for the window, else None (a command)."""
    if not argv:
        return None, False
    if list(argv) == ["--demo"]:
        return None, True
    if len(argv) == 1 and _command_named(argv) is None and not argv[0].startswith("-") and Path(argv[0]).is_file():
        return Path(argv[0]), False
    return None


def _command_named(argv: Sequence[str]) -> str | None:
    """The command the arguments run, if they start with one (else None: the whole parser is needed)."""
    if argv and any(argv[0] in commands for commands in COMMAND_MODULES.values()):
        return argv[0]
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line, or open the review window; returns the exit status.

    No arguments, ``--demo``, or an audit file as the only argument open the window.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    gui = _gui_request(argv)
    if gui is not None:
        return run_gui(*gui)
    parser = build_parser(_command_named(argv))
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
