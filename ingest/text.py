"""Text clean-up shared by every extractor: one place that decides what a 'clean' string is."""
from __future__ import annotations

import re
from collections.abc import Iterator

from razdel.substring import Substring

# Latin letters that look like Cyrillic ones; reports typed by hand mix them ("cентябрь").
_HOMOGLYPHS = str.maketrans("aceopxyACEHKMOPTXB", "асеорхуАСЕНКМОРТХВ")
_CYR = re.compile(r"[А-Яа-яЁё]")
_MIXED_WORD = re.compile(r"\b\w*[A-Za-z]\w*\b")


def fix_homoglyphs(text: str) -> str:
    """Replace Latin look-alikes inside words that are otherwise Cyrillic."""

    def repl(m: re.Match[str]) -> str:
        word = m.group(0)
        return word.translate(_HOMOGLYPHS) if _CYR.search(word) else word

    return _MIXED_WORD.sub(repl, text)


def fold_ws(text: str) -> str:
    """Collapse all whitespace (line breaks inside cells included) to single spaces."""
    return " ".join(text.split())


def clean(text: str) -> str:
    """The normal form in which extractors read cell and sentence text."""
    return fold_ws(fix_homoglyphs(text.replace("\u00a0", " ").replace("\u00ad", "")))


def fold_key(text: str) -> str:
    """A comparison key: lowercase, ё→е, quotes and punctuation dropped."""
    text = text.lower().replace("ё", "е")
    text = re.sub(r"[«»\"'“”„()]", " ", text)
    text = re.sub(r"[^\w№\s-]", " ", text)
    return " ".join(text.split())


#: Most characters razdel reads in one call. At each candidate sentence end it rejects ("а.а.",
#: initials, "… ") it looks again at the sentence so far, so one call costs the square of the
#: longest run without a sentence end: 400k characters of "а." took 22 s, 4 MB would take an hour.
#: Real sentences are under 2,000 characters.
SENTENCE_CHUNK = 10_000


def sentences(text: str) -> Iterator[Substring]:
    """razdel's sentences with their offsets in ``text``, in time linear in its length.

    The text is handed over in windows of ``SENTENCE_CHUNK`` characters; of each window's
    sentences all but the last two are kept (their ends were judged with the words after them
    in view, so they are razdel's own) and the next window starts at the first one left. A
    window of fewer than three sentences is cut at its last space (a "sentence" that long is
    no sentence), so no call reads more than one window.
    """
    from razdel import sentenize
    start = 0
    while start < len(text):
        end = min(start + SENTENCE_CHUNK, len(text))
        found = list(sentenize(text[start:end]))
        if end < len(text):
            if len(found) >= 3:
                found, end = found[:-2], start + found[-2].start
            else:
                space = max(text.rfind(" ", start, end), text.rfind("\n", start, end))
                end = space + 1 if space > start else end
                found = list(sentenize(text[start:end]))
        for piece in found:
            yield Substring(piece.start + start, piece.stop + start, piece.text)
        start = end
