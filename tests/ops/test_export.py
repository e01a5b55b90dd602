"""Exports are atomic (a failed or cancelled one leaves the earlier file byte for byte)
and every file written is a disclosure event with its recipient and SHA-256."""

from __future__ import annotations

import hashlib

import pytest

from workbench.cli import main
from workbench.ops.export import export, export_files, export_report, gather
from workbench.ops.importing import import_sample
from workbench.ops.progress import Cancelled, Progress

from tests.factories import AUDITOR


def disclosures(store) -> list[dict]:
    return [e.detail for e in store.events() if str(e.operation) == "disclosure"]


def text_writer(text: str):
    def write(_data, path):
        path.write_text(text, encoding="utf-8")
        return [f"note for {text}"]
    return write


def failing_writer(_data, path):
    path.write_bytes(b"half a file")
    raise RuntimeError("the disk is full")


def test_an_export_is_logged_as_a_disclosure_with_recipient_and_sha256(sampled, tmp_path):
    out = tmp_path / "out.txt"
    result = export(sampled, AUDITOR, text_writer("first"), out, "txt", recipient="Governance board")
    assert out.read_text() == "first"
    assert result.sha256 == hashlib.sha256(b"first").hexdigest() and result.notes == ["note for first"]
    (event,) = disclosures(sampled)
    assert event["recipient"] == "Governance board" and event["sha256"] == result.sha256
    assert event["file_name"] == "out.txt" and event["format"] == "txt" and event["records"] == 3
    assert event["marking"] == "OFFICIAL-SENSITIVE"


def test_a_writer_that_fails_leaves_the_earlier_file_byte_identical(sampled, tmp_path):
    out = tmp_path / "out.txt"
    export(sampled, AUDITOR, text_writer("the good one"), out, "txt")
    before = out.read_bytes()
    with pytest.raises(RuntimeError):
        export(sampled, AUDITOR, failing_writer, out, "txt")
    assert out.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".out")) == []  # no temporary left
    assert len(disclosures(sampled)) == 1  # the failed one disclosed nothing


