"""Input an attacker or a careless user hands ``ties build`` (issue 13, the reading side): mixed
encodings, invisible characters, special files, unreadable folders, DOCX and text files that cost far
more than their size, and file names that would drive a terminal. Each input is generated here and
read the way the command reads it; no test times anything."""
from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest

from conftest import ROOT, sample
from raw_docx import TYPES as _TYPES, write_docx
from ties.ingest import limits
from ties.ingest.errors import ReportError
from ties.ingest.readers import read_blocks

# -- generated DOCX: raw WordprocessingML in a zip, so a hostile shape costs nothing to write --------


def _p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _tc(text: str, span: int = 1, merge: str | None = None) -> str:
    props = (f'<w:gridSpan w:val="{span}"/>' if span > 1 else "") + (f'<w:vMerge w:val="{merge}"/>' if merge else "")
    return f"<w:tc>{f'<w:tcPr>{props}</w:tcPr>' if props else ''}{_p(text)}</w:tc>"


def _table(rows) -> str:
    return "<w:tbl><w:tblGrid><w:gridCol/></w:tblGrid>" + "".join(f"<w:tr>{''.join(r)}</w:tr>" for r in rows) + "</w:tbl>"



def problem(path: Path) -> str:
    """The one line ``read_blocks`` refuses a file with."""
    with pytest.raises(ReportError) as caught:
        read_blocks(path)
    return str(caught.value)


def ties(*args: str, store: Path, timeout: float = 300) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(store), *args],
                          capture_output=True, text=True, timeout=timeout, cwd=ROOT)


# -- 1. mixed encodings --------------------------------------------------------------------------------


def _one_line_in(text: str, needle: str, body: str, line: str) -> bytes:
    """``text`` in the ``body`` codec with the line holding ``needle`` in the ``line`` codec."""
    lines = text.split("\n")
    i = next(i for i, raw in enumerate(lines) if needle in raw)
    return b"\n".join(raw.encode(line if j == i else body) for j, raw in enumerate(lines))


@pytest.mark.parametrize("body,line", [("utf-8", "cp1251"), ("cp1251", "utf-8"), ("utf-8-sig", "cp1251")])
def test_a_line_in_another_encoding_is_decoded_on_its_own(tmp_path: Path, body: str, line: str) -> None:
    original = sample("001")
    text = original.read_text(encoding="utf-8")
    mixed = tmp_path / "mixed.txt"
    data = _one_line_in(text, "г. Москва", body if body != "utf-8-sig" else "utf-8", line)
    mixed.write_bytes((b"\xef\xbb\xbf" if body == "utf-8-sig" else b"") + data)
    blocks = read_blocks(mixed)
    assert blocks == read_blocks(original)
    assert sum(b.kind == "row" for b in blocks) == 35  # the header and 34 events, none lost
    assert "Р" + "і" not in "".join(c for b in blocks for c in b.cells)  # no mojibake of "г"


def test_a_short_cp1251_line_that_happens_to_be_valid_utf8_stays_cp1251(tmp_path: Path) -> None:
    """DF BB ("Я»" in cp1251) is also UTF-8, for U+07FB (NKo): a report holds the first, not the second."""
    path = tmp_path / "short.txt"
    path.write_bytes("Отчёт о визите в г. Минск\nЯ» 2023\nМинск\n".encode("cp1251"))
    assert [b.text for b in read_blocks(path)] == ["Отчёт о визите в г. Минск", "Я» 2023", "Минск"]


def test_a_line_in_neither_encoding_is_named(tmp_path: Path) -> None:
    path = tmp_path / "latin.txt"
    path.write_bytes("Отчёт о визите\nв г. Минск\n".encode() + "Müller, Zürich, Genève, déjà vu\n".encode("latin-1"))
    assert "line 3 is not UTF-8" in problem(path)


# -- 2. invisible and bidirectional characters, decomposed letters --------------------------------------

HIDDEN = {"Вит\u200dебск": "Витебск", "Ви\u200cтебск": "Витебск", "Ми\u200bнск": "Минск",
          "\ufeffГомель": "Гомель", "\u202eБрест\u202c": "Брест", "Мо\u00adгилёв": "Могилёв",
          "\u2066Гродно\u2069": "Гродно", unicodedata.normalize("NFD", "Гёттинген"): "Гёттинген"}


