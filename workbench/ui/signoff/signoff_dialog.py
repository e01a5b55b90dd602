"""The FCR signs the findings off (and reopens a signed-off audit), in the window.

Signing asks for the key's passphrase again (a signature is a deliberate act, after
21 CFR Part 11), shows what is signed and what it means, and on the FCR's first
sign-off makes the signing key (its public half to hand to anyone who checks the
sign-off). Both run as operations of the session: the audit is then locked, or
unlocked with its signature void.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QVBoxLayout, QWidget,
)

from workbench.core.signoff import MEANING
from workbench.ops import keys
from workbench.ops.signoff import own_work, reopen, sign_off, status
from workbench.ui.common import style
from workbench.ui.common.errors import show_error
from workbench.ui.common.fields import PassphraseFields, PathField
from workbench.ui.common.session import Changes, Session

SIGNED = Changes(settings=True, queue=True)


class SignOffDialog(QDialog):
    """Sign the open audit's findings off with the FCR's key."""

    def __init__(self, session: Session, key_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("signOffDialog")
        self.setWindowTitle("Sign off the findings")
        store = session.store
        self.key = PathField(key_path, "Signing key", "Signing keys (*.key);;All files (*)", save=False,
                             name="signingKey", parent=self)
        self.key.changed.connect(self._update)
        title = QLabel("Sign off the findings", objectName="recordKey")
        self.summary = QLabel(self._summary(), wordWrap=True, objectName="signOffSummary")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        meaning = QLabel(f"“{MEANING}”", objectName="signOffMeaning", wordWrap=True)
        meaning.setStyleSheet("font-size: 12pt; font-weight: 600;")
        who = QLabel(f"Signed as {session.actor.name}, Force Crime Registrar" +
                     (f", {session.actor.force}" if session.actor.force else "") + ", with today's date and time.",
                     wordWrap=True, objectName="secondary")
        who.setTextFormat(Qt.TextFormat.PlainText)
        self.key_note = QLabel("", wordWrap=True, objectName="hint")
        self.key_note.setTextFormat(Qt.TextFormat.PlainText)
        self.new_passphrase = PassphraseFields(new=True, parent=self,
                                               advice="keep it to yourself: it is asked for every time you sign.")
        self.passphrase = PassphraseFields(new=False, parent=self)
        for fields in (self.new_passphrase, self.passphrase):
            fields.changed.connect(self._update)
        self.own_work = QPlainTextEdit(objectName="ownWorkReason")
        self.own_work.setAccessibleName("Why you sign work you answered yourself")
        self.own_work.setPlaceholderText("You answered records of this audit as an auditor: say why you sign it yourself")
        self.own_work.setFixedHeight(56)
        self.own_work.setTabChangesFocus(True)
        self.own_work.textChanged.connect(self._update)
        self.own_work.setVisible(own_work(store, session.actor))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.sign_button = self.buttons.addButton("&Sign off", QDialogButtonBox.ButtonRole.AcceptRole)
        self.sign_button.setObjectName("signOffButton")
        self.sign_button.clicked.connect(self.sign)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * style.SPACING, 3 * style.SPACING, 3 * style.SPACING, 2 * style.SPACING)
        layout.setSpacing(style.SPACING)
        layout.addWidget(title)
        layout.addWidget(self.summary)
        layout.addSpacing(style.SPACING)
        layout.addWidget(meaning)
        layout.addWidget(who)
        layout.addSpacing(style.SPACING)
        layout.addWidget(QLabel("Your signing key", objectName="questionLabel"))
        layout.addWidget(self.key)
        layout.addWidget(self.key_note)
        layout.addWidget(self.new_passphrase)
        layout.addWidget(self.passphrase)
        layout.addWidget(self.own_work)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(680)
        self._update()

    def _summary(self) -> str:
        store = self.session.store
        counts = store.progress_counts()
        total = sum(sum(c.values()) for c in counts.values())
        complete = sum(c.get("complete", 0) for c in counts.values())
        flags = len(store.flags())
        determined = len(store.determinations())
        decided = {0: "no record was", 1: "1 record was"}.get(determined, f"{determined} records were")
        lines = [f"The findings of '{store.settings().title}': {complete} of {total} records are complete "
                 f"({total - complete} are left out of the findings), and {decided} determined by the FCR."]
        if flags:
            lines.append(f"{flags} record(s) are still flagged for the FCR: settle them first unless you mean to sign with them open.")
        lines.append("Once signed, the audit is locked: nothing can be changed until the FCR reopens it with a reason, "
                     "which voids the signature.")
        return "\n\n".join(lines)

    def _key_exists(self) -> bool:
        path = self.key.path()
        return path is not None and path.is_file()

    def _update(self) -> None:
        exists = self._key_exists()
        self.new_passphrase.setVisible(not exists)
        self.passphrase.setVisible(exists)
        self.key_note.setText(
            "The passphrase of this key, again: signing is a deliberate act." if exists else
            "You have no signing key here yet: one is made now, with its public half beside it (…key.pub) "
            "to give to anyone who checks your sign-off.")
        fields = self.passphrase if exists else self.new_passphrase
        reason_needed = self.own_work.isVisible() and not self.own_work.toPlainText().strip()
        self.sign_button.setEnabled(self.key.path() is not None and fields.problem() is None and not reason_needed)

    def sign(self) -> None:
        key = self.key.path()
        if not self._key_exists():
            try:
                key.parent.mkdir(parents=True, exist_ok=True)
                made = keys.new_key(key, self.session.actor.name, self.new_passphrase.passphrase())
            except Exception as exc:   # a passphrase refused, a folder not writable: say so, keep the dialog
                show_error(self, exc)
                return
            self.created = made
            passphrase = self.new_passphrase.passphrase()
        else:
            passphrase = self.passphrase.passphrase()
        failure: list[BaseException] = []
        manifest = self.session.run(SIGNED, sign_off, self.session.store, self.session.actor, key, passphrase,
                                    self.own_work.toPlainText(), on_error=failure.append)
        if failure:
            show_error(self, failure[0])
            return
        self.manifest = manifest
        self.accept()


class ReopenDialog(QDialog):
    """Reopen a signed-off audit: the FCR says why; the signature becomes void."""

    def __init__(self, session: Session, parent: QWidget | None = None):
        super().__init__(parent)
        self.session = session
        self.setObjectName("reopenDialog")
        self.setWindowTitle("Reopen the audit")
        intro = QLabel(f"{status(session.store).words}. Reopening unlocks it for changes and makes that signature void: "
                       "every export from now on says so. Say why; the reason is logged.", wordWrap=True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.reason = QPlainTextEdit(objectName="reopenReason")
        self.reason.setAccessibleName("Why the audit is reopened")
        self.reason.setPlaceholderText("e.g. A determination on INC-2024-0123 was wrong and must be corrected.")
        self.reason.setTabChangesFocus(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.reopen_button = self.buttons.addButton("&Reopen", QDialogButtonBox.ButtonRole.AcceptRole)
        self.reopen_button.setEnabled(False)
        self.reason.textChanged.connect(lambda: self.reopen_button.setEnabled(bool(self.reason.toPlainText().strip())))
        self.reopen_button.clicked.connect(self.reopen)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.reason)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(520)

    def reopen(self) -> None:
        failure: list[BaseException] = []
        self.session.run(SIGNED, reopen, self.session.store, self.session.actor, self.reason.toPlainText(),
                         on_error=failure.append)
        if failure:
            show_error(self, failure[0])
            return
        self.accept()
