"""``Replay.fold_stored`` folds events from their stored text, and reads an answer's text without decoding it
only when that gives exactly what decoding it gives."""

from __future__ import annotations

import json

import pytest

from workbench.core.replay import Replay

DIGEST = "ab" * 32
CHOICE = ('{"digest":"' + DIGEST + '","instance":null,"new":"yes","old":null,"question":"ok","record":"R1",'
          '"role":"auditor","round":1}')


def safe_parse(text):
    """``json.loads``, never raising (as ``store.eventlog.parse_detail`` never raises)."""
    try:
        detail = json.loads(text)
    except (TypeError, ValueError) as exc:
        return {"unreadable": str(exc)}
    return detail if isinstance(detail, dict) else {"unreadable": "not an object"}


def row(text, seq=5, action="answer.set"):
    return seq, "2024-01-01T00:00:00Z", "Ann Auditor", "auditor", "collection", action, text


def by_columns(rows):
    """The same events folded the slow way: every detail decoded, then ``fold_columns``."""
    folding = Replay()
    for seq, at, actor, role, operation, action, text in rows:
        folding.fold_columns(seq, at, actor, role, operation, action, safe_parse(text), "", "")
    return folding.out


def from_text(rows, parse=safe_parse):
    folding = Replay()
    folding.fold_stored(rows, parse)
    return folding.out


def same_outcome(a, b):
    return (a.state.answers.as_dict(), a.state.users, a.unusable) == (b.state.answers.as_dict(), b.state.users, b.unusable)


@pytest.mark.parametrize("text", [
    CHOICE,
    CHOICE.replace('"new":"yes","old":null,', ""),                            # a free text's event: no values
    CHOICE.replace('"instance":null', '"instance":3'),
    CHOICE.replace(f'"{DIGEST}"', "null"),                                    # cleared
    CHOICE.replace('"R1"', '"R\\u0031"'),                                      # an escape: the same key once decoded
    CHOICE.replace('"ok"', '"caf\\u00e9"'),
    CHOICE.replace('"R1"', '"R\\"1"'),
    CHOICE.replace('"instance":null', '"instance":0'),                          # 0 and null are the same instance
    CHOICE.replace('"round":1', '"round":"1"'),                                 # another type: another key
    CHOICE.replace(DIGEST, DIGEST.upper()),                                    # not packed as a lower-case digest is
    CHOICE.replace(DIGEST, "ab" * 31),
    CHOICE.replace(",", ", "),
    CHOICE.replace('"new":"yes"', '"new":["yes","no"]'),
    CHOICE.replace('"round":1}', '"round":1,"round":2}'),                      # a key twice
    CHOICE.replace('"record":"R1",', ""),                                      # a field missing
    CHOICE[:-1],                                                               # not JSON
    CHOICE.replace('"role":"auditor"', '"role":"peer\\nreviewer"'),
])
def test_an_answer_folded_from_its_text_leaves_what_decoding_it_leaves(text):
    rows = [row(CHOICE, seq=4), row(text)]
    assert same_outcome(from_text(rows), by_columns(rows))


def test_an_answer_cleared_by_its_text_is_no_longer_held():
    cleared = CHOICE.replace(f'"{DIGEST}"', "null")
    out = from_text([row(CHOICE, seq=4), row(cleared, seq=5, action="answer.clear")])
    assert len(out.state.answers) == 0 and out.unusable == []


def test_an_answer_as_the_workbench_writes_it_is_read_without_decoding():
    decoded = []
    out = from_text([row(CHOICE, seq=4), row(CHOICE.replace('"new":"yes","old":null,', ""), seq=5)],
                    parse=lambda text: decoded.append(text) or safe_parse(text))
    assert decoded == [] and out.state.answers.as_dict() == {("R1", "ok", None, "auditor", 1): (5, DIGEST)}


def test_every_other_event_is_decoded_and_folded_by_its_kind():
    decoded = []
    out = from_text([row('{"name":"Ann Auditor","role":"auditor","force":"Kent"}', seq=1, action="user.add"),
                     row(CHOICE, seq=2, action="record.delete")],
                    parse=lambda text: decoded.append(text) or safe_parse(text))
    assert len(decoded) == 2
    assert [str(d) for d in out.unusable] == ["event 2: 'record.delete' is not a kind of event this workbench writes"]


def test_an_answer_of_an_event_numbered_below_zero_is_folded_as_its_kind_folds_it():
    rows = [row(CHOICE, seq=-3)]
    assert same_outcome(from_text(rows), by_columns(rows))
