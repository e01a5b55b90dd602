"""A fixture that fails a GUI test which leaves a window open or a widget of ours alive.

Import it into a test module (``from tests.ui.widget_leaks import no_leaked_widgets``);
it is autouse there. pytest-qt closes the widgets registered with ``qtbot.addWidget``
before fixtures are torn down, so anything still here was not registered or closed.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication


def _ours() -> list:
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    return [
        w for w in QApplication.topLevelWidgets()
        if w.isVisible() or type(w).__module__.startswith("workbench")
    ]


@pytest.fixture(autouse=True)
def no_leaked_widgets(qapp):
    before = set(map(id, _ours()))
    yield
    left = [w for w in _ours() if id(w) not in before]
    for widget in left:
        widget.close()
        widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not left, f"widgets left behind: {[type(w).__name__ for w in left]}"
