"""The checklist model: an XLSForm profile held as plain, frozen data.

A form is what an XLSForm workbook says, row for row: ``survey`` rows (questions,
notes, group and repeat markers), ``choices`` rows and ``settings``. ``SurveyRow``
keeps the raw cells so a form read from any format writes back unchanged; the tree
accessors (``questions()``, ``repeat_of()``) give the engine the structure it needs.

Values of answers are always text, as XLSForm stores them: a choice's ``name`` for
``select_one``, names separated by single spaces for ``select_multiple``, decimal
digits for numbers and ISO ``YYYY-MM-DD`` for dates.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

#: The survey columns of our XLSForm profile, in the order we write them.
SURVEY_COLUMNS = (
    "type",
    "name",
    "label",
    "hint",
    "required",
    "required_message",
    "relevant",
    "constraint",
    "constraint_message",
    "default",
    "appearance",
    "compliant",
    "finding",
    "finding_scope",
)
CHOICE_COLUMNS = ("list_name", "name", "label")
#: Settings that tell the findings how to report a checklist (all optional; see
#: ``workbench.core.findings_tables.checklist_spec``): which table it feeds and the
#: words the narrative uses for its records.
FINDINGS_SETTINGS = (
    "findings_table", "findings_title", "findings_singular", "findings_plural", "findings_a", "findings_the",
)
SETTINGS_COLUMNS = ("form_id", "form_title", "version", *FINDINGS_SETTINGS)

#: Question types that take an answer.
ANSWER_TYPES = frozenset(
    {"select_one", "select_multiple", "integer", "decimal", "text", "date"}
)
#: Row types that only structure the form.
STRUCTURE_TYPES = frozenset({"note", "begin_group", "end_group", "begin_repeat", "end_repeat"})
SELECT_TYPES = frozenset({"select_one", "select_multiple"})


@dataclass(frozen=True)
class SurveyRow:
    """One row of the ``survey`` sheet.

    ``type`` is the base type (``select_one``); ``list_name`` the choice list for
    selects. ``row`` is the 1-based row number in the source (header is row 1).
    ``compliant`` is our profile's extra column: an expression over ``.`` that
    is true when an answer is compliant (``. = 'yes'``). ``finding`` and
    ``finding_scope`` are the findings' words for a yes/no question: the clause
    the narrative says of a "yes" ("the offender was aged 18 or over") and which
    records the question applies to (" where there was a victim to consult").
    """

    type: str
    name: str = ""
    label: str = ""
    hint: str = ""
    required: str = ""
    required_message: str = ""
    relevant: str = ""
    constraint: str = ""
    constraint_message: str = ""
    default: str = ""
    appearance: str = ""
    compliant: str = ""
    finding: str = ""
    finding_scope: str = ""
    list_name: str = ""
    row: int | None = field(default=None, compare=False)

    @property
    def full_type(self) -> str:
        """The type cell as written in XLSForm (``select_one yes_no``)."""
        return f"{self.type} {self.list_name}" if self.list_name else self.type

    @property
    def takes_answer(self) -> bool:
        return self.type in ANSWER_TYPES

    @property
    def is_free_text(self) -> bool:
        """Free text may hold narrative; the event log records only its digest."""
        return self.type == "text"

    def cells(self) -> dict[str, str]:
        """The row as ``{column: text}`` with the type cell re-joined."""
        out = {c: getattr(self, c) for c in SURVEY_COLUMNS}
        out["type"] = self.full_type
        return out


@dataclass(frozen=True)
class Choice:
    list_name: str
    name: str
    label: str
    row: int | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Question:
    """A question that takes an answer, placed in the form's tree.

    ``repeat`` names the repeat group it sits in (None outside any repeat);
    ``groups`` are the names of enclosing groups and repeats, outermost first, whose
    ``relevant`` conditions also apply (``relevant_chain``).
    """

    spec: SurveyRow
    repeat: str | None
    groups: tuple[str, ...]
    relevant_chain: tuple[str, ...]

    @property
    def name(self) -> str:
        return self.spec.name


@dataclass(frozen=True)
class Form:
    """A checklist: settings, survey rows and choices, exactly as authored.

    ``findings`` holds the non-empty ``FINDINGS_SETTINGS`` as (name, text) pairs.
    """

    form_id: str
    title: str
    version: str
    survey: tuple[SurveyRow, ...]
    choices: tuple[Choice, ...]
    findings: tuple[tuple[str, str], ...] = ()

    def findings_setting(self, name: str) -> str:
        """One of the ``FINDINGS_SETTINGS`` ("" when not set)."""
        return dict(self.findings).get(name, "")

    # -- structure -------------------------------------------------------------
    def questions(self) -> tuple[Question, ...]:
        """Every answerable question in form order, with its place in the tree."""
        return self._questions

    @cached_property
    def _questions(self) -> tuple[Question, ...]:
        return _tree(self.survey)

    @cached_property
    def _by_name(self) -> dict[str, Question]:
        return {q.name: q for q in self._questions}

    def question(self, name: str) -> Question:
        """The question called ``name``; ``KeyError`` if there is none."""
        return self._by_name[name]

    def repeats(self) -> dict[str, SurveyRow]:
        """The ``begin_repeat`` rows by name."""
        return {r.name: r for r in self.survey if r.type == "begin_repeat"}

    @cached_property
    def _lists(self) -> dict[str, tuple[Choice, ...]]:
        lists: dict[str, list[Choice]] = {}
        for c in self.choices:
            lists.setdefault(c.list_name, []).append(c)
        return {name: tuple(choices) for name, choices in lists.items()}

    @cached_property
    def _names(self) -> dict[str, frozenset[str]]:
        return {name: frozenset(c.name for c in choices) for name, choices in self._lists.items()}

    @cached_property
    def _labels(self) -> dict[tuple[str, str], str]:
        labels: dict[tuple[str, str], str] = {}
        for c in self.choices:
            labels.setdefault((c.list_name, c.name), c.label)   # the first, as a reader of the list would take
        return labels

    def choice_list(self, list_name: str) -> tuple[Choice, ...]:
        """The choices of one list, in order (a checklist is read-only: worked out once)."""
        return self._lists.get(list_name, ())

    def choice_names(self, list_name: str) -> frozenset[str]:
        return self._names.get(list_name, frozenset())

    def choice_label(self, list_name: str, name: str) -> str:
        return self._labels.get((list_name, name), name)

    # -- identity --------------------------------------------------------------
    def to_dict(self) -> dict:
        """A plain, JSON-ready dict: the frozen copy stored in an audit file."""
        return {
            "settings": {"form_id": self.form_id, "form_title": self.title, "version": self.version,
                         **dict(self.findings)},
            "survey": [{k: v for k, v in r.cells().items() if v} for r in self.survey],
            "choices": [{"list_name": c.list_name, "name": c.name, "label": c.label} for c in self.choices],
        }

    def digest(self) -> str:
        """SHA-256 of the canonical JSON of ``to_dict()``: the wording's identity."""
        text = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_type(cell: str) -> tuple[str, str]:
    """Split an XLSForm type cell into ``(base type, list name)``."""
    parts = cell.split()
    if not parts:
        return "", ""
    if parts[0] in SELECT_TYPES and len(parts) >= 2:
        # Anything after the list name stays in it, so that nothing is dropped
        # silently: ``formcheck`` then reports the odd list name.
        return parts[0], " ".join(parts[1:])
    return " ".join(parts), ""


