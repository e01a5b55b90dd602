"""What the screenshot scripts share: letting the window settle, and saving a widget as a PNG here."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent


def settle(app: QApplication, until: Callable[[], bool] | None = None, rounds: int | None = None) -> None:
    """Let queued work (worker results, layouts) land before a grab.

    Without ``until``: ``rounds`` passes of the event loop (50). With it: until it is
    true (at most ``rounds``, 2,000), then a few passes more.
    """
    for _ in range(rounds or (2000 if until else 50)):
        app.processEvents()
        if until is not None and until():
            break
    if until is not None:
        for _ in range(5):
            app.processEvents()


def grab(app: QApplication, widget: QWidget, name: str, size: tuple[int, int] | None = None) -> None:
    """Show ``widget`` at ``size`` (else its own size), let it settle, and save it as ``NAME.png`` beside this file."""
    widget.show()
    if size:
        widget.resize(*size)
    else:
        widget.adjustSize()
    settle(app)
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path.relative_to(ROOT)}")
