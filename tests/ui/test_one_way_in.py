"""Nothing under ``workbench/ui`` changes an audit except through the session's operation runner.

Operations that change an audit are marked ``@changes_audit`` in ``workbench.ops``;
the window may pass them to ``Session.run``/``run_long`` but never call them, nor
the store's writing methods, itself.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest

import workbench.ops
from workbench.store.audit_store import AuditStore

UI = Path(__file__).resolve().parents[2] / "workbench" / "ui"


def changing_operations() -> dict[str, set[str]]:
    """``{ops module: names of its functions (and UndoHistory methods) marked @changes_audit}``."""
    found: dict[str, set[str]] = {}
    for info in pkgutil.iter_modules(workbench.ops.__path__):
        module = importlib.import_module(f"workbench.ops.{info.name}")
        for name, value in vars(module).items():
            if getattr(value, "changes_audit", False) and getattr(value, "__module__", "") == module.__name__:
                found.setdefault(module.__name__, set()).add(name)
            if inspect.isclass(value) and value.__module__ == module.__name__:
                for attr, member in vars(value).items():
                    if getattr(member, "changes_audit", False):
                        found.setdefault(f"{module.__name__}.{name}", set()).add(attr)
    return found


def store_writes() -> set[str]:
    """``AuditStore`` methods that open its write context."""
    return {name for name, fn in vars(AuditStore).items()
            if callable(fn) and ("self.write(" in inspect.getsource(fn) or "write_transaction" in inspect.getsource(fn))}


def direct_calls(path: Path, changing: dict[str, set[str]], writes: set[str]) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: dict[str, str] = {}     # a local name -> "module.function" it was imported as
    modules: dict[str, str] = {}   # a local name -> an ops module
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("workbench.ops"):
            for alias in node.names:
                full = f"{node.module}.{alias.name}"
                if full in changing or f"workbench.ops.{alias.name}" in changing:
                    modules[alias.asname or alias.name] = full if full in changing else f"workbench.ops.{alias.name}"
                names[alias.asname or alias.name] = full
    undo_methods = changing.get("workbench.ops.undo.UndoHistory", set())
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func, where = node.func, f"{path.relative_to(UI.parent.parent)}:{node.lineno}"
        if isinstance(func, ast.Name) and func.id in names:
            module, _, name = names[func.id].rpartition(".")
            if name in changing.get(module, set()):
                found.append(f"{where} calls {names[func.id]}")
        elif isinstance(func, ast.Attribute):
            receiver = ast.unparse(func.value)
            if isinstance(func.value, ast.Name) and func.value.id in modules and func.attr in changing[modules[func.value.id]]:
                found.append(f"{where} calls {receiver}.{func.attr}")
            elif receiver.endswith("history") and func.attr in undo_methods:
                found.append(f"{where} calls {receiver}.{func.attr}")
            elif receiver.endswith("store") and func.attr in writes:
                found.append(f"{where} calls {receiver}.{func.attr}")
    return found


def test_the_changing_operations_are_known():
    changing = changing_operations()
    assert {"answer", "answer_many", "load_answers"} <= changing["workbench.ops.answering"]
    assert {"undo", "redo"} <= changing["workbench.ops.undo.UndoHistory"]
    assert {"set_answers", "set_flag", "update_settings", "add_records"} <= store_writes()


@pytest.mark.parametrize("path", sorted(UI.rglob("*.py")), ids=lambda p: str(p.relative_to(UI)))
def test_no_ui_module_changes_the_audit_except_through_the_runner(path):
    assert direct_calls(path, changing_operations(), store_writes()) == []


def test_a_direct_call_would_be_caught(tmp_path):
    bad = UI / "_probe_for_test.py"
    try:
        bad.write_text("from workbench.ops import flags\nfrom workbench.ops.answering import answer\n"
                       "def f(store, session):\n    flags.flag_record(store, 1, 'k', 'n')\n    answer(store)\n"
                       "    session.history.undo(store)\n    session.store.set_flag(1, 'k', None)\n", encoding="utf-8")
        assert len(direct_calls(bad, changing_operations(), store_writes())) == 4
    finally:
        bad.unlink()
