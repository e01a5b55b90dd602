"""The self-check: every step of the workbench once, in a folder it removes afterwards."""

from __future__ import annotations

import tempfile

import pytest

from workbench import paths
from workbench.cli import main
from workbench.core.errors import WorkbenchError
from workbench.ops import self_check
from workbench.ops.self_check import run_self_check


@pytest.fixture
def temp_root(tmp_path, monkeypatch):
    """The system's temporary folder, as the self-check sees it."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return tmp_path


def test_the_self_check_of_the_source_workbench_passes_in_one_line_and_leaves_nothing(qapp, temp_root, capsys):
    assert main(["--self-check"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 1
    assert out[0].startswith(f"self-check: OK, {len(self_check.STEPS) + 1} steps in ")
    assert "from source" in out[0]
    assert list(temp_root.iterdir()) == []


def test_a_failed_step_is_named_in_words_and_the_later_steps_do_not_run(temp_root, tmp_path, monkeypatch):
    (tmp_path / "nowhere").mkdir()
    monkeypatch.setattr(paths, "demo_dir", lambda: tmp_path / "nowhere")
    ran = []
    result = run_self_check(extra=[("a later step", lambda ws: ran.append(ws))])
    assert not result.ok
    assert result.failed_step == "import the demo workbook and its answers"
    assert "demo-sample.xlsx" in result.error
    assert result.done == 2 and result.steps == len(self_check.STEPS) + 1
    assert ran == []
    assert [p.name for p in temp_root.iterdir()] == ["nowhere"]


def test_the_command_line_says_which_step_failed_and_exits_1(temp_root, monkeypatch, capsys):
    def broken(ws):
        raise WorkbenchError("the disk is full")

    monkeypatch.setattr(self_check, "STEPS", (self_check.STEPS[0], ("export the Excel workbook and the PDF report", broken)))
    assert main(["--self-check"]) == 1
    (line,) = capsys.readouterr().out.splitlines()
    assert line.startswith("self-check: FAILED at step 2 of 3, export the Excel workbook and the PDF report: "
                           "the disk is full (after ")


def test_an_unexpected_error_is_said_with_its_type():
    assert self_check.describe(KeyError("sheet")) == "KeyError: 'sheet'"
