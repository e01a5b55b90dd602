"""Build the CDI workbench as a one-folder PyInstaller bundle for this OS, smoke-test it, package it.

    python installer/build.py [--no-smoke] [--no-package]

The same script on Linux and Windows (``installer/build.sh`` runs it from the
project's ``.venv`` on Linux; ``.github/workflows/windows.yml`` on Windows). It runs
with the Python that will be frozen, so run it from the environment the workbench is
installed in (``pip install -e ".[package]"``; the ``package`` extra, PyInstaller, is
installed here when missing).

1. PyInstaller builds ``installer/dist/cdi-workbench/`` from ``installer/workbench.spec``
   (work files in ``installer/build/``; both git-ignored), from scratch.
2. The smoke tests run the bundle as a user would, with its settings and data in a
   throw-away folder: ``--version``, ``forms list``, ``demo``, ``export`` (the files
   read back), ``--self-check``, and the window on a fresh demo copy, offscreen.
3. The package: on Linux the desktop entry, icons, file types and ``install.sh`` go into
   the folder and it is packed as ``cdi-workbench-VERSION-linux-ARCH.tar.gz``; on Windows
   Inno Setup (``ISCC``, when installed) compiles ``installer/windows/cdi-workbench.iss``
   into ``cdi-workbench-VERSION-windows-x64-setup.exe``; with ``--sign COMMAND`` the
   programs are signed before they are packed, and the setup program and its
   uninstaller as Inno Setup makes them.

Every figure the CI job reports is printed on a line starting ``build:``. Exits non-zero
on any failure.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
DIST, WORK = INSTALLER / "dist", INSTALLER / "build"
NAME = "cdi-workbench"
BUNDLE = DIST / NAME
WINDOWS = sys.platform == "win32"
APP = BUNDLE / (f"{NAME}.exe" if WINDOWS else NAME)
WINDOW_SECONDS = 8


class BuildFailed(Exception):
    """A step of the build or a smoke test failed; the message says which and why."""


def say(text: str) -> None:
    print(f"\n== {text}", flush=True)


def report(text: str) -> None:
    """A figure for the log (CI greps lines starting ``build:``)."""
    print(f"build: {text}", flush=True)


def version() -> str:
    sys.path.insert(0, str(ROOT))
    import workbench

    return workbench.__version__


# -- 1. the tools and the bundle ------------------------------------------------------------------
def ensure_pyinstaller() -> None:
    """Install the ``package`` extra of pyproject.toml into this Python when it is missing."""
    import tomllib
    from importlib import metadata

    from packaging.requirements import Requirement

    with open(ROOT / "pyproject.toml", "rb") as f:
        extra = tomllib.load(f)["project"]["optional-dependencies"]["package"]
    missing = []
    for req in map(Requirement, extra):
        try:
            ok = req.specifier.contains(metadata.version(req.name), prereleases=True)
        except metadata.PackageNotFoundError:
            ok = False
        if not ok:
            missing.append(str(req))
    if missing:
        say(f"installing the package extra: {' '.join(missing)}")
        subprocess.run([sys.executable, "-m", "pip", "install", "-q", *missing], check=True)


def build_bundle() -> float:
    """Run PyInstaller on the spec; the seconds it took."""
    import PyInstaller

    say(f"PyInstaller {PyInstaller.__version__} -> {BUNDLE.relative_to(ROOT)}")
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "PyInstaller", "--noconfirm", "--clean", "--log-level", "WARN",
                    "--distpath", str(DIST), "--workpath", str(WORK), str(INSTALLER / "workbench.spec")],
                   check=True, cwd=ROOT)
    seconds = time.perf_counter() - started
    if not APP.is_file():
        raise BuildFailed(f"{APP} was not built")
    dangling = [str(p) for p in BUNDLE.rglob("*") if p.is_symlink() and not p.exists()]
    if dangling:
        raise BuildFailed("links to files left out of the bundle: " + ", ".join(dangling))
    size, files = folder_size(BUNDLE)
    report(f"built in {seconds:.0f} s; the bundle is {size / 1e6:.1f} MB in {files} files")
    contents()
    return seconds


def contents(top: int = 12) -> None:
    """What takes the room: the bundle's largest folders and files (installer/README.md lists them)."""
    internal = next((p for p in (BUNDLE / "_internal", BUNDLE) if p.is_dir()), BUNDLE)
    folders = sorted(((folder_size(p)[0] if p.is_dir() else p.stat().st_size, p) for p in internal.iterdir()
                      if not p.is_symlink()), key=lambda sp: sp[0], reverse=True)
    print("largest folders and files of _internal:")
    for size, path in folders[:top]:
        print(f"  {size / 1e6:6.1f} MB  {path.name}{'/' if path.is_dir() else ''}")
    files = sorted(((p.stat().st_size, p) for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink()),
                   key=lambda sp: sp[0], reverse=True)
    print("largest files:")
    for size, path in files[:top]:
        print(f"  {size / 1e6:6.1f} MB  {path.relative_to(BUNDLE).as_posix()}")


