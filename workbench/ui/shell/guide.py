"""Help › User guide: the guides (docs/*.md) shown in the workbench, with their screenshots.

Qt renders the Markdown itself, so the guide reads the same on every computer,
offline, whether or not anything else there opens ``.md`` files. A link to another
page of the guide opens it here (Back returns); a web link opens in the browser; a
link to another local file opens it with the system's program.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import (QDesktopServices, QImage, QKeySequence, QPixmap, QResizeEvent, QTextCursor, QTextDocument,
                           QTextImageFormat)
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QPushButton, QTextBrowser, QVBoxLayout, QWidget

from workbench.ui.common import style

#: Room kept beside a screenshot fitted to the page's width.
_MARGIN = 60


class GuideBrowser(QTextBrowser):
    """A Markdown page whose pictures shrink to the page's width (never wider than drawn)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(self.follow)
        self.sourceChanged.connect(lambda _url: self.fit_images())
        self.said = ""   # what the last link that could not be followed was, for the status line

    def follow(self, url: QUrl) -> None:
        """Open ``url``: a page of the guide here, anything else outside the workbench."""
        self.said = ""
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
            return
        target = url if url.isLocalFile() else self.source().resolved(url)
        path = Path(target.toLocalFile())
        if path.suffix.lower() == ".md" and path.is_file():
            self.setSource(target)
        elif path.exists():
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        else:
            self.said = f"{url.toString()} is not installed with this copy of the workbench."

    def fit_images(self) -> None:
        """Give each picture the page's width at most, keeping its proportions."""
        room = max(200, self.viewport().width() - _MARGIN)
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                fragment = it.fragment()
                image = fragment.charFormat().toImageFormat() if fragment.charFormat().isImageFormat() else None
                if image is not None:
                    self._fit(fragment.position(), image, room)
                it += 1
            block = block.next()

    def _fit(self, position: int, image: QTextImageFormat, room: int) -> None:
        # the picture as loaded (a QImage or QPixmap), for its natural size
        natural = self.document().resource(QTextDocument.ResourceType.ImageResource, QUrl(image.name()))
        width = natural.width() if isinstance(natural, (QImage, QPixmap)) else 0
        if width <= 0:
            return
        wanted = min(width, room)
        if abs(image.width() - wanted) < 1:
            return
        image.setWidth(wanted)
        image.setHeight(natural.height() * wanted / width)
        cursor = QTextCursor(self.document())
        cursor.setPosition(position)
        cursor.setPosition(position + 1, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(image)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self.fit_images()


class GuideWindow(QDialog):
    """The user guide, with Back, Forward and Contents (the page it opened on)."""

    def __init__(self, page: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("guideWindow")
        self.setWindowTitle("CDI workbench: user guide")
        self.setWindowFlag(Qt.WindowType.WindowMaximizeButtonHint, True)
        self.home = QUrl.fromLocalFile(str(Path(page).resolve()))
        self.browser = GuideBrowser(self)
        self.browser.setAccessibleName("User guide")
        back, forward, contents = QPushButton("‹ Back"), QPushButton("Forward ›"), QPushButton("Contents")
        back.setShortcut(QKeySequence.StandardKey.Back)
        forward.setShortcut(QKeySequence.StandardKey.Forward)
        back.clicked.connect(self.browser.backward)
        forward.clicked.connect(self.browser.forward)
        contents.clicked.connect(lambda: self.browser.setSource(self.home))
        self.browser.backwardAvailable.connect(back.setEnabled)
        self.browser.forwardAvailable.connect(forward.setEnabled)
        back.setEnabled(False)
        forward.setEnabled(False)
        close = QPushButton("Close")
        close.clicked.connect(self.close)
        self.status = QLabel(objectName="hint")
        self.browser.anchorClicked.connect(lambda _url: self.status.setText(self.browser.said))
        bar = QHBoxLayout()
        for button in (back, forward, contents):
            bar.addWidget(button)
        bar.addWidget(self.status, 1)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(style.SPACING, style.SPACING, style.SPACING, style.SPACING)
        layout.addLayout(bar)
        layout.addWidget(self.browser, 1)
        self.browser.setSource(self.home)
        self.resize(1000, 720)

    @property
    def page(self) -> Path:
        """The page showing now."""
        return Path(self.browser.source().toLocalFile())
