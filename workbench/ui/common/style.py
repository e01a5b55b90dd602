"""The workbench's look: one accent colour, clear state colours, an 8 px spacing grid.

Colours are chosen to read on a light background with a contrast of at least
4.5:1 for text; state is never shown by colour alone (every coloured state also
has words or a symbol).
"""

from __future__ import annotations

import html

from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QTableView

from workbench.ui.common.steady_scroll_bar import SteadyScrollBar

SPACING = 8  # the grid: margins and gaps are multiples of this

ACCENT = "#1d5fa6"
ACCENT_SOFT = "#e8f0fa"
TEXT = "#1f2328"
SECONDARY = "#57606a"
BORDER = "#d0d7de"
SURFACE = "#ffffff"
BACKGROUND = "#f6f8fa"
DISABLED_TEXT = "#8c959f"
HIGHLIGHT = "#fff1a8"        # search matches
HIGHLIGHT_CURRENT = "#ffc94d"

STATE_COLOURS = {
    "not_started": "#57606a",
    "in_progress": "#9a5b00",
    "complete": "#1a7f37",
    "flagged": "#8250df",
}
COMPLIANT = "#1a7f37"
NONCOMPLIANT = "#c21f2f"
WARNING_SOFT = "#fff8e6"
ERROR_SOFT = "#fdecee"
CHOICE_TEXT = TEXT                # a choice button's words (also drawn by hand when a long one wraps)
CHOICE_TEXT_CHECKED = "#ffffff"   # ... and a picked one's, on the accent


def colour(name: str) -> QColor:
    return QColor(name)


STYLESHEET = f"""
QMainWindow, QDialog {{ background: {BACKGROUND}; }}
QSplitter::handle {{ background: {BORDER}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QToolBar {{ background: {SURFACE}; border: none; border-bottom: 1px solid {BORDER}; spacing: 4px; padding: 4px 8px; }}
QToolBar QToolButton {{ padding: 4px 8px; border-radius: 4px; }}
QToolBar QToolButton:hover {{ background: {ACCENT_SOFT}; }}
QStatusBar {{ background: {SURFACE}; border-top: 1px solid {BORDER}; }}
QStatusBar QLabel {{ padding: 0 8px; color: {SECONDARY}; }}
QLabel#marking {{ color: #ffffff; background: {TEXT}; border-radius: 3px; padding: 1px 8px; font-weight: 600; }}

QWidget#pane {{ background: {SURFACE}; }}
QLabel#paneTitle {{ font-weight: 600; color: {TEXT}; }}
QLabel#secondary, QLabel#hint {{ color: {SECONDARY}; }}
QLabel#recordKey {{ font-size: 15pt; font-weight: 600; color: {TEXT}; }}

QHeaderView::section {{ background: {BACKGROUND}; border: none; border-bottom: 1px solid {BORDER};
                        padding: 4px 4px; color: {SECONDARY}; font-weight: 600; }}
QProgressBar {{ border: none; background: #e6eaef; border-radius: 3px; max-height: 6px; }}
QProgressBar::chunk {{ background: {STATE_COLOURS['complete']}; border-radius: 3px; }}

QScrollArea#checklist {{ background: {BACKGROUND}; border: none; }}
QFrame#questionCard {{ background: {SURFACE}; border: 1px solid {BORDER}; border-radius: 6px; }}
QFrame#questionCard[current="true"] {{ border: 2px solid {ACCENT}; background: #fbfdff; }}
QFrame#questionCard[attention="true"] {{ border: 2px solid {NONCOMPLIANT}; }}
QFrame#questionCard[current="true"][attention="true"] {{ border: 2px solid {ACCENT}; }}
QFrame#instance {{ background: transparent; border-left: 3px solid {BORDER}; }}
QLabel#questionLabel {{ font-weight: 600; color: {TEXT}; }}
QLabel#required {{ color: {SECONDARY}; font-size: 8pt; }}
QLabel#required[now="true"] {{ color: {NONCOMPLIANT}; font-weight: 600; }}
QLabel#problem {{ color: {NONCOMPLIANT}; }}
QLabel#badgeBad {{ color: {NONCOMPLIANT}; font-weight: 600; }}
QLabel#sectionTitle {{ font-size: 11pt; font-weight: 600; color: {TEXT}; }}
QLabel#instanceTitle {{ font-weight: 600; color: {ACCENT}; }}
QFrame#summary {{ background: {SURFACE}; border-bottom: 1px solid {BORDER}; }}
QFrame#banner {{ background: {ERROR_SOFT}; border: 1px solid {NONCOMPLIANT}; border-radius: 4px; }}
QFrame#banner[tone="info"] {{ background: {ACCENT_SOFT}; border: 1px solid {ACCENT}; }}

QToolButton#choice {{ background: {SURFACE}; border: 1px solid #afb8c1; border-radius: 4px;
                      padding: 4px 12px; color: {CHOICE_TEXT}; }}
QToolButton#choice:hover {{ border-color: {ACCENT}; }}
QToolButton#choice:checked {{ background: {ACCENT}; border-color: {ACCENT}; color: {CHOICE_TEXT_CHECKED}; }}
QToolButton#choice[suggested="true"] {{ border: 2px dashed {ACCENT}; }}
QLabel#suggestion {{ color: {ACCENT}; }}
QLabel#suggestion[answered="true"] {{ color: {SECONDARY}; }}
QFrame#banner[tone="warning"] {{ background: {WARNING_SOFT}; border: 1px solid {STATE_COLOURS['in_progress']}; }}
QPushButton#link {{ border: none; color: {ACCENT}; padding: 2px 4px; text-align: left; }}
QPushButton#link:hover {{ text-decoration: underline; }}
QPushButton#link:focus {{ border: 1px solid {ACCENT}; border-radius: 3px; }}
QLineEdit, QPlainTextEdit, QComboBox {{ padding: 4px 6px; }}
QLineEdit:focus, QPlainTextEdit:focus {{ border: 2px solid {ACCENT}; border-radius: 3px; }}
QFrame#findBar {{ background: {BACKGROUND}; border-top: 1px solid {BORDER}; }}
"""


