"""``workbench --self-check``: run ``ops.self_check`` and the window's step, say the result in one line."""

from __future__ import annotations

import os
import platform
import sys

from workbench import __version__
from workbench.cli.common import EXIT_FAILED, EXIT_OK, printable


def _window_step(ws) -> None:
    # PySide6 is imported only now, through the ui (cli sits above it)
    from workbench.ui.shell.self_check import open_window

    open_window(ws)


WINDOW_STEP = ("open the review window on the audit", _window_step)


def where() -> str:
    """Which workbench ran: frozen bundle or source, on which Python and system."""
    kind = "frozen bundle" if getattr(sys, "frozen", False) else "from source"
    return f"workbench {__version__}, {kind}, Python {platform.python_version()}, {platform.system()} {platform.machine()}"


def run() -> int:
    """Run the self-check; one line of result; exit 0 when every step passed, else 1."""
    from workbench.ops.self_check import run_self_check

    result = run_self_check(extra=[WINDOW_STEP])
    if os.environ.get("WORKBENCH_DEBUG"):  # each step's time, for a slow machine's bug report
        for number, (words, seconds) in enumerate(result.timings, 1):
            print(f"  {number}. {words}: {seconds:.2f} s", file=sys.stderr)
    if result.ok:
        print(f"self-check: OK, {result.steps} steps in {result.seconds:.1f} s ({where()})")
        return EXIT_OK
    print(printable(f"self-check: FAILED at step {result.done + 1} of {result.steps}, {result.failed_step}: "
                    f"{result.error} (after {result.seconds:.1f} s; {where()})"))
    return EXIT_FAILED
