"""Spreadsheets of events (.xlsx, .ods, .csv) into the blocks of a report table.

Some offices keep their activities as a sheet: one row per event under a header row, often
without a "№" column, with columns in their own order and words ("Дата проведения",
"Мероприятие", "Место"). The header row is found by the words it uses, through the same
column cues a report table's header is read with (``ingest.table.header_roles``); the rows
then come out as a numbered report table — a "№" column first, rows numbered where the sheet
does not — so the table extractor reads them unchanged. Lines above the header (the report's
title) stay paragraphs; a row with one filled cell is a heading (a section), as in a DOCX table.
"""
from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime, time
from pathlib import Path

from ties.ingest.decode import decode_text
from ties.ingest.errors import ReportError
from ties.ingest.formats import paragraph, table_row, tidy
from ties.ingest.limits import MAX_GRID, MAX_LINE, MAX_ROWS, MAX_TEXT, MAX_UNPACKED, Budget
from ties.ingest.records import Block
from ties.ingest.table import header_roles, is_header

#: An .xlsx or .ods is a ZIP, checked like a DOCX before it is unpacked; a .csv is text (``MAX_TEXT``).
MAX_BYTES = MAX_UNPACKED
#: Rows of a sheet read at most: every filled one may become an event, and ``MAX_ROWS`` bounds those.
_MAX_SHEET_ROWS = 4 * MAX_ROWS
#: How far down a sheet its header row may stand (below a title, a date, a signature block).
_HEADER_WITHIN = 30
_NUMBER = re.compile(r"^\s*(\d{1,5})\s*[.)]?\s*$")


def read(path: Path, data: bytes, budget: Budget) -> list[Block]:
    """The blocks of a spreadsheet: every sheet with a header row naming its columns, in order."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        if len(data) > MAX_TEXT:
            raise ReportError(path, f"too large for a text report ({len(data):,} bytes; the limit is {MAX_TEXT >> 20} MB)")
        sheets = [_csv_rows(decode_text(data, path))]
    else:
        sheets = _workbook(path, data, budget, suffix)
    blocks: list[Block] = []
    found = False
    for rows in sheets:
        made = _sheet_blocks(rows, budget, len(blocks))
        found = found or made is not None
        blocks += made or []
    if not found:
        raise ReportError(path, "no sheet has a header row naming its columns (such as «Наименование мероприятия», "
                                "«Дата проведения», «Место проведения»)")
    return blocks


def _workbook(path: Path, data: bytes, budget: Budget, suffix: str) -> list[list[list[str]]]:
    """The rows of each sheet of an .xlsx or .ods; a broken file is one plain line."""
    kind = "XLSX" if suffix == ".xlsx" else "ODS"
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            budget.unpacked(archive)
        return _xlsx(data) if suffix == ".xlsx" else _ods(data)
    except ReportError:
        raise
    except zipfile.BadZipFile:
        raise ReportError(path, f"damaged or truncated {kind} (not a valid ZIP archive)") from None
    except MemoryError:
        raise ReportError(path, "too large to read in the memory available") from None
    except Exception:  # noqa: BLE001 - openpyxl and odfpy fail in many ways on a broken package
        raise ReportError(path, f"damaged {kind} (its sheets cannot be read)") from None


def _xlsx(data: bytes) -> list[list[list[str]]]:
    """Sheets of an .xlsx; a vertically merged cell's value in each row it spans (as a DOCX's is)."""
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(data), data_only=True)
    sheets = []
    for sheet in book.worksheets:
        down: dict[tuple[int, int], object] = {}
        for merged in sheet.merged_cells.ranges:
            if merged.max_row > merged.min_row:
                value = sheet.cell(merged.min_row, merged.min_col).value
                for row in range(merged.min_row + 1, min(merged.max_row, _MAX_SHEET_ROWS) + 1):
                    down[(row, merged.min_col)] = value
        rows = []
        for r, row in enumerate(sheet.iter_rows(max_row=min(sheet.max_row, _MAX_SHEET_ROWS),
                                                max_col=min(sheet.max_column, MAX_GRID), values_only=True), 1):
            rows.append([_text(down.get((r, c), value)) for c, value in enumerate(row, 1)])
        sheets.append(rows)
    return sheets


def _ods(data: bytes) -> list[list[list[str]]]:
    """Sheets of an .ods (odfpy), repeated rows and columns expanded only as far as they hold text."""
    from odf import teletype
    from odf.namespaces import OFFICENS, TABLENS
    from odf.opendocument import load
    from odf.table import Table, TableRow
    from odf.text import P

    sheets = []
    for table in load(io.BytesIO(data)).spreadsheet.getElementsByType(Table):
        rows: list[list[str]] = []
        for row in table.getElementsByType(TableRow):
            cells: list[str] = []
            for cell in row.childNodes:
                if cell.qname[1] not in ("table-cell", "covered-table-cell"):
                    continue
                repeat = int(cell.attributes.get((TABLENS, "number-columns-repeated"), 1))
                kind = cell.attributes.get((OFFICENS, "value-type"))
                if kind == "date":
                    value = _text(date.fromisoformat(cell.attributes[(OFFICENS, "date-value")][:10]))
                else:
                    value = tidy("\n".join(teletype.extractText(p) for p in cell.getElementsByType(P)))
                cells += [value] * (min(repeat, MAX_GRID - len(cells)) if value else min(repeat, 1))
                if len(cells) >= MAX_GRID:
                    break
            repeat = int(row.attributes.get((TABLENS, "number-rows-repeated"), 1))
            rows += [cells] * (min(repeat, _MAX_SHEET_ROWS - len(rows)) if any(cells) else 1)
            if len(rows) >= _MAX_SHEET_ROWS:
                break
        sheets.append(rows)
    return sheets


def _csv_rows(text: str) -> list[list[str]]:
    """Rows of a CSV, its delimiter (";" as Russian Excel writes, ",", TAB) guessed from the text."""
    csv.field_size_limit(MAX_LINE)
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(text[:20_000], delimiters=";,\t")
    except csv.Error:
        dialect = _Semicolon
    # The sniffer counts characters, and a header cell «Место (страна, город)» in a ";" file can make
    # it choose ","; the delimiter under which a row near the top reads as a header is the file's.
    delimiter = next((d for d in (dialect.delimiter, ";", "\t", ",") if _header_under(text[:20_000], d)),
                     dialect.delimiter)
    rows = []
    for row in csv.reader(io.StringIO(text), dialect, delimiter=delimiter):
        rows.append([tidy(cell) for cell in row[:MAX_GRID]])
        if len(rows) >= _MAX_SHEET_ROWS:
            break
    return rows


def _header_under(head: str, delimiter: str) -> bool:
    """Whether a row near the top of a CSV reads as a report table's header when split at ``delimiter``."""
    try:
        top = list(csv.reader(io.StringIO(head), delimiter=delimiter))[:_HEADER_WITHIN]
    except csv.Error:
        return False
    return any(_is_header([tidy(c) for c in row[:MAX_GRID]]) for row in top)


