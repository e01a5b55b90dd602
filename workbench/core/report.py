"""What an export holds, gathered once and rendered by each format (Excel, PDF).

A ``ReportData`` is plain data: the audit's settings, the checklists used, one row
per record with its final answers, the non-compliant answers with their rationale
(for feedback to officers), the answers that apply in the long import format (with
each answer's role and round: the audit team's, the peer's, and the FCR's
determinations), the decisions on determined and peer-reviewed records, and
the findings with their narrative and their layout (``core.findings_layout``).
Formats only lay it out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from workbench.core.audit import AuditSettings
from workbench.core.findings_layout import FindingsLayout
from workbench.core.forms import Form

#: (question name, instance) -> (value, note)
Answers = dict[tuple[str, int | None], tuple[str, str]]
#: One row of the Answers sheet: record, question, instance, answer, note, role, round.
LongAnswer = tuple[str, str, int | None, str, str, str, int]


@dataclass(frozen=True)
class RecordRow:
    """One record with its final answers (relevant ones only) and state."""

    key: str
    form_id: str
    progress: str
    compliant: bool | None
    fields: dict[str, str]
    answers: Answers
    answered_by: tuple[str, ...] = ()


@dataclass(frozen=True)
class NoncompliantAnswer:
    """One non-compliant answer, for feedback to the officer concerned."""

    record_key: str
    form_id: str
    question: str
    label: str
    instance: int | None
    answer: str
    rationale: str


@dataclass(frozen=True)
class DecisionRow:
    """One answer of a determined or peer-reviewed record: the audit team's, the peer's and the final one.

    Values are as stored (choice names; None: not answered, or not applying on that
    side). ``decided_by`` is empty when the FCR has not determined the record: its
    final answers are then the audit team's. The record's first row carries who
    decided, when, from whose answers and why (``first``).
    """

    record_key: str
    form_id: str
    question: str
    instance: int | None
    team: str | None
    peer: str | None
    final: str | None
    decided_by: str = ""
    decided_at: str = ""
    based_on: str = ""
    reason: str = ""
    first: bool = False
    determined: bool = False
    peer_reviewed: bool = False


@dataclass(frozen=True)
class SignOff:
    """The FCR's sign-off, once it exists: who, when, what it means, and what binds it.

    ``void`` holds the sentence saying the signature is void (the audit was reopened
    after it), or is empty while the signature stands. ``embedded`` is what an export
    carries so that ``workbench verify-export`` can check it: the manifest, the
    signature and the findings that were signed.
    """

    name: str
    role: str
    at: str
    statement: str = ""
    manifest_sha256: str = ""
    key_fingerprint: str = ""
    signature: str = ""
    void: str = ""
    embedded: dict = field(default_factory=dict)


@dataclass
class ReportData:
    """Everything an export shows."""

    settings: AuditSettings
    generated_at: str
    generated_by: str
    forms: dict[str, Form]
    records: list[RecordRow]
    noncompliant: list[NoncompliantAnswer]
    answers_long: list[LongAnswer]
    auditors: list[str]
    findings: Any = None
    narrative: list[str] = field(default_factory=list)
    layout: FindingsLayout | None = None
    signoff: SignOff | None = None
    #: The event log's last event when the report was gathered: (sequence number, hash).
    log_head: tuple[int, str] | None = None
    #: Every answer of each determined or peer-reviewed record, on each side (the Decisions sheet).
    decisions: list[DecisionRow] = field(default_factory=list)

    @property
    def status(self) -> str:
        if self.signoff is None:
            return "Draft"
        return "Signature void" if self.signoff.void else "Signed off"

    @property
    def log_head_text(self) -> str:
        """``event 214, hash 3f2a...`` (in full): lets anyone holding the export tell whether the
        audit file was later cut short or rewritten."""
        return f"event {self.log_head[0]}, hash {self.log_head[1]}" if self.log_head else ""

    def records_of(self, form_id: str) -> list[RecordRow]:
        return [r for r in self.records if r.form_id == form_id]
