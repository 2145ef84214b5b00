"""Fuzz and property tests of ingest: whatever file a colleague sends, a graph or one plain line.

Every generated file goes through ``ties.pipeline.process`` (read, extract, build the graph,
validate it: the step each worker of ``ties build`` runs), and a graph it gives through the
same SPARQL update the writer uses. A file either

* is refused with exactly one line ``FILE: what is wrong``: the ``ReportError`` that
  ``ingest.report.read_report`` raises, and no other exception type ever escapes it; or
* is extracted as far as it goes into a graph a store accepts (SHACL violations may be
  reported, one line each: they are facts about the file, not crashes).

An extractor that throws on some text (``could not be processed (TypeError …)``) is a crash.

Inputs: random bytes under every suffix; report-like token soup; the sample reports of
``data/reports`` mutated line by line and written in every encoding the readers claim (UTF-8,
UTF-8 with BOM, UTF-16 with BOM, Windows-1251; LF, CRLF or CR); DOCX made from them, then
damaged at the ZIP, member and XML level; hostile file names; huge cells; thousands of
repeated headings; legacy ``.doc``.

How many: ``TIES_FUZZ_EXAMPLES`` generated inputs over the whole file, shared out by weight.
The default (300) is CI-sized and derandomized, so CI sees the same inputs every run; the
full run draws fresh ones (``make fuzz``)::

    TIES_FUZZ_EXAMPLES=10000 python -m pytest tests/test_fuzz.py

The summary line at the end counts the inputs run, refused, stored and with SHACL violations.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import resource
import shutil
import stat
import subprocess
import sys
import time
import warnings
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from tempfile import TemporaryDirectory

import docx
import pyoxigraph
import pytest
from conftest import REPORTS
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ties.ingest import readers
from ties.graph.iris import INFERRED_GRAPH, ONTOLOGY_GRAPH, graph_iri, stem_from_segment, stem_segment
from ties.graph.store import replace_report, report_stems, triple_count
from ties.ingest.errors import ReportError, printable
from ties.ingest.readers import read_blocks, read_text_blocks
from ties.ingest.records import Block
from ties.ingest.report import read_report
from ties.pipeline import Outcome, process

# -- budget ------------------------------------------------------------------------------------

TOTAL = int(os.environ.get("TIES_FUZZ_EXAMPLES", "300"))
FULL = "TIES_FUZZ_EXAMPLES" in os.environ
#: Share of the budget per test: cheap inputs get more, whole-pipeline DOCX and text fewer.
WEIGHTS = {"bytes": 20, "soup": 15, "mutated": 25, "encodings": 15, "docx": 20, "names": 3, "sizes": 2,
           # the structure-aware generators of test_fuzz_structured (issue 13's classes)
           "tables": 10, "long": 2, "mixed": 8, "hidden": 8, "special": 2}

settings.register_profile(
    "ties-fuzz", deadline=None, database=None, print_blob=True, derandomize=not FULL,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
                           HealthCheck.large_base_example])


def budget(name: str) -> settings:
    """This test's share of ``TIES_FUZZ_EXAMPLES``."""
    share = max(1, round(TOTAL * WEIGHTS[name] / sum(WEIGHTS.values())))
    return settings(settings.get_profile("ties-fuzz"), max_examples=share)


STATS: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def summary(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print what the file ran, and keep LibreOffice out of the fuzz (a random .doc would take seconds)."""
    original = readers._soffice
    readers._soffice = lambda: None
    started = time.monotonic()
    yield
    readers._soffice = original
    line = (f"fuzz: {STATS['inputs']} generated inputs in {time.monotonic() - started:.0f} s: "
            f"{STATS['refused']} refused with one line, {STATS['stored']} stored "
            f"({STATS['violations']} with SHACL violations), {STATS['read']} read only; "
            f"{request.session.testsfailed} failed test(s); peak RSS "
            f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
    shapes = Counter({k[6:]: v for k, v in STATS.items() if k.startswith("shape ")})
    if shapes:
        line += "\nfuzz: SHACL violations by shape: " + ", ".join(f"{k} {v}" for k, v in shapes.most_common())
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print("\n" + line, file=sys.stderr)


# -- the property ------------------------------------------------------------------------------

def _reproduce(path: Path) -> None:
    """Run the worker's steps without its safety net, so a crash shows its own traceback."""
    from ties.graph.validate import validate_quads
    from ties.graph.writer import report_quads
    quads = report_quads(read_report(path))
    validate_quads(quads)
    pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)


