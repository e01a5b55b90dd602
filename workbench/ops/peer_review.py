"""Peer review by another force and work shared within a team: package, unpack, return, merge.

- ``make_package``: the lead chooses records (``core.selection``) and writes one
  sealed file holding only them, the checklists they use and the audit's
  identity, with *no answers* (blind); logged as a disclosure naming the recipient.
- ``unpack``: the peer (or team member) makes a new working copy from it: only
  those records, answered as ``peer``, round 2 (a team member: ``auditor``, 1).
- ``make_return``: the copy's answers go back in a return package.
- ``merge``: the return's answers go into the home audit in their own role and
  round, beside the auditor's and never over them; a package of another audit is
  refused, the same package merged twice adds nothing, and a record whose answers
  in that role and round already differ is held as a conflict for the lead.

Every package is read whole and checked before anything is written.
"""

from __future__ import annotations

import hashlib
import secrets
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core import peer_review as pr
from workbench.core import selection as sel
from workbench.core.audit import Actor, AuditSettings, Role
from workbench.core.errors import WorkbenchError
from workbench.core.formcheck import validate_form
from workbench.core.forms import Form, form_from_dict
from workbench.core.records import Record
from workbench.io import packages as pk
from workbench.ops import changes_audit
from workbench.ops.answering import answer_problem
from workbench.store.audit_store import AuditStore, Conflict, CopyInfo

#: A package file's suffix, and the shortest new passphrase (for the window's dialogs).
PACKAGE_SUFFIX = pk.SUFFIX
MIN_NEW_PASSPHRASE = pk.crypto.MIN_NEW_PASSPHRASE

#: The audit settings a package carries to the copy (what the peer needs to read it, no more).
SETTINGS_SENT = ("title", "force", "period_start", "period_end", "time_limit_hours", "marking", "retention_date")


class PeerReviewRefused(WorkbenchError):
    """A package, unpack or merge that cannot be done; the message says why and what to do."""


@dataclass(frozen=True)
class PackageResult:
    path: Path
    package_id: str
    kind: str
    records: int
    sha256: str
    encrypted: bool
    selection: sel.Selection | None = None


@dataclass(frozen=True)
class UnpackResult:
    path: Path
    kind: str
    records: int
    role: str
    review_round: int
    sender: str
    home_title: str


@dataclass(frozen=True)
class MergeResult:
    sender: str
    kind: str
    answers_added: int = 0
    records_added: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    already_merged: bool = False


def new_seed() -> int:
    """A fresh random seed for a percentage choice (recorded with the package)."""
    return secrets.randbelow(10**9)


def noncompliant_keys(store: AuditStore) -> set[str]:
    """The records the audit team completed and found non-compliant (their cached progress)."""
    return {key for key, state in store.record_states().items() if state.compliant is False}


def choose_records(store: AuditStore, selection: sel.Selection) -> list[str]:
    """The keys ``selection`` chooses in this audit, in sample order (``SelectionRejected`` if none)."""
    records = [(key, form_id) for key, (form_id, _version) in _in_sample_order(store)]
    return sel.choose(records, noncompliant_keys(store), selection)


def _in_sample_order(store: AuditStore) -> list[tuple[str, tuple[str, str]]]:
    return [(r.key, (r.form_id, r.form_version)) for r in store.records()]


# -- sending ----------------------------------------------------------------------------------
@changes_audit
def make_package(store: AuditStore, actor: Actor, out: Path, selection: sel.Selection, recipient: str,
                 passphrase: bytes | None, team: bool = False) -> PackageResult:
    """Write a review (or ``team``) package of the chosen records to ``out`` and log it as a disclosure.

    ``passphrase`` None writes a plain package, allowed only within a team.
    """
    if store.copy_info() is not None:
        raise PeerReviewRefused("This audit is a working copy: send it back with --return, or package from the home audit.")
    if not recipient.strip():
        raise PeerReviewRefused("Say who the package is for with --recipient (it is logged as a disclosure to them).")
    if passphrase is None and not team:
        raise PeerReviewRefused("A package for another force must be encrypted: give a passphrase (--passphrase-file).")
    keys = choose_records(store, selection)
    records = [store.record(k) for k in keys]
    forms = {(r.form_id, r.form_version) for r in records}
    package = pk.Package(
        pr.TEAM if team else pr.REVIEW, secrets.token_hex(16), store.audit_id(), _settings_sent(store.settings()),
        actor.name, _now(), recipient.strip(),
        forms=[store.form(*ident).to_dict() for ident in sorted(forms)],
        records=[{"key": r.key, "form_id": r.form_id, "form_version": r.form_version, "fields": r.fields} for r in records],
    )
    data = pk.package_bytes(package, passphrase)
    return _send(store, actor, Path(out), package, data, keys, selection.to_dict(), selection)


