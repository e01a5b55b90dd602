"""The PDF report, read back with poppler's pdftotext and pdfinfo."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.factories import AUDITOR, make_audit, write_sample
from tests.leicestershire import EXPECTED, build_leicestershire_audit
from workbench.core.audit import AuditSettings
from workbench.core.findings_layout import FindingsLayout, Paragraphs, Section
from workbench.core.report import NoncompliantAnswer, RecordRow, ReportData, SignOff
from workbench.io.pdf_report import write_pdf
from workbench.ops.forms import builtin_forms
from workbench.ops.export import export, gather
from workbench.ops.importing import import_sample

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None,
                                reason="poppler-utils (pdftotext, pdfinfo) is not installed")


def pdftext(path: Path, first: int | None = None, last: int | None = None, layout: bool = True,
            crop: tuple[int, int] | None = None) -> str:
    """The text of pages ``first`` to ``last``; ``crop``: only between these heights (points from the top)."""
    args = ["pdftotext", "-enc", "UTF-8"] + (["-layout"] if layout else [])
    args += ["-f", str(first)] if first else []
    args += ["-l", str(last)] if last else []
    args += ["-x", "0", "-y", str(crop[0]), "-W", "600", "-H", str(crop[1] - crop[0])] if crop else []
    return subprocess.run([*args, str(path), "-"], check=True, capture_output=True, text=True).stdout


def pdfinfo(path: Path) -> dict[str, str]:
    out = subprocess.run(["pdfinfo", "-enc", "UTF-8", str(path)], check=True, capture_output=True, text=True).stdout
    return {k.strip(): v.strip() for k, _sep, v in (line.partition(":") for line in out.splitlines())}


def body_text(path: Path) -> str:
    """The text of every page without its furniture (marking, running title, footer), in one string.

    A paragraph that runs over a page break reads on uninterrupted.
    """
    from workbench.io.pdf_page import MARGIN_BOTTOM, MARGIN_TOP, PAGE_HEIGHT

    pages = int(pdfinfo(path)["Pages"])
    out = []
    body = (int(MARGIN_TOP) - 6, int(PAGE_HEIGHT - MARGIN_BOTTOM) + 6)   # the frame, inside the rules
    for page in range(1, pages + 1):
        out += [line for line in pdftext(path, page, page, crop=body).splitlines() if line.strip()]
    return "\n".join(out)


def words(text: str) -> str:
    """Text with every run of whitespace made one space (paragraphs wrap anywhere)."""
    return " ".join(text.split())


def report(tmp_path: Path, n_records: int = 3, noncompliant: list[NoncompliantAnswer] | None = None,
           **settings) -> ReportData:
    """A small ReportData built by hand (no findings), for layout and safety tests."""
    settings.setdefault("title", "Quarterly crime recording audit")
    settings.setdefault("force", "Example Constabulary")
    settings.setdefault("period_start", "2024-04-01")
    settings.setdefault("period_end", "2024-06-30")
    records = [RecordRow(f"INC-{i:05d}", "incident", "complete", True, {}, {}, ("Test Auditor",))
               for i in range(1, n_records + 1)]
    return ReportData(AuditSettings(**settings), "2025-01-15T09:30:00.000+00:00", "Test Auditor",
                      dict(builtin_forms()), records, noncompliant or [], [], ["Test Auditor"])


def answer(key: str, rationale: str = "Recorded late.", label: str = "Was this crime recorded?",
           value: str = "No", form_id: str = "incident") -> NoncompliantAnswer:
    return NoncompliantAnswer(key, form_id, "recorded", label, 1, value, rationale)


# -- the Leicestershire 2014 Part B ------------------------------------------------------


@pytest.fixture(scope="module")
def leicestershire(tmp_path_factory):
    """The synthetic 2014 audit exported as a PDF (through the atomic export), and its data."""
    tmp = tmp_path_factory.mktemp("leicestershire")
    store = build_leicestershire_audit(tmp)
    try:
        data = gather(store, AUDITOR)
        out = tmp / "findings.pdf"
        export(store, AUDITOR, write_pdf, out, "pdf", data=data)
        yield out, data
    finally:
        store.close()


def test_part_b_numbers_are_in_the_pdf(leicestershire):
    pdf, _data = leicestershire
    text = pdftext(pdf)
    inc, ref, can = EXPECTED["incidents"], EXPECTED["referrals"], EXPECTED["cancelled"]
    assert re.search(rf"\b{inc['reviewed']}\s+{inc['identified']}\s+{inc['recorded']}\s+87\.0%", text)
    assert re.search(rf"\b{ref['reviewed']}\s+{ref['identified']}\s+{ref['recorded']}\s+37\.5%", text)
    assert re.search(rf"\b{can['reviewed']}\s+{can['correct']}\s+89\.2%", text)
    robbery, correct = can["robbery"]
    assert re.search(rf"Robbery\s+{robbery}\s+{correct} of {robbery}\s+73\.9%", text)
    assert re.search(r"Crimes identified\s+Crimes recorded", text)
    assert "Crimes reported as part of an incident record" in text
    assert "Crime reports held on other systems" in text


@pytest.mark.parametrize("form_id, title", [
    ("caution", "Cautions"), ("pnd", "Penalty Notices for Disorder"),
    ("cannabis_warning", "Cannabis warnings"), ("community_resolution", "Community resolutions"),
])
def test_each_out_of_court_disposal_question_is_x_of_n(leicestershire, form_id, title):
    pdf, data = leicestershire
    text = pdftext(pdf)
    expected = EXPECTED[form_id]
    heading = f"{title}: {expected['sampled']} dip-sampled"
    assert heading in text
    block = words(re.split(r"dip-sampled|Left out of the findings", text.split(heading, 1)[1])[0])
    disposal = next(d for d in data.findings.disposals if d.form_id == form_id)
    for question, value in expected.items():
        if question == "sampled":
            continue
        x, n = value
        label = disposal.question(question).label
        # a long label wraps beside its figures: its first words, then "x of n" on the same line
        assert re.search(rf"{re.escape(' '.join(label.split()[:4]))}.*? {x} of {n}\b", block), (question, block)


def test_recording_rates_and_intervals_are_in_the_pdf(leicestershire):
    pdf, data = leicestershire
    text = pdftext(pdf)
    rates = data.findings.overall.row("all")
    shown = rates.interval.to_dict()
    assert re.search(rf"All crime\s+{rates.recorded.n}\s+{rates.recorded.x}\s+{rates.recorded.percent:.1f}%\s+"
                     rf"\+/- {shown['half_width']:.2f}%", text)
    assert re.search(r"\d+\.\d% to \d+\.\d%", text), "small samples show Wilson bounds"
    assert "Recording rate (%); lines show the 95% interval" in text  # the chart's axis, as text


def test_the_narrative_sentences_are_in_the_pdf(leicestershire):
    pdf, data = leicestershire
    text = words(body_text(pdf))
    assert data.narrative
    for paragraph in data.narrative:
        assert words(paragraph) in text
    assert ("We examined 123 incident records and found that 115 crimes should have been recorded. "
            "Of the 115 crimes that should have been recorded, 100 were.") in text


def test_the_marking_is_at_the_top_and_bottom_of_every_page(leicestershire):
    pdf, data = leicestershire
    pages = int(pdfinfo(pdf)["Pages"])
    assert pages > 5
    for page in range(1, pages + 1):
        lines = [line for line in pdftext(pdf, page, page).splitlines() if line.strip()]
        if page == pages:   # under the footer of the last page: the event log's head
            assert lines.pop().strip() == f"Audit log head at export: {data.log_head_text}"
        assert lines[0].strip() == data.settings.marking, page
        assert data.settings.marking in lines[-1], page
        assert lines[-1].strip().endswith(f"Page {page} of {pages}"), page


@pytest.mark.parametrize("marking", ["OFFICIAL", "OFFICIAL-SENSITIVE", "SECRET"])
def test_each_marking_heads_and_foots_every_page(tmp_path, marking):
    out = tmp_path / "marked.pdf"
    write_pdf(report(tmp_path, marking=marking, noncompliant=[answer(f"INC-{i:05d}") for i in range(120)]), out)
    pages = int(pdfinfo(out)["Pages"])
    assert pages >= 4
    for page in range(1, pages + 1):
        lines = [line for line in pdftext(out, page, page).splitlines() if line.strip()]
        assert lines[0].strip() == marking and re.search(rf"\s{marking}\s+Page {page} of {pages}$", lines[-1])
    handling = "This document is marked" in pdftext(out, 1, 1)
    assert handling == (marking != "OFFICIAL")


def test_metadata_is_set(leicestershire):
    pdf, data = leicestershire
    info = pdfinfo(pdf)
    assert data.settings.title in info["Title"]
    assert info["Author"] == AUDITOR.name
    assert "Crime data integrity" in info["Subject"]
    assert "crime data integrity" in info["Keywords"] and data.settings.marking in info["Keywords"]
    assert info["Page size"].endswith("(A4)")


def test_the_export_logged_a_disclosure(tmp_path):
    store = build_leicestershire_audit(tmp_path)
    try:
        out = tmp_path / "report.pdf"
        export(store, AUDITOR, write_pdf, out, "pdf", recipient="Governance board")
        events = [e for e in store.events() if e.operation == "disclosure"]
        assert events[-1].detail["format"] == "pdf"
        assert events[-1].detail["sha256"] == hashlib.sha256(out.read_bytes()).hexdigest()
    finally:
        store.close()


# -- status, sign-off, safety ------------------------------------------------------------


def test_a_draft_says_draft(tmp_path):
    out = tmp_path / "draft.pdf"
    write_pdf(report(tmp_path), out)
    text = pdftext(out)
    assert "Status" in text and re.search(r"Status\s+Draft", text)
    assert "DRAFT" in pdftext(out, 2, 2)
    assert re.search(r"Name\s*\n", text) and "Signature" in text  # lines to sign
    assert "Page 1 of" in pdftext(out, 1, 1)


def test_a_signed_off_report_shows_who_signed_and_when(tmp_path):
    data = report(tmp_path)
    data.signoff = SignOff("Alex Registrar", "Force Crime Registrar", "2025-01-31T10:15:00.000+00:00",
                           "I have reviewed these findings and approve them.", "a" * 64, "3895 20ce 2bc1", "c2lnbmF0dXJl")
    out = tmp_path / "signed.pdf"
    write_pdf(data, out)
    text = pdftext(out)
    assert re.search(r"Status\s+Signed off", text)
    assert ("SIGNED OFF by Alex Registrar, Force Crime Registrar, on 31 January 2025: "
            "“I have reviewed these findings and approve them.”") in words(text)
    assert re.search(r"Date and time\s+31 January 2025, 10:15 UTC", text)
    assert re.search(r"Manifest SHA-256\s+a{64}", text) and re.search(r"Key fingerprint\s+3895 20ce 2bc1", text)
    assert "DRAFT" not in text and "VOID" not in text
    assert "Signed off" in pdfinfo(out)["Keywords"]


def test_a_report_whose_signature_is_void_says_so_on_every_page(tmp_path):
    data = report(tmp_path)
    data.signoff = SignOff("Alex Registrar", "Force Crime Registrar", "2025-01-31T10:15:00.000+00:00",
                           "I have reviewed these findings and approve them.", "a" * 64, "3895", "c2ln",
                           void="Signature void: changed after sign-off on 2025-02-03 (reopened by Alex Registrar: a typo)")
    out = tmp_path / "void.pdf"
    write_pdf(data, out)
    text = pdftext(out)
    assert "SIGNATURE VOID: Signature void: changed after sign-off on 2025-02-03" in re.sub(r"-\s+", "-", words(text))
    pages = int(pdfinfo(out)["Pages"])
    assert all("SIGNATURE VOID" in pdftext(out, p, p) for p in range(2, pages + 1))


HOSTILE = "<b>not bold</b> & <script>alert('x')</script> <para> unbalanced <font color=red> &amp; \x00NUL\x1b end"


def test_user_text_is_shown_literally_never_as_markup(tmp_path):
    noncompliant = [answer("<INC&1>", rationale=HOSTILE, value="<i>No</i>")]
    data = report(tmp_path, title="<b>Audit</b> & review <unclosed", force="Heddlu Gŵyl & <i>Łódź",
                  noncompliant=noncompliant)
    data.narrative = ["We examined <b>3</b> records & found </para> nothing."]
    data.layout = FindingsLayout((Section("narrative", "The findings in words", "",
                                          (Paragraphs(tuple(data.narrative)),)),))
    out = tmp_path / "hostile.pdf"
    write_pdf(data, out)
    assert int(pdfinfo(out)["Pages"]) >= 3
    text = words(pdftext(out, layout=False))
    assert "<b>Audit</b> & review <unclosed" in text
    assert "Heddlu Gŵyl & <i>Łódź" in text
    assert "<b>not bold</b> & <script>alert('x')</script> <para> unbalanced <font color=red> &amp; NUL end" in text
    assert "<INC&1>" in text and "<i>No</i>" in text
    assert "We examined <b>3</b> records & found </para> nothing." in text
    assert "\x00" not in text and "\x1b" not in text
    assert "<b>Audit</b> & review <unclosed" in pdfinfo(out)["Title"]


def test_a_rationale_longer_than_a_page_is_carried_over_not_lost(tmp_path):
    long_text = " ".join(f"word{i}" for i in range(4000)) + " " + "x" * 3000 + " THE-END"
    out = tmp_path / "long.pdf"
    write_pdf(report(tmp_path, noncompliant=[answer("INC-00001", rationale=long_text)]), out)
    text = words(pdftext(out, layout=False))
    assert "word0 word1" in text and "word3999" in text and "THE-END" in text


def test_an_appendix_of_a_thousand_answers_renders(tmp_path):
    noncompliant = [answer(f"INC-{i:05d}", rationale=f"Rationale for record {i}. " * (1 + i % 4))
                    for i in range(1, 1001)]
    out = tmp_path / "appendix.pdf"
    write_pdf(report(tmp_path, n_records=1000, noncompliant=noncompliant), out)
    pages = int(pdfinfo(out)["Pages"])
    assert 15 < pages < 120
    last = pdftext(out, pages, pages)
    assert "INC-01000" in last and f"Page {pages} of {pages}" in last
    assert "Record" in last and "Rationale" in last  # the header row repeats
    assert "1,000 answers in 1,000 records were judged non-compliant" in words(pdftext(out, layout=False))


def test_a_report_without_findings_still_renders(tmp_path):
    out = tmp_path / "empty.pdf"
    write_pdf(report(tmp_path, n_records=0, period_start="", period_end=""), out)
    text = pdftext(out)
    assert "Not stated" in text and "No answer in this audit was judged non-compliant." in text


def test_an_audit_with_nothing_answered_renders(tmp_path):
    store = make_audit(tmp_path)
    try:
        import_sample(store, AUDITOR, write_sample(tmp_path, n=3))
        data = gather(store, AUDITOR)
    finally:
        store.close()
    out = tmp_path / "unanswered.pdf"
    write_pdf(data, out)
    text = words(pdftext(out))
    assert re.search(r"Incidents reviewed .* 0 0 0 –", text)  # Part B, with nothing in it yet
    assert re.search(r"Incident record \(crime-recording accuracy\) 3 0 0", text)  # 3 incomplete
    assert "No answer in this audit was judged non-compliant." in text


def test_progress_is_reported_and_a_raising_callback_stops_the_build(tmp_path):
    data = report(tmp_path, noncompliant=[answer(f"INC-{i:05d}") for i in range(300)])
    seen: list[tuple[int, int]] = []
    write_pdf(data, tmp_path / "progress.pdf", on_progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] > 0
    assert [d for d, _t in seen] == sorted(d for d, _t in seen)

    class Stop(Exception):
        pass

    def cancel(done: int, total: int) -> None:
        if done:
            raise Stop

    with pytest.raises(Stop):
        write_pdf(data, tmp_path / "cancelled.pdf", on_progress=cancel)


def footer_text(path: Path, page: int) -> str:
    """The words under the bottom rule of ``page``."""
    from workbench.io.pdf_page import PAGE_HEIGHT, _RULE_BOTTOM_Y

    return words(pdftext(path, page, page, layout=False, crop=(int(PAGE_HEIGHT - _RULE_BOTTOM_Y), int(PAGE_HEIGHT))))


def test_a_long_running_title_wraps_in_the_footer_rather_than_being_cut(tmp_path):
    out = tmp_path / "long.pdf"
    write_pdf(report(tmp_path, title="Demo audit: crime recording, 2024 (synthetic data)", force="Demo Constabulary"), out)
    footer = footer_text(out, 2)
    assert "Demo audit: crime recording, 2024 (synthetic data)" in footer and "Demo Constabulary" in footer
    assert "…" not in footer


def test_a_short_running_title_stays_on_one_footer_line(tmp_path):
    from workbench.io.pdf_page import footer_lines

    assert footer_lines("Q3 audit · Kent", 170) == (["Q3 audit · Kent"], 8)
    title = "An audit whose title goes on and on and on, far beyond any corner's room, and then further still · Force"
    lines, _size = footer_lines(title, 170)
    assert len(lines) == 2 and lines[1].endswith("…")   # only when two lines cannot hold it


def test_the_pdf_names_its_language_and_shows_its_title_not_its_file_name(tmp_path):
    out = tmp_path / "meta.pdf"
    write_pdf(report(tmp_path), out)
    catalog = out.read_bytes()
    assert b"/Lang (en-GB)" in catalog and b"/DisplayDocTitle true" in catalog
    assert pdfinfo(out)["Title"].startswith("Quarterly crime recording audit")
