"""The import wizard, driven through its pages on real files."""

from __future__ import annotations

import csv
import html
import threading

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from workbench.ops.importing import import_sample, plan_import
from workbench.ui.importing import import_check
from workbench.io.layout import header_at
from workbench.ops.sheet_preview import guess_header_row
from workbench.ui.importing.import_models import PreviewModel, ProblemsModel

from tests.factories import AUDITOR, sample_rows, write_csv, write_sample

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")
WAIT = 10_000


def fingerprint(store) -> tuple:
    return store.record_count(), len(list(store.events())), len(store.imports())


def to_mapping(qtbot, wizard, path):
    wizard.file_page.path_edit.setText(str(path))
    assert wizard.file_page.isComplete()
    with qtbot.waitSignal(wizard.mapping_page.preview_loaded, timeout=WAIT):
        wizard.next()


def to_check(qtbot, wizard, path=None) -> str:
    if path is not None:
        to_mapping(qtbot, wizard, path)
    assert wizard.mapping_page.isComplete(), wizard.mapping_page.mapping_problem()
    with qtbot.waitSignal(wizard.check_page.checked, timeout=WAIT) as blocker:
        wizard.next()
    return blocker.args[0]


def import_button(wizard):
    return wizard.button(QWizard.WizardButton.CommitButton)


def broken_rows() -> list[list[str]]:
    rows = sample_rows(6)
    rows[2][0] = ""            # row 3: blank key
    rows[4][0] = "INC-0001"    # row 5: the key of row 2 again
    rows[6][1] = "robbery"     # row 7: no such checklist
    return rows


# -- a good file ---------------------------------------------------------------------

def test_a_good_file_is_checked_then_imported_into_the_audit(qtbot, wizard, audit, tmp_path):
    path = write_sample(tmp_path, 3)
    to_mapping(qtbot, wizard, path)
    page = wizard.mapping_page
    assert (page.key_column.currentText(), page.form_column.currentText(), page.header_row.value()) == ("key", "form", 1)
    assert page.by_column.isChecked() and not page.sheet.isEnabled()
    assert page.model.rowCount() == 4 and page.model.header_names == ["key", "form", "reported", "narrative"]

    assert to_check(qtbot, wizard) == "ok"
    assert "Ready to add <b>3</b> new records" in wizard.check_page.summary.text()
    assert import_button(wizard).isEnabled() and import_button(wizard).text() == "&Import"
    assert audit.record_count() == 0  # checked, not written

    announced = []
    wizard.import_page.session.changed.connect(announced.append)
    with qtbot.waitSignal(wizard.imported, timeout=WAIT) as blocker:
        wizard.next()
    result = blocker.args[0]
    assert (result.added, result.unchanged) == (3, 0)
    assert [c.queue for c in announced] == [True]   # the window reloads its queue from this
    assert [r.key for r in audit.records()] == ["INC-0001", "INC-0002", "INC-0003"]
    event = list(audit.events())[-1]
    assert (event.action, event.actor) == ("records.import", AUDITOR.name)
    assert "Imported 3 records." in wizard.import_page.summary.text()
    assert wizard.button(QWizard.WizardButton.FinishButton).isEnabled()
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()


def test_words_of_records_just_imported_are_found_at_once_and_the_index_catches_up_on_a_worker(qtbot, wizard, audit, tmp_path):
    rows = sample_rows(3)
    rows[2][3] = "Bicycle taken from the station racks."
    to_check(qtbot, wizard, write_csv(tmp_path / "s.csv", rows))
    with qtbot.waitSignal(wizard.imported, timeout=WAIT):
        wizard.next()
    assert [row.key for row in audit.queue(text="station rack")] == ["INC-0002"]   # whether or not the index has it yet
    qtbot.waitUntil(lambda: audit.search_backlog() == 0, timeout=WAIT)
    assert [row.key for row in audit.queue(text="station rack")] == ["INC-0002"]


