"""A synthetic audit whose findings are the 2014 Leicestershire inspection's Part B.

``build_leicestershire_audit(tmp_path)`` builds it through the real operations: a
new audit (72-hour time limit, as in 2014), ``import_sample`` of a generated sample
CSV, ``load_answers`` of the audit team's long-format answers and then of the
Force Crime Registrar's (whose answers overrule the team's on a few records).
Record keys, fields and notes are synthetic; only the counts come from the report
(reference/hmic-cdi-leicestershire-2014.txt, Part B and sections 2.1-2.3).

A few records are added that the findings must leave out and count: records that
could not be audited and records whose checklist is incomplete. ``EXPECTED`` lists
the numbers the findings must show; export tests can reuse both.
"""

from __future__ import annotations

from itertools import cycle
from pathlib import Path

from workbench.core.audit import Actor, Role
from workbench.ops.adjudication import load_determinations
from workbench.ops.answering import load_answers
from workbench.ops.importing import import_sample
from workbench.store.audit_store import AuditStore

from tests.factories import AUDITOR, make_audit, write_answers, write_csv

FCR = Actor("Synthetic Registrar", Role.FCR, "Synthetic Constabulary")
NOTE = "Synthetic audit note."

#: What the findings must show (the report's numbers, plus our exclusions).
EXPECTED = {
    "incidents": {"reviewed": 123, "identified": 115, "recorded": 100, "timely": 100, "wrongly_classified": 3},
    "referrals": {"reviewed": 55, "identified": 16, "recorded": 6, "timely": 6, "wrongly_classified": 0},
    "cancelled": {"reviewed": 83, "correct": 74, "robbery": (23, 17), "rape": (20, 20), "violence": (40, 37)},
    "n100": {"reviewed": 10, "correct": 8, "should_have_been_recorded": 2, "recorded": 1, "timely": 1},
    "caution": {"sampled": 25, "history_suitable": (23, 25), "offender_informed": (22, 25), "victim_views": (14, 18)},
    "pnd": {"sampled": 25, "history_suitable": (19, 25), "offender_informed": (0, 25), "victim_views": (11, 15),
            "value_under_limit": (6, 8)},
    "cannabis_warning": {"sampled": 25, "history_suitable": (20, 25), "offender_informed": (0, 25), "adult": (23, 25)},
    "community_resolution": {"sampled": 25, "history_suitable": (24, 25), "victim_views": (19, 20),
                             "outcome_appropriate": (20, 25)},
    "not_auditable": {"incident": 2, "referral": 1, "caution": 1},
    "incomplete": {"incident": 2, "cancelled_crime": 1},
}

INCIDENT_GROUPS = (
    "violence_with_injury", "theft", "burglary", "violence_without_injury", "criminal_damage_arson",
    "stalking_harassment", "public_order", "robbery", "other_sexual", "vehicle", "rape", "drugs",
)
REFERRAL_GROUPS = ("other_sexual", "violence_with_injury", "rape", "violence_without_injury", "stalking_harassment")
AGENCIES = ("childrens_social_care", "health", "education", "other_force", "other")


class _Builder:
    """Collects sample rows, the team's answers and the FCR's answers."""

    def __init__(self) -> None:
        self.sample: list[list[str]] = [["key", "form", "reported", "summary"]]
        self.auditor: list[list[object]] = []
        self.fcr: list[list[object]] = []

    def record(self, prefix: str, form: str, number: int) -> str:
        key = f"{prefix}-{number:04d}"
        # (a date in the audit's period, 2013: the import refuses reported dates outside it)
        self.sample.append([key, form, f"2013-0{number % 3 + 1}-{number % 28 + 1:02d} 09:00", f"Synthetic {form} record {number}."])
        return key

    def answer(self, key: str, question: str, value: str, instance: int | None = None, who: str = "auditor") -> None:
        rows = self.fcr if who == "fcr" else self.auditor
        rows.append([key, question, "" if instance is None else instance, value, ""])

    def answers(self, key: str, values: dict[str, str]) -> None:
        for question, value in values.items():
            self.answer(key, question, value)


def _yes(index: int, count: int) -> str:
    return "yes" if index < count else "no"


def _crime(b: _Builder, key: str, instance: int, group: str, recorded: bool, classified: bool = True) -> None:
    b.answer(key, "offence_group", group, instance)
    b.answer(key, "recorded", "yes" if recorded else "no", instance)
    if recorded:
        b.answer(key, "crime_ref", f"SYN/{key}/{instance}", instance)
        b.answer(key, "timely", "yes", instance)
        b.answer(key, "classified_ok", "yes" if classified else "no", instance)
        if not classified:
            b.answer(key, "recorded_as", "Synthetic other classification", instance)
    else:
        b.answer(key, "not_recorded_reason", "incident_only", instance)


def _incidents(b: _Builder) -> None:
    """123 records: 20 disclose no crime, 94 one, 6 two and 3 three: 115 crimes.

    Crimes 5, 12, 19, ... (every 7th, 15 of them) were not recorded; crimes 1, 41 and
    81 were recorded but wrongly classified. For crime 12 the team said "recorded";
    the FCR determined it was not.
    """
    per_record = [0] * 20 + [1] * 94 + [2] * 6 + [3] * 3
    groups = cycle(INCIDENT_GROUPS)
    crime = 0
    for number, crimes in enumerate(per_record, start=1):
        key = b.record("INC", "incident", number)
        b.answers(key, {"auditable": "yes", "discloses_crime": "yes" if crimes else "no", "rationale": NOTE})
        for instance in range(1, crimes + 1):
            not_recorded = crime % 7 == 5 and crime <= 103
            if crime == 12:
                _crime(b, key, instance, next(groups), recorded=True)
                b.answer(key, "recorded", "no", instance, who="fcr")
                b.answer(key, "not_recorded_reason", "not_recorded", instance, who="fcr")
            else:
                _crime(b, key, instance, next(groups), recorded=not not_recorded, classified=crime not in (1, 41, 81))
            crime += 1
    for number in (124, 125):
        b.answer(b.record("INC", "incident", number), "auditable", "no")
    b.answer(b.record("INC", "incident", 126), "auditable", "yes")   # in progress
    b.record("INC", "incident", 127)                                 # not started


