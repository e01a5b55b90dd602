"""The window's look: the stylesheet keeps off item views, whose painting it would slow."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QFrame, QTableView

from workbench.ui.common import style

ITEM_VIEWS = ("QAbstractItemView", "QTableView", "QTableWidget", "QTreeView", "QTreeWidget", "QListView", "QListWidget")


def selectors(sheet: str) -> list[str]:
    return [s.strip() for rule in re.findall(r"([^{}]+)\{", sheet) for s in rule.split(",")]


def test_no_stylesheet_rule_matches_an_item_view():
    # A rule matching a view sends every cell through Qt's stylesheet style (the queue's repaint: 16 ms against 3).
    assert [s for s in selectors(style.STYLESHEET) if s.split("::")[0].split(":")[0].split()[-1] in ITEM_VIEWS] == []


def test_a_calm_table_has_no_frame_and_no_grid(qtbot):
    table = style.calm_table(QTableView())
    qtbot.addWidget(table)
    assert (table.frameShape(), table.showGrid()) == (QFrame.Shape.NoFrame, False)


def test_every_table_the_window_makes_is_a_calm_table():
    # Without the stylesheet's table rule, a table made plain would show a frame and a grid the look never had.
    from pathlib import Path

    import workbench.ui

    made = re.compile(r"\b(QTableView|QTableWidget)\(")
    bare = [f"{path.name}:{n}" for path in Path(workbench.ui.__file__).parent.rglob("*.py")
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if made.search(line) and "calm_table(" not in line]
    assert bare == []
