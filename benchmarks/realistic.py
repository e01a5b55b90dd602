"""A realistic answered audit for the benchmarks: every built-in checklist, real-looking records.

Records carry 30 source columns (references, dates, officer, area, classification,
free text...) and an incident log of 200-1,000 characters, as a force's extract does.
The mix is half incident records (0-3 crimes each), referrals, no-crimes, N100 and
the out-of-court disposals; about one record in ten has a non-compliant answer with
a rationale, one in 200 is left unanswered, and the FCR overrules a few answers.
Built quickly through the store (``add_records`` + ``set_answers``), each answer with
its event, as the real operations write them; the FCR's determinations through
``ops.adjudication``.
"""

from __future__ import annotations

import random
import time
from pathlib import Path

from workbench.core.audit import Actor, AuditSettings, Role
from workbench.core.records import AnswerChange, Record
from workbench.ops.adjudication import determine_many
from workbench.ops.forms import builtin_forms
from workbench.core.evaluations import Evaluations
from workbench.store.audit_store import AuditStore, RecordProgress
from workbench.store.findings_queries import answer_values, records_in_order

ACTOR = Actor("Bench Auditor")
FCR = Actor("Bench Registrar", Role.FCR)
GROUPS = ["violence_with_injury", "violence_without_injury", "stalking_harassment", "rape", "other_sexual",
          "robbery", "burglary", "vehicle", "theft", "criminal_damage_arson", "public_order", "other"]
WORDS = ("caller reports that the suspect pushed the victim and left before officers attended the scene and the "
         "log was closed as a domestic incident without a crime being recorded under the rules neighbour heard "
         "shouting from the flat at about midnight officer attended spoke to both parties no injuries seen "
         "advice given property damaged window smashed vehicle broken into handbag taken from the kitchen").split()
#: (form, share of the sample)
MIX = [("incident", 0.5), ("referral", 0.1), ("cancelled_crime", 0.15), ("n100", 0.03), ("caution", 0.06),
       ("pnd", 0.06), ("cannabis_warning", 0.05), ("community_resolution", 0.05)]
OOCD = {
    "caution": ["history_suitable", "offender_informed", "victim_present", "victim_views", "admitted"],
    "pnd": ["history_suitable", "offender_informed", "victim_present", "victim_views", "retail_theft", "value_under_limit"],
    "cannabis_warning": ["history_suitable", "offender_informed", "adult"],
    "community_resolution": ["history_suitable", "victim_present", "victim_views", "outcome_appropriate", "admitted"],
}
AREAS = ["North", "South", "East", "West", "City Centre", "Rural"]
#: 28 short columns; with the summary and the incident log, 30 source columns.
COLUMNS = ["reference", "reported", "recorded", "occurred_from", "occurred_to", "area", "beat", "station",
           "officer", "officer_id", "call_type", "opening_code", "closing_code", "priority", "attended",
           "attended_at", "victim_age_band", "victim_sex", "suspect_known", "repeat_victim", "location_type",
           "postcode_district", "crime_type", "crime_ref", "outcome", "ddm", "supervisor", "source_system"]


def sentence(rng: random.Random, lo: int, hi: int) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(lo, hi))).capitalize() + "."


def narrative(rng: random.Random) -> str:
    """An incident log of 200 to 1,000 characters."""
    size = rng.randint(200, 1000)
    text = ""
    while len(text) < size:
        text += sentence(rng, 6, 20) + " "
    return text[:size].rstrip()


def fields(rng: random.Random, i: int) -> dict[str, str]:
    day = f"2024-{i % 12 + 1:02d}-{i % 28 + 1:02d}"
    values = {
        "reference": f"LG-{i:08d}", "reported": f"{day} {i % 24:02d}:{i % 60:02d}", "recorded": f"{day} 23:10",
        "occurred_from": f"{day} 20:00", "occurred_to": f"{day} 21:30", "area": rng.choice(AREAS),
        "beat": f"B{i % 40:02d}", "station": f"Station {i % 9}", "officer": f"PC {1000 + i % 800}",
        "officer_id": f"{50000 + i % 800}", "call_type": rng.choice(["999", "101", "online", "walk-in"]),
        "opening_code": rng.choice(["DOMESTIC", "ASB", "THEFT", "ASSAULT", "CONCERN"]),
        "closing_code": rng.choice(["NFA", "CRIME", "ADVICE", "REFERRED"]), "priority": str(rng.randint(1, 4)),
        "attended": rng.choice(["yes", "no"]), "attended_at": f"{day} 21:50",
        "victim_age_band": rng.choice(["0-17", "18-24", "25-44", "45-64", "65+"]), "victim_sex": rng.choice("FMU"),
        "suspect_known": rng.choice(["yes", "no", "unknown"]), "repeat_victim": rng.choice(["yes", "no"]),
        "location_type": rng.choice(["dwelling", "street", "retail", "licensed premises", "school"]),
        "postcode_district": f"LE{i % 19 + 1}", "crime_type": rng.choice(GROUPS), "crime_ref": f"24/{i:06d}/24",
        "outcome": rng.choice(["Outcome 1", "Outcome 14", "Outcome 15", "Outcome 16", "Under investigation"]),
        "ddm": f"DDM {i % 12}", "supervisor": f"PS {200 + i % 50}", "source_system": rng.choice(["STORM", "Niche"]),
    }
    return {**values, "summary": sentence(rng, 8, 20), "narrative": narrative(rng)}


