"""The audit report as a PDF: cover, summary, findings, chart, sign-off, appendix.

``write_pdf(data, path)`` lays out a `ReportData` with reportlab platypus on A4.
The protective marking is centred at the top and bottom of every page, each page
says "Page X of Y", the text is real text (searchable, copyable), and the PDF's
title, author, subject and keywords are set. The sections and their look live in
the ``pdf_*`` modules beside this one; this module puts them in order.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from workbench.core.report import ReportData
from workbench.io.pdf_appendix import appendix
from workbench.io.pdf_findings import section_flowables
from workbench.io.pdf_page import PageInfo, doc_template, numbered_canvas_class
from workbench.io.export_signature import pack
from workbench.io.pdf_sections import cover, signoff, summary
from workbench.io.pdf_styles import markup, para, plain
from workbench.io.pdf_tables import keep

PRODUCER = "CDI Workbench"


def metadata(data: ReportData) -> dict:
    """The PDF's document information: title, author, subject, keywords, creator."""
    s = data.settings
    title = plain(s.title, 200)
    force = plain(s.force, 120)
    return {
        "title": f"{title} ({force})" if force else title,
        "author": plain(data.generated_by, 120),
        "subject": f"Crime data integrity audit findings{': ' + force if force else ''} [{plain(s.marking)}]",
        "keywords": ", ".join(k for k in (
            "crime data integrity", "audit", "findings", force, plain(s.marking), data.status,
            pack(data.signoff.embedded) if data.signoff and data.signoff.embedded else "") if k),
        "creator": PRODUCER,
        "producer": PRODUCER,
    }


def write_pdf(data: ReportData, path: Path, on_progress: Callable[[int, int], None] | None = None) -> None:
    """Write the report for ``data`` to ``path`` (A4 PDF).

    Parameters
    ----------
    data
        Everything the report shows, from `workbench.ops.export.gather`.
    path
        Where to write; `workbench.ops.export.export` passes a temporary file
        that replaces the destination only once it is complete.
    on_progress
        Called as ``on_progress(done, total)`` as the layout proceeds (in
        blocks of content, and at every new page). It may raise to stop the
        build (a cancel); the exception propagates and the file is unfinished.
    """
    s = data.settings
    running = plain(s.title) + (f" · {plain(s.force)}" if s.force.strip() else "")
    info = PageInfo(marking=s.marking, running_title=running, status=data.status)
    doc = doc_template(Path(path), info, metadata(data))
    if on_progress is not None:
        doc.setProgressCallBack(_Progress(on_progress))
    head = f"Audit log head at export: {data.log_head_text}" if data.log_head else ""
    doc.build(story(data), canvasmaker=numbered_canvas_class(head))


def story(data: ReportData) -> list:
    """The flowables of the whole report, in order: every section of the findings layout in its order."""
    from reportlab.platypus import NextPageTemplate, PageBreak

    out = [*cover(data), NextPageTemplate("content"), PageBreak()]
    sections = _Sections()
    out += sections.add("Summary", summary(data))
    for section in data.layout.sections if data.layout is not None else ():
        out += sections.add(markup(section.title), section_flowables(section))
    out += sections.add("Sign-off", signoff(data))
    out += [PageBreak(), para("Appendix A. Non-compliant answers", "h1"), *appendix(data)]
    return out


class _Progress:
    """reportlab's progress callback turned into ``on_progress(done, total)``."""

    def __init__(self, on_progress: Callable[[int, int], None]) -> None:
        self.on_progress = on_progress
        self.done = self.total = 0

    def __call__(self, kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            self.total = value
        elif kind == "PROGRESS":
            self.done = max(self.done, min(value, self.total))
        elif kind == "FINISHED":
            self.done = self.total
        elif kind != "PAGE":
            return
        self.on_progress(self.done, self.total)


class _Sections:
    """Numbers the sections that have content; a heading never ends a page."""

    def __init__(self) -> None:
        self.number = 0

    def add(self, title: str, flowables: list) -> list:
        from reportlab.platypus import CondPageBreak, Paragraph

        if not flowables:
            return []
        self.number += 1
        head = para(f"{self.number}. {title}", "h1")
        # the heading, its first paragraph and the block after it go on one page
        lead = 2 if len(flowables) > 1 and isinstance(flowables[0], Paragraph) else 1
        return [CondPageBreak(140), keep(head, *flowables[:lead]), *flowables[lead:]]
