"""Agreement between the audit team (round 1) and the peer reviewers (round 2) of one audit.

``agreement`` gathers both sets of answers, evaluates each record's checklist for
each reviewer (only answers to questions that apply count) and returns the table
of ``core.agreement``; ``AgreementTable.to_dict()`` is the plain data an export
lays out (the findings work puts it in the workbook and the PDF).
"""

from __future__ import annotations

from collections import defaultdict

from workbench.core import checklist
from workbench.core.agreement import AgreementTable, ComparedItem, agreement_table
from workbench.core.forms import SELECT_TYPES, Form
from workbench.store.audit_store import AuditStore

FIRST = ("auditor", 1)
SECOND = ("peer", 2)


def compared_questions(forms: dict[tuple[str, str], Form]) -> dict[tuple[str, str], list[str]]:
    """``{(checklist, question): its choice names}`` for every choice question, in form order."""
    out: dict[tuple[str, str], list[str]] = {}
    for (form_id, _version), form in sorted(forms.items()):
        for q in form.questions():
            if q.spec.type in SELECT_TYPES:
                names = [c.name for c in form.choice_list(q.spec.list_name)]
                out.setdefault((form_id, q.name), names)
    return out


def agreement(store: AuditStore) -> AgreementTable:
    """The agreement table of the audit (empty rows when no record has both reviews)."""
    first, second = _answers(store, FIRST), _answers(store, SECOND)
    forms = store.forms()
    record_forms = store.record_forms()
    items: list[ComparedItem] = []
    verdicts: list[tuple[bool, bool]] = []
    for key in [k for k in first if k in second]:
        form = forms[record_forms[key]]
        a, b = checklist.evaluate(form, first[key]), checklist.evaluate(form, second[key])
        items += _compared(key, form, _applying(a), _applying(b))
        if a.compliant is not None and b.compliant is not None:
            verdicts.append((a.compliant, b.compliant))
    return agreement_table(items, compared_questions(forms), verdicts)


def agreement_data(store: AuditStore) -> dict:
    """The agreement table as plain data (per question, overall, verdict, disagreements, notes) for an export."""
    return agreement(store).to_dict()


def _answers(store: AuditStore, which: tuple[str, int]) -> dict[str, dict]:
    out: dict[str, dict] = defaultdict(dict)
    for a in store.answers(*which):
        out[a.record_key][(a.question, a.instance)] = a.value
    return out


def _applying(state: checklist.RecordState) -> dict[checklist.AnswerKey, str]:
    return {i.key: i.value for i in state.items
            if i.relevant and i.value is not None and i.question.spec.type in SELECT_TYPES}


def _compared(key: str, form: Form, a: dict, b: dict) -> list[ComparedItem]:
    order = {q.name: n for n, q in enumerate(form.questions())}
    keys = sorted(a.keys() | b.keys(), key=lambda k: (k[1] or 0, order.get(k[0], 0)))
    return [ComparedItem(key, form.form_id, q, i, _normal(a.get((q, i))), _normal(b.get((q, i)))) for q, i in keys]


def _normal(value: str | None) -> str | None:
    """A multiple choice as its choices in sorted order, so "x y" and "y x" agree."""
    return None if value is None else " ".join(sorted(value.split()))
