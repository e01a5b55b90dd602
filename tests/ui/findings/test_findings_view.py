"""FindingsView: the findings layout rendered, recomputed off the UI thread as answers change."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from workbench.core.findings_layout import FindingsLayout, Paragraphs, Section
from workbench.ops.answering import answer
from workbench.ops.audits import open_audit
from workbench.ops.findings import audit_findings, audit_report
from workbench.ui.findings import findings_view as findings_module
from workbench.ui.findings.findings_html import findings_html
from workbench.ui.findings.findings_view import FindingsView

from tests.factories import AUDITOR
from tests.leicestershire import build_leicestershire_audit

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")
WAIT_MS = 20_000
SCREENSHOTS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


@pytest.fixture
def view(qtbot):
    widget = FindingsView()
    qtbot.addWidget(widget)
    widget.resize(1000, 760)
    yield widget
    widget.shutdown()


@pytest.fixture(scope="module")
def leicestershire_path(tmp_path_factory):
    store = build_leicestershire_audit(tmp_path_factory.mktemp("leics-view"))
    store.close()
    return store.path


def test_it_shows_the_findings_of_the_audit(qtbot, view, demo_store):
    with qtbot.waitSignal(view.updated, timeout=WAIT_MS):
        view.refresh_now(demo_store)
    assert view.computed.findings.to_dict() == audit_findings(demo_store).to_dict()
    text = view.browser.toPlainText()
    assert "Crimes reported as part of an incident record" in text and "Incidents\nreviewed" in text
    assert view.title.text() == demo_store.settings().title
    assert "OFFICIAL-SENSITIVE" in view.state.text()


def test_the_2014_numbers_stand_with_x_and_n_beside_every_percentage(qtbot, view, leicestershire_path):
    with open_audit(leicestershire_path) as store:
        with qtbot.waitSignal(view.updated, timeout=WAIT_MS):
            view.refresh_now(store)
        html = view.browser.toHtml()
        text = view.browser.toPlainText().replace("\u00a0", " ")
        for line in ("rate\n123\n115\n100\n87.0%\n100 of 115", "rate\n55\n16\n6\n37.5%\n6 of 16",
                     "Robbery\n23\n73.9%\n17 of 23", "All categories\n83\n89.2%\n74 of 83",
                     "Did the offender's history make this disposal suitable?\n92.0%\n23 of 25"):
            assert line in text, line
        assert 'align="right"' in html
        assert "We examined 123 incident records and found that 115 crimes should have been recorded." in text
        if os.environ.get("WORKBENCH_SCREENSHOTS"):  # WORKBENCH_SCREENSHOTS=1 refreshes docs/screenshots
            view.show()
            qtbot.waitExposed(view)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            assert view.grab().save(str(SCREENSHOTS / "findings-view.png"))


def test_the_view_shows_the_layout_the_command_line_prints(qtbot, view, leicestershire_path):
    with open_audit(leicestershire_path) as store:
        with qtbot.waitSignal(view.updated, timeout=WAIT_MS):
            view.refresh_now(store)
        report = audit_report(store)
    text = view.browser.toPlainText()
    for table in report.layout.tables():
        assert table.title in text
    assert view.computed.layout == report.layout


def test_refresh_is_debounced_and_follows_answers(qtbot, view, demo_store):
    with qtbot.waitSignal(view.updated, timeout=WAIT_MS):
        view.refresh_now(demo_store)
    before = view.computed.findings.exclusions.total_incomplete
    shown = []
    view.updated.connect(lambda: shown.append(1))
    for _ in range(20):  # a burst of answers: one recomputation
        view.refresh(demo_store)
    qtbot.waitUntil(lambda: bool(shown) and not view.busy, timeout=WAIT_MS)
    assert len(shown) == 1
    # answering a record changes what is shown
    record = next(r for r in demo_store.records() if r.form_id == "incident"
                  and not any(True for _ in demo_store.answers("auditor", 1, r.key)))
    answer(demo_store, AUDITOR, record.key, "auditable", "no")
    view.refresh(demo_store)
    qtbot.waitUntil(lambda: len(shown) == 2 and not view.busy, timeout=WAIT_MS)
    after = view.computed.findings.exclusions
    assert after.not_auditable.get("incident", 0) >= 1
    assert after.total_incomplete == before - 1


def test_the_views_own_connection_is_opened_once_through_ops_and_cannot_write(qtbot, view, demo_store, monkeypatch):
    opened = []
    real_open = findings_module.open_reader
    monkeypatch.setattr(findings_module, "open_reader", lambda path, **kw: opened.append(path) or real_open(path, **kw))
    with qtbot.waitSignal(view.updated, timeout=WAIT_MS):
        view.refresh_now(demo_store)
    with qtbot.waitSignal(view.updated, timeout=WAIT_MS):
        view.refresh_now(demo_store)
    assert opened == [demo_store.path]  # once per view, not at every refresh
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        view._reader.store.db.execute("UPDATE audit SET settings = settings")


def test_user_text_is_escaped():
    layout = FindingsLayout((Section("narrative", "<i>Words</i>", "", (Paragraphs(("<script>x</script> by <b>Evil</b> & Co",)),)),))
    html = findings_html(layout)
    assert "<b>Evil</b>" not in html and "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in html
    assert "<script>" not in html and "<i>Words</i>" not in html


def test_at_1366_by_768_every_column_fits_the_pane_with_no_sideways_scrolling(qtbot, view, leicestershire_path):
    """Issue 12: the rate and interval columns were cut off and needed a horizontal scroll bar.

    At 1366 x 768 the Findings tab is about 470 pixels wide (docs/screenshots/make_findings_screenshots.py).
    """
    view.resize(470, 700)
    view.show()
    qtbot.waitExposed(view)
    with open_audit(leicestershire_path) as store:
        with qtbot.waitSignal(view.updated, timeout=WAIT_MS):
            view.refresh_now(store)
    qtbot.waitUntil(lambda: view.browser.document().size().width() > 0)
    assert view.browser.document().size().width() <= view.browser.viewport().width()
    assert view.browser.horizontalScrollBar().maximum() == 0
    text = view.browser.toPlainText()
    assert "+/- 6.16%" in text and "87.0%" in text  # the rate and its interval are there to be read
