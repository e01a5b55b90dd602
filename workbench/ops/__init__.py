"""Use cases shared by the command line and the GUI. Qt-free.

Each operation takes an open ``AuditStore`` (or a path) and an ``Actor`` and either
completes whole, with its events, or raises a typed error and changes nothing.
"""

from collections.abc import Callable
from typing import TypeVar

F = TypeVar("F", bound=Callable)


def changes_audit(fn: F) -> F:
    """Mark an operation that changes an audit.

    The window runs these only through its operation runner (``ui.common.session``),
    never by calling them itself: ``tests/ui/test_one_way_in.py`` checks every module
    under ``workbench/ui``.
    """
    fn.changes_audit = True  # type: ignore[attr-defined]
    return fn