def _clean_names(blocks) -> list[str]:
    text = "\n".join(c for b in blocks for c in b.cells)
    assert not any(ch in text for ch in "\u200b\u200c\u200d\u202c\u202e\ufeff\u00ad\u2066\u2069\u0308")
    return [clean for clean in HIDDEN.values() if clean in text]


def test_invisible_characters_and_nfd_are_normalised_in_text(tmp_path: Path) -> None:
    path = tmp_path / "hidden.txt"
    path.write_text("Отчёт\n" + "\n".join(f"Визит делегации в г. {name}." for name in HIDDEN), encoding="utf-8")
    assert _clean_names(read_blocks(path)) == list(HIDDEN.values())


def test_invisible_characters_and_nfd_are_normalised_in_docx(tmp_path: Path) -> None:
    document = docx.Document()
    names = list(HIDDEN)
    document.add_paragraph(f"Визит в г. {names[0]}")
    table = document.add_table(rows=0, cols=2)
    for name in names[1:]:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = "Визит", f"г. {name}"
    document.save(tmp_path / "hidden.docx")
    assert _clean_names(read_blocks(tmp_path / "hidden.docx")) == list(HIDDEN.values())


# -- 3. and 4. only regular files; every path given is stored or named ----------------------------------


def test_special_files_are_refused_with_a_line_and_the_others_go_in(tmp_path: Path) -> None:
    """Before: the FIFO hung ``ties build`` forever (the timeout here), /dev/zero read until memory ran out."""
    good = tmp_path / "good.txt"
    good.write_bytes(sample("004").read_bytes())
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    folder = tmp_path / "folder"
    folder.mkdir()
    os.mkfifo(folder / "inner.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "socket.txt"))
    try:
        done = ties("-q", "build", str(fifo), "/dev/zero", str(tmp_path / "socket.txt"), str(folder), str(good),
                    store=tmp_path / "store", timeout=120)
    finally:
        sock.close()
    lines = done.stderr.splitlines()
    assert done.returncode == 1
    assert f"error: {fifo}: is a named pipe (FIFO), not a report file" in lines
    assert f"error: {folder / 'inner.txt'}: is a named pipe (FIFO), not a report file" in lines
    assert "error: /dev/zero: is a character device, not a report file" in lines
    assert f"error: {tmp_path / 'socket.txt'}: is a socket, not a report file" in lines
    assert "(1 stored now with " in lines[-1] and " triples, 4 failed;" in lines[-1]


def test_an_unreadable_subfolder_is_a_failure_not_a_gap(tmp_path: Path, monkeypatch, capsys) -> None:
    """Root reads any folder, so there the listing is made to fail as it does for a user without rights."""
    from ties.pipeline import ingest_paths
    reports = tmp_path / "reports"
    (reports / "locked").mkdir(parents=True)
    (reports / "good.txt").write_bytes(sample("004").read_bytes())
    (reports / "locked" / "lost.txt").write_bytes(sample("001").read_bytes())
    locked = reports / "locked"
    if os.geteuid() == 0:
        real = os.scandir

        def scandir(path=".", *rest):
            if not isinstance(path, int) and Path(path) == locked:  # rmtree lists by descriptor
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *rest)
        monkeypatch.setattr(os, "scandir", scandir)
    else:
        locked.chmod(0)
    try:
        result = ingest_paths([str(reports)], tmp_path / "store", quiet=True, jobs=1)
    finally:
        locked.chmod(stat.S_IRWXU)
    assert result.stored == ["good"] and result.failures == 1
    assert f"error: {locked}: cannot read the folder (Permission denied)" in capsys.readouterr().err.splitlines()


# -- 5. and 6. what a file costs, not only its size ------------------------------------------------------

HEADER = [_tc("№ п/п"), _tc("Наименование мероприятия"), _tc("Место проведения"), _tc("Сроки")]


