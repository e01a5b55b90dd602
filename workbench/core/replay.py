"""What the event log says the audit holds, and where the file disagrees.

``replay`` folds the events into the state they describe (digests, authors and
times), each by its kind (``core.event_kinds``), and names every event it cannot
use; ``compare`` lists every difference from the state read off the tables.
Together they catch a value changed behind the log's back, even with the triggers
dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from workbench.core.audit_state import AuditState, LoggedAnswers, UserSeen, Written, pack, unpack
from workbench.core.event_kinds import KINDS
from workbench.core.events import Event


@dataclass(frozen=True)
class Difference:
    """One disagreement between the event log and the tables."""

    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.where}: {self.message}"


@dataclass
class Replayed:
    """The state the log describes, and the events it could not use (in words)."""

    state: AuditState
    unusable: list[Difference] = field(default_factory=list)


def replay(events: Iterable[Event]) -> Replayed:
    """Fold ``events`` into the state they describe.

    An event of an unknown kind, or one lacking a field its kind requires, is
    named (with its sequence number) and left out; the rest are still folded.
    """
    folding = Replay()
    for e in events:
        folding.fold(e)
    return folding.out


#: The kinds ``Replay.fold_columns`` folds without an ``Event``: nearly every event of a large audit.
_ANSWER_ACTIONS = frozenset({"answer.set", "answer.clear"})

#: A JSON string without escapes: its text between the quotes is its value.
_PLAIN = r'"([^"\\\x00-\x1f]*)"'
#: An answer's detail as the workbench writes it (canonical JSON: keys sorted, no spaces; a choice's old and new
#: values, a free text's not), its values plain: a text matching this is exactly the JSON object of its groups'
#: values (no key twice, nothing else), so ``Replay.fold_stored`` reads them off it without decoding it. Any
#: other text (an escape, a space, a field of another type) is decoded in full.
_ANSWER_TEXT = re.compile(
    r'\{"digest":(?:"([0-9a-f]{64})"|null),"instance":(null|[1-9][0-9]*),'
    r'(?:"new":(?:null|"[^"\\\x00-\x1f]*"),"old":(?:null|"[^"\\\x00-\x1f]*"),)?'
    rf'"question":{_PLAIN},"record":{_PLAIN},"role":{_PLAIN},"round":([1-9][0-9]*)\}}'
)


class Replay:
    """``replay`` one event at a time (``fold``), or from an event's columns (``fold_columns``)."""

    def __init__(self) -> None:
        self.out = Replayed(AuditState())

    def fold(self, e: Event) -> None:
        out, state = self.out, self.out.state
        where = f"event {e.seq} ({e.action})"
        if "unreadable" in e.detail and len(e.detail) == 1:
            out.unusable.append(Difference(where, f"its detail cannot be read: {e.detail['unreadable']}"))
            return
        kind = KINDS.get(e.action)
        if kind is None:
            out.unusable.append(Difference(f"event {e.seq}", f"'{e.action}' is not a kind of event this workbench writes"))
            return
        missing = kind.missing_fields(e.detail)
        if missing:
            out.unusable.append(Difference(where, "its detail lacks " + ", ".join(repr(m) for m in missing)))
            return
        state.users.setdefault((e.actor, e.role), UserSeen(e.at))
        try:
            kind.apply(state, e)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            out.unusable.append(Difference(where, f"its detail is malformed ({type(exc).__name__}: {exc})"))

    def fold_columns(self, seq: int, at: str, actor: str, role: str, operation: str, action: str, detail: dict,
                     prev_hash: str, digest: str) -> None:
        """``fold`` of the event with these columns: an answer set or cleared straight from its
        detail (the same outcome as through its kind, without an ``Event`` per answer), the
        rest through ``fold``."""
        if action in _ANSWER_ACTIONS:
            state = self.out.state
            try:
                if detail["digest"] is None:   # as ``event_kinds.fold_answer``, inline: it runs for nearly every event
                    state.answers.clear(detail["record"], detail["question"], detail["instance"], detail["role"],
                                        detail["round"])
                else:
                    state.answers.put(detail["record"], detail["question"], detail["instance"], detail["role"],
                                      detail["round"], detail["digest"], seq)
            except (KeyError, TypeError, ValueError, AttributeError):
                pass   # a field missing or malformed: ``fold`` names it in its words
            else:
                if (actor, role) not in state.users:
                    state.users[(actor, role)] = UserSeen(at)
                return
        self.fold(Event(seq, at, actor, role, operation, action, detail, prev_hash, digest))

    def fold_stored(self, rows: Iterable[tuple[int, str, str, str, str, str, object]],
                    parse: Callable[[object], dict]) -> None:
        """``fold`` of every event given as its stored columns ``(seq, at, actor, role, operation, action,
        detail text)``, in order (``seq`` as SQLite gives an integer key: an int); ``parse`` reads a
        detail's text (``store.eventlog.parse_detail``).

        An answer set or cleared as the workbench writes it (``_ANSWER_TEXT``: nearly
        every event of a large audit) is folded straight from its text, without a
        dict, an ``Event`` or a call per event: the same outcome as through its kind
        (``event_kinds.fold_answer``). Every other event is decoded and folded by
        ``fold_columns``. The events' hashes are not needed here (a chain walk checks them).
        """
        state = self.out.state
        users, held_by, clear, fold = state.users, state.answers.held_by, state.answers.clear, self.fold_columns
        match, fromhex, answer_actions = _ANSWER_TEXT.fullmatch, bytes.fromhex, _ANSWER_ACTIONS
        rests: dict[tuple, tuple] = {}   # each (question, instance, role, round) as text -> as a key, made once
        # the last record's answers and the last event's writer, as a record's answers and a person's events come
        # in runs (neither is ever taken out of the state: a record's answers stay in one dict, a user stays seen)
        record_held, held, writer_actor, writer_role = None, {}, None, None
        for seq, at, actor, role, operation, action, text in rows:
            found = match(text) if action in answer_actions and type(text) is str and seq >= 0 else None
            if found is None:
                fold(seq, at, actor, role, operation, action, parse(text), "", "")
                continue
            digest, instance, question, record, answer_role, answer_round = found.groups()
            raw = (question, instance, answer_role, answer_round)
            rest = rests.get(raw)
            if rest is None:
                rest = rests[raw] = (question, None if instance == "null" else int(instance), answer_role,
                                     int(answer_round))
            if digest is None:
                clear(record, *rest)
            else:   # as ``pack`` packs it: the pattern and ``seq >= 0`` make a lower-case digest and an 8-byte number
                if record != record_held:
                    record_held, held = record, held_by(record)
                held[rest] = seq.to_bytes(8, "big") + fromhex(digest)
            if actor != writer_actor or role != writer_role:
                writer_actor, writer_role = actor, role
                if (actor, role) not in users:
                    users[(actor, role)] = UserSeen(at)


