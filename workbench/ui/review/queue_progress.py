"""Progress under the record queue: "412 of 1,200 complete", overall and per checklist.

The counts are the queue model's (the whole audit, whatever the filter).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QProgressBar, QToolButton, QVBoxLayout, QWidget

from workbench.ui.common import style
from workbench.ui.common.text import count, form_label

if TYPE_CHECKING:
    from workbench.ui.review.queue_model import RecordQueueModel


class ProgressPanel(QWidget):
    """Progress overall and per checklist: "412 of 1,200 complete"."""

    def __init__(self, model: RecordQueueModel, parent: QWidget | None = None):
        super().__init__(parent)
        self.model = model
        self.overall_label = QLabel()
        self.overall_bar = _bar()
        self.toggle = QToolButton(text="By checklist", checkable=True, autoRaise=True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.toggle.setAccessibleName("Progress by checklist")
        self.toggle.setToolTip("Show how many records of each checklist are complete")
        self.toggle.toggled.connect(self._expand)
        self.details = QWidget()
        self.grid = QGridLayout(self.details)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(style.SPACING)
        self.grid.setVerticalSpacing(4)
        self.details.hide()
        self.rows: dict[str, tuple[QLabel, QProgressBar, QLabel]] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        head = QHBoxLayout()
        head.addWidget(self.overall_label, 1)
        head.addWidget(self.toggle)
        layout.addLayout(head)
        layout.addWidget(self.overall_bar)
        layout.addWidget(self.details)

    def _expand(self, on: bool) -> None:
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.details.setVisible(on)

    def update_counts(self) -> None:
        counts = self.model.counts()
        by_form: dict[str, list[int]] = {}
        for (form_id, progress), n in counts.items():
            done_total = by_form.setdefault(form_id, [0, 0])
            done_total[1] += n
            if progress == "complete":
                done_total[0] += n
        done = sum(d for d, _ in by_form.values())
        total = sum(t for _, t in by_form.values())
        text = f"{count(done)} of {count(total)} complete"
        self.overall_label.setText(f"<b>Overall</b> &nbsp;{text}")
        _fill(self.overall_bar, done, total, "Overall: " + text)
        for form_id in sorted(by_form, key=form_label):
            if form_id not in self.rows:
                row = len(self.rows)
                name, bar, figures = QLabel(form_label(form_id)), _bar(), QLabel(objectName="secondary")
                name.setTextFormat(Qt.TextFormat.PlainText)
                name.setToolTip(style.plain_tooltip(self.model.titles.get(form_id, form_id)))
                figures.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.grid.addWidget(name, row, 0)
                self.grid.addWidget(bar, row, 1)
                self.grid.addWidget(figures, row, 2)
                self.rows[form_id] = (name, bar, figures)
            name, bar, figures = self.rows[form_id]
            d, t = by_form[form_id]
            figures.setText(f"{count(d)} of {count(t)} complete")
            _fill(bar, d, t, f"{form_label(form_id)}: {count(d)} of {count(t)} complete")
        self.grid.setColumnStretch(1, 1)


def _bar() -> QProgressBar:
    bar = QProgressBar(textVisible=False)
    bar.setFixedHeight(6)
    return bar


def _fill(bar: QProgressBar, done: int, total: int, description: str) -> None:
    bar.setRange(0, max(total, 1))
    bar.setValue(done)
    bar.setAccessibleName(description)
    bar.setToolTip(description)
