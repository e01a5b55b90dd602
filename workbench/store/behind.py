"""Rows of a large write written on a helper thread while the caller prepares the next batch.

SQLite lets go of Python's lock while it writes, so on a second core the rows of one
batch (a load of 750,000 answers: their events and answer rows) are written while the
events of the next are encoded and hashed. Everything stays in the caller's one
transaction, on its one connection, in the order given; the caller uses the connection
for nothing else until ``wait`` (or the end of ``writing_behind``) returns.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager

from sqlite_utils import Database

from workbench.store.database import insert_rows

#: Batches handed over and not yet written, at most: the caller waits rather than holding more rows.
AHEAD = 2


class WriterBehind:
    """Runs the statements of one open transaction on one helper thread, in the order given."""

    def __init__(self, db: Database, pool: ThreadPoolExecutor):
        self.db = db
        self._pool = pool
        self._running: deque[Future] = deque()

    def insert_rows(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        """``database.insert_rows(db, sql, rows)``, on the helper thread; ``rows`` is not changed afterwards."""
        self._submit(insert_rows, self.db, sql, rows)

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        """``executemany(sql, rows)`` on the helper thread."""
        self._submit(self.db.conn.executemany, sql, rows)

    def wait(self) -> None:
        """Return once everything handed over is written; the first statement's error, if one failed."""
        while self._running:
            self._running.popleft().result()

    def _submit(self, write: Callable[..., object], *args: object) -> None:
        while len(self._running) >= AHEAD:
            self._running.popleft().result()
        self._running.append(self._pool.submit(write, *args))


@contextmanager
def writing_behind(db: Database) -> Iterator[WriterBehind]:
    """A ``WriterBehind`` for the block; everything it was given is written (or has failed) when the block ends.

    On an error in the block, what is being written is let finish and the rest dropped,
    so the caller's transaction can be rolled back with nothing still writing into it.
    """
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="workbench-writer")
    try:
        behind = WriterBehind(db, pool)
        yield behind
        behind.wait()
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