def compare(logged: AuditState, stored: AuditState) -> list[Difference]:
    """Every way ``stored`` (read off the tables) differs from ``logged``, but the answers.

    The answers (most of a large audit) are compared row by row as the table is
    read, never held twice: ``AnswerComparison``.
    """
    out: list[Difference] = []
    if logged.settings != stored.settings:
        out.append(Difference("audit settings", "differ from what the event log recorded"))
    if logged.created is not None and stored.created is not None:
        if (logged.created.actor, logged.created.at) != (stored.created.actor, stored.created.at):
            out.append(Difference("audit", "its creator or creation time differs from the event that created it"))
    out += _compare_users(logged.users, stored.users)
    out += _compare_maps("checklist", logged.forms, stored.forms)
    out += _compare_maps("import", logged.imports, stored.imports)
    for import_id, details in logged.import_details.items():
        held = stored.import_details.get(import_id)
        if held is not None:
            changed = sorted(k for k, v in details.items() if held.get(k) != v)
            if changed:
                out.append(Difference(f"import {import_id}", "its " + ", ".join(changed) + " differ from the event that logged it"))
    for import_id, layout in logged.import_layouts.items():
        if import_id in stored.import_layouts and stored.import_layouts[import_id] != layout:
            out.append(Difference(f"import {import_id}", "its records' order or source rows were changed without an event"))
    out += _compare_maps("flag on", logged.flags, stored.flags)
    out += _compare_writers("flag on", logged.flags, logged.flag_writers, stored.flag_writers)
    out += _compare_maps("sign-off", logged.signoffs, stored.signoffs)
    out += _compare_maps("reopening of sign-off", logged.voided, stored.voided)
    out += _compare_maps("determination of", logged.determinations, stored.determinations)
    out += _compare_writers("determination of", logged.determinations, logged.determination_writers,
                            stored.determination_writers)
    out += _compare_maps("package", logged.packages, stored.packages)
    out += _compare_maps("merged package", logged.merges, stored.merges)
    out += _compare_maps("conflict", logged.conflicts, stored.conflicts)
    if logged.copy_of != stored.copy_of:
        out.append(Difference("working copy", "what the file says of the audit it was copied from differs from the "
                                              "event that unpacked it" if stored.copy_of and logged.copy_of else
                              "the file's copy marker was added or removed without an event"))
    out += _compare_samples(logged, stored)
    out += _compare_maps("mapping profile", logged.profiles, stored.profiles)
    out += _compare_writers("mapping profile", logged.profiles, logged.profile_writers, stored.profile_writers)
    out += _compare_maps("changed source of", logged.source_changes, stored.source_changes)
    out += _compare_writers("changed source of", logged.source_changes, logged.source_change_writers,
                            stored.source_change_writers)
    out += _compare_maps("replaced source of", logged.source_replaced, stored.source_replaced)
    if stored.astray_areas:
        keys = stored.astray_areas
        out.append(Difference(f"record {keys[0]}" + (f" and {len(keys) - 1} more" if len(keys) > 1 else ""),
                              "its area was changed without an event (it is not the area its source fields give)"))
    return out


