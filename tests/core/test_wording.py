"""A checklist in the audit's words: the audit's time limit in a label."""

from __future__ import annotations

from workbench.core.wording import settings_words, with_audit_words
from workbench.ops.forms import builtin_forms


def test_the_time_limit_in_a_label_is_the_audits():
    form = with_audit_words(builtin_forms()["incident"], settings_words(72))
    assert form.question("timely").spec.label == "Was it recorded within the audit's time limit of 72 hours?"
    assert builtin_forms()["incident"].question("timely").spec.label.endswith("{time_limit_hours} hours?")  # frozen as written


def test_a_form_without_braces_is_returned_as_it_is():
    form = builtin_forms()["caution"]
    assert with_audit_words(form, settings_words(24)) is form
