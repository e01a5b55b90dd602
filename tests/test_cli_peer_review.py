"""The peer-review commands end to end, as a lead and a peer would type them."""

from __future__ import annotations

import json

from workbench.cli import main

from tests.factories import answer_rows, write_answers, write_sample
from tests.peer import cheap_scrypt

__all__ = ["cheap_scrypt"]


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_package_unpack_answer_return_merge_agreement_from_the_command_line(tmp_path, capsys):
    home, copy = tmp_path / "home.cdiaudit", tmp_path / "peer" / "copy.cdiaudit"
    copy.parent.mkdir()
    secret = tmp_path / "pass.txt"
    secret.write_text("a shared passphrase\n")
    assert run(capsys, "new", home, "--title", "Q3", "--as", "Lead")[0] == 0
    assert run(capsys, "import", home, write_sample(tmp_path, 4), "--as", "Lead")[0] == 0
    rows = [row for key in ("INC-0001", "INC-0002") for row in answer_rows(key)]
    assert run(capsys, "answers", home, write_answers(tmp_path / "a.csv", rows), "--as", "Lead")[0] == 0
    code, out, _ = run(capsys, "package", home, tmp_path / "p.cdipkg", "--records", "INC-0001,INC-0002",
                       "--percent", "50", "--seed", "3", "--recipient", "Other Constabulary", "--passphrase-file", secret)
    assert code == 0 and "3 record(s), encrypted" in out and "seed 3" in out
    code, out, _ = run(capsys, "unpack", tmp_path / "p.cdipkg", copy, "--passphrase-file", secret, "--as", "P. Peer")
    assert code == 0 and "answer as peer, round 2" in out
    peer_rows = answer_rows("INC-0001") + [["INC-0002", "auditable", "", "no", ""]]
    code, _, _ = run(capsys, "answers", copy, write_answers(tmp_path / "p.csv", peer_rows), "--as", "P. Peer",
                     "--role", "peer", "--round", "2")
    assert code == 0
    code, out, _ = run(capsys, "package", copy, tmp_path / "r.cdipkg", "--return", "--passphrase-file", secret,
                       "--as", "P. Peer")
    assert code == 0
    code, out, _ = run(capsys, "merge", home, tmp_path / "r.cdipkg", "--passphrase-file", secret, "--as", "Lead")
    assert code == 0 and "Merged the answers of P. Peer" in out
    assert "merged already" in run(capsys, "merge", home, tmp_path / "r.cdipkg", "--passphrase-file", secret)[1]
    code, out, _ = run(capsys, "agreement", home, "--json")
    table = json.loads(out)
    assert table["record_verdict"]["pairs"] == 2 and table["overall"]["pairs"] > 2
    assert [(d["record"], d["question"], d["auditor"], d["peer"]) for d in table["disagreements"]][0] == \
        ("INC-0002", "auditable", "yes", "no")
    for audit in (home, copy):
        assert run(capsys, "verify", audit)[0] == 0


def test_a_wrong_passphrase_exits_2_with_one_sentence(tmp_path, capsys):
    home = tmp_path / "home.cdiaudit"
    good, bad = tmp_path / "good.txt", tmp_path / "bad.txt"
    good.write_text("a shared passphrase")
    bad.write_text("another passphrase")
    run(capsys, "new", home, "--title", "Q3")
    run(capsys, "import", home, write_sample(tmp_path, 2))
    run(capsys, "package", home, tmp_path / "p.cdipkg", "--first", "1", "--recipient", "X", "--passphrase-file", good)
    code, _, err = run(capsys, "unpack", tmp_path / "p.cdipkg", tmp_path / "c.cdiaudit", "--passphrase-file", bad)
    assert code == 2 and err.strip() == "error: The passphrase is wrong, or the package was changed after it was made."
    assert not (tmp_path / "c.cdiaudit").exists()


def test_a_package_for_another_force_cannot_be_unencrypted(tmp_path, capsys):
    home = tmp_path / "home.cdiaudit"
    run(capsys, "new", home, "--title", "Q3")
    run(capsys, "import", home, write_sample(tmp_path, 2))
    code, _, err = run(capsys, "package", home, tmp_path / "p.cdipkg", "--first", "1", "--recipient", "X",
                       "--no-encryption")
    assert code == 2 and "always encrypted" in err and not (tmp_path / "p.cdipkg").exists()


def test_key_new_writes_both_halves_and_refuses_an_empty_passphrase(tmp_path, capsys):
    empty = tmp_path / "empty.txt"
    empty.write_text("\n")
    code, _, err = run(capsys, "key", "new", tmp_path / "fcr.key", "--as", "A. Registrar", "--passphrase-file", empty)
    assert code == 2 and "empty" in err
    secret = tmp_path / "pass.txt"
    secret.write_text("a long passphrase")
    code, out, _ = run(capsys, "key", "new", tmp_path / "fcr.key", "--as", "A. Registrar", "--passphrase-file", secret)
    assert code == 0 and (tmp_path / "fcr.key.pub").exists()
    fingerprint = out.split("Fingerprint: ")[1].strip()
    assert run(capsys, "key", "show", tmp_path / "fcr.key.pub")[1].endswith(f"Fingerprint: {fingerprint}\n")
