"""The frozen bundle, built for real: ``installer/build.py`` on this machine (Linux).

Marked ``installer``: a build takes a minute or two, so ``scripts/test`` leaves it out
and ``.ci/run`` runs it (``-m "installer or not installer"``). The build smoke-tests the
bundle itself (``--version``, ``forms list``, ``demo``, ``export``, ``--self-check``, the
window offscreen) and exits non-zero on any failure; these tests check its result and
print its figures (the bundle's size, the build's and the self-check's times).
"""

from __future__ import annotations

import platform
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import pytest

from workbench import __version__

ROOT = Path(__file__).resolve().parent.parent
DIST = ROOT / "installer" / "dist"
BUNDLE = DIST / "cdi-workbench"

pytestmark = [pytest.mark.installer, pytest.mark.skipif(sys.platform != "linux", reason="CI builds the Linux bundle here; "
                                                        ".github/workflows/windows.yml builds on Windows")]


@pytest.fixture(scope="module")
def build(request) -> subprocess.CompletedProcess:
    """installer/build.py run once for this module; its figures printed to the terminal."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, str(ROOT / "installer" / "build.py")], capture_output=True, text=True,
                          cwd=ROOT, timeout=1800)
    figures = [line for line in done.stdout.splitlines() if line.startswith("build:")]
    figures.append(f"build: installer/build.py took {time.perf_counter() - started:.0f} s in all")
    capman = request.config.pluginmanager.getplugin("capturemanager")
    with capman.global_and_fixture_disabled():
        print("\n" + "\n".join(figures))
    return done


def test_the_bundle_builds_and_passes_every_smoke_test_and_its_self_check(build):
    assert build.returncode == 0, build.stdout[-6000:] + build.stderr[-6000:]
    assert any(line.startswith("self-check: OK") and "frozen bundle" in line for line in build.stdout.splitlines())


def test_the_tarball_holds_the_program_its_desktop_entry_icons_file_types_and_installer(build):
    assert build.returncode == 0
    tarball = DIST / f"cdi-workbench-{__version__}-linux-{platform.machine()}.tar.gz"
    with tarfile.open(tarball) as tar:
        names = set(tar.getnames())
    assert {
        "cdi-workbench/cdi-workbench", "cdi-workbench/install.sh",
        "cdi-workbench/share/applications/cdi-workbench.desktop",
        "cdi-workbench/share/mime/packages/cdi-workbench.xml",
        "cdi-workbench/share/icons/hicolor/256x256/apps/cdi-workbench.png",
        "cdi-workbench/share/icons/hicolor/scalable/apps/cdi-workbench.svg",
        "cdi-workbench/_internal/workbench/_data/resources/demo/demo-sample.xlsx",
    } <= names


def test_the_bundle_leaves_out_what_the_workbench_never_loads(build):
    assert build.returncode == 0
    internal = BUNDLE / "_internal"
    plugins = {p.relative_to(internal / "PySide6" / "Qt" / "plugins").as_posix()
               for p in (internal / "PySide6" / "Qt" / "plugins").rglob("*.so")}
    assert {"platforms/libqxcb.so", "platforms/libqwayland.so", "platforms/libqoffscreen.so"} <= plugins
    assert not {"platforms/libqvnc.so", "platforms/libqeglfs.so", "platforms/libqlinuxfb.so",
                "platformthemes/libqgtk3.so", "imageformats/libqjpeg.so", "generic/libqevdevmouseplugin.so"} & plugins
    files = {p.name for p in internal.rglob("*")}
    assert not {"libQt6Network.so.6", "libssl.so.3", "libcrypto.so.3", "libharfbuzz.so.0", "libreadline.so.8"} & files
    assert not any(name.startswith(("libharfbuzz", "liblcms2", "libQt6EglFS")) for name in files)
    assert not (internal / "PySide6" / "Qt" / "translations").exists()