def _referrals(b: _Builder) -> None:
    """55 referrals: 41 disclose no crime, 12 one and 2 two: 16 crimes, every third recorded (6)."""
    per_record = [0] * 41 + [1] * 12 + [2] * 2
    groups, agencies = cycle(REFERRAL_GROUPS), cycle(AGENCIES)
    crime = 0
    for number, crimes in enumerate(per_record, start=1):
        key = b.record("REF", "referral", number)
        b.answers(key, {"auditable": "yes", "referring_agency": next(agencies),
                        "discloses_crime": "yes" if crimes else "no", "rationale": NOTE})
        for instance in range(1, crimes + 1):
            _crime(b, key, instance, next(groups), recorded=crime % 3 == 0)
            crime += 1
    b.answer(b.record("REF", "referral", 56), "auditable", "no")


def _cancelled(b: _Builder) -> None:
    """83 no-crimes: rape 20 (20 correct), violence 40 (37), robbery 23 (17): 74 correct.

    For robbery record 6 the team judged the decision correct; the FCR did not.
    """
    number = 0
    codes = cycle(("C2", "C3", "C4", "C1"))
    for category, total, correct in (("rape", 20, 20), ("violence", 40, 37), ("robbery", 23, 17)):
        for i in range(total):
            number += 1
            key = b.record("CAN", "cancelled_crime", number)
            right = i >= total - correct
            team_right = right or (category == "robbery" and i == 5)
            inform = i % 2 == 0
            b.answers(key, {"auditable": "yes", "category": category, "cancellation_code": next(codes),
                            "decision_correct": "yes" if team_right else "no",
                            "authorised_correctly": "unable" if number == 30 else "yes",
                            "victim_to_inform": "yes" if inform else "no", "rationale": NOTE})
            if inform:
                b.answer(key, "victim_informed", "yes" if i % 10 else "no")
            if not team_right:
                b.answer(key, "should_have_been", "remain_recorded")
            elif not right:
                b.answer(key, "decision_correct", "no", who="fcr")
                b.answer(key, "should_have_been", "remain_recorded", who="fcr")
    b.answers(b.record("CAN", "cancelled_crime", 84), {"auditable": "yes", "category": "robbery"})  # in progress


def _n100(b: _Builder) -> None:
    """10 N100 reports: 8 correct; of the 2 rapes that should have been recorded, 1 was, in time."""
    for number in range(1, 11):
        key = b.record("N100", "n100", number)
        b.answers(key, {"auditable": "yes", "n100_correct": _yes(number - 1, 8), "rationale": NOTE})
        if number == 9:
            b.answers(key, {"rape_recorded": "yes", "timely": "yes"})
        elif number == 10:
            b.answer(key, "rape_recorded", "no")


def _disposals(b: _Builder) -> None:
    """25 of each out-of-court disposal, answered to give the report's counts."""
    for i in range(25):
        key = b.record("CAU", "caution", i + 1)
        b.answers(key, {"auditable": "yes", "history_suitable": _yes(i, 23), "offender_informed": _yes(i, 22),
                        "victim_present": _yes(i, 18), "admitted": "yes", "rationale": NOTE})
        if i < 18:
            b.answer(key, "victim_views", _yes(i, 14))
        key = b.record("PND", "pnd", i + 1)
        b.answers(key, {"auditable": "yes", "history_suitable": _yes(i, 19), "offender_informed": "no",
                        "victim_present": _yes(i, 15), "retail_theft": _yes(i, 8), "rationale": NOTE})
        if i < 15:
            b.answer(key, "victim_views", _yes(i, 11))
        if i < 8:
            b.answer(key, "value_under_limit", _yes(i, 6))
        key = b.record("CW", "cannabis_warning", i + 1)
        b.answers(key, {"auditable": "yes", "history_suitable": _yes(i, 20), "offender_informed": "no",
                        "adult": _yes(i, 23), "rationale": NOTE})
        key = b.record("CR", "community_resolution", i + 1)
        b.answers(key, {"auditable": "yes", "history_suitable": _yes(i, 24), "victim_present": _yes(i, 20),
                        "outcome_appropriate": _yes(i, 20), "admitted": "yes", "rationale": NOTE})
        if i < 20:
            b.answer(key, "victim_views", _yes(i, 19))
    b.answer(b.record("CAU", "caution", 26), "auditable", "no")


def build_leicestershire_audit(tmp_path: Path) -> AuditStore:
    """A new audit holding the synthetic 2014 sample, answered by the team and the FCR."""
    b = _Builder()
    for part in (_incidents, _referrals, _cancelled, _n100, _disposals):
        part(b)
    store = make_audit(tmp_path, "leicestershire", title="Synthetic re-creation of the 2014 Part B",
                       force="Synthetic Constabulary", time_limit_hours=72,
                       period_start="2013-01-01", period_end="2013-12-31")
    try:
        import_sample(store, AUDITOR, write_csv(tmp_path / "leicestershire-sample.csv", b.sample))
        load_answers(store, AUDITOR, write_answers(tmp_path / "leicestershire-answers.csv", b.auditor))
        load_determinations(store, FCR, write_answers(tmp_path / "leicestershire-fcr.csv", b.fcr),
                            reason="The FCR's review of the disputed records")
    except BaseException:
        store.close()
        raise
    return store

