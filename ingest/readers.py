"""Turn a report file (text export of a DOCX, or the DOCX itself) into ``Block`` s.

Readers only cut a file into rows, headings and paragraphs; they never interpret
what the text says.  Every way a user's file can be unreadable ends as one
``ReportError`` with a plain-words problem, so callers need to catch only that.
"""
from __future__ import annotations

import importlib
import io
import itertools
import os
import re
import shlex
import shutil
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

from ties.ingest.decode import _looks_russian, decode_text, normalise  # noqa: F401 - _looks_russian used by the fuzz tests
from ties.ingest.errors import ReportError
from ties.ingest.limits import MAX_TEXT, MAX_UNPACKED, Budget
from ties.ingest.records import Block

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls container
_ZIP_MAGIC = b"PK\x03\x04"
_ARTIFACT = re.compile(r"\[bookmark: [^\]\n]*\]")
_ROW_NUMBER = re.compile(r"^(\d+)\.?\s*$")
_P, _TBL, _SDT, _TR, _TC = qn("w:p"), qn("w:tbl"), qn("w:sdt"), qn("w:tr"), qn("w:tc")
_VAL = qn("w:val")
_KEYS = itertools.count()  # one per table cell read, for the rows of a vertical merge to share
_NS = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
#: Formats beyond text and DOCX: suffix -> module of ``ingest`` that reads it (imported only when needed).
FORMATS = {".html": "html_page", ".htm": "html_page", ".pdf": "pdf", ".odt": "office", ".rtf": "office",
           ".xlsx": "sheets", ".ods": "sheets", ".csv": "sheets",
           ".png": "ocr", ".jpg": "ocr", ".jpeg": "ocr", ".tif": "ocr", ".tiff": "ocr"}
