"""The guard in front of every parser: what it refuses, and that a refusal says where and why."""

from __future__ import annotations

import os

import pytest

from workbench.core.errors import InputRejected
from workbench.io import guard
from workbench.io.tabular import PackedRows, read_table

from tests.factories import write_csv
from tests.hostile.xlsx_parts import inline_row, sheet_xml, write_xlsx


def refusal(path) -> str:
    with pytest.raises(InputRejected) as excinfo:
        read_table(path)
    return str(excinfo.value.problems[0])


def test_a_link_is_followed_and_named(tmp_path):
    target = write_csv(tmp_path / "real.csv", [["key", "form"], ["A", "incident"]])
    os.symlink(target, tmp_path / "link.csv")
    assert read_table(tmp_path / "link.csv").rows == [(2, ["A", "incident"])]
    os.symlink("/dev/null", tmp_path / "null.csv")
    assert "a device" in refusal(tmp_path / "null.csv") and "(it is a link to /dev/null)" in refusal(tmp_path / "null.csv")


def test_a_folder_is_refused(tmp_path):
    (tmp_path / "x.csv").mkdir()
    assert "a folder" in refusal(tmp_path / "x.csv")


def test_a_doctype_hidden_after_a_long_comment_is_still_found(tmp_path):
    prolog = "<!--" + "x" * 10_000 + '--><!DOCTYPE worksheet [<!ENTITY e "e">]>'
    path = write_xlsx(tmp_path / "late.xlsx", sheet_xml(inline_row(1, ["key"]), prolog=prolog))
    assert "declares a DOCTYPE" in refusal(path)


@pytest.mark.parametrize("suffix", [".xls", ".xlsb"])
def test_binary_workbooks_are_refused_with_advice(tmp_path, suffix):
    path = tmp_path / f"old{suffix}"
    path.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 100)
    assert "save it from Excel as .xlsx or .csv" in refusal(path)


def test_a_panic_inside_a_library_call_becomes_a_refusal(tmp_path):
    source = guard.check_source(write_csv(tmp_path / "a.csv", [["key"]]))

    class PanicLike(BaseException):  # pyo3's PanicException derives from BaseException
        pass

    def panics():
        raise PanicLike("index out of bounds")

    with pytest.raises(InputRejected, match="a.csv"):
        guard.guarded(panics, source, "the workbook cannot be opened")


def test_packed_rows_read_back_as_lists_of_cells():
    rows = PackedRows()
    rows.append((2, ["A", "", "multi\nline"]))
    rows.append((3, ["B", "x", ""]))
    assert list(rows) == [(2, ["A", "", "multi\nline"]), (3, ["B", "x", ""])] and rows[-1] == (3, ["B", "x", ""])
    assert rows.release(0) == (2, ["A", "", "multi\nline"]) and rows.pop() == (3, ["B", "x", ""]) and len(rows) == 1
