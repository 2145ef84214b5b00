"""Scanned PDFs and page images: text recovered by OCR (Tesseract with its Russian model)."""
from __future__ import annotations

import shutil
from pathlib import Path

from ingest.errors import ReportError
from ingest.limits import Budget
from ingest.records import Block

#: What to install for OCR, in the words of the one line a user gets without it.
INSTALL = "install Tesseract with its Russian model (Debian: apt-get install tesseract-ocr tesseract-ocr-rus)"


def read_scanned(path: Path, data: bytes, budget: Budget, progress: bool = True) -> list[Block]:
    """A PDF without a text layer: one clear line (OCR of scans is not wired in yet)."""
    if shutil.which("tesseract") is None:
        raise ReportError(path, f"PDF has no text layer (a scan?); to read it by OCR, {INSTALL}")
    raise ReportError(path, "PDF has no text layer (a scan?), and OCR of scans is not supported yet")
