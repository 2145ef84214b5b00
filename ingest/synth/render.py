"""Rendering: the text export (as Word's "save as text" writes it) and DOCX packed with fixed
timestamps, so that equal blocks give equal bytes."""
from __future__ import annotations

import math
import random
import re
import struct
import zlib
from dataclasses import dataclass
from functools import lru_cache
from xml.sax.saxutils import escape

__all__ = ["docx_package", "docx_prose_body", "docx_table_body", "text_prose", "text_table"]


_NO_BREAK_AFTER = re.compile(r"(?:№|г\.|гг\.|им\.|пос\.|[А-ЯЁ]\.|–|-)$")


def _wrap(text: str, rng: random.Random, p: float = 0.07) -> str:
    """Line breaks inside a cell where the author pressed Enter, as the export keeps them.

    The gaps between breaks are drawn from their geometric distribution, so a long
    cell costs a few draws rather than one per word.
    """
    words = text.split(" ")
    scale = 1 / math.log(1 - p)
    breaks: list[int] = []
    i = 1 + int(math.log(1 - rng.random()) * scale)
    while i < len(words):
        if words[i] and not _NO_BREAK_AFTER.search(words[i - 1]):
            breaks.append(i)
        i += 1 + int(math.log(1 - rng.random()) * scale)
    if not breaks:
        return text
    for i in breaks:
        words[i] = ("\n" if rng.random() < 0.5 else " \n") + words[i]
    return "".join([words[0]] + [w if w.startswith(("\n", " \n")) and i in breaks else " " + w
                                 for i, w in enumerate(words) if i > 0])


def text_table(blocks: list, rng: random.Random) -> str:
    """A table report as Word's "save as text" writes it: each cell on its own tabbed line."""
    parts: list[str] = []
    if rng.random() < 0.2:
        parts.append(f"{rng.randint(2, 4)}\n\n")
    bookmark = "[bookmark: _GoBack]" if rng.random() < 0.3 else ""
    for kind, value in blocks:
        if kind == "title":
            parts.append((" " if rng.random() < 0.5 else "") + bookmark + value + "\n\n")
            bookmark = ""
        elif kind == "header":
            parts.append("".join(f"\t{cell}\n" for cell in value) + "\n")
        elif kind == "heading":
            parts.append(f"\t{value}\n\n")
        else:
            cells = [value[0]] + [_wrap(c, rng, 0.035) for c in value[1:]]
            parts.append("".join(f"\t{c}\n" for c in cells) + ("\n" if rng.random() < 0.8 else "\n\n"))
    return "".join(parts)


def text_prose(blocks: list, rng: random.Random) -> str:
    """A prose report as a text export: paragraphs and "- " bullets between blank lines."""
    gap = "\n\n" if rng.random() < 0.6 else "\n"
    parts: list[str] = ["\n\n" if rng.random() < 0.5 else ""]
    for kind, value in blocks:
        if kind == "title":
            parts.append(value + gap)
        elif kind == "tab":
            parts.append("\t\n")
        elif kind == "bullet":
            parts.append(f"- {value}{gap}")
        else:
            parts.append(value + gap)
    return "".join(parts)


def _p(text: str, bold: bool = False, center: bool = False) -> str:
    ppr = '<w:pPr><w:jc w:val="center"/></w:pPr>' if center else ""
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    if not text:
        return f"<w:p>{ppr}</w:p>"
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def _tc(text: str, width: int, span: int = 1) -> str:
    grid = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    paragraphs = "".join(_p(line) for line in text.split("\n")) or _p("")
    return f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/>{grid}</w:tcPr>{paragraphs}</w:tc>'


_WIDTHS = (700, 3000, 2200, 1800, 4200, 3400)


