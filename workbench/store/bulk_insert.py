"""Many rows inserted with the values they all share bound once per statement (a load of answers)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from itertools import chain

from sqlite_utils import Database

from workbench.store.database import MAX_PARAMETERS


def insert_sharing(db: Database, insert: str, columns: Sequence[str], shared: Mapping[str, object],
                   rows: Sequence[Sequence[object]]) -> None:
    """What ``database.insert_rows`` does for ``rows`` (values of ``columns``, in order), every row also given
    ``shared``'s values (by column), which each statement binds once and every row of it reads.

    ``insert`` is the statement's start, ``INSERT [OR ...] INTO table``. A load of 750,000
    answers writes the same actor, time, role and round in every answer and event: bound
    once per statement, the rows carry a third fewer values (``benchmarks/bench_answers.py``).
    """
    if not rows:
        return
    names, fixed = (*shared, *columns), list(shared.values())
    per_statement = max(1, (MAX_PARAMETERS - len(fixed)) // len(columns))
    for start in range(0, len(rows), per_statement):
        part = rows[start:start + per_statement]
        sql = _statement(insert, names, len(fixed), len(columns), len(part))
        db.conn.execute(sql, [*fixed, *chain.from_iterable(part)])


@lru_cache(maxsize=16)
def _statement(insert: str, names: tuple[str, ...], shared: int, width: int, count: int) -> str:
    """``insert (names) VALUES (...), ...`` for ``count`` rows, numbered parameters: the shared values first
    (``?1`` ...), then each row's own."""
    fixed = [f"?{n}" for n in range(1, shared + 1)]
    own = iter(range(shared + 1, shared + width * count + 1))
    values = ", ".join("(" + ", ".join([*fixed, *(f"?{next(own)}" for _ in range(width))]) + ")" for _ in range(count))
    return f"{insert} ({', '.join(names)}) VALUES {values}"
