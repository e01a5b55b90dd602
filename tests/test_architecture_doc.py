"""docs/architecture.md names only what exists: every module, class and function it cites."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "architecture.md"
SOURCE = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "workbench").rglob("*.py"))


def cited() -> list[str]:
    return sorted(set(re.findall(r"`([^`\n]+)`", DOC.read_text(encoding="utf-8"))))


def defined(name: str) -> bool:
    return re.search(rf"(def|class)\s+{re.escape(name)}\b|\b{re.escape(name)}\s*(:[^=\n]*)?=|self\.{re.escape(name)}\s*=",
                     SOURCE) is not None


def is_module(dotted: str) -> bool:
    """``ops.importing`` or ``workbench.ops``: a module or package of the project."""
    relative = Path(*dotted.split("."))
    return any((base / relative).with_suffix(".py").exists() or (base / relative / "__init__.py").exists()
               for base in (ROOT, ROOT / "workbench"))


def missing() -> list[str]:
    out = []
    for token in cited():
        code = token.split("(")[0].strip()
        if code.endswith((".py", ".toml", ".md")) or (code.endswith("/") and "/" in code.rstrip("/")):
            if not any((base / code).exists() for base in (ROOT, ROOT / "workbench")):
                out.append(token)
        elif re.fullmatch(r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)+", code):
            if not (is_module(code) or defined(code.split(".")[-1])):
                out.append(token)
        elif re.fullmatch(r"[A-Z][a-z]+[A-Z]\w*", code) and not defined(code):   # a CamelCase class name
            out.append(token)
    return out


def test_every_name_the_architecture_page_cites_exists():
    assert missing() == []


def test_the_check_would_catch_a_name_that_does_not_exist():
    assert not defined("NoSuchThingAnywhere") and defined("Session")
