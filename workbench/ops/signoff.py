"""Signing the findings off, reopening, and checking a signature from outside the force.

Only a person acting as FCR signs off or reopens (declared, not enforced, offline:
docs/security.md); an FCR who answered as auditor in this audit signs their own work
only with a stated reason, which is signed and logged. A signed-off audit refuses
every change until it is reopened with a reason, which voids the signature.
``check_signature`` is what ``workbench verify --key FCR.pub`` adds to ``verify``.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass
from pathlib import Path

from workbench.core.audit import ROLE_NAMES, Actor, Role
from workbench.core.errors import WorkbenchError
from workbench.core.event_kinds import KINDS
from workbench.core.events import digest
from workbench.core.signoff import MEANING, Manifest, differing_components
from workbench.ops import changes_audit
from workbench.ops.findings import audit_findings, final_answers
from workbench.store.audit_store import AuditStore
from workbench.store.eventlog import now
from workbench.store.signoffs import SignOffRow


class NotTheFCR(WorkbenchError):
    """Someone not acting as FCR tried to sign off or reopen."""


@dataclass(frozen=True)
class SignatureStatus:
    """Where an audit stands: not signed, signed (locked), or its signature void."""

    signoff: SignOffRow | None

    @property
    def words(self) -> str:
        s = self.signoff
        if s is None:
            return "Draft: not signed off"
        if s.void:
            return (f"Signature void: changed after sign-off on {s.voided_at[:10]} "
                    f"(reopened by {s.voided_by}: {s.void_reason})")
        return f"Signed off by {s.signer} ({ROLE_NAMES.get(s.manifest.role, s.manifest.role)}) on {s.signed_at[:16].replace('T', ' ')} UTC"


def manifest_components(store: AuditStore) -> dict[str, str]:
    """A SHA-256 of each part of the audit a sign-off covers, computed from the file as it is."""
    finals = final_answers(store)
    return {
        "settings": digest(store.settings().to_dict()),
        "checklists": digest(sorted([f, v, d] for (f, v), d in store.forms_repo.digests().items())),
        "records": digest([[i["id"], store.records_repo.batch_digest(i["id"]), store.records_repo.batch_layout(i["id"])]
                           for i in store.imports()]),
        "final_answers": digest(sorted([k, q, i or 0, v] for k, given in finals.items() for (q, i), v in given.items())),
        "findings": digest(audit_findings(store).to_dict()),
    }


def status(store: AuditStore) -> SignatureStatus:
    """The audit's latest sign-off and whether it still stands."""
    return SignatureStatus(store.signoffs_repo.latest())


def own_work(store: AuditStore, actor: Actor) -> bool:
    """Whether ``actor`` answered records of this audit as a member of the audit team."""
    return any(a.answered_by == actor.name for a in store.answers("auditor"))


@changes_audit
def sign_off(store: AuditStore, actor: Actor, key_path: Path, passphrase: bytes, own_work_reason: str = "") -> Manifest:
    """Sign the audit's findings off with the FCR's key; the audit is then locked.

    Raises
    ------
    NotTheFCR
        ``actor`` is not acting as FCR.
    WorkbenchError
        The FCR answered as auditor here and gave no reason; the audit is already
        signed off; or the key cannot be opened (a wrong passphrase is said so).
    """
    from workbench.io.crypto import (
        fingerprint,
        load_private_key,
        raw_public_bytes,
        sign,
    )

    if actor.role != Role.FCR:
        raise NotTheFCR("Only the Force Crime Registrar signs the findings off: choose the FCR role to sign.")
    locked = store.locked_by()
    if locked:
        raise WorkbenchError("This audit is already signed off. " + locked.split(": nothing can be changed. ", 1)[-1])
    if own_work(store, actor) and not own_work_reason.strip():
        raise WorkbenchError(f"{actor.name} answered records of this audit as an auditor: nobody approves their own "
                             "work without saying why. Give the reason (--own-work-reason), or ask another FCR to sign.")
    private = load_private_key(Path(key_path), passphrase)
    public = private.public_key()
    manifest = Manifest(
        audit_id=store.audit_id(), audit_title=store.settings().title, components=manifest_components(store),
        log_head=store.head(), signer=actor.name, role=str(actor.role), force=actor.force, signed_at=now(),
        meaning=MEANING, own_work_reason=own_work_reason.strip(),
    )
    signature = base64.b64encode(sign(private, manifest.canonical())).decode("ascii")
    store.sign_off(actor, manifest, signature, base64.b64encode(raw_public_bytes(public)).decode("ascii"), fingerprint(public))
    return manifest


