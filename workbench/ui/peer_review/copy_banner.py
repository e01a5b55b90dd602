"""The banner a working copy shows: whose audit it came from, and how its answers are given."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from workbench.store.audit_store import AuditStore

TITLE_SUFFIX = {"review": "peer review copy", "team": "team work copy"}


def copy_title(store: AuditStore) -> str | None:
    """What the window title adds for a working copy ("peer review copy"), or None."""
    info = store.copy_info()
    return None if info is None else TITLE_SUFFIX.get(info.kind, "working copy")


def copy_banner_text(store: AuditStore) -> str | None:
    """The banner's sentence for a working copy, or None for an ordinary audit."""
    info = store.copy_info()
    if info is None:
        return None
    if info.kind == "review":
        return (f"Peer review copy from {info.sender}: only the records sent for review, answered blind as peer "
                f"reviewer (round {info.review_round}). The home force's answers and findings are not in this file. "
                "When you are done, use File › Send back to the audit lead.")
    return (f"Team work copy from {info.sender}: answer these records as auditor; when you are done, "
            "File › Send back to the audit lead.")


class CopyBanner(QFrame):
    """A line across the top of the window of a working copy (hidden for an ordinary audit)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setProperty("tone", "info")
        self.label = QLabel("", self, objectName="copyBanner")
        self.label.setTextFormat(Qt.TextFormat.PlainText)   # the sender's name is user text
        self.label.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 6, 12, 6)
        layout.addWidget(self.label)
        self.hide()

    def show_for(self, store: AuditStore) -> None:
        text = copy_banner_text(store)
        self.label.setText(text or "")
        self.setVisible(text is not None)