class AnswerComparison:
    """The answers table against the answers the log leaves standing, one stored row at a time.

    ``row`` takes each answer as the table holds it (its digest, the event it points
    at, who and when it says wrote it, and who and when that event says) with what
    the log holds for it; ``finish`` adds the answers the log holds that no row had.
    The differences come out as ``compare`` gives every other kind: the contents'
    first, then the writers', each in the order of their keys.
    """

    def __init__(self, logged: LoggedAnswers) -> None:
        self.logged = logged
        self._found: list[tuple[str, int, Difference]] = []

    def row(self, key: tuple, packed: bytes | tuple | None, held_digest: str, held: Written,
            event_writer: tuple[object, object] | None) -> None:
        """One stored answer, and what the log held for it (``LoggedAnswers.pop``, already taken out).

        ``event_writer``: who and when the event numbered ``held.seq`` says wrote it
        (for a merged answer, who gave it), if there is such an event.
        """
        if packed is None:
            self._found.append((repr(key), 0, Difference(_name("answer", key), "is in the file but no event wrote it")))
            return
        if packed == pack(held.seq, held_digest):   # the event it points at wrote it, with this content
            wrote_seq = held.seq
        else:
            wrote_seq, digest = unpack(packed)
            if digest != held_digest:
                self._found.append((repr(key), 0, Difference(_name("answer", key), "was changed without an event")))
            if wrote_seq != held.seq:
                self._found.append((repr(key), 1, Difference(_name("answer", key), f"points at event {held.seq}, but event {wrote_seq} wrote it")))
                return
        actor, at = event_writer or (None, None)
        if (held.actor, held.at) != (actor, at):
            self._found.append((repr(key), 1, Difference(_name("answer", key), f"says it was written by {held.actor} at {held.at}, "
                                                                                f"but event {wrote_seq} was {actor} at {at}")))

    def finish(self) -> list[Difference]:
        """Every difference, the answers in the log but not in the file included."""
        for key, _written in self.logged.items():
            self._found.append((repr(key), 0, Difference(_name("answer", key), "is in the event log but missing from the file")))
        return [d for _key, _order, d in sorted(self._found, key=lambda found: (found[1], found[0]))]


