"""The accessibility pass: every control Tab can reach is reached, in reading order, and named.

The walk presses Tab from the filter box until the focus comes back to it, and
compares what it met with every visible, enabled control that takes the focus by
Tab. A control the walk skips, meets twice, meets out of reading order (pane by
pane, left to right; in a pane, top to bottom), or whose name a screen reader
would read as nothing fails the test. The toolbar and the menus are left out: each
of their actions is in a menu, with its shortcut.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QMenuBar, QStatusBar, QToolBar, QWidget

from tests.ui.shell.test_main_window import fresh_incident
from tests.ui.windows import open_window

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")


def spoken_name(widget: QWidget) -> str:
    """The control's name: the one given to it, else the one Qt derives (a button's text)."""
    if widget.accessibleName().strip():
        return widget.accessibleName().strip()
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def tab_reachable(root: QWidget) -> list[QWidget]:
    """The controls under ``root`` that Tab should reach: shown, enabled, taking Tab focus."""
    found = []
    for widget in root.findChildren(QWidget):
        if not (widget.isVisible() and widget.isEnabled() and widget.focusPolicy() & Qt.FocusPolicy.TabFocus):
            continue
        if widget.focusProxy() is not None:
            continue   # its proxy is the control
        if any(isinstance(a, (QToolBar, QMenuBar, QStatusBar)) for a in _ancestors(widget)):
            continue
        found.append(widget)
    return found


def _ancestors(widget: QWidget):
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


def walk(qtbot, start: QWidget, limit: int = 200) -> list[QWidget]:
    """Tab from ``start`` until the focus returns to it: the controls met, in order."""
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(start.hasFocus)
    met = [start]
    for _ in range(limit):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        current = QApplication.focusWidget()
        if current is start:
            return met
        assert current not in met, f"Tab came back to {describe(current)} before reaching the start again"
        met.append(current)
    raise AssertionError("Tab never came back to where it started")


def describe(widget: QWidget) -> str:
    return f"{type(widget).__name__} {spoken_name(widget)!r}"


def reading_position(widget: QWidget, panes: list[QWidget]) -> tuple[int, int, int]:
    """(pane, top, left): the order a sighted reader meets the control in."""
    pane = next(n for n, p in enumerate(panes) if p.isAncestorOf(widget) or p is widget)
    top_left = widget.mapTo(widget.window(), QPoint(0, 0))
    return pane, top_left.y(), top_left.x()


def check_chain(qtbot, start: QWidget, root: QWidget, panes: list[QWidget]) -> list[QWidget]:
    met = walk(qtbot, start)
    in_chain = [w for w in met if root.isAncestorOf(w)]
    skipped = [describe(w) for w in tab_reachable(root) if w not in met]
    assert not skipped, f"Tab never reaches: {skipped}"
    unnamed = [describe(w) for w in in_chain if not spoken_name(w)]
    assert not unnamed, f"controls without a name: {unnamed}"
    order = sorted(in_chain, key=lambda w: reading_position(w, panes))
    assert [describe(w) for w in in_chain] == [describe(w) for w in order], "Tab does not follow the reading order"
    return in_chain


def test_tab_reaches_every_control_of_the_window_in_reading_order_and_each_is_named(qtbot, demo_store, ui_settings):
    window = open_window(qtbot, demo_store, ui_settings)
    panes = [window.queue, window.middle, window.checklist]
    chain = check_chain(qtbot, window.queue.search, window, panes)
    names = [spoken_name(w) for w in chain]
    for expected in ("Filter records by text", "Record queue", "Progress by checklist",
                     "Show the record or the audit's findings", "Record fields"):
        assert expected in names


def test_the_find_bar_is_in_the_chain_between_the_record_and_the_checklist(qtbot, demo_store, ui_settings):
    window = open_window(qtbot, demo_store, ui_settings)
    window.record_view.start_find()
    chain = check_chain(qtbot, window.queue.search, window, [window.queue, window.middle, window.checklist])
    names = [spoken_name(w) for w in chain]
    assert names.index("Record fields") < names.index("Find in this record") < names.index("Close find")


def test_tab_goes_through_a_checklist_with_two_crimes_in_reading_order(qtbot, demo_store, ui_settings):
    window = open_window(qtbot, demo_store, ui_settings)
    key = fresh_incident(demo_store)
    for question, instance, value in (("auditable", None, "yes"), ("discloses_crime", None, "yes"),
                                      ("offence_group", 1, "theft"), ("recorded", 1, "yes"),
                                      ("offence_group", 2, "burglary"), ("recorded", 2, "no")):
        window.session.answer(key, question, instance, value)
    window.go_to(key)
    assert window.checklist.state.instances == {"crimes": 2}
    chain = check_chain(qtbot, window.queue.search, window.checklist, [window.checklist])
    names = [spoken_name(w) for w in chain]
    assert names[:2] == ["Can this record be audited? (required)",
                         "Does the record disclose one or more crimes that should have been recorded, whether or not "
                         "they were recorded? (required)"]
    first_crime = names.index("Remove crime 1 of 2")
    assert names[first_crime - 1] == "Flags that apply to this crime"     # the crime's last question, then Remove
    assert names[first_crime + 1] == "Which offence should have been recorded? (required)"   # crime 2 begins
    assert names[-2:] == ["Add crime", "Rationale (required)"]
