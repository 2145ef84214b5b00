"""A PDF with a text layer into the blocks its DOCX would give: paragraphs, table rows, headings.

Most reports are published as PDF exported from Word or LibreOffice. pdfplumber (on pdfminer.six)
is used because it gives what rebuilding the document needs: every word with its position, and
table cells found from the ruling lines the export draws; pypdfium2, which it brings along,
renders pages for OCR (``ingest/ocr.py``) when a PDF has no text layer.

A PDF knows lines, not paragraphs: a line break is taken as the end of a paragraph (or of a
paragraph in a cell) only where the next line's first word would have fitted on it, so the text
comes out as the DOCX holds it. The page's running header and footer (a line repeated at the top
or bottom of the pages) and page numbers are dropped; a table header row repeated on each page
is read once, and a row that the page break cut in two is joined again.
"""
from __future__ import annotations

import io
import re
from collections import Counter
from difflib import SequenceMatcher
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ties.ingest.errors import ReportError
from ties.ingest.formats import paragraph, table_row, tidy
from ties.ingest.limits import MAX_UNPACKED, Budget
from ties.ingest.morph import analyzer
from ties.ingest.records import Block

#: A PDF may be large (scans, embedded fonts): as much as a DOCX may unpack to.
MAX_BYTES = MAX_UNPACKED
#: Most pages read: far above a real report; each page costs ~0.1-0.5 s.
MAX_PAGES = 2_000
#: Share of the page height at its top and bottom where running headers, footers and page numbers stand.
_MARGIN = 0.12
_PAGE_NUMBER = re.compile(r"^[\W_]*(?:стр(?:аница)?\.?\s*)?\d{1,4}(?:\s*(?:из|/)\s*\d{1,4})?[\W_]*$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")


@dataclass
class _Line:
    """One printed line: its words' texts and where it stands."""

    words: list[dict]
    top: float = field(init=False)
    bottom: float = field(init=False)

    def __post_init__(self) -> None:
        self.words.sort(key=lambda w: w["x0"])
        self.top = min(w["top"] for w in self.words)
        self.bottom = max(w["bottom"] for w in self.words)

    @property
    def text(self) -> str:
        """The words, a space between two only where the page leaves one (a comma in another font
        is a word of its own to pdfplumber, with no gap before it)."""
        parts = [self.words[0]["text"]]
        for before, word in zip(self.words, self.words[1:]):
            gap = word["x0"] - before["x1"]
            tight = gap < word["height"] * (0.3 if word["text"][:1] in ",.;:!?)»" else 0.12)
            parts.append(("" if tight else " ") + word["text"])
        return "".join(parts)

    @property
    def x0(self) -> float:
        return self.words[0]["x0"]

    @property
    def x1(self) -> float:
        return self.words[-1]["x1"]


@dataclass
class _Item:
    """What a page holds at a height: a paragraph's lines, or a table row's cells (``None`` where a
    merged cell covers the column)."""

    top: float
    lines: list[_Line] | None = None
    cells: list[str] | None = None
    page: int = 0
    height: float = 1.0
    first_of_table: bool = False


def read(path: Path, data: bytes, budget: Budget) -> list[Block]:
    """The blocks of a PDF, through OCR when it has no text layer; one ``ReportError`` when unreadable."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if len(pdf.pages) > MAX_PAGES:
                raise ReportError(path, f"has {len(pdf.pages):,} pages (limit {MAX_PAGES:,}); split the report")
            pages = [_page_items(page, number) for number, page in enumerate(pdf.pages)]
    except ReportError:
        raise
    except PDFPasswordIncorrect:
        raise ReportError(path, "encrypted PDF (password-protected): save an unprotected copy first") from None
    except MemoryError:
        raise ReportError(path, "too large to read in the memory available") from None
    except Exception as exc:  # noqa: BLE001 - pdfminer fails in many ways on a damaged file
        cause = exc.args[0] if exc.args else exc  # pdfplumber wraps pdfminer's exception
        if isinstance(cause, PDFPasswordIncorrect) or "encrypt" in type(cause).__name__.lower():
            raise ReportError(path, "encrypted PDF (password-protected): save an unprotected copy first") from None
        raise ReportError(path, "damaged PDF (its pages cannot be read)") from None
    if not any(item.lines or item.cells for items in pages for item in items):
        from ties.ingest.ocr import read_scanned
        return read_scanned(path, data, budget)
    return page_blocks(pages, budget)


def _page_items(page, number: int) -> list[_Item]:
    """A page's paragraphs and table rows, top to bottom."""
    tables = [[row.cells for row in table.rows] for table in page.find_tables()
              if len(table.rows) >= 1 and len(table.rows[0].cells) >= 2]
    return page_items(page.extract_words(keep_blank_chars=False, use_text_flow=False), tables, number, page.height)


