"""Settings from the environment are read when used, so one changed after import takes effect."""
from __future__ import annotations

from pathlib import Path

import pytest

from ties import config
from ties.graph.store import open_store
from ties.ingest.gazetteer import default_path


def test_the_store_folder_follows_ties_store_set_after_import(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIES_STORE", str(tmp_path / "elsewhere"))
    open_store()  # no path: the configured one
    assert config.store_path() == tmp_path / "elsewhere" and (tmp_path / "elsewhere").is_dir()
    monkeypatch.delenv("TIES_STORE")
    assert config.store_path() == Path(".ties/store")


def test_cache_and_timeouts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path))
    monkeypatch.setenv("TIES_OCR_TIMEOUT", "7.5")
    assert default_path().parent == tmp_path and config.ocr_page_timeout() == 7.5
    monkeypatch.setenv("TIES_SOFFICE_TIMEOUT", "soon")
    with pytest.raises(ValueError, match=r"\$TIES_SOFFICE_TIMEOUT must be a number of seconds, not 'soon'"):
        config.soffice_timeout()
