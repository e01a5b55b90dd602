"""The main window's actions, menus and toolbar, and when each action is enabled.

One table of actions by name (``window.actions``); the menus and the toolbar are
built over it, and ``update_actions`` enables each for the open audit (read-only,
signed off, a working copy), the current record and the person's role.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from workbench.core.audit import Role
from workbench.ui.common import style
from workbench.ui.shell.shortcuts import sequences

if TYPE_CHECKING:
    from workbench.ui.shell.main_window import MainWindow

#: Actions that change the audit: disabled when it is open read-only or signed off.
WRITING_ACTIONS = ("import", "settings", "undo", "redo", "flag", "clear_flag", "adjudicate")


def _action(window: MainWindow, name: str, text: str, slot: Callable, shortcut: str | None = None, tip: str = "") -> QAction:
    """Make one of the window's actions, with its shortcut from the shortcuts table."""
    action = QAction(text, window)
    if shortcut:
        action.setShortcuts(sequences(shortcut))
    action.setToolTip(tip or text.replace("…", ""))
    action.triggered.connect(lambda _checked=False: slot())
    window.addAction(action)
    window.actions[name] = action
    return action


def build_actions(window: MainWindow) -> None:
    """Every action of the window, by name (``window.actions``)."""
    a = lambda *args: _action(window, *args)
    a("start", "Start screen…", lambda: window.start_requested.emit("start"))
    a("new", "New audit…", lambda: window.start_requested.emit("new"), "new")
    a("open", "Open…", window._choose_file, "open")
    a("import", "Import sample…", window.import_sample)
    a("sample", "Draw a sample…", window.draw_sample, None, "Draw a random sample from a population extract")
    a("settings", "Audit settings…", window.audit_settings)
    a("save_copy", "Save a copy…", window.save_copy, None, "Write a verified copy of this audit to another file")
    a("export", "Export findings…", window.export, "export", "Export the findings as Excel and PDF (Ctrl+E)")
    a("findings", "Findings", window.show_findings, "findings", "Show the audit's findings (Ctrl+R)")
    a("package", "Package for peer review…", window.package_for_review, None,
      "Send chosen records, blind and encrypted, to a peer reviewer or a team member")
    a("merge", "Merge a return package…", window.merge_return, None, "Add a reviewer's answers beside the audit's own")
    a("send_back", "Send back to the audit lead…", window.send_back, None, "Return this working copy's answers")
    a("agreement", "Agreement with the peer reviewers…", window.show_agreement, None,
      "Per question and overall: percent agreement, Cohen's kappa and Gwet's AC1")
    a("trend", "Trend…", window.show_trend, None,
      "This audit's overall recording rate beside earlier audits', with reference lines")
    a("quit", "Quit", window.close, "quit")
    a("undo", "Undo", window.undo, "undo")
    a("redo", "Redo", window.redo, "redo")
    a("complete_next", "Complete and next", window.complete_and_next, "complete_next",
      "Complete this record and open the next incomplete one (Ctrl+Enter)")
    a("next", "Next record", window.next_record, "next", "Next record (Ctrl+J)")
    a("previous", "Previous record", window.previous_record, "previous", "Previous record (Ctrl+K)")
    a("flag", "Flag for the FCR…", window.flag, "flag", "Flag this record for the Force Crime Registrar (Ctrl+Shift+F)")
    a("clear_flag", "Clear flag", window.clear_flag, None, "Take the FCR flag off this record")
    a("sign_off", "Sign off the findings…", window.sign_off, None,
      "The FCR: sign the findings off with your key; the audit is then locked")
    a("reopen", "Reopen…", window.reopen, None, "The FCR: reopen a signed-off audit, saying why (the signature becomes void)")
    a("adjudicate", "Adjudicate…", window.adjudicate, "adjudicate",
      "The FCR: see the team's, the peer's and the final answers side by side, and determine the record (Ctrl+D)")
    a("find", "Find in record…", lambda: window.record_view.start_find(), "find", "Find in the record (Ctrl+F)")
    a("filter", "Filter records", window._focus_filter, "filter")
    a("focus_queue", "Go to the queue", lambda: window.queue.enter_list(), "focus_queue")
    a("focus_record", "Go to the record", window._focus_record, "focus_record")
    a("focus_checklist", "Go to the checklist", window._focus_checklist, "focus_checklist")
    a("shortcuts", "Keyboard shortcuts", window.show_shortcuts, "shortcuts")
    a("log", "Audit log…", window.show_log, None, "Who did what, when: the audit's event log")
    a("verify", "Verify the audit…", window.verify, None,
      "Check the file, its log's hash chain, and that its contents match the log (as 'workbench verify')")
    a("guide", "User guide", window.show_user_guide, None, "Open the user guide")
    a("about", "About the CDI workbench", window.show_about, None,
      "The version, the audit file format, where your data lives, and licences")
    for name in ("undo", "redo", "complete_next", "next", "previous", "flag", "find"):
        window.actions[name].setShortcutContext(Qt.ShortcutContext.WindowShortcut)


