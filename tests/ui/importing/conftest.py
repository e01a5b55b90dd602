"""The import wizard over the test audit, as the window opens it."""

from __future__ import annotations

import pytest

from workbench.ui.common.session import Session
from workbench.ui.importing.import_wizard import ImportWizard

from tests.factories import AUDITOR


@pytest.fixture
def wizard(qtbot, audit):
    session = Session(audit, AUDITOR)
    w = ImportWizard(session)
    qtbot.addWidget(w)
    w.show()
    yield w
    session.jobs.wait()
    session.indexer.wait()
