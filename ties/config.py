"""The settings a user gives through the environment, in one place and read when they are used.

Each is a function, not a module constant, so a setting changed after import (a test's
``monkeypatch.setenv``, a notebook's ``os.environ``) takes effect, and no module reads the
environment at import time.

=======================  ================================  =====================================
variable                 default                           what for
=======================  ================================  =====================================
``TIES_STORE``           ``.ties/store``                   the embedded store's folder
``TIES_CACHE_DIR``       ``~/.cache/ties``                 the gazetteer index built on first use
``TIES_OCR_TIMEOUT``     300                               seconds Tesseract may take on one page
``TIES_SOFFICE_TIMEOUT`` 120                               seconds LibreOffice may take on one file
=======================  ================================  =====================================
"""
from __future__ import annotations

import os
from pathlib import Path

__all__ = ["store_path", "cache_dir", "ocr_page_timeout", "soffice_timeout"]


def store_path() -> Path:
    """The store folder when none is given: ``$TIES_STORE``, else ``.ties/store``."""
    return Path(os.environ.get("TIES_STORE") or ".ties/store")


def cache_dir() -> Path:
    """Where built indexes are kept: ``$TIES_CACHE_DIR``, else ``~/.cache/ties``."""
    base = os.environ.get("TIES_CACHE_DIR")
    return Path(base).expanduser() if base else Path.home() / ".cache" / "ties"


def _seconds(variable: str, default: float) -> float:
    value = os.environ.get(variable)
    try:
        return float(value) if value else default
    except ValueError:
        raise ValueError(f"${variable} must be a number of seconds, not {value!r}") from None


def ocr_page_timeout() -> float:
    """Seconds Tesseract may take on one page before the report is given up (``$TIES_OCR_TIMEOUT``)."""
    return _seconds("TIES_OCR_TIMEOUT", 300.0)


def soffice_timeout() -> float:
    """Seconds LibreOffice may take to convert one file before it is killed (``$TIES_SOFFICE_TIMEOUT``)."""
    return _seconds("TIES_SOFFICE_TIMEOUT", 120.0)
