"""Audit › Verify: ``workbench verify``'s check of the open audit, run off the UI thread.

It only reads (a connection of its own, ``ops.audits.with_audit``), so it runs on the
session's ``JobRunner`` rather than as an operation; the result is said in a message
box, with every problem listed, as the command line lists them.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.ops.audits import verify_audit, with_audit
from workbench.ui.common import errors
from workbench.ui.common.session import Session


def verify_words(report, name: str) -> tuple[bool, str, list[str]]:
    """``(ok, sentence, problems)``: the words of ``workbench verify`` for ``report``."""
    if report.ok:
        return True, f"{name} is intact: {report.events:,} events chain correctly and match the audit's contents.", []
    return False, f"{name} does not match its event log ({len(report.problems)} problem(s)):", list(report.problems)


def verify_open_audit(session: Session, parent: QWidget, said: Callable[[QMessageBox], None] | None = None) -> None:
    """Verify ``session``'s audit on a worker; say the result over ``parent`` (``said`` gets the box)."""
    name = session.path.name

    def done(report) -> None:
        ok, sentence, problems = verify_words(report, name)
        icon = QMessageBox.Icon.Information if ok else QMessageBox.Icon.Critical
        box = errors.message_box(parent, "Verified" if ok else "Verify failed", sentence, problems, icon)
        box.setObjectName("verifyResult")
        if said is not None:
            said(box)

    session.jobs.run(with_audit, session.path, verify_audit, on_done=done, progress_dialog_parent=parent,
                     title="Verifying the audit…", cancellable=False)
