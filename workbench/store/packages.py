"""Peer-review and team packages in the audit file: sent, unpacked, merged, held as conflicts.

``packages`` lists what this audit sent (each a disclosure); ``copy_of`` marks an
audit made from a package (a peer's or a team member's working copy); ``merges``
lists the return packages merged in, so the same one is never merged twice; and
``conflicts`` holds a package's answers to a record that already had different
answers in the same role and round, until the lead settles it. Merged answers
sit in ``answers`` in their own role and round (a peer's beside the auditor's),
carrying who gave them and when.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlite_utils import Database

from workbench.core import peer_review as pr
from workbench.core.events import canonical_json, digest
from workbench.core.records import answer_digest
from workbench.store.answers import Answers
from workbench.store.records import Records
from workbench.store.writing import Write

#: One answer as a package carries it: record, question, instance, value, note, by, at.
PackageAnswer = Mapping[str, object]


@dataclass(frozen=True)
class CopyInfo:
    """What a working copy knows of where it came from."""

    home_audit: str
    package_id: str
    kind: str
    role: str
    review_round: int
    sender: str
    encrypted: bool


@dataclass(frozen=True)
class Conflict:
    """A package's answers to one record, held back because the audit's differ."""

    package_id: str
    record_key: str
    role: str
    review_round: int
    answers: list[dict]
    sender: str


@dataclass(frozen=True)
class MergePlan:
    """What merging a package will do, record by record (decided before anything is written)."""

    added: dict[str, list[dict]]       # record key -> answers to write
    conflicts: dict[str, list[dict]]   # record key -> answers to hold back
    unchanged: int                     # records whose answers are already the same


class Packages:
    """The ``packages``, ``copy_of``, ``merges`` and ``conflicts`` tables."""

    def __init__(self, db: Database, records: Records, answers: Answers):
        self.db = db
        self.records = records
        self.answers = answers
        self._copy: CopyInfo | None | bool = False   # False: not read yet

    # -- identity ---------------------------------------------------------------------------
    def audit_id(self) -> str:
        """The audit's identity: the hash of its first event."""
        row = self.db.execute("SELECT hash FROM events WHERE seq = 1").fetchone()
        return row[0] if row else ""

    def copy_info(self) -> CopyInfo | None:
        """Where this working copy came from, or None for an ordinary audit."""
        if self._copy is False:
            row = self.db.execute(
                "SELECT home_audit, package_id, kind, role, review_round, sender, encrypted FROM copy_of WHERE id = 1"
            ).fetchone()
            self._copy = None if row is None else CopyInfo(*row[:6], bool(row[6]))
        return self._copy

    def working_answers(self) -> tuple[str, int]:
        """``(role, round)`` of the answers this audit's own users give."""
        info = self.copy_info()
        return (info.role, info.review_round) if info else pr.HOME_ANSWERS

    # -- sending and receiving ----------------------------------------------------------------
    def record_sent(self, w: Write, package_id: str, kind: str, recipient: str, selection: dict, keys: Sequence[str],
                    file_name: str, sha256: str, encrypted: bool) -> None:
        """Log a package written for ``recipient`` (a disclosure) and keep its row."""
        event = w.log("package.send", {
            "package_id": package_id, "kind": kind, "recipient": recipient, "selection": selection,
            "records": len(keys), "keys_digest": digest(list(keys)), "file_name": file_name, "sha256": sha256,
            "encrypted": encrypted,
        })
        self.db.execute(
            "INSERT INTO packages (package_id, kind, recipient, selection, record_keys, file_name, sha256, encrypted,"
            " made_by, made_at, event_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (package_id, kind, recipient, canonical_json(selection), canonical_json(list(keys)), file_name, sha256,
             int(encrypted), w.actor.name, w.at, event.seq),
        )

    def sent(self) -> list[dict]:
        """Every package this audit sent, oldest first."""
        return list(self.db.query("SELECT * FROM packages ORDER BY event_seq"))

    def sent_package(self, package_id: str) -> dict | None:
        return next(iter(self.db.query("SELECT * FROM packages WHERE package_id = ?", [package_id])), None)

    def mark_copy(self, w: Write, info: CopyInfo, sha256: str) -> None:
        """Mark this (new) audit as a working copy of ``info.home_audit``."""
        event = w.log("package.unpack", {
            "home_audit": info.home_audit, "package_id": info.package_id, "kind": info.kind, "role": info.role,
            "round": info.review_round, "sender": info.sender, "sha256": sha256, "encrypted": info.encrypted,
        })
        self.db.execute(
            "INSERT INTO copy_of (id, home_audit, package_id, kind, role, review_round, sender, sha256, encrypted,"
            " unpacked_by, unpacked_at, event_seq) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (info.home_audit, info.package_id, info.kind, info.role, info.review_round, info.sender, sha256,
             int(info.encrypted), w.actor.name, w.at, event.seq),
        )
        self._copy = info

    # -- merging ----------------------------------------------------------------------------
    def merged(self, package_id: str) -> dict | None:
        """The merge of ``package_id``, if it was merged already."""
        return next(iter(self.db.query("SELECT * FROM merges WHERE package_id = ?", [package_id])), None)

    def merges(self) -> list[dict]:
        return list(self.db.query("SELECT * FROM merges ORDER BY event_seq"))

    def plan(self, by_record: Mapping[str, list[dict]], role: str, review_round: int) -> MergePlan:
        """Sort a package's answers: records with none in this role and round take them; the same
        answers change nothing; different answers become a conflict (never chosen silently)."""
        added, conflicts, unchanged = {}, {}, 0
        for key, incoming in by_record.items():
            held = {(a.question, a.instance): (a.value, a.note) for a in self.answers.current(role, review_round, key)}
            given = {(a["question"], a["instance"]): (a["value"], a["note"]) for a in incoming}
            if not held:
                added[key] = incoming
            elif held == given:
                unchanged += 1
            else:
                conflicts[key] = incoming
        return MergePlan(added, conflicts, unchanged)

    def merge(self, w: Write, meta: Mapping[str, object], plan: MergePlan, role: str, review_round: int) -> None:
        """Write a planned merge inside ``w``: its event and row, the answers, the held conflicts.

        ``meta`` holds the return package's ``package_id``, ``origin``, ``kind``,
        ``sender``, ``file_name`` and ``sha256``.
        """
        answers = sum(len(v) for v in plan.added.values())
        detail = {k: meta[k] for k in ("package_id", "origin", "kind", "sender", "file_name", "sha256")}
        event = w.log("package.merge", {**detail, "answers": answers, "conflicts": len(plan.conflicts)})
        self.db.execute(
            "INSERT INTO merges (package_id, origin, kind, sender, file_name, sha256, answers_added, conflicts,"
            " merged_by, merged_at, event_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (*detail.values(), answers, len(plan.conflicts), w.actor.name, w.at, event.seq),
        )
        ids = self.records.ids(set(plan.added) | set(plan.conflicts))
        for key, given in plan.added.items():
            self.write_answers(w, ids[key], key, given, role, review_round)
        for key, given in plan.conflicts.items():
            held = w.log("conflict.hold", {"package_id": meta["package_id"], "record": key, "role": role,
                                           "round": review_round, "digest": pr.answers_digest(given),
                                           "sender": meta["sender"]})
            self.db.execute(
                "INSERT INTO conflicts (package_id, record_id, role, review_round, answers, sender, event_seq)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (meta["package_id"], ids[key], role, review_round, canonical_json(given), meta["sender"], held.seq),
            )
        if (role, review_round) == self.working_answers():
            self.answers.write_states({ids[k]: self.answers.evaluated(k) for k in plan.added})

    def write_answers(self, w: Write, record_id: int, key: str, given: Sequence[dict], role: str, review_round: int) -> None:
        """Write a package's answers to one record, each with an ``answer.merge`` event naming its author."""
        for a in given:
            detail = {"record": key, "question": a["question"], "instance": a["instance"], "role": role,
                      "round": review_round, "digest": answer_digest(a["value"], a["note"]), "by": a["by"], "at": a["at"]}
            event = w.log("answer.merge", detail)
            self.db.execute(
                "INSERT OR REPLACE INTO answers (record_id, question, instance, role, review_round, value, note,"
                " answered_by, answered_at, event_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record_id, a["question"], a["instance"] or 0, role, review_round, a["value"], a["note"], a["by"],
                 a["at"], event.seq),
            )

    # -- conflicts --------------------------------------------------------------------------
    def conflicts(self) -> list[Conflict]:
        """Every conflict still to settle, in sample order."""
        return [
            Conflict(pid, key, role, rnd, json.loads(answers), sender)
            for pid, key, role, rnd, answers, sender in self.db.execute(
                "SELECT c.package_id, r.key, c.role, c.review_round, c.answers, c.sender FROM conflicts c"
                " JOIN records r ON r.id = c.record_id ORDER BY r.position, c.event_seq"
            )
        ]

    def settle(self, w: Write, conflict: Conflict, kept: str) -> None:
        """Settle ``conflict`` inside ``w``: keep the audit's answers, or take the package's.

        Taking the package's makes the record's answers in that role and round
        exactly the package's: answers it lacks are cleared (as the lead's
        erasure), the rest written with their authors.
        """
        if kept == pr.TAKE_PACKAGE:
            record_id = self.records.ids({conflict.record_key})[conflict.record_key]
            held = {(a.question, a.instance): (a.value, a.note)
                    for a in self.answers.current(conflict.role, conflict.review_round, conflict.record_key)}
            given = {(a["question"], a["instance"]): a for a in conflict.answers}
            for question, instance in sorted(held.keys() - given.keys(), key=lambda k: (k[0], k[1] or 0)):
                detail = {"record": conflict.record_key, "question": question, "instance": instance,
                          "role": conflict.role, "round": conflict.review_round, "digest": None}
                w.log("answer.clear", detail)
                self.db.execute("DELETE FROM answers WHERE record_id = ? AND question = ? AND instance = ? AND role = ?"
                                " AND review_round = ?", (record_id, question, instance or 0, conflict.role,
                                                          conflict.review_round))
            changed = [a for k, a in given.items() if held.get(k) != (a["value"], a["note"])]
            self.write_answers(w, record_id, conflict.record_key, changed, conflict.role, conflict.review_round)
            if (conflict.role, conflict.review_round) == self.working_answers():
                self.answers.write_states({record_id: self.answers.evaluated(conflict.record_key)})
        self._remove_conflict(w, conflict, kept)

    def _remove_conflict(self, w: Write, conflict: Conflict, kept: str) -> None:
        w.log("conflict.settle", {"package_id": conflict.package_id, "record": conflict.record_key, "kept": kept})
        self.db.execute(
            "DELETE FROM conflicts WHERE package_id = ? AND record_id = (SELECT id FROM records WHERE key = ?)",
            (conflict.package_id, conflict.record_key),
        )
