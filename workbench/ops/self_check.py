"""``workbench --self-check``: the whole workbench exercised once, in a throw-away folder.

For force IT after an install (and CI after a build): does this copy of the
workbench, frozen or from source, do its work on this machine? Each step is what a
user does, through the same ops functions the window and the command line call:
create an audit (every schema migration), load every built-in checklist, import the
demo workbook, answer a record, export the workbook and the PDF, send a peer-review
package and merge its return, sign off with a throw-away key and verify the audit
and a signed export with the public key. Every file is written under a temporary
folder, removed afterwards; nothing the user has is read or changed.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from workbench import paths
from workbench.core import checklist
from workbench.core.audit import Actor, AuditSettings, Role
from workbench.core.errors import InputRejected, WorkbenchError
from workbench.core.selection import Selection
from workbench.store.audit_store import AuditStore

LEAD = Actor("Self-check Auditor", Role.AUDITOR, "Self-check Constabulary")
PEER = Actor("Self-check Peer", Role.PEER, "Other Constabulary")
FCR = Actor("Self-check Registrar", Role.FCR, "Self-check Constabulary")
#: The throw-away passphrase of the package and the key (both deleted with the folder).
PASSPHRASE = b"self-check: a throw-away passphrase"


class SelfCheckFailed(WorkbenchError):
    """A step ran but did not give what it should; the message says what was wrong."""


@dataclass
class Workspace:
    """What the steps share: the temporary folder and the audit being built in it."""

    folder: Path
    store: AuditStore | None = None
    opened: list[AuditStore] = field(default_factory=list)
    public_key: Path | None = None

    @property
    def audit(self) -> AuditStore:
        if self.store is None:
            raise SelfCheckFailed("there is no audit: an earlier step did not create it")
        return self.store

    def open(self, path: Path) -> AuditStore:
        """Open another audit file (a peer's copy); closed with the workspace."""
        from workbench.ops.audits import open_audit

        store = open_audit(path)
        self.opened.append(store)
        return store

    def close(self) -> None:
        for store in [*self.opened, *([self.store] if self.store else [])]:
            store.close()
        self.opened, self.store = [], None


#: One step: what it does, in words, and the function doing it.
Step = tuple[str, Callable[[Workspace], None]]


@dataclass(frozen=True)
class SelfCheckResult:
    """How the check went: every step done, or the one that failed and why."""

    steps: int
    done: int
    seconds: float
    failed_step: str = ""
    error: str = ""
    timings: tuple[tuple[str, float], ...] = ()   # (step, seconds) of each step run

    @property
    def ok(self) -> bool:
        return self.done == self.steps and not self.failed_step


def _expect(condition: bool, words: str) -> None:
    if not condition:
        raise SelfCheckFailed(words)


# -- the steps ----------------------------------------------------------------------------------
def create_audit(ws: Workspace) -> None:
    """A new audit file: every migration of the schema applied, the file verifying."""
    from workbench.ops.audits import new_audit
    from workbench.store.verify import verify

    settings = AuditSettings(title="Self-check audit (synthetic)", force=LEAD.force, period_start="2024-01-01",
                             period_end="2024-12-31")
    ws.store = new_audit(ws.folder / "self-check.cdiaudit", settings, LEAD)
    pending = ws.store.pending_migrations()
    _expect(not pending, f"migrations not applied: {', '.join(pending)}")
    report = verify(ws.store)
    _expect(report.ok, "the new audit does not verify: " + "; ".join(report.problems[:3]))


def load_checklists(ws: Workspace) -> None:
    """Every checklist in ``forms/``: read, checked, and frozen into the audit."""
    from workbench.ops.forms import add_form, check_form_file

    files = sorted(Path(paths.forms_dir()).glob("*.toml"))
    _expect(bool(files), f"no checklists in {paths.forms_dir()}")
    for file in files:
        form, problems = check_form_file(file)
        _expect(form is not None and not problems, f"checklist {file.name} is not sound: "
                + "; ".join(str(p) for p in problems[:3]))
        add_form(ws.audit, LEAD, file)


def import_demo(ws: Workspace) -> None:
    """The demo workbook imported (python-calamine reads it), and the demo's answers loaded."""
    from workbench.ops.answering import load_answers
    from workbench.ops.audits import DEMO_ANSWERS, DEMO_SAMPLE
    from workbench.ops.importing import import_sample

    result = import_sample(ws.audit, LEAD, paths.demo_dir() / DEMO_SAMPLE)
    _expect(result.added > 0, "the demo workbook gave no records")
    loaded = load_answers(ws.audit, LEAD, paths.demo_dir() / DEMO_ANSWERS)
    _expect(loaded.changed > 0, "the demo answers changed nothing")


def answer_record(ws: Workspace) -> None:
    """One question of a record nobody has answered, given its first choice."""
    from workbench.ops.answering import answer, record_form

    store = ws.audit
    answered = {a.record_key for a in store.answers("auditor")}
    key = next((r.key for r in store.records() if r.key not in answered), None)
    _expect(key is not None, "every record is answered already: none left to answer")
    form = record_form(store, key)
    first = next((item for item in checklist.evaluate(form, {}).items if item.relevant and item.question.spec.list_name),
                 None)
    _expect(first is not None, f"record {key}'s checklist asks no multiple-choice question")
    value = form.choice_list(first.question.spec.list_name)[0].name
    _expect(answer(store, LEAD, key, first.question.name, value, first.instance), f"answering {key} changed nothing")


def export_files(ws: Workspace) -> None:
    """The Excel workbook (xlsxwriter) and the PDF report (reportlab, the bundled fonts)."""
    from workbench.ops.export import export_report

    xlsx, pdf = ws.folder / "findings.xlsx", ws.folder / "report.pdf"
    export_report(ws.audit, LEAD, xlsx=xlsx, pdf=pdf, recipient="the self-check")
    _expect(xlsx.read_bytes()[:2] == b"PK", "the workbook written is not an xlsx file")
    _expect(pdf.read_bytes()[:5] == b"%PDF-", "the report written is not a PDF")


def peer_review(ws: Workspace) -> None:
    """A sealed package of two records, unpacked by a peer, answered, returned and merged."""
    from workbench.ops import peer_review as pr
    from workbench.ops.answering import answer_many, current_answers

    home = ws.audit
    states = home.record_states()
    answered = [r.key for r in home.records() if r.key in states and states[r.key].progress == checklist.COMPLETE]
    _expect(bool(answered), "no record is complete to send for review")
    sent = pr.make_package(home, LEAD, ws.folder / "review.cdipkg", Selection(records=tuple(answered[:2])),
                           PEER.force, PASSPHRASE)
    copy = pr.unpack(sent.path, ws.folder / "peer-copy.cdiaudit", PEER, PASSPHRASE)
    peer_store = ws.open(copy.path)
    key = answered[0]
    given = current_answers(home, key)  # the peer agrees with the auditor on every answer
    answer_many(peer_store, Actor(PEER.name, Role(copy.role), PEER.force), key,
                [(q, i, v, None) for (q, i), v in sorted(given.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0))],
                copy.review_round)
    returned = pr.make_return(peer_store, PEER, ws.folder / "return.cdipkg", PASSPHRASE)
    merged = pr.merge(home, LEAD, returned.path, PASSPHRASE)
    _expect(merged.answers_added == len(given) and not merged.conflicts,
            f"the merge added {merged.answers_added} of {len(given)} answers ({len(merged.conflicts)} conflicts)")


