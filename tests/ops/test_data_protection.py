"""The Data Protection Act 2018 s62 log: consultations, the DPO's export, the retention date."""

from __future__ import annotations

import csv
import datetime as dt

from workbench.cli import main
from workbench.core.audit import AuditSettings
from workbench.ops.data_protection import DPA_HEADER, log_consultation, retention_passed
from workbench.ops.export import export_report
from workbench.ops.importing import import_sample

from tests.factories import AUDITOR, make_audit, write_sample


def test_a_consultation_is_logged_with_who_which_record_and_the_purpose(audit, tmp_path):
    import_sample(audit, AUDITOR, write_sample(tmp_path, 1))
    log_consultation(audit, AUDITOR, "INC-0001", "Quality check")
    event = list(audit.events())[-1]
    assert (event.operation, event.action, event.actor) == ("consultation", "record.view", AUDITOR.name)
    assert event.detail == {"record": "INC-0001", "purpose": "Quality check"}


def test_the_dpa_log_lists_every_event_with_the_recipient_of_a_disclosure(audit, tmp_path, capsys):
    import_sample(audit, AUDITOR, write_sample(tmp_path, 1))
    log_consultation(audit, AUDITOR, "INC-0001")
    export_report(audit, AUDITOR, xlsx=tmp_path / "f.xlsx", recipient="Governance board")
    events = len(list(audit.events()))
    audit.close()
    assert main(["log", str(audit.path), "--dpa", str(tmp_path / "dpa.csv")]) == 0
    with (tmp_path / "dpa.csv").open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    assert tuple(rows[0]) == DPA_HEADER and len(rows) == events + 1
    operations = {row[4] for row in rows[1:]}
    assert {"collection", "consultation", "disclosure"} <= operations
    disclosure = next(row for row in rows if row[4] == "disclosure")
    assert disclosure[7] == "Governance board"


def test_a_name_that_looks_like_a_formula_is_quoted_in_the_dpa_log(tmp_path):
    from workbench.core.audit import Actor

    store = make_audit(tmp_path)
    import_sample(store, Actor("=HYPERLINK(1)"), write_sample(tmp_path, 1))
    store.close()
    main(["log", str(store.path), "--dpa", str(tmp_path / "dpa.csv")])
    assert "'=HYPERLINK(1)" in (tmp_path / "dpa.csv").read_text(encoding="utf-8-sig")


def test_a_passed_retention_date_is_said_and_a_future_one_is_not(tmp_path):
    store = make_audit(tmp_path, retention_date="2025-01-31")
    try:
        assert "2025-01-31, has passed" in retention_passed(store, dt.date(2026, 11, 27))
        assert retention_passed(store, dt.date(2025, 1, 30)) is None
    finally:
        store.close()


def test_status_warns_when_the_retention_date_has_passed(tmp_path, capsys):
    make_audit(tmp_path, retention_date="2020-01-01").close()
    assert main(["status", str(tmp_path / "audit.cdiaudit")]) == 0
    assert "warning: The retention date of this audit, 2020-01-01, has passed" in capsys.readouterr().out


def test_no_retention_date_means_no_warning(audit):
    assert audit.settings() == AuditSettings(title="Test audit") and retention_passed(audit) is None
