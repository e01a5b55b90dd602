"""View › Trend…: the open audit's overall recording rate beside earlier audits', with reference lines.

The user adds the audit files to compare and types reference lines (a label and a
percentage: the last inspection, the national figure). ``ops.trend.compare_audits``
reads each audit on a connection of its own off the UI thread (the open audit
included, as a file: nothing here writes), and the dialog shows the Trend section
of the findings layout (``core.trend_section``): the chart, the sentences that say
whether each change is larger than chance would give, and the table. The same
section goes into the exports with ``workbench export --compare``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QFileDialog, QFrame, QHBoxLayout, QHeaderView, QLabel, QListWidget,
    QPushButton, QScrollArea, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from workbench.core.findings_layout import Chart, Paragraphs, Table
from workbench.core.trend import Reference, TrendInputError, parse_reference
from workbench.core.trend_section import trend_section
from workbench.ops.trend import compare_audits
from workbench.ui.common import style
from workbench.ui.common.jobs import JobRunner
from workbench.ui.trend.trend_chart import TrendChart

#: How long after an edit the trend is computed again (milliseconds).
DEBOUNCE_MS = 300


def _compare(paths: list[Path], references: list[Reference], progress=None):
    return trend_section(compare_audits(paths, references))


class TrendDialog(QDialog):
    """The trend of the open audit (``path``) and the audits the user adds."""

    def __init__(self, path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trendDialog")
        self.setWindowTitle("Trend across audit periods")
        self.resize(1180, 700)
        self.path = Path(path)
        self.section = None
        self.runner = JobRunner(self)
        self.timer = QTimer(self, singleShot=True, interval=DEBOUNCE_MS)
        self.timer.timeout.connect(self.recompute)
        self.problem = QLabel("", self, objectName="hint")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        body = QHBoxLayout()
        body.setSpacing(2 * style.SPACING)
        body.addLayout(self._inputs(), 0)
        body.addWidget(self._results(), 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setSpacing(style.SPACING)
        layout.addWidget(self.problem)
        layout.addLayout(body, 1)
        layout.addWidget(buttons)
        self.recompute()

    # -- the inputs: audits and reference lines ------------------------------------------------
    def _inputs(self) -> QVBoxLayout:
        column = QVBoxLayout()
        column.addWidget(QLabel("Audits compared", self, objectName="sectionTitle"))
        self.audits = QListWidget(self, objectName="trendAudits")
        self.audits.setAccessibleName("Audits compared")
        self.audits.setFixedWidth(320)
        self.audits.addItem(f"{self.path.name} (this audit)")
        self.audits.item(0).setToolTip(style.plain_tooltip(str(self.path)))
        column.addWidget(self.audits, 1)
        row = QHBoxLayout()
        self.add_audits = QPushButton("Add audits…", self)
        self.add_audits.clicked.connect(self.choose_audits)
        self.remove_audit = QPushButton("Remove", self)
        self.remove_audit.clicked.connect(self.remove_selected_audit)
        row.addWidget(self.add_audits)
        row.addWidget(self.remove_audit)
        row.addStretch(1)
        column.addLayout(row)
        column.addSpacing(style.SPACING)
        column.addWidget(QLabel("Reference lines", self, objectName="sectionTitle"))
        hint = QLabel("A label and a percentage, e.g. the force's last inspection 84.1, the national figure 87.7.",
                      self, objectName="secondary")
        hint.setWordWrap(True)
        hint.setFixedWidth(320)
        column.addWidget(hint)
        self.references = style.calm_table(QTableWidget(0, 2, self, objectName="trendReferences"))
        self.references.setAccessibleName("Reference lines: label and percentage")
        self.references.setHorizontalHeaderLabels(["Label", "%"])
        self.references.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.references.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.references.verticalHeader().hide()
        self.references.setFixedWidth(320)
        self.references.itemChanged.connect(lambda _item: self.timer.start())
        column.addWidget(self.references, 1)
        row = QHBoxLayout()
        add_line = QPushButton("Add line", self)
        add_line.clicked.connect(lambda: self.add_reference("", ""))
        remove_line = QPushButton("Remove line", self)
        remove_line.clicked.connect(self.remove_reference)
        row.addWidget(add_line)
        row.addWidget(remove_line)
        row.addStretch(1)
        column.addLayout(row)
        return column

    def compared_paths(self) -> list[Path]:
        return [self.path] + [Path(self.audits.item(i).data(Qt.ItemDataRole.UserRole))
                              for i in range(1, self.audits.count())]

    def add_audit(self, path: Path) -> None:
        """Add an audit file to compare (once)."""
        if Path(path) in self.compared_paths():
            return
        item_text = Path(path).name
        self.audits.addItem(item_text)
        item = self.audits.item(self.audits.count() - 1)
        item.setData(Qt.ItemDataRole.UserRole, str(path))
        item.setToolTip(style.plain_tooltip(str(path)))
        self.timer.start()

    def choose_audits(self) -> None:
        names, _ = QFileDialog.getOpenFileNames(self, "Audits to compare", str(self.path.parent),
                                                "Audits (*.cdiaudit);;All files (*)")
        for name in names:
            self.add_audit(Path(name))

    def remove_selected_audit(self) -> None:
        row = self.audits.currentRow()
        if row > 0:  # the open audit stays
            self.audits.takeItem(row)
            self.timer.start()

    def add_reference(self, label: str, percent: str) -> None:
        row = self.references.rowCount()
        self.references.insertRow(row)
        self.references.setItem(row, 0, QTableWidgetItem(label))
        self.references.setItem(row, 1, QTableWidgetItem(percent))
        if not label:
            self.references.editItem(self.references.item(row, 0))
        self.timer.start()

    def remove_reference(self) -> None:
        row = self.references.currentRow()
        if row >= 0:
            self.references.removeRow(row)
            self.timer.start()

    def reference_lines(self) -> list[Reference]:
        """The complete reference lines typed (a row half filled is left until it is finished)."""
        out, problems = [], []
        for row in range(self.references.rowCount()):
            label, percent = (self.references.item(row, c).text().strip() if self.references.item(row, c) else ""
                              for c in (0, 1))
            if not label or not percent:
                continue
            try:
                out.append(parse_reference(f"{label}={percent}"))
            except TrendInputError:
                problems.append(f"Reference line {row + 1}: '{percent}' is not a percentage from 0 to 100.")
        self._show_problem(" ".join(problems))
        return out

    # -- the results ------------------------------------------------------------------------------
    def _results(self) -> QWidget:
        self.chart = TrendChart(self)
        self.sentences = QLabel("", self, objectName="trendSentences")
        self.sentences.setWordWrap(True)
        self.sentences.setTextFormat(Qt.TextFormat.PlainText)
        self.sentences.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = style.calm_table(QTableWidget(0, 0, self, objectName="trendTable"))
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.setMinimumHeight(130)
        self.caption = QLabel("", self, objectName="secondary")
        self.caption.setWordWrap(True)
        self.caption.setTextFormat(Qt.TextFormat.PlainText)
        inner = QWidget(self)
        column = QVBoxLayout(inner)
        column.setContentsMargins(0, 0, style.SPACING, 0)
        column.setSpacing(style.SPACING)
        column.addWidget(self.chart)
        column.addWidget(self.caption)
        column.addSpacing(style.SPACING)
        column.addWidget(self.sentences)
        column.addSpacing(style.SPACING)
        column.addWidget(self.table, 1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(inner)
        return scroll

    def recompute(self) -> None:
        """Compute the trend again off the UI thread (once the running computation is done)."""
        if self.runner.busy:
            self.timer.start()
            return
        self.runner.run(_compare, self.compared_paths(), self.reference_lines(), on_done=self.show_section,
                        on_error=self._failed, cancellable=False)

    def show_section(self, section) -> None:
        self.section = section
        chart = next((b for b in section.blocks if isinstance(b, Chart)), None) if section else None
        self.chart.set_chart(chart)
        self.caption.setText(chart.caption if chart else "")
        texts = [t for b in section.blocks if isinstance(b, Paragraphs) for t in b.texts] if section else []
        self.sentences.setText("\n\n".join(texts) if texts else
                               "Add one or more earlier audits (or a reference line) to compare this audit with.")
        tables = [b for b in section.blocks if isinstance(b, Table)] if section else []
        self._fill_table(tables[0] if tables else None)

    def _fill_table(self, table: Table | None) -> None:
        self.table.clear()
        if table is None:
            self.table.setRowCount(0)
            self.table.setColumnCount(0)
            return
        self.table.setColumnCount(len(table.columns))
        self.table.setRowCount(len(table.rows))
        self.table.setHorizontalHeaderLabels([c.heading for c in table.columns])
        for r, row in enumerate(table.rows):
            for c, cell in enumerate(row.cells):
                item = QTableWidgetItem(cell.text())
                if cell.kind != "text":
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(table.columns) - 1, QHeaderView.ResizeMode.Stretch)

    def _failed(self, exc: BaseException) -> None:
        from workbench.ui.common.errors import describe

        _title, sentence, details = describe(exc)
        self._show_problem(" ".join([sentence, *details]))

    def _show_problem(self, text: str) -> None:
        self.problem.setText(text)
        self.problem.setVisible(bool(text))

    def done(self, result: int) -> None:  # noqa: D102 - Qt override: wait for the computation first
        self.timer.stop()
        self.runner.wait()
        super().done(result)
