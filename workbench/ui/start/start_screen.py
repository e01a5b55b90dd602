"""The start screen: new, open, recent, demo (who is working: ``ui.start.identity``).

``StartDialog`` ends with ``path`` set to the audit to open and ``demo`` saying
whether it is a fresh throwaway copy of the demo audit. It makes sure the user has
said who they are first, since every answer is stamped with it.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, QStandardPaths, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QCommandLinkButton, QDialog, QDialogButtonBox, QFileDialog, QFrame, QHBoxLayout,
    QLabel, QListWidget, QListWidgetItem, QPushButton, QSizePolicy, QStyle, QStyledItemDelegate,
    QStyleOptionViewItem, QVBoxLayout, QWidget,
)

from workbench.core.audit import Actor, AuditSettings
from workbench.ops.audits import AUDIT_SUFFIX, build_demo, new_audit
from workbench.ui.common import errors
from workbench.ui.common import style
from workbench.ui.common.ui_settings import UiSettings
from workbench.ui.common.audit_settings import AuditSettingsForm
from workbench.ui.start.identity import ask_identity, describe_actor

AUDIT_FILTER = f"Audit files (*{AUDIT_SUFFIX});;All files (*)"
MUTED = f"color: {style.SECONDARY};"
CONTENT_MAX_WIDTH, CONTENT_MAX_HEIGHT = 1120, 640
CHOICE_STYLE = (
    f"QCommandLinkButton {{ background: {style.SURFACE}; border: 1px solid {style.BORDER}; border-radius: 6px; }}"
    f"QCommandLinkButton:hover {{ border-color: {style.ACCENT}; background: {style.ACCENT_SOFT}; }}"
    f"QCommandLinkButton:focus {{ border: 2px solid {style.ACCENT}; }}"
)


# -- file choosers (module functions so tests can stand in for the system dialogs) -----

def ask_open_path(parent: QWidget | None, folder: Path) -> Path | None:
    """Ask for an existing audit file."""
    name, _ = QFileDialog.getOpenFileName(parent, "Open an audit", str(folder), AUDIT_FILTER)
    return Path(name) if name else None


def ask_save_path(parent: QWidget | None, suggested: Path) -> Path | None:
    """Ask where to save a new audit file."""
    name, _ = QFileDialog.getSaveFileName(parent, "Save the new audit as", str(suggested), AUDIT_FILTER)
    return Path(name) if name else None


def documents_folder() -> Path:
    """The user's Documents folder, or their home folder when there is none (never the program's)."""
    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(documents) if documents and Path(documents).is_dir() else Path.home()


def start_folder(ui_settings: UiSettings) -> Path:
    """Where a file dialog for an audit starts: the folder last used, else Documents."""
    return ui_settings.last_folder or documents_folder()


def file_name_for(title: str) -> str:
    """A safe file name from an audit title: "Q3 2024 audit" -> "q3-2024-audit.cdiaudit"."""
    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")[:60] or "audit"
    return slug + AUDIT_SUFFIX


# -- a new audit ------------------------------------------------------------------------

class NewAuditDialog(QDialog):
    """The new audit's settings; the file is chosen after."""

    def __init__(self, actor: Actor, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("New audit")
        self.setObjectName("newAuditDialog")
        self.form = AuditSettingsForm(AuditSettings(title="", force=actor.force), quiet_until_edited=True)
        self.form.title.setFocus()
        intro = QLabel("Describe the audit. You can change any of this later in Audit settings.")
        intro.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.create_button = self.buttons.addButton("Choose where to save…", QDialogButtonBox.ButtonRole.AcceptRole)
        self.create_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.form.validity_changed.connect(self.create_button.setEnabled)
        self.form.check()
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addSpacing(6)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(560)

    def accept(self) -> None:
        if self.form.check():
            super().accept()


# -- the start screen -----------------------------------------------------------------------

PATH_ROLE = Qt.ItemDataRole.UserRole


class RecentAuditDelegate(QStyledItemDelegate):
    """Two lines per recent audit: its title, and (quieter) where the file is."""

    PADDING = 8

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        qt_style = opt.widget.style() if opt.widget else None
        if qt_style is not None:
            qt_style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        rect = opt.rect.adjusted(self.PADDING + 4, self.PADDING, -self.PADDING, -self.PADDING)
        title_font = QFont(opt.font)
        title_font.setWeight(QFont.Weight.DemiBold)
        group = QPalette.ColorGroup.Active if opt.state & QStyle.StateFlag.State_Active else QPalette.ColorGroup.Inactive
        text_color = opt.palette.color(group, QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        painter.save()
        try:
            self._paint_lines(painter, opt, index, rect, title_font, text_color, selected)
        finally:
            painter.restore()

    def _paint_lines(self, painter, opt, index, rect, title_font, text_color, selected) -> None:
        title_metrics = QFontMetrics(title_font)
        path_metrics = QFontMetrics(opt.font)
        painter.setFont(title_font)
        painter.setPen(text_color)
        title_rect = QRect(rect.left(), rect.top(), rect.width(), title_metrics.height())
        painter.drawText(title_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         title_metrics.elidedText(index.data(Qt.ItemDataRole.DisplayRole) or "", Qt.TextElideMode.ElideRight, rect.width()))
        painter.setFont(opt.font)
        painter.setPen(text_color if selected else QColor(style.SECONDARY))
        path_rect = QRect(rect.left(), title_rect.bottom() + 3, rect.width(), path_metrics.height())
        painter.drawText(path_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                         path_metrics.elidedText(index.data(PATH_ROLE) or "", Qt.TextElideMode.ElideMiddle, rect.width()))

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        metrics = QFontMetrics(option.font)
        return QSize(200, 2 * metrics.height() + 3 + 2 * self.PADDING + 2)


class StartDialog(QDialog):
    """New audit, open, recent audits or the demo; accepted with ``path`` (and ``demo``)."""

    def __init__(self, ui_settings: UiSettings, parent: QWidget | None = None, demo_folder: Path | None = None):
        super().__init__(parent)
        self.ui_settings = ui_settings
        self.demo_folder = demo_folder
        self.path: Path | None = None
        self.demo = False
        self.setWindowTitle("CDI workbench")
        self.setObjectName("startDialog")
        self._build()
        self.fill_recent()
        self.resize(920, 560)

    def _build(self) -> None:
        title = QLabel("CDI workbench")
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.9)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        subtitle = QLabel("Crime data integrity audits: dip-sample records, answer the checklist, report the findings.")
        subtitle.setWordWrap(True)
        subtitle.setStyleSheet(MUTED)
        self.new_button = self._choice("New audit…", "Start an empty audit file for a new sample.", self.new_audit)
        self.open_button = self._choice("Open an audit…", "Carry on with an audit file (.cdiaudit).", self.open_other)
        self.demo_button = self._choice("Open the demo audit", "A fresh synthetic copy, to try things out.", self.open_demo)
        left = QVBoxLayout()
        left.addWidget(title)
        left.addWidget(subtitle)
        left.addSpacing(18)
        for button in (self.new_button, self.open_button, self.demo_button):
            left.addWidget(button)
            left.addSpacing(6)
        left.addStretch(1)

        recent_label = QLabel("&Recent audits")
        recent_label.setStyleSheet("font-weight: 600;")
        self.recent = QListWidget()
        self.recent.setObjectName("recentAudits")
        self.recent.setAccessibleName("Recent audits")
        self.recent.setItemDelegate(RecentAuditDelegate(self.recent))
        self.recent.setUniformItemSizes(True)
        self.recent.itemActivated.connect(self._open_item)
        recent_label.setBuddy(self.recent)
        self.empty_recent = QLabel("Audits you open will be listed here.")
        self.empty_recent.setStyleSheet(MUTED)
        self.open_recent_button = QPushButton("Open")
        self.open_recent_button.clicked.connect(lambda: self._open_item(self.recent.currentItem()))
        right = QVBoxLayout()
        right.addWidget(recent_label)
        right.addWidget(self.recent, 1)
        right.addWidget(self.empty_recent)
        right.addWidget(self.open_recent_button, 0, Qt.AlignmentFlag.AlignRight)

        columns = QHBoxLayout()
        columns.addLayout(left, 5)
        columns.addSpacing(24)
        columns.addLayout(right, 6)

        self.identity_label = QLabel()
        self.identity_label.setObjectName("identityLabel")
        self.identity_label.setTextFormat(Qt.TextFormat.PlainText)  # the user's name, as typed
        change = QPushButton("Change…")
        change.setObjectName("changeIdentity")
        change.clicked.connect(self.change_identity)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet(f"color: {style.BORDER};")
        footer = QHBoxLayout()
        footer.addWidget(self.identity_label, 1)
        footer.addWidget(change)
        content = QWidget()
        content.setObjectName("startContent")
        content.setMaximumSize(CONTENT_MAX_WIDTH, CONTENT_MAX_HEIGHT)
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addLayout(columns, 1)
        inner.addSpacing(10)
        inner.addWidget(line)
        inner.addLayout(footer)
        # Maximised on a large screen the choices stay together in the middle: the
        # content grows up to its maximum size, then the margins around it take the rest.
        content.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        middle = QHBoxLayout()
        middle.addStretch(1)
        middle.addWidget(content, 100)
        middle.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 20)
        layout.addStretch(1)
        layout.addLayout(middle, 100)
        layout.addStretch(1)
        self._show_identity()

    def _choice(self, text: str, description: str, slot) -> QCommandLinkButton:
        button = QCommandLinkButton(text, description)
        button.setAccessibleName(text.rstrip("…"))
        button.setObjectName("startChoice")
        button.setFixedHeight(54)
        button.setStyleSheet(CHOICE_STYLE)
        button.clicked.connect(slot)
        return button

    # -- the recent list --------------------------------------------------------------------
    def fill_recent(self) -> None:
        self.recent.clear()
        for entry in self.ui_settings.recent_entries():
            title = entry.title or entry.path.stem
            item = QListWidgetItem(title)
            item.setData(PATH_ROLE, str(entry.path))
            item.setToolTip(style.plain_tooltip(str(entry.path)))
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{title}, {entry.path}")
            self.recent.addItem(item)
        has_any = self.recent.count() > 0
        self.recent.setVisible(has_any)
        self.empty_recent.setVisible(not has_any)
        self.open_recent_button.setEnabled(has_any)
        if has_any:
            self.recent.setCurrentRow(0)
            self.recent.setFocus()

    def _open_item(self, item: QListWidgetItem | None) -> None:
        if item is None:
            return
        self.open_path(Path(item.data(PATH_ROLE)))

    def keyPressEvent(self, event: QKeyEvent) -> None:  # Enter on the list opens, not the default button
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.recent.hasFocus():
            self._open_item(self.recent.currentItem())
            return
        super().keyPressEvent(event)

    # -- the choices -------------------------------------------------------------------------
    def open_path(self, path: Path) -> bool:
        """Finish with ``path``, or say kindly why not (it has gone)."""
        if not path.is_file():
            self.ui_settings.remove_recent(path)
            self.fill_recent()
            errors.message_box(
                self, "Audit not found",
                f"{path.name} is no longer at {path.parent}. It may have been moved, renamed or deleted, "
                "or its drive is not connected. It has been taken off the recent list; use Open an audit… to find it.",
            )
            return False
        return self._finish(path, demo=False)

    def open_other(self) -> None:
        path = ask_open_path(self, start_folder(self.ui_settings))
        if path is not None:
            self.ui_settings.last_folder = path.parent
            self.open_path(path)

    def new_audit(self) -> None:
        actor = self._ensure_identity()
        if actor is None:
            return
        dialog = NewAuditDialog(actor, self)
        try:
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
            settings = dialog.form.settings()
        finally:
            dialog.deleteLater()
        path = ask_save_path(self, start_folder(self.ui_settings) / file_name_for(settings.title))
        if path is None:
            return
        self.ui_settings.last_folder = path.parent
        try:
            with new_audit(path, settings, actor) as store:
                created = store.path
        except Exception as exc:  # exists already, no permission, disk full: say so and stay
            errors.show_error(self, exc)
            return
        self.ui_settings.add_recent(created, settings.title)
        self._finish(created, demo=False)

    def open_demo(self) -> None:
        if self._ensure_identity() is None:
            return
        folder = Path(tempfile.mkdtemp(prefix="workbench-demo-", dir=self.demo_folder))
        try:
            with build_demo(folder / f"demo{AUDIT_SUFFIX}").store as store:
                path = store.path
        except Exception as exc:
            errors.show_error(self, exc)
            return
        self._finish(path, demo=True)

    def change_identity(self) -> None:
        ask_identity(self.ui_settings, self, always=True)
        self._show_identity()

    def _ensure_identity(self) -> Actor | None:
        actor = ask_identity(self.ui_settings, self)
        self._show_identity()
        return actor

    def _show_identity(self) -> None:
        self.identity_label.setText(describe_actor(self.ui_settings.identity))

    def _finish(self, path: Path, demo: bool) -> bool:
        if self._ensure_identity() is None:
            return False
        self.path, self.demo = path, demo
        self.accept()
        return True
