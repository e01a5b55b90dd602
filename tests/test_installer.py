"""The PyInstaller spec and launcher, checked statically (installer/build.sh builds for real).

The spec is run with PyInstaller's names stubbed, so these tests need neither
PyInstaller nor a build; its data files are then laid out as the bundle would hold
them and ``workbench.paths`` must find every one there.
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
import sys
import types
from pathlib import Path

import pytest

from workbench import __version__, paths

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "workbench.spec"
LAUNCHER = INSTALLER / "launch.py"


class _Target:
    """A stand-in for PyInstaller's build targets: keeps what the spec passed."""

    def __init__(self, *args, **kwargs):
        self.args, self.kwargs = args, kwargs


class _Analysis(_Target):
    """Turns ``datas`` into (name in bundle, source, kind) entries as Analysis does."""

    def __init__(self, scripts, **kwargs):
        super().__init__(scripts, **kwargs)
        self.scripts, self.pure, self.binaries = scripts, [], []
        self.datas = []
        for source, dest in kwargs.get("datas", []):
            source = Path(source)
            files = sorted(p for p in source.rglob("*") if p.is_file()) if source.is_dir() else [source]
            for file in files:
                inner = file.relative_to(source).as_posix() if source.is_dir() else file.name
                self.datas.append((f"{dest.rstrip('/')}/{inner}", str(file), "DATA"))


@pytest.fixture(scope="module")
def spec() -> dict:
    """The spec's namespace after running it with PyInstaller stubbed."""
    calls = {"collect_submodules": [], "collect_data_files": []}
    hooks = types.ModuleType("PyInstaller.utils.hooks")
    hooks.collect_submodules = lambda package, *a, **k: calls["collect_submodules"].append(package) or [package]
    hooks.collect_data_files = lambda package, *a, **k: calls["collect_data_files"].append(package) or []
    stubs = {"PyInstaller": types.ModuleType("PyInstaller"), "PyInstaller.utils": types.ModuleType("PyInstaller.utils"),
             "PyInstaller.utils.hooks": hooks}
    namespace = {"__name__": "__main__", "__file__": str(SPEC), "SPECPATH": str(INSTALLER), "SPEC": str(SPEC),
                 "Analysis": _Analysis, "PYZ": _Target, "EXE": _Target, "COLLECT": _Target}
    saved = {name: sys.modules.get(name) for name in stubs}
    sys.modules.update(stubs)
    try:
        exec(compile(SPEC.read_text(encoding="utf-8"), str(SPEC), "exec"), namespace)
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
    namespace["_calls"] = calls
    return namespace


def _repo_files(folder: str) -> set[str]:
    base = ROOT / folder
    return {p.relative_to(base).as_posix() for p in base.rglob("*")
            if p.is_file() and "__pycache__" not in p.parts and p.suffix != ".pyc"}


def test_paths_finds_forms_and_resources_where_the_spec_puts_them(spec, tmp_path, monkeypatch):
    bundle = tmp_path / "_internal"  # what sys._MEIPASS is in a onedir bundle
    for name, source, kind in spec["a"].datas:
        if kind == "DATA" and Path(source).resolve().is_relative_to(ROOT):
            (bundle / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, bundle / name)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    # no wheel layout and no source tree to fall back on: only the bundle can answer
    monkeypatch.setattr(paths, "_PACKAGE_DIR", tmp_path / "elsewhere" / "workbench")
    paths._data_root.cache_clear()
    try:
        forms, resources = paths.forms_dir(), paths.resources_dir()
        assert forms.parent.parent.parent == bundle  # <_MEIPASS>/workbench/_data/forms
        assert resources.parent == forms.parent
        bundled_forms = {p.relative_to(forms).as_posix() for p in forms.rglob("*") if p.is_file()}
        bundled_resources = {p.relative_to(resources).as_posix() for p in resources.rglob("*") if p.is_file()}
        assert bundled_forms == _repo_files("forms")
        assert bundled_resources == _repo_files("resources")
        assert (paths.demo_dir() / "demo-sample.xlsx").is_file()
        assert (resources / "fonts" / "DejaVuSansCondensed.ttf").is_file()
    finally:
        paths._data_root.cache_clear()


