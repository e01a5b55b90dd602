"""Passphrase encryption of packages, and Ed25519 keys for the FCR (``cryptography``).

A sealed file is a small plain header followed by the encrypted body::

    magic (8 bytes "CDIPKG\\r\\n" or "CDIKEY\\r\\n") | format version (1 byte)
    | header length (2 bytes, big-endian) | header (canonical JSON) | body

The header names the KDF and the cipher with their parameters: scrypt's ``n``,
``r``, ``p`` and salt, and AES-256-GCM's nonce. The body is AES-256-GCM over the
plaintext with *everything before it* (magic, version, length, header) as
associated data, so a changed byte anywhere - header included - makes the tag fail
and the file is refused whole before anything is written. A wrong passphrase fails
the same way; the two cannot be told apart, so one sentence says both
(``WRONG_OR_CHANGED``).

The KDF parameters come from the file, so they are bounded before use: a hostile
header must not ask for gigabytes of memory or minutes of work (``check_scrypt``):
``n`` a power of two from 2^14 to 2^18, ``r`` 1-16, ``p`` 1-8, memory 128·n·r at
most 256 MiB, and work n·r·p at most 2^22 (four times the default's). The default,
n = 2^16, r = 8, p = 2 (64 MiB, about 0.6 s here), is one of OWASP's scrypt
settings.

Within a team, the lead may choose a plain (unencrypted) package: the same
layout with ``{"cipher": "none", "sha256": ...}`` as its header, which catches a
damaged file but protects nothing against someone who can read or change it.

Keys: an FCR's Ed25519 key pair. The private key is kept as its PKCS8 DER
sealed like a package (magic ``CDIKEY``) and armoured as text: ``cryptography``'s
``BestAvailableEncryption`` for PKCS8 uses PBKDF2 with 2,048 iterations, far
weaker against guessing than scrypt. The public key is a PEM file headed by the
holder's name and the key's fingerprint (SHA-256 of the raw 32-byte public key,
in groups of four hex digits), for others to compare by phone or on paper.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import WorkbenchError

PACKAGE_MAGIC = b"CDIPKG\r\n"
KEY_MAGIC = b"CDIKEY\r\n"
FORMAT_VERSION = 1
MAX_HEADER_BYTES = 4096
#: The largest sealed file read (a 1,000-record package is ~1 MB; 100,000 would be ~100 MB).
MAX_SEALED_BYTES = 512 * 1024 * 1024

DEFAULT_N, DEFAULT_R, DEFAULT_P = 2**16, 8, 2
MIN_LOG2_N, MAX_LOG2_N = 14, 18
MAX_R, MAX_P = 16, 8
MAX_SCRYPT_MEMORY = 256 * 1024 * 1024
MAX_SCRYPT_WORK = 2**22
SALT_BYTES, NONCE_BYTES, KEY_BYTES = 16, 12, 32
#: New passphrases (for packages and keys) are at least this long; reading accepts any non-empty one.
MIN_NEW_PASSPHRASE = 8

WRONG_OR_CHANGED = "The passphrase is wrong, or the package was changed after it was made."
WRONG_KEY_PASSPHRASE = "The passphrase is wrong, or the key file was changed after it was made."


class SealRefused(WorkbenchError):
    """A sealed file that cannot be opened: wrong passphrase, changed, damaged or not ours."""


class PassphraseRefused(WorkbenchError):
    """A passphrase that cannot be used (empty, too short, unreadable)."""


# -- passphrases ----------------------------------------------------------------------------------
MAX_PASSPHRASE_FILE = 4096
def read_passphrase_file(source: str | Path, new: bool = False) -> bytes:
    """The passphrase held in a file (``-``: standard input), without its final line break.

    Passphrases never come on the command line, where other users of the machine
    can read them (``ps``) and the shell keeps them in its history.

    Parameters
    ----------
    source
        The file, or ``-`` for standard input.
    new
        True when the passphrase will protect something new: it must then be at
        least ``MIN_NEW_PASSPHRASE`` characters.

    Raises
    ------
    PassphraseRefused
        The file cannot be read, or the passphrase is empty (or too short for a new one).
    """
    try:
        if str(source) == "-":
            raw = sys.stdin.buffer.read(MAX_PASSPHRASE_FILE + 1)
        else:
            if Path(source).exists() and not Path(source).is_file():   # a device or a FIFO could never end, or never come
                raise PassphraseRefused(f"The passphrase file {source} is not an ordinary file.")
            with Path(source).open("rb") as fh:
                raw = fh.read(MAX_PASSPHRASE_FILE + 1)
    except OSError as exc:
        raise PassphraseRefused(f"The passphrase file {source} cannot be read ({exc.strerror or exc}).") from None
    if len(raw) > MAX_PASSPHRASE_FILE:
        raise PassphraseRefused(f"The passphrase file {source} is too long to hold a passphrase "
                                f"(at most {MAX_PASSPHRASE_FILE:,} bytes).")
    if raw.endswith(b"\r\n"):
        raw = raw[:-2]
    elif raw.endswith(b"\n"):
        raw = raw[:-1]
    return check_passphrase(raw, new)


def check_passphrase(passphrase: bytes | str, new: bool = False) -> bytes:
    """``passphrase`` as UTF-8 bytes, refused when empty (or, for a ``new`` one, too short)."""
    data = passphrase.encode("utf-8") if isinstance(passphrase, str) else bytes(passphrase)
    if not data.strip():
        raise PassphraseRefused("The passphrase is empty: give one (in a file, or '-' to read it from standard input).")
    if new and len(data.decode("utf-8", errors="replace")) < MIN_NEW_PASSPHRASE:
        raise PassphraseRefused(
            f"The passphrase is too short: use at least {MIN_NEW_PASSPHRASE} characters "
            "(four random words are better than a clever password)."
        )
    return data


# -- scrypt parameters ------------------------------------------------------------------------
@dataclass(frozen=True)
class ScryptParams:
    n: int = DEFAULT_N
    r: int = DEFAULT_R
    p: int = DEFAULT_P


#: The parameters new files are sealed with (tests lower them to the cheapest the bounds allow).
DEFAULT_PARAMS = ScryptParams()


def check_scrypt(params: ScryptParams) -> None:
    """Refuse scrypt parameters outside the documented bounds (``SealRefused``).

    A header is read from a file that may be hostile: without these bounds it
    could ask for gigabytes of memory (128·n·r bytes) or hours of work (n·r·p).
    """
    n, r, p = params.n, params.r, params.p
    if not all(type(v) is int for v in (n, r, p)):
        raise SealRefused("The package header is damaged (its key-derivation settings are not whole numbers).")
    if n < 2 or n & (n - 1) or not MIN_LOG2_N <= n.bit_length() - 1 <= MAX_LOG2_N:
        raise SealRefused(f"The package asks for a key-derivation cost (n = {n}) that the workbench never uses: "
                          "it was changed, or made by another program.")
    if not (1 <= r <= MAX_R and 1 <= p <= MAX_P) or 128 * n * r > MAX_SCRYPT_MEMORY or n * r * p > MAX_SCRYPT_WORK:
        raise SealRefused("The package asks for more memory or work to open than the workbench allows "
                          f"(n = {n}, r = {r}, p = {p}): it was changed, or made by another program.")


def derive_key(passphrase: bytes, salt: bytes, params: ScryptParams) -> bytes:
    """The 256-bit key scrypt derives from ``passphrase`` (parameters checked first)."""
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    check_scrypt(params)
    return Scrypt(salt=salt, length=KEY_BYTES, n=params.n, r=params.r, p=params.p).derive(passphrase)


# -- sealing ------------------------------------------------------------------------------------
def seal(plaintext: bytes, passphrase: bytes | None, magic: bytes = PACKAGE_MAGIC,
         params: ScryptParams | None = None) -> bytes:
    """``plaintext`` encrypted under ``passphrase`` (None: a plain, unencrypted container).

    ``params`` None uses ``DEFAULT_PARAMS``.
    """
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    params = params or DEFAULT_PARAMS
    if passphrase is None:
        return _prefix(magic, {"cipher": "none", "sha256": hashlib.sha256(plaintext).hexdigest()}) + plaintext
    salt, nonce = os.urandom(SALT_BYTES), os.urandom(NONCE_BYTES)
    header = {"kdf": "scrypt", "n": params.n, "r": params.r, "p": params.p, "salt": _b64(salt),
              "cipher": "AES-256-GCM", "nonce": _b64(nonce)}
    prefix = _prefix(magic, header)
    key = derive_key(check_passphrase(passphrase), salt, params)
    return prefix + AESGCM(key).encrypt(nonce, plaintext, prefix)


@dataclass(frozen=True)
class SealedHeader:
    """What a sealed file says of itself in clear: its header, and where the body starts."""

    header: dict
    body_at: int

    @property
    def encrypted(self) -> bool:
        return self.header.get("cipher") != "none"


def read_header(data: bytes, magic: bytes = PACKAGE_MAGIC, what: str = "package") -> SealedHeader:
    """Parse a sealed file's plain header (``SealRefused`` if it is not one, or damaged)."""
    if len(data) > MAX_SEALED_BYTES:
        raise SealRefused(f"The file is larger than any workbench {what} ({MAX_SEALED_BYTES // 2**20} MiB at most).")
    if not data.startswith(magic):
        raise SealRefused(f"This is not a workbench {what} (or its first bytes were changed).")
    at = len(magic)
    if len(data) < at + 3 or data[at] != FORMAT_VERSION:
        raise SealRefused(f"This workbench {what} has a format this version cannot read, or it was changed.")
    length = int.from_bytes(data[at + 1 : at + 3], "big")
    start = at + 3
    if not 2 <= length <= MAX_HEADER_BYTES or len(data) < start + length:
        raise SealRefused(f"The {what}'s header is damaged: it was changed after it was made.")
    try:
        header = json.loads(data[start : start + length].decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        header = None
    if not isinstance(header, dict) or header.get("cipher") not in ("none", "AES-256-GCM"):
        raise SealRefused(f"The {what}'s header is damaged: it was changed after it was made.")
    return SealedHeader(header, start + length)


def unseal(data: bytes, passphrase: bytes | None, magic: bytes = PACKAGE_MAGIC, what: str = "package") -> bytes:
    """The plaintext of a sealed file; ``SealRefused`` with one sentence if it cannot be trusted.

    A plain container needs no passphrase (one given is ignored); an encrypted one
    refuses a missing passphrase.
    """
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    sealed = read_header(data, magic, what)
    body, header = data[sealed.body_at :], sealed.header
    changed = WRONG_OR_CHANGED if what == "package" else WRONG_KEY_PASSPHRASE
    if not sealed.encrypted:
        if header.get("sha256") != hashlib.sha256(body).hexdigest():
            raise SealRefused(f"The {what} was changed or damaged after it was made (it is not encrypted, "
                              "and its content no longer matches its checksum).")
        return body
    if passphrase is None:
        raise SealRefused(f"The {what} is encrypted: give its passphrase.")
    try:
        params = ScryptParams(header["n"], header["r"], header["p"])
        salt, nonce = _unb64(header["salt"]), _unb64(header["nonce"])
    except (KeyError, TypeError, ValueError, binascii.Error):
        raise SealRefused(f"The {what}'s header is damaged: it was changed after it was made.") from None
    if header.get("kdf") != "scrypt" or len(salt) != SALT_BYTES or len(nonce) != NONCE_BYTES:
        raise SealRefused(f"The {what}'s header is damaged: it was changed after it was made.")
    key = derive_key(check_passphrase(passphrase), salt, params)
    try:
        return AESGCM(key).decrypt(nonce, body, data[: sealed.body_at])
    except InvalidTag:
        raise SealRefused(changed) from None


def _prefix(magic: bytes, header: dict) -> bytes:
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    return magic + bytes([FORMAT_VERSION]) + len(text).to_bytes(2, "big") + text


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)


