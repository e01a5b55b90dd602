"""Sealing with a passphrase (scrypt + AES-256-GCM) and Ed25519 keys."""

from __future__ import annotations


import pytest

from workbench.io import crypto
from workbench.io.crypto import PACKAGE_MAGIC, WRONG_OR_CHANGED, ScryptParams, SealRefused

PASS = b"correct horse battery staple"
#: The cheapest parameters the bounds allow, so the tests run fast.
CHEAP = ScryptParams(n=2**14, r=8, p=1)


def sealed(plaintext: bytes = b"the records of the package", passphrase: bytes | None = PASS) -> bytes:
    return crypto.seal(plaintext, passphrase, params=CHEAP)


def with_header(data: bytes, **changes) -> bytes:
    """``data`` re-framed with its header's fields changed (a hand-made hostile header)."""
    head = crypto.read_header(data)
    header = {**head.header, **changes}
    return crypto._prefix(PACKAGE_MAGIC, header) + data[head.body_at :]


def test_a_sealed_package_opens_with_its_passphrase():
    assert crypto.unseal(sealed(), PASS) == b"the records of the package"


def test_the_header_names_the_kdf_and_cipher_in_clear_and_nothing_of_the_content():
    data = sealed(b"INC-0001 a secret narrative")
    header = crypto.read_header(data).header
    assert header["kdf"] == "scrypt" and header["cipher"] == "AES-256-GCM"
    assert (header["n"], header["r"], header["p"]) == (2**14, 8, 1)
    assert b"INC-0001" not in data and b"narrative" not in data


def test_two_seals_of_the_same_content_differ():
    assert sealed() != sealed()


def test_a_wrong_passphrase_is_refused_with_one_sentence():
    with pytest.raises(SealRefused, match="^The passphrase is wrong, or the package was changed after it was made.$"):
        crypto.unseal(sealed(), b"not the passphrase")


@pytest.mark.parametrize("where", ["header", "body", "tag"])
def test_a_changed_byte_after_the_magic_is_refused_as_changed(where):
    data = bytearray(sealed())
    offset = {"header": crypto.read_header(bytes(data)).body_at - 3, "body": len(data) - 30, "tag": len(data) - 1}[where]
    data[offset] ^= 0x01
    with pytest.raises(SealRefused, match="changed"):
        crypto.unseal(bytes(data), PASS)


def test_a_header_field_rewritten_in_valid_json_still_fails_the_tag():
    data = with_header(sealed(), p=2)
    with pytest.raises(SealRefused, match=f"^{WRONG_OR_CHANGED}$"):
        crypto.unseal(data, PASS)


@pytest.mark.parametrize("n, r, p", [(2**30, 8, 1), (2**19, 8, 1), (2**18, 16, 1), (2**17, 8, 8), (3 * 2**14, 8, 1),
                                     (2**10, 8, 1), (2**16, 0, 1), (2**16, 8, 0)])
def test_a_hostile_header_asking_for_huge_memory_or_work_is_refused_before_deriving(n, r, p):
    with pytest.raises(SealRefused, match="workbench"):
        crypto.unseal(with_header(sealed(), n=n, r=r, p=p), PASS)


def test_the_default_parameters_are_within_the_bounds():
    crypto.check_scrypt(ScryptParams())


def test_a_file_that_is_not_a_package_is_named_so():
    with pytest.raises(SealRefused, match="not a workbench package"):
        crypto.unseal(b"PK\x03\x04 a zip file", PASS)


def test_a_plain_container_opens_without_a_passphrase_and_catches_damage():
    data = sealed(b"team work", passphrase=None)
    assert not crypto.read_header(data).encrypted
    assert crypto.unseal(data, None) == b"team work"
    damaged = data[:-1] + bytes([data[-1] ^ 1])
    with pytest.raises(SealRefused, match="changed or damaged"):
        crypto.unseal(damaged, None)


def test_an_encrypted_package_needs_a_passphrase():
    with pytest.raises(SealRefused, match="give its passphrase"):
        crypto.unseal(sealed(), None)


@pytest.mark.parametrize("content", [b"", b"\n", b"   \r\n"])
def test_an_empty_passphrase_file_is_refused(tmp_path, content):
    path = tmp_path / "pass.txt"
    path.write_bytes(content)
    with pytest.raises(crypto.PassphraseRefused, match="empty"):
        crypto.read_passphrase_file(path)


def test_a_passphrase_file_loses_only_its_final_line_break(tmp_path):
    path = tmp_path / "pass.txt"
    path.write_bytes(b"two words \n")
    assert crypto.read_passphrase_file(path) == b"two words "


def test_a_new_passphrase_must_be_long_enough():
    with pytest.raises(crypto.PassphraseRefused, match="at least 8"):
        crypto.check_passphrase(b"short", new=True)


def test_a_missing_passphrase_file_is_named(tmp_path):
    with pytest.raises(crypto.PassphraseRefused, match="cannot be read"):
        crypto.read_passphrase_file(tmp_path / "nowhere.txt")


# -- keys -----------------------------------------------------------------------------------------
def test_a_signature_verifies_with_the_public_key_and_not_after_a_change():
    key = crypto.new_private_key()
    signature = crypto.sign(key, b"manifest")
    assert crypto.signature_valid(key.public_key(), b"manifest", signature)
    assert not crypto.signature_valid(key.public_key(), b"manifesT", signature)
    assert not crypto.signature_valid(crypto.new_private_key().public_key(), b"manifest", signature)


def test_the_fingerprint_is_sha256_of_the_raw_key_in_groups_of_four():
    import hashlib

    key = crypto.new_private_key().public_key()
    groups = crypto.fingerprint(key).split(" ")
    assert len(groups) == 16 and all(len(g) == 4 for g in groups)
    assert "".join(groups) == hashlib.sha256(crypto.raw_public_bytes(key)).hexdigest()


def test_a_private_key_file_opens_only_with_its_passphrase(tmp_path):
    key = crypto.new_private_key()
    path = tmp_path / "fcr.key"
    path.write_text(crypto.private_key_text(key, PASS))
    opened = crypto.load_private_key(path, PASS)
    assert crypto.raw_public_bytes(opened.public_key()) == crypto.raw_public_bytes(key.public_key())
    with pytest.raises(SealRefused, match="passphrase is wrong, or the key file was changed"):
        crypto.load_private_key(path, b"wrong passphrase")


def test_a_public_key_file_whose_fingerprint_line_was_edited_is_refused(tmp_path):
    key = crypto.new_private_key().public_key()
    path = tmp_path / "fcr.key.pub"
    text = crypto.public_key_text(key, "A. Registrar")
    path.write_text(text.replace("fingerprint: ", "fingerprint: 0000 "))
    with pytest.raises(SealRefused, match="fingerprint"):
        crypto.load_public_key(path)
    path.write_text(text)
    info = crypto.load_public_key(path)
    assert (info.name, info.fingerprint) == ("A. Registrar", crypto.fingerprint(key))


def test_a_passphrase_file_that_is_a_device_is_refused_at_once(tmp_path):
    link = tmp_path / "passphrase.txt"
    link.symlink_to("/dev/zero")
    with pytest.raises(crypto.PassphraseRefused, match="not an ordinary file"):
        crypto.read_passphrase_file(link)


def test_an_overlong_passphrase_file_is_refused(tmp_path):
    path = tmp_path / "passphrase.txt"
    path.write_bytes(b"x" * 10_000)
    with pytest.raises(crypto.PassphraseRefused, match="too long"):
        crypto.read_passphrase_file(path)
