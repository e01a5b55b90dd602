"""The findings' contract with the checklists: which checklist feeds which table, and
which question counts as what.

Question and choice names are those of DOMAIN.md ("The built-in checklists"); they
are a stable API. Incident records, referrals, no-crimes and N100 have tables of
their own, described here. Every other checklist is reported from its own data:

- a checklist whose settings say ``findings_table = "disposal"`` is an out-of-court
  disposal: its table counts each yes/no question as "x yes of n", and the
  narrative speaks of it in the words its settings and ``finding`` cells give
  (`checklist_spec`). A new disposal (the 2022 Act's diversionary caution, a khat
  warning) is a new file in ``forms/``, never new code;
- any other checklist still has a table of its yes/no questions (its question
  labels, no narrative clauses) and a sentence, so no record vanishes.

No other module names a checklist or a question.
"""

from __future__ import annotations

from dataclasses import dataclass

from workbench.core.forms import Form

YES, NO, UNABLE = "yes", "no", "unable"
AUDITABLE = "auditable"
ALL = "all"
#: Roles a checklist's ``findings_table`` setting may give it (besides the fixed tables).
DISPOSAL, OTHER = "disposal", "other"


@dataclass(frozen=True)
class SourceSpec:
    """A checklist of records that may disclose crimes (one crime per repeat instance).

    ``headline``: the source whose recording rate is the audit's headline when the
    population of each source is not known (see ``core.overall_rate``); ``short``
    names its records where space is tight (a chart's labels).
    """

    form_id: str
    source: str
    title: str
    singular: str
    plural: str
    headline: bool = False
    short: str = ""


#: Incident records and referrals: Part B's first two tables, and the recording rates.
RECORDING_SOURCES = (
    SourceSpec("incident", "incident", "Crimes reported as part of an incident record",
               "incident record", "incident records", headline=True, short="incident records"),
    SourceSpec("referral", "referral", "Crime reports held on other systems",
               "referral from another agency", "referrals from other agencies", short="referrals"),
)
#: Their questions: whether crimes were disclosed, then per crime (repeat instance).
CRIME = {
    "discloses": "discloses_crime", "offence": "offence_group", "recorded": "recorded",
    "timely": "timely", "classified": "classified_ok",
}
VIOLENCE_GROUPS = frozenset({"violence_with_injury", "violence_without_injury", "stalking_harassment", "homicide"})
SEXUAL_GROUPS = frozenset({"rape", "other_sexual"})
#: Rows of the recording-rate table: (key, label, offence groups; None = every
#: crime, "rest" = every crime not violence against the person or sexual).
RATE_CATEGORIES = (
    (ALL, "All crime", None),
    ("violence", "Violence against the person", VIOLENCE_GROUPS),
    ("sexual", "Sexual offences", SEXUAL_GROUPS),
    ("rape", "of which rape", frozenset({"rape"})),
    ("other", "Other crime", "rest"),
)

#: No-crimes / cancelled crimes.
CANCELLED = {
    "form": "cancelled_crime", "category": "category", "correct": "decision_correct",
    "authorised": "authorised_correctly", "to_inform": "victim_to_inform", "informed": "victim_informed",
}
#: The standard categories, always shown, in this order: (name, label, case, cases).
CANCELLED_CATEGORIES = (
    ("rape", "Rape", "rape case", "rape cases"),
    ("other_sexual", "Other sexual offences", "other sexual offence case", "other sexual offence cases"),
    ("violence", "Violence against the person", "violence case", "violence cases"),
    ("robbery", "Robbery", "robbery case", "robbery cases"),
    ("other", "Other offences", "case of another offence", "cases of other offences"),
)

#: Rape reports classified N100.
N100 = {"form": "n100", "correct": "n100_correct", "recorded": "rape_recorded", "timely": "timely"}

