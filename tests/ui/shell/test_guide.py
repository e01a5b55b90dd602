"""Help › User guide: the guides shown in the workbench, their links followed, their pictures fitted."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QUrl

from workbench.ui.shell import guide as guide_module
from workbench.ui.shell.guide import GuideWindow

DOCS = Path(__file__).resolve().parents[3] / "docs"

pytestmark = pytest.mark.usefixtures("no_leaked_widgets")


@pytest.fixture
def guide(qtbot):
    window = GuideWindow(DOCS / "user-guide.md")
    qtbot.addWidget(window)
    window.show()
    window.resize(900, 700)
    qtbot.waitExposed(window)
    return window


def test_a_link_to_another_page_opens_it_here_and_back_returns(guide):
    guide.browser.follow(QUrl("guide-fcr.md"))
    assert guide.page == (DOCS / "guide-fcr.md").resolve()
    assert "Force Crime Registrar's guide" in guide.browser.document().toPlainText()
    guide.browser.backward()
    assert guide.page == (DOCS / "user-guide.md").resolve()


def test_a_web_link_opens_in_the_browser_not_here(guide, monkeypatch):
    opened = []
    monkeypatch.setattr(guide_module.QDesktopServices, "openUrl", lambda url: opened.append(url.toString()) or True)
    guide.browser.follow(QUrl("https://xlsform.org/en/"))
    assert opened == ["https://xlsform.org/en/"]
    assert guide.page == (DOCS / "user-guide.md").resolve()


def test_a_link_to_a_file_not_installed_is_said(guide):
    guide.browser.follow(QUrl("nowhere.md"))
    assert "not installed" in guide.browser.said
    assert guide.page == (DOCS / "user-guide.md").resolve()


def test_every_picture_fits_the_page_width(guide, qtbot):
    guide.browser.follow(QUrl("guide-auditor.md"))
    qtbot.waitUntil(lambda: guide.browser.horizontalScrollBar().maximum() == 0)
    assert guide.browser.horizontalScrollBar().maximum() == 0