def _compare_samples(logged: AuditState, stored: AuditState) -> list[Difference]:
    """Draws, their strata and the records each step drew, against the events that wrote them."""
    out = []
    for draw_id in sorted(logged.sample_draws.keys() | stored.sample_draws.keys()):
        seen, held = logged.sample_draws.get(draw_id), stored.sample_draws.get(draw_id)
        if held is None:
            out.append(Difference(f"sample draw {draw_id}", "is in the event log but missing from the file"))
        elif seen is None:
            out.append(Difference(f"sample draw {draw_id}", "is in the file but no event wrote it"))
        else:
            changed = sorted(k for k, v in seen.items() if held.get(k) != v)
            if changed:
                out.append(Difference(f"sample draw {draw_id}", "its " + ", ".join(changed) + " differ from the event that logged it"))
    for draw_id in sorted(logged.sample_strata.keys() & stored.sample_strata.keys()):
        if logged.sample_strata[draw_id] != stored.sample_strata[draw_id]:
            out.append(Difference(f"sample draw {draw_id}", "its strata (population or sample sizes) were changed without an event"))
    for key in sorted(logged.sample_units.keys() | stored.sample_units.keys()):
        where = f"sample draw {key[0]}" + (f", extension {key[1]}" if key[1] else "")
        if key not in stored.sample_units:
            out.append(Difference(where, "its records are in the event log but missing from the file"))
        elif key not in logged.sample_units:
            out.append(Difference(where, "has records in the file that no event drew"))
        elif logged.sample_units[key] != stored.sample_units[key]:
            out.append(Difference(where, "its records, strata or ranks were changed without an event"))
    return out


def _compare_maps(kind: str, logged: dict, stored: dict) -> list[Difference]:
    out = []
    differing = [k for k in logged.keys() | stored.keys() if logged.get(k, _MISSING) != stored.get(k, _MISSING)]
    for key in sorted(differing, key=repr):   # only what differs is put in order (repr is slow on 700,000 keys)
        if key not in stored:
            out.append(Difference(_name(kind, key), "is in the event log but missing from the file"))
        elif key not in logged:
            out.append(Difference(_name(kind, key), "is in the file but no event wrote it"))
        elif logged[key] != stored[key]:
            out.append(Difference(_name(kind, key), "was changed without an event"))
    return out


_MISSING = object()


def _compare_writers(kind: str, logged: dict, logged_writers: dict[object, Written], stored_writers: dict[object, Written]) -> list[Difference]:
    """Who wrote each row and when, as the row says, against the event that wrote it."""
    out = []
    differing = [k for k, held in stored_writers.items() if k in logged and logged_writers.get(k) not in (None, held)]
    for key in sorted(differing, key=repr):
        held, wrote = stored_writers[key], logged_writers[key]
        if held.seq != wrote.seq:
            out.append(Difference(_name(kind, key), f"points at event {held.seq}, but event {wrote.seq} wrote it"))
        elif (held.actor, held.at) != (wrote.actor, wrote.at):
            out.append(Difference(_name(kind, key), f"says it was written by {held.actor} at {held.at}, "
                                                     f"but event {wrote.seq} was {wrote.actor} at {wrote.at}"))
    return out


def _compare_users(logged: dict[tuple[str, str], UserSeen], stored: dict[tuple[str, str], UserSeen]) -> list[Difference]:
    out = []
    for key in sorted(logged.keys() | stored.keys()):
        name = f"user {key[0]} ({key[1]})"
        if key not in stored:
            out.append(Difference(name, "wrote events but is missing from the users table"))
        elif key not in logged:
            out.append(Difference(name, "is in the users table but wrote no event"))
        else:
            seen, held = logged[key], stored[key]
            if seen.first_seen != held.first_seen:
                out.append(Difference(name, f"first seen at {held.first_seen} by the file, but at {seen.first_seen} by the log"))
            if seen.force is not None and seen.force != held.force:
                out.append(Difference(name, "their force differs from the event that added them"))
    return out


def _name(kind: str, key: object) -> str:
    if kind == "answer":
        record, question, instance, role, rnd = key
        inst = f" #{instance}" if instance else ""
        return f"answer {record}/{question}{inst} ({role}, round {rnd})"
    if kind == "checklist":
        return f"checklist {key[0]} version {key[1]}"
    if kind == "conflict":
        return f"conflict on {key[1]} from package {key[0][:8]}"
    return f"{kind} {key}"
