"""Every kind of event, defined once: its DPA operation, its fields, its words, its replay.

The store logs an event by naming its kind (``Write.log("answer.set", detail)``);
``verify`` checks each stored event against its kind (the fields it must carry) and
folds it into the state the log vouches for (``EventKind.apply``); ``workbench log``
and the window's log describe it with ``EventKind.describe``. A new kind of event is
one entry here plus the store method that logs it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from workbench.core.audit_state import AuditState, UserSeen, Written
from workbench.core import peer_review as pr
from workbench.core.events import Event, Operation


@dataclass(frozen=True)
class EventKind:
    """One kind of event.

    Attributes
    ----------
    action
        The name stored in ``events.action``.
    operation
        The DPA 2018 s62 operation, or None where it depends on the change (an
        answer is collected, altered or erased).
    fields
        Keys every event of this kind carries in its detail.
    describe
        The detail in words, for the log.
    apply
        How the event changes the state the log vouches for (``core.replay``).
    while_locked
        Whether it may be logged on a signed-off (locked) audit: reading and
        disclosing, not changing.
    """

    action: str
    operation: Operation | None
    fields: frozenset[str]
    describe: Callable[[dict], str]
    apply: Callable[[AuditState, Event], None]
    while_locked: bool = False

    def missing_fields(self, detail: dict) -> list[str]:
        """The required fields ``detail`` lacks, sorted."""
        return sorted(self.fields - detail.keys())


class UnknownEventKind(KeyError):
    """An event names a kind this workbench does not know."""


KINDS: dict[str, EventKind] = {}


def kind_of(action: str) -> EventKind:
    """The kind named ``action``; ``UnknownEventKind`` if there is none."""
    try:
        return KINDS[action]
    except KeyError:
        raise UnknownEventKind(action) from None


def describe(event: Event) -> str:
    """An event's detail in words (the raw detail, shortened, for an unknown kind)."""
    kind = KINDS.get(event.action)
    if kind is None or kind.missing_fields(event.detail):
        return ", ".join(f"{k}={v}" for k, v in event.detail.items())[:200]
    return kind.describe(event.detail)


def _kind(action: str, operation: Operation | None, fields: str, describe: Callable[[dict], str],
          apply: Callable[[AuditState, Event], None], while_locked: bool = False) -> None:
    KINDS[action] = EventKind(action, operation, frozenset(fields.split()), describe, apply, while_locked)


def _nothing(state: AuditState, event: Event) -> None:
    """Events that change no table (a disclosure, a consultation)."""


def _written(event: Event) -> Written:
    return Written(event.seq, event.actor, event.at)


# -- people and the audit ----------------------------------------------------------------------
def _user_add(state: AuditState, e: Event) -> None:
    d = e.detail
    seen = state.users.get((d["name"], d["role"]))
    state.users[(d["name"], d["role"])] = UserSeen(seen.first_seen if seen else e.at, d["force"])


def _audit_create(state: AuditState, e: Event) -> None:
    state.settings = dict(e.detail["settings"])
    state.created = _written(e)


def _audit_settings(state: AuditState, e: Event) -> None:
    if state.settings is not None:
        for name, (_old, new) in e.detail["changes"].items():
            state.settings[name] = new


def _settings_words(d: dict) -> str:
    return "; ".join(f"{k}: {old!r} -> {new!r}" for k, (old, new) in d["changes"].items())


_kind("user.add", Operation.COLLECTION, "name role force",
      lambda d: f"{d['name']} ({d['role']}{', ' + d['force'] if d['force'] else ''}) first worked on this audit",
      _user_add, while_locked=True)
_kind("audit.create", Operation.COLLECTION, "settings",
      lambda d: f"audit created: {d['settings'].get('title', '')!r}", _audit_create)
_kind("audit.settings", Operation.ALTERATION, "changes", _settings_words, _audit_settings)


# -- checklists and records ---------------------------------------------------------------------
def _form_add(state: AuditState, e: Event) -> None:
    state.forms[(e.detail["form_id"], e.detail["version"])] = e.detail["digest"]


#: What an import event vouches for in the ``imports`` table (event field -> column).
IMPORT_PROVENANCE = {"file_name": "file_name", "sha256": "sha256", "sheet": "sheet", "rows": "row_count", "added": "added_count"}


