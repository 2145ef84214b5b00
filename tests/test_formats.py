"""Reports in the formats researchers really have (issue 17): each gives what its text or DOCX gives.

Saved web pages are made here from the real texts of ``../shared/real`` (site menu, ``<h1>``
headline, ``<time>`` date, footer, related-news links around the article); PDFs from the sample
reports. ``ties extract`` on both must give the events and links of the original.
"""
from __future__ import annotations

import html
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import GOLD, REPORTS, ROOT
from ties.ingest.errors import ReportError
from ties.ingest.page import dateline, is_furniture, read_page
from ties.ingest.readers import read_blocks

REAL = GOLD.parent / "real"
needs_real = pytest.mark.skipif(not (REAL / "texts").is_dir(), reason="../shared/real (the real texts) is not beside the project")
needs_gold = pytest.mark.skipif(not (GOLD / "score.py").exists(), reason="../shared/gold is not beside the project")
needs_office = pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                                  reason="LibreOffice (soffice; Debian libreoffice-writer-nogui) is not installed")
#: The sample reports laid out as tables (their gold files are in ../shared/gold).
TABLE_REPORTS = ("001", "002", "004")
#: Column widths (twips) of the sample reports' table: number, name, place, dates, content, participants.
WIDTHS = (700, 2900, 2100, 1700, 4100, 3300)
#: Real texts wrapped as pages in the quick test: a site header above the headline (a11), a dateline
#: (b03, b17), a text without a headline (b19), a long list (a13), furniture lines (c07).
PAGE_SAMPLE = ("a01", "a11", "a13", "b03", "b17", "b19", "c07")

_MENU = """<header class="site-header"><div class="logo"><a href="/">Официальный сайт администрации города</a></div>
<nav class="main-menu"><ul><li><a href="/">Главная</a></li><li><a href="/city">О городе</a></li>
<li><a href="/news">Новости</a></li><li><a href="/docs">Документы</a></li><li><a href="/contacts">Контакты</a></li>
<li><a href="/vision">Версия для слабовидящих</a></li></ul></nav>
<form class="search"><input type="text" placeholder="Поиск по сайту"><button>Найти</button></form></header>"""
_RELATED = """<aside class="related"><h3>Другие новости</h3><ul>
<li><a href="/news/101">На улице Ленина завершён ремонт тротуаров</a> <span class="date">12.03.2024</span></li>
<li><a href="/news/102">Открыта запись в летние лагеря</a> <span class="date">11.03.2024</span></li>
<li><a href="/news/103">Горожан приглашают на субботник</a> <span class="date">10.03.2024</span></li></ul>
<div class="widget weather">Погода: +5 °C, облачно</div></aside>"""
_FOOTER = """<footer><p>© 2008–2024 Администрация города. Все права защищены.</p>
<p>Адрес: 123456, ул. Советская, д. 1. Телефон приёмной: +7 (000) 000-00-00</p>
<p>При использовании материалов ссылка на сайт обязательна.</p>
<ul class="social"><li><a href="https://vk.com/city">ВКонтакте</a></li><li><a href="https://t.me/city">Telegram</a></li></ul>
<script>var counter = 1; window.metrika && metrika.hit(counter);</script></footer>"""


def page_html(text: Path) -> str:
    """A real text as the page it was saved from: the lines above the headline are the site's
    header, the headline an ``<h1>``, the date line a ``<time datetime>``, the rest the article."""
    blocks = read_blocks(text)
    page = read_page(blocks)
    lines = [b.text for b in blocks]
    top = lines.index(page.headline) if page.headline in lines else -1
    header, article = (lines[:top], lines[top + 1:]) if top >= 0 else ([], lines)
    if page.published:  # the line the date was read from is the page's <time>, wherever it stood
        shown = next(i for i, line in enumerate(header + article)
                     if is_furniture(line) and dateline(line) == page.published)
        (header if shown < len(header) else article).pop(shown if shown < len(header) else shown - len(header))
    esc = html.escape
    title = esc(page.headline or "Новости")
    time = (f'<time class="published" datetime="{page.published.isoformat()}T10:00:00+03:00">'
            f'{page.published:%d.%m.%Y}</time>') if page.published else ""
    return "\n".join([
        "<!DOCTYPE html>", '<html lang="ru"><head><meta charset="utf-8">',
        f"<title>{title} | Официальный сайт администрации города</title>",
        '<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>',
        _MENU, *(f'<div class="site-line">{esc(line)}</div>' for line in header),
        '<main><div class="breadcrumbs"><a href="/">Главная</a> / <a href="/news">Новости</a></div>',
        '<article class="news-item">', f"<h1>{esc(page.headline)}</h1>" if page.headline else "", time,
        *(f"<p>{esc(line)}</p>" for line in article),
        '<div class="share">Поделиться: <a href="#">VK</a> <a href="#">OK</a></div>',
        "</article>", _RELATED, "</main>", _FOOTER, "</body></html>"])


