"""Render the workbench's icon (resources/icons/cdi-workbench.svg) to PNGs and a Windows .ico.

    .venv/bin/python installer/make_icons.py

Writes resources/icons/cdi-workbench-{16,24,32,48,64,128,256,512}.png (the window's icon,
the Linux desktop entry's hicolor icons) and cdi-workbench.ico (the Windows program and
its file types), with Qt's SVG renderer and Pillow (already installed: PySide6, and
reportlab's dependency). Run it again after changing the SVG and commit what it writes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PIL import Image  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication, QImage, QPainter  # noqa: E402
from PySide6.QtSvg import QSvgRenderer  # noqa: E402

ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"
SVG = ICONS / "cdi-workbench.svg"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)


def render(renderer: QSvgRenderer, size: int) -> QImage:
    image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def main() -> int:
    _app = QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        print(f"cannot read {SVG}", file=sys.stderr)
        return 1
    for size in SIZES:
        out = ICONS / f"cdi-workbench-{size}.png"
        render(renderer, size).save(str(out))
        print(f"wrote {out.relative_to(ICONS.parent.parent)}")
    largest = Image.open(ICONS / "cdi-workbench-256.png")
    largest.save(ICONS / "cdi-workbench.ico", sizes=[(s, s) for s in ICO_SIZES])
    print(f"wrote {(ICONS / 'cdi-workbench.ico').relative_to(ICONS.parent.parent)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
