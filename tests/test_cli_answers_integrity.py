"""``workbench answers`` checks the audit's integrity while it reads the file, and still refuses a damaged audit first."""

from __future__ import annotations

import sqlite3

import pytest

from workbench.cli import main
from workbench.store import database

from tests.factories import answer_rows, write_answers, write_sample

DAMAGE = "Page 7: btreeInitPage() returns error code 11"


@pytest.fixture
def audit_path(tmp_path):
    path = tmp_path / "q3.cdiaudit"
    assert main(["new", str(path), "--title", "Q3 audit", "--force", "Test Constabulary", "--as", "Tester"]) == 0
    assert main(["import", str(path), str(write_sample(tmp_path, 3)), "--as", "Tester"]) == 0
    return path


def answers_saved(path) -> int:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("SELECT count(*) FROM answers").fetchone()[0]


def test_a_damaged_audit_is_refused_and_nothing_is_saved(audit_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(database, "integrity_problems", lambda db: [DAMAGE])
    answers = write_answers(tmp_path / "answers.csv", answer_rows("INC-0001"))
    assert main(["answers", str(audit_path), str(answers), "--as", "Tester"]) == 2
    assert "is damaged" in capsys.readouterr().err
    assert answers_saved(audit_path) == 0


def test_a_damaged_audit_is_said_before_the_problems_of_the_file(audit_path, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(database, "integrity_problems", lambda db: [DAMAGE])
    answers = write_answers(tmp_path / "answers.csv", [["NOPE", "auditable", "", "yes", ""]])
    assert main(["answers", str(audit_path), str(answers), "--as", "Tester"]) == 2
    err = capsys.readouterr().err
    assert "is damaged" in err and "NOPE" not in err


def test_a_sound_audit_takes_the_answers(audit_path, tmp_path, capsys):
    answers = write_answers(tmp_path / "answers.csv", answer_rows("INC-0001"))
    assert main(["answers", str(audit_path), str(answers), "--as", "Tester"]) == 0
    assert answers_saved(audit_path) == len(answer_rows("INC-0001"))
