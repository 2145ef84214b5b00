"""Structure-aware fuzz of ingest: inputs shaped like the attacks of issue 13, not random bytes.

Random bytes and line edits (``test_fuzz``) almost never make a well-formed table of merged cells,
a line of 400,000 characters, a report whose encoding changes on line 17, a place name with a
zero-width joiner in it, or a FIFO in a reports folder. These generators do, on purpose:

* DOCX tables with ``gridSpan`` (also absurd ones), ``vMerge``/``hMerge``, ``gridBefore`` and
  tables nested in cells, three deep;
* long lines in text and DOCX, below and above the line limit (above it: refused, naming the line);
* UTF-8 reports with Windows-1251 lines and the reverse (read as the same blocks as pure UTF-8);
* invisible, bidirectional and decomposed (NFD) characters inside place names (read as the same
  blocks as the clean text, so every match after reading sees the clean names);
* folders of FIFOs, sockets, links to ``/dev/zero`` and ``/dev/null``, dangling links and unreadable
  subfolders, through ``ingest_paths`` as ``ties build`` runs it: every file and folder given is
  stored or named in an error line, and the build ends.

Each input is held to ``test_fuzz.check``'s property (stored, or refused with exactly one line naming
the file; never a crash). The budget is a share of ``TIES_FUZZ_EXAMPLES`` (``test_fuzz.WEIGHTS``), so
CI stays at its default size; ``make fuzz`` runs both files over the full budget and prints the
inputs, refusals, silent losses and the peak RSS.
"""
from __future__ import annotations

import contextlib
import io
import os
import re
import resource
import socket
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from tempfile import TemporaryDirectory
from unittest import mock
from xml.sax.saxutils import escape

import pytest
from hypothesis import given
from hypothesis import strategies as st
from raw_docx import docx_bytes
from test_fuzz import HEADS, SAMPLES, SMALL, STATS, budget, check, docx_of, junk, write

from ties.ingest.errors import printable
from ties.ingest.limits import MAX_LINE
from ties.ingest.readers import read_blocks, read_text_blocks

START: Counter[str] = Counter()


def peak_rss_mb() -> float:
    """Peak resident memory of this process and its finished children, in MB (Linux counts KB)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return max(own, children) / 1024


@pytest.fixture(scope="module", autouse=True)
def summary(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print what this file ran (its share of ``test_fuzz.STATS``), the silent losses and the peak RSS."""
    START.clear()
    START.update(STATS)
    started = time.monotonic()
    yield
    ran = Counter(STATS)
    ran.subtract(START)
    line = (f"fuzz (structured): {ran['inputs']} generated inputs in {time.monotonic() - started:.0f} s: "
            f"{ran['refused']} refused with one line, {ran['stored']} stored, {ran['read']} read only, "
            f"{ran['named']} special files and folders named; {ran['lost']} silent losses; "
            f"{request.session.testsfailed} failed test(s); peak RSS {peak_rss_mb():.0f} MB")
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print("\n" + line, file=sys.stderr)


def _xml_text(text: str) -> str:
    """Text as an XML 1.0 document may hold it (control characters and lone surrogates dropped)."""
    return escape("".join(ch for ch in text if ch in "\t\n" or (" " <= ch and not 0xD800 <= ord(ch) <= 0xDFFF
                                                                  and ch not in "\ufffe\uffff")))


# -- 1. nested and spanned DOCX tables ------------------------------------------------------------

#: Cell texts of the sample reports (001 is a table with headings): what real cells hold.
CELLS = sorted({line.strip() for name in ("001", "004") for line in SAMPLES[name] if line.strip()})
#: Spans a row may claim: mostly real ones, then the edges of the width limit, nonsense and a bomb.
SPANS = st.one_of(st.just(1), st.integers(1, 4), st.sampled_from(["0", "-3", "x", "2.5", "", "999", "1000", "1001",
                                                                 "65536", "10000000", "99999999999999999999"]))


