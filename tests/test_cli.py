"""``ties build`` / ``ties extract`` as a user runs them: idempotent, per-report replacement, bad input."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import REPORTS, sample


def ties(*args: str, store: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(store), "-q", *args],
                          capture_output=True, text=True, timeout=600)


def graph_triples(store_path: Path, stem: str) -> set[str]:
    from ties.graph.iris import graph_iri
    from ties.graph.store import open_store
    store = open_store(store_path)
    return {str(q) for q in store.quads_for_pattern(None, None, None, graph_iri(stem))}


def count(store_path: Path) -> int:
    from ties.graph.store import open_store, triple_count
    return triple_count(open_store(store_path))


def test_building_twice_changes_nothing(tmp_path):
    store = tmp_path / "store"
    one = sample("004")
    assert ties("build", str(one), store=store).returncode == 0
    first = count(store)
    assert ties("build", str(one), store=store).returncode == 0
    assert count(store) == first > 0


def test_rebuilding_one_report_changes_only_its_graph(tmp_path):
    store = tmp_path / "store"
    work = tmp_path / "reports"
    work.mkdir()
    for prefix in ("001", "004"):
        shutil.copy(sample(prefix), work)
    assert ties("build", str(work), store=store).returncode == 0
    s001, s004 = sample("001").stem, sample("004").stem
    before_001, before_004 = graph_triples(store, s001), graph_triples(store, s004)
    edited = work / sample("004").name
    edited.write_text(edited.read_text(encoding="utf-8").replace("Участие в рабочей встрече", "Рабочая встреча"),
                      encoding="utf-8")
    assert ties("build", str(edited), store=store).returncode == 0
    assert graph_triples(store, s001) == before_001
    after_004 = graph_triples(store, s004)
    assert after_004 != before_004
    assert any("Рабочая встреча" in t for t in after_004)
    assert not any("Участие в рабочей встрече" in t for t in after_004)


def test_bad_inputs_are_one_line_each_and_the_rest_goes_in(tmp_path):
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "empty.txt").write_bytes(b"")
    (bad / "binary.txt").write_bytes(bytes(range(256)) * 8)
    full = tmp_path / "full.docx"
    d = docx.Document()
    d.add_paragraph("Отчет о мероприятиях в I квартале 2023 года")
    d.save(full)
    data = full.read_bytes()
    (bad / "truncated.docx").write_bytes(data[: len(data) // 2])
    missing = tmp_path / "nowhere.txt"
    store = tmp_path / "store"
    good = sample("004")
    result = ties("build", str(bad / "empty.txt"), str(bad / "binary.txt"), str(bad / "truncated.docx"),
                  str(missing), str(good), store=store)
    assert result.returncode != 0
    errors = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 4, result.stderr
    for name in ("empty.txt", "binary.txt", "truncated.docx", "nowhere.txt"):
        assert sum(name in line for line in errors) == 1
    assert "Traceback" not in result.stderr
    from ties.graph.store import open_store, report_stems
    assert report_stems(open_store(store)) == [good.stem]


def test_a_failed_file_loses_nothing_already_stored(tmp_path):
    store = tmp_path / "store"
    good = sample("004")
    assert ties("build", str(good), store=store).returncode == 0
    before = count(store)
    broken = tmp_path / good.name  # same stem, now unreadable
    broken.write_bytes(b"\x00\x01\x02" * 100)
    assert ties("build", str(broken), store=store).returncode != 0
    assert count(store) == before


def test_extract_reads_back_the_schema_form(tmp_path):
    out = tmp_path / "out"
    result = ties("extract", str(sample("001")), str(sample("003")), "--out", str(out), store=tmp_path / "s")
    assert result.returncode == 0, result.stderr
    data = json.loads((out / f"{sample('001').stem}.json").read_text(encoding="utf-8"))
    assert data["layout"] == "table" and data["period"] == {"start": "2023-01-01", "end": "2023-03-31"}
    row6 = next(e for e in data["events"] if e["n"] == 6)
    assert row6["foreign_places"] == [{"name": "Витебск", "country": "BY"}]
    assert {"ru": "Смоленск", "foreign": "Витебск", "country": "BY", "kind": "institutional",
            "events": [6, 9, 14]} in data["links"]
    prose = json.loads((out / f"{sample('003').stem}.json").read_text(encoding="utf-8"))
    assert prose["layout"] == "narrative" and len(prose["events"]) == 26


def test_docx_report_gives_the_same_events_as_its_text_export(tmp_path):
    """A DOCX made from real rows of report 001 (title, header, heading, three rows)."""
    from ties.ingest.readers import read_blocks
    from ties.ingest.report import read_report
    blocks = read_blocks(sample("001"))
    rows = [b for b in blocks if b.kind == "row"]
    header, picked = rows[0], [r for r in rows if r.cells[0].strip() in ("6.", "8.", "9.")]
    d = docx.Document()
    d.add_paragraph("Отчет о мероприятиях в международной сфере, проведенных органами местного самоуправления "
                    "муниципальных образований Смоленской области в I квартале 2023 года")
    table = d.add_table(rows=0, cols=len(header.cells))
    for cells in [header.cells, None, *[r.cells for r in picked]]:
        row = table.add_row().cells
        if cells is None:
            merged = row[0].merge(row[-1])
            merged.text = "Город Смоленск"
            continue
        for cell, text in zip(row, cells):
            cell.text = text
    path = tmp_path / "smolensk_q1.docx"
    d.save(path)
    from_docx = read_report(path)
    from_text = {e.n: e for e in read_report(sample("001")).events}
    assert [e.n for e in from_docx.events] == [6, 8, 9]
    for e in from_docx.events:
        t = from_text[e.n]
        assert (e.title, e.start, e.end, e.actor, e.countries) == (t.title, t.start, t.end, t.actor, t.countries)
        assert [p.name for p in e.foreign_places] == [p.name for p in t.foreign_places]
    assert {(l.ru.name, l.foreign.name) for l in from_docx.links} >= {("Смоленск", "Витебск"), ("Смоленск", "Гродно")}


def test_every_user_error_class_has_the_one_base_the_cli_catches() -> None:
    """A new layer's error that forgets the base would end in a traceback instead of one line."""
    from ties.errors import TiesError
    from ties.graph.export import ExportError
    from ties.graph.projections import SourceError
    from ties.graph.reason import ReasonerError
    from ties.graph.remote import RemoteError
    from ties.graph.store import StoreError
    from ties.ingest.errors import ReportError
    from ties.lookup import NotFound
    from ties.queries import QueryError
    for cls in (ExportError, SourceError, ReasonerError, RemoteError, StoreError, ReportError, NotFound, QueryError):
        assert issubclass(cls, TiesError), cls


def test_an_unreachable_endpoint_is_one_line_from_any_command(tmp_path) -> None:
    for args in (["query", "partners", "--endpoint", "http://127.0.0.1:9/sparql", "--timeout", "5"],
                 ["metrics", "--endpoint", "http://127.0.0.1:9/sparql", "--out", str(tmp_path / "m")]):
        done = subprocess.run([sys.executable, "-m", "ties.cli", "-q", *args], capture_output=True, text=True, timeout=120)
        assert done.returncode == 1 and done.stderr.startswith("error: ") and len(done.stderr.splitlines()) == 1, done.stderr