def test_title_rows_above_the_header_are_skipped(qtbot, wizard, audit, tmp_path):
    rows = [["Q3 sample (synthetic)", "", "", ""], ["Drawn 2024-10-01", "", "", ""], *sample_rows(2)]
    to_mapping(qtbot, wizard, write_csv(tmp_path / "titled.csv", rows))
    assert wizard.mapping_page.header_row.value() == 3 and wizard.mapping_page.key_column.currentText() == "key"
    assert to_check(qtbot, wizard) == "ok"
    with qtbot.waitSignal(wizard.imported, timeout=WAIT):
        wizard.next()
    assert [r.source_row for r in audit.records()] == [4, 5]


def test_changing_the_header_row_changes_the_columns_offered(qtbot, wizard, tmp_path):
    to_mapping(qtbot, wizard, write_sample(tmp_path, 3))
    page = wizard.mapping_page
    page.header_row.setValue(2)
    assert page.model.header_row == 2 and page.key_column.itemText(0) == "INC-0001"
    assert not page.isComplete() or page.by_form.isChecked()
    page.header_row.setValue(1)
    assert page.key_column.currentText() == "key" and page.isComplete()


def test_one_checklist_for_every_row(qtbot, wizard, audit, tmp_path):
    path = write_csv(tmp_path / "pnd.csv", [["ref", "summary"], ["PND-1", "Retail theft"], ["PND-2", "Disorder"]])
    to_mapping(qtbot, wizard, path)
    page = wizard.mapping_page
    assert page.key_column.currentText() == "ref" and page.by_form.isChecked() and not page.form_column.isEnabled()
    page.form_id.setCurrentIndex(page.form_id.findData("pnd"))
    assert to_check(qtbot, wizard) == "ok"
    with qtbot.waitSignal(wizard.imported, timeout=WAIT):
        wizard.next()
    assert {r.form_id for r in audit.records()} == {"pnd"}


def test_a_workbook_sheet_is_chosen_from_its_sheets(qtbot, wizard, audit, tmp_path):
    book = openpyxl.Workbook()
    book.active.title = "Notes"
    book.active.append(["This sheet is not the sample"])
    sample = book.create_sheet("Sample")
    for row in sample_rows(2):
        sample.append(row)
    book.save(tmp_path / "s.xlsx")
    to_mapping(qtbot, wizard, tmp_path / "s.xlsx")
    page = wizard.mapping_page
    assert [page.sheet.itemText(i) for i in range(page.sheet.count())] == ["Notes", "Sample"] and page.sheet.isEnabled()
    assert page.model.header_names == ["This sheet is not the sample"]
    with qtbot.waitSignal(page.preview_loaded, timeout=WAIT):
        page.sheet.setCurrentText("Sample")
    assert page.isComplete() and page.choices(tmp_path / "s.xlsx").sheet == "Sample"
    assert to_check(qtbot, wizard) == "ok"
    with qtbot.waitSignal(wizard.imported, timeout=WAIT):
        wizard.next()
    assert audit.record_count() == 2


def test_rows_already_imported_leave_nothing_to_import(qtbot, wizard, audit, tmp_path):
    path = write_sample(tmp_path, 2)
    import_sample(audit, AUDITOR, path)
    assert to_check(qtbot, wizard, path) == "ok"
    assert "every row is already in the audit" in wizard.check_page.summary.text()
    assert not import_button(wizard).isEnabled()


# -- a bad file ------------------------------------------------------------------------

def test_a_bad_file_lists_every_problem_with_row_and_column_and_imports_nothing(qtbot, wizard, audit, tmp_path):
    before = fingerprint(audit)
    assert to_check(qtbot, wizard, write_csv(tmp_path / "broken.csv", broken_rows())) == "problems"
    model = wizard.check_page.problems
    rows = [(model.cell(r, 1), model.cell(r, 2), model.cell(r, 3)) for r in range(model.rowCount())]
    assert rows == [
        ("3", "key", "The record key is blank"),
        ("5", "key", "The key 'INC-0001' is used again (first on row 2)"),
        ("7", "form", "There is no checklist 'robbery'"),
    ]
    assert model.cell(0, 4) == "Every row needs a unique key"
    assert wizard.check_page.problem_table.isColumnHidden(0)  # a CSV has no sheets
    assert "3 problems found in broken.csv" in wizard.check_page.headline.text()
    assert not import_button(wizard).isEnabled()
    assert fingerprint(audit) == before


