"""The findings laid out once: every table of the layout appears, in the same order, in the
command line's text, the Findings tab's HTML, the workbook's Findings sheet and the PDF."""

from __future__ import annotations

import re
import subprocess

import openpyxl
import pytest

from workbench.core.findings_layout import Table
from workbench.io.pdf_report import write_pdf
from workbench.io.xlsx_export import write_xlsx
from workbench.ops.export import gather
from workbench.ops.findings import audit_report
from workbench.ops.findings_text import layout_text

from tests.factories import AUDITOR
from tests.leicestershire import build_leicestershire_audit


@pytest.fixture(scope="module")
def outputs(tmp_path_factory):
    """The Leicestershire audit's report and its four renderings as text: (report, {output: text})."""
    from workbench.ui.findings.findings_html import findings_html  # Qt-free, but lives with the view

    folder = tmp_path_factory.mktemp("outputs")
    store = build_leicestershire_audit(folder)
    try:
        report = audit_report(store, recorded_crime=60000)
        data = gather(store, AUDITOR, recorded_crime=60000)
    finally:
        store.close()
    write_xlsx(data, folder / "f.xlsx")
    write_pdf(data, folder / "f.pdf")
    sheet = openpyxl.load_workbook(folder / "f.xlsx")["Findings"]
    cells = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    pdf = subprocess.run(["pdftotext", "-raw", str(folder / "f.pdf"), "-"], capture_output=True, text=True,
                         check=True).stdout
    html = re.sub(r"<[^>]+>", " ", findings_html(report.layout)).replace("&#x27;", "'").replace("&amp;", "&")
    return report, {"text": layout_text(report.layout), "html": html, "xlsx": cells, "pdf": " ".join(pdf.split())}


def positions(text: str, titles: list[str]) -> list[int]:
    found, start = [], 0
    for title in titles:
        at = text.find(title, start)
        assert at >= 0, title
        found.append(at)
        start = at + len(title)
    return found


@pytest.mark.parametrize("output", ["text", "html", "xlsx", "pdf"])
def test_every_table_of_the_layout_appears_in_order(outputs, output):
    report, rendered = outputs
    titles = [t.title for t in report.layout.tables()]
    assert len(titles) > 15
    positions(rendered[output], titles)


@pytest.mark.parametrize("output", ["text", "html", "xlsx", "pdf"])
def test_the_timeliness_rows_are_in_the_same_order_everywhere(outputs, output):
    report, rendered = outputs
    table: Table = next(t for t in report.layout.tables() if t.key == "timeliness")
    labels = [row.cells[0].text() for row in table.rows]
    assert labels[-1] == "All crimes recorded in the sample"  # the total last
    text = rendered[output]
    positions(text[text.find(table.title):], labels)
