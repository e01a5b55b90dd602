"""FindingsView: the findings tables and narrative, recomputed off the UI thread as answers change."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbench.ops.answering import answer
from workbench.ops.findings import audit_findings
from workbench.ui.findings_view import FindingsView, Snapshot, compute, findings_html

from tests.factories import AUDITOR
from tests.leicestershire import build_leicestershire_audit

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")
WAIT_MS = 20_000
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


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
    from workbench.ops.audits import open_audit

    with open_audit(leicestershire_path) as store:
        with qtbot.waitSignal(view.updated, timeout=WAIT_MS):
            view.refresh_now(store)
        html = view.browser.toHtml()
        text = view.browser.toPlainText()
        for line in ("Rate\n123\n115\n100\n87.0%", "Rate\n55\n16\n6\n37.5%",
                     "All categories\n83\n74\n89.2%", "Robbery\n23\n17\n73.9%",
                     "Offender's history made the disposal suitable\n23\n25\n92.0%"):
            assert line in text, line
        assert 'align="right"' in html
        assert "We examined 123 incident records and found that 115 crimes should have been recorded." in text
        if os.environ.get("WORKBENCH_SCREENSHOTS"):  # WORKBENCH_SCREENSHOTS=1 refreshes docs/screenshots
            view.show()
            qtbot.waitExposed(view)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            assert view.grab().save(str(SCREENSHOTS / "findings-view.png"))


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


def test_computing_a_snapshot_matches_the_findings_command(demo_store):
    computed = compute(Snapshot.read(demo_store))
    assert computed.findings.to_dict() == audit_findings(demo_store).to_dict()
    assert computed.records == demo_store.record_count()


def test_user_text_is_escaped(demo_store):
    computed = compute(Snapshot.read(demo_store))
    html = findings_html(computed.findings, ["<script>x</script> by <b>Evil</b> & Co"], computed.settings)
    assert "<b>Evil</b>" not in html and "&lt;b&gt;Evil&lt;/b&gt; &amp; Co" in html
    assert "<script>" not in html
