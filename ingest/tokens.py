"""Word tokens with offsets and lemmas: the common ground of the gazetteer-style matchers."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from .morph import lemmas

_WORD = re.compile(r"[A-Za-zА-Яа-яЁё0-9]+(?:-[A-Za-zА-Яа-яЁё0-9]+)*")


class Token(NamedTuple):
    """A word and its offsets (a named tuple: texts have many words, and a frozen dataclass
    took four times as long to make)."""

    text: str
    start: int
    end: int

    @property
    def lemmas(self) -> tuple[str, ...]:
        return word_lemmas(self.text)

    @property
    def capitalized(self) -> bool:
        return self.text[:1].isupper()


@lru_cache(maxsize=200_000)
def word_lemmas(word: str) -> tuple[str, ...]:
    """Lemmas of a word; hyphenated words are lemmatised per part ("Алма-Аты" → "алма-ата")."""
    if "-" in word:
        parts = word.split("-")
        # Only the last part inflects in most compounds ("Усть-Каменогорска").
        head = "-".join(p.lower() for p in parts[:-1])
        last = lemmas(parts[-1])
        out = [f"{head}-{form}" for form in last]
        # Both parts inflect in some ("Алма-Аты"): add per-part lemmas too.
        out.append("-".join(lemmas(p)[0] for p in parts))
        out.append(word.lower().replace("ё", "е"))
        return tuple(dict.fromkeys(out))
    return lemmas(word) + ((word.lower().replace("ё", "е"),) if word.lower() not in lemmas(word) else ())


def tokenize(text: str) -> list[Token]:
    return [Token(m.group(0), m.start(), m.end()) for m in _WORD.finditer(text)]