def docx_table_body(blocks: list, rng: random.Random) -> str:
    """A table report's body XML: the title centred and bold, then one table."""
    body: list[str] = []
    rows: list[str] = []
    for kind, value in blocks:
        if kind == "title":
            body += [_p(line.strip(), bold=True, center=True) for line in value.split("\n")]
            body.append(_p(""))
        elif kind == "header":
            cells = "".join(_tc(c, w) for c, w in zip(value, _WIDTHS))
            rows.append(f'<w:tr><w:trPr><w:tblHeader/></w:trPr>{cells}</w:tr>')
        elif kind == "heading":
            if rng.random() < 0.85:  # merged across the table, as reports do
                rows.append(f"<w:tr>{_tc(value, sum(_WIDTHS), len(_WIDTHS))}</w:tr>")
            else:
                rows.append("<w:tr>" + _tc(value, _WIDTHS[0]) + "".join(_tc("", w) for w in _WIDTHS[1:]) + "</w:tr>")
        else:
            cells = [value[0].strip()] + [_wrap(c, rng, 0.02) for c in value[1:]]
            rows.append("<w:tr>" + "".join(_tc(c, w) for c, w in zip(cells, _WIDTHS)) + "</w:tr>")
    grid = "".join(f'<w:gridCol w:w="{w}"/>' for w in _WIDTHS)
    table = (f'<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/>'
             f'<w:tblLook w:val="04A0"/></w:tblPr><w:tblGrid>{grid}</w:tblGrid>{"".join(rows)}</w:tbl>')
    return "".join(body) + table + _p("")


def docx_prose_body(blocks: list) -> str:
    """A prose report's body XML: one paragraph a block, bullets as "- …"."""
    out: list[str] = []
    for kind, value in blocks:
        if kind == "title":
            out += [_p(line.strip(), bold=True, center=True) for line in value.split("\n")]
        elif kind == "bullet":
            out.append(_p(f"- {value}"))
        elif kind == "para":
            out.append(_p(value))
    return "".join(out)


@dataclass(frozen=True)
class _Template:
    """The package python-docx makes, split once: static parts, and the document's head and tail."""

    static: tuple[tuple[str, int, int, bytes], ...]   # name, CRC-32, size, deflated bytes
    head: str
    tails: dict[str, str]


def _deflate(data: bytes) -> bytes:
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


@lru_cache(maxsize=1)
def _template() -> _Template:
    """A blank python-docx document without its optional parts, landscape and portrait section settings."""
    import io
    import zipfile
    from datetime import datetime

    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Pt
    from lxml import etree

    document = docx.Document()
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            part.drop_rel(rid)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package_rels.pop(rid)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)
    props = document.core_properties
    props.author = props.last_modified_by = ""
    props.title = props.comments = ""
    props.revision = 1
    props.created = props.modified = datetime(2024, 1, 1)
    section = document.sections[0]
    tails = {"portrait": etree.tostring(section._sectPr, encoding="unicode") + "</w:body></w:document>"}
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    tails["landscape"] = etree.tostring(section._sectPr, encoding="unicode") + "</w:body></w:document>"
    buffer = io.BytesIO()
    document.save(buffer)
    static = []
    head = ""
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as zf:
        for info in zf.infolist():
            data = zf.read(info.filename)
            if info.filename == "word/document.xml":
                text = data.decode("utf-8")
                head = text[:text.index("<w:body>") + len("<w:body>")]
                continue
            static.append((info.filename, zlib.crc32(data), len(data), _deflate(data)))
    return _Template(tuple(static), head, tails)


def _zip(entries: list[tuple[str, int, int, bytes]]) -> bytes:
    """A ZIP of already deflated entries with a fixed timestamp (1980-01-01), so equal input gives equal bytes."""
    out = bytearray()
    central = bytearray()
    for name, crc, size, data in entries:
        raw = name.encode("ascii")
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 33, crc, len(data), size, len(raw), 0)
        out += raw + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 33, crc, len(data), size,
                               len(raw), 0, 0, 0, 0, 0, offset) + raw
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), start, 0)
    return bytes(out)


def docx_package(body: str, landscape: bool) -> bytes:
    """A DOCX of ``body`` in the blank template's parts, landscape for tables."""
    template = _template()
    xml = (template.head + body + template.tails["landscape" if landscape else "portrait"]).encode("utf-8")
    entries = list(template.static)
    entries.insert(1, ("word/document.xml", zlib.crc32(xml), len(xml), _deflate(xml)))
    return _zip(entries)
