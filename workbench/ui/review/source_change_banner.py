"""The record pane's banner for a record whose source changed after it was answered.

A later import brought other values for a record already answered: the record
keeps the values it was reviewed on, and this banner says so, with each changed
field's old and new value, so the auditor can decide whether the answers still
hold. The values are the force's text: every one is escaped.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from workbench.ops.record_insights import SourceChange
from workbench.ui.common import style
from workbench.ui.common.text import field_label

SHOWN_CHARS = 280   # of a long value (a narrative): enough to see what changed; the rest is elided
SHOWN_FIELDS = 8


class SourceChangeBanner(QFrame):
    """"Source changed since review", and old and new value per changed field."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setProperty("tone", "warning")
        self.text = QLabel(objectName="bannerText")
        self.text.setTextFormat(Qt.TextFormat.RichText)   # every value in it is escaped
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.SPACING + 4, style.SPACING, style.SPACING + 4, style.SPACING)
        layout.addWidget(self.text)
        self.setAccessibleName("Source changed since review")
        self.hide()

    def show_change(self, change: SourceChange | None) -> None:
        if change is None:
            self.hide()
            return
        pending = change.pending
        where = f"{html.escape(pending.file_name)}" + (f", row {pending.source_row}" if pending.source_row else "")
        when = pending.noted_at[:10]
        rows = "".join(
            f"<tr><td style='padding:2px 12px 2px 0; color:{style.SECONDARY}'>{html.escape(field_label(c.name))}</td>"
            f"<td style='padding:2px 12px 2px 0'><s>{_shown(c.old)}</s></td><td style='padding:2px 0'>{_shown(c.new)}</td></tr>"
            for c in change.changes[:SHOWN_FIELDS])
        more = len(change.changes) - SHOWN_FIELDS
        self.text.setText(
            f"<b>⚠ Source changed since review.</b> {where} (imported {when} by {html.escape(pending.noted_by)}) has "
            f"different values for this record. The record keeps the values it was answered on; check whether the "
            f"change matters to the answers."
            f"<table style='margin-top:6px'><tr><th align='left'>Field</th><th align='left'>Was</th>"
            f"<th align='left'>Now</th></tr>{rows}</table>"
            + (f"<p>… and {more} more field(s).</p>" if more > 0 else ""))
        self.setAccessibleDescription(
            f"{len(change.changes)} field(s) differ: " + ", ".join(field_label(c.name) for c in change.changes))
        self.show()


def _shown(value: str) -> str:
    if not value:
        return "<i>(blank)</i>"
    text = value if len(value) <= SHOWN_CHARS else value[:SHOWN_CHARS] + "…"
    return html.escape(text).replace("\n", "<br>")
