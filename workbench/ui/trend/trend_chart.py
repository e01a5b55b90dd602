"""A chart of rates with their 95% intervals, painted from a layout ``Chart`` (``core.findings_layout``).

The window's twin of the PDF's ``io.pdf_chart``: one row per bar (here, per audit
period), the label on the left, "rate (x of n)" on the right, the interval as a
line with end caps, and each reference line dashed across the plot with its label
above. An axis that starts above 0 (``Chart.dots``) draws each rate as a dot.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from workbench.core.findings_layout import Chart
from workbench.ui.common import style

LABEL_WIDTH, VALUE_WIDTH, ROW_HEIGHT, AXIS_SPACE, REFERENCE_SPACE, TOP_SPACE = 130, 150, 34, 44, 18, 8


class TrendChart(QWidget):
    """Paints ``chart`` (None: a line saying there is nothing to draw yet)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("trendChart")
        self.chart: Chart | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setAccessibleName("Chart of the overall recording rate by audit period")

    def set_chart(self, chart: Chart | None) -> None:
        self.chart = chart
        self.setAccessibleDescription(chart.caption if chart else "")
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(600, self._height())

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return QSize(420, self._height())

    def _height(self) -> int:
        if self.chart is None:
            return 60
        return TOP_SPACE + REFERENCE_SPACE * len(self.chart.references) + ROW_HEIGHT * len(self.chart.bars) + AXIS_SPACE

    def paintEvent(self, _event) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor(style.SURFACE))
        chart = self.chart
        if chart is None or not any(b.rate is not None for b in chart.bars):
            painter.setPen(QColor(style.SECONDARY))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "Add an earlier audit to see the trend.")
            return
        x0, x1 = LABEL_WIDTH, max(LABEL_WIDTH + 100, self.width() - VALUE_WIDTH)
        top = TOP_SPACE + REFERENCE_SPACE * len(chart.references)
        bottom = top + ROW_HEIGHT * len(chart.bars)

        def x(percent: float) -> float:
            start = chart.axis_from
            return x0 + (x1 - x0) * (max(start, min(100.0, percent)) - start) / (100 - start)

        self._axis(painter, chart, x, x0, x1, top, bottom)
        for n, bar in enumerate(chart.bars):
            self._row(painter, chart, bar, x, x0, x1, top + ROW_HEIGHT * n + ROW_HEIGHT / 2)
        for n, line in enumerate(chart.references):
            self._reference(painter, line, x, bottom, TOP_SPACE + REFERENCE_SPACE * n + REFERENCE_SPACE - 4)
        painter.end()

    def _axis(self, painter: QPainter, chart: Chart, x, x0: float, x1: float, top: float, bottom: float) -> None:
        step = 5 if 100 - chart.axis_from <= 50 else 10
        painter.setFont(self._font(-1))
        for tick in range(int(chart.axis_from), 101, step):
            painter.setPen(QPen(QColor(style.BORDER), 1))
            painter.drawLine(QPointF(x(tick), top), QPointF(x(tick), bottom))
            painter.setPen(QColor(style.SECONDARY))
            painter.drawText(QRectF(x(tick) - 24, bottom + 4, 48, 16), Qt.AlignmentFlag.AlignHCenter, f"{tick}%")
        painter.setPen(QPen(QColor(style.TEXT), 1))
        painter.drawLine(QPointF(x0, bottom), QPointF(x1, bottom))
        painter.drawText(QRectF(x0, bottom + 20, x1 - x0, 18), Qt.AlignmentFlag.AlignHCenter,
                         "Overall recording rate (%); lines show the 95% interval")

    def _row(self, painter: QPainter, chart: Chart, bar, x, x0: float, x1: float, mid: float) -> None:
        painter.setFont(self._font(0, bar.bold))
        painter.setPen(QColor(style.TEXT))
        metrics = QFontMetrics(painter.font())
        label = metrics.elidedText(bar.label, Qt.TextElideMode.ElideRight, LABEL_WIDTH - 12)
        painter.drawText(QRectF(0, mid - 10, LABEL_WIDTH - 10, 20), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                         label)
        if bar.rate is None:
            painter.setPen(QColor(style.SECONDARY))
            painter.drawText(QRectF(x0 + 4, mid - 10, 240, 20), Qt.AlignmentFlag.AlignVCenter, "no rate yet")
            return
        if not chart.dots:
            painter.fillRect(QRectF(x0, mid - 6, x(bar.rate) - x0, 12), QColor("#94a3b8"))
        if bar.low is not None and bar.high is not None:
            painter.setPen(QPen(QColor(style.TEXT), 1.5))
            lo, hi = x(bar.low), x(bar.high)
            painter.drawLine(QPointF(lo, mid), QPointF(hi, mid))
            painter.drawLine(QPointF(lo, mid - 5), QPointF(lo, mid + 5))
            painter.drawLine(QPointF(hi, mid - 5), QPointF(hi, mid + 5))
        if chart.dots:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(QColor(style.ACCENT))
            painter.drawEllipse(QPointF(x(bar.rate), mid), 5, 5)
        painter.setPen(QColor(style.TEXT))
        painter.setFont(self._font(0, True))
        painter.drawText(QRectF(x1 + 10, mid - 10, 60, 20), Qt.AlignmentFlag.AlignVCenter, f"{bar.rate:.1f}%")
        painter.setFont(self._font(-1))
        painter.setPen(QColor(style.SECONDARY))
        painter.drawText(QRectF(x1 + 62, mid - 10, VALUE_WIDTH - 62, 20), Qt.AlignmentFlag.AlignVCenter,
                         f"({bar.detail})" if bar.detail else "")

    def _reference(self, painter: QPainter, line, x, bottom: float, label_y: float) -> None:
        at = x(line.rate)
        pen = QPen(QColor(style.TEXT), 1.2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.drawLine(QPointF(at, label_y + 2), QPointF(at, bottom))
        painter.setFont(self._font(-1))
        text = f"{line.label} {line.rate:.1f}%"
        width = QFontMetrics(painter.font()).horizontalAdvance(text) + 4
        painter.drawText(QRectF(at - width - 2, label_y - 12, width, 14),
                         Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, text)

    def _font(self, delta: int, bold: bool = False) -> QFont:
        font = QFont(self.font())
        font.setPointSizeF(max(7.0, font.pointSizeF() + delta))
        font.setBold(bold)
        return font