def check(path: Path) -> Outcome:
    """One file through the worker step (as a worker process runs it, with the N-Quads that cross back):
    a stored graph, or one ReportError line naming the file."""
    STATS["inputs"] += 1
    outcome = process(path, portable=True)
    crashes = [line for line in outcome.errors if ": could not be processed (" in line]
    if crashes:
        _reproduce(path)
        pytest.fail(crashes[0])
    for line in outcome.errors:
        assert line.startswith(f"{printable(path)}: ") and len(line.splitlines()) == 1, line
        assert "Traceback" not in line, line
    if outcome.stem is None:
        assert len(outcome.errors) == 1, outcome.errors
        assert len(outcome.errors[0]) < 600, outcome.errors[0]
        with pytest.raises(ReportError) as caught:  # read_report says the same, with nothing chained
            read_report(path)
        assert str(caught.value) == outcome.errors[0]
        assert caught.value.__cause__ is None and (caught.value.__context__ is None
                                                   or caught.value.__suppress_context__)
        STATS["refused"] += 1
        return outcome
    store = pyoxigraph.Store()
    replace_report(store, outcome.stem, pyoxigraph.parse(outcome.nquads, format=pyoxigraph.RdfFormat.N_QUADS))
    assert triple_count(store) == outcome.triples > 0
    assert report_stems(store) == [outcome.stem]
    STATS["stored"] += 1
    STATS["violations"] += bool(outcome.errors)
    for line in outcome.errors:
        STATS["shape " + line.split(": shape ", 1)[-1].split(":")[0]] += 1
    return outcome


def write(folder: Path, name: str, data: bytes) -> Path:
    path = folder / name
    path.write_bytes(data)
    return path


# -- material ------------------------------------------------------------------------------------

SAMPLES: dict[str, list[str]] = {p.name[:3]: p.read_text(encoding="utf-8").split("\n")
                                 for p in sorted(REPORTS.glob("*.txt"))}


def _head(lines: list[str]) -> int:
    """Lines before the first numbered row (title and table header), or the first three of prose."""
    for i, line in enumerate(lines):
        if re.fullmatch(r"\t1\.?\s*", line):
            return i
    return 3


HEADS = {name: _head(lines) for name, lines in SAMPLES.items()}
TOKENS = [
    "№", "п/п", "г.", "гг.", "пос.", "д.", "с.", "аг.", "район", "области", "края", "Смоленск", "Витебска",
    "г. Могилев, Могилевская область", "Республика Беларусь", "Республики Беларусь", "(", ")", "«", "»", '"',
    "МБУДО", "МБОУ СОШ № 7", "МАУ ДО г. Хабаровска «", "школа", "Администрации города Смоленска", "побратимы",
    "города-побратимы", "соглашение о сотрудничестве", "подписано", "продлено", "января", "декабря",
    "2023 года", "в I квартале 2023 года", "IV квартал", "–", "-", "—", ".", ",", ";", ":", "\t", "\n", "\n\n",
    "1.", "2", "12.", "с 1 по 31 мая", "18 декабря 2022 года – 18 января 2023 года", "31.02.2023",
    "29 февраля 2023 года", "в дистанционном формате", "онлайн", "Китай", "КНР", "ФРГ", "Абхазия", "Япония",
    "Мусасино (Япония)", "Пусан, Иксан (Республика Корея)", "Арабской Республики Египет",
    "им. В.П. Дубровского", "участники", "человек", "100", "1000000000000000000000", "Город Смоленск",
    "Муниципальное образование «Вяземский район» Смоленской области", "Сотрудничество в сфере культуры",
    "В июле", "В 2023 году планируется", "развивает отношения сотрудничества со следующими зарубежными городами:",
    "Наименование мероприятия", "Место проведения", "Сроки проведения", "Цель, содержание и результат",
    "Участники мероприятия", "•", "-\t", "ё", "Ё", "\xa0", "\u00ad", "\u200b", "\ufeff", "ǅ", "İ", "ß", "ﬁ",
    "𝔘", "😀", "\u0301", "\r", "\x0b", "\x0c", "\u2028", "0", "9999", "[bookmark: _GoBack]",
]
#: Report-ish text: tokens from real reports, odd letters, and anything Unicode.
junk = st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=12)), max_size=12).map(" ".join)


