"""UiSettings: recent audits, identity, layout and resume points, kept in tmp_path."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from workbench.core.audit import Actor, Role
from workbench.ui.common.ui_settings import MAX_RECENT, UiSettings


def touch(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def reopened(ui_settings: UiSettings) -> UiSettings:
    """The same settings file read by a fresh QSettings, as after a restart."""
    ui_settings.sync()
    return UiSettings(QSettings(ui_settings.file_name, QSettings.Format.IniFormat))


def test_recent_audits_are_most_recent_first_without_duplicates(ui_settings, tmp_path):
    a, b, c = (touch(tmp_path / f"{n}.cdiaudit") for n in "abc")
    for path in (a, b, c, a):
        ui_settings.add_recent(path)
    assert ui_settings.recent_audits() == [a, c, b]
    assert ui_settings.last_audit == a


def test_at_most_eight_recent_audits_are_kept(ui_settings, tmp_path):
    paths = [touch(tmp_path / f"{i}.cdiaudit") for i in range(MAX_RECENT + 3)]
    for path in paths:
        ui_settings.add_recent(path)
    assert ui_settings.recent_audits() == paths[::-1][:MAX_RECENT]


def test_a_missing_audit_is_dropped_from_the_recent_list(ui_settings, tmp_path):
    a, b = touch(tmp_path / "a.cdiaudit"), touch(tmp_path / "b.cdiaudit")
    ui_settings.add_recent(a)
    ui_settings.add_recent(b)
    b.unlink()
    assert ui_settings.recent_audits() == [a]
    assert ui_settings.last_audit is None


def test_remove_recent_forgets_an_audit(ui_settings, tmp_path):
    a, b = touch(tmp_path / "a.cdiaudit"), touch(tmp_path / "b.cdiaudit")
    ui_settings.add_recent(a)
    ui_settings.add_recent(b)
    ui_settings.remove_recent(b)
    assert ui_settings.recent_audits() == [a] and ui_settings.last_audit is None


def test_recent_audits_survive_a_restart(ui_settings, tmp_path):
    a = touch(tmp_path / "a.cdiaudit")
    ui_settings.add_recent(a)
    again = reopened(ui_settings)
    assert again.recent_audits() == [a] and again.last_audit == a


def test_identity_is_remembered(ui_settings):
    assert ui_settings.identity is None
    ui_settings.identity = Actor("Jo Reviewer", Role.PEER, "Demo Constabulary")
    assert reopened(ui_settings).identity == Actor("Jo Reviewer", Role.PEER, "Demo Constabulary")


def test_a_damaged_identity_reads_as_unknown(ui_settings, tmp_path):
    qs = QSettings(ui_settings.file_name, QSettings.Format.IniFormat)
    qs.setValue("identity", '{"name": "X", "role": "chief constable"}')
    assert UiSettings(qs).identity is None


def test_window_geometry_state_and_splitters_round_trip_as_bytes(ui_settings):
    assert ui_settings.window_geometry is None and ui_settings.splitter_state("main") is None
    ui_settings.window_geometry = b"\x01\x02geometry"
    ui_settings.window_state = b"\x00state"
    ui_settings.set_splitter_state("main", b"\x03split")
    again = reopened(ui_settings)
    assert again.window_geometry == b"\x01\x02geometry"
    assert again.window_state == b"\x00state"
    assert again.splitter_state("main") == b"\x03split"


def test_resume_point_is_kept_per_audit(ui_settings, tmp_path):
    a, b = tmp_path / "a.cdiaudit", tmp_path / "b.cdiaudit"
    ui_settings.set_resume_at(a, "INC-0007", "timely")
    ui_settings.set_resume_at(b, "REF-0002")
    again = reopened(ui_settings)
    assert again.resume_at(a) == ("INC-0007", "timely")
    assert again.resume_at(b) == ("REF-0002", None)
    assert again.resume_at(tmp_path / "other.cdiaudit") is None


def test_recent_audits_keep_their_titles(ui_settings, tmp_path):
    a, b = touch(tmp_path / "a.cdiaudit"), touch(tmp_path / "b.cdiaudit")
    ui_settings.add_recent(a, "Q1 audit")
    ui_settings.add_recent(b)
    ui_settings.add_recent(a)  # reopened without a title: the old one is kept
    assert [(e.path, e.title) for e in reopened(ui_settings).recent_entries()] == [(a, "Q1 audit"), (b, "")]
