"""Text clean-up shared by every extractor: one place that decides what a 'clean' string is."""
from __future__ import annotations

import re

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
