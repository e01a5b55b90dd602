"""SamplingDialog: choose a population and how to draw; draw off the UI thread into the audit or a
workbook; cancel leaves everything as it was; the calculator offers a size."""

from __future__ import annotations

import threading
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from workbench.ops.progress import READING
from workbench.store.verify import verify
from workbench.ui.sampling import sampling_dialog as dialog_module
from workbench.ui.sampling.sampling_dialog import SamplingDialog, parse_rates
from workbench.ui.shell.main_window import MainWindow
from workbench.ui.common.session import Session

from tests.factories import AUDITOR, make_audit, write_population
from tests.ui.dialogs import close_error_boxes

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")
WAIT_MS = 30_000


@pytest.fixture
def store(tmp_path):
    audit = make_audit(tmp_path)
    yield audit
    audit.close()


@pytest.fixture
def session(store):
    working = Session(store, AUDITOR)
    yield working
    working.jobs.wait()


@pytest.fixture
def dialog(qtbot, session):
    widget = SamplingDialog(session)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def choose_population(qtbot, dialog, path: Path, strata: str | None = "area") -> None:
    dialog.file_path.setText(str(path))
    dialog.load_columns(str(path))
    qtbot.waitUntil(lambda: dialog.columns is not None and dialog.job is None, timeout=WAIT_MS)
    if strata:
        dialog.strata_column.setCurrentText(strata)


def draw(qtbot, dialog):
    with qtbot.waitSignal(dialog.drawn, timeout=WAIT_MS) as blocker:
        qtbot.mouseClick(dialog.draw_button, Qt.MouseButton.LeftButton)
    return blocker.args[0]


def test_the_population_headings_become_the_key_and_strata_choices(qtbot, dialog, tmp_path):
    assert not dialog.draw_button.isEnabled()  # no population yet
    choose_population(qtbot, dialog, write_population(tmp_path), strata=None)
    assert dialog.key_column.currentText() == "incident_ref"
    assert [dialog.strata_column.itemText(i) for i in range(dialog.strata_column.count())] == [
        "None: a simple random sample", "incident_ref", "area", "received", "narrative"]
    assert not dialog.allocation.isEnabled() and dialog.draw_button.isEnabled()


def test_a_fresh_seed_is_proposed_and_can_be_renewed(qtbot, dialog):
    first = dialog.seed.text()
    assert first.isdigit()
    qtbot.mouseClick(dialog.findChild(type(dialog.draw_button), "newSeed"), Qt.MouseButton.LeftButton)
    assert dialog.seed.text().isdigit() and dialog.seed.text() != first


def test_it_draws_into_the_audit_with_the_seed_shown(qtbot, dialog, session, store, tmp_path):
    choose_population(qtbot, dialog, write_population(tmp_path))
    dialog.size.setValue(20)
    dialog.seed.setText("2024")
    told: list = []
    session.changed.connect(told.append)
    outcome = draw(qtbot, dialog)
    assert told[-1].queue  # the window reloads its queue from this
    assert store.record_count() == 20 and outcome.draw_id == 1
    [stored] = store.sample_draws()
    assert (stored.seed, stored.strata_column, stored.form_id) == (2024, "area", "incident")
    assert "Drew 20 of 200 records from population.csv with seed 2024" in dialog.status.text()
    shown = [(dialog.result.item(r, 0).text(), dialog.result.item(r, 2).text()) for r in range(dialog.result.rowCount())]
    assert shown == [("East", "4"), ("North", "8"), ("South", "6"), ("West", "2"), ("Total", "20")]
    assert verify(store).problems == []


def test_it_saves_a_sample_workbook(qtbot, dialog, store, tmp_path):
    choose_population(qtbot, dialog, write_population(tmp_path))
    dialog.size.setValue(10)
    dialog.destination.workbook_choice.setChecked(True)
    dialog.destination.path.setText(str(tmp_path / "march sample"))
    outcome = draw(qtbot, dialog)
    assert outcome.path == tmp_path / "march sample.xlsx"
    assert openpyxl.load_workbook(outcome.path).sheetnames == ["Sample", "Draw"]
    assert store.record_count() == 0 and "saved in march sample.xlsx" in dialog.status.text()