@changes_audit
def make_return(store: AuditStore, actor: Actor, out: Path, passphrase: bytes | None) -> PackageResult:
    """Write a working copy's answers to ``out`` as a return package for its home audit."""
    info = store.copy_info()
    if info is None:
        raise PeerReviewRefused("Only a working copy (made with 'workbench unpack') can be returned; "
                                "this is an ordinary audit.")
    if passphrase is None and info.encrypted:
        raise PeerReviewRefused("This copy came encrypted, so it goes back encrypted: give the passphrase.")
    answers = [{"record": a.record_key, "question": a.question, "instance": a.instance, "value": a.value,
                "note": a.note, "by": a.answered_by, "at": a.answered_at}
               for a in store.answers(info.role, info.review_round)]
    if not answers:
        raise PeerReviewRefused("This copy has no answers yet: there is nothing to send back.")
    records = list(store.records())
    package = pk.Package(
        pr.RETURN, secrets.token_hex(16), info.home_audit, _settings_sent(store.settings()), actor.name, _now(),
        info.sender, role=info.role, review_round=info.review_round, answers=answers, origin=info.package_id,
        record_digests={r.key: r.content_digest() for r in records},
    )
    data = pk.package_bytes(package, passphrase)
    return _send(store, actor, Path(out), package, data, [r.key for r in records], {}, None)


def _send(store: AuditStore, actor: Actor, out: Path, package: pk.Package, data: bytes, keys: list[str],
          selection: dict, chosen: sel.Selection | None) -> PackageResult:
    sha = hashlib.sha256(data).hexdigest()
    encrypted = pk.is_encrypted(data)
    store.record_sent_package(actor, package.package_id, package.kind, package.recipient, selection, keys, out.name,
                              sha, encrypted, publish=lambda: pk.write_package(out, data))
    return PackageResult(out, package.package_id, package.kind, len(keys), sha, encrypted, chosen)


def _settings_sent(settings: AuditSettings) -> dict:
    values = settings.to_dict()
    return {k: values[k] for k in SETTINGS_SENT}


def _now() -> str:
    from workbench.store.eventlog import now

    return now()


# -- the peer's side ----------------------------------------------------------------------------
def read_package(path: Path, passphrase: bytes | None) -> pk.Package:
    """A package's checked content (one sentence if it cannot be opened or trusted)."""
    return pk.open_package(pk.read_package_bytes(Path(path)), passphrase)


def package_needs_passphrase(path: Path) -> bool:
    """Whether the package at ``path`` is encrypted (``SealRefused`` if it is not a package).

    Reads only the plain header at the start of the file.
    """
    return pk.is_encrypted(pk.read_package_head(Path(path)))


def unpack(package_path: Path, copy_path: Path, actor: Actor, passphrase: bytes | None) -> UnpackResult:
    """Make a working copy at ``copy_path`` from a review or team package.

    The package is opened and checked before the copy is created; if anything
    fails after that, the half-made copy is removed.
    """
    data = pk.read_package_bytes(Path(package_path))
    package = pk.open_package(data, passphrase)
    if package.kind == pr.RETURN:
        raise PeerReviewRefused("This is a return package: merge it into the audit it came from ('workbench merge').")
    forms, records = _package_contents(package)
    role, review_round = pr.WORKING_ANSWERS[package.kind]
    worker = Actor(actor.name, Role(role), actor.force)
    settings = _copy_settings(package.audit)
    from workbench.ops.audits import new_audit

    store = new_audit(Path(copy_path), settings, worker)
    try:
        source = {"file_name": Path(package_path).name, "sha256": hashlib.sha256(data).hexdigest(),
                  "row_count": len(records), "mapping": {"package": package.package_id}}
        store.add_records(worker, source, records, forms.values())
        info = CopyInfo(package.audit_id, package.package_id, package.kind, role, review_round, package.made_by,
                        pk.is_encrypted(data))
        store.mark_copy(worker, info, source["sha256"])
        path = store.path
    except BaseException:
        store.close()
        for leftover in (store.path, Path(f"{store.path}-wal"), Path(f"{store.path}-shm")):
            leftover.unlink(missing_ok=True)
        raise
    store.close()
    return UnpackResult(path, package.kind, len(records), role, review_round, package.made_by, settings.title)


def _package_contents(package: pk.Package) -> tuple[dict[tuple[str, str], Form], list[Record]]:
    """The package's checklists (each validated) and records (each using one of them)."""
    forms: dict[tuple[str, str], Form] = {}
    for data in package.forms:
        try:
            form = validate_form(form_from_dict(data))
        except (WorkbenchError, KeyError, TypeError, ValueError, AttributeError):
            raise pk.PackageRefused("A checklist in the package is not a valid checklist.") from None
        forms[(form.form_id, form.version)] = form
    records, seen = [], set()
    for r in package.records:
        if (r["form_id"], r["form_version"]) not in forms or r["key"] in seen:
            raise pk.PackageRefused(f"Record {r['key']!r} in the package is repeated or uses a checklist it lacks.")
        seen.add(r["key"])
        records.append(Record(r["key"], r["form_id"], r["fields"], r["form_version"]))
    if not records:
        raise pk.PackageRefused("The package holds no records.")
    return forms, records


