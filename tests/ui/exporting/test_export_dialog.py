"""ExportDialog: choose formats, names and recipient; export off the UI thread; cancel and
failure leave the earlier file untouched."""

from __future__ import annotations

import threading

import openpyxl
import pytest
from PySide6.QtCore import Qt

from workbench.store.audit_store import AuditStore
from workbench.ui.exporting import export_dialog as dialog_module
from workbench.ui.exporting.export_dialog import ExportDialog

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")
WAIT_MS = 30_000


@pytest.fixture
def dialog(qtbot, demo_session):
    widget = ExportDialog(demo_session)
    qtbot.addWidget(widget)
    widget.show()
    yield widget
    demo_session.jobs.wait()


def disclosures(store) -> list[dict]:
    return [e.detail for e in store.events() if str(e.operation) == "disclosure"]


def test_defaults_excel_and_pdf_beside_the_audit(dialog, demo_store):
    targets = dialog.targets()
    assert list(targets) == ["xlsx", "pdf"]
    assert targets["xlsx"].parent == demo_store.path.parent and targets["xlsx"].suffix == ".xlsx"
    assert targets["pdf"].parent == demo_store.path.parent and targets["pdf"].suffix == ".pdf"
    assert dialog.export_button.isEnabled()
    dialog.rows["xlsx"].check.setChecked(False)
    dialog.rows["pdf"].check.setChecked(False)
    assert not dialog.export_button.isEnabled()  # nothing to write


def excel_only(dialog, path):
    dialog.rows["pdf"].check.setChecked(False)
    dialog.rows["xlsx"].path.setText(str(path))


def test_a_missing_folder_is_said_before_exporting(dialog, tmp_path):
    dialog.rows["xlsx"].path.setText(str(tmp_path / "no-such-folder" / "out.xlsx"))
    assert not dialog.export_button.isEnabled()
    assert "does not exist" in dialog.rows["xlsx"].hint.text()


def test_the_suffix_is_added(dialog, tmp_path):
    dialog.rows["xlsx"].path.setText(str(tmp_path / "board pack"))
    assert dialog.targets()["xlsx"].name == "board pack.xlsx"


def test_it_exports_excel_and_pdf_with_the_recipient(qtbot, dialog, demo_store, tmp_path):
    dialog.rows["xlsx"].path.setText(str(tmp_path / "out.xlsx"))
    dialog.rows["pdf"].check.setChecked(True)
    dialog.rows["pdf"].path.setText(str(tmp_path / "out.pdf"))
    qtbot.keyClicks(dialog.recipient, "Governance board")
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    results = blocker.args[0]
    assert [r.fmt for r in results] == ["xlsx", "pdf"]
    assert openpyxl.load_workbook(tmp_path / "out.xlsx").sheetnames[0] == "Findings"
    assert (tmp_path / "out.pdf").read_bytes().startswith(b"%PDF")
    assert "Wrote out.xlsx" in dialog.status.text() and "Wrote out.pdf" in dialog.status.text()
    assert [d["recipient"] for d in disclosures(demo_store)] == ["Governance board", "Governance board"]
    assert dialog.job is None and dialog.export_button.isEnabled()


def test_cancel_leaves_the_earlier_file_and_logs_nothing(qtbot, dialog, demo_store, tmp_path, monkeypatch):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"the earlier export")
    dialog.rows["xlsx"].path.setText(str(out))
    assert "will be replaced" in dialog.rows["xlsx"].hint.text()
    started, release = threading.Event(), threading.Event()
    real = dialog_module.export_report

    def slow_export(*args, progress=None):
        progress.report("gathering", 0, 0)
        started.set()
        assert release.wait(10)
        return real(*args, progress=progress)

    monkeypatch.setattr(dialog_module, "export_report", slow_export)
    dialog.start()
    assert started.wait(10)
    assert dialog.cancel_export()
    release.set()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=WAIT_MS)
    assert out.read_bytes() == b"the earlier export"
    assert "cancelled" in dialog.status.text().lower()
    assert disclosures(demo_store) == []
    assert not list(tmp_path.glob(".out.xlsx.*"))


def test_a_failed_export_says_so_and_leaves_the_earlier_file(qtbot, dialog, tmp_path, monkeypatch):
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"the earlier export")
    dialog.rows["xlsx"].path.setText(str(out))
    shown = []
    monkeypatch.setattr(dialog_module.errors, "show_error", lambda parent, exc: shown.append(exc))

    def broken_writer(progress=None):
        def write(data, path):
            path.write_bytes(b"half")
            raise RuntimeError("disk full")
        return write

    monkeypatch.setattr("workbench.ops.export.xlsx_writer", broken_writer)
    dialog.start()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=WAIT_MS)
    assert out.read_bytes() == b"the earlier export"
    assert "failed" in dialog.status.text() and isinstance(shown[0], RuntimeError)