def test_several_formats_are_all_written_or_none(sampled, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("old a")
    with pytest.raises(RuntimeError):
        export_files(sampled, AUDITOR, {"a": (text_writer("new a"), a), "b": (failing_writer, b)})
    assert a.read_text() == "old a" and not b.exists()
    results = export_files(sampled, AUDITOR, {"a": (text_writer("new a"), a), "b": (text_writer("new b"), b)})
    assert [r.path for r in results] == [a, b] and a.read_text() == "new a"
    assert [d["file_name"] for d in disclosures(sampled)] == ["a.txt", "b.txt"]


def test_if_the_disclosure_cannot_be_logged_no_file_is_published(sampled, tmp_path, monkeypatch):
    from workbench.store import eventlog

    out = tmp_path / "out.txt"
    out.write_text("old")

    def log_full(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(eventlog, "append", log_full)
    with pytest.raises(OSError):
        export(sampled, AUDITOR, text_writer("new"), out, "txt")
    assert out.read_text() == "old"


def test_if_publishing_fails_no_disclosure_is_logged(sampled, tmp_path, monkeypatch):
    import os

    def refuse(*args, **kwargs):
        raise PermissionError("read-only folder")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(PermissionError):
        export(sampled, AUDITOR, text_writer("new"), tmp_path / "out.txt", "txt")
    assert disclosures(sampled) == []


def test_the_workbook_uses_the_latest_checklist_version(sampled):
    from dataclasses import replace

    from workbench.ops.forms import builtin_forms

    for version in ("2024.9", "2024.10"):
        sampled.add_form(AUDITOR, replace(builtin_forms()["incident"], version=version, title=f"Incident {version}"))
    assert gather(sampled, AUDITOR).forms["incident"].version == "2024.10"


def test_a_cancelled_export_leaves_the_earlier_file(sampled, tmp_path):
    out = tmp_path / "out.xlsx"
    export_report(sampled, AUDITOR, xlsx=out)
    before = out.read_bytes()
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        export_report(sampled, AUDITOR, xlsx=out, progress=progress)
    assert out.read_bytes() == before
    assert len(disclosures(sampled)) == 1


def test_cancel_is_checked_while_the_workbook_is_written(sampled, tmp_path, monkeypatch):
    import workbench.io.xlsx_export as xlsx_export

    monkeypatch.setattr(xlsx_export, "_REPORT_EVERY", 1)
    seen = []

    def on_report(stage, done, total):
        seen.append(stage)
        if stage == "rendering" and done >= 2:
            progress.cancel()

    progress = Progress(on_report)
    with pytest.raises(Cancelled):
        export_report(sampled, AUDITOR, xlsx=tmp_path / "out.xlsx", progress=progress)
    assert not (tmp_path / "out.xlsx").exists()
    assert seen[0] == "gathering"


def test_the_report_holds_findings_and_narrative(sampled):
    data = gather(sampled, AUDITOR)
    assert data.findings is not None and data.findings.incidents.reviewed == 0
    assert isinstance(data.narrative, list)
    assert len(data.records) == 3 and data.status == "Draft"


def test_cancel_is_checked_while_the_pdf_is_laid_out(sampled, tmp_path):
    out = tmp_path / "out.pdf"
    out.write_bytes(b"the earlier report")
    stages = []

    def on_report(stage, done, total):
        stages.append(stage)
        if stage == "rendering" and done >= 1:
            progress.cancel()

    progress = Progress(on_report)
    with pytest.raises(Cancelled):
        export_report(sampled, AUDITOR, pdf=out, progress=progress)
    assert out.read_bytes() == b"the earlier report" and disclosures(sampled) == []
    assert stages.count("rendering") >= 2  # cancelled during the layout, not before it


# -- the command -------------------------------------------------------------------------------


def test_the_export_command_writes_and_reports(sampled, tmp_path, capsys):
    path = str(sampled.path)
    sampled.close()
    out = tmp_path / "findings.xlsx"
    assert main(["export", path, "--xlsx", str(out), "--recipient", "Governance board", "--as", "F. C. Registrar"]) == 0
    printed = capsys.readouterr().out
    assert f"Wrote {out} (xlsx" in printed and "for Governance board" in printed and "disclosure" in printed
    assert out.stat().st_size > 5_000
    assert main(["log", path, "--limit", "1"]) == 0
    assert "disclosure" in capsys.readouterr().out


def test_the_export_command_needs_a_file_to_write(sampled, capsys):
    path = str(sampled.path)
    sampled.close()
    assert main(["export", path]) == 2
    assert "--xlsx" in capsys.readouterr().err


def test_the_export_command_prints_notes(audit, tmp_path, capsys):
    rows = [["key", "form", "narrative"], ["INC-1", "incident", "=HYPERLINK(\"http://example.invalid\")"]]
    from tests.factories import write_csv

    import_sample(audit, AUDITOR, write_csv(tmp_path / "s.csv", rows))
    path = str(audit.path)
    audit.close()
    assert main(["export", path, "--xlsx", str(tmp_path / "o.xlsx")]) == 0
    out = capsys.readouterr().out
    assert "note: 'Incident record': 1 cell(s) start with =" in out and out.rstrip().endswith("formulas: B2")


def test_the_answers_sheet_holds_only_answers_that_apply(sampled):
    """Issue 12: an answer a later answer made irrelevant is kept in the file but counts nowhere; it is not exported."""
    from workbench.ops.answering import answer

    key = "INC-0001"
    for question, instance, value in [("auditable", None, "yes"), ("discloses_crime", None, "yes"),
                                      ("offence_group", 1, "theft"), ("recorded", 1, "yes")]:
        answer(sampled, AUDITOR, key, question, value, instance)
    answer(sampled, AUDITOR, key, "discloses_crime", "no")  # the crime's answers no longer apply
    rows = [(q, i, v) for record, q, i, v, _note, _role, _round in gather(sampled, AUDITOR).answers_long if record == key]
    assert rows == [("auditable", None, "yes"), ("discloses_crime", None, "no")]


def test_both_exports_carry_the_head_of_the_event_log_when_they_were_made(sampled, tmp_path):
    import shutil
    import subprocess

    from openpyxl import load_workbook

    seq, digest = sampled.head()
    export_report(sampled, AUDITOR, xlsx=tmp_path / "f.xlsx", pdf=tmp_path / "f.pdf")
    details = load_workbook(tmp_path / "f.xlsx", read_only=True)["Audit details"]
    rows = {row[0]: row[1] for row in details.iter_rows(values_only=True) if row and row[0]}
    assert rows["Event log head"] == f"event {seq}, hash {digest}"
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "f.pdf"), "-"], capture_output=True, text=True).stdout
        assert f"Audit log head at export: event {seq}, hash {digest}" in text