@changes_audit
def reopen(store: AuditStore, actor: Actor, reason: str) -> SignOffRow:
    """Reopen a signed-off audit (the FCR, with a reason): the signature becomes void and changes are taken again."""
    if actor.role != Role.FCR:
        raise NotTheFCR("Only the Force Crime Registrar reopens a signed-off audit: choose the FCR role to reopen it.")
    if not reason.strip():
        raise WorkbenchError("Say why the audit is reopened: the reason is logged and shown with the void signature.")
    return store.reopen(actor, reason.strip())


def check_signature(store: AuditStore, key_path: Path) -> list[str]:
    """Everything wrong with the audit's sign-off against the FCR's public key (empty when it holds).

    Checks that there is a sign-off and it is not void, that it was made with this
    key and its signature is valid, that the log still holds the head it signed and
    nothing but disclosures and consultations came after, and that every part of
    the audit is what was signed.
    """
    from workbench.io.crypto import load_public_key, signature_valid

    key = load_public_key(Path(key_path))
    current = store.signoffs_repo.latest()
    if current is None:
        return ["the audit has not been signed off"]
    problems = []
    if current.void:
        problems.append(f"the signature is void: the audit was reopened on {current.voided_at[:10]} by {current.voided_by} "
                        f"({current.void_reason})")
    if current.key_fingerprint != key.fingerprint:
        problems.append(f"it was signed with another key (fingerprint {current.key_fingerprint}), not the one given "
                        f"({key.fingerprint})")
    try:
        signature = base64.b64decode(current.signature, validate=True)
    except ValueError:
        signature = b""
    if not signature_valid(key.key, current.manifest.canonical(), signature):
        problems.append("the signature does not match the manifest with this key: the manifest or the signature was changed")
    problems += _log_problems(store, current)
    problems += [f"{part} differ(s) from what was signed" for part in differing_components(current.manifest, manifest_components(store))]
    return problems


def _log_problems(store: AuditStore, current: SignOffRow) -> list[str]:
    seq, head_hash = current.manifest.log_head
    problems, after = [], False
    for e in store.events():
        if e.seq == seq and e.hash != head_hash:
            problems.append(f"event {seq}, the last one signed, is not the one that was signed: the log was rewritten")
        if e.seq == current.event_seq:
            after = True
            continue
        kind = KINDS.get(e.action)
        if after and not (kind and kind.while_locked) and not current.void:
            problems.append(f"event {e.seq} ({e.action}) changed the audit after it was signed off")
    if not after:
        problems.append(f"the sign-off's event {current.event_seq} is missing from the log")
    return problems


@dataclass(frozen=True)
class ExportCheck:
    """What ``verify_export`` found: the signed manifest, and every problem (none: it holds)."""

    manifest: Manifest | None
    problems: list[str]
    checked: list[str]


def verify_export(path: Path, key_path: Path) -> ExportCheck:
    """Whether a workbook or PDF is one the FCR signed: the signature it carries, the findings it
    carries against what was signed, and the manifest it prints against the one it carries."""
    from workbench.io import export_signature
    from workbench.io.crypto import load_public_key, signature_valid

    path = Path(path)
    key = load_public_key(Path(key_path))
    reader = {".pdf": export_signature.read_from_pdf, ".xlsx": export_signature.read_from_xlsx}.get(path.suffix.lower())
    if reader is None:
        raise WorkbenchError(f"{path.name}: give a workbench report (.pdf) or workbook (.xlsx).")
    try:
        embedded = reader(path)
        manifest = Manifest.from_dict(embedded["manifest"])
    except ValueError as exc:
        return ExportCheck(None, [str(exc)], [])
    problems, checked = [], ["the signature it carries, with this key", "the findings it carries, against what was signed"]
    try:
        signature = base64.b64decode(str(embedded["signature"]), validate=True)
    except ValueError:
        signature = b""
    if not signature_valid(key.key, manifest.canonical(), signature):
        problems.append("the signature it carries is not this key's signature of its manifest: it was signed with "
                        "another key, or the manifest was changed")
    if digest(embedded["findings"]) != manifest.components.get("findings"):
        problems.append("the findings it carries are not the findings that were signed")
    printed = _printed_manifest_hash(path)
    if printed is not None:
        checked.append("the manifest hash it prints")
        if printed != manifest.sha256():
            problems.append("the manifest hash it prints is not the one of the manifest it carries")
    return ExportCheck(manifest, problems, checked)


def _printed_manifest_hash(path: Path) -> str | None:
    """The manifest SHA-256 an export prints (the workbook's Audit details; the PDF's sign-off, with pdftotext)."""
    import re

    if path.suffix.lower() == ".xlsx":
        from workbench.io.xlsx_read import label_value

        return label_value(path, "Audit details", "Manifest SHA-256")
    import shutil
    import subprocess

    if shutil.which("pdftotext") is None:
        return None
    text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, timeout=60).stdout
    found = re.search(r"Manifest SHA-256\s+([0-9a-f]{64})", text)
    return found.group(1) if found else ""