def _records_import(state: AuditState, e: Event) -> None:
    d = e.detail
    state.imports[d["import_id"]] = d["records_digest"]
    details = {column: d[name] for name, column in IMPORT_PROVENANCE.items()}
    details.update(imported_by=e.actor, imported_at=e.at)
    if "mapping_digest" in d:
        details["mapping_digest"] = d["mapping_digest"]
    details["digest_version"] = d.get("digest_version", 1)
    state.import_details[d["import_id"]] = details
    if "layout_digest" in d:
        state.import_layouts[d["import_id"]] = d["layout_digest"]


_kind("form.add", Operation.COLLECTION, "form_id version digest",
      lambda d: f"checklist {d['form_id']} version {d['version']} added", _form_add)
_kind("records.import", Operation.COLLECTION, "import_id file_name sha256 sheet rows added records_digest",
      lambda d: f"imported {d['added']} record(s) from {d['file_name']}" + (f" [{d['sheet']}]" if d["sheet"] else "")
      + f" ({d['rows']} row(s))", _records_import)


def _profile_save(state: AuditState, e: Event) -> None:
    d = e.detail
    state.profiles[d["name"]] = (d["layout"], d["headings_digest"], d["mapping_digest"])
    state.profile_writers[d["name"]] = _written(e)


def _source_change(state: AuditState, e: Event) -> None:
    """A changed row for a record already answered: kept beside it, the record unchanged."""
    d = e.detail
    state.source_changes[d["record"]] = (d["import_id"], d["new_digest"])
    state.source_change_writers[d["record"]] = _written(e)


def _source_replace(state: AuditState, e: Event) -> None:
    """A changed row for a record not yet answered: its source fields replaced."""
    d = e.detail
    state.source_replaced[d["record"]] = d["new_digest"]
    state.source_changes.pop(d["record"], None)
    state.source_change_writers.pop(d["record"], None)


def _fields_words(d: dict) -> str:
    names = d["fields"]
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


_kind("profile.save", Operation.ALTERATION, "name layout headings_digest mapping_digest",
      lambda d: f"mapping profile {d['name']!r} saved", _profile_save)
_kind("record.source_change", Operation.COLLECTION, "record import_id old_digest new_digest fields",
      lambda d: f"{d['record']}: import {d['import_id']} has different source values ({_fields_words(d)}); "
      "kept beside the record, which was already answered (source changed since review)", _source_change)
_kind("record.source_replace", Operation.ALTERATION, "record import_id old_digest new_digest fields",
      lambda d: f"{d['record']}: source values replaced from import {d['import_id']} ({_fields_words(d)}); "
      "the record had no answers", _source_replace)


# -- answers and flags --------------------------------------------------------------------------
def _answer(state: AuditState, e: Event) -> None:
    fold_answer(state, e.seq, e.detail)


def fold_answer(state: AuditState, seq: int, detail: dict) -> None:
    """An answer set or cleared (``answer.set``, ``answer.clear``), from its event's number and detail.

    Written by the event's actor at its time (``store.verify`` reads them off the
    event by its number). ``core.replay`` calls this directly for the log's
    commonest events, without building an ``Event``.
    """
    key = (detail["record"], detail["question"], detail["instance"], detail["role"], detail["round"])
    if detail["digest"] is None:
        state.answers.clear(*key)
    else:
        state.answers.put(*key, detail["digest"], seq)


def _answer_words(d: dict) -> str:
    inst = f"#{d['instance']}" if d.get("instance") else ""
    change = f"{d.get('old')} -> {d.get('new')}" if "new" in d else ("text cleared" if d["digest"] is None else "text changed")
    who = f" ({d['role']}, round {d['round']})" if (d["role"], d["round"]) != ("auditor", 1) else ""
    return f"{d['record']} {d['question']}{inst}: {change}{who}"


def _flag(state: AuditState, e: Event) -> None:
    record = e.detail["record"]
    if e.detail["digest"] is None:
        state.flags.pop(record, None)
        state.flag_writers.pop(record, None)
    else:
        state.flags[record] = e.detail["digest"]
        state.flag_writers[record] = _written(e)


