"""The agreement view: per question and overall, the pairs compared, percent agreement, kappa and AC1.

``AgreementModel`` is a thin table model over ``core.agreement.AgreementTable``
rows; ``AgreementDialog`` shows it with the disagreements and the notes that say
how each interval is computed (``ops.agreement``).
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QDialog, QDialogButtonBox, QHeaderView, QLabel, QListWidget, QSplitter, QTableView, QVBoxLayout, QWidget,
)

from workbench.core.agreement import AgreementRow, AgreementTable
from workbench.ops.agreement import agreement
from workbench.store.audit_store import AuditStore
from workbench.ui.common import style
from workbench.ui.common.text import form_label

COLUMNS = ("Checklist", "Question", "Pairs", "Agreement (95% CI)", "Cohen's kappa (95% CI)", "Gwet's AC1 (95% CI)")
_Index = QModelIndex | QPersistentModelIndex


def coefficient_text(estimate) -> str:
    if estimate is None:
        return "–"
    return f"{estimate.value:.2f}  ({estimate.low:.2f} to {estimate.high:.2f})"


def percent_text(row: AgreementRow) -> str:
    interval = row.percent_interval
    if interval is None:
        return "–"
    return f"{row.percent:.1f}%  ({interval.low * 100:.1f} to {interval.high * 100:.1f})"


class AgreementModel(QAbstractTableModel):
    """The agreement table's rows: all questions and the record verdict (the headline), then each question."""

    def __init__(self, table: AgreementTable, parent=None):
        super().__init__(parent)
        self.rows = [table.overall, table.verdict, *table.rows]
        self.summary_rows = 2

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            checklist = form_label(row.form_id) if row.form_id else "All checklists"
            return (checklist, row.label, str(row.pairs), percent_text(row), coefficient_text(row.kappa),
                    coefficient_text(row.ac1))[index.column()]
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() >= 2:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and index.row() < self.summary_rows:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            return font
        return None


class AgreementDialog(QDialog):
    """The audit's agreement table, its disagreements and the notes on method."""

    def __init__(self, store: AuditStore, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("agreementDialog")
        self.setWindowTitle("Agreement between the audit team and the peer reviewers")
        self.resize(1080, 640)
        self.table_data = agreement(store)
        self.model = AgreementModel(self.table_data, self)
        self.table = style.calm_table(QTableView(self, objectName="agreementTable"))
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.disagreements = QListWidget(self, objectName="disagreements")
        for d in self.table_data.disagreements:
            where = f"{d.question} (#{d.instance})" if d.instance else d.question
            self.disagreements.addItem(f"{d.record} ({form_label(d.form_id)}) — {where}: auditor {d.first or '(no answer)'}, "
                                       f"peer {d.second or '(no answer)'}")
        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(f"Disagreements ({len(self.table_data.disagreements)}); the queue's “Peer disagrees” "
                         "filter opens these records", lower, objectName="sectionTitle")
        lower_layout.addWidget(heading)
        lower_layout.addWidget(self.disagreements)
        notes = QLabel("\n".join(f"• {n}" for n in self.table_data.notes), lower, objectName="secondary")
        notes.setWordWrap(True)
        notes.setTextFormat(Qt.TextFormat.PlainText)
        lower_layout.addWidget(notes)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(lower)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setSizes([440, 260])
        empty = QLabel("No record has been answered by both the audit team and a peer reviewer yet: merge a return "
                       "package first (File › Merge a return package…).", self, objectName="hint")
        empty.setWordWrap(True)
        empty.setVisible(self.table_data.overall.pairs == 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(style.SPACING)
        layout.addWidget(empty)
        layout.addWidget(split, 1)
        layout.addWidget(buttons)