#: The questions the breakdowns read (beyond the tables'): a crime's flags, why it was
#: not recorded and what it was recorded as; a referral's agency; a no-crime's code
#: and what it should have been (``core.breakdowns``).
BREAKDOWN_QUESTIONS = {
    "flags": "flags", "not_recorded_reason": "not_recorded_reason", "recorded_as": "recorded_as",
    "referring_agency": "referring_agency", "cancellation_code": "cancellation_code",
    "should_have_been": "should_have_been",
    # added in the 2024.2 checklists (optional: answers given under 2024.1 lack them)
    "avi_present": "avi_present", "rationale_recorded": "rationale_recorded",
    "other_sexual_offence": "other_sexual_offence", "other_sexual_recorded": "other_sexual_recorded",
}
#: Every question name the findings read, whatever checklist asks it.
READ_BY_FINDINGS = frozenset(
    [AUDITABLE, *CRIME.values(), *CANCELLED.values(), *N100.values(), *BREAKDOWN_QUESTIONS.values()]
)

#: The checklists with tables of their own; every other checklist is reported from its data.
FIXED_FORMS = frozenset([s.form_id for s in RECORDING_SOURCES] + [CANCELLED["form"], N100["form"]])


@dataclass(frozen=True)
class DisposalQuestion:
    """A yes/no question of a checklist reported question by question.

    ``finding`` is the narrative's clause for a "yes", with ``{a}``/``{the}``
    standing for the disposal ("a caution", "the caution"); empty keeps the
    question out of the narrative. ``scope`` says which records it applies to
    ("where there was a victim to consult"; empty: every one sampled).
    """

    name: str
    label: str
    finding: str = ""
    scope: str = ""
    #: Not required (a question added to a later version): left out of the table when no record answered it.
    optional: bool = False


@dataclass(frozen=True)
class DisposalSpec:
    """How the findings report one checklist question by question.

    ``role`` is `DISPOSAL` (its settings say so, with the words below) or `OTHER`
    (a checklist with no findings words: its title and question labels are used).
    """

    form_id: str
    role: str
    title: str
    singular: str
    plural: str
    a: str
    the: str
    questions: tuple[DisposalQuestion, ...]


def checklist_spec(form: Form) -> DisposalSpec:
    """How the findings report ``form``: from its ``findings_*`` settings and ``finding`` cells.

    Words a disposal's settings leave out are made from its title ("Out-of-court
    disposal: khat warning" -> "khat warning", "khat warnings", "a khat warning",
    "the khat warning"). The questions are those answered from a list holding
    "yes" and "no", except ``auditable``.
    """
    setting = form.findings_setting
    role = DISPOSAL if setting("findings_table") == DISPOSAL else OTHER
    noun = (form.title.split(": ", 1)[-1].split(" (")[0].strip() or form.form_id.replace("_", " "))
    singular = setting("findings_singular") or noun[:1].lower() + noun[1:]
    plural = setting("findings_plural") or (singular if role == OTHER else singular + "s")
    title = setting("findings_title") or (form.title if role == OTHER else plural[:1].upper() + plural[1:])
    if role == OTHER:
        singular, plural = "record", "records"
    yes_no = {c.list_name for c in form.choices if c.name == YES} & {c.list_name for c in form.choices if c.name == NO}
    questions = tuple(
        DisposalQuestion(q.name, q.spec.label or q.name, q.spec.finding if role == DISPOSAL else "",
                         q.spec.finding_scope, optional=not q.spec.required.strip())
        for q in form.questions()
        if q.name != AUDITABLE and q.spec.type == "select_one" and q.spec.list_name in yes_no and q.repeat is None
    )
    return DisposalSpec(form.form_id, role, title, singular, plural, setting("findings_a") or f"a {singular}",
                        setting("findings_the") or f"the {singular}", questions)


def answered_spec(form_id: str, questions: list[str]) -> DisposalSpec:
    """A checklist the findings have no definition of: its answered questions, by name."""
    return DisposalSpec(form_id, OTHER, form_id.replace("_", " ").capitalize(), "record", "records", "a record",
                        "the record", tuple(DisposalQuestion(q, q) for q in questions if q != AUDITABLE))
