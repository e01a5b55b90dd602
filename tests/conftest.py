from __future__ import annotations

import pytest

from tests.factories import AUDITOR, make_audit


@pytest.fixture
def actor():
    return AUDITOR


@pytest.fixture
def audit(tmp_path):
    store = make_audit(tmp_path)
    yield store
    store.close()