def test_a_file_name_that_looks_like_html_is_shown_literally(qtbot, wizard, tmp_path):
    assert to_check(qtbot, wizard, write_csv(tmp_path / "<i>broken.csv", broken_rows())) == "problems"
    headline = wizard.check_page.headline
    assert "found in &lt;i&gt;broken.csv." in headline.text() and "<i>" not in headline.text()
    assert headline.textFormat() == Qt.TextFormat.RichText


def test_the_problem_list_can_be_saved_as_csv(qtbot, wizard, tmp_path, monkeypatch):
    to_check(qtbot, wizard, write_csv(tmp_path / "broken.csv", broken_rows()))
    target = tmp_path / "problems.csv"
    suggested = []
    monkeypatch.setattr(import_check, "ask_problem_list_path", lambda parent, s: suggested.append(s) or target)
    wizard.check_page.save_problems.click()
    with target.open(encoding="utf-8-sig", newline="") as fh:
        saved = list(csv.reader(fh))
    assert suggested[0].name == "broken-problems.csv"
    assert saved[0] == ["sheet", "row", "column", "problem", "what to do"] and [r[1] for r in saved[1:]] == ["3", "5", "7"]
    assert "saved as" in wizard.check_page.headline.text()


def test_fixing_the_file_and_checking_again_enables_import(qtbot, wizard, tmp_path):
    path = write_csv(tmp_path / "broken.csv", broken_rows())
    to_check(qtbot, wizard, path)
    write_csv(path, sample_rows(6))
    with qtbot.waitSignal(wizard.check_page.checked, timeout=WAIT) as blocker:
        wizard.check_page.again.click()
    assert blocker.args == ["ok"] and import_button(wizard).isEnabled()


def test_the_file_page_explains_a_file_it_cannot_take(qtbot, wizard, tmp_path):
    page = wizard.file_page
    page.path_edit.setText(str(tmp_path / "missing.csv"))
    assert not page.isComplete() and page.status.text() == "There is no file at that path."
    (tmp_path / "old.xls").write_bytes(b"x")
    page.path_edit.setText(str(tmp_path / "old.xls"))
    assert not page.isComplete() and "save the sheet from Excel" in page.status.text()


def test_key_and_checklist_cannot_be_the_same_column(qtbot, wizard, tmp_path):
    to_mapping(qtbot, wizard, write_sample(tmp_path, 2))
    page = wizard.mapping_page
    page.form_column.setCurrentText("key")
    assert not page.isComplete() and page.status.text() == "The key and the checklist must be different columns."
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


# -- cancel ------------------------------------------------------------------------------

class GatedPlan:
    """plan_import that waits at its start until the test lets it go on."""

    def __init__(self):
        self.started, self.released = threading.Event(), threading.Event()

    def __call__(self, *args, **kwargs):
        self.started.set()
        assert self.released.wait(10)
        return plan_import(*args, **kwargs)


def test_cancel_during_the_check_leaves_the_audit_unchanged(qtbot, wizard, audit, tmp_path, monkeypatch):
    gate = GatedPlan()
    monkeypatch.setattr(import_check, "plan_import", gate)
    before = fingerprint(audit)
    to_mapping(qtbot, wizard, write_sample(tmp_path, 1200))
    wizard.next()
    assert gate.started.wait(10)
    page = wizard.check_page
    assert page.running and page.panel.cancel.isEnabled()
    page.panel.cancel.click()
    gate.released.set()
    with qtbot.waitSignal(page.checked, timeout=WAIT) as blocker:
        pass
    assert blocker.args == ["cancelled"] and "cancelled. Nothing was changed" in page.summary.text()
    assert not import_button(wizard).isEnabled() and fingerprint(audit) == before
    with qtbot.waitSignal(page.checked, timeout=WAIT) as blocker:
        page.again.click()
    assert blocker.args == ["ok"]


