"""Russian dates as reports write them: days, months, ranges, quarters, and missing years.

Forms handled (any case of the month name, any dash):
"27 января 2023 года", "3-10 января 2023 года", "14 февраля – 10 марта 2023 года",
"18 декабря 2022 года – 18 января 2023 года", "Декабрь 2022 года – январь 2023 года",
"сентябрь-октябрь 2023 года", "август 2023 года", "5 июня" (year from the report
period), "02.02.2023", "с 5 по 7 мая", "в мае", "в I квартале 2023 года".
Month names are recognised through their pymorphy3 lemma, so every case form works.
"""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from .morph import lemma
from .text import clean

MONTHS = ("январь", "февраль", "март", "апрель", "май", "июнь", "июль", "август",
          "сентябрь", "октябрь", "ноябрь", "декабрь")
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
_DASH = r"\s*(?:[-–—]|по|до)\s*"
_WORD = re.compile(r"[А-Яа-яЁё]+")


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def month_number(word: str) -> int | None:
    """1..12 for any case form of a Russian month name, else None."""
    form = lemma(word.lower())
    return MONTHS.index(form) + 1 if form in MONTHS else None


def _last_day(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


@dataclass
class _Point:
    """One side of a range as written: any part may be missing."""

    day: int | None
    month: int | None
    year: int | None


_TOKEN = re.compile(
    r"(?P<dmy>\b(?P<d1>\d{1,2})\.(?P<m1>\d{1,2})\.(?P<y1>\d{4}|\d{2})\b)"
    r"|(?P<year>\b(?:19|20)\d{2}\b)(?:\s*(?:г\.|года|год|гг\.?))?"
    r"|(?P<day>\b\d{1,2}\b)"
    r"|(?P<word>[А-Яа-яЁё]+\.?)"
    r"|(?P<dash>[-–—])"
)


def _points(text: str) -> list[tuple[str, _Point | None]]:
    """Scan text into a sequence of points and separators."""
    out: list[tuple[str, _Point | None]] = []
    for m in _TOKEN.finditer(text):
        if m.group("dmy"):
            y = int(m.group("y1"))
            y = y + 2000 if y < 100 else y
            mo, d = int(m.group("m1")), int(m.group("d1"))
            if 1 <= mo <= 12 and 1 <= d <= 31:
                out.append(("point", _Point(d, mo, y)))
        elif m.group("year"):
            out.append(("year", _Point(None, None, int(m.group("year")))))
        elif m.group("day"):
            d = int(m.group("day"))
            out.append(("day", _Point(d, None, None) if 1 <= d <= 31 else None))
        elif m.group("word"):
            w = m.group("word").rstrip(".")
            mo = month_number(w)
            if mo:
                out.append(("month", _Point(None, mo, None)))
            elif w.lower() in ("по", "до"):
                out.append(("dash", None))
            else:
                out.append(("other", None))
        elif m.group("dash"):
            out.append(("dash", None))
    return out


def _group(tokens: list[tuple[str, _Point | None]]) -> list[_Point]:
    """Merge day/month/year tokens that stand together into points, in order."""
    points: list[_Point] = []
    cur: _Point | None = None
    for kind, p in tokens:
        if kind == "point" and p:
            if cur:
                points.append(cur)
            points.append(p)
            cur = None
        elif kind == "day" and p:
            if cur and (cur.day is not None or cur.month is not None or cur.year is not None):
                points.append(cur)
            cur = _Point(p.day, None, None)
        elif kind == "month" and p:
            if cur is None:
                cur = _Point(None, p.month, None)
            elif cur.month is None and cur.year is None:
                cur.month = p.month
            else:
                points.append(cur)
                cur = _Point(None, p.month, None)
        elif kind == "year" and p:
            if cur is None:
                if points and points[-1].year is None:
                    points[-1].year = p.year
                else:
                    points.append(_Point(None, None, p.year))
            else:
                cur.year = p.year
                points.append(cur)
                cur = None
        elif kind == "dash":
            if cur:
                points.append(cur)
                cur = None
            points.append(_Point(-1, -1, -1))  # range marker
        elif kind == "other" and cur is not None and cur.month is None and cur.day is not None:
            cur = None  # a bare number followed by a non-month word is not a date
    if cur:
        points.append(cur)
    return points


def quarter_period(text: str) -> Period | None:
    """The period a report covers, from its title: quarter, half-year or year."""
    text = clean(text)
    m = re.search(r"\b(I{1,3}|IV|[1-4])\s*(?:-?м\s*)?квартал\w*\s+(\d{4})", text)
    if m:
        q = _ROMAN.get(m.group(1)) or int(m.group(1))
        y = int(m.group(2))
        return Period(date(y, 3 * q - 2, 1), _last_day(y, 3 * q))
    m = re.search(r"\b(I|II|1|2)\s*(?:-?е\s*)?полугоди\w*\s+(\d{4})", text)
    if m:
        h = _ROMAN.get(m.group(1)) or int(m.group(1))
        y = int(m.group(2))
        return Period(date(y, 1 if h == 1 else 7, 1), _last_day(y, 6 if h == 1 else 12))
    m = re.search(r"\b(?:за|в|на)\s+(\d{4})\s*(?:год|г\.)", text) or re.search(r"\b(\d{4})\s+год", text)
    if m:
        y = int(m.group(1))
        return Period(date(y, 1, 1), date(y, 12, 31))
    return None


def _year_for(month: int, period: Period | None, fallback: int | None) -> int | None:
    """A year for a month written without one: the one that puts it inside the report period."""
    if period is None:
        return fallback
    for y in range(period.start.year, period.end.year + 1):
        if period.start <= date(y, month, 1) <= period.end or period.start <= _last_day(y, month) <= period.end:
            return y
    return fallback or period.start.year


def parse_range(text: str, period: Period | None = None) -> tuple[date | None, date | None]:
    """Start and end of the first date or date range written in ``text``.

    A day gives that day; a month alone gives its first and last day; a year
    missing on one side is taken from the other side, then from the period.
    """
    text = clean(text)
    pts = _group(_points(text))
    # Split into the first range: [a] or [a, MARK, b]
    seq = [p for p in pts]
    while seq and seq[0].day == -1:
        seq.pop(0)
    if not seq:
        return None, None
    left = seq[0]
    right: _Point | None = None
    if len(seq) >= 3 and seq[1].day == -1 and seq[2].day != -1:
        right = seq[2]
    # A bare day on the left takes the month and year of the right: "3-10 января 2023".
    if right is not None:
        if left.month is None and left.day is not None:
            left.month = right.month
        if left.year is None:
            left.year = right.year
            if left.month is not None and right.month is not None and left.month > right.month and right.year:
                left.year = right.year - 1
        if right.year is None:
            right.year = left.year
        if right.month is None and right.day is not None:
            right.month = left.month
    if left.month is None and left.year is not None and left.day is None:
        # Only a year: the whole year.
        y = left.year
        return date(y, 1, 1), date(y, 12, 31)
    if left.month is None:
        return None, None
    fallback = period.start.year if period else None
    for p in (left, right):
        if p is not None and p.year is None and p.month is not None:
            p.year = _year_for(p.month, period, fallback)
    if left.year is None:
        return None, None
    start = _safe_date(left.year, left.month, left.day or 1)
    end_p = right or left
    if end_p.month is None or end_p.year is None:
        end_p = left
    end = (_safe_date(end_p.year, end_p.month, end_p.day) if end_p.day
           else _last_day(end_p.year, end_p.month))
    if start and end and end < start:
        return start, start
    return start, end


def _safe_date(y: int, m: int, d: int | None) -> date | None:
    try:
        return date(y, m, d or 1)
    except ValueError:
        return None


def month_of_sentence(text: str, period: Period | None) -> tuple[date | None, date | None]:
    """Dates of a prose sentence: "В июле…" → the whole July of the report year."""
    for m in re.finditer(r"\b(?:[Вв]|[Вв]о|[Сс]|по|до)\s+([А-Яа-яЁё]+)(?:\s+(\d{4}))?", text):
        mo = month_number(m.group(1))
        if mo:
            y = int(m.group(2)) if m.group(2) else _year_for(mo, period, None)
            if y:
                return date(y, mo, 1), _last_day(y, mo)
    return None, None
