"""Scanned reports (a PDF without a text layer, page images) read by OCR: Tesseract's Russian model.

Older reports are published as scans. Each page is rendered (pypdfium2, which pdfplumber brings)
at 300 dpi; the table's ruling lines are found in the bitmap (long dark runs across, and columns
dark from one line to the next) and give the cells, as pdfplumber's cells do for a text layer;
the lines are then painted out so Tesseract reads the cells' text instead of "|" strokes. The
words Tesseract places (its TSV output) go through the same page assembly as a text layer's
(``ingest.pdf.page_items``), so rows, sections and paragraphs come out as from the DOCX.
OCR is slow (a few seconds a page), so a progress bar shows it when run at a terminal.
"""
from __future__ import annotations

import csv
import functools
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from ties.ingest.errors import ReportError
from ties.config import ocr_page_timeout
from ties.ingest.limits import MAX_UNPACKED, Budget
from ties.ingest.pdf import MAX_PAGES, Box, page_blocks, page_items
from ties.ingest.records import Block

#: A scan is large: as much as a DOCX may unpack to.
MAX_BYTES = MAX_UNPACKED
#: What to install for OCR, in the words of the one line a user gets without it.
INSTALL = "install Tesseract with its Russian model (Debian: apt-get install tesseract-ocr tesseract-ocr-rus)"
#: Resolution pages are rendered at: Tesseract reads 10-12 pt print best at 300 dpi.
DPI = 300
#: Most pixels of one rendered page (an A3 page at 300 dpi is 17M): a huge page is rendered smaller.
_MAX_PIXELS = 40_000_000
_STROKES = re.compile(r"^[|_\[\]{}!¦]+$")
#: A dash standing alone ("18 декабря 2022 года – 18 января") as Tesseract may read it.
_DASHES = {"-", "—", "=", "~", "--"}
#: Roman numerals Tesseract's Russian model reads as Cyrillic letters ("во П квартале").
_ROMAN = re.compile(r"\b(П|Ш|ТУ|1У)(?=\s+(?:квартал|полугоди))")
_ROMAN_FIX = {"П": "II", "Ш": "III", "ТУ": "IV", "1У": "IV"}
_DIGIT_LOOKALIKES = str.maketrans("LlI|!ЗзOoОо", "11111330000")


def read(path: Path, data: bytes, budget: Budget) -> list[Block]:
    """A page image (.png, .jpg, .tif; a TIFF may hold several pages) read by OCR."""
    from PIL import Image, ImageSequence, UnidentifiedImageError

    _check_tesseract(path, "image")
    try:
        with Image.open(io.BytesIO(data)) as image:
            pages = [frame.convert("L") for frame in ImageSequence.Iterator(image)][:MAX_PAGES]
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        raise ReportError(path, "damaged image (it cannot be decoded)") from None
    return _ocr_pages(path, pages, budget)


def read_scanned(path: Path, data: bytes, budget: Budget) -> list[Block]:
    """A PDF without a text layer, page by page through OCR."""
    import pypdfium2 as pdfium

    _check_tesseract(path, "PDF has no text layer (a scan?)")
    document = pdfium.PdfDocument(data)
    try:
        pages = (_render(document[i]) for i in range(min(len(document), MAX_PAGES)))
        return _ocr_pages(path, pages, budget, len(document))
    finally:
        document.close()


def _check_tesseract(path: Path, what: str) -> None:
    """One line saying what to install when Tesseract or its Russian model is missing."""
    if not _languages():
        raise ReportError(path, f"{what}; to read it by OCR, {INSTALL}")
    if "rus" not in _languages():
        raise ReportError(path, f"{what}; Tesseract lacks its Russian model: apt-get install tesseract-ocr-rus")


@functools.lru_cache(maxsize=1)
def _languages() -> frozenset[str]:
    """Tesseract's installed language models; empty when Tesseract is not installed."""
    if shutil.which("tesseract") is None:
        return frozenset()
    try:
        listed = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=60).stdout
    except (OSError, subprocess.TimeoutExpired):
        return frozenset()
    return frozenset(line.strip() for line in listed.splitlines()[1:] if line.strip())


