"""Importing a sample spreadsheet: each row becomes a record of a checklist.

The whole file is checked before anything is written; one problem rejects the
file and lists every problem with its sheet, row and column, unless the user
chose to skip bad rows: then the good rows are imported in one transaction and
the problems are written to a report beside the source. Rows already in the
audit (same key, same content) are skipped, so importing a file twice adds nothing.
The table is found as ``io.layout`` says: the header under any title rows,
blank rows and a trailing totals row skipped and reported. The columns are
chosen as ``ops.import_mapping`` says (named, from a mapping profile, or by their
headings); the mapped ``reported`` and ``recorded`` columns must hold dates, and
the reported date must fall in the audit's period.

A row whose key is in the audit with other source values is a problem, unless
the import accepts changed rows (``--skip-bad-rows``, and the wizard): then a
record already answered keeps its values and the row is kept beside it (source
changed since review), and a record not yet answered takes the row's values.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.audit import Actor
from workbench.core.errors import InputRejected, Location, Problem
from workbench.core.forms import Form
from workbench.core.mapping import DATE_ROLES, ColumnMapping, check_profile_name
from workbench.core.record_rows import SEPARATOR, RecordRows, form_ids_of, without_rows
from workbench.core.records import Record
from workbench.io.layout import is_totals_row
from workbench.io.problem_list import write_problem_report
from workbench.io.packed_rows import PackedRows
from workbench.io.tabular import Table, read_table
from workbench.ops import changes_audit
from workbench.ops.forms import available_forms
from workbench.ops.date_columns import odd_dates
from workbench.ops.import_mapping import ChosenColumns, choose_columns
from workbench.ops.import_rows import DateCheck, compare_with_audit
from workbench.ops.sheet_preview import DEFAULT_KEY_COLUMNS
from workbench.ops.progress import CHECKING, READING, WRITING, Progress, every
from workbench.store.audit_store import AfterImport, AuditStore



@dataclass
class ImportPlan:
    """What an import would do: the records to add and those already present."""

    table: Table
    key_column: str
    form_column: str | None
    form_id: str | None
    #: ``RecordRows`` as read (each record built when it is used), or a list of records.
    records: Sequence[Record] = field(default_factory=list)
    forms: dict[str, Form] = field(default_factory=dict)
    already_present: int = 0
    header_row: int = 1
    skip_bad_rows: bool = False
    source: Path | None = None  # the file read (a skipped-rows report is written beside it)
    row_count: int = 0  # data rows read (the table's rows are let go once they are records)
    #: Rows left out and why: every row problem when ``skip_bad_rows``.
    problems: list[Problem] = field(default_factory=list)
    #: Trailing rows that total the rows above them: ``[row number]``.
    totals_rows: list[int] = field(default_factory=list)
    #: The columns by heading (key, checklist, roles), as a profile or the import's mapping keeps them.
    mapping: ColumnMapping | None = None
    #: The profile used ("named" with --profile, "fitted" by the headings), or one that fits but was not used.
    profile: str | None = None
    profile_how: str | None = None
    unused_profile: str | None = None
    #: Rows of records already in the audit with other source values (accepted: see the module).
    changed: list[Record] = field(default_factory=list)
    #: Of ``changed``, the records that have answers (kept as they are; the others take the new values).
    changed_answered: int = 0
    accepts_changes: bool = False
    #: Save the mapping as this profile with the import (in its transaction).
    save_profile: str | None = None

    @property
    def bad_rows(self) -> int:
        return len({p.location.row for p in self.problems})

    @property
    def new_records(self) -> int:
        return len(self.records) - self.already_present

    def counts_by_form(self) -> dict[str, int]:
        return dict(Counter(form_ids_of(self.records)))


@dataclass(frozen=True)
class ImportResult:
    plan: ImportPlan
    added: int
    unchanged: int
    dry_run: bool
    report: Path | None = None  # the problem report written beside the source
    noted: int = 0      # changed rows kept beside records already answered
    replaced: int = 0   # records not yet answered that took a changed row's values
    profile_saved: str | None = None


def problem_report_path(source: Path) -> Path:
    """Where the problems of a ``skip_bad_rows`` import are written: beside the source."""
    source = Path(source)
    return source.with_name(f"{source.stem}-import-problems.xlsx")


def plan_import(
    store: AuditStore, path: Path, sheet: str | None = None, form_id: str | None = None,
    form_column: str | None = None, key_column: str | None = None, *,
    header_row: int | None = None, progress: Progress | None = None, skip_bad_rows: bool = False,
    roles: Mapping[str, str | None] | None = None, profile: str | None = None, accept_changes: bool | None = None,
    save_profile: str | None = None,
) -> ImportPlan:
    """Read and check ``path`` against the audit; raise ``InputRejected`` on any problem.

    ``header_row`` is the sheet row holding the column headings (rows above it are
    skipped); None finds it under any title rows (``io.layout``). With
    ``skip_bad_rows`` a problem of one row leaves that row out and is listed in
    the plan's ``problems``; problems of the file itself (no key column, a
    heading twice) still reject it. ``progress`` hears about reading and checking
    every few hundred rows and may cancel between them (``Cancelled``); nothing is
    written either way.

    The columns are chosen by ``ops.import_mapping.choose_columns`` from the named
    ones, ``roles`` (role -> heading), the ``profile`` named, or a profile that fits
    the file's headings. ``accept_changes`` (default: as ``skip_bad_rows``) takes
    rows of records already in the audit with other values (see the module).
    ``save_profile`` names the profile the write will save the mapping as.
    """
    _check_profile_name(save_profile, Path(path).name)
    table = read_table(Path(path), sheet, header_row, on_row=every(progress, READING), key_names=DEFAULT_KEY_COLUMNS,
                       strict=not skip_bad_rows)
    plan = plan_table(store, table, form_id, form_column, key_column, progress=progress, skip_bad_rows=skip_bad_rows,
                      source=Path(path), roles=roles, profile=profile, accept_changes=accept_changes)
    plan.save_profile = save_profile
    return plan


def plan_table(
    store: AuditStore, table: Table, form_id: str | None = None, form_column: str | None = None,
    key_column: str | None = None, *, progress: Progress | None = None, skip_bad_rows: bool = False,
    source: Path | None = None, roles: Mapping[str, str | None] | None = None, profile: str | None = None,
    accept_changes: bool | None = None, fit_profile: bool = True,
) -> ImportPlan:
    """``plan_import`` of a table already read (a drawn sample brings its rows this way, ``fit_profile`` False)."""
    where = table.sheet or None
    forms = available_forms(store)
    if form_id is not None and form_column is not None:
        raise InputRejected(table.file_name, [Problem("give either a checklist for every row or a checklist column, not both")])
    chosen = choose_columns(store, table, form_id, form_column, key_column, roles, profile, fit_profile)
    if chosen.form_id is not None and chosen.form_id not in forms:
        raise InputRejected(table.file_name, [Problem(f"there is no checklist '{chosen.form_id}'", hint="checklists are: " + ", ".join(sorted(forms)))])
    key_col, form_col = chosen.key, chosen.form_column
    plan = ImportPlan(table, table.header[key_col], table.header[form_col] if form_col is not None else None, chosen.form_id,
                      header_row=table.header_row, skip_bad_rows=skip_bad_rows, source=source,
                      mapping=chosen.mapping(table.header), profile=chosen.profile, profile_how=chosen.how,
                      unused_profile=chosen.unused_profile)
    plan.totals_rows = _drop_totals_rows(table, key_col)
    total = len(table.rows)
    settings = store.settings()
    dates = DateCheck(settings.period_start, settings.period_end, chosen.roles, table.header, where)
    problems = table.row_problems + _build_records(plan, table, chosen, forms, where, every(progress, CHECKING, total), dates)
    if progress is not None:
        progress.check_cancelled()
        progress.report(CHECKING, total, total)
    plan.accepts_changes = skip_bad_rows if accept_changes is None else accept_changes
    clashes, plan.already_present = _check_against_audit(plan, store, where, plan.accepts_changes)
    problems = sorted(problems + clashes, key=lambda p: (p.location.row or 0))
    if problems and not skip_bad_rows:
        raise InputRejected(table.file_name, problems, _profile_notes(plan))
    if clashes:
        clashed = {p.location.row for p in clashes}
        plan.records = without_rows(plan.records, clashed)
    plan.problems = problems
    return plan


def _drop_totals_rows(table: Table, key_col: int) -> list[int]:
    """Take trailing totals rows (a sum or count, or a key cell saying Total) out of ``table``."""
    dropped = []
    while table.rows and is_totals_row(table.rows[-1][1], key_col):
        dropped.append(table.rows.pop()[0])
    return sorted(dropped)


@changes_audit
def import_sample(
    store: AuditStore, actor: Actor, path: Path, sheet: str | None = None, form_id: str | None = None,
    form_column: str | None = None, key_column: str | None = None, dry_run: bool = False, *,
    header_row: int | None = None, progress: Progress | None = None, skip_bad_rows: bool = False,
    roles: Mapping[str, str | None] | None = None, profile: str | None = None, save_profile: str | None = None,
    accept_changes: bool | None = None,
) -> ImportResult:
    """Check and import ``path`` in one transaction (or only check it, ``dry_run``).

    With ``progress``, the import can be cancelled until the write transaction
    starts (``Cancelled`` is raised and the audit is untouched); the write itself
    is one transaction, so from then on it either all happens or none of it does.
    With ``skip_bad_rows`` the good rows are imported and the problems written
    to ``problem_report_path(path)`` (not on a dry run). ``save_profile`` saves the
    mapping used as a profile of that name, in the same transaction.
    """
    plan = plan_import(store, path, sheet, form_id, form_column, key_column, header_row=header_row, progress=progress,
                       skip_bad_rows=skip_bad_rows, roles=roles, profile=profile, accept_changes=accept_changes,
                       save_profile=save_profile)
    return write_import(store, actor, plan, dry_run=dry_run, progress=progress, recheck=False, source_path=Path(path))


def _check_profile_name(name: str | None, what: str) -> None:
    problem = None if name is None else check_profile_name(name)
    if problem:
        raise InputRejected(what, [Problem(problem, hint="give --save-profile a short name, such as 'STORM monthly'")])


@changes_audit
def write_import(
    store: AuditStore, actor: Actor, plan: ImportPlan, dry_run: bool = False, progress: Progress | None = None,
    recheck: bool = True, source_path: Path | None = None, then: AfterImport | None = None,
) -> ImportResult:
    """Write a checked ``plan`` to the audit in one transaction (see ``import_sample``).

    ``then(write, stored)`` runs inside that transaction once the records are in
    (a drawn sample records its draw there, so records and draw are kept together or not at all).

    The GUI checks first (``plan_import``), shows the user what will happen, then
    writes this very plan, so what was shown is what is imported. ``recheck``
    compares the plan with the audit again first, since the audit may have changed
    while the user looked (about 0.05 s for 100,000 new rows; ``import_sample``,
    which has only just checked, skips it). A plan that skipped bad rows writes
    its problems to ``problem_report_path(source_path)`` once the records are in.
    A plan with ``save_profile`` saves its mapping as that profile, in the same transaction.
    """
    if dry_run:
        return ImportResult(plan, plan.new_records, plan.already_present, True,
                            noted=plan.changed_answered, replaced=len(plan.changed) - plan.changed_answered)
    save_profile = plan.save_profile
    _check_profile_name(save_profile, plan.table.file_name)
    if recheck:  # a key now present with other content must still be refused (or, accepted, taken as changed)
        clashes, plan.already_present = _check_against_audit(plan, store, plan.table.sheet or None,
                                                             accept=plan.accepts_changes)
        if clashes:
            raise InputRejected(plan.table.file_name, clashes)
    report = None
    source_path = source_path or plan.source
    if plan.problems and source_path is not None:
        report = problem_report_path(source_path)
        write_problem_report(report, plan.problems)  # before the write: a folder we cannot write to stops it cleanly
    if progress is not None:
        progress.point_of_no_return()
    source = {
        "file_name": plan.table.file_name,
        "sha256": plan.table.sha256,
        "sheet": plan.table.sheet,
        "row_count": plan.row_count,
        "mapping": {"key": plan.key_column, "form_column": plan.form_column, "form": plan.form_id},
    }
    if plan.mapping is not None and plan.mapping.roles:
        source["mapping"]["roles"] = plan.mapping.to_dict()["roles"]
    if plan.profile:
        source["mapping"]["profile"] = plan.profile
    if plan.header_row != 1:
        source["mapping"]["header_row"] = plan.header_row
    if plan.problems:
        source["mapping"]["skipped_bad_rows"] = plan.bad_rows
    used = set(form_ids_of(plan.records))
    profile = (save_profile, list(plan.table.header), plan.mapping) if save_profile and plan.mapping else None
    summary = store.add_records(actor, source, plan.records, [plan.forms[f] for f in sorted(used)], then,
                                changed=plan.changed, profile=profile)
    if progress is not None:
        progress.report(WRITING, 1, 1)
    return ImportResult(plan, summary.added, summary.unchanged, False, report, summary.noted, summary.replaced,
                        save_profile if profile else None)


def import_notes(plan: ImportPlan) -> list[str]:
    """What the import did to find the table and clean it, and which columns it used, one sentence each."""
    table = plan.table
    lines = _profile_notes(plan)
    if table.header_row > 1:
        above = "row 1 is a title" if table.header_row == 2 else f"rows 1-{table.header_row - 1} are titles"
        lines.append(f"Header on row {table.header_row} ({above}{'' if table.header_guessed else ', as chosen'}).")
    for heading in table.merged_headings:
        lines.append(f"The heading {heading} is merged: each column is named after it.")
    if plan.totals_rows:
        lines.append(f"Skipped the totals row{'s' if len(plan.totals_rows) > 1 else ''} at the end: row "
                     + ", ".join(str(n) for n in plan.totals_rows) + ".")
    if table.blank_rows:
        lines.append(f"Skipped {table.blank_rows} blank row(s).")
    notes = table.notes
    if notes.controls_removed:
        lines.append(f"Removed {notes.controls_removed} control character(s) from cells (NUL, escape and the like).")
    if notes.formulas:
        lines.append(f"{notes.formulas} cell(s) held formulas: their last calculated values were imported.")
    if notes.encoding and notes.encoding not in ("UTF-8", "UTF-8 (with BOM)"):
        lines.append(f"Read as {notes.encoding} text.")
    checked = {plan.mapping.roles[role] for role in DATE_ROLES if plan.mapping.roles.get(role)} if plan.mapping else set()
    return lines + odd_dates(plan.records, checked) + changed_notes(plan.changed_answered, len(plan.changed) - plan.changed_answered,
                                                           done=False)


def _profile_notes(plan: ImportPlan) -> list[str]:
    lines = []
    if plan.profile_how == "fitted":
        lines.append(f"Using the mapping profile '{plan.profile}': its headings are this file's.")
    elif plan.profile_how == "named":
        lines.append(f"Using the mapping profile '{plan.profile}'.")
    elif plan.unused_profile:
        lines.append(f"The mapping profile '{plan.unused_profile}' fits this file's headings but was not used, "
                     "because columns were named.")
    if plan.mapping is not None and plan.mapping.roles:
        lines.append("Columns used: " + "; ".join(f"{role} '{heading}'" for role, heading in plan.mapping.roles.items()) + ".")
    return lines


def changed_notes(answered: int, unanswered: int, done: bool = True) -> list[str]:
    """Sentences for rows of records already in the audit whose source values changed."""
    lines = []
    if answered:
        verb = "were" if done else "will be"
        lines.append(f"{answered} record(s) already answered have different values in this file: they {verb} kept as "
                     "they are and marked 'source changed since review' (the record shows the difference).")
    if unanswered:
        lines.append(f"{unanswered} record(s) not yet answered have different values in this file: "
                     f"{'they took' if done else 'they will take'} the new values (logged with the old and new digests).")
    return lines


def _build_records(
    plan: ImportPlan, table: Table, chosen: ChosenColumns, forms: dict[str, Form], where: str | None,
    tick: Callable[[int], None], dates: DateCheck,
) -> list[Problem]:
    problems: list[Problem] = []
    first_row: dict[str, int] = {}
    header = table.header
    key_col, form_col = chosen.key, chosen.form_column
    kept = [i for i in range(len(header)) if i not in (key_col, form_col)]
    check_dates = bool(chosen.roles.keys() & set(DATE_ROLES))
    # Only the key, checklist and date cells are looked at here: a held row is split that far, not into every cell.
    looked_at = 1 + max(key_col, form_col or 0, *(chosen.roles[role] for role in DATE_ROLES if role in chosen.roles))
    rows, table.rows = table.rows, []  # each row's text is let go here once the records hold it
    plan.row_count = len(rows)
    plan.records = records = RecordRows(header, kept)
    for done in range(len(rows)):
        if isinstance(rows, PackedRows):
            row_number, packed = rows.release_packed(done)
            cells = packed.split(SEPARATOR, looked_at)
        else:
            row_number, cells = rows[done]
            packed = SEPARATOR.join(cells)
        tick(done)
        key = cells[key_col]
        fid = plan.form_id if form_col is None else cells[form_col]
        if not key:
            problems.append(Problem("the record key is blank", Location(where, row_number, plan.key_column), "every row needs a unique key"))
            continue
        if key in first_row:
            problems.append(Problem(f"the key '{key}' is used again (first on row {first_row[key]})", Location(where, row_number, plan.key_column),
                                    "keys must be unique" + ("; the first row was imported: check which one is right" if plan.skip_bad_rows else "")))
            continue
        first_row[key] = row_number
        form = forms.get(fid)
        if form is None:
            problems.append(Problem(
                f"there is no checklist '{fid}'" if fid else "the checklist is blank",
                Location(where, row_number, plan.form_column), _suggest_form(fid, forms) + "checklists are: " + ", ".join(sorted(forms)),
            ))
            continue
        wrong_dates = dates.problems(row_number, cells) if check_dates else []
        if wrong_dates:
            problems += wrong_dates
            continue
        plan.forms[form.form_id] = form
        records.add(key, form.form_id, form.version, row_number, packed)
    return problems


def _suggest_form(value: str, forms: dict[str, Form]) -> str:
    """"did you mean 'referral'? " for a near miss ('referal', 'Incident log'), else ""."""
    if not value:
        return ""
    wanted = value.strip().casefold()
    by_name = {form_id.casefold(): form_id for form_id in forms}
    by_name.update({form.title.casefold(): form_id for form_id, form in forms.items()})
    close = difflib.get_close_matches(wanted, list(by_name), n=1, cutoff=0.75)
    if not close:
        close = [name for name in by_name if name in wanted.split() or wanted.startswith(name)][:1]
    return f"did you mean '{by_name[close[0]]}'? " if close else ""


def _check_against_audit(plan: ImportPlan, store: AuditStore, where: str | None, accept: bool) -> tuple[list[Problem], int]:
    """Problems with keys already in the audit, and how many rows are there unchanged (``compare_with_audit``)."""
    rows = [*plan.records, *plan.changed] if plan.changed else plan.records
    found = compare_with_audit(store, rows, plan.key_column, where, accept)
    if accept:
        plan.records, plan.changed, plan.changed_answered = found.kept, found.changed, found.changed_answered
    return found.problems, found.present
