"""The queue's "disagreements" filter: a peer's choice answer differs from the auditor's."""

from __future__ import annotations

from workbench.core.audit import Actor, Role
from workbench.ops.answering import answer_many
from workbench.ops.importing import import_sample

from tests.factories import AUDITOR, write_sample

PEER = Actor("P. Peer", Role.PEER)


def test_only_choice_answers_that_differ_count_and_free_text_never_does(audit, tmp_path):
    import_sample(audit, AUDITOR, write_sample(tmp_path, 3))
    for key in ("INC-0001", "INC-0002", "INC-0003"):
        answer_many(audit, AUDITOR, key, [("auditable", None, "yes", None), ("rationale", None, "auditor text", None)])
    answer_many(audit, PEER, "INC-0001", [("auditable", None, "yes", None), ("rationale", None, "peer text", None)], 2)
    answer_many(audit, PEER, "INC-0002", [("auditable", None, "no", None)], 2)
    assert [r.key for r in audit.queue(disagreements=True)] == ["INC-0002"]
    assert audit.matching_ids(disagreements=True, text="INC") == {audit.queue_row("INC-0002").id}
