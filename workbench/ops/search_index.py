"""Bringing the full-text index of records up to date after an import (``store.search``).

An import commits its records without the index, which is a cache: the window
runs ``build_search_index`` on its worker when it opens an audit and after
records arrive, and the text filter matches the records not yet indexed by
reading them meanwhile. Each batch is a transaction of its own, so a cancelled
build keeps what it did and the next one goes on from there.
"""

from __future__ import annotations

from workbench.ops.progress import Progress
from workbench.store.audit_store import AuditStore
from workbench.store.search import INDEX_BATCH

#: The stage reported while indexing (``ops.progress``).
INDEXING = "indexing"


def build_search_index(store: AuditStore, progress: Progress | None = None) -> int:
    """Index every record the full-text index lacks, a batch at a time; how many were indexed.

    ``progress`` hears after each batch and may cancel between batches (``Cancelled``);
    the batches already written stay. Nothing happens on a read-only audit.
    """
    if store.read_only:
        return 0
    total = store.search_backlog()
    done = 0
    while done < total:
        if progress is not None:
            progress.check_cancelled()
        added = store.index_for_search(INDEX_BATCH)
        if not added:
            break
        done += added
        if progress is not None:
            progress.report(INDEXING, done, total)
    return done
