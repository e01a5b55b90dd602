"""A scroll bar that is not repainted when a new value leaves its slider where it was drawn.

Qt repaints a scroll bar whenever its value changes. In a list of 100,000 records a step of
one row moves the slider by a hundredth of a pixel, and the style's groove and slider
(gradients) were drawn again on every move through the queue: about a tenth of a
millisecond each time, for the same pixels. This one is drawn exactly as ``QScrollBar``;
it only skips the repaint a value change asks for when the slider's rectangle is the one
last painted. Any other change (range, size, style, hover, press) repaints as before.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QAbstractSlider, QScrollBar, QStyle, QStyleOptionSlider, QWidget


class SteadyScrollBar(QScrollBar):
    """A ``QScrollBar`` that repaints on a value change only if its slider moves by a pixel."""

    def __init__(self, orientation: Qt.Orientation = Qt.Orientation.Vertical, parent: QWidget | None = None):
        super().__init__(orientation, parent)
        self._painted: QRect | None = None   # the slider's rectangle when last painted

    def _slider(self) -> QRect:
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        return self.style().subControlRect(QStyle.ComplexControl.CC_ScrollBar, option,
                                           QStyle.SubControl.SC_ScrollBarSlider, self)

    def sliderChange(self, change: QAbstractSlider.SliderChange) -> None:  # noqa: N802 - Qt override
        if (change == QAbstractSlider.SliderChange.SliderValueChange and self._painted is not None
                and not self.isSliderDown() and self._slider() == self._painted
                and not self.style().styleHint(QStyle.StyleHint.SH_ScrollBar_Transient, None, self)):
            return   # the same pixels: nothing to repaint (the value itself is already set)
        super().sliderChange(change)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        self._painted = self._slider()
        super().paintEvent(event)
