"""The FCR determinations table reads its events through their own index, never by a scan of the whole log."""

from __future__ import annotations

from workbench.store.findings_queries import determination_events

from tests.factories import make_audit


def test_the_determination_events_are_read_through_their_partial_index(tmp_path):
    store = make_audit(tmp_path)
    asked: list[str] = []
    store.db.conn.set_trace_callback(asked.append)
    try:
        determination_events(store)
    finally:
        store.db.conn.set_trace_callback(None)
    plan = " ".join(row[3] for row in store.db.execute("EXPLAIN QUERY PLAN " + asked[-1]))
    store.close()
    assert "USING INDEX events_of_determinations" in plan