def build_menus(window: MainWindow) -> None:
    """The menus and the toolbar over the actions."""
    bar = window.menuBar()
    file_menu = bar.addMenu("&File")
    window.recent_menu = QMenu("Open &recent", window)
    window.recent_menu.aboutToShow.connect(lambda: fill_recent(window))
    for name in ("start", "new", "open"):
        file_menu.addAction(window.actions[name])
    file_menu.addMenu(window.recent_menu)
    file_menu.addSeparator()
    file_menu.addAction(window.actions["import"])
    file_menu.addAction(window.actions["sample"])
    file_menu.addAction(window.actions["settings"])
    file_menu.addAction(window.actions["export"])
    file_menu.addAction(window.actions["save_copy"])
    file_menu.addSeparator()
    for name in ("package", "merge", "send_back"):
        file_menu.addAction(window.actions[name])
    file_menu.addSeparator()
    file_menu.addAction(window.actions["quit"])
    edit_menu = bar.addMenu("&Edit")
    edit_menu.addAction(window.actions["undo"])
    edit_menu.addAction(window.actions["redo"])
    record_menu = bar.addMenu("&Record")
    for name in ("complete_next", "next", "previous", None, "flag", "clear_flag", "adjudicate", None, "find", "filter"):
        record_menu.addSeparator() if name is None else record_menu.addAction(window.actions[name])
    audit_menu = bar.addMenu("&Audit")
    audit_menu.addAction(window.actions["sign_off"])
    audit_menu.addAction(window.actions["reopen"])
    audit_menu.addSeparator()
    audit_menu.addAction(window.actions["verify"])   # the Tools › Verify: the audit's own menu holds it
    view_menu = bar.addMenu("&View")
    for name in ("findings", "agreement", "trend", "log", None, "focus_queue", "focus_record", "focus_checklist"):
        view_menu.addSeparator() if name is None else view_menu.addAction(window.actions[name])
    help_menu = bar.addMenu("&Help")
    for name in ("shortcuts", "guide", None, "about"):
        help_menu.addSeparator() if name is None else help_menu.addAction(window.actions[name])
    toolbar = window.addToolBar("Review")
    toolbar.setObjectName("reviewToolbar")
    toolbar.setMovable(False)
    toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    labels = {"previous": "‹ Previous", "next": "Next ›", "complete_next": "✓ Complete and next",
              "flag": "⚑ Flag for the FCR", "undo": "↶ Undo", "redo": "↷ Redo", "find": "Find"}
    for name in ("previous", "next", "complete_next", None, "flag", None, "undo", "redo", None, "find"):
        if name is None:
            toolbar.addSeparator()
            continue
        button_action = QAction(labels[name], window)
        button_action.setToolTip(window.actions[name].toolTip())
        button_action.triggered.connect(window.actions[name].trigger)
        window.actions[name].changed.connect(lambda b=button_action, n=name: b.setEnabled(window.actions[n].isEnabled()))
        toolbar.addAction(button_action)


def fill_recent(window: MainWindow) -> None:
    """File › Open recent, filled as it opens."""
    window.recent_menu.clear()
    for path in window.settings.recent_audits():
        action = window.recent_menu.addAction(path.name)
        action.setToolTip(style.plain_tooltip(str(path)))
        action.triggered.connect(lambda _c=False, p=path: window.open_requested.emit(p))
    if window.recent_menu.isEmpty():
        window.recent_menu.addAction("No recent audits").setEnabled(False)


def update_actions(window: MainWindow) -> None:
    """Enable each action as the open audit, the record and who is working allow."""
    history = window.session.history if window.session else None
    window.actions["undo"].setEnabled(bool(history and history.can_undo))
    window.actions["redo"].setEnabled(bool(history and history.can_redo))
    has_record = window.current_key is not None
    for name in ("complete_next", "flag", "find"):
        window.actions[name].setEnabled(has_record)
    for name in ("next", "previous"):
        window.actions[name].setEnabled(has_record and window.model.rowCount() > 0)
    copy = window.session is not None and window.session.store.copy_info() is not None
    for name in ("findings", "export", "package", "merge", "agreement", "trend"):  # a working copy: none of these
        window.actions[name].setEnabled(not copy)
    window.actions["send_back"].setEnabled(copy)
    flagged = has_record and window.session.flag_of(window.current_key) is not None
    window.actions["flag"].setText("Change the FCR query…" if flagged else "Flag for the FCR…")
    window.actions["clear_flag"].setEnabled(flagged)
    fcr = window.session is not None and window.session.actor.role == Role.FCR
    locked = window.session is not None and window.session.locked is not None
    window.actions["adjudicate"].setEnabled(has_record and fcr)
    window.actions["sign_off"].setEnabled(fcr and not locked)
    window.actions["reopen"].setEnabled(fcr and locked)
    if window.session is not None and (window.session.read_only or locked):
        for name in WRITING_ACTIONS:
            window.actions[name].setEnabled(False)
    if window.session is not None and window.session.read_only:
        window.actions["sign_off"].setEnabled(False)
        window.actions["reopen"].setEnabled(False)

# -- layout and resuming -----------------------------------------------------------------------