def sign_off_and_verify(ws: Workspace) -> None:
    """A throw-away Ed25519 key; the FCR signs; ``verify --key`` and ``verify-export`` hold."""
    from workbench.ops.export import export_report
    from workbench.ops.keys import new_key
    from workbench.ops.signoff import check_signature, sign_off, verify_export
    from workbench.store.verify import verify

    (ws.folder / "keys").mkdir()
    key = new_key(ws.folder / "keys" / "self-check.key", FCR.name, PASSPHRASE)
    ws.public_key = key.public_path
    sign_off(ws.audit, FCR, key.private_path, PASSPHRASE)
    report = verify(ws.audit)
    _expect(report.ok, "the signed audit does not verify: " + "; ".join(report.problems[:3]))
    problems = check_signature(ws.audit, key.public_path)
    _expect(not problems, "the signature does not hold: " + "; ".join(problems[:3]))
    signed = ws.folder / "signed.xlsx"
    export_report(ws.audit, FCR, xlsx=signed, recipient="the self-check")
    checked = verify_export(signed, key.public_path)
    _expect(not checked.problems, "the signed workbook does not verify: " + "; ".join(checked.problems[:3]))


STEPS: tuple[Step, ...] = (
    ("create an audit (every schema migration)", create_audit),
    ("load every built-in checklist", load_checklists),
    ("import the demo workbook and its answers", import_demo),
    ("answer a record", answer_record),
    ("export the Excel workbook and the PDF report", export_files),
    ("make a peer-review package, unpack, return and merge it", peer_review),
    ("sign off with a throw-away key and verify with its public key", sign_off_and_verify),
)


# -- running them -------------------------------------------------------------------------------
def run_self_check(extra: Sequence[Step] = (), folder: Path | None = None) -> SelfCheckResult:
    """Run every step (then ``extra``, e.g. the window's) in a temporary folder; stop at the first failure.

    Parameters
    ----------
    extra
        Further steps, run on the same workspace after the built-in ones.
    folder
        Where to make the temporary folder (the system's temporary folder by default).

    Returns
    -------
    SelfCheckResult
        The steps done, the seconds taken, and the failed step's words and error.
    """
    steps = [*STEPS, *extra]
    started = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="cdi-workbench-self-check-", dir=folder))
    ws = Workspace(root)
    done, failed, error, timings = 0, "", "", []
    try:
        for words, step in steps:
            began = time.perf_counter()
            try:
                step(ws)
            except Exception as exc:  # a self-check reports every failure as the step's, in words
                failed, error = words, describe(exc)
            timings.append((words, time.perf_counter() - began))
            if failed:
                break
            done += 1
    finally:
        ws.close()
        shutil.rmtree(root, ignore_errors=True)
    return SelfCheckResult(len(steps), done, time.perf_counter() - started, failed, error, tuple(timings))


def describe(exc: BaseException) -> str:
    """An error in words: the workbench's own sentence, or the exception's type and message."""
    if isinstance(exc, InputRejected):
        return f"{exc.what}: " + "; ".join(str(p) for p in exc.problems[:3])
    if isinstance(exc, WorkbenchError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"