_ANSWER_FIELDS = "record question instance role round digest"
_kind("answer.set", None, _ANSWER_FIELDS, _answer_words, _answer)
_kind("answer.clear", Operation.ERASURE, _ANSWER_FIELDS, _answer_words, _answer)
#: An answers file loaded: its SHA-256 and how many answers it changed (their events come just before it).
_kind("answers.load", Operation.COLLECTION, "sha256 answers",
      lambda d: f"answers file loaded (SHA-256 {d['sha256'][:16]}...): {d['answers']} answer(s) changed", _nothing)
_kind("record.flag", None, "record digest", lambda d: f"{d['record']} flagged for the FCR", _flag)
_kind("record.unflag", Operation.ERASURE, "record digest", lambda d: f"flag on {d['record']} cleared", _flag)


# -- the FCR's desk ----------------------------------------------------------------------------
def _determine(state: AuditState, e: Event) -> None:
    d = e.detail
    state.determinations[d["record"]] = (d["based_on"], d["reason_digest"], d["answers_digest"])
    state.determination_writers[d["record"]] = _written(e)


_kind("record.determine", None, "record based_on reason_digest answers_digest",
      lambda d: f"{d['record']} determined by the FCR " + {"auditor": "on the audit team's answers", "peer": "on the peer's answers"}
      .get(d["based_on"], "on the FCR's own answers"), _determine)


def _signoff(state: AuditState, e: Event) -> None:
    state.signoffs[len(state.signoffs) + 1] = (e.detail["manifest_sha256"], e.detail["key_fingerprint"], e.detail["signature"])


def _reopen(state: AuditState, e: Event) -> None:
    state.voided[e.detail["signoff"]] = (e.detail["reason_digest"],)


_kind("audit.signoff", Operation.ALTERATION, "manifest_sha256 key_fingerprint signature signer role",
      lambda d: f"signed off by {d['signer']} ({d['role']}) with key {d['key_fingerprint'][:19]}...; the audit is locked",
      _signoff)
_kind("audit.reopen", Operation.ALTERATION, "signoff reason_digest",
      lambda d: f"reopened: sign-off {d['signoff']} is void", _reopen, while_locked=True)


# -- consultation --------------------------------------------------------------------------
_kind("record.view", Operation.CONSULTATION, "record",
      lambda d: f"{d['record']} viewed" + (f" (purpose: {d['purpose']})" if d.get("purpose") else ""), _nothing,
      while_locked=True)


# -- samples drawn from a population ------------------------------------------------------------
#: What a sample.draw event vouches for in the ``sample_draws`` table (besides who and when).
SAMPLE_DRAW_FIELDS = ("form_id", "file_name", "sha256", "sheet", "population_rows", "key_column", "strata_column",
                      "allocation", "seed", "algorithm", "size", "parameters_digest")


def _sample_draw(state: AuditState, e: Event) -> None:
    d = e.detail
    details = {name: d[name] for name in SAMPLE_DRAW_FIELDS}
    details.update(drawn_by=e.actor, drawn_at=e.at, event_seq=e.seq)
    state.sample_draws[d["draw_id"]] = details
    state.sample_strata[d["draw_id"]] = d["strata_digest"]
    state.sample_units[(d["draw_id"], 0)] = d["units_digest"]


def _sample_extend(state: AuditState, e: Event) -> None:
    d = e.detail
    if d["draw_id"] in state.sample_draws:
        state.sample_draws[d["draw_id"]]["size"] = d["size"]
    state.sample_strata[d["draw_id"]] = d["strata_digest"]
    state.sample_units[(d["draw_id"], d["step"])] = d["units_digest"]


def _strata_words(d: dict) -> str:
    return "without strata" if not d["strata_column"] else f"in {d['strata_count']} strata by {d['strata_column']} ({d['allocation']})"


_kind("sample.draw", Operation.COLLECTION,
      " ".join(SAMPLE_DRAW_FIELDS) + " draw_id strata_count strata_digest units_digest",
      lambda d: f"drew {d['size']} of {d['population_rows']} row(s) of {d['file_name']} as {d['form_id']} records, "
      f"{_strata_words(d)}, seed {d['seed']} (draw {d['draw_id']})", _sample_draw)
