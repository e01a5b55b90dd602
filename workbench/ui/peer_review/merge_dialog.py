"""Opening a package (File › Open… on a .cdipkg) and merging a return package.

``UnpackDialog``: the peer's side. It asks for the passphrase (when the package
is encrypted) and where to save the working copy, then makes it
(``ops.peer_review.unpack``); the app then opens the copy.

``MergeDialog``: the lead's side. It takes a return package and its passphrase
and merges it (``ops.peer_review.merge``): the answers sit beside the audit's
own; records already answered differently are listed as conflicts.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFormLayout, QLabel, QVBoxLayout, QWidget

from workbench.core.audit import Actor
from workbench.ops import peer_review
from workbench.ops.peer_review import PACKAGE_SUFFIX as SUFFIX
from workbench.ops.audits import AUDIT_SUFFIX
from workbench.ui.common import errors, style
from workbench.ui.common.session import Changes, Session
from workbench.ui.common.fields import PassphraseFields, PathField, save_problem

PACKAGE_FILTER = f"Workbench packages (*{SUFFIX})"


def _status_label(parent: QWidget, name: str) -> QLabel:
    label = QLabel("", parent, objectName=name)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    return label


def _run(parent: QWidget, work):
    """Run ``work()`` with a wait cursor (a key derivation takes a moment); None after showing its error."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        return work()
    except Exception as exc:  # a sentence for the user, never a traceback
        errors.show_error(parent, exc)
        return None
    finally:
        QGuiApplication.restoreOverrideCursor()


class UnpackDialog(QDialog):
    """Make a working copy from a package; ``unpacked(path)`` once it exists."""

    unpacked = Signal(object)

    def __init__(self, package: Path, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("unpackDialog")
        self.setWindowTitle("Open a package")
        self.setMinimumWidth(560)
        self.package, self.actor = Path(package), actor
        self.encrypted = peer_review.package_needs_passphrase(self.package)
        self.result = None
        intro = QLabel(f"<b>{html.escape(self.package.name)}</b> is a package of records to review. Opening it makes "
                       "a working copy holding only those records, in which you answer them. Nothing is written "
                       "until the package has been checked.", self)
        intro.setWordWrap(True)
        intro.setObjectName("secondary")
        self.copy = PathField(self.package.with_name(f"{self.package.stem} copy{AUDIT_SUFFIX}"), "Save the working copy",
                              f"Audit files (*{AUDIT_SUFFIX})", save=True, name="copyPath", parent=self)
        self.passphrase = PassphraseFields(new=False, parent=self)
        self.status = _status_label(self, "unpackStatus")
        form = QFormLayout()
        if self.encrypted:
            form.addRow("Passphrase:", self.passphrase)
        else:
            self.passphrase.hide()
        form.addRow("Save the copy as:", self.copy)
        buttons = QDialogButtonBox(self)
        self.open_button = buttons.addButton("Make the copy and open it", QDialogButtonBox.ButtonRole.AcceptRole)
        self.open_button.setObjectName("openButton")
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel).clicked.connect(self.reject)
        self.open_button.clicked.connect(self.make_copy)
        layout = QVBoxLayout(self)
        layout.setSpacing(2 * style.SPACING)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.copy.changed.connect(self._update)
        self.passphrase.changed.connect(self._update)
        self._update()

    def problem(self) -> str | None:
        return (self.passphrase.problem() if self.encrypted else None) or save_problem(self.copy.path(), AUDIT_SUFFIX)

    def _update(self) -> None:
        problem = self.problem()
        self.open_button.setEnabled(problem is None)
        self.status.setText(problem or "")

    def make_copy(self) -> None:
        if self.problem() is not None:
            return
        passphrase = self.passphrase.passphrase() if self.encrypted else None
        self.result = _run(self, lambda: peer_review.unpack(self.package, self.copy.path(), self.actor, passphrase))
        if self.result is not None:
            self.unpacked.emit(self.result.path)
            self.accept()


class MergeDialog(QDialog):
    """Merge a return package into the open audit; ``merged(result)`` once done."""

    merged = Signal(object)

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("mergeDialog")
        self.setWindowTitle("Merge a return package")
        self.setMinimumWidth(560)
        self.session, self.store = session, session.store
        self.result = None
        intro = QLabel("The reviewer's answers are added <b>beside</b> the audit team's, never over them, each with "
                       "who gave it. A package of another audit is refused, and merging a package twice adds "
                       "nothing. The merge is recorded in the audit's log.", self)
        intro.setWordWrap(True)
        intro.setObjectName("secondary")
        self.package = PathField(None, "Choose the return package", PACKAGE_FILTER, save=False, name="returnPath",
                                 parent=self)
        self.passphrase = PassphraseFields(new=False, parent=self)
        self.status = _status_label(self, "mergeStatus")
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.addRow("Return package:", self.package)
        form.addRow("Passphrase:", self.passphrase)
        buttons = QDialogButtonBox(self)
        self.merge_button = buttons.addButton("Merge", QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("mergeButton")
        buttons.addButton(QDialogButtonBox.StandardButton.Close).clicked.connect(self.reject)
        self.merge_button.clicked.connect(self.merge)
        layout = QVBoxLayout(self)
        layout.setSpacing(2 * style.SPACING)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.package.changed.connect(self._update)
        self.passphrase.changed.connect(self._update)
        self._update()

    def _encrypted(self) -> bool | None:
        path = self.package.path()
        if path is None or not path.is_file():
            return None
        try:
            return peer_review.package_needs_passphrase(path)
        except Exception:
            return None

    def problem(self) -> str | None:
        path = self.package.path()
        if path is None:
            return "Choose the return package."
        encrypted = self._encrypted()
        if encrypted is None:
            return f"{path.name} is not a workbench package." if path.is_file() else f"{path} does not exist."
        return self.passphrase.problem() if encrypted else None

    def _update(self) -> None:
        problem = self.problem()
        self.passphrase.setEnabled(self._encrypted() is not False)
        self.merge_button.setEnabled(problem is None)
        self.status.setText(problem or "")

    def merge(self) -> None:
        if self.problem() is not None:
            return
        passphrase = self.passphrase.passphrase() if self._encrypted() else None
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)   # the key derivation takes a moment
        try:  # answers and users arrive, conflicts may be held: every view re-reads
            result = self.session.run(Changes(queue=True), peer_review.merge, self.store, self.session.actor,
                                      self.package.path(), passphrase, parent=self)
        finally:
            QGuiApplication.restoreOverrideCursor()
        if result is None:
            return
        self.result = result
        self.status.setText(merge_words(result))
        self.merge_button.setEnabled(False)
        self.merged.emit(result)


def merge_words(result: peer_review.MergeResult) -> str:
    """What a merge did, in words."""
    if result.already_merged:
        return "This package was merged already: nothing was added."
    text = (f"Merged {result.sender}'s answers: {result.answers_added} answer(s) to {result.records_added} record(s), "
            f"beside the audit's own.")
    if result.unchanged:
        text += f" {result.unchanged} record(s) already had the same answers."
    if result.conflicts:
        text += (f"\n{len(result.conflicts)} record(s) already had different answers and are held as conflicts for you "
                 f"to settle: {', '.join(result.conflicts[:12])}" + (" …" if len(result.conflicts) > 12 else ""))
    return text