def extract(paths: list[Path], out: Path) -> dict[str, dict]:
    """``ties extract`` on files, as a user runs it: {stem: the JSON it wrote}."""
    result = subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(out / "store"), "-q", "extract",
                             *map(str, paths), "--out", str(out / "json")], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return {p.stem: json.loads(p.read_text()) for p in sorted((out / "json").glob("*.json"))}


def extract_as_page(texts: list[Path], out: Path) -> tuple[dict[str, dict], dict[str, dict]]:
    """The texts and their saved pages through one ``ties extract`` (one snapshot of the extractors):
    {stem: JSON} of each, the pages' JSON also written to ``out/html`` and the texts' to ``out/txt``
    under the text's name, for ``score.py``."""
    pages = out / "pages"
    pages.mkdir(parents=True)
    for text in texts:
        (pages / f"{text.stem}.page.html").write_text(page_html(text), encoding="utf-8")
    both = extract([*texts, *sorted(pages.iterdir())], out)
    from_text = {stem: data for stem, data in both.items() if not stem.endswith(".page")}
    from_html = {stem.removesuffix(".page"): data for stem, data in both.items() if stem.endswith(".page")}
    for name, extracted in (("txt", from_text), ("html", from_html)):
        (out / name).mkdir()
        for stem, data in extracted.items():
            (out / name / f"{stem}.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return from_text, from_html


def score(gold: Path, predicted: Path) -> dict:
    """``score.py``'s figures for the predictions in ``predicted``."""
    out = subprocess.run([sys.executable, str(GOLD / "score.py"), str(gold), str(predicted), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def figures(scored: dict) -> dict[str, float]:
    """Every number in ``score.py``'s answer, by dotted name ("events.f1")."""
    flat: dict[str, float] = {}
    for key, value in scored.items():
        if isinstance(value, dict):
            flat |= {f"{key}.{k}": v for k, v in figures(value).items()}
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            flat[key] = float(value)
    return flat


def comparable(extracted: dict) -> dict:
    """What a report says, not which file said it: events and links without file names and hashes."""
    return {"events": extracted.get("events"), "links": extracted.get("links"), "layout": extracted.get("layout"),
            "reporter": extracted.get("reporter")}


# --- saved web pages ------------------------------------------------------------------------------


@needs_real
def test_saved_page_keeps_headline_date_and_article_only(tmp_path: Path) -> None:
    text = next((REAL / "texts").glob("b17_*.txt"))
    path = tmp_path / f"{text.stem}.html"
    path.write_text(page_html(text), encoding="utf-8")
    blocks = read_blocks(path)
    page = read_page(read_blocks(text))
    assert blocks[0].text == page.headline and blocks[1].text == f"{page.published:%d.%m.%Y}"
    texts = [b.text for b in blocks]
    for furniture in ("Главная", "Другие новости", "Все права защищены", "Погода", "Поделиться", "metrika",
                      "На улице Ленина"):
        assert not any(furniture in t for t in texts), furniture
    assert read_page(blocks).published == page.published and read_page(blocks).headline == page.headline


@needs_real
def test_saved_pages_give_the_events_and_links_of_their_text(tmp_path: Path) -> None:
    texts = [next((REAL / "texts").glob(f"{prefix}_*.txt")) for prefix in PAGE_SAMPLE]
    from_text, from_html = extract_as_page(texts, tmp_path)
    assert from_html.keys() == from_text.keys() == {text.stem for text in texts}
    differ = [stem for stem in from_text if comparable(from_html[stem]) != comparable(from_text[stem])]
    assert not differ


@needs_real
def test_a_page_in_windows_1251_and_a_page_without_article(tmp_path: Path) -> None:
    text = next((REAL / "texts").glob("a01_*.txt"))
    legacy = tmp_path / "legacy.htm"
    legacy.write_bytes(page_html(text).replace('charset="utf-8"', 'charset="windows-1251"').encode("cp1251"))
    assert read_blocks(legacy)[0].text == read_page(read_blocks(text)).headline
    empty = tmp_path / "menu-only.html"
    empty.write_text(f"<html><body>{_MENU}{_FOOTER}</body></html>", encoding="utf-8")
    with pytest.raises(ReportError) as caught:
        read_blocks(empty)
    assert str(caught.value) == f"{empty}: no article text found in the saved page (only menus, links or scripts?)"


@needs_real
@needs_gold
def test_all_real_texts_as_saved_pages_score_as_the_texts(tmp_path: Path) -> None:
    """Issue 17's bar: the sixty real texts as saved pages score within 0.02 of the texts on every metric."""
    extract_as_page(sorted((REAL / "texts").glob("*.txt")), tmp_path)
    as_text = figures(score(REAL / "gold", tmp_path / "txt"))
    as_page = figures(score(REAL / "gold", tmp_path / "html"))
    apart = {k: (as_text[k], as_page.get(k)) for k in as_text
             if k.split(".")[-1] in ("precision", "recall", "f1", "accuracy") and abs(as_text[k] - as_page.get(k, -1)) > 0.02}
    assert not apart


# --- PDF with a text layer ---------------------------------------------------------------------------


def report_docx(text: Path, out: Path) -> Path:
    """A sample report's text export laid out again as the DOCX it came from: landscape, the title,
    the table with its header row repeated on each page and sections merged across it, a running
    header and a page number in the footer (which a PDF of it must not turn into text)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt, Twips

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    section.left_margin = section.right_margin = Cm(1.5)
    document.styles["Normal"].font.size = Pt(11)
    section.header.paragraphs[0].text = "Отчёт о международной деятельности органов местного самоуправления"
    run = section.footer.paragraphs[0].add_run()
    for tag, value in (("w:fldChar", "begin"), ("w:instrText", "PAGE"), ("w:fldChar", "end")):
        element = OxmlElement(tag)
        if tag == "w:fldChar":
            element.set(qn("w:fldCharType"), value)
        else:
            element.text = value
        run._r.append(element)
    table = None
    for block in read_blocks(text):
        if table is None and block.kind == "paragraph":
            for line in block.text.split("\n"):
                document.add_paragraph(line)
            continue
        if table is None:
            table = document.add_table(rows=0, cols=len(block.cells))
            table.style, table.autofit = "Table Grid", False
            for column, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), WIDTHS):
                column.set(qn("w:w"), str(width))
        row = table.add_row()
        for cell, width in zip(row.cells, WIDTHS):
            cell.width = Twips(width)
        if block.kind != "row":
            row.cells[0].merge(row.cells[-1]).paragraphs[0].text = block.text
            continue
        if block.cells[0].startswith("№"):
            row._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        for cell, value in zip(row.cells, block.cells):
            first, *more = value.split("\n")
            cell.paragraphs[0].text = first
            for line in more:
                cell.add_paragraph(line)
    document.add_paragraph("")  # Word ends every document with a paragraph
    path = out / f"{text.stem}.docx"
    document.save(path)
    return path


def to_pdf(document: Path, out: Path, kind: str = "pdf") -> Path:
    """``document`` exported by LibreOffice to PDF (or ``kind``: odt, rtf, doc), as an office saves its report."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    subprocess.run([office, f"-env:UserInstallation={(out / 'lo-profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", kind, "--outdir", str(out), str(document)],
                   check=True, capture_output=True, timeout=300)
    return out / f"{document.stem}.{kind}"


@pytest.fixture(scope="module")
def table_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    """{"001": (its DOCX, its PDF)} for the three sample table reports."""
    out = tmp_path_factory.mktemp("pdf")
    made = {}
    for prefix in TABLE_REPORTS:
        document = report_docx(next(REPORTS.glob(f"{prefix}_*.txt")), out)
        made[prefix] = (document, to_pdf(document, out))
    return made


@needs_office
def test_pdf_reads_as_its_docx(table_pdfs: dict[str, tuple[Path, Path]]) -> None:
    """The same rows in the same order: the header once, no running header or page number, rows cut
    by a page break whole again (the content column runs over several pages in 001)."""
    for prefix, (document, pdf) in table_pdfs.items():
        from_docx, from_pdf = read_blocks(document), read_blocks(pdf)
        rows = [" ".join(b.cells[0].split()) for b in from_docx if b.kind == "row"]
        assert [" ".join(b.cells[0].split()) for b in from_pdf if b.kind == "row"] == rows, prefix
        assert sum(b.cells[0].startswith("№") for b in from_pdf) == 1
        headings = [" ".join(b.text.split()) for b in from_docx if b.kind == "heading"]
        assert [" ".join(b.text.split()) for b in from_pdf if b.kind == "heading"] == headings, prefix
        texts = [b.text for b in from_pdf]
        assert not any("Отчёт о международной деятельности органов" in t or t.isdigit() for t in texts), prefix
        in_pdf = {" ".join(b.text.split()) for b in from_pdf}
        same = sum(" ".join(b.text.split()) in in_pdf for b in from_docx)
        assert same >= 0.7 * len(from_docx), prefix  # the rest differ in where a cell's line breaks fall


@needs_office
@needs_gold
def test_pdf_reports_score_as_their_docx(table_pdfs: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    """Issue 17's bar: events F1 1.0 on the PDFs, every other figure within 0.02 of the DOCX's."""
    files = tmp_path / "in"
    files.mkdir()
    for document, pdf in table_pdfs.values():
        shutil.copy(document, files / f"{document.stem}.docx.docx")  # one call: one snapshot of the extractors
        shutil.copy(pdf, files / f"{pdf.stem}.pdf.pdf")
    both = extract(sorted(files.iterdir()), tmp_path)
    gold = tmp_path / "gold"
    gold.mkdir()
    for kind in ("docx", "pdf"):
        (tmp_path / kind).mkdir()
        for stem, data in both.items():
            if stem.endswith(f".{kind}"):
                (tmp_path / kind / f"{stem.removesuffix('.' + kind)}.json").write_text(json.dumps(data, ensure_ascii=False))
    for prefix in TABLE_REPORTS:
        shutil.copy(next(GOLD.glob(f"{prefix}_*.json")), gold)
    as_docx, as_pdf = figures(score(gold, tmp_path / "docx")), figures(score(gold, tmp_path / "pdf"))
    assert as_pdf["events.f1"] == 1.0
    apart = {k: (as_docx[k], as_pdf.get(k)) for k in as_docx
             if k.split(".")[-1] in ("precision", "recall", "f1", "accuracy") and abs(as_docx[k] - as_pdf.get(k, -1)) > 0.02}
    assert not apart


@needs_office
def test_pdf_failures_are_one_line(table_pdfs: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    """An encrypted PDF, a damaged one and one without text each give one line naming the file."""
    document, pdf = table_pdfs["004"]
    office = shutil.which("soffice") or shutil.which("libreoffice")
    options = ('pdf:writer_pdf_Export:{"EncryptFile":{"type":"boolean","value":"true"},'
               '"DocumentOpenPassword":{"type":"string","value":"secret"}}')
    subprocess.run([office, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless", "--convert-to",
                    options, "--outdir", str(tmp_path / "locked"), str(document)], check=True, capture_output=True)
    cut = tmp_path / "cut.pdf"
    cut.write_bytes(pdf.read_bytes()[:4000])
    for path, problem in ((tmp_path / "locked" / f"{document.stem}.pdf", "encrypted PDF (password-protected)"),
                          (cut, "damaged PDF (its pages cannot be read)")):
        with pytest.raises(ReportError) as caught:
            read_blocks(path)
        assert str(caught.value).startswith(f"{path}: {problem}") and "\n" not in str(caught.value)


# --- .odt, .rtf, .doc through LibreOffice ---------------------------------------------------------------


def facts(report) -> list[tuple]:
    """What the events of a report say, to compare one report across formats."""
    return [(e.n, " ".join(e.title.split()), e.start, e.end, tuple(e.countries), tuple(p.name for p in e.foreign_places),
             e.section, e.actor) for e in report.events]


@needs_office
@pytest.mark.parametrize("kind", ["odt", "rtf", "doc"])
def test_office_formats_give_the_events_of_their_docx(table_pdfs: dict[str, tuple[Path, Path]], kind: str,
                                                      tmp_path: Path) -> None:
    from ties.ingest.report import read_report

    document, _ = table_pdfs["004"]
    saved = to_pdf(document, tmp_path, kind)
    assert facts(read_report(saved)) == facts(read_report(document))


def test_office_formats_refuse_what_they_are_not(tmp_path: Path) -> None:
    """An .odt that is no ZIP and an .rtf that is no RTF: one line each, LibreOffice never asked."""
    for name, kind in (("report.odt", "OpenDocument text (.odt)"), ("report.rtf", "Rich Text (.rtf)")):
        path = tmp_path / name
        path.write_text("Отчёт о мероприятиях", encoding="utf-8")
        with pytest.raises(ReportError) as caught:
            read_blocks(path)
        assert str(caught.value) == f"{path}: not an {kind} file (its content is something else)"


def test_office_formats_without_libreoffice_say_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from ties.ingest import readers
    monkeypatch.setattr(readers, "_soffice", lambda: None)
    path = tmp_path / "report.rtf"
    path.write_bytes(b"{\\rtf1\\ansi Report}")
    with pytest.raises(ReportError) as caught:
        read_blocks(path)
    assert "apt-get install libreoffice-writer-nogui" in str(caught.value)
    assert f"libreoffice --headless --convert-to docx {path}" in str(caught.value)


# --- spreadsheets ---------------------------------------------------------------------------------------

#: Another office's header for the sample reports' columns: its own words, its own order, no "№".
OTHER_HEADER = {"dates": "Дата проведения", "title": "Мероприятие", "venue": "Место (страна, город)",
                "content": "Краткое описание", "participants": "Состав участников"}


def sheet_rows(text: Path, other_office: bool = False) -> list[list[str]]:
    """A sample report's table as the rows of a sheet: its title, header and rows; or, for
    ``other_office``, the header in other words and order and no number column."""
    from ties.ingest.table import column_roles, is_header

    blocks = read_blocks(text)
    header = next(b for b in blocks if is_header(b))
    roles = column_roles(header)
    order = [roles[r] for r in OTHER_HEADER] if other_office else list(range(len(header.cells)))
    rows: list[list[str]] = []
    for block in blocks:
        if block.kind == "paragraph":
            rows.append([block.text])
        elif block.kind == "heading":
            rows.append([block.text] + [""] * (len(order) - 1))
        elif block is header and other_office:
            rows.append(list(OTHER_HEADER.values()))
        else:
            rows.append([block.cells[i] if i < len(block.cells) else "" for i in order])
    return rows


def write_xlsx(rows: list[list[str]], path: Path) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    width = max(map(len, rows))
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row, 1):
            sheet.cell(r, c, value or None)
        if sum(bool(v) for v in row) == 1 and width > 1:
            sheet.merge_cells(start_row=r, start_column=1, end_row=r, end_column=width)  # a title or section
    book.save(path)
    return path


def write_ods(rows: list[list[str]], path: Path) -> Path:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="Мероприятия")
    for row in rows:
        line = TableRow()
        for value in row:
            cell = TableCell(valuetype="string") if value else TableCell()
            for part in value.split("\n") if value else []:
                cell.addElement(P(text=part))
            line.addElement(cell)
        line.addElement(TableCell(numbercolumnsrepeated=1000))  # as office suites pad a row to the sheet's width
        table.addElement(line)
    table.addElement(TableRow(numberrowsrepeated=1_000_000))  # and the sheet to its height
    document.spreadsheet.addElement(table)
    document.save(str(path))
    return path


def write_csv(rows: list[list[str]], path: Path) -> Path:
    """A CSV as Excel on a Russian Windows saves it: ";" between cells, Windows-1251."""
    import csv

    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    path.write_bytes(out.getvalue().encode("cp1251"))
    return path


@pytest.mark.parametrize("prefix", ["001", "004"])
@pytest.mark.parametrize("kind", ["xlsx", "ods", "csv"])
def test_spreadsheet_gives_the_events_of_the_report(prefix: str, kind: str, tmp_path: Path) -> None:
    from ties.ingest.report import read_report

    text = next(REPORTS.glob(f"{prefix}_*.txt"))
    write = {"xlsx": write_xlsx, "ods": write_ods, "csv": write_csv}[kind]
    sheet = write(sheet_rows(text), tmp_path / f"{text.stem}.{kind}")
    assert facts(read_report(sheet)) == facts(read_report(text))


@pytest.mark.parametrize("prefix", ["001", "004"])
def test_another_offices_sheet_without_numbers_gives_the_same_events(prefix: str, tmp_path: Path) -> None:
    """Columns in other words and order ("Дата проведения" first), no "№" column: rows numbered in order."""
    from ties.ingest.report import read_report

    text = next(REPORTS.glob(f"{prefix}_*.txt"))
    sheet = write_xlsx(sheet_rows(text, other_office=True), tmp_path / f"{text.stem}.xlsx")
    assert facts(read_report(sheet)) == facts(read_report(text))


def test_a_sheet_without_a_header_is_one_line(tmp_path: Path) -> None:
    path = write_xlsx([["Иванов", "Петров"], ["1", "2"]], tmp_path / "people.xlsx")
    with pytest.raises(ReportError) as caught:
        read_blocks(path)
    assert str(caught.value).startswith(f"{path}: no sheet has a header row naming its columns")


# --- scans: OCR -------------------------------------------------------------------------------------------

needs_ocr = pytest.mark.skipif(shutil.which("tesseract") is None, reason="Tesseract (tesseract-ocr, tesseract-ocr-rus) is not installed")


def scanned(pdf: Path, out: Path, dpi: int = 200) -> Path:
    """A PDF as a scan of its printout: every page an image, no text layer."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    pages = [document[i].render(scale=dpi / 72, grayscale=True).to_pil() for i in range(len(document))]
    path = out / f"{pdf.stem}.scan.pdf"
    pages[0].save(path, save_all=True, append_images=pages[1:], resolution=dpi)
    return path


@needs_office
@needs_ocr
def test_scanned_report_reads_by_ocr(table_pdfs: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    """004 printed and scanned: every row found with its number, nine in ten dates as in the DOCX."""
    from ties.ingest.report import read_report

    document, pdf = table_pdfs["004"]
    by_ocr = {e.n: (e.start, e.end) for e in read_report(scanned(pdf, tmp_path)).events}
    from_docx = {e.n: (e.start, e.end) for e in read_report(document).events}
    assert by_ocr.keys() == from_docx.keys()
    assert sum(by_ocr[n] == dates for n, dates in from_docx.items()) >= 0.9 * len(from_docx)


@needs_gold
@needs_office
@needs_ocr
def test_scanned_sample_reports_score_against_the_gold(table_pdfs: dict[str, tuple[Path, Path]],
                                                       tmp_path: Path) -> None:
    """Issue 17's bar for scans: the three table reports printed to 200 dpi images and read by OCR
    score events F1 >= 0.9 and start and end dates >= 0.9 against the hand-made gold (slow: minutes)."""
    scans = tmp_path / "scans"
    scans.mkdir()
    gold = tmp_path / "gold"
    gold.mkdir()
    for prefix, (document, pdf) in table_pdfs.items():
        shutil.copy(scanned(pdf, scans), scans / f"{document.stem}.pdf")  # the gold's name, a scan's content
        (scans / f"{pdf.stem}.scan.pdf").unlink()
        shutil.copy(GOLD / f"{document.stem}.json", gold)
    extract(sorted(scans.iterdir()), tmp_path / "x")
    scored = figures(score(gold, tmp_path / "x" / "json"))
    print({k: scored[k] for k in ("events.f1", "start.accuracy", "end.accuracy", "organizations.f1")})
    assert scored["events.f1"] >= 0.9 and scored["start.accuracy"] >= 0.9 and scored["end.accuracy"] >= 0.9, scored


@needs_office
@needs_ocr
def test_page_image_reads_by_ocr(table_pdfs: dict[str, tuple[Path, Path]], tmp_path: Path) -> None:
    import pypdfium2 as pdfium

    _, pdf = table_pdfs["004"]
    image = tmp_path / "page.png"
    pdfium.PdfDocument(str(pdf))[0].render(scale=200 / 72, grayscale=True).to_pil().save(image)
    blocks = read_blocks(image)
    assert "Город Смоленск" in [b.text for b in blocks if b.kind == "heading"]
    assert [b.cells[0] for b in blocks if b.kind == "row"][1:3] == ["1.", "2."]


def test_scan_without_tesseract_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from PIL import Image

    from ties.ingest import ocr
    monkeypatch.setattr(ocr, "_languages", lambda: frozenset())
    path = tmp_path / "blank-scan.pdf"
    Image.new("L", (850, 1100), 255).save(path, resolution=100)
    with pytest.raises(ReportError) as caught:
        read_blocks(path)
    assert str(caught.value) == (f"{path}: PDF has no text layer (a scan?); to read it by OCR, install Tesseract "
                                 "with its Russian model (Debian: apt-get install tesseract-ocr tesseract-ocr-rus)")


@needs_real
def test_folder_saved_from_a_site_is_one_report_per_page(tmp_path: Path) -> None:
    """"Save page, complete" puts each page's pictures, scripts and frames in "<page>_files": not reports."""
    from ties.pipeline import expand_paths

    site = tmp_path / "site"
    for prefix in ("a01", "b17"):
        text = next((REAL / "texts").glob(f"{prefix}_*.txt"))
        (site / f"{text.stem}_files").mkdir(parents=True)
        (site / f"{text.stem}.html").write_text(page_html(text), encoding="utf-8")
        (site / f"{text.stem}_files" / "saved_resource.html").write_text("<html><body>реклама</body></html>")
    (site / "lone_files").mkdir()
    (site / "lone_files" / "notes.txt").write_text("Заметки", encoding="utf-8")  # no page of that name: a folder
    found = [path.relative_to(site).as_posix() for path, problem in expand_paths([str(site)]) if not problem]
    assert found == sorted(["a01_irkutsk_ulaanbaatar_schoolchildren.html", "b17_vladimir_bukhara_memorandum.html",
                            "lone_files/notes.txt"])


@pytest.mark.parametrize("dated", [
    '<meta property="article:published_time" content="2024-11-14T09:26:00+03:00">',
    '<script type="application/ld+json">{"@type": "NewsArticle", "datePublished": "2024-11-14"}</script>',
    '<span class="news-date-time">14.11.2024</span>',
])
def test_page_date_from_meta_json_ld_or_a_date_element_not_the_news_list(dated: str, tmp_path: Path) -> None:
    """Where sites put the date (a Bitrix news page's "news-date-time"), never the list of other news."""
    body = ("Делегация города Астрахани во главе с мэром посетила иранский город Решт и провела переговоры "
            "о сотрудничестве в сфере туризма и образования.")
    head, inline = (dated, "") if dated.startswith(("<meta", "<script")) else ("", dated)
    page = (f'<html><head><meta charset="utf-8">{head}<title>Визит в Решт</title></head><body>{_MENU}'
            f'<div class="content"><h1>Делегация Астрахани посетила Решт</h1>{inline}<p>{body}</p></div>'
            '<div class="other-news"><span class="news-date-time">01.02.2020</span><a href="/n/9">Ремонт дорог</a></div>'
            f"{_FOOTER}</body></html>")
    path = tmp_path / "visit.html"
    path.write_text(page, encoding="utf-8")
    assert [b.text for b in read_blocks(path)][:3] == ["Делегация Астрахани посетила Решт", "14.11.2024", body]