def _row(i: int) -> list[str]:
    return [_tc(f"{i}."), _tc(f"Визит делегации {i}"), _tc("г. Минск"), _tc("12 марта 2023 года")]


def test_ten_million_merged_cells_are_refused_at_once(tmp_path: Path) -> None:
    """Before: python-docx repeated each merged cell once per spanned column, 177 s for this file."""
    path = write_docx(tmp_path / "span.docx", [_table([[_tc("a", 10_000_000), _tc("b")]] * 20)])
    assert problem(path) == (f"{path}: table row 1 is 10,000,001 cells wide, merged cells counted as the "
                             "columns they span (limit 1,000)")


def test_a_row_of_twenty_thousand_cells_is_refused(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "wide.docx", [_table([[_tc(f"c{i}") for i in range(20_000)]] * 2)])
    assert problem(path).endswith("table row 1 is 20,000 cells wide, merged cells counted as the columns they span "
                                  "(limit 1,000)")


def test_too_many_table_rows_are_refused(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "rows.docx", [_table([HEADER] + [_row(i) for i in range(1, limits.MAX_ROWS + 1)])])
    assert problem(path) == f"{path}: has more than 3,000 table rows (limit 3,000); split the report"


def test_too_many_paragraphs_are_refused(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "paragraphs.docx", (_p(f"Визит {i}") for i in range(limits.MAX_PARAGRAPHS + 1)))
    assert problem(path).endswith("has more than 25,000 paragraphs and headings (limit 25,000); split the report")


