"""The Excel export: findings laid out as the inspection lays them out, and the evidence.

Sheets, in order: **Findings** (see ``xlsx_findings``), one sheet per checklist used
(a row per record, and per crime for repeat groups), **Non-compliant** (feedback to
officers), **Decisions** (when the FCR determined or a peer reviewed records: the
team's, the peer's and the final answer side by side, with who decided and why;
``xlsx_decisions``), **Answers** (the long import format with each answer's role
and round, so ``workbench answers --sheet Answers`` on this workbook reproduces the
findings), **Audit details**, and - only
when some text was too long for a cell - **Long text**.

Written with xlsxwriter: about twice as fast as openpyxl here, and it has the header
and footer codes, print setup, frozen panes and filters the sheets need. Every cell
goes through ``xlsx_cells`` (formula-like text neutralised, control characters
removed, long text split), and what that changed is returned as notes.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from workbench.core.forms import Form, Question
from workbench.core.report import RecordRow, ReportData
from workbench.io.xlsx_cells import Book, Sheet
from workbench.io.export_signature import CELL_CHARS, pack
from workbench.io.export_signature import SHEET as SIGNATURE_SHEET

ANSWERS_SHEET = "Answers"
DECISIONS_SHEET = "Decisions"
NONCOMPLIANT_SHEET = "Non-compliant"
DETAILS_SHEET = "Audit details"
ANSWER_HEADER = ["record", "question", "instance", "answer", "note", "role", "round"]
PROGRESS_WORDS = {"not_started": "Not started", "in_progress": "In progress", "complete": "Complete"}
_PROGRESS_COLUMNS = ("complete", "in_progress", "not_started")
_NUMERIC_TYPES = {"integer", "decimal"}
_SHEET_NAME_BAD = str.maketrans({c: " " for c in "[]:*?/\\"})
#: Column widths (characters) of running text (incident logs), of free-text answers and notes.
LONG_TEXT_WIDTH, FREE_TEXT_WIDTH = 50, 40
#: How many characters of column width a printed landscape page holds at a legible scale.
PRINT_CHARS_A_PAGE = 200
#: A wrapped line's height, and the tallest row a spreadsheet allows (points).
_LINE_POINTS, MAX_ROW_POINTS = 12.75, 409
#: Rows written between two calls of ``on_row`` (which may raise to cancel).
_REPORT_EVERY = 1000
GREY = "#6B6B6B"

Progress = Callable[[int, int], None]


def write_xlsx(data: ReportData, path: Path, on_row: Progress | None = None) -> list[str]:
    """Write the audit's workbook to ``path``.

    Parameters
    ----------
    data
        The report, gathered once by ``ops.export.gather``.
    path
        Where to write (``ops.export.export`` gives a temporary file it then renames).
    on_row
        Called as ``on_row(done, total)`` every thousand rows or so; it may raise
        (to cancel), and the exception propagates.

    Returns
    -------
    list of str
        What was changed to keep the workbook safe (text written with a quote
        prefix, control characters removed, long text split), naming sheet and cell.
    """
    import xlsxwriter

    total = len(data.records) + len(data.noncompliant) + len(data.decisions) + len(data.answers_long)
    tick = _Ticker(on_row, total)
    wb = xlsxwriter.Workbook(str(path), {
        "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False,
        "nan_inf_to_errors": True, "default_date_format": "yyyy-mm-dd",
    })
    book = Book(wb, data.settings.marking, data.settings.title)
    _properties(wb, data)
    # On an error (or a cancel raised by on_row) the workbook is left unclosed, so
    # nothing is written: the caller's temporary file is simply discarded.
    from workbench.io.xlsx_findings import write_findings

    write_findings(book, data)
    for form_id, form in _forms_in_sample_order(data):
        _checklist_sheet(book, form, data.records_of(form_id), _sheet_name(form, book), tick)
    _noncompliant_sheet(book, data, tick)
    if data.decisions:
        from workbench.io.xlsx_decisions import decisions_sheet

        decisions_sheet(book, data, tick)
    _answers_sheet(book, data, tick)
    _details_sheet(book.sheet(DETAILS_SHEET, header_rows=0), data, book.notes.lines())
    if data.signoff and data.signoff.embedded:
        _signature_sheet(wb, pack(data.signoff.embedded))
    book.finish()
    wb.close()
    return book.notes.lines()


def _signature_sheet(wb, packed: str) -> None:
    """A hidden sheet carrying what ``workbench verify-export`` checks (io.export_signature)."""
    ws = wb.add_worksheet(SIGNATURE_SHEET)
    ws.write_string(0, 0, "What the FCR signed, for 'workbench verify-export': do not edit.")
    for row, start in enumerate(range(0, len(packed), CELL_CHARS), start=1):
        ws.write_string(row, 0, packed[start : start + CELL_CHARS])
    ws.hide()


class _Ticker:
    def __init__(self, on_row: Progress | None, total: int):
        self.on_row, self.total, self.done = on_row, total, 0

    def __call__(self) -> None:
        self.done += 1
        if self.on_row is not None and self.done % _REPORT_EVERY == 0:
            self.on_row(self.done, self.total)


def _properties(wb, data: ReportData) -> None:
    s = data.settings
    wb.set_properties({
        "title": s.title, "subject": f"Crime data integrity audit{' - ' + s.force if s.force else ''}",
        "author": data.generated_by, "company": s.force, "category": s.marking, "keywords": s.marking,
        "comments": f"{s.marking}. Generated by the CDI workbench on {data.generated_at}. Status: {data.status}.",
    })
    wb.set_custom_property("Protective marking", s.marking)
    wb.set_custom_property("Status", data.status)


def _sheet_name(form: Form, book: Book) -> str:
    """A short, legal, unique sheet name for a checklist (31 characters, no []:*?/\\).

    "Out-of-court disposal: cannabis warning" -> "Cannabis warning"; "Incident
    record (crime-recording accuracy)" -> "Incident record"; a title too long for
    that falls back to the text in brackets, then to the form id in words.
    """
    title = (form.title or form.form_id).strip()
    base = title.split(": ", 1)[-1]
    bracketed = base[base.find("(") + 1 : base.rfind(")")] if "(" in base and base.endswith(")") else ""
    plain = base.split(" (")[0]
    words = form.form_id.replace("_", " ")
    candidates = [plain, bracketed, words[:1].upper() + words[1:]]
    chosen = next((c for c in candidates if c and len(c) <= 31 and not set(c) & set("[]:*?/\\")), "")
    chosen = (chosen or plain.translate(_SHEET_NAME_BAD)[:31]).strip().strip("'") or form.form_id[:31]
    chosen = chosen[:1].upper() + chosen[1:]
    taken = {ws.get_name().casefold() for ws in book.wb.worksheets()}
    taken |= {n.casefold() for n in (ANSWERS_SHEET, NONCOMPLIANT_SHEET, DETAILS_SHEET, SIGNATURE_SHEET, DECISIONS_SHEET)}
    name, n = chosen, 2
    while name.casefold() in taken:
        suffix = f" ({n})"
        name, n = chosen[: 31 - len(suffix)] + suffix, n + 1
    return name


def _forms_in_sample_order(data: ReportData) -> list[tuple[str, Form]]:
    order = list(dict.fromkeys(r.form_id for r in data.records))
    return [(form_id, data.forms[form_id]) for form_id in order if form_id in data.forms]


# -- one sheet per checklist ----------------------------------------------------------


def answer_text(form: Form, question: Question, value: str, labels: dict | None = None) -> str | float:
    """An answer as a reader wants it: choice labels, numbers as numbers.

    ``labels`` is ``choice_labels(form)``, given by callers writing many answers.
    """
    spec = question.spec
    if spec.type == "select_one" or spec.type == "select_multiple":
        labels = labels if labels is not None else choice_labels(form)
        if spec.type == "select_one":
            return labels.get((spec.list_name, value), value)
        return "; ".join(labels.get((spec.list_name, v), v) for v in value.split())
    if spec.type in _NUMERIC_TYPES:
        try:
            number = float(value)
        except ValueError:
            return value
        return int(number) if spec.type == "integer" and number.is_integer() else number
    return value


def choice_labels(form: Form) -> dict[tuple[str, str], str]:
    return {(c.list_name, c.name): c.label for c in form.choices}


def _checklist_sheet(book: Book, form: Form, records: list[RecordRow], name: str, tick: _Ticker) -> None:
    sheet = book.sheet(name)
    fields = list(dict.fromkeys(k for r in records for k in r.fields))
    questions = form.questions()
    noted = {q for r in records for (q, _i), (_v, note) in r.answers.items() if note}
    repeats = form.repeats()
    labels = choice_labels(form)
    columns: list[tuple[str, Question | None, bool]] = []  # (header, question, is note)
    for q in questions:
        columns.append((q.spec.label or q.name, q, False))
        if q.name in noted:
            columns.append((f"Note: {q.spec.label or q.name}", q, True))
    instance_word = next(iter(repeats.values())).label.split(" that ")[0] if len(repeats) == 1 else "Instance"
    fixed = ["Record", *fields, "State", "Compliant", "Answered by"]
    if repeats:
        fixed.append(instance_word or "Instance")
    header = fixed + [c[0] for c in columns]
    sheet.header(header)
    plain, grey, wrap, grey_wrap = (book.fmt(), book.fmt(font_color=GREY), book.fmt(text_wrap=True),
                                    book.fmt(text_wrap=True, font_color=GREY))
    long_fields = _long_fields(records, fields)
    first_fmts = [plain, *(wrap if f in long_fields else plain for f in fields)]
    later_fmts = [grey, *(grey_wrap if f in long_fields else grey for f in fields)]
    row = 1
    for record in records:
        count = max([i or 0 for (_q, i) in record.answers] + [1])
        for instance in range(1, count + 1):
            first = instance == 1
            record_fmt = plain if first else grey
            # a record's running text (its incident log) once, on its first row, not again for each crime
            values = [record.key, *(record.fields.get(f, "") if first or f not in long_fields else "" for f in fields),
                      PROGRESS_WORDS.get(record.progress, record.progress),
                      {True: "Compliant", False: "Non-compliant"}.get(record.compliant, ""),
                      ", ".join(record.answered_by)]
            if repeats:
                values.append(instance if any(i == instance for (_q, i) in record.answers) else "")
            fmts = first_fmts if first else later_fmts
            sheet.row(row, values, fmts + [record_fmt] * (len(values) - len(fmts)))
            lines = max([_lines(record.fields.get(f, ""), LONG_TEXT_WIDTH) for f in long_fields if first] + [1])
            col = len(values)
            for _header, q, is_note in columns:
                key = (q.name, instance if q.repeat else None)
                found = record.answers.get(key)
                if found is not None:
                    value = found[1] if is_note else answer_text(form, q, found[0], labels)
                    in_record = first or q.repeat
                    wrapped = is_note or q.spec.is_free_text
                    fmt = (wrap if in_record else grey_wrap) if wrapped else (plain if in_record else grey)
                    sheet.write(row, col, value, fmt)
                    if wrapped:
                        lines = max(lines, _lines(value, FREE_TEXT_WIDTH))
                col += 1
            if lines > 1:  # spreadsheets do not grow a row for wrapped text on their own when they open it
                sheet.ws.set_row(row, min(_LINE_POINTS * lines + 2, MAX_ROW_POINTS))
            row += 1
        tick()
    for col, (_h, q, is_note) in enumerate(columns, start=len(fixed)):
        sheet.set_widths({col: FREE_TEXT_WIDTH if (is_note or q.spec.is_free_text)
                          else max(min(sheet.widths.get(col, 12), 18), 11)})
    for col, name in enumerate(fields, start=1):
        sheet.widths[col] = LONG_TEXT_WIDTH if name in long_fields else min(sheet.widths.get(col, 12), 20)
    _header_height(sheet, header)
    sheet.autofilter(row - 1, len(header) - 1)
    # Printed legibly: landscape, the record key repeated at the left of every page and the
    # header at the top, and as many pages across as keep the text readable (about 200
    # characters of columns a page, 7 pt or more) rather than one page of 3 pt text.
    sheet.finish(freeze_cols=1, pages_wide=max(1, -(-int(sum(sheet.widths.values())) // PRINT_CHARS_A_PAGE)))
    sheet.ws.repeat_columns(0)
    sheet.ws.print_across()  # a band of records across its pages, then the next band


def _lines(text: object, width: int) -> int:
    """Lines ``text`` takes wrapped in a column ``width`` characters wide (a little generous)."""
    if not isinstance(text, str) or len(text) <= width:
        return 1
    per_line = int(width * 1.25)  # a column's width counts "0"s; running text is narrower
    return sum(-(-len(part) // per_line) or 1 for part in text.split("\n"))


def _long_fields(records: list[RecordRow], fields: list[str]) -> set[str]:
    """Source fields holding running text (an incident log): printed wrapped in a column of fixed width."""
    sample = records[:200]
    return {f for f in fields if any(len(str(r.fields.get(f, ""))) > LONG_TEXT_WIDTH for r in sample)}


def _header_height(sheet: Sheet, header: list[str]) -> None:
    lines = 1
    for col, text in enumerate(header):
        width = max(sheet.widths.get(col, 12), 8)
        lines = max(lines, -(-int(len(text) * 1.15) // int(width - 1)))
    sheet.ws.set_row(0, 13.5 * min(lines, 7) + 3)


# -- feedback, answers, details --------------------------------------------------------


def _noncompliant_sheet(book: Book, data: ReportData, tick: _Ticker) -> None:
    sheet = book.sheet(NONCOMPLIANT_SHEET)
    header = ["Record", "Checklist", "Question", "Crime", "Answer", "Rationale"]
    sheet.header(header)
    plain, wrap = book.fmt(), book.fmt(text_wrap=True)
    fmts = [plain, wrap, wrap, plain, wrap, wrap]
    widths = {1: 30, 2: 44, 3: 8, 4: 20, 5: 60}
    titles = {fid: f.title for fid, f in data.forms.items()}
    for row, item in enumerate(data.noncompliant, start=1):
        values = [item.record_key, titles.get(item.form_id, item.form_id), item.label or item.question,
                  item.instance or "", item.answer, item.rationale]
        sheet.row(row, values, fmts)
        lines = max(_lines(value, widths[col]) for col, value in enumerate(values) if col in widths)
        if lines > 1:
            sheet.ws.set_row(row, min(_LINE_POINTS * lines + 2, MAX_ROW_POINTS))
        tick()
    sheet.set_widths(widths)
    sheet.autofilter(len(data.noncompliant), len(header) - 1)
    sheet.finish(freeze_cols=1)


def _answers_sheet(book: Book, data: ReportData, tick: _Ticker) -> None:
    """The answers that apply in the long import format, each with its role and round.

    The audit team's rows (auditor, 1), the peer's (peer, 2), and for a determined
    record the FCR's (fcr, 1): ``workbench answers --sheet Answers`` loads the rows
    of the role it is given, so loading the auditor rows and then, as FCR, the fcr
    rows gives the same final answers and the same findings.
    """
    sheet = book.sheet(ANSWERS_SHEET)
    sheet.header(ANSWER_HEADER, fmt=book.fmt(bold=True, bottom=1))
    wrap = book.fmt(text_wrap=True)
    fmts = [None, None, None, None, wrap, None, None]
    for row, (record, question, instance, value, note, role, rnd) in enumerate(data.answers_long, start=1):
        sheet.row(row, [record, question, instance or "", value, note, role, rnd], fmts)
        tick()
    sheet.set_widths({4: 50, 5: 9, 6: 7})
    sheet.autofilter(len(data.answers_long), len(ANSWER_HEADER) - 1)
    sheet.finish()


def _details_sheet(sheet: Sheet, data: ReportData, notes: list[str]) -> None:
    book, s = sheet.book, data.settings
    label, bold, wrap = book.fmt(bold=True), book.fmt(bold=True, font_size=14), book.fmt(text_wrap=True)
    plain = book.fmt()  # Arial 10 like every other cell (no format would be the application's default font)
    sheet.write(0, 0, "Audit details", bold)
    pairs = [
        ("Audit", s.title), ("Force", s.force), ("Period", _period(s.period_start, s.period_end)),
        ("Recording time limit", f"{s.time_limit_hours} hours"), ("Protective marking", s.marking),
        ("Status", data.status), ("Retention date", s.retention_date or "not set"),
        ("Generated", data.generated_at[:19].replace("T", " ")), ("Generated by", data.generated_by),
        ("Auditors", ", ".join(data.auditors) or "none yet"),
        ("Event log head", data.log_head_text or "not recorded"),
    ]
    if data.signoff:
        so = data.signoff
        pairs += [("Signed off by", f"{so.name} ({so.role})"), ("Signed off", so.at[:19].replace("T", " ") + " UTC"),
                  ("Meaning", so.statement), ("Signature status", so.void or "Signed off: the audit is locked"),
                  ("Manifest SHA-256", so.manifest_sha256), ("Key fingerprint", so.key_fingerprint),
                  ("Signature (Ed25519)", so.signature)]
    row = 2
    for key, value in pairs:
        sheet.write(row, 0, key, label)
        sheet.write(row, 1, value, wrap)
        row += 1
    row += 1
    sheet.header(["Checklist", "Title", "Version", "Records", "Complete", "In progress", "Not started", "Non-compliant"], row=row)
    first_table_row = row
    for form_id, form in data.forms.items():
        records = data.records_of(form_id)
        row += 1
        sheet.row(row, [form_id, form.title, form.version, len(records),
                        *(sum(r.progress == p for r in records) for p in _PROGRESS_COLUMNS),
                        sum(r.compliant is False for r in records)], [plain, wrap, *[plain] * 6])
    row += 1
    sheet.row(row, ["All", "", "", len(data.records), *(sum(r.progress == p for r in data.records) for p in _PROGRESS_COLUMNS),
                    sum(r.compliant is False for r in data.records)], [label] * 8)
    row += 2
    sheet.write(row, 0, "Made safe for spreadsheets", label)
    for note in notes or ["Nothing needed changing: no cell starts like a formula, holds a control character or is too long."]:
        row += 1
        sheet.ws.merge_range(row, 0, row, 7, "", wrap)
        sheet.write(row, 0, note, wrap)
        sheet.ws.set_row(row, 13.5 * max(1, -(-len(note) // 150)) + 2)
    sheet.set_widths({0: 24, 1: 56, 2: 10, 3: 10, 4: 10, 5: 11, 6: 11, 7: 13})
    sheet.ws.freeze_panes(1, 0)
    sheet.print_setup(0)
    sheet.ws.repeat_rows(0)
    sheet.autofilter(first_table_row + len(data.forms), 7, first_row=first_table_row)
    for col, width in sheet.widths.items():
        sheet.ws.set_column(col, col, width)


def _period(start: str, end: str) -> str:
    if start and end:
        return f"{start} to {end}"
    return start or end or "not set"