Box = tuple[float, float, float, float]


def page_items(words: list[dict], tables: list[list[list[Box | None]]], number: int, height: float) -> list[_Item]:
    """A page's paragraphs and table rows, top to bottom, from its words (``text``, ``x0``, ``x1``,
    ``top``, ``bottom``, ``height``) and its tables as rows of cell boxes (``None`` where a merged
    cell covers the column): from a text layer, or from OCR and the ruling lines of a scan."""
    frames = [(min(c[0] for r in t for c in r if c), min(c[1] for r in t for c in r if c),
               max(c[2] for r in t for c in r if c), max(c[3] for r in t for c in r if c)) for t in tables]
    inside: list[list[dict]] = [[] for _ in tables]
    outside: list[dict] = []
    for word in words:
        x, y = (word["x0"] + word["x1"]) / 2, (word["top"] + word["bottom"]) / 2
        home = next((i for i, frame in enumerate(frames) if _within(frame, x, y)), None)
        (outside if home is None else inside[home]).append(word)
    items = [_Item(line.top, lines=[line], page=number, height=height) for line in _lines(outside)]
    for rows, table_words in zip(tables, inside):
        for i, row in enumerate(rows):
            cells = [None if box is None else _cell_text(table_words, box) for box in row]
            top = min(box[1] for box in row if box)
            items.append(_Item(top, cells=cells, page=number, height=height, first_of_table=i == 0))
    items.sort(key=lambda item: item.top)
    return items


def page_blocks(pages: list[list[_Item]], budget: Budget) -> list[Block]:
    """The blocks of a document's pages, running headers, footers and page numbers left out."""
    return list(_blocks(_without_running_lines(pages), budget))


def _within(bbox: tuple[float, float, float, float], x: float, y: float) -> bool:
    x0, top, x1, bottom = bbox
    return x0 <= x <= x1 and top <= y <= bottom


def _lines(words: list[dict]) -> list[_Line]:
    """Words in printed lines: those whose middles stand at one height, top to bottom."""
    lines: list[list[dict]] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        middle = (word["top"] + word["bottom"]) / 2
        if lines and abs(middle - (lines[-1][0]["top"] + lines[-1][0]["bottom"]) / 2) <= word["height"] * 0.4:
            lines[-1].append(word)
        else:
            lines.append([word])
    return [_Line(group) for group in lines]


def _cell_text(words: list[dict], bbox: tuple[float, float, float, float]) -> str:
    """A cell's text, its paragraphs on lines of their own and the lines the width wrapped joined."""
    x0, top, x1, bottom = bbox
    lines = _lines([w for w in words if _within(bbox, (w["x0"] + w["x1"]) / 2, (w["top"] + w["bottom"]) / 2)])
    if not lines:
        return ""
    padding = max(min(line.x0 for line in lines) - x0, 1.0)
    return _join(lines, x1 - padding)


def _join(lines: list[_Line], right: float) -> str:
    """Lines into text: a line that ends where the next line's first word would not have fitted is
    wrapped by the width (joined with a space, or none after a word's own hyphen); one that stops
    short ended its paragraph (a new line)."""
    text = lines[0].text
    for before, line in zip(lines, lines[1:]):
        first = line.words[0]
        space = max(first["height"] * 0.3, 1.0)
        gap = line.top - before.bottom
        wrapped = before.x1 + space + (first["x1"] - first["x0"]) > right and gap < first["height"]
        if not wrapped:
            text += "\n" + line.text
        elif _broken_word(before.words[-1]["text"], first["text"], before.x1 > right - first["height"] * 0.6,
                          len(before.words) == 1):
            text += line.text  # a word too long for the column, broken where the edge came
        elif re.search(r"\w-$", text) and not text.endswith(" -"):
            text += line.text  # "конкурсе-" + "фестивале": the hyphen is the word's own
        else:
            text += " " + line.text
    return text


