"""Help › About (the version, the audit file format, where data lives, the fonts' licence)
and Help › User guide."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget

import workbench
from workbench import paths
from workbench.store.schema import SCHEMA_VERSION
from workbench.ui.common import errors, style
from workbench.ui.common.ui_settings import data_folder

FONTS = "DejaVu Sans Condensed 2.37 (embedded in the PDF reports): Bitstream Vera licence, DejaVu changes public domain"


def about_facts(audit: Path | None, settings_file: str) -> list[tuple[str, str]]:
    """What Help › About says, as (label, value) pairs."""
    return [
        ("Version", workbench.__version__),
        ("Audit file format", f"{SCHEMA_VERSION} (audits written by a newer workbench are refused, never changed)"),
        ("This audit", str(audit) if audit else "none open"),
        ("Your settings", settings_file),
        ("The workbench's own files", str(data_folder())),
        ("Fonts", FONTS),
        ("Fonts' licence", str(paths.fonts_licence())),
    ]


class AboutDialog(QDialog):
    """The version, the file format, where data lives, and the licence of the bundled fonts."""

    def __init__(self, audit: Path | None, settings_file: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("aboutDialog")
        self.setWindowTitle("About the CDI workbench")
        self.facts = about_facts(audit, settings_file)
        rows = "".join(f"<tr><td style='padding:3px 12px 3px 0; color:{style.SECONDARY}'>{html.escape(label)}</td>"
                       f"<td style='padding:3px 0'>{html.escape(value)}</td></tr>" for label, value in self.facts)
        title = QLabel("<b>CDI workbench</b>", objectName="sectionTitle")
        intro = QLabel("Crime data integrity audits: dip-sample records, answer the checklist, report the findings. "
                       "Every audit is one file; its answers and log never leave it.", wordWrap=True)
        table = QLabel(f"<table>{rows}</table>")
        table.setObjectName("aboutFacts")
        table.setTextFormat(Qt.TextFormat.RichText)
        table.setWordWrap(True)
        table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        table.setAccessibleName("; ".join(f"{label}: {value}" for label, value in self.facts))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        licence = buttons.addButton("Show the fonts' licence", QDialogButtonBox.ButtonRole.HelpRole)
        licence.clicked.connect(lambda: open_file(self, paths.fonts_licence()))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(3 * style.SPACING, 2 * style.SPACING, 3 * style.SPACING, 2 * style.SPACING)
        layout.setSpacing(style.SPACING)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(table, 1)
        layout.addWidget(buttons)
        self.setMinimumWidth(640)


def open_file(parent: QWidget | None, path: Path | None) -> bool:
    """Open ``path`` with the system's program for it; say so when it cannot be."""
    if path is not None and path.is_file() and QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
        return True
    where = f" ({path})" if path else ""
    errors.message_box(parent, "Cannot open it", f"The file could not be opened{where}: no program on this computer "
                       "opens it, or it was not installed with this copy of the workbench.")
    return False


def open_user_guide(parent: QWidget | None) -> QWidget | None:
    """Help › User guide: ``docs/user-guide.md`` (else the README) in a window of its own, beside
    the work (not modal); None, after saying so, when this copy was installed without it."""
    from workbench.ui.shell.guide import GuideWindow

    page = paths.user_guide()
    if page is None:
        errors.message_box(parent, "No user guide", "The user guide was not installed with this copy of the "
                           "workbench. Ask whoever installed it, or read it at the project's source.")
        return None
    window = GuideWindow(page, parent)
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    window.show()
    return window
