"""The main window: the record queue, the record and its checklist, side by side.

The window wires the panes to one ``Session`` (the open audit): every change goes
through the session's runner to ``workbench.ops``, and every view refreshes from
the ``Changes`` it announces (``_apply``), whoever made them: this window, or
another program (``check_outside_changes``). Layout and where the user left off
are kept in ``UiSettings``; the audit file keeps everything else.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QSplitter, QTabWidget, QVBoxLayout, QWidget

from workbench.ops.data_protection import retention_passed
from workbench.ui.common import style
from workbench.ui.review.checklist_view import ChecklistView
from workbench.ui.findings.findings_view import FindingsView
from workbench.ui.peer_review import copy_banner
from workbench.ui.review.queue_model import RecordQueueModel
from workbench.ui.review.record_queue import RecordQueueView
from workbench.ui.review.record_view import RecordView
from workbench.ui.common.session import Changes, Session
from workbench.ui.common.text import role_name
from workbench.ui.common.ui_settings import UiSettings
from workbench.ui.shell.keyboard import WindowKeysFirst, chain_tab_order
from workbench.ui.shell.shortcuts import text_box_passes
from workbench.ui.shell.window_actions import build_actions, build_menus, update_actions
from workbench.ui.shell.window_dialogs import WindowDialogs

APP_TITLE = "CDI workbench"
READ_ONLY_WORDS = ("Read-only: this audit's file or folder cannot be written here, so nothing can be changed. "
                   "To work on it, use File › Save a copy… and open the copy.")
#: How often the window looks for changes another program (the CLI, a colleague) committed.
WATCH_MS = 2000
#: Audits with more records than this show the window before reading the whole queue.
QUEUE_LATER_ABOVE = 20_000
QUEUE_LATER_MS = 100   # after the window has been mapped and painted
#: The checklists' layouts are built ahead once the window has been open this long (``ChecklistView.prepare``).
PREPARE_AFTER_MS = 1500
#: Where the user is is remembered once they pause this long on a record (and when the window closes).
PLACE_DELAY_MS = 1500
#: The next record in the queue is laid out this long after a record shows (its frame painted by then),
#: unless the user moves on first: moving to it is then a switch of views (``_prepare_next``).
NEXT_AHEAD_MS = 15


class MainWindow(WindowDialogs, QMainWindow):
    """One audit open for review. ``open_requested(path)`` / ``start_requested()`` go to the app.

    The dialogs its menus open are in ``WindowDialogs`` (``ui/shell/window_dialogs.py``).
    """

    open_requested = Signal(object)     # a Path chosen in Open… or Open recent
    start_requested = Signal(str)       # the start screen, on a page: "start" or "new"

    def __init__(self, session: Session, settings: UiSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.session: Session | None = None
        self.current_key: str | None = None
        self.dialog: QWidget | None = None   # the dialog open now (for tests and to keep it alive)
        self.closed = False   # closed: its audit is closed too, and late timers find nothing to do
        self.guide: QWidget | None = None   # Help › User guide, while open
        self.actions: dict[str, QAction] = {}
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setHandleWidth(1)
        self.copy_banner = copy_banner.CopyBanner()   # shown only for a peer's (or team member's) working copy
        self.banner = QLabel(objectName="readOnlyBanner")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.PlainText)
        self.banner.setStyleSheet(f"background: {style.WARNING_SOFT}; color: {style.TEXT}; padding: 6px 12px;"
                                  f" border-bottom: 1px solid {style.BORDER};")
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.copy_banner)
        column.addWidget(self.banner)
        column.addWidget(self.splitter, 1)
        self.setCentralWidget(central)
        build_actions(self)
        self.keys_first = WindowKeysFirst([k for n in text_box_passes() for k in self.actions[n].shortcuts()], self)
        QApplication.instance().focusChanged.connect(self._focus_moved)
        build_menus(self)
        self._build_status_bar()
        self._seen_version: int | None = None
        self.place_timer = QTimer(self, singleShot=True, interval=PLACE_DELAY_MS)
        self.place_timer.timeout.connect(self.remember_place)
        self.ahead_timer = QTimer(self, singleShot=True, interval=NEXT_AHEAD_MS)
        self.ahead_timer.timeout.connect(self._prepare_next)
        self.watch = QTimer(self)
        self.watch.setInterval(WATCH_MS)
        self.watch.timeout.connect(self.check_outside_changes)
        self.watch.start()
        self.set_session(session)
        self._restore_layout()

    # -- the audit ------------------------------------------------------------------------
    def set_session(self, session: Session) -> None:
        """Show ``session``'s audit (replacing the panes of the previous one)."""
        if self.session is not None:
            self.remember_place()
            self.checklist.commit()
            self.findings.shutdown()
            self.session.changed.disconnect(self._apply)   # its views go with it
        self.session = session
        self._seen_version = None
        # A large audit's queue (0.3 s for 100,000 records) is read once the window and the
        # first record show; a small one's at once.
        later = session.store.record_count() > QUEUE_LATER_ABOVE
        self.model = RecordQueueModel(session.store, self, load=not later)
        self.queue = RecordQueueView(self.model)
        self.record_view = RecordView()
        self.findings = FindingsView()
        self.middle = QTabWidget()
        self.middle.setDocumentMode(True)
        self.middle.addTab(self.record_view, "Record")
        if session.store.copy_info() is None:  # a working copy shows none of the home force's findings
            self.middle.addTab(self.findings, "Findings")
            self.middle.setTabToolTip(1, "The audit's findings, updated as answers change (Ctrl+R)")
        else:
            self.findings.setParent(self.middle)   # kept (hidden) so that the window's calls still find it
            self.findings.hide()
        self.middle.currentChanged.connect(self._middle_tab_changed)
        self.middle.tabBar().setAccessibleName("Show the record or the audit's findings")
        self.middle.setFocusPolicy(Qt.FocusPolicy.NoFocus)   # its tab bar takes the focus, once, in the chain
        self.middle.tabBar().setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.checklist = ChecklistView(session)
        state = self.splitter.saveState() if self.splitter.count() else None
        for index in reversed(range(self.splitter.count())):
            old = self.splitter.widget(index)
            old.hide()
            old.deleteLater()
        for pane, minimum in ((self.queue, self.queue.minimum_width()), (self.middle, 320), (self.checklist, 360)):
            pane.setMinimumWidth(minimum)
            self.splitter.addWidget(pane)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 1)
        if state is not None:
            self.splitter.restoreState(state)
        self.queue.record_chosen.connect(lambda key: self.go_to(key, focus=not self.queue.browsing))
        self.queue.record_activated.connect(self._answer_record)
        self.queue.filters_applied.connect(self.statusBar().clearMessage)   # a word about the old filter is stale
        self.record_view.find_closed.connect(self._focus_checklist)
        self.record_view.import_button.clicked.connect(self.import_sample)
        self.checklist.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self._chain_tab_order()
        session.changed.connect(self._apply)
        self.settings.add_recent(session.path, session.store.settings().title)
        self._show_audit()
        self.current_key = None
        resume = self.settings.resume_at(session.path)
        if resume and session.store.queue_row(resume[0]) is not None:
            self.go_to(resume[0], resume[1])
        else:
            first = self.model.next_incomplete(None) or self.model.key_at(0) if self.model.loaded \
                else session.store.first_incomplete_key()
            self.go_to(first)
        if not self.model.loaded:   # after the first paint (a zero timer would run before it)
            QTimer.singleShot(QUEUE_LATER_MS, self.model, lambda model=self.model: self._load_queue(model))
        QTimer.singleShot(PREPARE_AFTER_MS, self.checklist, lambda checklist=self.checklist: self._prepare_checklists(checklist))
        if self.current_key is None:
            self.record_view.show_empty(can_import=not session.read_only and session.store.copy_info() is None)
            self.record_view.import_button.setFocus(Qt.FocusReason.OtherFocusReason)
            self._update_actions()

    def _prepare_checklists(self, checklist: ChecklistView) -> None:
        if checklist is self.checklist and not self.closed:   # the same audit is open
            checklist.prepare(self.session.store.forms().values())

    def _load_queue(self, model: RecordQueueModel) -> None:
        if model is not self.model or model.loaded or self.closed:
            return   # another audit is open by now, or a change has read it already
        self._reload_queue()
        self._update_actions()

    def _show_audit(self) -> None:
        audit = self.session.store.settings()
        actor = self.session.actor
        copy = copy_banner.copy_title(self.session.store)
        self.setWindowTitle(f"{audit.title}{f' ({copy})' if copy else ''} — {APP_TITLE}")
        self.copy_banner.show_for(self.session.store)
        role = role_name(actor.role)
        self.who.setText(f"{actor.name} ({role})" + (f", {actor.force}" if actor.force else ""))
        self.audit_title.setText(audit.title)
        notices = ([READ_ONLY_WORDS] if self.session.read_only else []) + [n for n in [
            self.session.locked, retention_passed(self.session.store)] if n]
        self.banner.setText("\n".join(notices))
        self.banner.setVisible(bool(notices))
        self.marking.setText(audit.marking)
        self.marking.setAccessibleName(f"Protective marking: {audit.marking}")
        self._update_actions()

    # -- moving between records ----------------------------------------------------------------
    def go_to(self, key: str | None, question: str | None = None, instance: int | None = None, focus: bool = True) -> None:
        """Open ``key`` (and focus ``question`` or the first unanswered one; not with ``focus`` False:
        the user is moving through the queue with the keys)."""
        if key is None:
            return
        if key != self.current_key:
            self.checklist.commit()
            try:
                record = self.session.record(key)
            except KeyError:
                return
            self.current_key = key
            self.session.consulted(key)   # the DPA 2018 s62 consultation log
            self.middle.setCurrentWidget(self.record_view)
            self.record_view.show_record(record, self.session.form(record).title)
            self.record_view.show_insights(self.session.insights(key))
            self.checklist.show_record(key)
            self.queue.select_key(key)
        if focus and not (question and self.checklist.focus_question(question, instance)):
            self.checklist.focus_first()
        self.place_timer.start()   # remembered once the user pauses: QSettings writes its file each time
        self.ahead_timer.start()
        self._update_actions()

    def _prepare_next(self) -> None:
        """Lay out the record after this one in the queue, in the record pane's hidden text view and
        its checklist's page (if not the one on screen), and scroll its row into view: Ctrl+J, and
        Ctrl+Enter through a sample worked in order, then only show them. Nothing is logged as
        consulted until it shows."""
        if self.closed or self.session is None or self.current_key is None:
            return
        self.checklist.finish_showing()   # the rest of a page shown from its first screen
        key = self.model.neighbour(self.current_key, 1)
        if key is None:
            return
        self.queue.keep_in_view(key)
        try:
            self.record_view.prepare(self.session.record(key))
            self.checklist.prepare_record(key)
        except Exception:   # noqa: BLE001 - only a head start: moving to the record reads it again, and says what fails
            return

    def next_record(self) -> None:
        self._step(1)

    def previous_record(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        key = self.model.neighbour(self.current_key, step)
        if key is None:
            self.statusBar().showMessage("This is the last record in the queue." if step > 0 else "This is the first record in the queue.", 5000)
            return
        self.go_to(key)

    def complete_and_next(self) -> None:
        """Ctrl+Enter: if the record is complete, open the next incomplete one; else say what is missing."""
        if self.current_key is None or not self.checklist.check_complete():
            return
        done = self.current_key
        key = self.model.next_incomplete(done)
        if key is None:
            self.statusBar().showMessage(self._all_complete_words(), 10000)
            return
        self.go_to(key)
        self.statusBar().showMessage(f"{done} is complete.", 5000)

    def _all_complete_words(self) -> str:
        """No incomplete record in the queue as shown: the whole audit, or only the filtered part?"""
        others = sum(n for (_form, progress), n in self.model.counts().items() if progress != "complete")
        if others == 0:
            return "Every record in the audit is complete."
        return (f"Every record the filter shows is complete; {others:,} other record{'s are' if others > 1 else ' is'}"
                " not. Clear the filter (Ctrl+L, then Esc) to go on to them.")

    def _answer_record(self, key: str) -> None:
        """Enter on a queue row: open the record and go to its checklist."""
        self.go_to(key)
        self._focus_checklist()

    # -- undo and the findings tab -------------------------------------------------------------
    def undo(self) -> None:
        self._travel(self.session.undo)

    def redo(self) -> None:
        self._travel(self.session.redo)

    def _travel(self, step: Callable) -> None:
        self.checklist.commit()
        edit = step(parent=self)   # a failure is said by the runner, and the views re-read
        if edit is not None:
            self.go_to(edit.record_key, edit.question, edit.instance)
        self._update_actions()

    def show_findings(self) -> None:
        """Toggle between the record and the audit's findings (Ctrl+R)."""
        self.middle.setCurrentWidget(self.record_view if self.middle.currentWidget() is self.findings else self.findings)

    def _middle_tab_changed(self, _index: int) -> None:
        if self.middle.currentWidget() is self.findings:
            self.findings.refresh_now(self.session.store)

    def _refresh_findings(self) -> None:
        if self.middle.currentWidget() is self.findings:  # a hidden view catches up when shown
            self.findings.refresh(self.session.store)

    def _open_dialog(self, dialog: QWidget) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda _obj=None: setattr(self, "dialog", None))
        self.dialog = dialog
        dialog.open()

    def _reload_queue(self) -> None:
        self.model.reload()
        self.queue.refresh_checklists()
        if self.current_key:
            self.queue.select_key(self.current_key)
        else:
            self.go_to(self.model.next_incomplete(None))

    def check_outside_changes(self) -> None:
        """If another program committed to the audit, show what the file holds now.

        Not while a dialog is open: its own background jobs (import, export) write
        on connections of their own, and the window refreshes after them anyway. Nor
        while the full-text index catches up on the session's worker: its commits
        change nothing a view shows.
        """
        if self.session is None or self.dialog is not None or self.session.indexer.busy:
            self._seen_version = None  # start afresh once the dialog has gone
            return
        version = self.session.store.data_version()
        changed = self._seen_version is not None and version != self._seen_version
        self._seen_version = version
        if changed:
            self.checklist.commit()
            self.session.outside_changes()

    def _apply(self, changes: Changes) -> None:
        """Refresh every view from what an operation (or another program) changed."""
        if not changes or self.closed:
            return
        if changes.queue:
            self._reload_queue()
        else:
            for key in changes.records:
                self.model.refresh_record(key)
        if changes.settings or changes.identity:
            self._show_audit()
        if self.current_key is not None and (changes.queue or changes.settings):   # an import, the time limit
            self.record_view.show_insights(self.session.insights(self.current_key))
        if changes.findings:
            self._refresh_findings()
        if changes.outside:
            self.statusBar().showMessage("The audit was changed by another program: showing its latest state.", 8000)
        self._update_actions()

    # -- actions, menus, status bar --------------------------------------------------------------
    def _focus_filter(self) -> None:
        self.queue.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.queue.search.selectAll()

    def _focus_moved(self, _old: QWidget | None, new: QWidget | None) -> None:
        if new is not None and self.isAncestorOf(new):
            self.keys_first.watch(new)   # Ctrl+E and the like reach the window from a text box

    def _chain_tab_order(self) -> None:
        """Tab in reading order: the queue, the record (its tabs, text and find bar), then the checklist,
        whose cards follow in their own order (``ChecklistView``) and lead back to the filter box."""
        find = self.record_view.find_bar.findChildren(QWidget)
        chain_tab_order([self.queue.search, self.queue.state_box, self.queue.form_box, self.queue.table,
                         self.queue.progress.toggle, self.middle.tabBar(), self.record_view.import_button,
                         *self.record_view.text_views, *[w for w in find if w.focusPolicy() != Qt.FocusPolicy.NoFocus]])

    def _focus_record(self) -> None:
        self.middle.setCurrentWidget(self.record_view)
        self.record_view.text.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _focus_checklist(self) -> None:
        current = self.checklist.current_question()
        if not (current and self.checklist.focus_question(*current)):
            self.checklist.focus_first()

    def _choose_file(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        name, _ = QFileDialog.getOpenFileName(self, "Open an audit", str(Path.home()), "Audits and packages (*.cdiaudit *.cdipkg);;All files (*)")
        if name:
            self.open_requested.emit(Path(name))

    def _build_status_bar(self) -> None:
        self.who = QLabel()
        self.audit_title = QLabel()
        self.marking = QLabel(objectName="marking")
        for label in (self.who, self.audit_title, self.marking):  # names and titles the user typed
            label.setTextFormat(Qt.TextFormat.PlainText)
        status = self.statusBar()
        status.setSizeGripEnabled(False)
        status.addPermanentWidget(self.who)
        status.addPermanentWidget(self.audit_title)
        status.addPermanentWidget(self.marking)

    def _update_actions(self) -> None:
        update_actions(self)

    def _restore_layout(self) -> None:
        geometry = self.settings.window_geometry
        if not (geometry and self.restoreGeometry(geometry)):
            self._first_size()
        # The panes' sizes are put back once the window has its own size (showEvent): set
        # now, while it is still small, the records pane would be squeezed and stay so.
        self._sized = False
        self._queue_width: int | None = None   # the records pane's saved width, kept until the user moves it

    def _first_size(self) -> None:
        """The first run: fill a laptop screen; on a large one, most of it, centred."""
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None:
            self.resize(1280, 760)
        elif screen.width() <= 1440 or screen.height() <= 860:
            self.resize(screen.size())
            self.setWindowState(Qt.WindowState.WindowMaximized)
        else:
            self.resize(int(screen.width() * 0.9), int(screen.height() * 0.9))
            self.move(screen.center() - self.rect().center())

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            saved = self.settings.splitter_state("main")
            if saved and self.splitter.restoreState(saved):
                # A window put back maximised may show at its smaller size first: the records pane
                # (which does not stretch) is squeezed then, and kept at its saved width as it grows.
                self._queue_width = self.splitter.sizes()[0]
                self.splitter.installEventFilter(self)
                self.splitter.splitterMoved.connect(self._pane_moved)
                self._keep_queue_width()
                return
            width = self.splitter.width()  # first run: queue, record and checklist at about 30/35/35
            queue = max(self.queue.minimumWidth(), 420, int(width * 0.31))
            self.splitter.setSizes([queue, (width - queue) // 2, width - queue - (width - queue) // 2])

    def _pane_moved(self, _pos: int, _index: int) -> None:
        self._queue_width = None   # the user's own sizes from now on

    def _keep_queue_width(self) -> None:
        sizes = self.splitter.sizes()
        target = self._queue_width
        rest = sum(sizes) - (target or 0)
        if not target or sizes[0] >= target or rest < self.middle.minimumWidth() + self.checklist.minimumWidth():
            return
        share = sizes[1] / max(1, sizes[1] + sizes[2])
        self.splitter.setSizes([target, int(rest * share), rest - int(rest * share)])

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.splitter and event.type() == QEvent.Type.Resize and self._queue_width:
            QTimer.singleShot(0, self._keep_queue_width)   # once the splitter has laid out its new size
        return super().eventFilter(watched, event)

    def remember_place(self) -> None:
        if self.session is not None and self.current_key is not None:
            current = self.checklist.current_question()
            self.settings.set_resume_at(self.session.path, self.current_key, current[0] if current else None)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        self.closed = True
        self.place_timer.stop()
        self.ahead_timer.stop()
        self.watch.stop()   # no look for outside changes once the window has gone
        if self.session is not None:
            self.checklist.commit()
            self.remember_place()
            self.findings.shutdown()
        self.settings.window_geometry = self.saveGeometry()
        self.settings.set_splitter_state("main", self.splitter.saveState())
        self.settings.sync()
        super().closeEvent(event)
