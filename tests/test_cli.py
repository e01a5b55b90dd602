"""The command line: every command documented, exit codes, and a session end to end."""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.cli import COMMAND_MODULES, build_parser, command_module, main

from tests.factories import answer_rows, write_answers, write_sample

ROOT = Path(__file__).resolve().parents[1]


def commands() -> list[str]:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    return sorted(sub.choices)


@pytest.mark.parametrize("command", commands())
def test_every_command_is_documented_in_the_readme(command):
    assert re.search(rf"`workbench {command}\b", (ROOT / "README.md").read_text()), f"README does not document '{command}'"


@pytest.mark.parametrize("command", commands())
def test_every_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert len(capsys.readouterr().out) > 100


@pytest.mark.parametrize("module", sorted(COMMAND_MODULES))
def test_each_command_group_lists_the_commands_its_module_adds(module):
    added = []
    command_module(module).register(lambda name, *_args, **_kwargs: added.append(name) or argparse.ArgumentParser())
    assert tuple(added) == COMMAND_MODULES[module]


def test_running_one_command_imports_only_its_own_group(audit_path):
    code = ("import sys; from workbench.cli import main; main(['status', sys.argv[1]]);"
            " print(sorted(m for m in sys.modules if m.startswith('workbench.cli.')))")
    done = subprocess.run([sys.executable, "-c", code, str(audit_path)], capture_output=True, text=True, check=True)
    assert done.stdout.splitlines()[-1] == "['workbench.cli.audit_commands', 'workbench.cli.common']"


def test_a_command_name_not_known_is_refused_with_the_whole_list(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["no-such-command"])
    assert exit_info.value.code == 2
    assert "sample-size" in capsys.readouterr().err


def test_python_dash_m_runs_the_command_line():
    done = subprocess.run([sys.executable, "-m", "workbench", "--help"], capture_output=True, text=True, check=True)
    assert "verify" in done.stdout


@pytest.fixture
def audit_path(tmp_path):
    path = tmp_path / "q3.cdiaudit"
    assert main(["new", str(path), "--title", "Q3 audit", "--force", "Test Constabulary", "--as", "Tester"]) == 0
    return path


def test_new_import_answers_status_verify_end_to_end(audit_path, tmp_path, capsys):
    assert main(["import", str(audit_path), str(write_sample(tmp_path, 3)), "--as", "Tester"]) == 0
    answers = write_answers(tmp_path / "answers.csv", answer_rows("INC-0001"))
    assert main(["answers", str(audit_path), str(answers), "--as", "Tester"]) == 0
    capsys.readouterr()
    assert main(["status", str(audit_path)]) == 0
    out = capsys.readouterr().out
    assert re.search(r"incident\s+2\s+0\s+1\s+3", out)
    assert main(["verify", str(audit_path)]) == 0
    assert "OK" in capsys.readouterr().out


def test_a_rejected_file_exits_2_listing_its_problems(audit_path, tmp_path, capsys):
    path = write_answers(tmp_path / "answers.csv", [["NOPE", "auditable", "", "yes", ""]])
    assert main(["answers", str(audit_path), str(path), "--as", "Tester"]) == 2
    err = capsys.readouterr().err
    assert "rejected, nothing was changed" in err and "row 2, column 'record'" in err


def test_answers_require_saying_who_you_are(audit_path, tmp_path):
    with pytest.raises(SystemExit) as exit_info:
        main(["answers", str(audit_path), str(tmp_path / "a.csv")])
    assert exit_info.value.code == 2


def test_the_log_shows_who_did_what(audit_path, capsys):
    capsys.readouterr()
    assert main(["log", str(audit_path)]) == 0
    assert re.search(r"^\s+2\s+\S+\s+Tester \(auditor\)\s+collection\s+audit.create\s+audit created: 'Q3 audit'", capsys.readouterr().out, re.M)