def answers_for(form: str, bad: bool, rng: random.Random, i: int) -> list[tuple[str, int | None, str]]:
    """One record's answers: compliant unless ``bad``, which breaks one answer (with a rationale)."""
    out = [("auditable", None, "yes")]
    if form in ("incident", "referral"):
        if form == "referral":
            out.append(("referring_agency", None, rng.choice(["health", "education", "other_force"])))
        crimes = rng.choice([0, 1, 1, 1, 1, 2, 3]) if not bad else rng.choice([1, 2])
        out.append(("discloses_crime", None, "yes" if crimes else "no"))
        for n in range(1, crimes + 1):
            out.append(("offence_group", n, rng.choice(GROUPS)))
            if bad and n == 1:
                out += [("recorded", n, "no"), ("not_recorded_reason", n, "incident_only")]
            else:
                out += [("recorded", n, "yes"), ("crime_ref", n, f"24/{i:06d}/{n}"),
                        ("timely", n, rng.choice(["yes"] * 12 + ["no", "unable"])), ("classified_ok", n, "yes")]
    elif form == "cancelled_crime":
        out += [("category", None, rng.choice(["rape", "violence", "robbery", "other"])),
                ("cancellation_code", None, rng.choice(["C1", "C2", "C3", "C4"])),
                ("decision_correct", None, "no" if bad else "yes"), ("authorised_correctly", None, "yes"),
                ("victim_to_inform", None, "yes"), ("victim_informed", None, "yes")]
        if bad:
            out.append(("should_have_been", None, "remain_recorded"))
    elif form == "n100":
        out.append(("n100_correct", None, "no" if bad else "yes"))
        if bad:
            out += [("rape_recorded", None, "yes"), ("timely", None, "yes")]
    else:
        for q in OOCD[form]:
            if q == "value_under_limit" and ("retail_theft", None, "yes") not in out:
                continue
            if q == "victim_views" and ("victim_present", None, "yes") not in out:
                continue
            out.append((q, None, "no" if bad and q == "history_suitable" else "yes"))
    if bad:
        out.append(("rationale", None, sentence(rng, 15, 70)))
    return out


def build(path: Path, n: int, seed: int = 4, batch: int = 20_000) -> tuple[AuditStore, int]:
    """A new audit at ``path`` with ``n`` realistic records answered; (store, answers written)."""
    store, kinds, rng = build_records(path, n, seed, batch)
    changes, overruled = realistic_answers(kinds, rng)
    for start in range(0, len(changes), batch):
        store.set_answers(ACTOR, changes[start : start + batch])
    determine_many(store, FCR, overruled, reason="The FCR found no additional verifiable information.")
    _cache_states(store)
    return store, len(changes) + 3 * len(overruled)


def build_records(path: Path, n: int, seed: int = 4, batch: int = 20_000) -> tuple[AuditStore, list[str], random.Random]:
    """A new audit at ``path`` with ``n`` realistic records imported, none answered: (store, each record's
    checklist, the generator to draw their answers from with ``realistic_answers``)."""
    rng = random.Random(seed)
    forms = builtin_forms()
    store = AuditStore.create(path, AuditSettings(
        title="Benchmark audit: crime recording, 2024", force="Benchmark Constabulary",
        period_start="2024-01-01", period_end="2024-12-31"), ACTOR)
    kinds = rng.choices([f for f, _ in MIX], [w for _, w in MIX], k=n)
    for start in range(0, n, batch):
        records = [Record(f"R-{i:06d}", kinds[i], fields(rng, i), forms[kinds[i]].version)
                   for i in range(start, min(n, start + batch))]
        store.add_records(ACTOR, {"file_name": "bench.csv", "sha256": "0" * 64, "row_count": len(records)}, records,
                          [forms[k] for k, _ in MIX])
    return store, kinds, rng


def realistic_answers(kinds: list[str], rng: random.Random) -> tuple[list[AnswerChange], dict]:
    """The auditor's answers to the records of ``kinds`` (record ``i`` is ``R-{i:06d}``), and the FCR's
    overruling determinations ``{key: (answers, "fcr")}`` of a few of them."""
    n = len(kinds)
    bad = set(rng.sample(range(n), n // 10))
    changes, overruled = [], {}
    for i, kind in enumerate(kinds):
        if i % 200 == 7:
            continue  # a few not started
        given = answers_for(kind, i in bad, rng, i)
        for q, inst, v in given:
            free = q in ("rationale", "crime_ref")
            note = sentence(rng, 5, 20) if rng.random() < 0.05 else ""
            changes.append(AnswerChange(f"R-{i:06d}", q, inst, v, note, free))
        if kind == "cancelled_crime" and i % 97 == 0 and i not in bad:  # the FCR overrules a few decisions
            decided = {(q, inst): (v, "") for q, inst, v in given}
            decided.update({("decision_correct", None): ("no", ""), ("should_have_been", None): ("remain_recorded", ""),
                            ("rationale", None): (sentence(rng, 15, 40), "")})
            overruled[f"R-{i:06d}"] = (decided, "fcr")
    return changes, overruled


def _cache_states(store: AuditStore) -> None:
    """The queue's cached progress, as answering writes it (else opening the audit rebuilds it)."""
    forms = store.forms()
    values = answer_values(store)
    evaluations = Evaluations()
    states = {}
    for record_id, key, form_id, version in records_in_order(store):
        o = evaluations.outcome(forms[(form_id, version)], values.get(record_id, {}))
        states[key] = RecordProgress(o.progress, o.compliant, o.hidden)
    store.write_record_states(states)


def kept(path: Path, n: int) -> Path:
    """The realistic audit of ``n`` records at ``path``, built (and the time it took printed) only if it is not there yet."""
    if not path.exists():
        start = time.perf_counter()
        store, answers = build(path, n)
        store.close()
        print(f"build: {n:,} realistic records, {answers:,} answers in {time.perf_counter() - start:.1f} s")
    return path
