"""What one report may cost to read: limits on its shape, not only on its size in bytes.

A small file can stand for a huge amount of work: 193 KB of DOCX unpacks to millions of
paragraphs, one ``gridSpan`` attribute claims ten million merged cells, a DOCX of ten
thousand table rows takes minutes and gigabytes to extract and store. Each limit here
is far above any real report (the largest real ones have a few hundred rows, lines of a
few thousand characters and ~1 MB of document XML) and low enough that any accepted
input stays within the README's memory bound; each breach is one ``ReportError`` line
that says which limit and by how much, before the expensive work starts.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from ties.ingest.errors import ReportError
from ties.ingest.records import Block

#: Most a DOCX may unpack to: python-docx holds every part in memory, so a zip bomb must stop here.
MAX_UNPACKED = 512 << 20
#: Most one XML part of a DOCX may unpack to: parsed into a tree of about ten times its size.
MAX_XML = 32 << 20
#: Largest text file read as a report: real ones are under 100 kB; a bigger file is a log or a dump,
#: and extracting it would take the better part of an hour.
MAX_TEXT = 16 << 20
#: Longest line (a text line, a DOCX paragraph, a line of a cell): sentence splitting and the
#: extractors' regular expressions slow down more than linearly on one long line.
MAX_LINE = 1_000_000
#: Most lines of a text report: every line becomes an object or two before the other limits can count it.
MAX_LINES = 200_000
#: Most characters of text in a report: the text goes into the graph (titles, goals, source rows), and a
#: build's memory grows with it (2,999 rows of 5,000 characters, 15M in all, peaked at 2.0 GB).
MAX_CHARS = 4_000_000
#: Most table rows of two or more filled cells (each becomes an event, ~0.3 MB of memory while stored).
MAX_ROWS = 3_000
#: Most paragraphs and headings (single-cell rows): prose extraction reads each (~2.5 ms apiece).
MAX_PARAGRAPHS = 25_000
#: Most events one report may yield: each costs ~0.3 MB while its graph is built, validated and stored,
#: so this is what keeps a build within the README's memory bound, whatever the layout.
MAX_EVENTS = 3_000
#: Widest a table row may be in grid columns, merged cells (``gridSpan``) counted as what they span.
MAX_GRID = 1_000
#: Most table cells in a report, nested tables included.
MAX_CELLS = 200_000


class Budget:
    """Counts what a report has cost so far and stops it, with one line, at the first limit it passes."""

    def __init__(self, path: Path | str) -> None:
        self.path = path
        self.rows = self.paragraphs = self.cells = self.chars = 0

    def _over(self, problem: str) -> ReportError:
        return ReportError(self.path, problem)

    def block(self, block: Block, where: str) -> None:
        """Count a block and check the length of each of its lines; ``where`` names it ("line 12")."""
        if block.kind == "row":
            self.rows += 1
            if self.rows > MAX_ROWS:
                raise self._over(f"has more than {MAX_ROWS:,} table rows (limit {MAX_ROWS:,}); split the report")
        else:
            self.paragraphs += 1
            if self.paragraphs > MAX_PARAGRAPHS:
                raise self._over(f"has more than {MAX_PARAGRAPHS:,} paragraphs and headings "
                                 f"(limit {MAX_PARAGRAPHS:,}); split the report")
        for cell in block.cells:
            self.line(cell, where)
            self.chars += len(cell)
        if self.chars > MAX_CHARS:
            raise self._over(f"has more than {MAX_CHARS:,} characters of text (limit {MAX_CHARS:,}); split the report")

    def lines(self, text: str) -> None:
        """A text report of more than ``MAX_LINES`` lines is refused before it is split into them."""
        count = text.count("\n") + 1
        if count > MAX_LINES:
            raise self._over(f"has {count:,} lines (limit {MAX_LINES:,}); split the report")

    def line(self, text: str, where: str) -> None:
        """A text whose longest line is over ``MAX_LINE`` characters is refused."""
        if len(text) > MAX_LINE:
            longest = max(map(len, text.split("\n")))
            if longest > MAX_LINE:
                raise self._over(f"{where} has a line of {longest:,} characters (limit {MAX_LINE:,})")

    def grid(self, width: int, where: str) -> None:
        """A table row ``width`` grid columns wide, merged cells counted as what they span."""
        if width > MAX_GRID:
            raise self._over(f"{where} is {width:,} cells wide, merged cells counted as the columns they span "
                             f"(limit {MAX_GRID:,})")

    def cell(self) -> None:
        self.cells += 1
        if self.cells > MAX_CELLS:
            raise self._over(f"has more than {MAX_CELLS:,} table cells (limit {MAX_CELLS:,}); split the report")

    def unpacked(self, archive: zipfile.ZipFile) -> None:
        """A DOCX's members by their declared sizes (zipfile never unpacks more than that): all of them,
        and those python-docx parses into trees, the XML parts, one by one and together."""
        items = archive.infolist()
        total = sum(item.file_size for item in items)
        if total > MAX_UNPACKED:
            raise self._over(f"DOCX unpacks to {total >> 20} MB, over the {MAX_UNPACKED >> 20} MB "
                             "a report may take (a damaged or hostile archive?)")
        types = _content_types(archive)
        xml = [item for item in items if _is_xml(item.filename, types)]
        for item in xml:
            if item.file_size > MAX_XML:
                raise self._over(f"DOCX part {item.filename} unpacks to {item.file_size:,} bytes of XML "
                                 f"(limit {MAX_XML >> 20} MB)")
        if (together := sum(item.file_size for item in xml)) > 2 * MAX_XML:
            raise self._over(f"DOCX parts unpack to {together:,} bytes of XML together (limit {2 * MAX_XML >> 20} MB)")


def _content_types(archive: zipfile.ZipFile) -> tuple[dict[str, str], dict[str, str]]:
    """The package's content types by extension and by part name (both lower case), as python-docx
    reads them to decide which parts to parse; none when ``[Content_Types].xml`` is missing or odd."""
    try:
        info = archive.getinfo("[Content_Types].xml")
        if info.file_size > 1 << 20:
            return {}, {}
        root = etree.fromstring(archive.read(info), etree.XMLParser(resolve_entities=False, no_network=True))
    except (KeyError, etree.LxmlError, ValueError, zipfile.BadZipFile):
        return {}, {}
    defaults = {e.get("Extension", "").lower(): e.get("ContentType", "") for e in root if _local(e) == "Default"}
    overrides = {e.get("PartName", "").lower(): e.get("ContentType", "") for e in root if _local(e) == "Override"}
    return defaults, overrides


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _is_xml(name: str, types: tuple[dict[str, str], dict[str, str]]) -> bool:
    """Whether python-docx may parse the member as XML: its content type says XML, or it is named so."""
    defaults, overrides = types
    kind = overrides.get("/" + name.lower()) or defaults.get(name.rsplit(".", 1)[-1].lower(), "")
    return kind.endswith("xml") or name.lower().endswith((".xml", ".rels"))


def check_events(path: Path | str, count: int) -> None:
    """A report of more than ``MAX_EVENTS`` events is refused before its graph is built."""
    if count > MAX_EVENTS:
        raise ReportError(path, f"has {count:,} events (limit {MAX_EVENTS:,}); split the report")
