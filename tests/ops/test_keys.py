"""``workbench key new``: an FCR's key pair, the private half passphrase-protected."""

from __future__ import annotations

import stat

import pytest

from workbench.core.errors import WorkbenchError
from workbench.io import crypto
from workbench.ops import keys

PASS = b"a long enough passphrase"


def test_a_new_key_writes_the_private_key_for_its_owner_only_and_the_public_key_beside_it(tmp_path):
    made = keys.new_key(tmp_path / "fcr.key", "A. Registrar", PASS)
    assert made.public_path == tmp_path / "fcr.key.pub"
    assert stat.S_IMODE(made.private_path.stat().st_mode) == 0o600
    info = keys.read_public_key(made.public_path)
    assert info.name == "A. Registrar" and info.fingerprint == made.fingerprint
    private = keys.load_signing_key(made.private_path, PASS)
    assert crypto.signature_valid(info.key, b"manifest", crypto.sign(private, b"manifest"))


def test_the_private_key_file_holds_no_key_material_in_clear(tmp_path):
    made = keys.new_key(tmp_path / "fcr.key", "A. Registrar", PASS)
    assert "PRIVATE KEY" in made.private_path.read_text() and "BEGIN PRIVATE KEY" not in made.private_path.read_text()


def test_an_existing_key_is_never_overwritten(tmp_path):
    keys.new_key(tmp_path / "fcr.key", "A. Registrar", PASS)
    before = (tmp_path / "fcr.key").read_bytes()
    with pytest.raises(WorkbenchError, match="already exists"):
        keys.new_key(tmp_path / "fcr.key", "A. Registrar", PASS)
    assert (tmp_path / "fcr.key").read_bytes() == before


def test_a_key_needs_a_name_and_a_long_enough_passphrase(tmp_path):
    with pytest.raises(WorkbenchError, match="whose key"):
        keys.new_key(tmp_path / "k", " ", PASS)
    with pytest.raises(crypto.PassphraseRefused):
        keys.new_key(tmp_path / "k", "A. Registrar", b"short")
    assert list(tmp_path.iterdir()) == []