def _broken_word(end: str, start: str, filled: bool, alone: bool) -> bool:
    """Whether a line's last word and the next line's first are one word the column was too narrow
    for ("Территориальн" + "ый"): together they are a Russian word and the halves are not; or, on a
    line ``filled`` to the column's edge, a stub of a few letters is ("образовательны" + "ми"); or
    a word unknown to the dictionary fills its line ``alone`` ("Россотрудничеств" + "а")."""
    tail = re.search(r"[А-Яа-яЁё]+$", end)
    head = re.match(r"[а-яё]+", start)
    if not tail or not head:
        return False
    known = analyzer().word_is_known
    if filled and alone and not known(tail.group()):
        return True
    if not known(tail.group() + head.group()):
        return False
    return not (known(tail.group()) and known(head.group())) or (filled and len(head.group()) <= 3)


def _without_running_lines(pages: list[list[_Item]]) -> list[list[_Item]]:
    """Pages without their running headers and footers (a line at the top or bottom repeated on two
    or more pages, its numbers aside) and without page numbers."""
    def edge(item: _Item) -> bool:
        return item.lines is not None and not (item.height * _MARGIN < item.top < item.height * (1 - _MARGIN))

    keys = Counter(_DIGITS.sub("#", item.lines[0].text) for items in pages for item in items if edge(item))
    kept: list[list[_Item]] = []
    for items in pages:
        kept.append([item for item in items if not (edge(item) and (
            _PAGE_NUMBER.match(item.lines[0].text) or (len(pages) > 1 and keys[_DIGITS.sub("#", item.lines[0].text)] > 1)))])
    return kept


def _blocks(pages: list[list[_Item]], budget: Budget) -> Iterator[Block]:
    """Blocks of the pages: the lines of each page grouped into paragraphs, table rows joined across
    page breaks, a table's header row repeated on later pages read once."""
    header: list[str] | None = None
    fresh, last_page = False, 0
    pending: list[tuple[str, object]] = []
    right = max((line.x1 for items in pages for item in items for line in item.lines or []), default=0)
    for items in pages:
        lines: list[_Line] = []
        for item in items:
            if item.lines:
                lines += item.lines
                continue
            if lines:
                pending.append(("text", _join_paragraphs(lines, right)))
                lines = []
            cells = [cell or "" for cell in item.cells]
            fresh = item.first_of_table or fresh  # a table's first row, or the first after its repeated header
            if fresh and header is not None and _same(cells, header):
                continue  # the header row the export repeats on each page
            if fresh and header is None:
                header = cells
            if fresh and pending and pending[-1][0] == "row" and item.page > last_page \
                    and _continues(cells, pending[-1][1]):
                pending[-1] = ("row", [_glue(a, b) for a, b in zip(pending[-1][1], cells)])
            else:
                pending.append(("row", cells))
            fresh, last_page = False, item.page
        if lines:
            pending.append(("text", _join_paragraphs(lines, right)))
    index = 0
    for kind, value in pending:
        if kind == "row":
            index += 1
            if block := table_row(value, index, budget):
                yield block
            continue
        for text in value:
            index += 1
            if block := paragraph(text, index, budget):
                yield block


def _join_paragraphs(lines: list[_Line], right: float) -> list[str]:
    """The paragraphs of consecutive lines outside tables (a wide gap also ends a paragraph)."""
    return [part for part in _join(lines, right - 2.0).split("\n") if part.strip()]


def _same(cells: list[str], header: list[str]) -> bool:
    """The table's header row again: the same words (nearly, for a row read by OCR twice)."""
    ours, theirs = " ".join(" ".join(cells).split()), " ".join(" ".join(header).split())
    return ours == theirs or (len(cells) == len(header) and SequenceMatcher(None, ours, theirs, autojunk=False).ratio() >= 0.85)


def _continues(cells: list[str], previous: object) -> bool:
    """The first row of a table on a new page goes on with the last row of the page before: the same
    width, and no row number of its own where the rows are numbered."""
    return isinstance(previous, list) and len(previous) == len(cells) and not tidy(cells[0]) \
        and any(tidy(c) for c in cells) and bool(tidy(previous[0]))


def _glue(before: str, after: str) -> str:
    """Two parts of a cell cut by a page break: one text, as the cell holds it."""
    if not after.strip():
        return before
    if not before.strip():
        return after
    if re.search(r"\w-$", before):
        return before + after
    return f"{before} {after}"