def _copy_settings(audit: dict) -> AuditSettings:
    try:
        settings = AuditSettings.from_dict({k: audit[k] for k in SETTINGS_SENT if k in audit})
        settings.validate()
    except (WorkbenchError, TypeError):
        raise pk.PackageRefused("The package's audit settings are not valid.") from None
    return settings


# -- merging ------------------------------------------------------------------------------------
@changes_audit
def merge(store: AuditStore, actor: Actor, path: Path, passphrase: bytes | None) -> MergeResult:
    """Merge a return package into the audit it came from (see the module's description)."""
    data = pk.read_package_bytes(Path(path))
    package = pk.open_package(data, passphrase)
    origin = _check_return(store, package)
    if store.merged_package(package.package_id) is not None:
        return MergeResult(package.made_by, origin["kind"], already_merged=True)
    by_record = _checked_answers(store, package, origin)
    force = origin["recipient"] if origin["kind"] == pr.REVIEW else store.settings().force
    authors = {str(a["by"]): force for a in package.answers}
    meta = {"package_id": package.package_id, "origin": package.origin, "kind": origin["kind"],
            "sender": package.made_by, "file_name": Path(path).name, "sha256": hashlib.sha256(data).hexdigest()}
    plan = store.merge_package(actor, meta, by_record, package.role, package.review_round, authors)
    return MergeResult(package.made_by, origin["kind"], sum(len(v) for v in plan.added.values()), len(plan.added),
                       plan.unchanged, list(plan.conflicts))


def _check_return(store: AuditStore, package: pk.Package) -> dict:
    """The sent package a return answers; refuses anything else."""
    if package.kind != pr.RETURN:
        raise PeerReviewRefused("This package was sent out for review and holds no answers: it is unpacked "
                                "('workbench unpack'), answered, then returned with --return before it is merged.")
    if store.copy_info() is not None:
        raise PeerReviewRefused("This audit is itself a working copy: merge returns into the home audit.")
    if package.audit_id != store.audit_id():
        title = package.audit.get("title", "another audit")
        raise PeerReviewRefused(f"This package belongs to another audit ('{title}'), not this one; nothing was merged.")
    origin = store.sent_package(package.origin)
    if origin is None or origin["kind"] not in pr.SENT_KINDS:
        raise PeerReviewRefused("This package answers a package this audit file has no record of sending "
                                "(was the audit restored from a backup?); nothing was merged.")
    if (package.role, package.review_round) != pr.WORKING_ANSWERS[origin["kind"]]:
        raise PeerReviewRefused("The package's answers are not in the role and round its copy gives; nothing was merged.")
    return origin


def _checked_answers(store: AuditStore, package: pk.Package, origin: dict) -> dict[str, list[dict]]:
    """The return's answers by record, every one checked against the audit (one sentence if wrong)."""
    import json

    sent = set(json.loads(origin["record_keys"]))
    digests = store.existing_record_digests(sorted(package.record_digests))
    for key, held in package.record_digests.items():
        if key not in sent or digests.get(key) != held:
            raise PeerReviewRefused(f"Record {key!r} in the package is not one this audit sent, or its content "
                                    "differs from the audit's; nothing was merged.")
    forms, record_forms = store.forms(), store.record_forms()
    by_record: dict[str, list[dict]] = defaultdict(list)
    for a in package.answers:
        key = a["record"]
        problem = "it was not sent" if key not in package.record_digests else answer_problem(
            forms[record_forms[key]], a["question"], a["instance"], a["value"])
        if problem:
            raise PeerReviewRefused(f"An answer to {key} ({a['question']}) in the package is not valid: {problem}; "
                                    "nothing was merged.")
        by_record[key].append({k: a[k] for k in ("question", "instance", "value", "note", "by", "at")})
    return dict(by_record)


# -- conflicts ------------------------------------------------------------------------------------
def conflicts(store: AuditStore) -> list[Conflict]:
    """The records whose merged answers wait for the lead to settle, in sample order."""
    return store.conflicts()


@changes_audit
def settle(store: AuditStore, actor: Actor, record_key: str, kept: str, package_id: str | None = None) -> Conflict:
    """Settle the conflict on ``record_key``: keep the audit's answers or take the package's.

    ``package_id`` (or its first characters) picks one when several packages conflict on the record.
    """
    if kept not in (pr.KEEP_AUDIT, pr.TAKE_PACKAGE):
        raise PeerReviewRefused("Settle a conflict by keeping the audit's answers ('audit') or taking the package's ('package').")
    found = [c for c in store.conflicts() if c.record_key == record_key and c.package_id.startswith(package_id or "")]
    if not found:
        raise PeerReviewRefused(f"There is no conflict to settle on {record_key}.")
    if len(found) > 1:
        raise PeerReviewRefused(f"Several packages conflict on {record_key}: name one with --package "
                                + ", ".join(c.package_id[:8] for c in found) + ".")
    store.settle_conflict(actor, found[0], kept)
    return found[0]

