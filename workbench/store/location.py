"""Where an audit file lives decides how it is opened.

- **Network shares** (SMB/CIFS, NFS and the like) cannot share the memory SQLite's
  WAL mode needs between machines: an audit there is opened with a rollback
  journal (``journal_mode=DELETE``), which works over file locks alone.
- **Read-only locations** (a read-only share or mount, a CD, a file or folder we
  cannot write) are opened read-only: everything that only reads works; changes are
  refused with a sentence saying why.

Linux reads the file system type from ``/proc/self/mountinfo``; Windows asks
``GetDriveTypeW`` and treats UNC paths (``\\\\server\\share``) as network paths.
Elsewhere (macOS) network shares are not detected: the README says so.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

#: File system types (Linux ``mountinfo`` names) that are reached over a network.
NETWORK_FILESYSTEMS = frozenset({
    "cifs", "smb3", "smbfs", "nfs", "nfs4", "ncpfs", "afs", "9p", "ceph", "glusterfs", "lustre", "gpfs",
    "fuse.sshfs", "fuse.rclone", "fuse.davfs", "davfs", "fuse.s3fs", "fuse.glusterfs", "fuse.cephfs",
})
DRIVE_REMOTE = 4  # GetDriveTypeW


def is_network_path(path: Path) -> bool:
    """Whether ``path`` is on a network share (best effort; False when it cannot tell)."""
    path = Path(path).resolve()
    if sys.platform == "win32":
        return _windows_network(path)
    if sys.platform.startswith("linux"):
        fstype = filesystem_type(path)
        return fstype is not None and fstype in NETWORK_FILESYSTEMS
    return False


def filesystem_type(path: Path, mountinfo: str | None = None) -> str | None:
    """The type of the file system holding ``path``, from ``/proc/self/mountinfo`` (Linux)."""
    if mountinfo is None:
        try:
            mountinfo = Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
        except OSError:
            return None
    best, fstype = "", None
    target = str(path)
    for line in mountinfo.splitlines():
        left, sep, right = line.partition(" - ")
        fields = left.split()
        if not sep or len(fields) < 5 or not right.split():
            continue
        mount_point = _unescape(fields[4])
        inside = target == mount_point or target.startswith(mount_point.rstrip("/") + "/")
        if inside and len(mount_point) >= len(best):
            best, fstype = mount_point, right.split()[0]
    return fstype


def _unescape(field: str) -> str:
    """mountinfo writes space, tab, newline and backslash as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def _windows_network(path: Path) -> bool:
    text = str(path)
    if text.startswith("\\\\") and not text.startswith("\\\\?\\"):
        return True
    try:
        import ctypes

        return ctypes.windll.kernel32.GetDriveTypeW(path.anchor) == DRIVE_REMOTE  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return False


def is_read_only_location(path: Path) -> bool:
    """Whether changes to the audit at ``path`` cannot be saved there.

    The file must be writable, and so must its folder (SQLite creates its journal
    beside the file). ``os.access`` answers for read-only file systems even as root.
    """
    path = Path(path)
    return not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))
