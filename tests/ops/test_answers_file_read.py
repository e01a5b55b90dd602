"""An answers file is read row by row as it is checked, and refused as a sheet read whole is refused."""

from __future__ import annotations

import pytest

from workbench.core.errors import InputRejected
from workbench.io.limits import MAX_CELL_CHARS
from workbench.ops.answering import load_answers

from tests.factories import AUDITOR, answer_rows, problems_of, write_answers, write_csv


def saved(audit) -> tuple[int, int]:
    return (audit.db.execute("SELECT count(*) FROM answers").fetchone()[0],
            audit.db.execute("SELECT count(*) FROM events").fetchone()[0])


def test_a_cell_over_the_size_limit_is_named_by_row_and_column_and_nothing_is_saved(sampled, tmp_path):
    rows = answer_rows("INC-0001") + [["INC-0002", "rationale", "", "x" * (MAX_CELL_CHARS + 1), ""], ["INC-9999", "auditable", "", "yes", ""]]
    before = saved(sampled)
    with pytest.raises(InputRejected) as excinfo:
        load_answers(sampled, AUDITOR, write_answers(tmp_path / "a.csv", rows))
    assert problems_of(excinfo) == [f"row 9, column 'answer': the cell holds {MAX_CELL_CHARS + 1:,} characters; the limit is "
                                    f"{MAX_CELL_CHARS:,} (shorten it in the source system's extract)"]
    assert saved(sampled) == before


def test_a_row_with_values_beyond_the_last_heading_is_said_before_a_missing_column(sampled, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["record", "question", "note"], ["INC-0001", "auditable", "", "yes"]])
    with pytest.raises(InputRejected) as excinfo:
        load_answers(sampled, AUDITOR, path)
    assert problems_of(excinfo) == ["row 2: this row has values beyond the last column heading "
                                    "(add a heading for that column or delete the values)"]


def test_a_heading_given_twice_refuses_the_file(sampled, tmp_path):
    path = write_csv(tmp_path / "a.csv", [["record", "question", "instance", "answer", "Answer"], ["INC-0001", "auditable", "", "yes", ""]])
    with pytest.raises(InputRejected) as excinfo:
        load_answers(sampled, AUDITOR, path)
    assert problems_of(excinfo) == ["row 1: the heading 'Answer' appears twice (columns D and E) (rename one of them)"]
    assert saved(sampled)[0] == 0


def test_control_characters_in_a_note_are_taken_out_before_it_is_saved(sampled, tmp_path):
    load_answers(sampled, AUDITOR, write_answers(tmp_path / "a.csv", [["INC-0001", "auditable", "", "yes", "seen\x07 twice\x1b"]]))
    (answer,) = sampled.answers("auditor", 1, "INC-0001")
    assert (answer.value, answer.note) == ("yes", "seen twice")


def test_an_xlsx_answers_file_saves_the_answers_its_csv_saves(sampled, tmp_path):
    import openpyxl

    rows = [["record", "question", "instance", "answer", "note"], *answer_rows("INC-0001"), ["INC-0002", "auditable", None, "no", "n"]]
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(tmp_path / "a.xlsx")
    result = load_answers(sampled, AUDITOR, tmp_path / "a.xlsx")
    assert (result.rows, result.changed, result.records) == (8, 8, 2)
    assert {(a.record_key, a.question, a.instance, a.value, a.note) for a in sampled.answers("auditor", 1)} == {
        (key, q, inst or None, value, note) for key, q, inst, value, note in rows[1:]}