def test_neyman_rates_are_asked_for_only_with_the_neyman_allocation(qtbot, dialog, tmp_path):
    choose_population(qtbot, dialog, write_population(tmp_path))
    assert dialog.rates.isHidden()
    dialog.allocation.setCurrentIndex(dialog.allocation.findData("neyman"))
    assert not dialog.rates.isHidden()
    dialog.rates.setText("North=85; West 90")
    dialog.start()
    assert dialog.job is None and "'West 90' is not STRATUM=PERCENT" in dialog.status.text()


def test_rates_are_read_as_percentages():
    assert parse_rates("Northgate=85; St Anne's = 92.5%") == {"Northgate": pytest.approx(0.85), "St Anne's": pytest.approx(0.925)}


def test_the_calculator_offers_its_size(qtbot, dialog):
    calculator = dialog.calculator
    assert calculator.answer.text() == "n0 = 864.3: 865 records."
    calculator.population.setValue(5000)
    assert calculator.use_button.text() == "Use 738"
    qtbot.mouseClick(calculator.use_button, Qt.MouseButton.LeftButton)
    assert dialog.size.value() == 738
    assert "n = n0 / (1 + (n0 - 1) / N)" in calculator.answer.toolTip()


def test_a_refused_draw_says_why_and_changes_nothing(qtbot, dialog, store, tmp_path):
    choose_population(qtbot, dialog, write_population(tmp_path))
    dialog.size.setValue(5000)
    qtbot.mouseClick(dialog.draw_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.job is None, timeout=WAIT_MS)
    assert close_error_boxes() == ["Could not do that"]
    assert store.record_count() == 0 and "Nothing was drawn" in dialog.status.text()


def test_cancel_while_reading_leaves_the_audit_as_it_was(qtbot, dialog, store, tmp_path, monkeypatch):
    started, release = threading.Event(), threading.Event()
    real = dialog_module.draw_into_audit

    def slow_draw(audit, actor, request, form_id, progress=None):
        progress.report(READING, 5000, 0)
        started.set()
        assert release.wait(10)
        return real(audit, actor, request, form_id, progress)

    monkeypatch.setattr(dialog_module, "draw_into_audit", slow_draw)
    choose_population(qtbot, dialog, write_population(tmp_path))
    before = list(store.events())
    qtbot.mouseClick(dialog.draw_button, Qt.MouseButton.LeftButton)
    assert started.wait(10)
    qtbot.waitUntil(lambda: "5,000 rows so far" in dialog.status.text(), timeout=WAIT_MS)
    assert dialog.cancel_button.isVisible()
    qtbot.mouseClick(dialog.cancel_button, Qt.MouseButton.LeftButton)
    release.set()
    qtbot.waitUntil(lambda: dialog.job is None, timeout=WAIT_MS)
    assert dialog.status.text() == "Cancelled: nothing was drawn, written or changed."
    assert list(store.events()) == before and store.record_count() == 0


def test_the_file_menu_opens_it_and_a_draw_fills_the_queue(qtbot, tmp_path, ui_settings):
    store = make_audit(tmp_path, "empty")
    window = MainWindow(Session(store, AUDITOR), ui_settings)
    qtbot.addWidget(window)
    window.show()
    try:
        file_menu = window.menuBar().actions()[0].menu()
        assert "Draw a sample…" in [a.text() for a in file_menu.actions()]
        window.actions["sample"].trigger()
        dialog = window.dialog
        assert isinstance(dialog, SamplingDialog) and dialog.isVisible()
        choose_population(qtbot, dialog, write_population(tmp_path))
        dialog.size.setValue(12)
        draw(qtbot, dialog)
        assert window.model.rowCount() == 12
        dialog.reject()
        qtbot.waitUntil(lambda: window.dialog is None)
    finally:
        window.close()
        store.close()