def test_repeated_paragraphs_over_the_xml_limit_are_refused_unparsed(tmp_path: Path) -> None:
    """Before: a 193 KB DOCX of one paragraph repeated took 186 s and 1.56 GB."""
    piece = _p("В марте 2023 года делегация города посетила город Минск. ")
    path = write_docx(tmp_path / "bomb.docx", [piece] * (limits.MAX_XML // len(piece) + 1))
    assert path.stat().st_size < 1 << 20
    assert "DOCX part word/document.xml unpacks to" in problem(path) and "(limit 32 MB)" in problem(path)


def _with_parts(path: Path, parts: dict[str, int]) -> Path:
    """The minimal DOCX plus ``parts`` (name → bytes of repeated XML), each declared a header part."""
    header = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
    overrides = "".join(f'<Override PartName="/{name}" ContentType="{header}"/>' for name in parts)
    write_docx(path, [_p("Отчёт")], _TYPES.replace("</Types>", overrides + "</Types>"))
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        for name, size in parts.items():
            with archive.open(name, "w", force_zip64=True) as out:
                for _ in range(size >> 20):
                    out.write(b"<w:p/>" * ((1 << 20) // 6) + b" " * ((1 << 20) % 6))
    return path


def test_xml_under_another_name_and_xml_parts_together_are_bounded(tmp_path: Path) -> None:
    """python-docx parses a part by its declared content type, whatever its name."""
    hidden = _with_parts(tmp_path / "hidden.docx", {"word/media/image1.png": limits.MAX_XML + (1 << 20)})
    assert "DOCX part word/media/image1.png unpacks to 34,603,008 bytes of XML (limit 32 MB)" in problem(hidden)
    many = _with_parts(tmp_path / "many.docx", {f"word/header{i}.xml": 30 << 20 for i in range(3)})
    assert "DOCX parts unpack to" in problem(many) and "bytes of XML together (limit 64 MB)" in problem(many)


def test_a_line_over_the_limit_is_refused_in_text_and_docx(tmp_path: Path) -> None:
    """Sentence splitting is slower than linear on one long line (4 MB took 63 s)."""
    long = "слово " * (limits.MAX_LINE // 6 + 1)
    text = tmp_path / "long.txt"
    text.write_text(f"Отчёт\n{long}\n", encoding="utf-8")
    assert problem(text) == f"{text}: line 2 has a line of {len(long.rstrip()):,} characters (limit 1,000,000)"
    document = write_docx(tmp_path / "long.docx", [_p("Отчёт"), _p(long)])
    assert problem(document).endswith(f"paragraph 2 has a line of {len(long.rstrip()):,} characters (limit 1,000,000)")


def test_too_much_text_is_refused(tmp_path: Path) -> None:
    """A build's memory grows with the text that goes into the graph (15M characters peaked at 2.0 GB)."""
    line = ("Визит делегации города в г. Минск, переговоры о сотрудничестве в сфере культуры. " * 12).strip()
    path = tmp_path / "much.txt"
    path.write_text("Отчёт\n" + f"{line}\n" * (limits.MAX_CHARS // len(line) + 1), encoding="utf-8")
    assert problem(path) == f"{path}: has more than 4,000,000 characters of text (limit 4,000,000); split the report"


def test_too_many_text_lines_are_refused_before_splitting(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_text("Отчёт\n" + "а\n" * limits.MAX_LINES, encoding="utf-8")
    assert problem(path) == f"{path}: has 200,002 lines (limit 200,000); split the report"


def test_a_report_of_more_events_than_the_limit_is_refused_before_its_graph(monkeypatch) -> None:
    """Events are what a build's memory grows with (~0.3 MB each); the limit is lowered here to the sample's size."""
    from ties.pipeline import process
    monkeypatch.setattr(limits, "MAX_EVENTS", 33)
    outcome = process(sample("001"))
    assert outcome.stem is None and outcome.quads is None
    assert outcome.errors == [f"{sample('001')}: has 34 events (limit 33); split the report"]


def test_sentences_are_razdels_read_in_bounded_windows(monkeypatch) -> None:
    """razdel is quadratic in a run without a sentence end ("а.а.а…": 400k characters took 22 s);
    ``text.sentences`` never hands it more than one window, and on real text gives its sentences."""
    import razdel

    from conftest import REPORTS
    from ties.ingest.text import SENTENCE_CHUNK, sentences
    real = " ".join(p.read_text(encoding="utf-8") for p in sorted(REPORTS.glob("*.txt")))
    assert [(s.start, s.stop, s.text) for s in sentences(real)] == \
        [(s.start, s.stop, s.text) for s in razdel.sentenize(real)]
    longest = 0
    original = razdel.sentenize

    def watched(text: str):
        nonlocal longest
        longest = max(longest, len(text))
        return original(text)
    monkeypatch.setattr(razdel, "sentenize", watched)
    hostile = "а." * 100_000 + " Визит в г. Минск. " + "А. " * 50_000
    pieces = list(sentences(hostile))
    assert longest <= SENTENCE_CHUNK
    assert "".join(p.text for p in pieces).replace(" ", "") == hostile.replace(" ", "")
    assert all(hostile[p.start:p.stop] == p.text for p in pieces)


def test_merged_cells_read_once_and_vertical_merges_repeat_their_text(tmp_path: Path) -> None:
    """The linear walk over the grid keeps what python-docx's ``row.cells`` gave, merged cells once."""
    path = write_docx(tmp_path / "merged.docx", [_table([
        [_tc("1."), _tc("Визит", 2), _tc("г. Минск", merge="restart")],
        [_tc("2."), _tc("Форум"), _tc("Выставка"), _tc("", merge="continue")],
        [_tc("3."), _tc("Встреча", 2), _tc("г. Брест")]])])
    assert [b.cells for b in read_blocks(path)] == [
        ("1.", "Визит", "г. Минск"), ("2.", "Форум", "Выставка", "г. Минск"), ("3.", "Встреча", "г. Брест")]


# -- 8. names that would drive a terminal --------------------------------------------------------------


def test_control_characters_in_file_names_are_escaped_on_output(tmp_path: Path) -> None:
    name = "evil\n\x1b[2J\x1b]0;owned\x07\x9b31m.txt"
    path = tmp_path / name
    path.write_bytes(sample("004").read_bytes())
    store = tmp_path / "store"
    done = ties("build", str(path), store=store)
    assert done.returncode == 0, done.stderr
    assert not any(ch in done.stderr for ch in "\x1b\x07\x9b")
    assert "evil\\n\\x1b[2J\\x1b]0;owned\\x07\\x9b31m.txt: table" in done.stderr
    listed = ties("query", "reports", store=store)
    assert listed.returncode == 0 and not any(ch in listed.stdout for ch in "\x1b\x07\x9b")
    assert "evil \\x1b[2J" in listed.stdout  # a line break folds to a space in a table cell


# -- 7. a full disk, a store that cannot be written -----------------------------------------------------


def _full_disk(size: int):
    """For a child process: files cannot grow past ``size`` bytes, as on a full disk (EFBIG, not ENOSPC,
    but the same failed write); needs no mount, so it works for root and in containers alike."""
    import resource
    import signal

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return limit


def ties_on_full_disk(*args: str, store: Path, size: int = 0) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(store), "-q", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=300, preexec_fn=_full_disk(size))


@pytest.mark.parametrize("size", [20_000, 100_000])  # the store cannot be created; the ontology cannot go in
def test_a_full_disk_ends_a_build_with_one_line(tmp_path: Path, size: int) -> None:
    done = ties_on_full_disk("build", str(sample("004")), store=tmp_path / "store", size=size)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if line.strip()] == [done.stderr.strip()]
    assert done.stderr.startswith("error: ") and "File too large" in done.stderr


def test_a_summary_that_cannot_be_written_is_one_line_and_a_failure(tmp_path: Path, monkeypatch, capsys) -> None:
    from ties.graph import summary
    from ties.pipeline import ingest_paths

    def full(store) -> int:
        raise OSError("IO error: No space left on device")
    monkeypatch.setattr(summary, "refresh", full)
    result = ingest_paths([str(sample("004"))], tmp_path / "store", quiet=True, jobs=1)
    assert result.stored == [sample("004").stem] and result.failures == 1
    err = capsys.readouterr().err
    assert f"error: the store {tmp_path / 'store'} could not be written: IO error: No space left on device;" in err


def test_queries_never_write_a_complete_store(built_store: Path, tmp_path: Path) -> None:
    """Every write fails (files cannot grow at all), and the summary-reading queries still answer."""
    import shutil
    shutil.copytree(built_store, tmp_path / "store")
    done = ties_on_full_disk("query", "institutions", "--param", "kind=школа", "--format", "csv",
                             store=tmp_path / "store")
    assert done.returncode == 0, done.stderr
    assert len(done.stdout.splitlines()) > 1


def test_a_store_lacking_its_summary_answers_what_it_can_read_only(built_store: Path, tmp_path: Path) -> None:
    """The summary cannot be added (full disk): queries that do not read it answer, the others say why."""
    import shutil

    from pyoxigraph import Store

    from ties.graph.iris import SUMMARY_GRAPH
    shutil.copytree(built_store, tmp_path / "store")
    damaged = Store(str(tmp_path / "store"))
    damaged.remove_graph(SUMMARY_GRAPH)  # as a build killed while writing it leaves the store
    del damaged
    # agreements reads the report graphs only (reports now reads its counts from the summary)
    intact = subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(built_store), "-q", "query", "agreements",
                             "--format", "csv"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    agreements = ties_on_full_disk("query", "agreements", "--format", "csv", store=tmp_path / "store")
    assert agreements.returncode == 0 and agreements.stdout == intact.stdout, agreements.stderr
    assert len(agreements.stdout.splitlines()) > 1
    institutions = ties_on_full_disk("query", "institutions", "--param", "kind=школа", store=tmp_path / "store")
    assert institutions.returncode == 1 and "Traceback" not in institutions.stderr
    assert institutions.stderr.startswith(f"error: the store {tmp_path / 'store'} lacks the summary graph this "
                                          "query reads, and it cannot be added now (")
    assert len(institutions.stderr.strip().splitlines()) == 1


def test_a_letter_without_a_unicode_name_is_read(tmp_path):
    """pymorphy3 asks unicodedata.name of each letter; a Tangut letter has none (the fuzz found it)."""
    from ties.ingest.report import read_report
    path = tmp_path / "tangut.txt"
    path.write_text("Отчет города Смоленска\n\nВ мае делегация посетила @𗀀 г. Минск (Беларусь).\n", encoding="utf-8")
    report = read_report(path)
    assert [p.name for e in report.events for p in e.foreign_places] == ["Минск"]
