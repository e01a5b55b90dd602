"""The shortcuts sheet shows every shortcut the window has."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel

from workbench.ui.shell.shortcuts import KEYS, SHEET, ShortcutsDialog

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")


def test_the_sheet_lists_every_window_shortcut(qtbot):
    dialog = ShortcutsDialog()
    qtbot.addWidget(dialog)
    shown = " ".join(keys for _title, entries in SHEET for keys, _what in entries)
    for name, keys in KEYS.items():
        first = keys[0].replace("Return", "Enter")
        assert first in shown, f"{name} ({first}) is missing from the sheet"
    labels = [w.text() for w in dialog.findChildren(QLabel)]
    assert "Answering" in labels and any("Undo the last answer" in t for t in labels)
    assert len(dialog.entries()) >= 20
