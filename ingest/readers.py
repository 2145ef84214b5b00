"""Turn a report file (text export of a DOCX, or the DOCX itself) into ``Block`` s.

Readers only cut a file into rows, headings and paragraphs; they never interpret
what the text says.  Every way a user's file can be unreadable ends as one
``ReportError`` with a plain-words problem, so callers need to catch only that.
"""
from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import docx
from docx.document import Document as DocxDocument
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table
from docx.text.paragraph import Paragraph

from ingest.errors import ReportError
from ingest.records import Block

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16 LE: same first two bytes
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .doc / .xls container
_ZIP_MAGIC = b"PK\x03\x04"
#: Control characters real text never has in bulk (tab, LF, VT, FF, CR are fine).
_CONTROL = frozenset(map(chr, [*range(0, 9), *range(14, 32), 127]))
_SPACES = {"\xa0": " ", "\u202f": " ", "\u2007": " "}
_ARTIFACT = re.compile(r"\[bookmark: [^\]\n]*\]")
_ROW_NUMBER = re.compile(r"^(\d+)\.?\s*$")
_P, _TBL, _SDT = qn("w:p"), qn("w:tbl"), qn("w:sdt")
#: Most a DOCX may unpack to: python-docx holds every part in memory, so a zip bomb must stop here.
MAX_UNPACKED = 512 << 20
#: Largest text file read as a report: real ones are under 100 kB; a bigger file is a log or a dump,
#: and extracting it would take the better part of an hour.
MAX_TEXT = 16 << 20
#: Seconds LibreOffice may take to turn one legacy .doc into DOCX before it is killed.
SOFFICE_TIMEOUT = float(os.environ.get("TIES_SOFFICE_TIMEOUT", "120"))


def decode_text(data: bytes, path: Path | str) -> str:
    """Decode report bytes whatever Windows tool saved them; LF line ends, plain spaces.

    Order matters: a BOM is certain; strict UTF-8 rarely accepts anything else;
    cp1251 accepts almost any bytes, so it is only trusted when the result reads
    as Russian.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                problem = f"damaged text: invalid {codec.upper()} despite its byte-order mark"
                raise ReportError(path, problem) from None
            if _looks_binary(text):
                raise ReportError(path, "not a text report (binary content)")
            break
    else:
        try:
            utf8: str | None = data.decode("utf-8")
        except UnicodeDecodeError:
            utf8 = None
        # Judged on the characters, as with a BOM (so UTF-8 with and without one agree); an 8-bit
        # text's control characters are the same bytes in latin-1, which maps bytes 1:1 to chars.
        if _looks_binary(utf8 if utf8 is not None else data.decode("latin-1")):
            raise ReportError(path, "not a text report (binary content)")
        if utf8 is not None:
            text = utf8
        else:
            try:
                text = data.decode("cp1251")
            except UnicodeDecodeError:
                text = ""
            if not _looks_russian(text):
                raise ReportError(
                    path, "unknown text encoding (expected UTF-8, UTF-16 or Windows-1251 Russian text)"
                ) from None
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    for odd, space in _SPACES.items():
        text = text.replace(odd, space)
    return text


def _looks_binary(text: str) -> bool:
    """NUL or more than 5 % control characters: an image, archive or executable."""
    if "\x00" in text:
        return True
    sample = text[:65536]
    return sum(ch in _CONTROL for ch in sample) > 0.05 * max(len(sample), 1)


def _looks_russian(text: str) -> bool:
    """Most letters Cyrillic: the cp1251 guess produced real words, not mojibake."""
    letters = [ch for ch in text if ch.isalpha()]
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters)
    return cyrillic > 0 and cyrillic >= 0.5 * len(letters)


def read_blocks(path: Path | str) -> list[Block]:
    """Read one report file into blocks, or raise ``ReportError`` saying why not."""
    path = Path(path)
    if not path.exists():
        raise ReportError(path, "file not found")
    if path.is_dir():
        raise ReportError(path, "is a directory, not a report file")
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        if size > MAX_TEXT and suffix not in (".docx", ".doc"):
            raise ReportError(path, f"too large for a text report ({size:,} bytes; the limit is "
                                    f"{MAX_TEXT >> 20} MB)")
        data = path.read_bytes()
    except OSError as exc:
        raise ReportError(path, f"cannot read the file ({exc.strerror or 'I/O error'})") from None
    if not data:
        raise ReportError(path, "empty file (0 bytes)")
    if data.startswith(_OLE_MAGIC) or (suffix == ".doc" and not data.startswith(_ZIP_MAGIC)):
        blocks = _read_legacy_doc(path)
    elif suffix in (".docx", ".doc"):  # a .doc that is really a DOCX zip is read as one
        blocks = _read_docx(path)
    else:
        text = decode_text(data, path)
        if not text.strip():
            raise ReportError(path, "empty file (only whitespace)")
        blocks = read_text_blocks(text)
    if not blocks:
        raise ReportError(path, "no text found in the report")
    return blocks


# --- text export ------------------------------------------------------------------


def _clean(text: str) -> str:
    """Cell/paragraph text: no exporter artifacts, no trailing spaces, no edge blank lines."""
    text = _ARTIFACT.sub("", text)
    for odd, space in _SPACES.items():
        text = text.replace(odd, space)
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


def _read_docx(path: Path, shown: Path | None = None) -> list[Block]:
    """Blocks of a DOCX; any failure of the ZIP/XML layers becomes one plain ReportError about ``shown``."""
    shown = shown or path
    try:
        with zipfile.ZipFile(path) as archive:  # sizes as declared: zipfile never unpacks more than that
            unpacked = sum(item.file_size for item in archive.infolist())
        if unpacked > MAX_UNPACKED:
            raise ReportError(shown, f"DOCX unpacks to {unpacked >> 20} MB, over the {MAX_UNPACKED >> 20} MB "
                                     "a report may take (a damaged or hostile archive?)")
        document = docx.Document(str(path))
        return list(_docx_blocks(document))
    except ReportError:
        raise
    except (zipfile.BadZipFile, PackageNotFoundError):
        raise ReportError(shown, "damaged or truncated DOCX (not a valid ZIP archive)") from None
    except Exception:  # noqa: BLE001 - KeyError, lxml, ValueError …: all mean a broken package
        raise ReportError(shown, "damaged DOCX (its document content cannot be read)") from None


def _soffice() -> str | None:
    """LibreOffice's command, if installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def _read_legacy_doc(path: Path) -> list[Block]:
    """A legacy Word .doc read through LibreOffice's DOCX export, or one line saying how to convert it.

    LibreOffice runs headless with its own throw-away profile (parallel workers, or a
    LibreOffice the user has open, would otherwise lock each other out), in its own
    process group so a hung conversion is killed whole after ``SOFFICE_TIMEOUT``.
    """
    how = f"convert it to DOCX first: libreoffice --headless --convert-to docx {shlex.quote(str(path))}"
    office = _soffice()
    if office is None:
        raise ReportError(path, f"legacy Word .doc file is not supported without LibreOffice; {how} "
                                "(or install LibreOffice and ties converts it itself)")
    with tempfile.TemporaryDirectory(prefix="ties-doc-") as tmp:
        work = Path(tmp)
        source = work / "report.doc"  # a plain name: the user's may hold anything
        shutil.copyfile(path, source)
        command = [office, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                   "--convert-to", "docx", "--outdir", str(work / "out"), str(source)]
        try:
            process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                       stderr=subprocess.DEVNULL, start_new_session=True)
        except OSError as exc:
            raise ReportError(path, f"legacy Word .doc file: cannot run LibreOffice ({exc.strerror}); {how}") from None
        try:
            process.wait(SOFFICE_TIMEOUT)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait()
            raise ReportError(path, f"legacy Word .doc file: LibreOffice did not convert it within "
                                    f"{SOFFICE_TIMEOUT:g} s; {how}") from None
        converted = work / "out" / "report.docx"
        if not converted.is_file():
            raise ReportError(path, f"legacy Word .doc file could not be converted by LibreOffice "
                                    f"(damaged, or not a Word file?); {how}")
        return _read_docx(converted, shown=path)


