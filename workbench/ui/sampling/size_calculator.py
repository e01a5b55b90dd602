"""The sample-size calculator beside the size: expected rate, margin, confidence, population.

It shows n0 and, when the population is known, the corrected n, and offers the
number to the size box (``use``); the working in full is its tooltip.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QGridLayout, QGroupBox, QLabel, QPushButton, QSpinBox, QWidget

from workbench.core.sample_size import CONFIDENCE_LEVELS, required_sample_size, sample_size_words
from workbench.core.statistics import StatisticsInputError
from workbench.ui.common import style

MAX_POPULATION = 100_000_000


class SampleSizeCalculator(QGroupBox):
    """n0 = z^2 p(1-p)/E^2 with the finite population correction; ``use`` offers the result."""

    #: The recommended size, when the user clicks "Use".
    use = Signal(int)

    def __init__(self, parent: QWidget | None = None):
        super().__init__("How many? The sample-size calculator", parent)
        self.setObjectName("sizeCalculator")
        self.expected = self._percent_box(90.0, "expectedRate", "The rate you expect, e.g. the last audit's recording rate")
        self.margin = self._percent_box(2.0, "margin", "How close the estimate must be: +/- this many percentage points")
        self.margin.setRange(0.1, 49.9)
        self.confidence = QComboBox(self)
        self.confidence.setObjectName("confidence")
        for level in CONFIDENCE_LEVELS:
            self.confidence.addItem(f"{level:.0%}", level)
        self.confidence.setCurrentIndex(CONFIDENCE_LEVELS.index(0.95))
        self.population = QSpinBox(self)
        self.population.setObjectName("calculatorPopulation")
        self.population.setRange(0, MAX_POPULATION)
        self.population.setGroupSeparatorShown(True)
        self.population.setSpecialValueText("not known")
        self.population.setAccessibleName("Population size (for the finite population correction)")
        self.answer = QLabel(self)
        self.answer.setObjectName("calculatorAnswer")
        self.answer.setWordWrap(True)
        self.answer.setTextFormat(Qt.TextFormat.PlainText)
        self.use_button = QPushButton("Use", self)
        self.use_button.setObjectName("useSize")
        self.use_button.clicked.connect(lambda: self.use.emit(self.recommended))
        grid = QGridLayout(self)
        grid.setHorizontalSpacing(style.SPACING)
        grid.addWidget(QLabel("Expected rate:", self), 0, 0)
        grid.addWidget(self.expected, 0, 1)
        grid.addWidget(QLabel("Margin (+/- points):", self), 0, 2)
        grid.addWidget(self.margin, 0, 3)
        grid.addWidget(QLabel("Confidence:", self), 1, 0)
        grid.addWidget(self.confidence, 1, 1)
        grid.addWidget(QLabel("Population:", self), 1, 2)
        grid.addWidget(self.population, 1, 3)
        grid.addWidget(self.answer, 2, 0, 1, 3)
        grid.addWidget(self.use_button, 2, 3, Qt.AlignmentFlag.AlignRight)
        self.recommended = 0
        for box in (self.expected, self.margin, self.population):
            box.valueChanged.connect(self.recompute)
        self.confidence.currentIndexChanged.connect(self.recompute)
        self.recompute()

    def _percent_box(self, value: float, name: str, tip: str) -> QDoubleSpinBox:
        box = QDoubleSpinBox(self)
        box.setObjectName(name)
        box.setRange(0.1, 99.9)
        box.setDecimals(1)
        box.setSuffix(" %")
        box.setValue(value)
        box.setToolTip(tip)
        box.setAccessibleName(tip)
        return box

    def set_population(self, population: int) -> None:
        """The population size, once a draw has counted it."""
        self.population.setValue(min(population, MAX_POPULATION))

    def recompute(self) -> None:
        population = self.population.value() or None
        try:
            working = required_sample_size(self.expected.value() / 100, self.margin.value() / 100, population,
                                           self.confidence.currentData())
        except StatisticsInputError as exc:
            self.recommended = 0
            self.answer.setText(str(exc))
            self.use_button.setEnabled(False)
            return
        self.recommended = working.corrected
        text = f"n0 = {working.n0:,.1f}: {working.initial:,} records"
        if population is not None:
            text += f"; with the population of {population:,}: {working.corrected:,}"
        self.answer.setText(text + ".")
        self.answer.setToolTip("\n".join(sample_size_words(working)))
        self.use_button.setText(f"Use {working.corrected:,}")
        self.use_button.setEnabled(True)