# -- random bytes ----------------------------------------------------------------------------------

MAGIC = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"PK\x03\x04",
         b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"%PDF-1.4\n", b"{\\rtf1\\ansi ", b"\x1f\x8b"]
SUFFIXES = [".txt", ".docx", ".doc", ".TXT", ".Docx", ""]


@budget("bytes")
@given(magic=st.sampled_from(MAGIC), body=st.binary(max_size=3000), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes(magic: bytes, body: bytes, suffix: str) -> None:
    with TemporaryDirectory() as tmp:
        check(write(Path(tmp), "random" + suffix, magic + body))


@budget("soup")
@given(text=st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=30)), max_size=150)
       .map(lambda parts: "".join(parts)))
def test_report_like_token_soup(text: str) -> None:
    with TemporaryDirectory() as tmp:
        check(write(Path(tmp), "soup.txt", text.encode("utf-8", "surrogatepass")))


# -- mutated sample reports -----------------------------------------------------------------------

@st.composite
def mutated_report(draw: st.DrawFn) -> str:
    """A sample report (or a window of it after its header) with up to eight line edits."""
    name = draw(st.sampled_from(sorted(SAMPLES)))
    lines = SAMPLES[name]
    if draw(st.integers(0, 7)) == 0:
        lines = list(lines)
    else:
        start = draw(st.integers(0, len(lines) - 1))
        window = lines[start:start + draw(st.integers(1, 60))]
        lines = (lines[:HEADS[name]] if draw(st.booleans()) else []) + window
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "chars", "tab", "split", "join",
                                   "number", "repeat", "case"]))
        i = draw(st.integers(0, max(0, len(lines) - 1)))
        if not lines:
            lines = [draw(junk)]
        elif op == "delete":
            del lines[i:i + draw(st.integers(1, 5))]
        elif op == "duplicate":
            lines[i:i] = lines[i:i + draw(st.integers(1, 12))]
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            lines.insert(i, draw(junk))
        elif op == "chars":
            line = lines[i]
            a = draw(st.integers(0, len(line)))
            b = draw(st.integers(a, min(len(line), a + 20)))
            lines[i] = line[:a] + draw(junk) + line[b:]
        elif op == "tab":
            lines[i] = lines[i][1:] if lines[i].startswith("\t") else "\t" + lines[i]
        elif op == "split":
            cut = draw(st.integers(0, len(lines[i])))
            lines[i:i + 1] = [lines[i][:cut], draw(st.sampled_from(["", "\t"])) + lines[i][cut:]]
        elif op == "join" and i + 1 < len(lines):
            lines[i:i + 2] = [lines[i] + draw(st.sampled_from(["", " ", "\t"])) + lines[i + 1]]
        elif op == "number":
            lines.insert(i, "\t" + str(draw(st.integers(-3, 10 ** 6))) + draw(st.sampled_from(["", ".", ". "])))
        elif op == "repeat":
            lines[i:i + 1] = [lines[i]] * draw(st.integers(2, 60))
        elif op == "case":
            lines[i] = draw(st.sampled_from([str.upper, str.lower, str.title, str.swapcase]))(lines[i])
    return "\n".join(lines)


CODECS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-be+bom", "cp1251"]


def encode(text: str, codec: str, newline: str = "\n") -> bytes:
    """Bytes as a Windows tool would save them; cp1251 drops what it cannot hold."""
    text = text.replace("\n", newline)
    if codec == "utf-16-be+bom":
        return b"\xfe\xff" + text.encode("utf-16-be", "surrogatepass")
    if codec == "cp1251":
        return text.encode("cp1251", "ignore")
    return text.encode(codec, "surrogatepass")


@budget("mutated")
@given(text=mutated_report(), codec=st.sampled_from(CODECS), newline=st.sampled_from(["\n", "\r\n", "\r"]))
def test_mutated_reports_in_every_encoding(text: str, codec: str, newline: str) -> None:
    with TemporaryDirectory() as tmp:
        check(write(Path(tmp), "mutated.txt", encode(text, codec, newline)))