def row_from_cells(cells: Mapping[str, object], row: int | None = None) -> SurveyRow:
    """Build a ``SurveyRow`` from ``{column: value}``, ignoring unknown columns."""
    text = {c: cell_text(cells.get(c)) for c in SURVEY_COLUMNS}
    base, list_name = split_type(text.pop("type"))
    return SurveyRow(type=base, list_name=list_name, row=row, **text)


def form_from_dict(data: Mapping, source_rows: bool = True) -> Form:
    """Inverse of ``Form.to_dict()`` (no validation: see ``formcheck``)."""
    settings = data.get("settings") or {}
    survey = tuple(
        row_from_cells(cells, row=i + 2 if source_rows else None)
        for i, cells in enumerate(data.get("survey") or [])
    )
    choices = tuple(
        Choice(cell_text(c.get("list_name")), cell_text(c.get("name")), cell_text(c.get("label")), row=i + 2)
        for i, c in enumerate(data.get("choices") or [])
    )
    return Form(
        form_id=cell_text(settings.get("form_id")),
        title=cell_text(settings.get("form_title")),
        version=cell_text(settings.get("version")),
        survey=survey,
        choices=choices,
        findings=findings_settings(settings),
    )


def findings_settings(settings: Mapping) -> tuple[tuple[str, str], ...]:
    """The non-empty ``FINDINGS_SETTINGS`` of a settings row, in their canonical order."""
    pairs = ((name, cell_text(settings.get(name))) for name in FINDINGS_SETTINGS)
    return tuple((name, text) for name, text in pairs if text)


def cell_text(value: object) -> str:
    """The text of a cell as the form model holds it (numbers without '.0')."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _tree(survey: tuple[SurveyRow, ...]) -> tuple[Question, ...]:
    questions: list[Question] = []
    stack: list[SurveyRow] = []
    for r in survey:
        if r.type in ("begin_group", "begin_repeat"):
            stack.append(r)
        elif r.type in ("end_group", "end_repeat"):
            if stack:
                stack.pop()
        elif r.takes_answer:
            repeat = next((g.name for g in reversed(stack) if g.type == "begin_repeat"), None)
            questions.append(
                Question(
                    spec=r,
                    repeat=repeat,
                    groups=tuple(g.name for g in stack),
                    relevant_chain=tuple(g.relevant for g in stack if g.relevant),
                )
            )
    return tuple(questions)


def iter_rows_with_depth(survey: tuple[SurveyRow, ...]) -> Iterator[tuple[int, SurveyRow]]:
    """Yield ``(nesting depth, row)`` for rendering a form as an indented tree."""
    depth = 0
    for r in survey:
        if r.type in ("end_group", "end_repeat"):
            depth = max(0, depth - 1)
        yield depth, r
        if r.type in ("begin_group", "begin_repeat"):
            depth += 1