def _docx_blocks(document: DocxDocument) -> Iterator[Block]:
    """Paragraphs and table rows in body order; ``line`` counts every body paragraph and row."""
    index = 0
    for element in _body_items(document.element.body):
        if element.tag == _P:
            index += 1
            text = _clean(Paragraph(element, document).text)
            if text:
                yield Block("paragraph", (text,), index)
            continue
        for row in Table(element, document).rows:
            index += 1
            seen: list[BaseOxmlElement] = []
            cells: list[str] = []
            for cell in row.cells:  # a merged cell repeats once per grid column it spans
                if not any(cell._tc is tc for tc in seen):
                    seen.append(cell._tc)
                    cells.append(_cell_text(cell._tc, document))
            filled = [text for text in cells if text]
            if len(filled) == 1:
                yield Block("heading", (filled[0],), index)
            elif filled:
                yield Block("row", tuple(cells), index)


def _body_items(parent: BaseOxmlElement) -> Iterator[BaseOxmlElement]:
    """``w:p`` and ``w:tbl`` children in order, looking inside content controls (``w:sdt``)."""
    for child in parent.iterchildren():
        if child.tag in (_P, _TBL):
            yield child
        elif child.tag == _SDT:
            for content in child.iterchildren(qn("w:sdtContent")):
                yield from _body_items(content)


def _cell_text(tc: BaseOxmlElement, document: DocxDocument) -> str:
    """A cell's paragraphs joined by newlines; nested tables flattened into lines."""
    parts: list[str] = []
    for child in _body_items(tc):
        if child.tag == _P:
            parts.append(Paragraph(child, document).text)
        else:
            for row in child.iterchildren(qn("w:tr")):
                parts += [_cell_text(inner, document) for inner in row.iterchildren(qn("w:tc"))]
    return _clean("\n".join(parts))
