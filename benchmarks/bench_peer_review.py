"""Peer review speed: packaging and merging 1,000 realistic records, the key derivation included.

Target (issue 10): packaging and merging each under 2 s on a 2-core machine. The
anchor is the key derivation on its own (scrypt with the workbench's default
settings, n = 2^16, r = 8, p = 2), which every package and every merge does once.

A 1,000-record audit of every built-in checklist (``bench_xlsx.build``: answers,
about 100 records non-compliant with a rationale) is packaged whole for a peer
(``ops.peer_review.make_package``: choose, gather, compress, encrypt, write,
log); the peer's copy is made (``unpack``) and answered with the audit team's
answers (a few changed); the copy is returned (``make_return``) and merged back
(``merge``: decrypt, check every answer against its checklist, write each with its
event, re-check nothing twice).

Run: .venv/bin/python benchmarks/bench_peer_review.py [--records N]
Prints figures only; timings never go in tests.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_xlsx import ACTOR, build  # noqa: E402

from workbench.core.audit import Actor, Role  # noqa: E402
from workbench.core.records import AnswerChange  # noqa: E402
from workbench.core.selection import Selection  # noqa: E402
from workbench.io import crypto  # noqa: E402
from workbench.ops import peer_review  # noqa: E402
from workbench.ops.audits import open_audit  # noqa: E402

PEER = Actor("Bench Peer", Role.PEER, "Other Constabulary")
PASS = b"bench passphrase of four words"


def timed(label: str, work, anchor: float):
    start = time.perf_counter()
    result = work()
    took = time.perf_counter() - start
    print(f"{label}: {took:.2f} s ({took / anchor:.1f}x the key derivation)")
    return result, took


def peer_answers(home, copy) -> int:
    """The audit team's answers given again in the copy as the peer's, one 'timely' in ten turned round."""
    changes = []
    for n, a in enumerate(home.answers()):
        value = {"yes": "no", "no": "yes"}.get(a.value, a.value) if a.question == "timely" and n % 10 == 0 else a.value
        changes.append(AnswerChange(a.record_key, a.question, a.instance, value, a.note,
                                    a.question in ("rationale", "crime_ref")))
    return copy.set_answers(PEER, changes, review_round=2)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=1_000)
    args = parser.parse_args()
    start = time.perf_counter()
    crypto.derive_key(PASS, os.urandom(16), crypto.DEFAULT_PARAMS)
    kdf = time.perf_counter() - start
    p = crypto.DEFAULT_PARAMS
    print(f"anchor: scrypt key derivation alone (n = 2^{p.n.bit_length() - 1}, r = {p.r}, p = {p.p}): {kdf:.2f} s")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "peer").mkdir()
        home, answers = build(folder / "home.cdiaudit", args.records, seed=10)
        print(f"home audit: {args.records:,} records, {answers:,} answers")
        everything = Selection(non_compliant=True, percent="100", seed=1)
        sent, took_package = timed(f"package {args.records:,} records (choose, compress, encrypt, write, log)",
                                   lambda: peer_review.make_package(home, ACTOR, folder / "p.cdipkg", everything,
                                                                    "Other Constabulary", PASS), kdf)
        print(f"  package file: {sent.path.stat().st_size / 1e6:.2f} MB")
        made, _ = timed("unpack into the peer's copy", lambda: peer_review.unpack(
            sent.path, folder / "peer" / "copy.cdiaudit", PEER, PASS), kdf)
        with open_audit(made.path) as copy:
            given = peer_answers(home, copy)
            back, _ = timed(f"return the copy's {given:,} answers",
                            lambda: peer_review.make_return(copy, PEER, folder / "peer" / "r.cdipkg", PASS), kdf)
        merged, took_merge = timed(f"merge {given:,} answers (decrypt, check each, write each with its event)",
                                   lambda: peer_review.merge(home, ACTOR, back.path, PASS), kdf)
        home.close()
        print(f"  merged {merged.answers_added:,} answers to {merged.records_added:,} records")
    for name, took in (("packaging", took_package), ("merging", took_merge)):
        print(f"{name}: {took:.2f} s (target < 2 s: {'OK' if took < 2 else 'SLOW'})")


if __name__ == "__main__":
    main()
