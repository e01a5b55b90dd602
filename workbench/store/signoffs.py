"""The FCR's sign-offs, and the lock they put on the audit.

The latest sign-off that has not been voided locks the audit: the write context
asks ``lock_words`` before every change, and only the kinds of event that change
nothing (a disclosure, a consultation) or reopen the audit get through. Reopening
voids the signature, with its reason, and is logged.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlite_utils import Database

from workbench.core.events import canonical_json, digest
from workbench.core.signoff import Manifest
from workbench.store.writing import Write


@dataclass(frozen=True)
class SignOffRow:
    """One sign-off as stored."""

    id: int
    manifest: Manifest
    manifest_sha256: str
    signature: str
    public_key: str
    key_fingerprint: str
    signer: str
    signed_at: str
    event_seq: int
    voided_at: str | None = None
    voided_by: str | None = None
    void_reason: str | None = None

    @property
    def void(self) -> bool:
        return self.voided_at is not None


class SignOffs:
    """The ``signoffs`` table."""

    def __init__(self, db: Database):
        self.db = db

    def add(self, w: Write, manifest: Manifest, signature: str, public_key: str, fingerprint: str) -> None:
        """Store a sign-off inside ``w``; the audit is locked from the next change on."""
        event = w.log("audit.signoff", {"manifest_sha256": manifest.sha256(), "key_fingerprint": fingerprint,
                                        "signature": signature, "signer": manifest.signer, "role": manifest.role})
        self.db.execute(
            "INSERT INTO signoffs (manifest, manifest_sha256, signature, public_key, key_fingerprint, signer, signed_at,"
            " event_seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (canonical_json(manifest.to_dict()), manifest.sha256(), signature, public_key, fingerprint, manifest.signer,
             manifest.signed_at, event.seq),
        )

    def void(self, w: Write, signoff_id: int, reason: str) -> None:
        """Void a sign-off inside ``w`` (the FCR reopened the audit), with the reason."""
        event = w.log("audit.reopen", {"signoff": signoff_id, "reason_digest": digest(reason)})
        self.db.execute(
            "UPDATE signoffs SET voided_at = ?, voided_by = ?, void_reason = ?, void_event_seq = ? WHERE id = ?",
            (w.at, w.actor.name, reason, event.seq, signoff_id),
        )

    def all(self) -> list[SignOffRow]:
        """Every sign-off, oldest first (an unreadable manifest reads as an empty one: ``verify`` names it)."""
        rows = self.db.execute(
            "SELECT id, manifest, manifest_sha256, signature, public_key, key_fingerprint, signer, signed_at, event_seq,"
            " voided_at, voided_by, void_reason FROM signoffs ORDER BY id"
        ).fetchall()
        return [SignOffRow(r[0], _manifest(r[1]), *r[2:]) for r in rows]

    def latest(self) -> SignOffRow | None:
        rows = self.all()
        return rows[-1] if rows else None

    def stored(self) -> tuple[dict[int, tuple], dict[int, tuple]]:
        """For ``verify``: ``{id: (manifest digest, fingerprint, signature)}`` and ``{id: (digest of the void reason,)}``."""
        signed, voided = {}, {}
        for r in self.db.execute("SELECT id, manifest, key_fingerprint, signature, void_reason FROM signoffs"):
            try:
                manifest_digest = digest(json.loads(r[1]))
            except ValueError:
                manifest_digest = "unreadable"
            signed[r[0]] = (manifest_digest, r[2], r[3])
            if r[4] is not None:
                voided[r[0]] = (digest(r[4]),)
        return signed, voided


def lock_words(db: Database) -> str | None:
    """The sentence a locked audit answers every change with, or None when it is not locked."""
    row = db.execute(
        "SELECT signer, signed_at FROM signoffs WHERE voided_at IS NULL ORDER BY id DESC LIMIT 1"
    ).fetchone()
    if row is None:
        return None
    return (f"This audit was signed off by {row[0]} on {row[1][:10]} and is locked: nothing can be changed. "
            "To change it, the FCR reopens it with a reason (Audit › Reopen…, or 'workbench reopen AUDIT --reason R'), "
            "which voids the signature.")


def _manifest(text: str) -> Manifest:
    try:
        return Manifest.from_dict(json.loads(text))
    except ValueError:
        return Manifest("", "", {}, (0, ""), "", "", "", "")