def test_progress_is_worded():
    assert dialog_module.stage_text("rendering", 1000, 86824) == "Writing the files… (1%)"
    assert dialog_module.stage_text("rendering", 3, 4, "PDF report") == "Writing the PDF report… (75%)"
    assert dialog_module.stage_text("rendering", 0, 0, "PDF report") == "Writing the PDF report…"
    assert "can no longer be cancelled" in dialog_module.stage_text("writing", 0, 1)


def test_closing_during_a_long_pdf_layout_cancels_without_freezing_and_closes_when_it_stops(
        qtbot, dialog, demo_store, tmp_path, monkeypatch):
    """reportlab can lay out for a long time between two progress reports: closing must not wait for it."""
    out = tmp_path / "out.pdf"
    out.write_bytes(b"the earlier report")
    dialog.rows["xlsx"].check.setChecked(False)
    dialog.rows["pdf"].check.setChecked(True)
    dialog.rows["pdf"].path.setText(str(out))
    laying_out, release = threading.Event(), threading.Event()
    cancelled = []

    def slow_pdf(data, path, on_progress=None):
        on_progress(1, 4)
        laying_out.set()
        release.wait(10)  # one long layout step; the next report sees the cancel
        try:
            on_progress(2, 4)
        except Exception as exc:
            cancelled.append(exc)
            raise
        path.write_bytes(b"%PDF- finished")

    monkeypatch.setattr("workbench.io.pdf_report.write_pdf", slow_pdf)
    dialog.start()
    assert laying_out.wait(10)
    qtbot.waitUntil(lambda: dialog.progress is not None and dialog.progress.value() == 25, timeout=WAIT_MS)
    assert dialog.progress.labelText() == "Writing the PDF report… (25%)"
    dialog.reject()  # returns at once: the worker is still in its layout step
    assert dialog.isVisible() and dialog.job is not None
    assert dialog.progress.labelText().startswith("Cancelling")
    release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert dialog.job is None and type(cancelled[0]).__name__ == "Cancelled"
    assert out.read_bytes() == b"the earlier report"
    assert disclosures(demo_store) == []
    assert not list(tmp_path.glob(".out.pdf.*"))


def test_closing_once_the_files_are_being_saved_lets_them_finish_then_closes(qtbot, dialog, demo_store, tmp_path, monkeypatch):
    excel_only(dialog, tmp_path / "out.xlsx")
    saving, release = threading.Event(), threading.Event()
    real = AuditStore.log_disclosures

    def slow_log(store, *args, **kwargs):
        saving.set()
        release.wait(10)
        return real(store, *args, **kwargs)

    monkeypatch.setattr(AuditStore, "log_disclosures", slow_log)  # the export's own connection is another AuditStore
    dialog.start()
    assert saving.wait(10)
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS):
        dialog.reject()  # too late to cancel: it finishes, then the dialog closes
        assert dialog.isVisible()
        release.set()
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=WAIT_MS)
    assert (tmp_path / "out.xlsx").exists() and len(disclosures(demo_store)) == 1


def test_the_export_runs_on_a_connection_of_its_own(qtbot, dialog, demo_store, tmp_path, monkeypatch):
    seen = []
    real = AuditStore.log_disclosures

    def spy(store, *args, **kwargs):
        seen.append(store is demo_store)
        return real(store, *args, **kwargs)

    monkeypatch.setattr(AuditStore, "log_disclosures", spy)
    excel_only(dialog, tmp_path / "out.xlsx")
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS):
        dialog.start()
    assert seen == [False] and len(disclosures(demo_store)) == 1


def test_it_warns_before_exporting_that_incomplete_records_are_left_out(dialog, demo_store):
    counts = demo_store.progress_counts()
    total = sum(n for by in counts.values() for n in by.values())
    done = sum(by.get("complete", 0) for by in counts.values())
    assert dialog.incomplete.isVisibleTo(dialog)
    assert dialog.incomplete.text().startswith(f"{total - done} of {total} records are not complete: they are left out "
                                               "of the findings")


def test_once_exported_each_file_and_its_folder_can_be_opened(qtbot, dialog, tmp_path, monkeypatch):
    opened = []
    monkeypatch.setattr(dialog_module.QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    dialog.rows["xlsx"].path.setText(str(tmp_path / "out.xlsx"))
    dialog.rows["pdf"].path.setText(str(tmp_path / "out.pdf"))
    assert not dialog.opened.isVisibleTo(dialog)
    with qtbot.waitSignal(dialog.exported, timeout=WAIT_MS):
        dialog.start()
    buttons = {b.objectName(): b for b in dialog.opened.findChildren(dialog_module.QPushButton)}
    assert set(buttons) == {"open_xlsx", "open_pdf", "showFolder"}
    assert buttons["open_xlsx"].hasFocus() or not dialog.isActiveWindow()
    for name in ("open_pdf", "open_xlsx", "showFolder"):
        buttons[name].click()
    assert opened == [str(tmp_path / "out.pdf"), str(tmp_path / "out.xlsx"), str(tmp_path)]
