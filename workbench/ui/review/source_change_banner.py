"""The record pane's banner for a record whose source changed after it was answered.

A later import brought other values for a record already answered: the record
keeps the values it was reviewed on, and this banner says so, with each changed
field's old and new value, so the auditor can decide whether the answers still
hold. The values are the force's text: every one is escaped.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QVBoxLayout

from workbench.ops.record_insights import SourceChange
from workbench.ui.common import style
from workbench.ui.common.text import field_label
from workbench.ui.review.wrap_label import WrapLabel

SHOWN_CHARS = 280   # of a long value (a narrative): enough to see what changed; the rest is elided
CONTEXT_CHARS = 60  # of unchanged text around a change in a long value
SHOWN_FIELDS = 8


class SourceChangeBanner(QFrame):
    """"Source changed since review", and old and new value per changed field."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("banner")
        self.setProperty("tone", "warning")
        self.text = WrapLabel(objectName="bannerText")
        self.text.setTextFormat(Qt.TextFormat.RichText)   # every value in it is escaped
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
        rows = "".join(_row(c.name, *excerpts(c.old, c.new)) for c in change.changes[:SHOWN_FIELDS])
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


def _row(name: str, old: str, new: str) -> str:
    return (f"<tr><td style='padding:2px 12px 2px 0; color:{style.SECONDARY}'>{html.escape(field_label(name))}</td>"
            f"<td style='padding:2px 12px 2px 0; color:{style.SECONDARY}'>{_shown(old)}</td>"
            f"<td style='padding:2px 0'>{_shown(new)}</td></tr>")


def excerpts(old: str, new: str, context: int = CONTEXT_CHARS) -> tuple[str, str]:
    """The part of two long values that differs, with a little of what surrounds it.

    Short values come whole; in a long one (a narrative with a line added at the
    end) the text both share before and after the change is cut to ``context``
    characters and marked with an ellipsis, so the change itself is what shows.
    """
    if len(old) <= SHOWN_CHARS and len(new) <= SHOWN_CHARS:
        return old, new
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    def cut(text: str) -> str:
        begin, finish = max(0, start - context), len(text) - max(0, end - context)
        if begin:   # from the start of a word
            breaks = [i for i in (text.find(" ", begin, start), text.find("\n", begin, start)) if i >= 0]
            begin = min(breaks) + 1 if breaks else begin
        middle = text[begin:finish]
        if len(middle) > SHOWN_CHARS:
            middle = middle[:SHOWN_CHARS] + "…"
        return ("…" if begin else "") + middle + ("…" if finish < len(text) else "")
    return cut(old), cut(new)


def _shown(value: str) -> str:
    if not value:
        return "<i>(blank)</i>"
    return html.escape(value).replace("\n", "<br>")
