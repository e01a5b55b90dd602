"""The FCR's signing keys: make a key pair, read the public half.

``workbench key new KEY --as NAME`` writes the private key to ``KEY`` (sealed
under a passphrase, readable by its owner only) and the public key with its
fingerprint to ``KEY.pub``, which the FCR hands to anyone who will check a
sign-off (issue 11 signs with it).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import WorkbenchError
from workbench.io import crypto
from workbench.io.files import write_atomically


@dataclass(frozen=True)
class NewKey:
    private_path: Path
    public_path: Path
    fingerprint: str


def public_path_of(path: Path) -> Path:
    """Where the public half of the key at ``path`` goes: ``KEY.pub``."""
    return Path(path).with_name(Path(path).name + ".pub")


def new_key(path: Path, name: str, passphrase: bytes) -> NewKey:
    """Make an Ed25519 key pair for ``name``: ``path`` (private, sealed) and ``path.pub``.

    Raises
    ------
    WorkbenchError
        No name, a passphrase too short, or either file already exists (nothing
        is overwritten: a lost key cannot be recovered).
    """
    if not name.strip():
        raise WorkbenchError("Say whose key this is with --as NAME: the name is shown beside every signature.")
    crypto.check_passphrase(passphrase, new=True)
    path, public = Path(path), public_path_of(path)
    for target in (path, public):
        if target.exists():
            raise WorkbenchError(f"{target} already exists; choose another name (nothing was written).")
    key = crypto.new_private_key()
    write_atomically(path, crypto.private_key_text(key, passphrase).encode("ascii"), private=True, overwrite=False)
    try:
        write_atomically(public, crypto.public_key_text(key.public_key(), name).encode("utf-8"), overwrite=False)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return NewKey(path, public, crypto.fingerprint(key.public_key()))


def read_public_key(path: Path) -> crypto.PublicKeyInfo:
    """The holder's name, key and fingerprint from a ``.pub`` file."""
    return crypto.load_public_key(Path(path))


def load_signing_key(path: Path, passphrase: bytes):
    """The private key at ``path``, opened with ``passphrase`` (``SealRefused`` if wrong or changed)."""
    return crypto.load_private_key(Path(path), passphrase)