def _render(page):
    """A PDF page as a grayscale image at ``DPI`` (less for a huge page)."""
    width, height = page.get_size()
    scale = min(DPI / 72, (_MAX_PIXELS / max(width * height, 1)) ** 0.5)
    return page.render(scale=scale, grayscale=True).to_pil().convert("L")


def _ocr_pages(path: Path, pages, budget: Budget, total: int | None = None) -> list[Block]:
    """OCR every page (a progress bar at a terminal) and assemble them as a text layer's pages."""
    from tqdm import tqdm

    items = []
    with tempfile.TemporaryDirectory(prefix="ties-ocr-") as tmp:
        shown = tqdm(pages, total=total, desc=f"OCR {path.name}", unit="page", leave=False,
                     disable=not sys.stderr.isatty())
        for number, image in enumerate(shown):
            tables, cleaned = _grid(image)
            words = _tesseract(path, cleaned, Path(tmp) / f"page{number}.png")
            items.append(page_items(words, tables, number, image.height))
    _number_rows(items)
    blocks = page_blocks(items, budget)
    if not blocks:
        raise ReportError(path, "OCR found no text on its pages (blank, or too faint a scan?)")
    return blocks


def _grid(image) -> tuple[list[list[list[Box]]], object]:
    """The tables of a page bitmap as rows of cell boxes, and the page with their lines painted out.

    A ruling line across is a run of dark pixels longer than any letter; between two such lines,
    a column dark from top to bottom is a cell border. A band with two or more borders is a table
    row (one cell, between the outer borders, is a section spanning the table); bands in a row
    without a gap are one table.
    """
    import numpy as np
    from PIL import Image

    pixels = np.asarray(image)
    dark = pixels < 160
    height, width = dark.shape
    run = max(width // 25, 40)
    sums = np.pad(np.cumsum(dark, axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    full = (sums[:, run:] - sums[:, :-run]) == run  # a window of ``run`` dark pixels starts at x
    on_line = np.flatnonzero(full.any(axis=1))
    starts = np.pad(np.cumsum(full[on_line], axis=1, dtype=np.int32), ((0, 0), (1, 0)))
    x = np.arange(width)  # pixel x is on the line when a full window starts in [x - run + 1, x]
    first, last = np.maximum(0, x - run + 1), np.minimum(x, full.shape[1] - 1)
    clean = pixels.copy()
    clean[on_line] = np.where(starts[:, last + 1] - starts[:, first] > 0, 255, pixels[on_line])
    lines = _runs(on_line)
    tables: list[list[list[Box]]] = []
    rows: list[list[Box]] = []
    for (_, above), (below, _) in zip(lines, lines[1:]):
        band = dark[above + 1: below]
        borders = _runs(np.flatnonzero(band.mean(axis=0) >= 0.9)) if band.shape[0] >= 8 else []
        if len(borders) < 2:
            if rows:
                tables.append(rows)
            rows = []
            continue
        for left, right in borders:
            clean[above + 1: below, left: right + 1] = 255
        rows.append([(a_right + 1, above, b_left - 1, below) for (_, a_right), (b_left, _) in zip(borders, borders[1:])])
    if rows:
        tables.append(rows)
    return tables, Image.fromarray(clean)


def _runs(indices) -> list[tuple[int, int]]:
    """Consecutive indices (a line a few pixels thick) as (first, last) pairs."""
    runs: list[tuple[int, int]] = []
    for i in indices.tolist():
        if runs and i - runs[-1][1] <= 3:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    return runs


def _tesseract(path: Path, image, file: Path) -> list[dict]:
    """The words Tesseract reads on a page, with their boxes. Two readings, joined: page layout
    analysis (``--psm 3``) keeps lines and row numbers but skips some lone cells; sparse text
    (``--psm 11``) finds those and misses small numbers. A word of the second is added where the
    first has none."""
    image.save(file)
    words = _read_words(path, file, "3")
    for extra in _read_words(path, file, "11"):
        if not any(_overlap(extra, word) for word in words):
            words.append(extra)
    words.sort(key=lambda w: (w["top"], w["x0"]))
    _fix_numerals(words)
    return words


def _overlap(a: dict, b: dict) -> bool:
    """Two boxes of one word: they share most of the smaller's area."""
    width = min(a["x1"], b["x1"]) - max(a["x0"], b["x0"])
    height = min(a["bottom"], b["bottom"]) - max(a["top"], b["top"])
    if width <= 0 or height <= 0:
        return False
    smaller = min((a["x1"] - a["x0"]) * (a["bottom"] - a["top"]), (b["x1"] - b["x0"]) * (b["bottom"] - b["top"]))
    return width * height >= 0.3 * max(smaller, 1)


def _read_words(path: Path, file: Path, mode: str) -> list[dict]:
    """One Tesseract run over a page image in page segmentation ``mode``; one line if it fails."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}  # the build already runs one worker per core
    try:
        done = subprocess.run(["tesseract", str(file), "stdout", "-l", "rus+eng", "--psm", mode, "tsv"],
                              capture_output=True, text=True, timeout=ocr_page_timeout(), env=env)
    except subprocess.TimeoutExpired:
        raise ReportError(path, f"OCR took over {ocr_page_timeout():g} s on one page (TIES_OCR_TIMEOUT)") from None
    except OSError as exc:
        raise ReportError(path, f"cannot run Tesseract ({exc.strerror}); {INSTALL}") from None
    if done.returncode != 0:
        raise ReportError(path, "Tesseract could not read a page (damaged scan?)")
    words = []
    for row in csv.DictReader(io.StringIO(done.stdout), delimiter="\t", quoting=csv.QUOTE_NONE):
        text = (row.get("text") or "").strip()
        if row.get("level") != "5" or not text or _STROKES.match(text):
            continue
        left, top, w, h = (int(row[k]) for k in ("left", "top", "width", "height"))
        text = "–" if text in _DASHES else text
        words.append({"text": text, "x0": left, "x1": left + w, "top": top, "bottom": top + h, "height": h})
    return words


def _number_rows(pages: list[list]) -> None:
    """Row numbers OCR lost or misread ("", "i", "By", "13." for 19) put back from the sequence: in
    a numbered table every row that is not a section or the rest of a row cut by the page break
    has one, and it is the last one plus one, or 1 where a section starts counting again."""
    last, numbered = 0, False
    for items in pages:
        fresh = True  # the first row under a page's header may go on with the last row of the page before
        for item in items:
            if not item.cells:
                continue
            first = (item.cells[0] or "").strip()
            if first.startswith("№"):
                numbered = True
                continue
            was_fresh, fresh = fresh, False
            if not numbered or sum(bool(cell and cell.strip()) for cell in item.cells) <= 1:
                continue  # a section heading, or a table without numbers
            if was_fresh and not first:
                continue
            read = re.fullmatch(r"(\d+)\.", _row_number(first)) if first else None
            n = int(read.group(1)) if read else 0
            last = n if n in (last + 1, 1) else last + 1
            item.cells[0] = f"{last}."


def _row_number(cell: str) -> str:
    """A row number as OCR misreads it ("L." "З:" "1O,") put right: the row is an event only with it."""
    if len(cell) > 5 or not re.fullmatch(r"[\dLlI|!ЗзOoОо]{1,3}[.:,;]?", cell):
        return cell
    return cell.translate(_DIGIT_LOOKALIKES).rstrip(".:,;") + "."


def _fix_numerals(words: list[dict]) -> None:
    """"П квартал" → "II квартал": the numeral dates the report's period, and so every row's year."""
    for word, following in zip(words, words[1:]):
        if word["text"] in _ROMAN_FIX and _ROMAN.match(f"{word['text']} {following['text']}"):
            word["text"] = _ROMAN_FIX[word["text"]]
