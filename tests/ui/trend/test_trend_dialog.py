"""View › Trend…: the open audit beside earlier ones, computed off the UI thread, with reference lines."""

from __future__ import annotations

import pytest

from workbench.ui.trend.trend_dialog import TrendDialog

from tests.ops.test_trend import audit_with_rate

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")
WAIT_MS = 20_000


@pytest.fixture(scope="module")
def periods(tmp_path_factory):
    folder = tmp_path_factory.mktemp("trend-ui")
    return (audit_with_rate(folder, "a", 182, 200, "2018-04-01", "2019-03-31"),
            audit_with_rate(folder, "b", 169, 201, "2019-04-01", "2020-03-31"))


def shown(qtbot, dialog):
    qtbot.waitUntil(lambda: dialog.section is not None and not dialog.runner.busy and not dialog.timer.isActive(),
                    timeout=WAIT_MS)


def test_the_dialog_compares_the_open_audit_with_the_audits_added(qtbot, periods):
    earlier, later = periods
    dialog = TrendDialog(later)
    qtbot.addWidget(dialog)
    assert dialog.section is None or len(dialog.section.tables()) == 0  # one audit: nothing to compare yet
    dialog.add_audit(earlier)
    shown(qtbot, dialog)
    assert "The fall from 91.0% (2018/19) to 84.1% (2019/20) is larger than chance would give (p = 0.04)." \
        in dialog.sentences.text()
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == ["2018/19", "2019/20"]
    assert [b.rate for b in dialog.chart.chart.bars] == [91.0, 84.1]


def test_a_reference_line_is_drawn_and_compared(qtbot, periods):
    earlier, later = periods
    dialog = TrendDialog(later)
    qtbot.addWidget(dialog)
    dialog.add_audit(earlier)
    dialog.add_reference("National 2018/19", "87.7")
    shown(qtbot, dialog)
    qtbot.waitUntil(lambda: dialog.chart.chart is not None and bool(dialog.chart.chart.references), timeout=WAIT_MS)
    assert dialog.chart.chart.references[0].rate == 87.7
    assert "is below National 2018/19 (87.7%)" in dialog.sentences.text()


def test_a_reference_that_is_not_a_percentage_is_said_not_dropped_silently(qtbot, periods):
    earlier, later = periods
    dialog = TrendDialog(later)
    qtbot.addWidget(dialog)
    dialog.add_reference("National", "high")
    qtbot.waitUntil(lambda: not dialog.problem.isHidden(), timeout=WAIT_MS)
    assert "is not a percentage from 0 to 100" in dialog.problem.text()