def test_the_bundle_is_one_folder_named_cdi_workbench_around_the_launcher(spec):
    (script,) = spec["a"].scripts
    assert Path(script) == LAUNCHER
    exe, coll = spec["exe"], spec["coll"]
    assert exe.kwargs["name"] == coll.kwargs["name"] == "cdi-workbench"
    assert exe.kwargs["exclude_binaries"] is True  # onedir: COLLECT holds the libraries
    assert spec["pyz"] in exe.args and exe in coll.args


def test_lazily_imported_libraries_are_collected(spec):
    hidden = {name.split(".")[0] for name in spec["a"].kwargs["hiddenimports"]}
    lazy = set()
    for file in (ROOT / "workbench").rglob("*.py"):
        for function in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
            if isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for node in ast.walk(function):
                    if isinstance(node, ast.Import):
                        lazy |= {alias.name.split(".")[0] for alias in node.names}
                    elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                        lazy.add(node.module.split(".")[0])
    third_party = lazy - set(sys.stdlib_module_names) - {"workbench", "PySide6", "__future__"}
    assert {"openpyxl", "xlsxwriter", "reportlab", "python_calamine"} <= third_party
    assert third_party <= hidden
    assert "reportlab" in spec["_calls"]["collect_submodules"]
    assert "reportlab" in spec["_calls"]["collect_data_files"]


def test_nothing_the_workbench_imports_is_excluded(spec):
    excludes = set(spec["a"].kwargs["excludes"])
    used_qt = set()
    for file in (ROOT / "workbench").rglob("*.py"):
        used_qt |= set(re.findall(r"\bPySide6\.(Qt\w+)", file.read_text(encoding="utf-8")))
    assert used_qt and used_qt <= spec["QT_USED"]
    assert not {f"PySide6.{m}" for m in used_qt} & excludes
    needed = {"openpyxl", "xlsxwriter", "reportlab", "python_calamine", "sqlite_utils", "tomli_w", "PIL", "PIL.Image"}
    assert not needed & excludes
    assert {"tkinter", "pandas", "numpy", "PySide6.QtWebEngineCore", "PySide6.Qt3DCore", "PySide6.QtQuick"} <= excludes


def test_the_launcher_runs_the_workbench_command_line():
    tree = ast.parse(LAUNCHER.read_text(encoding="utf-8"))
    imports = [n for n in tree.body if isinstance(n, ast.ImportFrom)]
    assert any(n.module == "workbench.cli" and [a.name for a in n.names] == ["main"] for n in imports)
    calls = [ast.unparse(n) for n in ast.walk(tree) if isinstance(n, ast.Call)]
    assert "sys.exit(main())" in calls
    assert "multiprocessing.freeze_support()" in calls   # verify's second process, in the frozen bundle
    result = subprocess.run([sys.executable, str(LAUNCHER), "--version"], capture_output=True, text=True,
                            cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"workbench {__version__}"


def test_build_output_is_not_committed():
    ignored = (INSTALLER / ".gitignore").read_text(encoding="utf-8").split()
    assert "/dist/" in ignored and "/build/" in ignored


@pytest.mark.parametrize(("dest", "dropped"), [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", False),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", False),
    ("PySide6/plugins/platforms/qwindows.dll", False),
    ("PySide6/plugins/styles/qmodernwindowsstyle.dll", False),
    ("PySide6/Qt/plugins/platforminputcontexts/libcomposeplatforminputcontextplugin.so", False),
    ("PySide6/Qt/plugins/imageformats/libqsvg.so", False),
    ("PySide6/Qt/plugins/platforms/libqvnc.so", True),
    ("PySide6/plugins/platforms/qdirect2d.dll", True),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", True),
    ("PySide6/plugins/imageformats/qjpeg.dll", True),
    ("PySide6/Qt/plugins/generic/libqevdevmouseplugin.so", True),
    ("PySide6/Qt/lib/libQt6Gui.so.6", False),
])
def test_only_the_qt_plugins_the_window_loads_are_kept(spec, dest, dropped):
    assert spec["plugin_dropped"](dest) is dropped


def test_the_windows_version_resource_names_this_version(spec):
    text = Path(spec["version_info"]("cdi-workbench-window")).read_text(encoding="utf-8")
    numbers = tuple(int(n) for n in __version__.split("."))
    assert not {"{version}", "{numbers}", "{program}"} & set(re.findall(r"\{\w+\}", text))
    assert f"StringStruct('ProductVersion', '{__version__}')" in text
    assert f"filevers={numbers + (0,) * (4 - len(numbers))!r}" in text
    assert "'cdi-workbench-window.exe'" in text
    ast.parse(text, mode="eval")  # PyInstaller evaluates it as one expression