#: What ``stat`` says a path is, for the line refusing what is not a regular file.
_KINDS = ((stat.S_ISDIR, "a directory"), (stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def read_blocks(path: Path | str) -> list[Block]:
    """Read one report file into blocks, or raise ``ReportError`` saying why not."""
    path = Path(path)
    suffix = path.suffix.lower()
    other = importlib.import_module(f"ties.ingest.{FORMATS[suffix]}") if suffix in FORMATS else None
    data = _read_file(path, other.MAX_BYTES if other else MAX_UNPACKED if suffix in (".docx", ".doc") else MAX_TEXT)
    if not data:
        raise ReportError(path, "empty file (0 bytes)")
    budget = Budget(path)
    if other:  # each further format's module: ``read(path, data, budget) -> list[Block]``
        blocks = other.read(path, data, budget)
    elif data.startswith(_OLE_MAGIC) or (suffix == ".doc" and not data.startswith(_ZIP_MAGIC)):
        blocks = _read_legacy_doc(path, data, budget)
    elif suffix in (".docx", ".doc"):  # a .doc that is really a DOCX zip is read as one
        blocks = _read_docx(io.BytesIO(data), path, budget)
    else:
        text = decode_text(data, path)
        if not text.strip():
            raise ReportError(path, "empty file (only whitespace)")
        budget.lines(text)
        blocks = read_text_blocks(text)
        for block in blocks:
            budget.block(block, f"line {block.line}")
    if not blocks:
        raise ReportError(path, "no text found in the report")
    return blocks


def _read_file(path: Path, limit: int) -> bytes:
    """A regular file's bytes, at most ``limit`` of them. Anything else is refused before it is opened
    (a FIFO would block the open until a writer came, ``/dev/zero`` never ends), and checked again on
    the open descriptor, opened non-blocking, in case the path was swapped in between."""
    try:
        kind = _kind(os.stat(path).st_mode)
        if kind:
            raise ReportError(path, f"is {kind}, not a report file")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise ReportError(path, "file not found") from None
    except OSError as exc:
        raise ReportError(path, f"cannot read the file ({exc.strerror or 'I/O error'})") from None
    with os.fdopen(fd, "rb") as file:
        try:
            info = os.fstat(fd)
            if kind := _kind(info.st_mode):
                raise ReportError(path, f"is {kind}, not a report file")
            data = file.read(limit + 1) if info.st_size <= limit else b""  # a sparse dump is not read
        except OSError as exc:
            raise ReportError(path, f"cannot read the file ({exc.strerror or 'I/O error'})") from None
    if max(len(data), info.st_size) > limit:
        size = max(info.st_size, len(data))
        if limit == MAX_TEXT:
            raise ReportError(path, f"too large for a text report ({size:,} bytes; the limit is {limit >> 20} MB)")
        raise ReportError(path, f"too large for a report ({size:,} bytes; the limit is {limit >> 20} MB)")
    return data


def _kind(mode: int) -> str | None:
    """What a non-regular file is, in words; ``None`` for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((what for test, what in _KINDS if test(mode)), "not a regular file")


# --- text export ------------------------------------------------------------------


def _clean(text: str) -> str:
    """Cell/paragraph text: no exporter artifacts or invisible characters, no trailing spaces, no edge blank lines."""
    text = normalise(_ARTIFACT.sub("", text))
    return "\n".join(line.rstrip() for line in text.split("\n")).strip()


@dataclass
class _Cell:
    """One tab-started cell of the text export with its continuation lines."""

    line: int
    lines: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return _clean("\n".join(self.lines))

    @property
    def has_blank_line(self) -> bool:
        """A blank line after the first one: in the header it closes the row."""
        return any(not line.strip() for line in self.lines[1:])


def read_text_blocks(text: str) -> list[Block]:
    """Blocks of a decoded text export: a header row, numbered rows and headings, or prose.

    Without a "№" header cell there is no table, only lines of prose.
    """
    lines = _ARTIFACT.sub("", text).split("\n")
    before, cells = _split(lines)
    header = next((i for i, cell in enumerate(cells) if cell.text.startswith("№")), None)
    if header is None:  # prose: every non-blank line is a paragraph
        prose = ((no, _clean(raw)) for no, raw in enumerate(lines, 1))
        return [Block("paragraph", (text,), no) for no, text in prose if text]
    blocks = _paragraphs(before)
    blocks += [Block("heading", (cell.text,), cell.line) for cell in cells[:header] if cell.text]
    end = header
    while end < len(cells) - 1 and not cells[end].has_blank_line:
        end += 1
    blocks.append(Block("row", tuple(c.text for c in cells[header:end + 1]), cells[header].line))
    blocks += _rows(cells[end + 1:], end + 1 - header)
    return blocks


def _split(lines: list[str]) -> tuple[list[tuple[int, str]], list[_Cell]]:
    """Lines before the first cell, and the cells: a TAB-led line opens a cell, other lines continue it."""
    before: list[tuple[int, str]] = []
    cells: list[_Cell] = []
    for no, raw in enumerate(lines, 1):
        if raw.startswith("\t"):
            cells.append(_Cell(no, [raw.lstrip("\t")]))
        elif cells:
            cells[-1].lines.append(raw)
        else:
            before.append((no, raw))
    return before, cells


def _paragraphs(numbered: list[tuple[int, str]]) -> list[Block]:
    """Consecutive non-blank lines (title, page number) make one paragraph."""
    blocks: list[Block] = []
    group: list[tuple[int, str]] = []
    for no, raw in [*numbered, (0, "")]:
        if raw.strip():
            group.append((no, raw))
        elif group:
            blocks.append(Block("paragraph", (_clean("\n".join(r for _, r in group)),), group[0][0]))
            group = []
    return blocks


def _rows(cells: list[_Cell], width: int) -> list[Block]:
    """A row-number cell and the next ``width - 1`` cells are a row; other cells are headings.

    A row also ends early at a cell holding the next row number, so one cell lost
    in export does not shift every later row.
    """
    blocks: list[Block] = []
    i = 0
    while i < len(cells):
        number = _ROW_NUMBER.match(cells[i].text)
        if number is None:
            if cells[i].text:
                blocks.append(Block("heading", (cells[i].text,), cells[i].line))
            i += 1
            continue
        j = i + 1
        while j < min(i + width, len(cells)):
            following = _ROW_NUMBER.match(cells[j].text)
            if following and int(following.group(1)) == int(number.group(1)) + 1:
                break
            j += 1
        blocks.append(Block("row", tuple(c.text for c in cells[i:j]), cells[i].line))
        i = j
    return blocks


# --- DOCX -------------------------------------------------------------------------


def _read_docx(source: IO[bytes], shown: Path, budget: Budget) -> list[Block]:
    """Blocks of a DOCX; any failure of the ZIP/XML layers becomes one plain ReportError about ``shown``.
    The declared sizes are checked before anything is unpacked, the shape while the body is walked."""
    try:
        with zipfile.ZipFile(source) as archive:
            budget.unpacked(archive)
        source.seek(0)
        document = docx.Document(source)
        return list(_docx_blocks(document, budget))
    except ReportError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError):
        raise ReportError(shown, "damaged or truncated DOCX (not a valid ZIP archive)") from None
    except MemoryError:
        raise ReportError(shown, "too large to read in the memory available") from None
    except Exception:  # noqa: BLE001 - KeyError, lxml, ValueError …: all mean a broken package
        raise ReportError(shown, "damaged DOCX (its document content cannot be read)") from None


def _soffice() -> str | None:
    """LibreOffice's command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _read_legacy_doc(path: Path, data: bytes, budget: Budget) -> list[Block]:
    """A legacy Word .doc read through LibreOffice's DOCX export, or one line saying how to convert it.

    LibreOffice runs headless with its own throw-away profile (parallel workers, or a
    LibreOffice the user has open, would otherwise lock each other out), in its own
    process group so a hung conversion is killed whole after ``config.soffice_timeout()``.
    """
    how = f"convert it to DOCX first: libreoffice --headless --convert-to docx {shlex.quote(str(path))}"
    office = _soffice()
    if office is None:
        raise ReportError(path, f"legacy Word .doc file is not supported without LibreOffice; {how} "
                                "(or install LibreOffice and ties converts it itself)")
    from ties.ingest.office import libreoffice_docx  # office imports this module: a late import
    return libreoffice_docx(path, data, ".doc", "legacy Word .doc", how, budget)


def _docx_blocks(document: DocxDocument, budget: Budget) -> Iterator[Block]:
    """Paragraphs and table rows in body order; ``line`` counts every body paragraph and row."""
    index = 0
    for element in _body_items(document.element.body):
        if element.tag == _P:
            index += 1
            text = _clean(Paragraph(element, document).text)
            if text:
                block = Block("paragraph", (text,), index)
                budget.block(block, f"paragraph {index}")
                yield block
            continue
        above: list[_Span] = []
        for tr in _children(element, _TR):
            index += 1
            above = _row_spans(tr, above, document, budget, f"table row {index}")
            cells = _distinct(above)
            filled = [text for text in cells if text]
            block = None
            if len(filled) == 1:
                block = Block("heading", (filled[0],), index)
            elif filled:
                block = Block("row", tuple(cells), index)
            if block:
                budget.block(block, f"table row {index}")
                yield block


@dataclass
class _Span:
    """A cell of a row as the grid columns ``start`` to ``end`` it covers; ``key`` is the same for
    the rows of one vertically merged cell, whose text is that of its first row."""

    start: int
    end: int
    key: int
    text: str


def _row_spans(tr: BaseOxmlElement, above: list[_Span], document: DocxDocument, budget: Budget,
               where: str) -> list[_Span]:
    """The cells of one row over the table grid, each ``w:tc`` read once however many columns it
    spans (python-docx repeats a merged cell once per column, and finds the cell above a vertical
    merge by walking every row above: a ``gridSpan`` of ten million took minutes). A cell that
    continues a vertical merge takes the text of the cell above it, as python-docx does."""
    cells = [(tc, max(_grid_value(tc, "w:tcPr/w:gridSpan"), 1)) for tc in _children(tr, _TC)]
    column = _grid_value(tr, "w:trPr/w:gridBefore")
    budget.grid(column + sum(width for _, width in cells), where)
    spans: list[_Span] = []
    j = 0  # into ``above``: both rows run left to right, so one pass finds every cell above
    for tc, width in cells:
        budget.cell()
        while j < len(above) and above[j].end <= column:
            j += 1
        if _continues(tc) and j < len(above) and above[j].start <= column:
            spans.append(_Span(column, column + width, above[j].key, above[j].text))
        else:
            spans.append(_Span(column, column + width, next(_KEYS), _cell_text(tc, document, budget)))
        column += width
    return spans


def _distinct(spans: list[_Span]) -> list[str]:
    """The texts of a row's cells, a cell merged over several spans of the row once."""
    seen: set[int] = set()
    return [span.text for span in spans if not (span.key in seen or seen.add(span.key))]


def _grid_value(element: BaseOxmlElement, path: str) -> int:
    """An integer ``w:val`` (``gridSpan``, ``gridBefore``) or 0 where missing or not a number."""
    found = element.find(path, namespaces=_NS)
    try:
        return int(found.get(_VAL)) if found is not None else 0
    except (TypeError, ValueError):
        return 0


def _continues(tc: BaseOxmlElement) -> bool:
    """``<w:vMerge/>`` or ``w:val="continue"``: the cell goes on from the row above."""
    merge = tc.find("w:tcPr/w:vMerge", namespaces=_NS)
    return merge is not None and merge.get(_VAL, "continue") == "continue"


def _children(parent: BaseOxmlElement, tag: str) -> Iterator[BaseOxmlElement]:
    """``tag`` children (rows of a table, cells of a row) in order, looking inside content controls."""
    for child in parent.iterchildren():
        if child.tag == tag:
            yield child
        elif child.tag == _SDT:
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _children(content, tag)


def _body_items(parent: BaseOxmlElement) -> Iterator[BaseOxmlElement]:
    """``w:p`` and ``w:tbl`` children in order, looking inside content controls (``w:sdt``)."""
    for child in parent.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _body_items(content)


def _cell_text(tc: BaseOxmlElement, document: DocxDocument, budget: Budget) -> str:
    """A cell's paragraphs joined by newlines; nested tables flattened into lines."""
    parts: list[str] = []
    for child in _body_items(tc):
        if child.tag == _P:
            parts.append(Paragraph(child, document).text)
        else:
            for row in _children(child, _TR):
                for inner in _children(row, _TC):
                    budget.cell()
                    parts.append(_cell_text(inner, document, budget))
    return _clean("\n".join(parts))