# -- Ed25519 keys --------------------------------------------------------------------------------
PRIVATE_ARMOUR = "CDI WORKBENCH ENCRYPTED PRIVATE KEY"
PUBLIC_TITLE = "CDI workbench signing key (Ed25519)"
MAX_KEY_FILE_BYTES = 64 * 1024


@dataclass(frozen=True)
class PublicKeyInfo:
    """A public key as its ``.pub`` file gives it: the holder's name, the key, its fingerprint."""

    name: str
    key: object   # Ed25519PublicKey
    fingerprint: str


def new_private_key():
    """A fresh Ed25519 private key."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return Ed25519PrivateKey.generate()


def raw_public_bytes(public_key) -> bytes:
    from cryptography.hazmat.primitives import serialization as s

    return public_key.public_bytes(s.Encoding.Raw, s.PublicFormat.Raw)


def fingerprint(public_key) -> str:
    """SHA-256 of the raw public key, as 16 groups of four hex digits."""
    hexed = hashlib.sha256(raw_public_bytes(public_key)).hexdigest()
    return " ".join(hexed[i : i + 4] for i in range(0, len(hexed), 4))


def private_key_text(private_key, passphrase: bytes) -> str:
    """The private key sealed under ``passphrase`` (scrypt + AES-256-GCM), armoured as text."""
    from cryptography.hazmat.primitives import serialization as s

    der = private_key.private_bytes(s.Encoding.DER, s.PrivateFormat.PKCS8, s.NoEncryption())
    body = base64.encodebytes(seal(der, check_passphrase(passphrase, new=True), KEY_MAGIC)).decode("ascii")
    return f"-----BEGIN {PRIVATE_ARMOUR}-----\n{body}-----END {PRIVATE_ARMOUR}-----\n"


def public_key_text(public_key, name: str) -> str:
    """The ``.pub`` file: a title, the holder's name, the fingerprint, then the PEM key."""
    from cryptography.hazmat.primitives import serialization as s

    pem = public_key.public_bytes(s.Encoding.PEM, s.PublicFormat.SubjectPublicKeyInfo).decode("ascii")
    one_line = " ".join(name.split())
    return f"{PUBLIC_TITLE}\nname: {one_line}\nfingerprint: {fingerprint(public_key)}\n{pem}"