def test_opening_a_file_that_is_not_an_audit_is_a_sentence_not_a_traceback(tmp_path, capsys):
    path = tmp_path / "x.cdiaudit"
    path.write_text("hello")
    assert main(["status", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err


def test_forms_list_names_every_builtin_checklist(capsys):
    assert main(["forms", "list"]) == 0
    out = capsys.readouterr().out
    for form_id in ("incident", "referral", "cancelled_crime", "n100", "caution", "pnd", "cannabis_warning", "community_resolution"):
        assert re.search(rf"^{form_id}\s", out, re.M)


def test_forms_export_then_check_round_trips(tmp_path, capsys):
    out = tmp_path / "incident.xlsx"
    assert main(["forms", "export", "incident", str(out)]) == 0
    assert main(["forms", "check", str(out)]) == 0
    assert "OK: 'incident'" in capsys.readouterr().out


def test_forms_export_of_a_checklist_file_writes_it_in_the_other_format(tmp_path, capsys):
    workbook = tmp_path / "caution.xlsx"
    assert main(["forms", "export", "caution", str(workbook)]) == 0
    assert main(["forms", "export", str(workbook), str(tmp_path / "caution.toml")]) == 0
    assert (tmp_path / "caution.toml").read_text(encoding="utf-8") == (ROOT / "forms" / "caution.toml").read_text(encoding="utf-8")


def test_forms_export_refuses_an_unsound_checklist_file_and_writes_nothing(tmp_path, capsys):
    path = tmp_path / "broken.toml"
    path.write_text('[settings]\nform_id = "b"\nversion = "1"\n\n[[survey]]\ntype = "select_one nowhere"\nname = "q"\nlabel = "Q"\n')
    assert main(["forms", "export", str(path), str(tmp_path / "broken.xlsx")]) == 2
    assert "nowhere" in capsys.readouterr().err
    assert not (tmp_path / "broken.xlsx").exists()


def test_forms_check_reports_a_broken_file_and_exits_1(tmp_path, capsys):
    path = tmp_path / "broken.toml"
    path.write_text('[settings]\nform_id = "b"\nversion = "1"\n\n[[survey]]\ntype = "select_one nowhere"\nname = "q"\nlabel = "Q"\n')
    assert main(["forms", "check", str(path)]) == 1
    assert "nowhere" in capsys.readouterr().err


def test_flag_then_list_shows_the_query(audit_path, tmp_path, capsys):
    main(["import", str(audit_path), str(write_sample(tmp_path, 1)), "--as", "Tester"])
    assert main(["flag", str(audit_path), "INC-0001", "--note", "One crime or two?", "--as", "Tester"]) == 0
    capsys.readouterr()
    assert main(["flag", str(audit_path), "--list"]) == 0
    assert re.search(r"^INC-0001\s+Tester\s+.*One crime or two\?$", capsys.readouterr().out, re.M)


def test_demo_builds_a_verified_demo_audit(tmp_path, capsys):
    assert main(["demo", str(tmp_path / "demo.cdiaudit")]) == 0
    out = capsys.readouterr().out
    assert "60 records imported" in out and "verify: OK" in out


def test_populations_are_set_shown_cleared_and_logged(tmp_path, capsys):
    audit = tmp_path / "a.cdiaudit"
    assert main(["new", str(audit), "--title", "T", "--as", "A"]) == 0
    assert main(["populations", str(audit), "incident=12,000", "referral=800", "--as", "A"]) == 0
    assert "incident: 12,000 records" in capsys.readouterr().out
    assert main(["populations", str(audit), "referral=abc"]) == 2
    assert "is not STRATUM=RECORDS" in capsys.readouterr().err
    assert main(["populations", str(audit), "--clear", "--as", "A"]) == 0
    assert "No populations set" in capsys.readouterr().out
    assert main(["verify", str(audit)]) == 0  # every change is in the log, the clearing too


def test_status_prints_the_head_of_the_event_log(audit_path, capsys):
    from workbench.store.audit_store import AuditStore

    with AuditStore.open(audit_path) as store:
        seq, digest = store.head()
    capsys.readouterr()
    assert main(["status", str(audit_path)]) == 0
    assert f"Event log head: event {seq}, hash {digest}" in capsys.readouterr().out
