"""An audit on a read-only location opens read-only: what only reads works, changes are refused.

The folder is made read-only with a read-only bind mount in a user namespace
(``unshare``): root ignores file permissions, so ``chmod`` would prove nothing.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from workbench.ops.audits import build_demo

SHELL = 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && exec "$@"'


def read_only_mount_works(folder: Path) -> bool:
    probe = subprocess.run(["unshare", "-rm", "sh", "-c", SHELL, str(folder), "true"], capture_output=True)
    return probe.returncode == 0


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("readonly")
    if shutil.which("unshare") is None or not read_only_mount_works(folder):
        pytest.skip("needs unshare and user namespaces to make a read-only mount")
    build_demo(folder / "q3.cdiaudit").store.close()
    return folder


def workbench_read_only(folder: Path, *args: str) -> subprocess.CompletedProcess:
    """Run ``workbench ARGS`` with ``folder`` mounted read-only."""
    return subprocess.run(["unshare", "-rm", "sh", "-c", SHELL, str(folder), sys.executable, "-m", "workbench", *args],
                          capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", [["status"], ["log", "--limit", "3"], ["findings"], ["verify"]])
def test_commands_that_only_read_work_on_a_read_only_audit(demo_folder, command):
    before = (demo_folder / "q3.cdiaudit").read_bytes()
    done = workbench_read_only(demo_folder, command[0], str(demo_folder / "q3.cdiaudit"), *command[1:])
    assert done.returncode == 0, done.stderr
    assert (demo_folder / "q3.cdiaudit").read_bytes() == before
    assert not (demo_folder / "q3.cdiaudit-wal").exists()


def test_an_export_to_a_writable_folder_works_and_says_it_was_not_logged(demo_folder, tmp_path):
    done = workbench_read_only(demo_folder, "export", str(demo_folder / "q3.cdiaudit"), "--xlsx", str(tmp_path / "f.xlsx"))
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "f.xlsx").stat().st_size > 0
    assert "NOT logged: the audit is read-only" in done.stdout


def test_a_change_is_refused_with_what_to_do(demo_folder):
    done = workbench_read_only(demo_folder, "flag", str(demo_folder / "q3.cdiaudit"), "INC-0001", "--note", "Why?")
    assert done.returncode == 2
    assert "open read-only" in done.stderr and "workbench backup" in done.stderr
    assert "Restore it from a backup" not in done.stderr


def test_a_read_only_audit_can_be_copied_somewhere_writable(demo_folder, tmp_path):
    done = workbench_read_only(demo_folder, "backup", str(demo_folder / "q3.cdiaudit"), str(tmp_path / "mine.cdiaudit"))
    assert done.returncode == 0, done.stderr
    verified = subprocess.run([sys.executable, "-m", "workbench", "verify", str(tmp_path / "mine.cdiaudit")],
                              capture_output=True, text=True)
    assert verified.returncode == 0, verified.stderr
