"""The package file: its content as JSON, compressed, sealed (``io.crypto``), checked on reading.

A package's content is one JSON object::

    {"format": "cdi-workbench package", "version": 1, "kind": "review" | "team" | "return",
     "package_id": hex, "audit_id": the home audit's identity, "audit": {title, force, period, ...},
     "made_by": name, "made_at": time, "recipient": organisation or person,
     "forms": [frozen checklists], "records": [{key, form_id, form_version, fields}],
     "role": ..., "round": ..., "answers": [{record, question, instance, value, note, by, at}],
     "origin": the package a return answers, "record_digests": {key: digest}}

A review or team package holds records and checklists and *no answers*; a return
holds the copy's answers and each record's content digest (not the records
again). Nothing says why a record was chosen: a peer must not learn which ones
the audit team found non-compliant.

Even a package that decrypts is read as hostile (whoever holds the passphrase
could have made it): sizes are bounded, every field is type-checked, and a
problem is one sentence before anything is written.
"""

from __future__ import annotations

import json
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.core.peer_review import RETURN, REVIEW, SENT_KINDS, TEAM
from workbench.io import crypto
from workbench.io.files import write_atomically

FORMAT = "cdi-workbench package"
VERSION = 1
SUFFIX = ".cdipkg"
#: Bounds on what a package may hold (a 100,000-record sample fits well inside them).
MAX_CONTENT_BYTES = 1024 * 1024 * 1024
MAX_RECORDS = 200_000
MAX_ANSWERS = 5_000_000
MAX_FORMS = 200
MAX_TEXT = 1_000_000
_HEX = re.compile(r"[0-9a-f]{32,64}")


class PackageRefused(WorkbenchError):
    """A package whose content is not what the workbench writes; the message says what."""


@dataclass
class Package:
    """A package's content (see the module's description)."""

    kind: str
    package_id: str
    audit_id: str
    audit: dict
    made_by: str
    made_at: str
    recipient: str
    forms: list[dict] = field(default_factory=list)
    records: list[dict] = field(default_factory=list)
    role: str = ""
    review_round: int = 0
    answers: list[dict] = field(default_factory=list)
    origin: str = ""
    record_digests: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"format": FORMAT, "version": VERSION, "kind": self.kind, "package_id": self.package_id,
                "audit_id": self.audit_id, "audit": self.audit, "made_by": self.made_by, "made_at": self.made_at,
                "recipient": self.recipient, "forms": self.forms, "records": self.records, "role": self.role,
                "round": self.review_round, "answers": self.answers, "origin": self.origin,
                "record_digests": self.record_digests}