def _iss() -> str:
    return (INSTALLER / "windows" / "cdi-workbench.iss").read_text(encoding="utf-8")


def test_the_windows_setup_installs_per_user_without_admin_rights():
    iss = _iss()
    assert "PrivilegesRequired=lowest" in iss
    assert "DefaultDirName={autopf}" in iss  # %LOCALAPPDATA%\Programs for a per-user install
    assert re.search(r'^Name: "\{autoprograms\}\\\{#AppName\}"; Filename: "\{app\}\\\{#WindowProgram\}"', iss, re.M)
    assert '#define WindowProgram "cdi-workbench-window.exe"' in iss


def test_the_windows_setup_opens_audits_and_packages_with_the_window_program():
    iss = _iss()
    for suffix, progid in ((".cdiaudit", "CDIWorkbench.Audit"), (".cdipkg", "CDIWorkbench.Package")):
        assert f'Subkey: "Software\\Classes\\{suffix}"; ValueType: string; ValueName: ""; ValueData: "{progid}"' in iss
        assert f'Subkey: "Software\\Classes\\{progid}\\shell\\open\\command"' in iss
    assert '"""{app}\\{#WindowProgram}"" ""%1"""' in iss
    assert "ChangesAssociations=yes" in iss


def test_uninstalling_on_windows_removes_only_what_setup_installed():
    iss = _iss()
    assert "[UninstallDelete]" not in iss
    assert not re.search(r"\{(userappdata|localappdata|userdocs|commonappdata)\}.*(uninsdelete|filesandordirs)", iss)
    install_delete = iss.split("[InstallDelete]")[1].split("\n[")[0]
    assert all("{app}" in line for line in install_delete.splitlines() if line.startswith("Type:"))


def test_the_linux_desktop_entry_opens_both_file_types_with_the_icon():
    entry = dict(line.split("=", 1) for line in (INSTALLER / "linux" / "cdi-workbench.desktop").read_text().splitlines()
                 if "=" in line)
    mime = (INSTALLER / "linux" / "cdi-workbench-mime.xml").read_text()
    assert entry["Exec"] == "cdi-workbench %f"
    assert entry["Icon"] == "cdi-workbench" and (ROOT / "resources" / "icons" / "cdi-workbench.svg").is_file()
    types = [t for t in entry["MimeType"].split(";") if t]
    assert types == ["application/x-cdi-audit", "application/x-cdi-package"]
    assert all(f'<mime-type type="{t}">' in mime for t in types)
    assert '<glob pattern="*.cdiaudit"/>' in mime and '<glob pattern="*.cdipkg"/>' in mime


def test_the_bundle_holds_the_user_guide_with_every_picture_and_page_it_links(spec, tmp_path, monkeypatch):
    bundle = tmp_path / "_internal"
    for name, source, _kind in spec["a"].datas:
        if Path(source).resolve().is_relative_to(ROOT):
            (bundle / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, bundle / name)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle), raising=False)
    monkeypatch.setattr(paths, "_PACKAGE_DIR", tmp_path / "elsewhere" / "workbench")
    paths._data_root.cache_clear()
    try:
        guide = paths.user_guide()
    finally:
        paths._data_root.cache_clear()
    assert guide == bundle / "workbench" / "_data" / "docs" / "user-guide.md"
    pages = sorted(guide.parent.glob("*.md"))
    assert {"guide-auditor.md", "guide-fcr.md", "guide-peer-reviewer.md", "checklists.md", "security.md"} <= {
        p.name for p in pages}
    links = [(page, target) for page in pages
             for target in re.findall(r"!?\[[^\]]*\]\(([^)\s#]+)", page.read_text(encoding="utf-8"))
             if not re.match(r"[a-z]+:", target)]
    pictures = [target for _page, target in links if target.endswith(".png")]
    assert len(pictures) > 20
    inside = [(page, t) for page, t in links if (page.parent / t).resolve().is_relative_to(guide.parent.resolve())]
    assert [f"{page.name}: {t}" for page, t in inside if not (page.parent / t).exists()] == []
    assert "architecture.md" not in {p.name for p in pages}   # the developers' pages stay out