def _blocks_or_problem(path: Path) -> list[Block] | str:
    STATS["inputs"] += 1
    STATS["read"] += 1
    try:
        return read_blocks(path)
    except ReportError as exc:  # an empty file with a BOM is "only whitespace", not "0 bytes"
        return "empty file" if exc.problem.startswith("empty file") else exc.problem


@budget("encodings")
@given(text=mutated_report(), newline=st.sampled_from(["\n", "\r\n", "\r"]))
@example(text="00\x1f\x80\U00010000 000000000\n", newline="\n")  # was binary with a BOM, text without
def test_every_encoding_reads_the_same(text: str, newline: str) -> None:
    """The same text saved as UTF-8, UTF-8 with BOM or UTF-16 with BOM reads into the same blocks,
    and so does Windows-1251 whenever it can hold the text and it reads as Russian."""
    with TemporaryDirectory() as tmp:
        folder = Path(tmp)
        utf8 = _blocks_or_problem(write(folder, "utf8.txt", encode(text, "utf-8", newline)))
        for codec in ("utf-8-sig", "utf-16", "utf-16-be+bom"):
            assert _blocks_or_problem(write(folder, f"{codec}.txt", encode(text, codec, newline))) == utf8, codec
        if isinstance(utf8, str):
            return
        try:
            data = text.replace("\n", newline).encode("cp1251")
        except UnicodeEncodeError:
            return
        try:
            data.decode("utf-8")
            return  # pure ASCII: cp1251 and UTF-8 are the same bytes, already checked
        except UnicodeDecodeError:
            pass
        if readers._looks_russian(text):
            assert _blocks_or_problem(write(folder, "cp1251.txt", data)) == utf8


# -- DOCX --------------------------------------------------------------------------------------------

def docx_of(blocks: list[Block]) -> bytes:
    """A DOCX with the blocks as Word holds them: paragraphs, and table rows (a heading as a merged row)."""
    document = docx.Document()
    width = max((len(b.cells) for b in blocks if b.kind == "row"), default=2)
    table = None
    for block in blocks:
        if block.kind == "paragraph":
            document.add_paragraph(block.text)
            table = None
            continue
        if table is None:
            table = document.add_table(rows=0, cols=max(width, 2))
        row = table.add_row()
        if block.kind == "heading":
            row.cells[0].merge(row.cells[-1]).text = block.text
        else:
            for cell, text in zip(row.cells, block.cells):
                cell.text = text
    document.add_table(rows=1, cols=2).cell(0, 1).add_table(rows=1, cols=2).cell(0, 0).text = "г. Витебск"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _base_docx() -> list[bytes]:
    """Small DOCX made from the samples: a table with headings (001), a short table (004), prose (000)."""
    bases = []
    for name, rows in (("001", 40), ("004", 200), ("000", 200)):
        lines = SAMPLES[name]
        blocks = read_text_blocks("\n".join(lines[:HEADS[name] + rows]))
        bases.append(docx_of(blocks))
    return bases


BASES = _base_docx()
HOSTILE_XML = [
    # entity expansion ("billion laughs") and an external entity: neither may be expanded or read
    ('<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
     '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>'),
    '<!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]>',
]


def _members(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(item.filename, archive.read(item)) for item in archive.infolist()]


def _zip(members: list[tuple[str, bytes]], compression: int) -> bytes:
    out = io.BytesIO()
    with warnings.catch_warnings(), zipfile.ZipFile(out, "w", compression) as archive:
        warnings.simplefilter("ignore")  # duplicate member names are part of the damage
        for name, content in members:
            archive.writestr(name, content)
    return out.getvalue()


