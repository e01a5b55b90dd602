"""Peer review and team packages: kinds, the answers each copy gives, and row digests.

A *review* package goes to a peer reviewer of another force: blind (no answers),
answered in the copy as role ``peer``, review round 2. A *team* package goes to an
auditor of the same team: answered as role ``auditor``, round 1. A *return*
package carries a copy's answers back to the audit it came from.

An audit's identity is the hash of its first event (the ``audit.create`` event):
unique to the file, fixed at creation, and vouched for by the hash chain.

The digests here reduce each row of the peer-review tables to what its event
says of it, so that ``verify`` can compare the log with the tables.
"""

from __future__ import annotations

from workbench.core.events import digest

REVIEW, TEAM, RETURN = "review", "team", "return"
SENT_KINDS = (REVIEW, TEAM)
#: ``(role, review round)`` of the answers a copy of each kind holds.
WORKING_ANSWERS = {REVIEW: ("peer", 2), TEAM: ("auditor", 1)}
#: The review round of the peer's answers (a review copy's, and merged back into the audit).
PEER_ROUND = WORKING_ANSWERS[REVIEW][1]
#: The answers an ordinary audit's own team gives.
HOME_ANSWERS = ("auditor", 1)
#: Settling a conflict: keep the audit's answers, or take the package's.
KEEP_AUDIT, TAKE_PACKAGE = "audit", "package"


def package_digest(package_id: str, kind: str, recipient: str, selection: dict, keys_digest: str, file_name: str,
                   sha256: str, encrypted: bool, seq: int, by: str, at: str) -> str:
    """A sent package's row (``packages``) as its ``package.send`` event describes it."""
    return digest([package_id, kind, recipient, selection, keys_digest, file_name, sha256, bool(encrypted), seq, by, at])


def copy_digest(home_audit: str, package_id: str, kind: str, role: str, review_round: int, sender: str,
                sha256: str, encrypted: bool, seq: int, by: str, at: str) -> str:
    """A copy's ``copy_of`` row as its ``package.unpack`` event describes it."""
    return digest([home_audit, package_id, kind, role, review_round, sender, sha256, bool(encrypted), seq, by, at])


def merge_digest(package_id: str, origin: str, kind: str, sender: str, file_name: str, sha256: str,
                 answers: int, conflicts: int, seq: int, by: str, at: str) -> str:
    """A merged package's row (``merges``) as its ``package.merge`` event describes it."""
    return digest([package_id, origin, kind, sender, file_name, sha256, answers, conflicts, seq, by, at])


def conflict_digest(held_answers_digest: str, role: str, review_round: int, sender: str, seq: int) -> str:
    """A held conflict's row (``conflicts``) as its ``conflict.hold`` event describes it."""
    return digest([held_answers_digest, role, review_round, sender, seq])


def answers_digest(answers: list) -> str:
    """What a ``conflict.hold`` event remembers of the answers it holds back."""
    return digest(sorted(answers, key=lambda a: (a["question"], a["instance"] or 0)))
