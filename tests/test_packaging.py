"""An installed wheel finds its checklists and resources (paths.py is the one place that knows)."""

from __future__ import annotations

import subprocess
import sys
import zipfile

import pytest

from workbench import paths


def test_the_source_tree_provides_forms_and_demo_data():
    assert (paths.forms_dir() / "incident.toml").is_file()
    assert (paths.demo_dir() / "demo-sample.xlsx").is_file()


@pytest.mark.slow
def test_the_wheel_carries_forms_and_resources_where_paths_looks(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), "."],
        check=True, capture_output=True, cwd=paths.forms_dir().parent,
    )
    (wheel,) = tmp_path.glob("*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "workbench/_data/forms/incident.toml" in names
    assert "workbench/_data/resources/demo/demo-sample.xlsx" in names
    assert "workbench/paths.py" in names


def test_an_installed_layout_is_preferred_to_the_source_tree(tmp_path, monkeypatch):
    data = tmp_path / "workbench" / "_data"
    (data / "forms").mkdir(parents=True)
    (data / "resources").mkdir()
    monkeypatch.setattr(paths, "_PACKAGE_DIR", tmp_path / "workbench")
    paths._data_root.cache_clear()
    try:
        assert paths.forms_dir() == data / "forms"
    finally:
        paths._data_root.cache_clear()