def _p(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{_xml_text(text)}</w:t></w:r></w:p>'


cell_text = st.one_of(st.sampled_from(CELLS), junk)


@st.composite
def table_xml(draw: st.DrawFn, depth: int = 0) -> str:
    """A ``w:tbl`` of rows whose cells span, merge and hold tables of their own (to three deep)."""
    parts = ["<w:tbl>"]
    if draw(st.booleans()):
        parts.append("<w:tblGrid>" + "<w:gridCol/>" * draw(st.integers(0, 6)) + "</w:tblGrid>")
    for _ in range(draw(st.integers(1, 8 if depth == 0 else 3))):
        parts.append("<w:tr>")
        if draw(st.integers(0, 9)) == 0:
            parts.append(f'<w:trPr><w:gridBefore w:val="{draw(SPANS)}"/></w:trPr>')
        for _ in range(draw(st.integers(1, 6))):
            props = ""
            span = draw(SPANS)
            if span != 1:
                props += f'<w:gridSpan w:val="{span}"/>'
            merge = draw(st.sampled_from([None, None, None, "restart", "continue", ""]))
            if merge is not None:
                props += f'<w:vMerge w:val="{merge}"/>' if merge else "<w:vMerge/>"
            if draw(st.integers(0, 15)) == 0:
                props += f'<w:hMerge w:val="{draw(st.sampled_from(["restart", "continue"]))}"/>'
            parts.append("<w:tc>" + (f"<w:tcPr>{props}</w:tcPr>" if props else ""))
            for _ in range(draw(st.integers(0, 2))):
                parts.append(_p(draw(cell_text)))
            if depth < 3 and draw(st.integers(0, 5)) == 0:
                parts.append(draw(table_xml(depth + 1)))
                parts.append(_p(""))  # Word closes a cell with a paragraph after a nested table
            parts.append("</w:tc>")
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    return "".join(parts)




@budget("tables")
@given(title=st.sampled_from(SAMPLES["001"][:2] + SAMPLES["004"][:2]),
       body=st.lists(st.one_of(table_xml(), cell_text.map(_p)), min_size=1, max_size=4))
def test_nested_and_spanned_docx_tables(title: str, body: list[str]) -> None:
    with TemporaryDirectory() as tmp:
        check(write(Path(tmp), "tables.docx", docx_bytes(_p(title) + "".join(body))))


# -- 2. long lines ------------------------------------------------------------------------------------

UNITS = ["Участие делегации г. Витебска (Республика Беларусь) в фестивале «Славянский базар». ", "ж", "а б ",
         "«", "(", "г. ", "МБУ «", "1. ", "Минск, Гомель, Брест, ", "01.02.2023 ", "\xa0", "\u200b"]
#: Mostly lengths that are read (kept short: extraction costs ~60 µs a character), some just over the limit.
LENGTHS = st.one_of(st.integers(1_000, 30_000), st.integers(1_000, 30_000), st.integers(30_000, 150_000),
                    st.integers(MAX_LINE + 1, MAX_LINE + 5_000), st.just(5 * MAX_LINE))


@budget("long")
@given(length=LENGTHS, unit=st.sampled_from(UNITS), where=st.sampled_from(["cell", "prose", "docx"]))
def test_long_lines(length: int, unit: str, where: str) -> None:
    """A line is read, or refused in one line that names it, by its length alone: never a crash."""
    long = (unit * (length // len(unit) + 1))[:length]
    lines = SAMPLES["004"]
    with TemporaryDirectory() as tmp:
        if where == "docx":
            path = write(Path(tmp), "long.docx", docx_bytes(_p(lines[0]) + _p(long) + _p(lines[1])))
        elif where == "prose":
            path = write(Path(tmp), "long.txt", "\n".join([lines[0], long, *lines[1:5]]).encode())
        else:
            head = HEADS["004"]
            path = write(Path(tmp), "long.txt", "\n".join([*lines[:head + 2], "\t" + long, *lines[head + 2:]]).encode())
        outcome = check(path)
    if len(long.strip()) > MAX_LINE and unit.strip(" \xa0\u200b"):
        assert outcome.stem is None and "has a line of" in outcome.errors[0], outcome.errors


# -- 3. encoding mixes -------------------------------------------------------------------------------


def _cp1251(line: str) -> bool:
    try:
        line.encode("cp1251")
    except UnicodeEncodeError:
        return False
    return True


@st.composite
def mixed_encoding(draw: st.DrawFn) -> tuple[str, bytes]:
    """A window of a sample report in one encoding with some lines in the other: (the text, its bytes)."""
    name = draw(st.sampled_from(sorted(SAMPLES)))
    lines = SAMPLES[name]
    start = draw(st.integers(HEADS[name], max(HEADS[name], len(lines) - 1)))
    lines = lines[:HEADS[name]] + lines[start:start + draw(st.integers(1, 80))]
    body = draw(st.sampled_from(["utf-8", "cp1251"]))
    other = "cp1251" if body == "utf-8" else "utf-8"
    share = draw(st.sampled_from([1, 2, 5, 20]))  # one line in `share` is in the other encoding
    newline = draw(st.sampled_from([b"\n", b"\r\n"]))
    out = []
    for line in lines:
        codec = other if draw(st.integers(1, share)) == 1 else body
        out.append(line.encode(codec if _cp1251(line) else "utf-8"))
    bom = b"\xef\xbb\xbf" if body == "utf-8" and draw(st.booleans()) else b""
    return "\n".join(lines), bom + newline.join(out)


@budget("mixed")
@given(case=mixed_encoding())
def test_mixed_encodings_read_as_the_utf8_text(case: tuple[str, bytes]) -> None:
    """UTF-8 with Windows-1251 lines, or the reverse: the same blocks as the text saved in UTF-8 alone
    (before, one cp1251 line made the whole file cp1251: mojibake, events lost), then the pipeline."""
    text, data = case
    with TemporaryDirectory() as tmp:
        mixed = write(Path(tmp), "mixed.txt", data)
        STATS["inputs"] += 1
        STATS["read"] += 1
        assert read_blocks(mixed) == read_text_blocks(text)
        check(mixed)


# -- 4. invisible, bidirectional and decomposed characters in place names ---------------------------

#: What a pasted name may carry: zero-width space, (non-)joiner, marks, embeddings, overrides, isolates,
#: word joiner, byte-order mark, soft hyphen, Arabic letter mark.
HIDDEN = ["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e",
          "\u2060", "\u2066", "\u2067", "\u2068", "\u2069", "\ufeff", "\u00ad", "\u061c"]
#: Place names as the samples write them (town after "г.", then the places a report names most).
PLACE = re.compile(r"(?<=г\. )[А-ЯЁ][а-яё]+(?:-[А-ЯЁа-яё]+)?|Беларусь|Витебск\w*|Минск\w*|Могил[её]в\w*|Гомел\w*|"
                   r"Китай|Абхази\w*|Смоленск\w*|Хабаровск\w*|Вязьм\w*|Сафонов\w*|Ярцев\w*")


def _hide(draw: st.DrawFn, clean: str) -> str:
    """``clean`` with invisible characters put inside some of its place names, some of those NFD."""
    spans = [m.span() for m in PLACE.finditer(clean)]
    if not spans:
        return clean
    chosen = set(draw(st.lists(st.integers(0, len(spans) - 1), min_size=1, max_size=12)))
    out, last = [], 0
    for k, (a, b) in enumerate(spans):
        word = clean[a:b]
        if k in chosen:
            if draw(st.integers(0, 3)) == 0:
                word = unicodedata.normalize("NFD", word)
            for _ in range(draw(st.integers(1, 3))):
                at = draw(st.integers(0, len(word)))
                word = word[:at] + "".join(draw(st.lists(st.sampled_from(HIDDEN), min_size=1, max_size=3))) + word[at:]
        out += [clean[last:a], word]
        last = b
    out.append(clean[last:])
    return "".join(out)


@st.composite
def hidden_names(draw: st.DrawFn) -> tuple[str, bytes, bytes]:
    """A window of a sample report: (its clean text, it with place names hidden as a text file, and as a DOCX
    whose cells hide them; the text reader would strip them before a DOCX made from the text held them)."""
    name = draw(st.sampled_from(sorted(SAMPLES)))
    lines = SAMPLES[name]
    start = draw(st.integers(HEADS[name], max(HEADS[name], len(lines) - 1)))
    clean = "\n".join(lines[:HEADS[name]] + lines[start:start + draw(st.integers(1, 60))])
    text = _hide(draw, clean)
    if draw(st.integers(0, 7)) == 0:
        text = unicodedata.normalize("NFD", text)  # a whole file from a system that writes NFD
    blocks = [replace(b, cells=tuple(_hide(draw, c) for c in b.cells)) for b in read_text_blocks(clean)]
    return clean, text.encode("utf-8"), docx_of(blocks)


@budget("hidden")
@given(case=hidden_names(), form=st.sampled_from(["txt", "docx"]))
def test_invisible_characters_in_place_names_read_as_clean(case: tuple[str, bytes, bytes], form: str) -> None:
    """Hidden characters inside place names read as the same blocks as the clean text, in text and DOCX,
    so nothing that matches names afterwards (gazetteer, organisations, dates) ever sees them."""
    clean, text, hidden_docx = case
    expected = read_text_blocks(clean)
    with TemporaryDirectory() as tmp:
        STATS["inputs"] += 1
        STATS["read"] += 1
        if form == "txt":
            path = write(Path(tmp), "hidden.txt", text)
            assert read_blocks(path) == expected
        else:
            path = write(Path(tmp), "hidden.docx", hidden_docx)
            assert read_blocks(path) == read_blocks(write(Path(tmp), "clean.docx", docx_of(expected)))
        check(path)


# -- 5. special files and unreadable folders -----------------------------------------------------------

KINDS = ["report", "report", "empty", "fifo", "socket", "zero", "null", "dangling", "locked", "empty_dir", "device"]


def _can_mknod(folder: Path) -> bool:
    try:
        os.mknod(folder / "probe", 0o600 | 0o020000, os.makedev(1, 5))  # a character device like /dev/zero
    except (OSError, AttributeError):
        return False
    return True


@budget("special")
@given(layout=st.lists(st.tuples(st.sampled_from(KINDS), st.booleans()), min_size=1, max_size=7))
def test_special_files_and_unreadable_folders_are_named(layout: list[tuple[str, bool]]) -> None:
    """``ingest_paths`` over a folder and files given by name: every regular report stored or named, every
    FIFO, socket, device, link to one, dangling link and unreadable folder named; the build never hangs."""
    from ties.pipeline import ingest_paths
    with TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        root = Path(tmp)
        tree, direct = root / "tree", root / "direct"
        tree.mkdir()
        direct.mkdir()
        expect: dict[Path, str] = {}  # path → "stored or named" / "named"
        locked: set[Path] = set()
        given_paths = [str(tree)]
        mknod = _can_mknod(root)
        for i, (kind, by_name) in enumerate(layout):
            where = direct if by_name else tree
            path = where / f"{'c' if by_name else 't'}{i}.txt"
            if kind == "report":
                path.write_bytes(SMALL)
            elif kind == "empty":
                path.write_bytes(b"")
            elif kind == "fifo":
                os.mkfifo(path)
            elif kind == "socket":
                sock = stack.enter_context(socket.socket(socket.AF_UNIX))
                sock.bind(str(path))
            elif kind in ("zero", "null") or (kind == "device" and not mknod):
                path.symlink_to("/dev/zero" if kind != "null" else "/dev/null")
            elif kind == "device":
                os.mknod(path, 0o600 | 0o020000, os.makedev(1, 5))
            elif kind == "dangling":
                path.symlink_to(root / "nowhere.txt")
            elif kind in ("locked", "empty_dir"):
                path = where / f"{'c' if by_name else 't'}{i}"
                path.mkdir()
                if kind == "locked":
                    (path / "inside.txt").write_bytes(SMALL)
                    locked.add(path)
                elif not by_name:
                    continue  # an empty subfolder holds nothing to lose
            expect[path] = "stored or named" if kind == "report" else "named"
            if by_name:
                given_paths.append(str(path))
        real = os.scandir

        def scandir(path: os.PathLike | str = ".", *rest):  # root reads any folder: refuse as a user's rights would
            if not isinstance(path, int) and Path(path) in locked:  # rmtree lists by descriptor
                raise PermissionError(13, "Permission denied", str(path))
            return real(path, *rest)
        stack.enter_context(mock.patch.object(os, "scandir", scandir))
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            result = ingest_paths(given_paths, root / "store", quiet=True, jobs=1)
    lines = err.getvalue().splitlines()
    assert all(line.startswith("error: ") and "Traceback" not in line and ": could not be processed (" not in line
               for line in lines), lines
    for path, what in expect.items():
        STATS["inputs"] += 1
        named = any(line.startswith(f"error: {printable(path)}: ") for line in lines)
        stored = what == "stored or named" and path.stem in result.stored
        if not (named or stored):
            STATS["lost"] += 1
        assert named or stored, (path, what, lines)
        STATS["named" if named else "stored"] += 1
