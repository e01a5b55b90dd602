"""Fixtures for the GUI tests: settings in tmp_path, a fresh demo audit, the user.

Nothing here is session-wide: each test gets its own settings file and audit, so
no test can see another's state (and none touches the real user's settings).
"""

from __future__ import annotations

import gc

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication

from workbench.ops.audits import build_demo
from workbench.ui.common.ui_settings import UiSettings

from tests.factories import AUDITOR


@pytest.fixture
def actor():
    return AUDITOR


@pytest.fixture
def ui_settings(tmp_path):
    """A ``UiSettings`` whose INI file lives in ``tmp_path``."""
    qsettings = QSettings(str(tmp_path / "workbench-settings.ini"), QSettings.Format.IniFormat)
    yield UiSettings(qsettings)
    qsettings.sync()


@pytest.fixture
def demo_store(tmp_path):
    """A fresh synthetic demo audit (60 records, partly answered), closed afterwards."""
    store = build_demo(tmp_path / "demo.cdiaudit").store
    yield store
    store.close()


@pytest.fixture
def demo_session(demo_store, actor):
    """The demo audit open as the test auditor, as the window holds it (its runner included)."""
    from workbench.ui.common.session import Session

    session = Session(demo_store, actor)
    yield session
    session.jobs.wait()


@pytest.fixture
def no_leaked_widgets(qapp):
    """Fail a test that leaves a top-level widget behind (use with ``usefixtures``).

    Runs its check after pytest-qt has closed the widgets given to ``qtbot.addWidget``
    and after pending ``deleteLater`` calls have been carried out.
    """
    before = list(QApplication.topLevelWidgets())
    yield
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    leaked = [w for w in QApplication.topLevelWidgets() if not any(w is b for b in before)]
    names = [f"{type(w).__name__}({w.objectName()!r}, visible={w.isVisible()})" for w in leaked]
    for w in leaked:  # clean up so one leak does not fail the next test too
        w.close()
        w.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not leaked, f"widgets leaked by the test: {', '.join(names)}"