_kind("sample.extend", Operation.COLLECTION, "draw_id step size added strata_digest units_digest",
      lambda d: f"extended draw {d['draw_id']} by {d['added']} record(s) to {d['size']}", _sample_extend)


# -- disclosures ------------------------------------------------------------------------------
_kind("export", Operation.DISCLOSURE, "file_name format sha256",
      lambda d: f"wrote {d['file_name']} ({d['format']})" + (f" for {d['recipient']}" if d.get("recipient") else "")
      + f", SHA-256 {d['sha256'][:16]}...", _nothing, while_locked=True)


# -- peer review and team packages ------------------------------------------------------------
def _package_send(state: AuditState, e: Event) -> None:
    d = e.detail
    state.packages[d["package_id"]] = pr.package_digest(
        d["package_id"], d["kind"], d["recipient"], d["selection"], d["keys_digest"], d["file_name"], d["sha256"],
        d["encrypted"], e.seq, e.actor, e.at)


def _package_unpack(state: AuditState, e: Event) -> None:
    d = e.detail
    state.copy_of = pr.copy_digest(d["home_audit"], d["package_id"], d["kind"], d["role"], d["round"], d["sender"],
                                   d["sha256"], d["encrypted"], e.seq, e.actor, e.at)


def _package_merge(state: AuditState, e: Event) -> None:
    d = e.detail
    state.merges[d["package_id"]] = pr.merge_digest(d["package_id"], d["origin"], d["kind"], d["sender"], d["file_name"],
                                                    d["sha256"], d["answers"], d["conflicts"], e.seq, e.actor, e.at)


def _answer_merge(state: AuditState, e: Event) -> None:
    """A merged answer: written by the lead's merge, authored by the person who gave it (``by``, ``at``)."""
    d = e.detail
    state.answers.put(d["record"], d["question"], d["instance"], d["role"], d["round"], d["digest"], e.seq,
                      author=(d["by"], d["at"]))


def _conflict_hold(state: AuditState, e: Event) -> None:
    d = e.detail
    state.conflicts[(d["package_id"], d["record"])] = pr.conflict_digest(d["digest"], d["role"], d["round"], d["sender"], e.seq)


def _conflict_settle(state: AuditState, e: Event) -> None:
    state.conflicts.pop((e.detail["package_id"], e.detail["record"]), None)


def _sent_words(d: dict) -> str:
    what = {"review": "peer-review package", "team": "team package", "return": "return package"}.get(d["kind"], "package")
    lock = "encrypted" if d["encrypted"] else "NOT encrypted"
    return f"sent a {what} of {d['records']} record(s) to {d['recipient']} as {d['file_name']} ({lock})"


_kind("package.send", Operation.DISCLOSURE,
      "package_id kind recipient selection records keys_digest file_name sha256 encrypted", _sent_words, _package_send,
      while_locked=True)
_kind("package.unpack", Operation.COLLECTION, "home_audit package_id kind role round sender sha256 encrypted",
      lambda d: f"unpacked a {d['kind']} package from {d['sender']}: this audit is a working copy (answers as "
      f"{d['role']}, round {d['round']})", _package_unpack)
_kind("package.merge", Operation.COMBINATION, "package_id origin kind sender file_name sha256 answers conflicts",
      lambda d: f"merged {d['file_name']} from {d['sender']}: {d['answers']} answer(s) added beside the audit's, "
      f"{d['conflicts']} record(s) held as conflicts", _package_merge)
_kind("answer.merge", Operation.COMBINATION, "record question instance role round digest by at",
      lambda d: f"{d['record']} {d['question']}{'#' + str(d['instance']) if d.get('instance') else ''}: "
      f"answer merged ({d['role']}, round {d['round']}), given by {d['by']} at {d['at'][:16]}", _answer_merge)
_kind("conflict.hold", Operation.COMBINATION, "package_id record role round digest sender",
      lambda d: f"{d['record']}: {d['sender']}'s answers ({d['role']}, round {d['round']}) differ from the audit's; "
      "held for the lead to settle", _conflict_hold)
_kind("conflict.settle", Operation.ALTERATION, "package_id record kept",
      lambda d: f"{d['record']}: conflict settled, " + ("the package's answers taken" if d["kept"] == "package"
                                                         else "the audit's answers kept"), _conflict_settle)
