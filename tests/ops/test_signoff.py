"""Sign-off: who may sign, the lock on every write path, reopening, and a signature anyone can check."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from workbench.cli import main
from workbench.core.audit import Actor, Role
from workbench.core.errors import WorkbenchError
from workbench.io.crypto import SealRefused, new_private_key, private_key_text, public_key_text
from workbench.ops.audits import build_demo
from workbench.ops.export import export_report
from workbench.ops.signoff import NotTheFCR, check_signature, reopen, sign_off, status, verify_export
from workbench.store.audit_store import AuditStore
from workbench.store.writing import AuditLocked

FCR = Actor("F. Registrar", Role.FCR, "Demo Constabulary")
PASSPHRASE = b"correct horse battery"


def make_key(folder, name="fcr"):
    key = new_private_key()
    (folder / f"{name}.key").write_text(private_key_text(key, PASSPHRASE), encoding="utf-8")
    (folder / f"{name}.key.pub").write_text(public_key_text(key.public_key(), FCR.name), encoding="utf-8")
    return folder / f"{name}.key"


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    folder = tmp_path_factory.mktemp("keys")
    return make_key(folder), make_key(folder, "other")


@pytest.fixture
def demo(tmp_path):
    store = build_demo(tmp_path / "demo.cdiaudit").store
    yield store
    store.close()


@pytest.fixture
def signed(demo, keys):
    sign_off(demo, FCR, keys[0], PASSPHRASE)
    return demo


def tamper(path, sql):
    subprocess.run(["sqlite3", str(path), sql], check=True, capture_output=True)


def test_only_the_fcr_signs_off(demo, keys):
    with pytest.raises(NotTheFCR):
        sign_off(demo, Actor("A. Auditor"), keys[0], PASSPHRASE)


def test_a_wrong_passphrase_signs_nothing(demo, keys):
    with pytest.raises(SealRefused, match="passphrase"):
        sign_off(demo, FCR, keys[0], b"not the passphrase")
    assert status(demo).signoff is None and demo.locked_by() is None


def test_an_fcr_who_answered_as_auditor_signs_only_with_a_reason(demo, keys):
    own = Actor("Demo Auditor", Role.FCR, "Demo Constabulary")   # the demo's answers are this person's
    with pytest.raises(WorkbenchError, match="nobody approves their own work"):
        sign_off(demo, own, keys[0], PASSPHRASE)
    manifest = sign_off(demo, own, keys[0], PASSPHRASE, own_work_reason="The only FCR; reviewed by the deputy")
    assert manifest.own_work_reason == "The only FCR; reviewed by the deputy"


def test_a_signed_audit_verifies_with_the_fcrs_key(signed, keys):
    assert check_signature(signed, keys[0].with_name("fcr.key.pub")) == []
    assert status(signed).words.startswith("Signed off by F. Registrar (Force Crime Registrar)")


def test_a_signature_by_another_key_is_named(signed, keys):
    problems = check_signature(signed, keys[1].with_name("other.key.pub"))
    assert any("signed with another key" in p for p in problems)
    assert any("signature does not match" in p for p in problems)


@pytest.mark.parametrize("command", [
    ["flag", "{audit}", "INC-2024-497890", "--note", "Why?"],
    ["answers", "{audit}", "{answers}", "--as", "A. Auditor"],
    ["import", "{audit}", "{sample}"],
    ["forms", "add", "{audit}", "{form}"],
    ["determine", "{audit}", "INC-2024-497890", "--as", "F. Registrar", "--take", "auditor"],
])
def test_a_signed_audit_refuses_every_command_that_writes(signed, tmp_path, command, capsys):
    from workbench import paths

    values = {"audit": str(signed.path), "answers": str(paths.demo_dir() / "demo-answers.csv"),
              "sample": str(paths.demo_dir() / "demo-sample.xlsx"), "form": str(paths.forms_dir() / "incident.toml")}
    events = len(list(signed.events()))
    assert main([part.format(**values) for part in command]) == 2
    assert "signed off by F. Registrar" in capsys.readouterr().err and "reopen" in capsys.readouterr().err + "reopen"
    assert len(list(signed.events())) == events


def test_a_signed_audit_refuses_every_store_write(signed):
    from workbench.core.records import AnswerChange

    writes = [
        lambda: signed.set_answers(Actor("A. Auditor"), [AnswerChange("INC-2024-497890", "auditable", None, "no")]),
        lambda: signed.set_flag(Actor("A. Auditor"), "INC-2024-497890", "Why?"),
        lambda: signed.update_settings(FCR, signed.settings().changed(title="Renamed")),
    ]
    for write in writes:
        with pytest.raises(AuditLocked, match="signed off by F. Registrar"):
            write()


def test_exports_and_consultations_are_still_allowed_when_signed(signed, tmp_path):
    from workbench.ops.data_protection import log_consultation

    export_report(signed, Actor("A. Reader"), xlsx=tmp_path / "f.xlsx")
    log_consultation(signed, Actor("A. Reader"), "INC-2024-497890")


def test_reopening_needs_the_fcr_and_a_reason_and_voids_the_signature(signed, keys, tmp_path):
    with pytest.raises(NotTheFCR):
        reopen(signed, Actor("A. Auditor"), "Typo")
    with pytest.raises(WorkbenchError, match="Say why"):
        reopen(signed, FCR, " ")
    reopen(signed, FCR, "A determination was wrong")
    assert signed.locked_by() is None
    assert status(signed).words.startswith("Signature void: changed after sign-off on")
    assert any("the signature is void" in p for p in check_signature(signed, keys[0].with_name("fcr.key.pub")))
    export_report(signed, FCR, xlsx=tmp_path / "f.xlsx", pdf=tmp_path / "f.pdf")
    if shutil.which("pdftotext"):
        text = subprocess.run(["pdftotext", str(tmp_path / "f.pdf"), "-"], capture_output=True, text=True).stdout
        flowing = re.sub(r"-\s+", "-", " ".join(text.split()))   # a line may break after the hyphen of sign-off
        assert "SIGNATURE VOID: Signature void: changed after sign-off on" in flowing


def tampered_problems(signed, keys, sql):
    path = signed.path
    signed.close()
    tamper(path, sql)
    with AuditStore.open(path) as store:
        from workbench.store.verify import verify

        return verify(store).problems + check_signature(store, keys[0].with_name("fcr.key.pub"))


DROP = "DROP TRIGGER events_refuse_update; DROP TRIGGER events_refuse_delete;"


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 CLI")
@pytest.mark.parametrize("sql, named", [
    ("UPDATE answers SET value = 'no' WHERE question = 'auditable' AND role = 'auditor' AND record_id = "
     "(SELECT record_id FROM answers WHERE question = 'auditable' AND value = 'yes' LIMIT 1);", "the final answers differ"),
    ("UPDATE records SET fields = json_set(fields, '$.Area', 'Elsewhere') WHERE id = 1;", "the records differ"),
    (DROP + "UPDATE events SET detail = json_set(detail, '$.file_name', 'x.xlsx') WHERE seq = 5;", "event 5"),
    (DROP + "DELETE FROM events WHERE seq > (SELECT max(seq) - 3 FROM events);", "sign-off"),
])
def test_a_change_behind_the_signature_fails_verification_naming_what(signed, keys, sql, named):
    problems = tampered_problems(signed, keys, sql)
    assert any(named in p for p in problems), problems


@pytest.mark.skipif(shutil.which("sqlite3") is None, reason="needs the sqlite3 CLI")
def test_a_whole_chain_recomputed_after_an_edit_still_fails_with_the_key(signed, keys):
    """A holder of the file can rebuild a consistent chain, but not the FCR's signature over its old head."""
    import json

    from workbench.core.events import event_hash

    path = signed.path
    signed.close()
    tamper(path, DROP + "UPDATE events SET actor = 'Ghost' WHERE seq = 3;")
    rows = subprocess.run(["sqlite3", "-json", str(path), "SELECT * FROM events ORDER BY seq"],
                          check=True, capture_output=True, text=True).stdout
    prev, updates = "0" * 64, []
    for e in json.loads(rows):
        h = event_hash(e["seq"], e["at"], e["actor"], e["role"], e["operation"], e["action"], json.loads(e["detail"]), prev)
        updates.append(f"UPDATE events SET prev_hash = '{prev}', hash = '{h}' WHERE seq = {e['seq']};")
        prev = h
    tamper(path, "".join(updates))
    with AuditStore.open(path) as store:
        problems = check_signature(store, keys[0].with_name("fcr.key.pub"))
    assert any("the log was rewritten" in p for p in problems), problems


def test_a_signed_export_verifies_and_a_changed_one_does_not(signed, keys, tmp_path):
    export_report(signed, Actor("A. Reader"), xlsx=tmp_path / "f.xlsx", pdf=tmp_path / "f.pdf")
    public = keys[0].with_name("fcr.key.pub")
    for name in ("f.xlsx", "f.pdf"):
        check = verify_export(tmp_path / name, public)
        assert check.problems == [] and check.manifest.signer == "F. Registrar"
    assert verify_export(tmp_path / "f.pdf", keys[1].with_name("other.key.pub")).problems
    data = (tmp_path / "f.pdf").read_bytes()
    start = data.index(b"cdi-workbench-signature:") + 40
    changed = data[:start] + (b"A" if data[start:start + 1] != b"A" else b"B") + data[start + 1:]
    (tmp_path / "g.pdf").write_bytes(changed)
    assert verify_export(tmp_path / "g.pdf", public).problems


def test_a_draft_export_carries_no_signature(demo, keys, tmp_path):
    export_report(demo, Actor("A. Reader"), xlsx=tmp_path / "f.xlsx")
    assert "no signature" in verify_export(tmp_path / "f.xlsx", keys[0].with_name("fcr.key.pub")).problems[0]
