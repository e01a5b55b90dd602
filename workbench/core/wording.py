"""A checklist's words made the audit's.

A label or hint may name an audit setting in braces: ``{time_limit_hours}`` (the
audit's recording time limit), so that "Was it recorded within the audit's time
limit of {time_limit_hours} hours?" reads "... of 72 hours?" in an audit of the 2014
inspection's limit. The frozen checklist keeps the braces (its wording, and its
digest, never change with the settings); ``with_audit_words`` fills them in where a
question is shown: the window's checklist, the FCR's adjudication, the exports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from workbench.core.forms import Form

#: The audit settings a label or hint may name, in braces.
AUDIT_WORDS = ("time_limit_hours",)


def with_audit_words(form: Form, words: Mapping[str, object]) -> Form:
    """``form`` with ``{name}`` in its labels and hints replaced by ``words[name]`` (the same form if none is)."""
    marks = {f"{{{name}}}": str(value) for name, value in words.items() if name in AUDIT_WORDS}

    def fill(text: str) -> str:
        for mark, value in marks.items():
            text = text.replace(mark, value)
        return text

    if not any("{" in r.label or "{" in r.hint for r in form.survey):
        return form
    return replace(form, survey=tuple(replace(r, label=fill(r.label), hint=fill(r.hint)) for r in form.survey))


def settings_words(time_limit_hours: int) -> dict[str, object]:
    """The words an audit's settings give its checklists."""
    return {"time_limit_hours": time_limit_hours}