class _Semicolon(csv.excel):
    """Excel's CSV as a Russian Windows writes it, when the text does not show its delimiter."""

    delimiter = ";"


def _text(value: object) -> str:
    """A cell's value as a report would print it: a date as DD.MM.YYYY, 5.0 as 5."""
    if value is None:
        return ""
    if isinstance(value, datetime) and value.time() == time(0):
        value = value.date()
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return tidy(str(value))


def _sheet_blocks(rows: list[list[str]], budget: Budget, index: int) -> list[Block] | None:
    """A sheet as a numbered report table, or ``None`` when no row near its top names its columns."""
    filled = [(i, row) for i, row in enumerate(rows) if any(cell.strip() for cell in row)]
    header_at = next((k for k, (_, row) in enumerate(filled[:_HEADER_WITHIN]) if _is_header(row)), None)
    if header_at is None:
        return None
    blocks: list[Block] = []
    for _, row in filled[:header_at]:  # the title above the table
        index += 1
        if block := paragraph("\n".join(cell for cell in row if cell.strip()), index, budget):
            blocks.append(block)
    header = filled[header_at][1]
    n = header_roles(header).get("n")
    others = [c for c in range(len(header)) if c != n]
    index += 1
    blocks.append(table_row([header[n] if n is not None and header[n].startswith("№") else "№",
                             *(header[c] for c in others)], index, budget))
    count = 0
    for _, row in filled[header_at + 1:]:
        index += 1
        cells = [row[c] if c < len(row) else "" for c in others]
        if sum(bool(cell.strip()) for cell in row) <= 1:  # a section heading, in whichever column it stands
            if block := table_row(row, index, budget):
                blocks.append(block)
            continue
        count += 1
        own = _NUMBER.match(row[n]) if n is not None and n < len(row) else None
        if block := table_row([f"{own.group(1) if own else count}.", *cells], index, budget):
            blocks.append(block)
    return blocks


def _is_header(row: list[str]) -> bool:
    """A header row names two or more columns, one of them the activity or its dates."""
    roles = header_roles(row)
    return len(roles) >= 2 and bool({"title", "dates"} & roles.keys())


def as_report_table(blocks: list[Block]) -> list[Block]:
    """A report table without a "№" column first (another office's: "Дата проведения | Мероприятие |
    …", rows numbered "1)" or not at all) as the numbered table the table reader knows: its header
    found by its words, a "№" column put first, rows numbered in order where they are not. Blocks
    that already have such a header, or no header at all, are returned as they are."""
    if any(is_header(block) for block in blocks):
        return blocks
    at = next((i for i, b in enumerate(blocks) if b.kind == "row" and _is_header(list(b.cells))), None)
    if at is None:
        return blocks
    header = blocks[at]
    n = header_roles(header.cells).get("n")
    others = [c for c in range(len(header.cells)) if c != n]
    out = [*blocks[:at], Block("row", ("№", *(header.cells[c] for c in others)), header.line)]
    count = 0
    for block in blocks[at + 1:]:
        if block.kind != "row":
            out.append(block)
            continue
        count += 1
        own = _NUMBER.match(block.cells[n]) if n is not None and n < len(block.cells) else None
        cells = (block.cells[c] if c < len(block.cells) else "" for c in others)
        out.append(Block("row", (f"{own.group(1) if own else count}.", *cells), block.line))
    return out
