"""Import progress and cancellation: reported by stage, cancelled before any write."""

from __future__ import annotations

import threading

import openpyxl
import pytest

from workbench.core.errors import InputRejected
from workbench.io.tabular import read_table
from workbench.ops.importing import import_sample, plan_import, write_import
from workbench.ops.progress import CHECKING, READING, REPORT_EVERY, WRITING, Cancelled, Progress

from tests.factories import AUDITOR, sample_rows, write_csv, write_sample


class Recorder:
    def __init__(self):
        self.reports: list[tuple[str, int, int]] = []

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.reports.append((stage, done, total))

    def stages(self) -> list[str]:
        return list(dict.fromkeys(stage for stage, _, _ in self.reports))


def audit_fingerprint(store) -> tuple:
    return (store.record_count(), len(list(store.events())), len(store.imports()), len(store.forms()))


def test_an_import_reports_reading_checking_and_writing(audit, tmp_path):
    seen = Recorder()
    import_sample(audit, AUDITOR, write_sample(tmp_path, 1200), progress=Progress(seen))
    assert seen.stages() == [READING, CHECKING, WRITING]
    checking = [(d, t) for s, d, t in seen.reports if s == CHECKING]
    assert checking == [(0, 1200), (500, 1200), (1000, 1200), (1200, 1200)]
    assert seen.reports[-1] == (WRITING, 1, 1)


def test_reports_come_every_few_hundred_rows_not_every_row(audit, tmp_path):
    seen = Recorder()
    plan_import(audit, write_sample(tmp_path, 3000), progress=Progress(seen))
    assert len(seen.reports) <= 2 * (3000 // REPORT_EVERY + 2)


def test_a_cancel_while_checking_raises_and_writes_nothing(audit, tmp_path):
    before = audit_fingerprint(audit)
    progress = Progress()

    def cancel_midway(stage, done, total):
        if stage == CHECKING and done >= 500:
            assert progress.cancel()

    progress._on_report = cancel_midway
    with pytest.raises(Cancelled):
        import_sample(audit, AUDITOR, write_sample(tmp_path, 2000), progress=progress)
    assert audit_fingerprint(audit) == before


def test_a_cancel_while_reading_stops_the_read(audit, tmp_path):
    progress = Progress()
    progress._on_report = lambda stage, done, total: stage == READING and done >= 500 and progress.cancel()
    with pytest.raises(Cancelled):
        plan_import(audit, write_sample(tmp_path, 2000), progress=progress)


def test_a_cancel_before_the_write_leaves_the_audit_untouched(audit, tmp_path):
    plan = plan_import(audit, write_sample(tmp_path, 5))
    before = audit_fingerprint(audit)
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        write_import(audit, AUDITOR, plan, progress=progress)
    assert audit_fingerprint(audit) == before


def test_once_writing_has_started_cancel_is_refused(audit, tmp_path):
    refused = []
    progress = Progress()

    def try_to_cancel(stage, done, total):
        if stage == WRITING:
            refused.append(progress.cancel())

    progress._on_report = try_to_cancel
    result = import_sample(audit, AUDITOR, write_sample(tmp_path, 5), progress=progress)
    assert result.added == 5 and audit.record_count() == 5
    assert refused and not any(refused) and not progress.cancellable and not progress.cancelled


def test_a_cancel_from_another_thread_stops_the_worker(audit, tmp_path):
    reached, cancelled = threading.Event(), threading.Event()
    outcome = []

    def on_report(stage, done, total):
        if stage == CHECKING and done == REPORT_EVERY:
            reached.set()
            cancelled.wait(10)  # the worker pauses until the "UI" thread has cancelled

    progress = Progress(on_report)
    path = write_sample(tmp_path, 3000)

    def work():
        try:
            import_sample(audit, AUDITOR, path, progress=progress)
            outcome.append("finished")
        except Cancelled:
            outcome.append("cancelled")

    worker = threading.Thread(target=work)
    worker.start()
    assert reached.wait(10)
    assert progress.cancel()
    cancelled.set()
    worker.join(10)
    assert outcome == ["cancelled"] and audit.record_count() == 0


def test_a_plan_is_checked_again_against_the_audit_before_writing(audit, tmp_path):
    plan = plan_import(audit, write_sample(tmp_path, 2))
    changed = sample_rows(1)
    changed[1][3] = "A different narrative."
    import_sample(audit, AUDITOR, write_csv(tmp_path / "other.csv", changed))
    with pytest.raises(InputRejected) as excinfo:
        write_import(audit, AUDITOR, plan)
    assert "already in the audit with different content" in str(excinfo.value.problems[0])
    assert audit.record_count() == 1


def test_without_progress_the_behaviour_is_unchanged(audit, tmp_path):
    result = import_sample(audit, AUDITOR, write_sample(tmp_path, 3))
    assert (result.added, result.unchanged) == (3, 0)


# -- header row ------------------------------------------------------------------------

def titled_rows() -> list[list[str]]:
    return [["Q3 sample for audit (synthetic)", "", "", ""], ["Drawn 2024-10-01", "", "", ""], ["", "", "", ""], *sample_rows(2)]


def test_a_header_row_below_title_rows_is_used(audit, tmp_path):
    path = write_csv(tmp_path / "titled.csv", titled_rows())
    result = import_sample(audit, AUDITOR, path, header_row=4)
    assert result.added == 2
    assert [r.source_row for r in audit.records()] == [5, 6]
    assert audit.imports()[0]["mapping"] == '{"form":null,"form_column":"form","header_row":4,"key":"key","roles":{"reported":"reported"}}'


def test_without_the_header_row_the_header_is_found_under_the_title_rows(audit, tmp_path):
    result = import_sample(audit, AUDITOR, write_csv(tmp_path / "titled.csv", titled_rows()))
    assert (result.plan.table.header_row, result.plan.table.header_guessed) == (4, True)
    assert audit.record_count() == result.added > 0


def test_problems_keep_the_sheets_own_row_numbers_with_a_header_row(audit, tmp_path):
    rows = titled_rows()
    rows[5][0] = ""  # rows[5] is sheet row 6: the second data row under the header on row 4
    with pytest.raises(InputRejected) as excinfo:
        import_sample(audit, AUDITOR, write_csv(tmp_path / "t.csv", rows), header_row=4)
    assert excinfo.value.problems[0].location.row == 6


def test_an_xlsx_header_row(tmp_path):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Audit sample"])
    sheet.append(["key", "form"])
    sheet.append(["INC-1", "incident"])
    book.save(tmp_path / "t.xlsx")
    table = read_table(tmp_path / "t.xlsx", header_row=2)
    assert table.header == ["key", "form"] and table.rows == [(3, ["INC-1", "incident"])]


@pytest.mark.parametrize("bad", [0, -1])
def test_a_header_row_below_one_is_rejected(tmp_path, bad):
    with pytest.raises(InputRejected, match="problem"):
        read_table(write_sample(tmp_path, 1), header_row=bad)


def test_a_header_row_past_the_end_is_a_located_problem(tmp_path):
    with pytest.raises(InputRejected) as excinfo:
        read_table(write_sample(tmp_path, 1), header_row=40)
    assert "row 40" in excinfo.value.problems[0].message


def test_the_command_line_takes_a_header_row(audit, tmp_path, capsys):
    from workbench.cli import main

    path = write_csv(tmp_path / "titled.csv", titled_rows())
    audit_path = str(audit.path)
    audit.close()
    assert main(["import", audit_path, str(path), "--header-row", "4", "--as", "T"]) == 0
    assert "Added 2 record(s)" in capsys.readouterr().out
