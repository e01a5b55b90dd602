"""The full-text index of records (``records_search``): a cache built after an import, not inside it.

The index is derived from the records' key and source fields and is no part of
the audit trail: nothing is logged when it is written, and ``verify`` does not
read it. Tokenising 100,000 records of long text takes longer than reading the
extract they came from, so an import writes only the records and their event;
the index catches up afterwards (``SearchIndex.index_next``, in small
transactions, on the window's worker when an audit is opened or records arrive).
Records are numbered upwards and never removed, so "indexed" is one number: every
record whose id is at most ``search_index.indexed_through`` is in the index.

Until a record is indexed, the queue's text filter matches it by reading its
fields (``unindexed_match``, registered on the connection as a SQL function)
with the same rule as the index: the query's words as a phrase, the last one a
word's beginning, case and accents aside. The answers are the same before and
after the index catches up; only the time differs (about 1 s over 100,000
unindexed records, against milliseconds).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache

from sqlite_utils import Database

from workbench.store import database
from workbench.store.schema import search_text

#: Records indexed per transaction: about half a second of work, so an answer saved
#: meanwhile waits at most that long for the write lock.
INDEX_BATCH = 10_000
#: The index's buffer of pending terms while a batch is written (FTS5 ``hashsize``;
#: the default is 1 MB): each batch becomes one segment instead of several.
_BATCH_HASHSIZE = 32 * 1024 * 1024
_FTS_HASHSIZE = 1024 * 1024

#: What the index tokeniser (unicode61) takes as a word: letters and digits; all else separates.
_WORD = re.compile(r"[^\W_]+")


class SearchIndex:
    """The ``records_search`` index and the ``search_index`` table saying how far it reaches."""

    def __init__(self, db: Database):
        self.db = db
        db.conn.create_function("unindexed_match", 3, unindexed_match, deterministic=True)

    def indexed_through(self) -> int:
        """The highest record id the index holds (every record up to it is indexed)."""
        row = self.db.execute("SELECT indexed_through FROM search_index WHERE id = 1").fetchone()
        return row[0] if row else 0

    def backlog(self) -> int:
        """How many records are not in the index yet."""
        return self.db.execute("SELECT count(*) FROM records WHERE id > ?", (self.indexed_through(),)).fetchone()[0]

    def index_next(self, limit: int = INDEX_BATCH) -> int:
        """Add the next ``limit`` records not yet indexed, in one transaction of their own; how many.

        A cache write: no event is logged (the index is derived from the records,
        which are). Skipped (0) on a database opened read-only.
        """
        if self.db.execute("PRAGMA query_only").fetchone()[0]:
            return 0
        with database.write_transaction(self.db):
            mark = self.indexed_through()
            rows = self.db.execute("SELECT id, key, fields FROM records WHERE id > ? ORDER BY id LIMIT ?", (mark, limit)).fetchall()
            if not rows:
                return 0
            self._set_hashsize(_BATCH_HASHSIZE)
            self.db.conn.executemany("INSERT INTO records_search (rowid, text) VALUES (?, ?)",
                                     [(rid, _search_text_of(key, fields)) for rid, key, fields in rows])
            self._set_hashsize(_FTS_HASHSIZE)
            self.db.execute("UPDATE search_index SET indexed_through = ? WHERE id = 1", (rows[-1][0],))
        database.settle(self.db)
        return len(rows)

    def replace(self, record_id: int, key: str, old_fields: dict, new_fields: dict) -> None:
        """A record's source fields changed (in the caller's transaction): its index entry follows, if it has one."""
        if record_id > self.indexed_through():
            return   # not indexed yet: it is indexed from its fields as they will be then
        # The index is contentless: a row is taken out by giving the text it was added with.
        self.db.execute("INSERT INTO records_search (records_search, rowid, text) VALUES ('delete', ?, ?)",
                        (record_id, search_text(key, old_fields)))
        self.db.execute("INSERT INTO records_search (rowid, text) VALUES (?, ?)", (record_id, search_text(key, new_fields)))

    def _set_hashsize(self, size: int) -> None:
        # A setting stored in the index: set back in the same transaction.
        self.db.execute("INSERT INTO records_search (records_search, rank) VALUES ('hashsize', ?)", (size,))


def search_words(text: str) -> list[str]:
    """The words of ``text`` as the index keeps them: lower case, accents taken off, split at anything
    but a letter or digit (SQLite's ``unicode61`` tokeniser with ``remove_diacritics 2``)."""
    return _WORD.findall(_folded(text))


def _folded(text: str) -> str:
    if text.isascii():
        return text.lower()
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


@lru_cache(maxsize=64)
def _phrase(query: str) -> re.Pattern[str] | None:
    """The query's words as the index matches them, in folded text whose ``_`` became spaces: whole words in a
    row, the last one a word's beginning. It starts with the first word itself (checked for a word's start just
    after), so the search skips to where that word is instead of trying every position."""
    words = search_words(query)
    if not words:
        return None
    first = re.escape(words[0]) + rf"(?<!\w[\s\S]{{{len(words[0])}}})"
    return re.compile(r"\W+".join([first, *map(re.escape, words[1:])]))


def unindexed_filter(query: str) -> tuple[str, list[str]]:
    """SQL (and its arguments) keeping the records not yet indexed that match ``query`` as the index would.

    SQLite first keeps the records whose text holds every word of the query (``LIKE``
    ignores only ASCII case: a record with other characters is kept for the exact
    test, as is a word with other letters); ``unindexed_match`` then decides.
    """
    words = [word for word in _query_words(query) if word.isascii()]   # (letters and digits: no LIKE wildcard)
    quick = " AND ".join(["(fields LIKE ? OR key LIKE ?)"] * len(words)) or "1"
    sql = ("SELECT id FROM records WHERE id > (SELECT indexed_through FROM search_index WHERE id = 1)"
           f" AND (({quick}) OR length(CAST(fields AS BLOB)) <> length(fields) OR length(CAST(key AS BLOB)) <> length(key))"
           " AND unindexed_match(key, fields, ?)")   # (the two lengths differ when the text is not ASCII)
    return sql, [*(f"%{word}%" for word in words for _ in range(2)), query]


def unindexed_match(key: str, fields: str, query: str) -> bool:
    """Whether a record matches ``query`` as the index would find it: its words as a phrase, the last a prefix.

    ``fields`` is the record's stored JSON. Its search text is taken from it without
    the JSON parser when no value holds an escape.
    """
    phrase = _phrase(query)
    if phrase is None:
        return False
    return phrase.search(_folded(_search_text_of(key, fields)).replace("_", " ")) is not None


@lru_cache(maxsize=64)
def _query_words(query: str) -> tuple[str, ...]:
    return tuple(search_words(query))


def _search_text_of(key: str, fields: str) -> str:
    """``search_text`` of a record from its stored JSON: ``{"name":"value",...}`` split at its quotes when it
    holds no escape (names and values then hold no quote), else parsed."""
    if "\\" not in fields:
        parts = fields.split('"')
        if (len(parts) % 4 == 1 and parts[0] == "{" and parts[-1] == "}" and set(parts[2::4]) == {":"}
                and set(parts[4:-1:4]) <= {","}):
            return " ".join([key, *parts[3::4]])
    return search_text(key, json.loads(fields))
