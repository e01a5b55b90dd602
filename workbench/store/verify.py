"""``verify``: the file is sound, the chain holds, and the tables match the log.

Every column a user sees or an export prints is either vouched for by the event log
(values by digest, who wrote them and when by the event that wrote them) or derived,
and then recomputed and compared: the queue's cached progress of each record is
re-evaluated from its answers.
"""

from __future__ import annotations

import json
from collections import defaultdict
from itertools import groupby
from dataclasses import dataclass, field

from workbench.core.evaluations import Evaluations
from workbench.core import peer_review as pr
from workbench.core.audit_state import AuditState, UserSeen, Written
from workbench.core.event_kinds import SAMPLE_DRAW_FIELDS
from workbench.core.events import ChainCheck, digest
from workbench.core.records import RecordProgress, answer_digest
from workbench.core.replay import compare, replay
from workbench.core.sampling import strata_digest, units_digest
from workbench.store.audit_store import AuditStore
from workbench.store.database import integrity_problems
from workbench.store.determinations import answer_set_digest


@dataclass
class VerifyReport:
    """Every problem found, in words; ``ok`` when there are none."""

    events: int = 0
    head: tuple[int, str] = (0, "")
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def verify(store: AuditStore) -> VerifyReport:
    """Check SQLite integrity, the triggers, the hash chain, every event, and table-vs-log state."""
    report = VerifyReport(head=store.head())
    report.problems += [f"SQLite integrity: {p}" for p in integrity_problems(store.db)]
    triggers = {r[0] for r in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    for name in ("events_refuse_update", "events_refuse_delete"):
        if name not in triggers:
            report.problems.append(f"the trigger {name} that keeps the event log append-only is missing")
    chain = ChainCheck()
    replayed = replay(chain.watch(store.events()))   # one pass over the log, never held whole
    report.events = chain.count
    report.problems += [f"event {b.seq}: {b.reason}" for b in chain.breaks]
    report.problems += [str(d) for d in replayed.unusable]
    report.problems += [str(d) for d in compare(replayed.state, stored_state(store))]
    report.problems += cached_progress_problems(store)
    return report


def stored_state(store: AuditStore) -> AuditState:
    """The audit as the tables hold it, reduced to what the log vouches for."""
    state = AuditState(settings=store.settings().to_dict())
    created_at, created_by, _version = store.created()
    state.created = Written(0, created_by, created_at)
    state.users = {(u["name"], u["role"]): UserSeen(u["first_seen"], u["force"]) for u in store.users()}
    state.forms = store.forms_repo.digests()
    for ident, form in store.forms().items():
        if form.digest() != state.forms[ident]:
            state.forms[ident] = form.digest()   # a definition edited under its stored digest
    records = store.records_repo
    for row in store.imports():
        state.imports[row["id"]] = records.batch_digest(row["id"], row["digest_version"])
        state.import_layouts[row["id"]] = records.batch_layout(row["id"])
        state.import_details[row["id"]] = {
            "file_name": row["file_name"], "sha256": row["sha256"], "sheet": row["sheet"], "row_count": row["row_count"],
            "added_count": row["added_count"], "imported_by": row["imported_by"], "imported_at": row["imported_at"],
            "mapping_digest": digest(row["mapping"]), "digest_version": row["digest_version"],
        }
    for key, q, inst, role, rnd, value, note, seq, by, at in store.db.execute(
        "SELECT r.key, a.question, a.instance, a.role, a.review_round, a.value, a.note, a.event_seq, a.answered_by,"
        " a.answered_at FROM answers a JOIN records r ON r.id = a.record_id"
    ):
        akey = (key, q, inst or None, role, rnd)
        state.answers[akey] = answer_digest(value, note)
        state.answer_writers[akey] = Written(seq, by, at)
    for key, note, seq, by, at in store.db.execute(
        "SELECT r.key, f.note, f.event_seq, f.flagged_by, f.flagged_at FROM flags f JOIN records r ON r.id = f.record_id"
    ):
        state.flags[key] = digest(note)
        state.flag_writers[key] = Written(seq, by, at)
    fcr_answers: dict[str, dict] = defaultdict(dict)
    for a in store.answers("fcr"):
        fcr_answers[a.record_key][(a.question, a.instance)] = (a.value, a.note)
    for key, (based_on, reason_digest, seq, by, at) in store.determinations_repo.stored().items():
        state.determinations[key] = (based_on, reason_digest, answer_set_digest(fcr_answers.get(key, {})))
        state.determination_writers[key] = Written(seq, by, at)
    _peer_review_state(store, state)
    state.signoffs, state.voided = store.signoffs_repo.stored()
    _stored_samples(store, state)
    state.profiles, state.profile_writers = store.profiles_repo.stored()
    state.source_changes, state.source_change_writers, state.source_replaced = store.source_changes_repo.stored()
    orphans = store.db.execute("SELECT count(*) FROM records WHERE import_id NOT IN (SELECT id FROM imports)").fetchone()[0]
    if orphans:
        state.imports[-1] = json.dumps(orphans)
    return state


def _peer_review_state(store: AuditStore, state: AuditState) -> None:
    """The packages sent, the copy marker, the merges and the held conflicts, as digests of their rows."""
    db = store.db
    for pid, kind, recipient, selection, keys, file_name, sha256, encrypted, by, at, seq in db.execute(
        "SELECT package_id, kind, recipient, selection, record_keys, file_name, sha256, encrypted, made_by, made_at,"
        " event_seq FROM packages"
    ):
        state.packages[pid] = pr.package_digest(pid, kind, recipient, _json(selection), digest(_json(keys)), file_name,
                                                sha256, encrypted, seq, by, at)
    row = db.execute("SELECT home_audit, package_id, kind, role, review_round, sender, sha256, encrypted, event_seq,"
                     " unpacked_by, unpacked_at FROM copy_of").fetchone()
    state.copy_of = pr.copy_digest(*row) if row else None
    for row in db.execute("SELECT package_id, origin, kind, sender, file_name, sha256, answers_added, conflicts,"
                          " event_seq, merged_by, merged_at FROM merges"):
        state.merges[row[0]] = pr.merge_digest(*row)
    for pid, key, role, rnd, answers, sender, seq in db.execute(
        "SELECT c.package_id, r.key, c.role, c.review_round, c.answers, c.sender, c.event_seq FROM conflicts c"
        " LEFT JOIN records r ON r.id = c.record_id"
    ):
        try:
            held_digest = pr.answers_digest(_json(answers))
        except (KeyError, TypeError, AttributeError):  # edited into something that is not a list of answers
            held_digest = digest(answers)
        state.conflicts[(pid, key)] = pr.conflict_digest(held_digest, role, rnd, sender, seq)


def _json(text: str) -> object:
    """A JSON column's value, or the text itself when someone made it unreadable (its digest then differs)."""
    try:
        return json.loads(text)
    except (TypeError, ValueError):
        return text


def _stored_samples(store: AuditStore, state: AuditState) -> None:
    """The draws, their strata and their records' places, reduced as their events reduce them."""
    for d in store.sample_draws():
        details = {name: getattr(d, name) for name in SAMPLE_DRAW_FIELDS if name != "parameters_digest"}
        details.update(parameters_digest=digest(d.parameters), drawn_by=d.drawn_by, drawn_at=d.drawn_at,
                       event_seq=d.event_seq)
        state.sample_draws[d.id] = details
        state.sample_strata[d.id] = strata_digest(store.samples_repo.strata(d.id))
    for draw_id, step in store.samples_repo.steps():
        units = [(key, stratum, rank) for key, stratum, rank, _step in store.samples_repo.units(draw_id, step)]
        unmatched = store.db.execute(
            "SELECT count(*) FROM sample_records s LEFT JOIN records r ON r.id = s.record_id"
            " WHERE s.draw_id = ? AND s.step = ? AND r.id IS NULL", (draw_id, step)).fetchone()[0]
        state.sample_units[(draw_id, step)] = units_digest(units) + ("" if not unmatched else f"+{unmatched} without record")


def cached_progress_problems(store: AuditStore) -> list[str]:
    """Records whose cached progress (what the queue shows) differs from their answers re-evaluated.

    The answers come record by record in sample order (never all at once), and each
    pattern of answers is evaluated once (``core.evaluations``): the same result as
    evaluating every record.
    """
    cached = store.record_states()
    forms = store.forms()
    record_forms = {r.key: forms[(r.form_id, r.form_version)] for r in store.records()}
    evaluations = Evaluations()
    problems, answered = [], set()
    role, review_round = store.working_answers()   # the team's (auditor, 1), or a working copy's own
    for key, answers in groupby(store.answers(role, review_round), key=lambda a: a.record_key):
        answered.add(key)
        outcome = evaluations.outcome(record_forms[key], {(a.question, a.instance): a.value for a in answers})
        expected = RecordProgress(outcome.progress, outcome.compliant, outcome.hidden)
        held = cached.get(key, RecordProgress())
        if held != expected:
            problems.append(f"record {key}: the queue shows it {_words(held)}, but its answers make it {_words(expected)}")
    for key, held in cached.items():
        if key not in answered and held != RecordProgress():
            problems.append(f"record {key}: the queue shows it {_words(held)}, but it has no answers")
    return problems


def _words(p: RecordProgress) -> str:
    text = p.progress.replace("_", " ")
    if p.compliant is not None:
        text += ", compliant" if p.compliant else ", not compliant"
    return text
