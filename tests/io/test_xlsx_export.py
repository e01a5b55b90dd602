"""The Excel export, read back with openpyxl: the 2014 Part B in the right cells of the
Findings sheet, numbers as numbers, the evidence sheets, print setup and cell safety."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from openpyxl.utils.escape import unescape

from workbench.core.audit import AuditSettings
from workbench.core.forms import form_from_dict
from workbench.core.report import NoncompliantAnswer, RecordRow, ReportData
from workbench.io.xlsx_cells import MAX_CELL_CHARS, split_utf16, utf16_len
from workbench.io.xlsx_export import write_xlsx
from workbench.ops.adjudication import load_determinations
from workbench.ops.answering import load_answers
from workbench.ops.export import export, gather
from workbench.ops.findings import audit_findings
from workbench.ops.importing import import_sample

from tests.factories import AUDITOR, answer_rows, make_audit, write_answers, write_csv
from tests.leicestershire import FCR, build_leicestershire_audit


@pytest.fixture(scope="module")
def leicestershire(tmp_path_factory):
    """The synthetic 2014 audit exported through the atomic export: (workbook, data, folder, path)."""
    folder = tmp_path_factory.mktemp("leicestershire-xlsx")
    store = build_leicestershire_audit(folder)
    try:
        data = gather(store, AUDITOR)
        out = folder / "findings.xlsx"
        result = export(store, AUDITOR, write_xlsx, out, "xlsx", data=data)
        findings = audit_findings(store).to_dict()
    finally:
        store.close()
    assert result.notes == []
    return openpyxl.load_workbook(out), data, folder, out, findings


def table(ws, title: str) -> tuple[list, list[list]]:
    """The headings and rows of the Findings table titled ``title`` (rows end at a blank label).

    A Part B table has a row of the inspection's sentences under its headings: skipped.
    """
    for (cell,) in ws.iter_rows(min_col=1, max_col=1):
        if cell.value == title:
            heading = [c.value for c in ws[cell.row + 1]]
            rows, r = [], cell.row + 2
            if ws.cell(r, 1).value in (None, "") and isinstance(ws.cell(r, 2).value, str):
                r += 1
            while ws.cell(r, 1).value not in (None, ""):
                rows.append([c for c in ws[r]])
                r += 1
            return heading, rows
    raise AssertionError(f"no table titled {title!r}")


def values(row) -> list:
    return [c.value for c in row]


# -- the Findings sheet -------------------------------------------------------------------


def test_part_b_is_in_the_inspection_words_and_numbers(leicestershire):
    ws = leicestershire[0]["Findings"]
    heading, rows = table(ws, "Crimes reported as part of an incident record")
    assert heading[1:5] == ["Incidents reviewed", "Crimes identified", "Crimes recorded", "Recording rate"]
    assert values(rows[0])[:7] == ["Synthetic Constabulary", 123, 115, 100, 100, 115, pytest.approx(100 / 115)]
    heading, rows = table(ws, "Crime reports held on other systems")
    assert heading[1:4] == ["Referrals", "Crimes identified", "Crimes recorded"]
    assert values(rows[0])[1:4] == [55, 16, 6]
    heading, rows = table(ws, "No-crimes")
    assert heading[1:3] == ["No-crimes reviewed", "Decisions correct"]
    assert values(rows[0])[1:3] == [83, 74]
    _heading, rows = table(ws, "No-crimes by category")
    by_label = {r[0].value: values(r)[1:4] for r in rows}
    assert by_label["All categories"] == [83, 74, 83]
    assert by_label["Robbery"] == [23, 17, 23]
    assert by_label["Rape"] == [20, 20, 20] and by_label["Violence against the person"] == [40, 37, 40]


HISTORY = "Did the offender's history make this disposal suitable?"
INFORMED = "Was the offender made aware of the nature and implications of the disposal?"
VIEWS = "Were the victim's views considered?"


@pytest.mark.parametrize("title, expected", [
    ("Cautions: 25 dip-sampled", {HISTORY: (23, 25), INFORMED: (22, 25), VIEWS: (14, 18)}),
    ("Penalty Notices for Disorder: 25 dip-sampled", {HISTORY: (19, 25), INFORMED: (0, 25), VIEWS: (11, 15)}),
    ("Cannabis warnings: 25 dip-sampled", {HISTORY: (20, 25), INFORMED: (0, 25)}),
    ("Community resolutions: 25 dip-sampled", {HISTORY: (24, 25), VIEWS: (19, 20),
                                               "Was the outcome meaningful and appropriate?": (20, 25)}),
])
def test_each_out_of_court_disposal_question_is_x_of_n(leicestershire, title, expected):
    _heading, rows = table(leicestershire[0]["Findings"], title)
    found = {r[0].value: r for r in rows}
    for label, (x, n) in expected.items():
        row = found[label]
        assert (row[1].value, row[2].value) == (x, n)
        assert row[2].number_format == '"of "#,##0'  # shows "of 25" and stays a number
        assert row[3].value == pytest.approx(x / n) and "%" in row[3].number_format


def test_rates_are_numbers_with_a_percentage_format_beside_x_and_n(leicestershire):
    wb, _data, _folder, _out, findings = leicestershire
    ws = wb["Findings"]
    percentages = [c for row in ws.iter_rows() for c in row if "%" in c.number_format and c.value not in (None, "")]
    assert len(percentages) > 40
    assert all(isinstance(c.value, (int, float)) and 0 <= c.value <= 1 for c in percentages)
    assert not any(isinstance(c.value, str) and re.fullmatch(r"[\d.]+%", c.value.strip()) for row in ws.iter_rows() for c in row)
    _heading, rows = table(ws, "Overall recording rate: incident records")
    all_crime = findings["overall"]["rates"]["rows"][0]
    row = rows[0]
    assert values(row)[:3] == ["All crime", all_crime["should_have_been_recorded"], all_crime["recorded"]]
    # what the cell shows, rounded as the engine rounds, is the engine's figure
    assert round(row[3].value * 100 + 1e-9, 1) == all_crime["rate"] and row[3].number_format == "0.0%"
    assert row[4].number_format == '"+/- "0.00%'
    assert round(row[4].value * 100 + 1e-9, 2) == all_crime["interval"]["half_width"]


def test_a_small_sample_shows_wilson_bounds(leicestershire):
    wb, *_rest, findings = leicestershire
    referrals = findings["recording_rates"][1]["rows"][0]
    assert referrals["interval"]["method"] == "wilson"
    _heading, rows = table(wb["Findings"], "Referrals from other agencies (beside the overall rate, not added in)")
    low, high = rows[0][4], rows[0][5]
    assert (round(low.value * 100, 1), round(high.value * 100, 1)) == (referrals["interval"]["low"], referrals["interval"]["high"])
    assert high.number_format == '"to "0.0%'


def test_timeliness_classification_and_victims_told(leicestershire):
    ws = leicestershire[0]["Findings"]
    heading, rows = table(ws, "Of the crimes recorded: recorded within 72 hours, and correctly classified")
    assert heading[2] == "Within 72 hours" and heading[6] == "Correctly classified"
    incident = next(r for r in rows if r[0].value == "Crimes reported as part of an incident record")
    assert values(incident)[1:4] == [100, 100, 100]
    assert values(incident)[6:8] == [97, 100]
    labels = [r[0].value for r in rows]
    assert labels[:3] == ["Crimes reported as part of an incident record", "Crime reports held on other systems",
                          "All crimes recorded in the sample"]  # the total last, as in every output
    _heading, rows = table(ws, "Victims told of the decision, and authorisation")
    overall = values(next(r for r in rows if r[0].value == "All categories"))
    assert overall[0] == "All categories" and overall[1:3] == [33, 42]  # told, of those who should have been


def test_the_title_block_and_exclusions(leicestershire):
    ws = leicestershire[0]["Findings"]
    block = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(3, 10)}
    assert block["Force"] == "Synthetic Constabulary"
    assert block["Audit period"] == "2013-01-01 to 2013-12-31"
    assert block["Status"] == "Draft" and block["Protective marking"] == "OFFICIAL-SENSITIVE"
    assert block["Recording time limit"] == "72 hours"
    total = next(r for r in ws.iter_rows() if r[0].value == "All checklists")
    assert values(total)[1:3] == [3, 4]  # not complete, could not be audited
    words = [c.value for (c,) in ws.iter_rows(min_col=1, max_col=1) if isinstance(c.value, str)]
    assert any(w.startswith("We examined 123 incident records and found that 115 crimes should have been recorded.") for w in words)


# -- the evidence sheets ------------------------------------------------------------------


def test_the_export_computes_the_same_findings_as_the_findings_command(leicestershire):
    data, findings = leicestershire[1], leicestershire[4]
    assert data.findings.to_dict() == findings  # gather evaluates each record once and feeds the engine


def test_sheets_in_order(leicestershire):
    wb = leicestershire[0]
    assert wb.sheetnames[0] == "Findings"
    assert wb.sheetnames[1:3] == ["Incident record", "Referral from another agency"]
    assert wb.sheetnames[-4:] == ["Non-compliant", "Decisions", "Answers", "Audit details"]  # the FCR decided two


def test_a_row_per_crime_on_the_checklist_sheet(leicestershire):
    wb, data = leicestershire[0], leicestershire[1]
    ws = wb["Incident record"]
    header = [c.value for c in ws[1]]
    assert header[:3] == ["Record", "reported", "summary"]
    col = {h: i for i, h in enumerate(header)}
    assert "Crime" in col  # the repeat group's instance
    assert "Was this crime recorded?" in col and "Which offence should have been recorded?" in col
    rows = [values(r) for r in ws.iter_rows(min_row=2)]
    crimes = [r for r in rows if r[col["Crime"]] not in (None, "")]
    assert len(crimes) == 115 + 0  # every identified crime of a complete record has its row
    three = [r for r in rows if r[0] == "INC-0121"]
    assert [r[col["Crime"]] for r in three] == [1, 2, 3]
    assert {r[col["Can this record be audited?"]] for r in three} == {"Yes"}  # repeated, filterable
    assert {r[col["Was this crime recorded?"]] for r in crimes} == {"Yes", "No"}  # choice labels, not names
    assert len({r[0] for r in rows}) == len(data.records_of("incident"))


def test_the_non_compliant_sheet_is_feedback_for_officers(leicestershire):
    wb, data = leicestershire[0], leicestershire[1]
    ws = wb["Non-compliant"]
    assert [c.value for c in ws[1]] == ["Record", "Checklist", "Question", "Crime", "Answer", "Rationale"]
    rows = [values(r) for r in ws.iter_rows(min_row=2)]
    assert len(rows) == len(data.noncompliant) > 0
    not_recorded = [r for r in rows if r[2] == "Was this crime recorded?"]
    assert len(not_recorded) == 115 - 100 + 16 - 6
    assert not_recorded[0][4] == "No" and not_recorded[0][5] == "Synthetic audit note."
    assert not_recorded[0][1] == "Incident record (crime-recording accuracy)"


def test_audit_details(leicestershire):
    ws = leicestershire[0]["Audit details"]
    pairs = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(1, 15)}
    assert pairs["Audit"] == "Synthetic re-creation of the 2014 Part B"
    assert pairs["Status"] == "Draft" and pairs["Recording time limit"] == "72 hours"
    assert "Test Auditor" in pairs["Auditors"] and "Synthetic Registrar" in pairs["Auditors"]
    incident = next(values(r) for r in ws.iter_rows() if r[0].value == "incident")
    assert incident[2:5] == ["2024.2", 127, 125]


def test_every_sheet_is_set_up_for_screen_and_print(leicestershire):
    wb = leicestershire[0]
    for ws in wb.worksheets:
        assert ws.freeze_panes, ws.title
        assert ws.oddHeader.center.text == "OFFICIAL-SENSITIVE", ws.title
        assert ws.oddFooter.center.text == "OFFICIAL-SENSITIVE", ws.title
        assert ws.oddFooter.right.text == "Page &P of &N", ws.title
        assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9, ws.title
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToHeight == 0, ws.title
        assert ws.print_title_rows, ws.title
    for name in ("Incident record", "Non-compliant", "Answers"):
        assert wb[name].auto_filter.ref.startswith("A1:"), name
        assert wb[name].freeze_panes in ("A2", "B2")
    assert wb["Answers"].auto_filter.ref == f"A1:G{wb['Answers'].max_row}"


def test_a_checklist_sheet_prints_legibly_with_its_log_wrapped_at_a_fixed_width(tmp_path):
    """Issue 12: not 30 source columns on one page of 3-point text with the log running over other rows."""
    store = make_audit(tmp_path)
    log = "The caller says a neighbour kicked the door in and took a bicycle from the hallway. " * 8  # 680 characters
    header = ["key", "form", *(f"column_{i}" for i in range(28)), "narrative"]
    rows = [[f"INC-{i}", "incident", *(f"value {i}-{c}" for c in range(28)), log] for i in range(3)]
    try:
        import_sample(store, AUDITOR, write_csv(tmp_path / "wide.csv", [header, *rows]))
        load_answers(store, AUDITOR, write_answers(tmp_path / "answers.csv", answer_rows("INC-0")))
        data = gather(store, AUDITOR)
    finally:
        store.close()
    write_xlsx(data, tmp_path / "wide.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "wide.xlsx")["Incident record"]
    narrative = next(c for c in ws[1] if c.value == "narrative")
    assert ws.column_dimensions[narrative.column_letter].width == pytest.approx(50, abs=1)
    assert ws.cell(2, narrative.column).alignment.wrap_text
    assert ws.row_dimensions[2].height > 100  # the row grows to hold the wrapped log
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth > 1  # readable, across pages
    assert ws.print_title_rows == "$1:$1" and ws.print_title_cols == "$A:$A"  # header and record key on every page
    assert ws.page_setup.pageOrder == "overThenDown"


# -- the Answers sheet round trip ------------------------------------------------------------


def test_the_answers_sheet_reproduces_the_findings(leicestershire, tmp_path):
    """The team's rows loaded as auditor, then the FCR's rows as FCR: the same findings."""
    wb, _data, folder, out, findings = leicestershire
    assert [c.value for c in wb["Answers"][1]] == ["record", "question", "instance", "answer", "note", "role", "round"]
    store = make_audit(tmp_path, "again", title="Round trip", time_limit_hours=72)
    try:
        import_sample(store, AUDITOR, folder / "leicestershire-sample.csv")
        loaded = load_answers(store, AUDITOR, out, sheet="Answers")
        assert loaded.skipped == sum(1 for r in wb["Answers"].iter_rows(min_row=2) if r[5].value == "fcr")
        assert audit_findings(store).to_dict() != findings  # the team's answers alone: the FCR overturned two
        load_determinations(store, FCR, out, reason="Reloaded", sheet="Answers")
        assert audit_findings(store).to_dict() == findings
        assert set(store.determinations()) == {"INC-0033", "CAN-0066"}  # as in the audit exported
    finally:
        store.close()


# -- cell safety -----------------------------------------------------------------------------

FORM = form_from_dict({
    "settings": {"form_id": "t", "form_title": "Test checklist", "version": "1"},
    "survey": [
        {"type": "select_one yes_no", "name": "ok", "label": "Is it right?", "compliant": ". = 'yes'"},
        {"type": "integer", "name": "count", "label": "How many?"},
        {"type": "text", "name": "rationale", "label": "Rationale"},
    ],
    "choices": [{"list_name": "yes_no", "name": "yes", "label": "Yes"}, {"list_name": "yes_no", "name": "no", "label": "No"}],
})


def report(records: list[RecordRow], title: str = "Safety") -> ReportData:
    rows = [(r.key, q, i, v, n, "auditor", 1) for r in records for (q, i), (v, n) in r.answers.items()]
    return ReportData(AuditSettings(title=title), "2024-05-01T10:00:00+00:00", "Tester", {"t": FORM}, records, [], rows, ["Tester"])


def record(key: str, rationale: str = "", count: str = "3", note: str = "", fields: dict | None = None) -> RecordRow:
    answers = {("ok", None): ("no", note), ("count", None): (count, ""), ("rationale", None): (rationale, "")}
    return RecordRow(key, "t", "complete", False, fields or {"source": "x"}, answers, ("Tester",))


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd",
                                  "=cmd|' /C calc'!A0"])
def test_formula_like_text_is_written_as_quoted_text(tmp_path, text):
    data = report([record("R1", rationale=text, fields={"source": text})])
    notes = write_xlsx(data, tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    ws = wb["Test checklist"]
    header = [c.value for c in ws[1]]
    for cell in (ws.cell(2, header.index("Rationale") + 1), ws.cell(2, header.index("source") + 1)):
        # unchanged, and text (openpyxl leaves Excel's escape of a carriage return, _x000D_, as it is)
        assert cell.data_type == "s" and unescape(cell.value) == text
        assert cell.quotePrefix, cell.coordinate
    answers = wb["Answers"]
    cell = next(r[3] for r in answers.iter_rows(min_row=2) if r[1].value == "rationale")
    assert unescape(cell.value) == text and cell.quotePrefix and cell.data_type == "s"
    assert any("'Test checklist'" in n and "quote prefix" in n for n in notes)
    assert any("'Answers'" in n for n in notes)


def test_numbers_stay_numbers_even_negative_ones(tmp_path):
    data = report([record("R1", count="-5")])
    write_xlsx(data, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["Test checklist"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(2, header.index("How many?") + 1)
    assert cell.value == -5 and cell.data_type == "n" and not cell.quotePrefix


def test_control_characters_are_removed_and_reported(tmp_path):
    data = report([record("R1", rationale="bad\x00te\x07xt\x1b here\tand\nthere", note="a\x0bb")])
    notes = write_xlsx(data, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["Test checklist"]
    header = [c.value for c in ws[1]]
    assert ws.cell(2, header.index("Rationale") + 1).value == "badtext here\tand\nthere"
    assert ws.cell(2, header.index("Note: Is it right?") + 1).value == "ab"
    removed = [n for n in notes if "control character" in n]
    assert any(n.startswith(f"'Test checklist'!{ws.cell(2, header.index('Rationale') + 1).coordinate}: 3 ") for n in removed)
    assert any(n.startswith("'Answers'!") for n in removed)


def test_a_40000_character_note_is_split_and_reported(tmp_path):
    long = "".join(f"{i:05d} " for i in range(40_000 // 6 + 1))[:40_000]
    data = report([record("R1", rationale=long)])
    notes = write_xlsx(data, tmp_path / "out.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "out.xlsx")
    ws = wb["Test checklist"]
    header = [c.value for c in ws[1]]
    cell = ws.cell(2, header.index("Rationale") + 1)
    assert len(cell.value) <= MAX_CELL_CHARS
    marker = cell.value[cell.value.index(" [... continued"):]
    assert long.startswith(cell.value[: -len(marker)])
    assert "'Long text', row 2" in marker
    lt = wb["Long text"]
    assert [c.value for c in lt[1]][:3] == ["Sheet", "Cell", "Characters"]
    row = next(r for r in lt.iter_rows(min_row=2) if r[0].value == "Test checklist")
    assert row[1].value == cell.coordinate and row[2].value == 40_000
    assert "".join(c.value or "" for c in row[3:]) == long
    assert any(n.startswith(f"'Test checklist'!{cell.coordinate}: the text has 40,000 characters") and "Long text" in n
               for n in notes)
    assert wb.sheetnames[-1] == "Long text"


def test_text_is_split_by_excels_count_of_characters():
    text = "\U0001F600" * 20_000  # each emoji is two UTF-16 units
    parts = split_utf16(text, MAX_CELL_CHARS)
    assert "".join(parts) == text and all(utf16_len(p) <= MAX_CELL_CHARS for p in parts) and len(parts) == 2


def test_an_empty_audit_still_exports(tmp_path, audit):
    result = export(audit, AUDITOR, write_xlsx, tmp_path / "empty.xlsx", "xlsx")
    wb = openpyxl.load_workbook(tmp_path / "empty.xlsx")
    assert wb.sheetnames == ["Findings", "Non-compliant", "Answers", "Audit details"]
    assert result.notes == []


def test_a_noncompliant_answer_appears_with_its_rationale(tmp_path):
    rec = record("R1", rationale="Officer recorded it late.")
    data = report([rec])
    data.noncompliant.append(NoncompliantAnswer("R1", "t", "ok", "Is it right?", None, "No", "Officer recorded it late."))
    write_xlsx(data, tmp_path / "out.xlsx")
    ws = openpyxl.load_workbook(tmp_path / "out.xlsx")["Non-compliant"]
    assert [c.value for c in ws[2]] == ["R1", "Test checklist", "Is it right?", None, "No", "Officer recorded it late."]


# -- LibreOffice ------------------------------------------------------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


def convert(src: Path, fmt: str, outdir: Path, profile: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [SOFFICE, f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore", "--convert-to", fmt,
         "--outdir", str(outdir), str(src)],
        capture_output=True, text=True, timeout=240,
    )


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; scripts/bootstrap installs it")
def test_libreoffice_opens_the_workbook_without_repair(leicestershire, tmp_path):
    out = leicestershire[3]
    profile = tmp_path / "profile"
    # Every sheet to CSV, as shown (formats applied): -1 = all sheets, one file each.
    csv_filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1'
    done = convert(out, csv_filter, tmp_path, profile)
    assert done.returncode == 0, done.stderr
    assert "Error" not in done.stderr and "repair" not in (done.stdout + done.stderr).lower()
    findings = (tmp_path / "findings-Findings.csv").read_text(encoding="utf-8")
    assert "\nSynthetic Constabulary,123,115,100,100,of 115,87.0%" in findings  # the numbers, formatted as shown
    assert "\nSynthetic Constabulary,55,16,6,6,of 16,37.5%" in findings
    assert "of 25" in findings and "+/- " in findings
    assert (tmp_path / "findings-Answers.csv").read_text(encoding="utf-8").startswith("record,question,instance,answer,note")
    done = convert(out, "pdf", tmp_path, profile)
    assert done.returncode == 0 and (tmp_path / "findings.pdf").stat().st_size > 10_000, done.stderr
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", "-layout", str(tmp_path / "findings.pdf"), "-"], capture_output=True,
                              text=True, check=True).stdout
        assert "OFFICIAL-SENSITIVE" in text and "Crimes reported as part of an incident record" in text
        assert "Page 1 of" in text


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; scripts/bootstrap installs it")
def test_libreoffice_shows_formula_like_text_as_text_and_opens_long_text(tmp_path):
    long = "x" * 40_000
    records = [record("R1", rationale="=1+1", fields={"source": "@SUM(1,2)"}),
               record("R2", rationale="-2+3", note="bell\x07", fields={"source": long})]
    out = tmp_path / "nasty.xlsx"
    write_xlsx(report(records), out)
    csv_filter = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,-1'
    done = convert(out, csv_filter, tmp_path, tmp_path / "profile")
    assert done.returncode == 0, done.stderr
    sheet = (tmp_path / "nasty-Test checklist.csv").read_text(encoding="utf-8")
    assert "=1+1" in sheet and "@SUM(1,2)" in sheet and "-2+3" in sheet  # shown as typed, never evaluated
    assert ",2," not in sheet.replace("R2", "")
    long_text = (tmp_path / "nasty-Long text.csv").read_text(encoding="utf-8")
    assert long_text.splitlines()[1].count("x") == 40_000  # the whole text, across its cells
