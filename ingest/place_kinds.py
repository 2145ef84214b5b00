"""Kinds of place told by their names, and the region a gazetteer-resolved settlement lies in.

Municipal forms (городской округ, муниципальный район…) are typed only when
the name says so: a bare "Вяземский район" may be a municipal district or,
since the reforms after 2019, a municipal okrug, and the report does not say.

Regions come from GeoNames: every resolved settlement carries its first-level
division code (``admin1``), and :data:`REGIONS` names each division of Russia
and Belarus by a town GeoNames files under it: the capital, except where the
capital is a division of its own (Moscow, Saint Petersburg, Minsk) or its name
is also an old name of a bigger town (Ставрополь was Tolyatti's). The codes
are looked up in the same offline index ``ingest.gazetteer`` resolves places
with, so no code table is kept here. Cities of federal significance (Moscow,
Saint Petersburg) are their own division and get no region.
"""
from __future__ import annotations

import re
import sqlite3
from functools import lru_cache
from itertools import pairwise

from .morph import lemma

#: (region as reports write it, a town GeoNames files under it), per country.
REGIONS: dict[str, tuple[tuple[str, str], ...]] = {
    "RU": (
        ("Республика Адыгея", "Майкоп"), ("Республика Алтай", "Горно-Алтайск"),
        ("Республика Башкортостан", "Уфа"), ("Республика Бурятия", "Улан-Удэ"),
        ("Республика Дагестан", "Махачкала"), ("Республика Ингушетия", "Назрань"),
        ("Кабардино-Балкарская Республика", "Нальчик"), ("Республика Калмыкия", "Элиста"),
        ("Карачаево-Черкесская Республика", "Черкесск"), ("Республика Карелия", "Петрозаводск"),
        ("Республика Коми", "Сыктывкар"), ("Республика Марий Эл", "Йошкар-Ола"),
        ("Республика Мордовия", "Саранск"), ("Республика Саха (Якутия)", "Якутск"),
        ("Республика Северная Осетия — Алания", "Владикавказ"), ("Республика Татарстан", "Казань"),
        ("Республика Тыва", "Кызыл"), ("Удмуртская Республика", "Ижевск"),
        ("Республика Хакасия", "Абакан"), ("Чеченская Республика", "Грозный"),
        ("Чувашская Республика", "Чебоксары"),
        ("Алтайский край", "Барнаул"), ("Забайкальский край", "Чита"),
        ("Камчатский край", "Петропавловск-Камчатский"), ("Краснодарский край", "Краснодар"),
        ("Красноярский край", "Красноярск"), ("Пермский край", "Пермь"),
        ("Приморский край", "Владивосток"), ("Ставропольский край", "Невинномысск"),
        ("Хабаровский край", "Хабаровск"),
        ("Амурская область", "Благовещенск"), ("Архангельская область", "Архангельск"),
        ("Астраханская область", "Астрахань"), ("Белгородская область", "Белгород"),
        ("Брянская область", "Брянск"), ("Владимирская область", "Владимир"),
        ("Волгоградская область", "Волгоград"), ("Вологодская область", "Вологда"),
        ("Воронежская область", "Воронеж"), ("Ивановская область", "Иваново"),
        ("Иркутская область", "Иркутск"), ("Калининградская область", "Калининград"),
        ("Калужская область", "Калуга"), ("Кемеровская область", "Кемерово"),
        ("Кировская область", "Киров"), ("Костромская область", "Кострома"),
        ("Курганская область", "Курган"), ("Курская область", "Курск"),
        ("Ленинградская область", "Гатчина"), ("Липецкая область", "Липецк"),
        ("Магаданская область", "Магадан"), ("Московская область", "Красногорск"),
        ("Мурманская область", "Мурманск"), ("Нижегородская область", "Нижний Новгород"),
        ("Новгородская область", "Новгород"), ("Новосибирская область", "Новосибирск"),
        ("Омская область", "Омск"), ("Оренбургская область", "Оренбург"),
        ("Орловская область", "Орёл"), ("Пензенская область", "Пенза"),
        ("Псковская область", "Псков"), ("Ростовская область", "Ростов-на-Дону"),
        ("Рязанская область", "Рязань"), ("Самарская область", "Самара"),
        ("Саратовская область", "Саратов"), ("Сахалинская область", "Южно-Сахалинск"),
        ("Свердловская область", "Екатеринбург"), ("Смоленская область", "Смоленск"),
        ("Тамбовская область", "Тамбов"), ("Тверская область", "Тверь"),
        ("Томская область", "Томск"), ("Тульская область", "Тула"),
        ("Тюменская область", "Тюмень"), ("Ульяновская область", "Ульяновск"),
        ("Челябинская область", "Челябинск"), ("Ярославская область", "Ярославль"),
        ("Еврейская автономная область", "Биробиджан"),
        ("Ненецкий автономный округ", "Нарьян-Мар"),
        ("Ханты-Мансийский автономный округ — Югра", "Ханты-Мансийск"),
        ("Чукотский автономный округ", "Анадырь"),
        ("Ямало-Ненецкий автономный округ", "Салехард"),
    ),
    "BY": (
        ("Брестская область", "Брест"), ("Витебская область", "Витебск"),
        ("Гомельская область", "Гомель"), ("Гродненская область", "Гродно"),
        ("Минская область", "Борисов"), ("Могилевская область", "Могилев"),
    ),
}

