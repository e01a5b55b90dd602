"""Fixtures for the GUI tests: settings in tmp_path, a fresh demo audit, the user.

Nothing here is session-wide: each test gets its own settings file and audit, so
no test can see another's state (and none touches the real user's settings).
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from workbench.ops.audits import build_demo
from workbench.ui.settings import UiSettings

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
