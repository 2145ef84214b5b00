"""Report bytes into clean text: the encoding guessed per line, invisible characters gone.

Everything that later matches names (gazetteer, dates, organisations) compares
characters, so the text must reach it in one form: a place name typed with a
zero-width joiner, a bidirectional override or decomposed letters ("е" + U+0308)
otherwise matches a different place or none. ``normalise`` is that one form, and
both the text reader and the DOCX reader apply it to everything they return.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path

from ties.ingest.errors import ReportError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16 LE: same first two bytes
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_UTF8_BOM = b"\xef\xbb\xbf"
#: Control characters real text never has in bulk (tab, LF, VT, FF, CR are fine).
_CONTROL = frozenset(map(chr, [*range(0, 9), *range(14, 32), 127]))
SPACES = {"\xa0": " ", "\u202f": " ", "\u2007": " "}
#: Characters that change how text looks or flows but are no letters: zero-width space, (non-)joiner,
#: direction marks, embeddings, overrides and isolates, word joiner and invisible operators,
#: byte-order mark, soft hyphen, Arabic letter mark, Mongolian vowel separator.
INVISIBLE = frozenset(map(chr, [0x00AD, 0x061C, 0x180E, *range(0x200B, 0x2010), *range(0x202A, 0x202F),
                                *range(0x2060, 0x2065), *range(0x2066, 0x206A), 0xFEFF]))
_STRIP = {ord(ch): None for ch in INVISIBLE} | {ord(odd): space for odd, space in SPACES.items()}


def normalise(text: str) -> str:
    """Invisible and direction characters removed, odd spaces made plain, then NFC: the one form
    in which names are matched. Removal comes first, so a joiner between a letter and its accent
    does not keep them from composing."""
    text = text.translate(_STRIP)
    return text if text.isascii() else unicodedata.normalize("NFC", text)


def decode_text(data: bytes, path: Path | str) -> str:
    """Decode report bytes whatever Windows tool saved them; LF line ends, ``normalise`` d.

    A UTF-16/32 byte-order mark is certain. Otherwise each line is UTF-8 if it decodes
    as such and Windows-1251 if not, since a report pasted together from files of two
    editors mixes them line by line; strict UTF-8 rarely accepts cp1251 Cyrillic,
    while cp1251 accepts almost any bytes, so its lines are only trusted when together
    they read as Russian.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(codec)
            except UnicodeDecodeError:
                problem = f"damaged text: invalid {codec.upper()} despite its byte-order mark"
                raise ReportError(path, problem) from None
            if _looks_binary(text):
                raise ReportError(path, "not a text report (binary content)")
            break
    else:
        data = data.removeprefix(_UTF8_BOM)
        try:
            utf8: str | None = data.decode("utf-8")
        except UnicodeDecodeError:
            utf8 = None
        # Judged on the characters; an 8-bit text's control characters are the same bytes in latin-1,
        # which maps bytes 1:1 to chars.
        if _looks_binary(utf8 if utf8 is not None else data.decode("latin-1")):
            raise ReportError(path, "not a text report (binary content)")
        text = utf8 if utf8 is not None else _decode_lines(data, path)
    return normalise(text.replace("\r\n", "\n").replace("\r", "\n"))


def _decode_lines(data: bytes, path: Path | str) -> str:
    """Each line UTF-8 where it is valid, else Windows-1251; one error naming the first
    line that is neither, or when the cp1251 lines are not Russian text."""
    lines = data.split(b"\n")
    first: int | None = None
    guessed: list[str] = []
    for i, raw in enumerate(lines):
        utf8 = _utf8(raw)
        # A short cp1251 line can be valid UTF-8 ("Я»" is U+07FB): the reading in characters a report holds wins.
        if utf8 is not None and (raw.isascii() or _readable(utf8) or not _readable(raw.decode("cp1251", "replace"))):
            lines[i] = utf8
            continue
        first = i + 1 if first is None else first
        if b"\x98" in raw:  # the one byte cp1251 lacks
            raise ReportError(path, f"unknown text encoding: line {i + 1} is neither UTF-8 nor Windows-1251 "
                                    "(expected UTF-8, UTF-16 or Windows-1251 Russian text)")
        lines[i] = raw.decode("cp1251")
        guessed.append(lines[i])
    if not _looks_russian("".join(guessed)):
        raise ReportError(path, f"unknown text encoding: line {first} is not UTF-8 and the lines that are not "
                                "do not read as Windows-1251 Russian text (expected UTF-8, UTF-16 or "
                                "Windows-1251)")
    return "\n".join(lines)


def _utf8(raw: bytes) -> str | None:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _readable(text: str) -> bool:
    """Every character one a Russian report holds: ASCII, Cyrillic, Latin letters with accents,
    punctuation and "№" (not NKo, Latin Extended-B and the like, which cp1251 bytes read as UTF-8 give)."""
    return all(ch < "\x80" or "\xa0" <= ch <= "\u017f" or "\u0400" <= ch <= "\u04ff" or "\u2000" <= ch <= "\u206f"
               or ch == "№" for ch in text)


def _looks_binary(text: str) -> bool:
    """NUL or more than 5 % control characters: an image, archive or executable."""
    if "\x00" in text:
        return True
    sample = text[:65536]
    return sum(ch in _CONTROL for ch in sample) > 0.05 * max(len(sample), 1)


def _looks_russian(text: str) -> bool:
    """Most letters Cyrillic: the cp1251 guess produced real words, not mojibake."""
    letters = [ch for ch in text if ch.isalpha()]
    cyrillic = sum("\u0400" <= ch <= "\u04ff" for ch in letters)
    return cyrillic > 0 and cyrillic >= 0.5 * len(letters)