def package_bytes(package: Package, passphrase: bytes | None) -> bytes:
    """The sealed file's bytes (``passphrase`` None: a plain team package)."""
    content = json.dumps(package.to_dict(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return crypto.seal(zlib.compress(content, 6), passphrase)


def write_package(path: Path, data: bytes) -> None:
    """Write a package's bytes whole or not at all."""
    write_atomically(Path(path), data)


def read_package_bytes(path: Path) -> bytes:
    """A package file's bytes (``PackageRefused`` if it cannot be read or is far too large)."""
    path = Path(path)
    try:
        if path.stat().st_size > crypto.MAX_SEALED_BYTES:
            raise PackageRefused(f"{path.name} is larger than any workbench package.")
        return path.read_bytes()
    except OSError as exc:
        raise PackageRefused(f"{path} cannot be read ({exc.strerror or exc}).") from None


def read_package_head(path: Path) -> bytes:
    """The first bytes of a package file: enough for its plain header (``is_encrypted``)."""
    try:
        with Path(path).open("rb") as fh:
            return fh.read(len(crypto.PACKAGE_MAGIC) + 3 + crypto.MAX_HEADER_BYTES)
    except OSError as exc:
        raise PackageRefused(f"{path} cannot be read ({exc.strerror or exc}).") from None


def is_encrypted(data: bytes) -> bool:
    """Whether a package's bytes need a passphrase (``SealRefused`` if it is not a package)."""
    return crypto.read_header(data).encrypted


def open_package(data: bytes, passphrase: bytes | None) -> Package:
    """A package's checked content; ``SealRefused`` or ``PackageRefused`` with one sentence."""
    compressed = crypto.unseal(data, passphrase)
    inflater = zlib.decompressobj()
    try:
        content = inflater.decompress(compressed, MAX_CONTENT_BYTES)
    except zlib.error:
        raise PackageRefused("The package's content is damaged (it cannot be decompressed).") from None
    if inflater.unconsumed_tail or not inflater.eof:
        raise PackageRefused("The package's content is larger than the workbench allows, or cut short.")
    try:
        raw = json.loads(content.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PackageRefused("The package's content is not what the workbench writes (it is not JSON).") from None
    return _checked(raw)


def _checked(raw: object) -> Package:
    """A ``Package`` from decoded JSON, every field checked."""
    if not isinstance(raw, dict) or raw.get("format") != FORMAT:
        raise PackageRefused("The package's content is not what the workbench writes.")
    if raw.get("version") != VERSION:
        raise PackageRefused(f"The package was made by a newer workbench (content version {raw.get('version')!r}); "
                             "update the workbench to open it.")
    kind = raw.get("kind")
    if kind not in (*SENT_KINDS, RETURN):
        raise PackageRefused(f"The package is of an unknown kind ({kind!r}).")
    for name in ("package_id", "audit_id", "origin"):
        value = raw.get(name)
        if not isinstance(value, str) or (value and not _HEX.fullmatch(value)) or (not value and name != "origin"):
            raise PackageRefused(f"The package's {name.replace('_', ' ')} is missing or malformed.")
    for name in ("made_by", "made_at", "recipient"):
        _text(raw.get(name), name)
    audit = raw.get("audit")
    if not isinstance(audit, dict) or not all(isinstance(v, (str, int)) for v in audit.values()):
        raise PackageRefused("The package's description of its audit is malformed.")
    forms, records, answers = raw.get("forms"), raw.get("records"), raw.get("answers")
    if not (isinstance(forms, list) and isinstance(records, list) and isinstance(answers, list)):
        raise PackageRefused("The package's checklists, records or answers are malformed.")
    if len(forms) > MAX_FORMS or len(records) > MAX_RECORDS or len(answers) > MAX_ANSWERS:
        raise PackageRefused("The package holds more than the workbench allows.")
    if not all(isinstance(f, dict) for f in forms):
        raise PackageRefused("A checklist in the package is malformed.")
    for record in records:
        _check_record(record)
    for answer in answers:
        _check_answer(answer)
    digests = raw.get("record_digests")
    if not isinstance(digests, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in digests.items()):
        raise PackageRefused("The package's record digests are malformed.")
    role, rnd = raw.get("role"), raw.get("round")
    if not isinstance(role, str) or type(rnd) is not int or not 0 <= rnd <= 9:
        raise PackageRefused("The package's role or review round is malformed.")
    if kind in (REVIEW, TEAM) and answers:
        raise PackageRefused("A package sent for review holds answers: it was not made by the workbench.")
    return Package(kind, raw["package_id"], raw["audit_id"], audit, raw["made_by"], raw["made_at"], raw["recipient"],
                   forms, records, role, rnd, answers, raw["origin"], digests)


def _text(value: object, what: str, empty: bool = True) -> str:
    if not isinstance(value, str) or len(value) > MAX_TEXT or (not empty and not value):
        raise PackageRefused(f"The package's {what.replace('_', ' ')} is missing or malformed.")
    return value


def _check_record(record: object) -> None:
    if not isinstance(record, dict):
        raise PackageRefused("A record in the package is malformed.")
    for name in ("key", "form_id", "form_version"):
        _text(record.get(name), f"record {name}", empty=False)
    fields = record.get("fields")
    if not isinstance(fields, dict) or not all(isinstance(k, str) and isinstance(v, str) and len(v) <= MAX_TEXT
                                               for k, v in fields.items()):
        raise PackageRefused(f"The fields of record {record['key']!r} in the package are malformed.")


def _check_answer(answer: object) -> None:
    if not isinstance(answer, dict):
        raise PackageRefused("An answer in the package is malformed.")
    for name in ("record", "question", "value", "by", "at"):
        _text(answer.get(name), f"answer's {name}", empty=name != "record")
    _text(answer.get("note"), "answer's note")
    instance = answer.get("instance")
    if instance is not None and (type(instance) is not int or not 1 <= instance <= 1000):
        raise PackageRefused("An answer's repeat instance in the package is malformed.")
