"""Where the bundled checklists (``forms/``) and ``resources/`` live.

This is the only module that knows. Three layouts are supported:

- a frozen bundle (PyInstaller): next to the executable under ``sys._MEIPASS``;
- an installed wheel: ``workbench/_data/`` (``pyproject.toml`` force-includes the
  top-level folders there);
- a source checkout or editable install: the repository's top-level folders.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent


@cache
def _data_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    candidates = []
    if frozen:
        candidates.append(Path(frozen) / "workbench" / "_data")
    candidates.append(_PACKAGE_DIR / "_data")
    candidates.append(_PACKAGE_DIR.parent)
    for root in candidates:
        if (root / "forms").is_dir() and (root / "resources").is_dir():
            return root
    raise FileNotFoundError(
        "The workbench's bundled forms/ and resources/ folders were not found; "
        "the installation is incomplete. Reinstall the workbench."
    )


def forms_dir() -> Path:
    """Return the folder holding the built-in checklists."""
    return _data_root() / "forms"


def resources_dir() -> Path:
    """Return the folder holding bundled resources (demo data, icons)."""
    return _data_root() / "resources"


def demo_dir() -> Path:
    """Return the folder holding the synthetic demo audit's source files."""
    return resources_dir() / "demo"


def icons_dir() -> Path:
    """Return the folder holding the workbench's icon (SVG, PNGs at each size, Windows .ico)."""
    return resources_dir() / "icons"


def user_guide() -> Path | None:
    """The user guide to open from Help › User guide: ``docs/user-guide.md`` when there is
    one, else the README (in a source checkout); None when neither was installed."""
    root = _data_root()
    for candidate in (root / "docs" / "user-guide.md", root / "README.md"):
        if candidate.is_file():
            return candidate
    return None


def fonts_licence() -> Path:
    """The licence of the fonts the PDF reports embed."""
    return resources_dir() / "fonts" / "LICENSE-DejaVu.txt"
