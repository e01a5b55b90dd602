"""The audit as its tables hold it, reduced to what the event log vouches for (``verify`` compares the two).

``core.replay`` folds the log into an ``AuditState``; ``stored_state`` reads the same
state off the tables: digests of each table's rows, and who wrote them and when. The
answers are left out: ``store.verify_answers.answer_problems`` compares them as it reads them.
A feature that writes a table of its own extends both sides.
"""

from __future__ import annotations

import json
from collections import defaultdict

from workbench.core import peer_review as pr
from workbench.core.audit_state import AuditState, UserSeen, Written
from workbench.core.event_kinds import SAMPLE_DRAW_FIELDS
from workbench.core.events import digest
from workbench.core.sampling import strata_digest, units_digest
from workbench.store.audit_store import AuditStore
from workbench.store.determinations import answer_set_digest
from workbench.store.record_areas import astray_areas


def stored_state(store: AuditStore) -> AuditState:
    """The audit as the tables hold it, reduced to what the log vouches for (the answers aside:
    ``answer_problems`` compares them as it reads them)."""
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
    state.astray_areas = astray_areas(store.db)
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