#: Lemma pairs of a name that tell its municipal form, most specific first.
MUNICIPAL_FORMS: tuple[tuple[tuple[str, str], str], ...] = (
    (("городской", "округ"), "UrbanOkrug"),
    (("муниципальный", "округ"), "MunicipalOkrug"),
    (("муниципальный", "район"), "MunicipalDistrict"),
    (("городской", "поселение"), "UrbanSettlement"),
    (("сельский", "поселение"), "RuralSettlement"),
)
_WORD = re.compile(r"[А-Яа-яЁё]+")
_CITY = re.compile(r"^(город|г\.)\s", re.IGNORECASE)


def municipal_kind(name: str) -> str | None:
    """Local name of the ``ties`` class of the municipal form the name states, if it states one."""
    lemmas = [lemma(w.lower()) for w in _WORD.findall(name)]
    pairs = set(pairwise(lemmas))
    for pair, kind in MUNICIPAL_FORMS:
        if pair in pairs:
            return kind
    if "поселение" in lemmas:
        return "SettlementMunicipality"
    if _CITY.match(name):
        return "City"
    return None


@lru_cache(maxsize=1)
def _divisions() -> tuple[str, dict[tuple[str, str], str]]:
    """Path of the gazetteer index, and (country, admin1 code) → region name."""
    from ties.ingest.gazetteer import Gazetteer

    with Gazetteer.open() as gazetteer:
        path = str(gazetteer.path)
        names: dict[tuple[str, str], str] = {}
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            for country, regions in REGIONS.items():
                for region, town in regions:
                    found = gazetteer.best(town, country)
                    if found is None or _folded(found.name) != _folded(town):
                        continue  # the name now belongs to another town: better no region than a wrong one
                    division = _division(con, found.geonames_id)
                    if division:
                        names.setdefault(division, region)
    return path, names


def _folded(name: str) -> str:
    return name.lower().replace("ё", "е")


def _division(con: sqlite3.Connection, geonames_id: int) -> tuple[str, str] | None:
    row = con.execute("SELECT country, admin1 FROM places WHERE geonameid = ?", (geonames_id,)).fetchone()
    return (row[0], row[1]) if row and row[1] else None


@lru_cache(maxsize=50_000)
def region_of(geonames_id: int) -> tuple[str, str] | None:
    """(region name, country code) of the region (oblast, krai, republic…) a GeoNames settlement lies in."""
    path, names = _divisions()
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
        division = _division(con, geonames_id)
    region = names.get(division) if division else None
    return (region, division[0]) if region else None