def test_closing_the_wizard_mid_check_stops_the_work_and_changes_nothing(qtbot, wizard, audit, tmp_path, monkeypatch):
    gate = GatedPlan()
    monkeypatch.setattr(import_check, "plan_import", gate)
    before = fingerprint(audit)
    to_mapping(qtbot, wizard, write_sample(tmp_path, 50))
    wizard.next()
    assert gate.started.wait(10)
    gate.released.set()  # (the worker would otherwise hold the close until its wait times out)
    wizard.reject()
    assert not wizard.runner.pool.activeThreadCount() and fingerprint(audit) == before


def test_going_back_from_the_check_cancels_it(qtbot, wizard, tmp_path, monkeypatch):
    gate = GatedPlan()
    monkeypatch.setattr(import_check, "plan_import", gate)
    to_mapping(qtbot, wizard, write_sample(tmp_path, 5))
    wizard.next()
    assert gate.started.wait(10)
    wizard.back()
    assert wizard.check_page.job.progress.cancelled
    gate.released.set()
    qtbot.waitUntil(lambda: not wizard.runner.busy, timeout=WAIT)


# -- the models ----------------------------------------------------------------------------

def test_the_preview_model_passes_the_model_tester(qtmodeltester):
    model = PreviewModel()
    model.set_rows([["Title"], [], ["key", "form", "narrative"], ["INC-1", "incident", "Line one\nline two"], ["INC-2"]], 3)
    qtmodeltester.check(model)
    model.set_header_row(1)
    qtmodeltester.check(model)
    model.set_rows([])
    qtmodeltester.check(model)


def test_the_preview_marks_the_header_and_greys_skipped_rows():
    from PySide6.QtCore import Qt

    model = PreviewModel()
    model.set_rows([["Title"], ["key", "narrative"], ["INC-1", "Line one\nline two"]], 2)
    assert model.data(model.index(1, 0), Qt.ItemDataRole.FontRole).bold()
    assert model.data(model.index(0, 0), Qt.ItemDataRole.ForegroundRole) is not None
    assert model.data(model.index(2, 1)) == "Line one…"
    assert model.headerData(1, Qt.Orientation.Horizontal) == "B  narrative" and model.headerData(2, Qt.Orientation.Vertical) == "3"


def test_the_problems_model_passes_the_model_tester_with_problems_and_empty(qtmodeltester, audit, tmp_path):
    from workbench.core.errors import InputRejected, Location, Problem

    with pytest.raises(InputRejected) as excinfo:
        plan_import(audit, write_csv(tmp_path / "b.csv", broken_rows()))
    model = ProblemsModel()
    qtmodeltester.check(model)  # empty, before any check
    model.set_problems(excinfo.value.problems)
    assert model.rowCount() == 3
    qtmodeltester.check(model)
    model.set_problems([
        Problem("no sheet named 'Sampel'", Location(), "did you mean 'Sample'?"),  # no row or column
        Problem("'<b>x</b>' is not a checklist", Location("Sample", 3, "form"), "use --form-column"),
    ])
    qtmodeltester.check(model)
    model.set_problems([])
    qtmodeltester.check(model)


def test_header_guesses():
    rows = [["Audit sample"], [], ["Ref", "Checklist"], ["A-1", "incident"]]
    assert guess_header_row(rows) == 3
    assert guess_header_row([[], ["a", "b"]]) == 2
    assert header_at(rows, 2) == (3, ["Ref", "Checklist"])
    assert header_at(rows, 9) == (9, [])


def test_tooltips_show_cell_text_literally_never_as_html():
    from PySide6.QtCore import Qt

    from workbench.core.errors import Location, Problem
    from workbench.ui.importing.import_models import ProblemsModel

    preview = PreviewModel()
    preview.set_rows([["key", "narrative"], ["INC-1", "<b>not bold</b> & <img src=x>"]], 1)
    tip = preview.data(preview.index(1, 1), Qt.ItemDataRole.ToolTipRole)
    assert "&lt;b&gt;not bold&lt;/b&gt; &amp; &lt;img src=x&gt;" in tip and "<b>" not in tip
    problems = ProblemsModel()
    problems.set_problems([Problem("there is no checklist '<i>x</i>'", Location("S", 2, "form"))])
    assert "<i>" not in problems.data(problems.index(0, 3), Qt.ItemDataRole.ToolTipRole)


# -- skipping bad rows ------------------------------------------------------------------------