def apply(app: QApplication) -> None:
    """Fusion with a light palette and the stylesheet: the same calm look everywhere."""
    app.setStyle("Fusion")
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(BACKGROUND))
    palette.setColor(QPalette.ColorRole.Base, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f6f8fa"))
    palette.setColor(QPalette.ColorRole.Text, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.Button, QColor("#f3f4f6"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor(SURFACE))
    palette.setColor(QPalette.ColorRole.ToolTipText, QColor(TEXT))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(SECONDARY))
    palette.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    # setColor(role, colour) sets every group, the disabled one included: without
    # this a disabled button (Import on a file with problems) looks like an enabled one.
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED_TEXT))
    app.setPalette(palette)
    app.setStyleSheet(STYLESHEET)


def calm_table(view: QTableView) -> QTableView:
    """A table drawn as the stylesheet would, without a ``QTableView`` rule in it.

    Any stylesheet rule that matches a table sends every cell's painting through Qt's
    stylesheet style: the record queue's repaint took 16 ms with one and 3 ms without.
    The palette already gives the surface and the selection colours; the frame and the
    grid are switched off here, and its scroll bar is not repainted for the same pixels.
    """
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.setShowGrid(False)
    view.setVerticalScrollBar(SteadyScrollBar())   # a step of a row in a long list repaints nothing
    return view


def reading_font(base: QFont) -> QFont:
    """The font for long narrative text: the system font, a little larger."""
    font = QFont(base)
    font.setPointSizeF(max(base.pointSizeF(), 9.0) * 1.1)
    return font


def set_flag(widget, name: str, on: bool) -> None:
    """Set a stylesheet flag (``[name="true"]``) and re-apply the style if it changed."""
    value = "true" if on else "false"
    if widget.property(name) != value:
        widget.setProperty(name, value)
        repolish(widget)


def repolish(widget) -> None:
    """Re-apply the stylesheet after a dynamic property changed."""
    widget.style().unpolish(widget)
    widget.style().polish(widget)


def plain_tooltip(text: str | None) -> str | None:
    """A tooltip that shows ``text`` literally: Qt renders any tooltip that looks like HTML."""
    if not text:
        return None
    return f'<p style="white-space:pre-wrap">{html.escape(text)}</p>'