def folder_size(folder: Path) -> tuple[int, int]:
    """(bytes, files) under ``folder``, links not followed."""
    files = [p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()]
    return sum(p.stat().st_size for p in files), len(files)


# -- 2. smoke tests -----------------------------------------------------------------------------
def isolated_env(home: Path) -> dict[str, str]:
    """An environment whose settings and data folders are all under ``home`` (a throw-away folder).

    On Windows Qt finds AppData through the shell, not the environment: the window's
    settings there are the builder's own (see ``window_smoke``).
    """
    env = dict(os.environ)
    env.pop("WORKBENCH_DEBUG", None)
    env.update(HOME=str(home / "home"), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
               XDG_CACHE_HOME=str(home / "cache"), APPDATA=str(home / "appdata"),
               LOCALAPPDATA=str(home / "localappdata"), USERPROFILE=str(home / "home"))
    for key in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_CACHE_HOME", "APPDATA", "LOCALAPPDATA"):
        Path(env[key]).mkdir(parents=True, exist_ok=True)
    return env


def run_app(env: dict[str, str], *args: str, timeout: float = 300) -> str:
    """The bundle's output for ``args``; BuildFailed if it exits non-zero."""
    done = subprocess.run([str(APP), *args], capture_output=True, text=True, encoding="utf-8", errors="replace",
                          env=env, timeout=timeout)
    if done.returncode != 0:
        raise BuildFailed(f"cdi-workbench {' '.join(args)} exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return done.stdout


def smoke_tests(home: Path) -> float:
    """Every smoke test; the seconds the self-check took (as it reports them)."""
    env = isolated_env(home)
    say("cdi-workbench --version")
    shown = run_app(env, "--version").strip()
    print(shown)
    if shown != f"workbench {version()}":
        raise BuildFailed(f"--version printed {shown!r}, expected 'workbench {version()}'")
    forms_list(env)
    audit = home / "x.cdiaudit"
    say(f"cdi-workbench demo {audit.name}")
    out = run_app(env, "demo", str(audit))
    print(out)
    if "verify: OK" not in out:
        raise BuildFailed("demo did not print 'verify: OK'")
    export_smoke(env, audit, home)
    seconds = self_check(env)
    window_smoke(env, home)
    return seconds


def forms_list(env: dict[str, str]) -> None:
    say("cdi-workbench forms list")
    listed = run_app(env, "forms", "list")
    print(listed)
    ids = {line.split()[0] for line in listed.splitlines() if line.strip()}
    wanted = {p.stem for p in (ROOT / "forms").glob("*.toml")}
    if ids != wanted:
        raise BuildFailed(f"forms list gave {sorted(ids)}, forms/ holds {sorted(wanted)}")


def export_smoke(env: dict[str, str], audit: Path, home: Path) -> None:
    """The workbook and the PDF written by the bundle, read back with the build's own libraries."""
    xlsx, pdf = home / "x.xlsx", home / "x.pdf"
    say(f"cdi-workbench export {audit.name} --xlsx {xlsx.name} --pdf {pdf.name} --as Smoke")
    print(run_app(env, "export", str(audit), "--xlsx", str(xlsx), "--pdf", str(pdf), "--as", "Smoke"))
    if xlsx.read_bytes()[:2] != b"PK" or pdf.read_bytes()[:5] != b"%PDF-":
        raise BuildFailed("the export did not write an xlsx and a PDF")
    from openpyxl import load_workbook

    sheets = load_workbook(xlsx, read_only=True).sheetnames
    if not {"Findings", "Answers"} <= set(sheets):
        raise BuildFailed(f"the workbook's sheets are {sheets}")
    print(f"workbook sheets: {', '.join(sheets)}")
    if shutil.which("pdftotext") and shutil.which("pdffonts"):
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        if "Page 1 of" not in text or "DejaVu" not in fonts:
            raise BuildFailed("the PDF has no 'Page 1 of' or does not embed the bundled DejaVu fonts")
        print("PDF: text and DejaVu fonts read back")


def self_check(env: dict[str, str]) -> float:
    say("cdi-workbench --self-check (offscreen)")
    line = run_app({**env, "QT_QPA_PLATFORM": "offscreen"}, "--self-check").strip()
    print(line)
    if not line.startswith("self-check: OK") or "frozen bundle" not in line:
        raise BuildFailed(f"the self-check did not pass: {line}")
    seconds = float(line.split(" steps in ")[1].split(" s ")[0])
    report(f"self-check passed in {seconds:.1f} s")
    return seconds


def window_smoke(env: dict[str, str], home: Path) -> None:
    """The window on a fresh demo copy, offscreen, still up after WINDOW_SECONDS with nothing on stderr.

    On Linux a known user is written to the throw-away settings first, so the window
    opens the demo copy rather than asking who is working. On Windows the settings
    cannot be redirected (see ``isolated_env``): the builder's are left alone, and the
    window may be asking who is working when it is stopped.
    """
    say(f"cdi-workbench --demo, offscreen, stopped after {WINDOW_SECONDS} s")
    env = {**env, "QT_QPA_PLATFORM": "offscreen"}
    if not WINDOWS:
        subprocess.run([sys.executable, "-c", "from workbench.core.audit import Actor, Role\n"
                        "from workbench.ui.common.ui_settings import UiSettings\n"
                        "s = UiSettings(); s.identity = Actor('Smoke Test', Role.AUDITOR, 'Demo Constabulary'); s.sync()"],
                       check=True, env=env, cwd=ROOT)
    app = subprocess.Popen([str(APP), "--demo"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                           encoding="utf-8", errors="replace", env=env)
    try:
        out, err = app.communicate(timeout=WINDOW_SECONDS)
        raise BuildFailed(f"the window exited with {app.returncode} before {WINDOW_SECONDS} s:\n{out}{err}")
    except subprocess.TimeoutExpired:
        app.kill()
        out, err = app.communicate()
    print(out + err)
    if any(word in err for word in ("Traceback", "internal error", "Error:")):
        raise BuildFailed("the window wrote an error on stderr")
    if any(p.is_file() for p in home.rglob("crash-reports/*")):
        raise BuildFailed("the window wrote a crash report")
    if not WINDOWS and not any((home / "data").rglob("*.cdiaudit")):
        raise BuildFailed("the window did not make its demo copy")
    print(f"window up for {WINDOW_SECONDS} s; no traceback, no crash report")


# -- 3. the package -----------------------------------------------------------------------------
def linux_package() -> Path:
    """The desktop entry, icons, file types and install.sh into the bundle, then the tarball."""
    icons, linux = ROOT / "resources" / "icons", INSTALLER / "linux"
    share = BUNDLE / "share"
    (share / "applications").mkdir(parents=True, exist_ok=True)
    (share / "mime" / "packages").mkdir(parents=True, exist_ok=True)
    shutil.copy(linux / "cdi-workbench.desktop", share / "applications" / "cdi-workbench.desktop")
    shutil.copy(linux / "cdi-workbench-mime.xml", share / "mime" / "packages" / "cdi-workbench.xml")
    for png in icons.glob("cdi-workbench-*.png"):
        size = png.stem.rsplit("-", 1)[1]
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(png, target / "cdi-workbench.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copy(icons / "cdi-workbench.svg", scalable / "cdi-workbench.svg")
    shutil.copy(linux / "install.sh", BUNDLE / "install.sh")
    (BUNDLE / "install.sh").chmod(0o755)
    tarball = DIST / f"{NAME}-{version()}-linux-{platform.machine()}.tar.gz"
    say(f"packing {tarball.name}")
    started = time.perf_counter()
    with tarfile.open(tarball, "w:gz", compresslevel=6) as tar:
        tar.add(BUNDLE, arcname=NAME)
    report(f"{tarball.name}: {tarball.stat().st_size / 1e6:.1f} MB, packed in {time.perf_counter() - started:.0f} s")
    return tarball


def sign_programs(command: str) -> None:
    """Sign the bundle's programs with ``command`` (``$f`` is the file), before they are packed."""
    say("signing the programs")
    for program in sorted(BUNDLE.glob("*.exe")):
        subprocess.run(command.replace("$f", f'"{program}"'), shell=True, check=True)
        print(f"signed {program.name}")


def windows_package(sign: str | None = None) -> Path | None:
    """The Inno Setup installer, when Inno Setup's compiler (ISCC) is installed (signed with ``sign``)."""
    iscc = shutil.which("ISCC") or next((str(p) for p in (
        Path(os.environ.get("ProgramFiles(x86)", r"C:\Program Files (x86)")) / "Inno Setup 6" / "ISCC.exe",
        Path(os.environ.get("LOCALAPPDATA", "")) / "Programs" / "Inno Setup 6" / "ISCC.exe") if p.is_file()), None)
    if iscc is None:
        print("Inno Setup (ISCC) is not installed: no setup program made; the folder is the product")
        return None
    say("Inno Setup -> the setup program")
    signing = [f"/Sworkbenchsign={sign}", "/DSign"] if sign else []
    subprocess.run([iscc, f"/DAppVersion={version()}", f"/DBundleDir={BUNDLE}", f"/DOutputDir={DIST}", *signing,
                    str(INSTALLER / "windows" / "cdi-workbench.iss")], check=True)
    setup = DIST / f"{NAME}-{version()}-windows-x64-setup.exe"
    report(f"{setup.name}: {setup.stat().st_size / 1e6:.1f} MB")
    return setup


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-smoke", action="store_true", help="build only; skip the smoke tests")
    parser.add_argument("--no-package", action="store_true", help="no tarball or setup program")
    parser.add_argument("--sign", metavar="COMMAND",
                        help="Windows: sign the programs, the setup program and its uninstaller with COMMAND, in which "
                        "$f is the file (e.g. 'signtool sign /fd SHA256 /tr http://timestamp.digicert.com /td SHA256 /a $f')")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        ensure_pyinstaller()
        build_bundle()
        if not args.no_smoke:
            with tempfile.TemporaryDirectory(prefix="cdi-workbench-smoke-", ignore_cleanup_errors=True) as home:
                smoke_tests(Path(home))
        if args.sign and WINDOWS:
            sign_programs(args.sign)   # after the smoke tests, before Inno Setup packs them
        if not args.no_package:
            windows_package(args.sign) if WINDOWS else linux_package()
    except (BuildFailed, subprocess.CalledProcessError, subprocess.TimeoutExpired) as exc:
        print(f"build: FAILED: {exc}", file=sys.stderr)
        return 1
    size, _files = folder_size(BUNDLE)
    report(f"OK: {APP.relative_to(ROOT)} ({size / 1e6:.1f} MB), all in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