def test_the_bad_rows_can_be_skipped_and_the_rest_imported_with_a_report(qtbot, wizard, audit, tmp_path):
    path = write_csv(tmp_path / "broken.csv", broken_rows())
    assert to_check(qtbot, wizard, path) == "problems"
    page = wizard.check_page
    assert page.skip_rows.isVisible() and not import_button(wizard).isEnabled()
    with qtbot.waitSignal(page.checked, timeout=WAIT) as blocker:
        page.skip_rows.setChecked(True)
    assert blocker.args == ["ok"] and import_button(wizard).isEnabled()
    assert "3 rows will be skipped" in page.headline.text() and "broken-import-problems.xlsx" in page.headline.text()
    with qtbot.waitSignal(wizard.imported, timeout=WAIT) as done:
        wizard.next()
    assert done.args[0].added == 3 and [r.key for r in audit.records()] == ["INC-0001", "INC-0003", "INC-0005"]
    assert (tmp_path / "broken-import-problems.xlsx").exists() and "were skipped" in wizard.import_page.summary.text()


def test_the_wizard_finds_the_same_header_row_as_the_command_line(qtbot, wizard, audit, tmp_path):
    rows = [["Fenlow extract (synthetic)"], ["Produced 2024-10-01"], ["Incident ref", "Checklist", "Narrative"], ["A-1", "incident", "x"]]
    path = write_csv(tmp_path / "titled.csv", rows)
    to_mapping(qtbot, wizard, path)
    assert wizard.mapping_page.header_row.value() == 3 == plan_import(audit, path).table.header_row
    assert (wizard.mapping_page.key_column.currentText(), wizard.mapping_page.form_column.currentText()) == ("Incident ref", "Checklist")


def test_an_empty_csv_is_said_to_be_empty_on_the_file_page(qtbot, wizard, tmp_path):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    wizard.file_page.path_edit.setText(str(empty))
    assert not wizard.file_page.isComplete()
    assert wizard.file_page.status.text().startswith("The file is empty.")


def test_a_word_document_named_xlsx_is_said_to_be_one_at_once(qtbot, wizard, tmp_path):
    import zipfile

    fake = tmp_path / "sample.xlsx"
    with zipfile.ZipFile(fake, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    wizard.file_page.path_edit.setText(str(fake))
    assert not wizard.file_page.isComplete()
    words = wizard.file_page.status.text()
    assert words.startswith("This is a Word document, not a workbook.") and "password" not in words
    assert "word/" not in words


def test_a_reported_value_that_is_not_a_date_is_a_problem_of_its_row(qtbot, wizard, audit, tmp_path):
    rows = sample_rows(6)
    rows[4][2] = "not a date"
    assert to_check(qtbot, wizard, write_csv(tmp_path / "sample.csv", rows)) == "problems"
    [problem] = wizard.check_page.problems.problems
    assert (problem.location.row, problem.location.column) == (5, "reported") and "is not a date" in problem.message
    assert not import_button(wizard).isEnabled()


def test_a_column_of_dates_not_mapped_as_a_role_is_named_in_the_check(qtbot, wizard, audit, tmp_path):
    rows = sample_rows(6)
    rows[4][2] = "not a date"
    to_mapping(qtbot, wizard, write_csv(tmp_path / "sample.csv", rows))
    wizard.mapping_page.roles.combos["reported"].setCurrentIndex(0)   # (none)
    text = to_check(qtbot, wizard)
    summary = html.unescape(wizard.check_page.summary.text())
    assert "Column 'reported' holds dates, but 1 value is not a date (row 5: 'not a date')" in summary, text


def test_a_column_headed_recorded_that_holds_no_dates_is_not_offered_as_the_recorded_date(qtbot, wizard, audit, tmp_path):
    header, *data = sample_rows(6)
    rows = [header + ["recorded"]] + [row + ["Y" if i % 2 else "N"] for i, row in enumerate(data)]
    to_mapping(qtbot, wizard, write_csv(tmp_path / "sample.csv", rows))
    combos = wizard.mapping_page.roles.combos
    assert combos["recorded"].currentIndex() == 0 and combos["reported"].currentText() == "reported"
    assert to_check(qtbot, wizard) == "ok"
