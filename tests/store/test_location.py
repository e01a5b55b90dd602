"""Where an audit lives decides how it is opened: network shares, read-only places."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbench.store import location

MOUNTINFO = """\
22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 22 0:35 / /mnt/share rw,relatime shared:20 - cifs //server/audits rw,vers=3.1.1
41 22 0:36 / /mnt/nfs rw,relatime shared:21 - nfs4 server:/export rw
42 22 0:37 / /mnt/my\\040drive rw,relatime shared:22 - fuse.sshfs host:/x rw
43 40 8:2 / /mnt/share/local rw,relatime shared:23 - ext4 /dev/sdb1 rw
"""


@pytest.mark.parametrize("path, fstype", [
    ("/home/auditor/q3.cdiaudit", "ext4"),
    ("/mnt/share/q3.cdiaudit", "cifs"),
    ("/mnt/nfs/team/q3.cdiaudit", "nfs4"),
    ("/mnt/my drive/q3.cdiaudit", "fuse.sshfs"),
    ("/mnt/share/local/q3.cdiaudit", "ext4"),      # a local disk mounted inside a share
    ("/mnt/sharepoint/q3.cdiaudit", "ext4"),       # a name that merely begins like a mount point
])
def test_the_file_system_is_the_innermost_mount_holding_the_path(path, fstype):
    assert location.filesystem_type(Path(path), MOUNTINFO) == fstype


@pytest.mark.parametrize("fstype", ["cifs", "smb3", "nfs", "nfs4", "fuse.sshfs"])
def test_network_file_systems_are_known(fstype):
    assert fstype in location.NETWORK_FILESYSTEMS


def test_a_local_temporary_folder_is_not_a_network_share(tmp_path):
    assert not location.is_network_path(tmp_path / "q3.cdiaudit")


def test_an_audit_on_a_network_share_uses_a_rollback_journal(tmp_path, monkeypatch):
    from tests.factories import make_audit

    monkeypatch.setattr("workbench.store.database.is_network_path", lambda path: True)
    store = make_audit(tmp_path)
    try:
        assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        store.close()
