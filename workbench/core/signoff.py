"""What the FCR signs: a manifest binding the signature to exactly what was approved.

After 21 CFR Part 11's rule for electronic signatures, a sign-off shows who signed
(printed name, role, force), when, and what the signature means, and it is bound to
what it signs: the manifest holds a SHA-256 of each part of the audit (settings,
checklists, records, final answers, findings) and the event log's head when it was
signed. The signature is an Ed25519 signature of the manifest's canonical JSON, so
anyone with the FCR's public key can check it, and any later change to one of those
parts, or a rewritten log, makes it fail and is named.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from workbench.core.events import canonical_json, digest

#: What a sign-off means, shown with every signature.
MEANING = "I have reviewed these findings and approve them."

#: The parts of an audit a manifest covers, in words.
COMPONENTS = {
    "settings": "the audit's settings",
    "checklists": "the checklists",
    "records": "the records",
    "final_answers": "the final answers",
    "findings": "the findings",
}


@dataclass(frozen=True)
class Manifest:
    """Everything a sign-off approves, and who approved it, when, meaning what."""

    audit_id: str
    audit_title: str
    components: dict[str, str]
    log_head: tuple[int, str]
    signer: str
    role: str
    force: str
    signed_at: str
    meaning: str = MEANING
    own_work_reason: str = ""
    format: int = 1
    extra: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["log_head"] = list(self.log_head)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> Manifest:
        """A manifest read back from JSON (``ValueError`` if it is not one)."""
        try:
            return cls(**{**data, "log_head": (int(data["log_head"][0]), str(data["log_head"][1])),
                          "components": dict(data["components"])})
        except (KeyError, TypeError, IndexError) as exc:
            raise ValueError(f"not a sign-off manifest ({exc})") from None

    def canonical(self) -> bytes:
        """The exact bytes that are signed."""
        return canonical_json(self.to_dict()).encode("utf-8")

    def sha256(self) -> str:
        return digest(self.to_dict())


def differing_components(signed: Manifest, now: dict[str, str]) -> list[str]:
    """The parts of the audit, in words, that differ now from what was signed."""
    return [COMPONENTS.get(name, name) for name in COMPONENTS if signed.components.get(name) != now.get(name)]