@st.composite
def damaged_docx(draw: st.DrawFn) -> bytes:
    """A DOCX damaged in its XML, its members and then its bytes."""
    members = _members(BASES[draw(st.integers(0, len(BASES) - 1))])
    for _ in range(draw(st.integers(0, 4))):
        op = draw(st.sampled_from(["xml", "xml", "xml", "drop", "rename", "duplicate", "garbage", "hostile"]))
        i = draw(st.integers(0, len(members) - 1)) if members else 0
        main = next((k for k, (name, _) in enumerate(members) if name == "word/document.xml"), None)
        if not members:
            break
        if op == "drop":
            del members[i]
        elif op == "rename":
            members[i] = (draw(st.sampled_from(["word/document2.xml", "WORD/DOCUMENT.XML", "../evil.xml",
                                                "[Content_Types].xml", "word/", "/abs.xml"])), members[i][1])
        elif op == "duplicate":
            members.append(members[i])
        elif op == "garbage":
            members[i] = (members[i][0], draw(st.binary(max_size=300)))
        elif main is not None:
            xml = members[main][1].decode("utf-8", "replace")
            if op == "hostile":
                head = xml.find("?>") + 2
                xml = xml[:head] + draw(st.sampled_from(HOSTILE_XML)) + xml[head:]
                xml = xml.replace("<w:t>", "<w:t>&d;&x;", 1)
            else:
                a = draw(st.integers(0, len(xml)))
                b = draw(st.integers(a, min(len(xml), a + 400)))
                edit = draw(st.sampled_from(["delete", "duplicate", "insert", "truncate", "tag"]))
                if edit == "delete":
                    xml = xml[:a] + xml[b:]
                elif edit == "duplicate":
                    xml = xml[:b] + xml[a:b] + xml[b:]
                elif edit == "insert":
                    xml = xml[:a] + draw(st.sampled_from(["<", "&", "]]>", "<w:p>", "</w:tc>", "<w:tbl>",
                                                          "<w:t>" + "ж" * 5000 + "</w:t>", "\x00"])
                                         | junk) + xml[a:]
                elif edit == "truncate":
                    xml = xml[:a]
                else:
                    xml = re.sub(draw(st.sampled_from(["w:tc", "w:tr", "w:p", "w:t", "w:body", "w:tbl"])),
                                 draw(st.sampled_from(["w:x", "w:tc", "w:p", "w:tbl", "v:shape"])), xml, count=1)
            members[main] = (members[main][0], xml.encode("utf-8", "surrogatepass"))
    data = _zip(members, draw(st.sampled_from([zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, max(0, len(data) - 1)))
        op = draw(st.sampled_from(["flip", "truncate", "append", "prepend"]))
        if op == "flip" and data:
            data = data[:at] + bytes([data[at] ^ draw(st.integers(1, 255))]) + data[at + 1:]
        elif op == "truncate":
            data = data[:at]
        elif op == "append":
            data += draw(st.binary(max_size=64))
        else:
            data = draw(st.binary(max_size=64)) + data
    return data


@budget("docx")
@given(data=damaged_docx(), suffix=st.sampled_from([".docx", ".docx", ".docx", ".doc"]))
def test_damaged_docx(data: bytes, suffix: str) -> None:
    with TemporaryDirectory() as tmp:
        outcome = check(write(Path(tmp), "damaged" + suffix, data))
        assert b"root:" not in outcome.nquads and b"aaaaaaaaaaaaaaaaaaaa" not in outcome.nquads


def test_undamaged_docx_bases_are_stored() -> None:
    """The DOCX the damage starts from read as reports, so the fuzz reaches the extractors."""
    with TemporaryDirectory() as tmp:
        for i, data in enumerate(BASES):
            outcome = check(write(Path(tmp), f"base{i}.docx", data))
            assert outcome.stem == f"base{i}" and outcome.events > 0


def test_hostile_xml_is_never_expanded() -> None:
    """An external entity is not read and an entity bomb not expanded; the report is refused or read without them."""
    for payload in HOSTILE_XML:
        members = _members(BASES[1])
        members = [(name, content.decode().replace("?>", "?>" + payload, 1).replace("<w:t>", "<w:t>&d;&x;", 1)
                    .encode() if name == "word/document.xml" else content) for name, content in members]
        with TemporaryDirectory() as tmp:
            outcome = check(write(Path(tmp), "hostile.docx", _zip(members, zipfile.ZIP_DEFLATED)))
            assert b"root:" not in outcome.nquads and b"aaaaaaaaaaaaaaaaaaaa" not in outcome.nquads


def test_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    members = _members(BASES[1])
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members:
            archive.writestr(name, content)
        with archive.open("word/media/zeros.bin", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range((readers.MAX_UNPACKED >> 20) + 1):
                member.write(block)
    assert path.stat().st_size < 5 << 20
    started = time.monotonic()
    outcome = check(path)
    assert outcome.stem is None and "unpacks to" in outcome.errors[0] and time.monotonic() - started < 10


# -- file names -----------------------------------------------------------------------------------------

SMALL = (REPORTS / "004_fc8dad3565981d3a.txt").read_bytes()
NAMES = ["ontology", "inferred", "Ontology", "%6Fntology", "a>b", 'x"y', "{x} ; DROP ALL ; #", "пробел в имени",
         "two\nlines", "cr\rhere", "nel\x85sep\u2028",
         "%41", "#frag", "?q=1", "..x", "-", "😀", "a\tb", "\\", os.fsdecode(b"\xff\xfe\xcf\xf0\xe8\xec\xe5\xf0")]


def _fs_name(stem: str) -> bool:
    return stem not in (".", "..") and "/" not in stem and "\x00" not in stem and len(os.fsencode(stem)) <= 200


@budget("names")
@given(stem=st.one_of(st.sampled_from(NAMES), st.text(min_size=1, max_size=40).filter(_fs_name)),
       suffix=st.sampled_from([".txt", ".TXT"]), bad=st.booleans())
def test_hostile_file_names(stem: str, suffix: str, bad: bool) -> None:
    """Any file name gives its own graph, never the ontology's or the inferences', and reads back;
    refused, it is named on one line."""
    try:
        os.fsencode(stem)
    except UnicodeEncodeError:
        return  # not a name a file system can hold
    with TemporaryDirectory() as tmp:
        outcome = check(write(Path(tmp), stem + suffix, b"" if bad else SMALL))
    if bad:
        assert outcome.stem is None and "empty file" in outcome.errors[0]
        return
    assert outcome.stem is not None
    assert graph_iri(outcome.stem) not in (ONTOLOGY_GRAPH, INFERRED_GRAPH)
    assert stem_from_segment(stem_segment(outcome.stem)) == outcome.stem


# -- sizes: huge cells, endless headings -------------------------------------------------------------------

def _table(rows: list[str], headings: int = 0, heading: str = "Город Смоленск") -> str:
    """The header of report 001 and numbered rows whose title cell is ``rows[i]``, after ``headings`` headings."""
    lines = SAMPLES["001"][:HEADS["001"]]
    lines += [f"\t{heading}"] * headings
    for n, title in enumerate(rows, 1):
        lines += [f"\t{n}.", f"\t{title}", "\tг. Витебск (Республика Беларусь)", "\t12 мая 2023 года",
                  "\tПодписано соглашение", "\tМБОУ «СШ № 1» г. Смоленска"]
    return "\n".join(lines)


@budget("sizes")
@given(size=st.integers(1_000, 60_000), unit=st.sampled_from([
    "Участие делегации г. Витебска (Республика Беларусь) в фестивале «Славянский базар». ", "ж", "а б ",
    "«", "(", "г. ", "МБУ «", "1. ", "\t", "\n"]), headings=st.integers(0, 3000))
def test_big_cells_and_many_headings(size: int, unit: str, headings: int) -> None:
    big = (unit * (size // len(unit) + 1))[:size]
    with TemporaryDirectory() as tmp:
        check(write(Path(tmp), "big.txt", _table(["Визит", big, "Форум"], headings).encode("utf-8")))


def test_a_huge_cell_is_read_in_bounded_time(tmp_path: Path) -> None:
    """A 300 kB cell dense with places, quotes and institutions (the extractors were quadratic in it,
    and slovnet took 11 GB for 1 MB) and a 200 kB word without spaces: every row still comes out."""
    dense = ("Участие делегации г. Витебска (Республика Беларусь) в фестивале «Славянский базар», "
             "МБУК «Центр культуры» г. Смоленска. ") * 2500
    path = tmp_path / "huge.txt"
    path.write_text(_table(["Визит в г. Минск", dense, "ж" * 200_000, "Форум в г. Гомель"]), encoding="utf-8")
    started = time.monotonic()
    outcome = check(path)
    assert outcome.stem == "huge" and outcome.events == 4 and time.monotonic() - started < 90


def test_a_text_file_past_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "dump.txt"
    with open(path, "wb") as out:
        out.truncate(readers.MAX_TEXT + 1)  # sparse: no disk used
    outcome = check(path)
    assert outcome.errors == [f"{path}: too large for a text report (16,777,217 bytes; the limit is 16 MB)"]


def test_thousands_of_repeated_headings(tmp_path: Path) -> None:
    path = tmp_path / "headings.txt"
    path.write_text(_table(["Визит в г. Минск"], headings=20_000), encoding="utf-8")
    started = time.monotonic()
    outcome = check(path)
    assert outcome.events == 1 and time.monotonic() - started < 30


# -- legacy .doc ------------------------------------------------------------------------------------------

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


def _fake_soffice(folder: Path, body: str) -> None:
    """A ``soffice`` on PATH that runs ``body`` (Python) with sys.argv as LibreOffice would get it."""
    script = folder / "soffice"
    script.write_text(f"#!{sys.executable}\nimport sys, time, shutil\nfrom pathlib import Path\n{body}\n",
                      encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)


@pytest.fixture
def real_soffice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Undo the module's LibreOffice ban for the .doc tests."""
    monkeypatch.setattr(readers, "_soffice", lambda: shutil.which("soffice") or shutil.which("libreoffice"))


def test_legacy_doc_without_libreoffice_says_how_to_convert(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                            real_soffice: None) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    for name in ("report.doc", "отчёт за 2023.doc", "looks-like.txt"):
        path = write(tmp_path, name, OLE)
        with pytest.raises(ReportError) as caught:
            read_report(path)
        message = str(caught.value)
        assert message.startswith(f"{path}: legacy Word .doc file") and "\n" not in message
        assert "libreoffice --headless --convert-to docx" in message and "install LibreOffice" in message
        assert process(path).errors == [message]


def test_legacy_doc_is_converted_by_libreoffice(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                               real_soffice: None) -> None:
    """The conversion path, with a stand-in ``soffice`` that writes a DOCX where LibreOffice would."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    docx_file = write(tmp_path, "converted.docx", BASES[1])
    _fake_soffice(bin_dir, f"""
args = sys.argv[1:]
assert "--headless" in args and args[args.index("--convert-to") + 1] == "docx"
assert any(a.startswith("-env:UserInstallation=file://") for a in args)
out = Path(args[args.index("--outdir") + 1]); out.mkdir(parents=True, exist_ok=True)
shutil.copyfile({str(docx_file)!r}, out / (Path(args[-1]).stem + ".docx"))""")
    monkeypatch.setenv("PATH", str(bin_dir))
    path = write(tmp_path, "отчёт 2023.doc", OLE)
    report = read_report(path)
    assert report.stem == "отчёт 2023" and report.document == "отчёт 2023.doc" and report.events
    assert process(path).stem == "отчёт 2023"


@pytest.mark.parametrize("body, problem", [
    ("time.sleep(60)", "did not convert it within 1 s"),
    ("sys.exit(1)", "could not be converted by LibreOffice"),
    (("out = Path(sys.argv[sys.argv.index('--outdir') + 1]); out.mkdir(parents=True)\n"
      "(out / 'report.docx').write_bytes(b'PK\\x03\\x04 not really')"), "damaged or truncated DOCX"),
])
def test_failed_conversion_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, real_soffice: None,
                                       body: str, problem: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _fake_soffice(bin_dir, body)
    monkeypatch.setenv("PATH", str(bin_dir))
    monkeypatch.setenv("TIES_SOFFICE_TIMEOUT", "1")
    path = write(tmp_path, "report.doc", OLE)
    started = time.monotonic()
    with pytest.raises(ReportError) as caught:
        read_report(path)
    assert time.monotonic() - started < 10
    assert str(caught.value).startswith(f"{path}: ") and problem in str(caught.value)
    assert "\n" not in str(caught.value)


def test_real_libreoffice_round_trip(tmp_path: Path, real_soffice: None) -> None:
    """With LibreOffice installed: a DOCX saved as .doc by LibreOffice reads back as the same report."""
    office = readers._soffice()
    if office is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    document = docx.Document(io.BytesIO(BASES[1]))
    document.add_paragraph("")  # as Word ends every document: LibreOffice's .doc filter drops a table that ends one
    source = tmp_path / "source.docx"
    document.save(source)
    subprocess.run([office, f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(source)],
                   capture_output=True, timeout=180, check=True)
    legacy = tmp_path / "doc" / "source.doc"
    assert legacy.read_bytes().startswith(OLE[:8])
    assert len(read_report(legacy).events) == len(read_report(source).events)
