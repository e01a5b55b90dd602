"""JobRunner: work off the UI thread, outcome back on it, progress, cancel, errors."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressDialog, QPushButton, QWidget

from workbench.core.errors import WorkbenchError
from workbench.ops.importing import ImportPlan, plan_import
from workbench.ops.progress import CHECKING, WRITING, Cancelled
from workbench.ui.common.jobs import JobRunner, stage_text

from tests.factories import write_sample

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")
WAIT = 10  # seconds a test thread waits for the other side at most (never reached when all is well)


@pytest.fixture
def runner(qapp):
    runner = JobRunner()
    yield runner
    runner.cancel_all()
    assert runner.wait(WAIT * 1000)
    QApplication.processEvents()


@pytest.fixture
def window(qtbot):
    widget = QWidget()
    widget.resize(600, 400)
    qtbot.addWidget(widget)
    widget.show()
    return widget


class Gate:
    """The worker says when it has started and waits until the test lets it go on."""

    def __init__(self):
        self.started, self.released = threading.Event(), threading.Event()

    def pause(self):
        self.started.set()
        assert self.released.wait(WAIT)


def test_the_work_runs_on_another_thread_and_the_result_comes_back_on_the_ui_thread(qtbot, runner):
    results = []

    def work(a, b, progress):
        return a + b, threading.get_ident()

    job = runner.run(work, 2, 3, on_done=lambda r: results.append((r, threading.get_ident())))
    with qtbot.waitSignal(job.done, timeout=WAIT * 1000):
        pass
    ((total, worker_thread), delivered_on) = results[0]
    assert total == 5 and worker_thread != threading.get_ident() and delivered_on == threading.get_ident()
    qtbot.waitUntil(lambda: not runner.busy)


def test_an_error_goes_to_on_error(qtbot, runner):
    def work(progress):
        raise WorkbenchError("the record is not in this audit")

    seen = []
    job = runner.run(work, on_done=lambda r: seen.append(("done", r)), on_error=lambda e: seen.append(("error", e)))
    with qtbot.waitSignal(job.failed, timeout=WAIT * 1000):
        pass
    assert seen[0][0] == "error" and str(seen[0][1]) == "the record is not in this audit"


def test_without_on_error_the_error_is_shown_in_words(qtbot, runner, window):
    def work(progress):
        raise PermissionError(13, "Permission denied", "/share/q3.cdiaudit")

    job = runner.run(work, on_done=lambda r: None, progress_dialog_parent=window)
    with qtbot.waitSignal(job.failed, timeout=WAIT * 1000):
        pass
    box = window.findChild(QMessageBox, "errorBox")
    assert box is not None and box.windowTitle() == "Not allowed" and "q3.cdiaudit" in box.text()
    box.accept()


def test_progress_reports_arrive_in_order_on_the_ui_thread(qtbot, runner):
    def work(progress):
        for done in (0, 500, 1000):
            progress.report(CHECKING, done, 1000)
        return "ok"

    seen = []
    job = runner.run(work, on_done=lambda r: None)
    job.progressed.connect(lambda stage, done, total: seen.append((stage, done, total, threading.get_ident())))
    with qtbot.waitSignal(job.done, timeout=WAIT * 1000):
        pass
    assert [s[:3] for s in seen] == [(CHECKING, 0, 1000), (CHECKING, 500, 1000), (CHECKING, 1000, 1000)]
    assert {s[3] for s in seen} == {threading.get_ident()}


def test_cancel_stops_the_work_and_is_not_shown_as_an_error(qtbot, runner, window):
    gate = Gate()

    def work(progress):
        gate.pause()
        progress.check_cancelled()
        return "finished"

    outcome = []
    job = runner.run(work, on_done=outcome.append, on_cancelled=lambda: outcome.append("cancelled"), progress_dialog_parent=window)
    assert gate.started.wait(WAIT)
    assert job.cancel()
    gate.released.set()
    with qtbot.waitSignal(job.failed, timeout=WAIT * 1000) as blocker:
        pass
    assert isinstance(blocker.args[0], Cancelled) and outcome == ["cancelled"]
    assert window.findChild(QMessageBox) is None


def test_the_dialogs_cancel_button_sets_the_flag_and_the_dialog_stays_until_the_work_stops(qtbot, runner, window):
    gate = Gate()

    def work(progress):
        progress.report(CHECKING, 0, 10)
        gate.pause()
        progress.check_cancelled()

    job = runner.run(work, on_done=lambda r: None, progress_dialog_parent=window, title="Checking the sample")
    dialog = window.findChild(QProgressDialog, "jobProgress")
    qtbot.waitUntil(dialog.isVisible, timeout=WAIT * 1000)
    assert dialog.windowTitle() == "Checking the sample"
    qtbot.waitUntil(lambda: dialog.labelText() == stage_text(CHECKING, 0, 10))
    qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
    assert job.progress.cancelled and dialog.isVisible() and dialog.labelText() == "Cancelling…"
    gate.released.set()
    with qtbot.waitSignal(job.failed, timeout=WAIT * 1000):
        pass
    assert not dialog.isVisible()


def test_once_the_write_has_started_cancel_is_refused_and_the_button_greyed(qtbot, runner, window):
    gate = Gate()

    def work(progress):
        progress.point_of_no_return()
        gate.pause()
        return "written"

    job = runner.run(work, on_done=lambda r: None, progress_dialog_parent=window)
    with qtbot.waitSignal(job.progressed, timeout=WAIT * 1000, check_params_cb=lambda stage, d, t: stage == WRITING):
        pass
    assert not job.cancel()
    assert not job.dialog.findChild(QPushButton).isEnabled()
    gate.released.set()
    with qtbot.waitSignal(job.done, timeout=WAIT * 1000) as blocker:
        pass
    assert blocker.args == ["written"]


def test_a_job_that_cannot_be_cancelled_has_no_cancel_button(qtbot, runner, window):
    gate = Gate()
    job = runner.run(lambda progress: gate.pause(), on_done=lambda r: None, progress_dialog_parent=window, cancellable=False)
    assert job.dialog.findChild(QPushButton) is None and not job.cancel()
    gate.released.set()
    with qtbot.waitSignal(job.done, timeout=WAIT * 1000):
        pass


def test_a_slow_job_that_never_reports_still_shows_its_dialog(qtbot, runner, window):
    gate = Gate()
    job = runner.run(lambda progress: gate.pause(), on_done=lambda r: None, progress_dialog_parent=window,
                     cancellable=False, title="Upgrading")
    assert gate.started.wait(WAIT) and not job.dialog.isVisible()
    # After DIALOG_DELAY_MS (0.4 s), not Qt's own default of 4 s that a dialog never given a value waits.
    qtbot.waitUntil(lambda: job.dialog is not None and job.dialog.isVisible(), timeout=3000)
    gate.released.set()
    with qtbot.waitSignal(job.done, timeout=WAIT * 1000):
        pass


def test_a_standalone_dialog_needs_no_window_behind_it(qtbot, runner):
    gate = Gate()
    job = runner.run(lambda progress: gate.pause(), on_done=lambda r: None, standalone_dialog=True, cancellable=False)
    assert job.dialog is not None and job.dialog.parent() is None
    qtbot.waitUntil(lambda: job.dialog.isVisible(), timeout=3000)
    gate.released.set()
    with qtbot.waitSignal(job.done, timeout=WAIT * 1000):
        pass


def test_the_real_import_check_runs_as_a_job(qtbot, runner, audit, tmp_path):
    path = write_sample(tmp_path, 1200)
    job = runner.run(plan_import, audit, path, on_done=lambda r: None)
    with qtbot.waitSignal(job.done, timeout=WAIT * 1000) as blocker:
        pass
    plan = blocker.args[0]
    assert isinstance(plan, ImportPlan) and len(plan.records) == 1200 and audit.record_count() == 0


def test_stage_words():
    assert stage_text(CHECKING, 1500, 12000) == "Checking row 1,500 of 12,000…"
    assert stage_text("exporting", 1, 2) == "exporting"
