"""Fixtures of the ops tests."""

from __future__ import annotations

import pytest

from workbench.ops.importing import import_sample

from tests.factories import AUDITOR, write_sample


@pytest.fixture
def sampled(audit, tmp_path):
    """The test audit with a sample of three incident records imported."""
    import_sample(audit, AUDITOR, write_sample(tmp_path, 3))
    return audit
