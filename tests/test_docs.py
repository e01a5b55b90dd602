"""The documentation: every screenshot and link it names exists, the guides are linked, and the
worked example of adding a checklist (docs/checklists.md) does what the page shows."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from workbench.cli import main

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
EXAMPLE = DOCS / "examples" / "outcome22"
PAGES = sorted(DOCS.glob("*.md")) + [ROOT / "README.md", ROOT / "installer" / "README.md"]
GUIDES = ("guide-auditor.md", "guide-fcr.md", "guide-peer-reviewer.md")

#: A Markdown link or image: ``[text](target)`` / ``![alt](target)``.
_LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")
#: A screenshot named in running text or code: ``docs/screenshots/x.png``.
_NAMED = re.compile(r"docs/screenshots/[\w./-]+\.png")


def _targets(page: Path) -> list[tuple[str, Path]]:
    """(as written, path) of every local file ``page`` links to or names as a screenshot."""
    text = page.read_text(encoding="utf-8")
    found = [(t, page.parent / t.split("#")[0]) for t in _LINK.findall(text)
             if not re.match(r"[a-z]+:", t) and not t.startswith("#")]
    found += [(t, ROOT / t) for t in _NAMED.findall(text)]
    return found


def test_every_screenshot_named_in_the_docs_exists():
    images = [(page, written, path) for page in PAGES for written, path in _targets(page) if written.endswith(".png")]
    assert len(images) > 40  # the pattern finds the pages' images at all
    missing = [f"{page.relative_to(ROOT)}: {written}" for page, written, path in images if not path.is_file()]
    assert missing == []


def test_every_local_link_in_the_docs_resolves():
    missing = [f"{page.relative_to(ROOT)}: {written}" for page in PAGES for written, path in _targets(page)
               if not path.exists()]
    assert missing == []


def test_the_user_guide_links_each_role_guide_and_each_guide_links_back():
    index = (DOCS / "user-guide.md").read_text(encoding="utf-8")
    for guide in GUIDES:
        assert f"]({guide})" in index
        assert "](user-guide.md)" in (DOCS / guide).read_text(encoding="utf-8")


def test_the_readme_links_the_user_guide_and_every_role_guide():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for page in ("user-guide.md", *GUIDES):
        assert f"](docs/{page})" in readme


# -- the worked example: adding the Outcome 22 checklist -----------------------------------------
CHECKLISTS_PAGE = (DOCS / "checklists.md").read_text(encoding="utf-8")


def _run(capsys, *args: str) -> tuple[int, list[str]]:
    status = main([*args])
    captured = capsys.readouterr()
    return status, (captured.out + captured.err).splitlines()


def _shown(lines: list[str]) -> None:
    """Every line is on the page, as the command printed it."""
    for line in lines:
        assert line.rstrip() in CHECKLISTS_PAGE, line


@pytest.fixture
def workbook(tmp_path, monkeypatch, capsys) -> Path:
    """The example checklist as the workbook the page edits, in the current folder as on the page."""
    monkeypatch.chdir(tmp_path)
    for name in ("sample.csv", "answers.csv"):
        (tmp_path / name).write_bytes((EXAMPLE / name).read_bytes())
    assert main(["forms", "export", str(EXAMPLE / "outcome22.toml"), "outcome22.xlsx"]) == 0
    capsys.readouterr()
    return Path("outcome22.xlsx")


def test_the_example_checklist_checks_as_the_page_shows(workbook, capsys):
    status, lines = _run(capsys, "forms", "check", str(workbook))
    assert status == 0 and lines == ["OK: 'outcome22' version 2025.1, 6 questions."]
    _shown(lines)


def test_the_page_s_two_slips_are_named_by_sheet_row_and_column(workbook, capsys):
    from openpyxl import load_workbook

    # the slips as an author makes them in the workbook: a quote left open (row 4), a misspelt name (row 5)
    book = load_workbook(workbook)
    survey = book["survey"]
    column = [c.value for c in survey[1]].index("relevant") + 1
    survey.cell(4, column, "${victim_present} = 'yes")
    survey.cell(5, column, "${auditabel} = 'yes'")
    book.save(workbook)
    status, lines = _run(capsys, "forms", "check", str(workbook))
    assert status == 1
    assert lines[0] == "outcome22.xlsx: 2 problem(s):"
    assert "row 4, column 'relevant'" in lines[1] and "row 5, column 'relevant'" in lines[2]
    _shown(lines)


def test_the_example_goes_into_an_audit_and_its_findings_read_as_the_page_shows(workbook, capsys):
    assert main(["new", "q3.cdiaudit", "--title", "Q3 2025 out-of-court resolutions", "--as", "Sam Patel"]) == 0
    capsys.readouterr()
    steps = [
        ("forms", "add", "q3.cdiaudit", str(workbook), "--as", "Sam Patel"),
        ("import", "q3.cdiaudit", "sample.csv", "--as", "Sam Patel"),
        ("answers", "q3.cdiaudit", "answers.csv", "--as", "Sam Patel"),
    ]
    for args in steps:
        status, lines = _run(capsys, *args)
        assert status == 0, lines
        _shown(lines)
    status, lines = _run(capsys, "forms", "list", "--audit", "q3.cdiaudit")
    _shown([line for line in lines if line.startswith("outcome22 ")])
    status, lines = _run(capsys, "findings", "q3.cdiaudit")
    assert status == 0
    table = lines.index("Outcome 22 resolutions: 3 dip-sampled")
    _shown(lines[table:table + 7])
    narrative = next(i for i, line in enumerate(lines) if line.startswith("We dip-sampled 3 Outcome 22"))
    _shown(lines[narrative:narrative + 3])


def test_the_example_workbook_saved_as_toml_is_the_example_file(workbook, capsys):
    Path("forms").mkdir()
    status, lines = _run(capsys, "forms", "export", str(workbook), "forms/outcome22.toml")
    assert status == 0
    assert Path("forms/outcome22.toml").read_text(encoding="utf-8") == (EXAMPLE / "outcome22.toml").read_text(encoding="utf-8")
    assert lines == ["Wrote checklist 'outcome22' version 2025.1 to forms/outcome22.toml."]
    _shown(lines)


def test_the_audit_file_page_names_every_table_and_every_kind_of_event(tmp_path):
    from workbench.core.event_kinds import KINDS

    from tests.factories import make_audit

    page = (DOCS / "audit-file.md").read_text(encoding="utf-8")
    store = make_audit(tmp_path)
    try:
        tables = [row[0] for row in store.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    finally:
        store.close()
    own = [t for t in tables if not t.startswith(("sqlite_", "records_search_"))]  # FTS5 keeps its own shadow tables
    assert "answers" in own
    assert [t for t in own if f"`{t}`" not in page] == []
    assert [kind for kind in KINDS if f"`{kind}`" not in page] == []


def test_the_audit_file_page_names_every_migration_step():
    from sqlite_utils import Database

    from workbench.store.schema import MIGRATIONS, SCHEMA_VERSION

    page = (DOCS / "audit-file.md").read_text(encoding="utf-8")
    names = [m.name for m in MIGRATIONS.pending(Database(memory=True))]
    assert len(names) == SCHEMA_VERSION
    assert [n for n in names if f"`{n}`" not in page] == []