def load_private_key(path: Path, passphrase: bytes):
    """The Ed25519 private key in ``path``; ``SealRefused`` for a wrong passphrase or a changed file."""
    from cryptography.hazmat.primitives import serialization as s
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    text = _read_key_file(path)
    begin, end = f"-----BEGIN {PRIVATE_ARMOUR}-----", f"-----END {PRIVATE_ARMOUR}-----"
    if begin not in text or end not in text:
        raise SealRefused(f"{path} is not a workbench private key.")
    try:
        sealed = base64.b64decode(text.split(begin, 1)[1].split(end, 1)[0].encode("ascii"))
    except (binascii.Error, ValueError):
        raise SealRefused(f"{path} is damaged: it was changed after it was made.") from None
    der = unseal(sealed, passphrase, KEY_MAGIC, what="key file")
    key = s.load_der_private_key(der, password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise SealRefused(f"{path} does not hold an Ed25519 key.")
    return key


def load_public_key(path: Path) -> PublicKeyInfo:
    """The public key in a ``.pub`` file (``SealRefused`` if it is not one, or its fingerprint line lies)."""
    from cryptography.hazmat.primitives import serialization as s
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    text = _read_key_file(path)
    lines = {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in text.splitlines()[:4]) if _}
    start = text.find("-----BEGIN PUBLIC KEY-----")
    try:
        key = s.load_pem_public_key(text[start:].encode("ascii")) if start >= 0 else None
    except (ValueError, UnicodeEncodeError):
        key = None
    if not isinstance(key, Ed25519PublicKey):
        raise SealRefused(f"{path} is not a workbench public key (an Ed25519 PEM key was expected).")
    if lines.get("fingerprint") and lines["fingerprint"] != fingerprint(key):
        raise SealRefused(f"{path} was changed: the fingerprint it shows is not its key's.")
    return PublicKeyInfo(lines.get("name", ""), key, fingerprint(key))


def sign(private_key, data: bytes) -> bytes:
    """An Ed25519 signature of ``data`` (64 bytes)."""
    return private_key.sign(data)


def signature_valid(public_key, data: bytes, signature: bytes) -> bool:
    """Whether ``signature`` is ``public_key``'s signature of exactly ``data``."""
    from cryptography.exceptions import InvalidSignature

    try:
        public_key.verify(signature, data)
    except InvalidSignature:
        return False
    return True


def _read_key_file(path: Path) -> str:
    try:
        if Path(path).exists() and not Path(path).is_file():   # a device or a FIFO could never end, or never come
            raise SealRefused(f"{path} is not an ordinary file, so it cannot be a key file.")
        with Path(path).open("rb") as fh:
            data = fh.read(MAX_KEY_FILE_BYTES + 1)
    except OSError as exc:
        raise SealRefused(f"{path} cannot be read ({exc.strerror or exc}).") from None
    if len(data) > MAX_KEY_FILE_BYTES:
        raise SealRefused(f"{path} is too large to be a key file.")
    return data.decode("utf-8", errors="replace")
