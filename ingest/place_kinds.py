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

from .gazetteer import fold
from .morph import lemma

#: (region as reports write it, a town GeoNames files under it, its ISO 3166-2 code), per country.
REGIONS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "RU": (
        ("Республика Адыгея", "Майкоп", "RU-AD"), ("Республика Алтай", "Горно-Алтайск", "RU-AL"),
        ("Республика Башкортостан", "Уфа", "RU-BA"), ("Республика Бурятия", "Улан-Удэ", "RU-BU"),
        ("Республика Дагестан", "Махачкала", "RU-DA"), ("Республика Ингушетия", "Назрань", "RU-IN"),
        ("Кабардино-Балкарская Республика", "Нальчик", "RU-KB"), ("Республика Калмыкия", "Элиста", "RU-KL"),
        ("Карачаево-Черкесская Республика", "Черкесск", "RU-KC"), ("Республика Карелия", "Петрозаводск", "RU-KR"),
        ("Республика Коми", "Сыктывкар", "RU-KO"), ("Республика Марий Эл", "Йошкар-Ола", "RU-ME"),
        ("Республика Мордовия", "Саранск", "RU-MO"), ("Республика Саха (Якутия)", "Якутск", "RU-SA"),
        ("Республика Северная Осетия — Алания", "Владикавказ", "RU-SE"), ("Республика Татарстан", "Казань", "RU-TA"),
        ("Республика Тыва", "Кызыл", "RU-TY"), ("Удмуртская Республика", "Ижевск", "RU-UD"),
        ("Республика Хакасия", "Абакан", "RU-KK"), ("Чеченская Республика", "Грозный", "RU-CE"),
        ("Чувашская Республика", "Чебоксары", "RU-CU"),
        ("Алтайский край", "Барнаул", "RU-ALT"), ("Забайкальский край", "Чита", "RU-ZAB"),
        ("Камчатский край", "Петропавловск-Камчатский", "RU-KAM"), ("Краснодарский край", "Краснодар", "RU-KDA"),
        ("Красноярский край", "Красноярск", "RU-KYA"), ("Пермский край", "Пермь", "RU-PER"),
        ("Приморский край", "Владивосток", "RU-PRI"), ("Ставропольский край", "Невинномысск", "RU-STA"),
        ("Хабаровский край", "Хабаровск", "RU-KHA"),
        ("Амурская область", "Благовещенск", "RU-AMU"), ("Архангельская область", "Архангельск", "RU-ARK"),
        ("Астраханская область", "Астрахань", "RU-AST"), ("Белгородская область", "Белгород", "RU-BEL"),
        ("Брянская область", "Брянск", "RU-BRY"), ("Владимирская область", "Владимир", "RU-VLA"),
        ("Волгоградская область", "Волгоград", "RU-VGG"), ("Вологодская область", "Вологда", "RU-VLG"),
        ("Воронежская область", "Воронеж", "RU-VOR"), ("Ивановская область", "Иваново", "RU-IVA"),
        ("Иркутская область", "Иркутск", "RU-IRK"), ("Калининградская область", "Калининград", "RU-KGD"),
        ("Калужская область", "Калуга", "RU-KLU"), ("Кемеровская область", "Кемерово", "RU-KEM"),
        ("Кировская область", "Киров", "RU-KIR"), ("Костромская область", "Кострома", "RU-KOS"),
        ("Курганская область", "Курган", "RU-KGN"), ("Курская область", "Курск", "RU-KRS"),
        ("Ленинградская область", "Гатчина", "RU-LEN"), ("Липецкая область", "Липецк", "RU-LIP"),
        ("Магаданская область", "Магадан", "RU-MAG"), ("Московская область", "Красногорск", "RU-MOS"),
        ("Мурманская область", "Мурманск", "RU-MUR"), ("Нижегородская область", "Нижний Новгород", "RU-NIZ"),
        ("Новгородская область", "Новгород", "RU-NGR"), ("Новосибирская область", "Новосибирск", "RU-NVS"),
        ("Омская область", "Омск", "RU-OMS"), ("Оренбургская область", "Оренбург", "RU-ORE"),
        ("Орловская область", "Орёл", "RU-ORL"), ("Пензенская область", "Пенза", "RU-PNZ"),
        ("Псковская область", "Псков", "RU-PSK"), ("Ростовская область", "Ростов-на-Дону", "RU-ROS"),
        ("Рязанская область", "Рязань", "RU-RYA"), ("Самарская область", "Самара", "RU-SAM"),
        ("Саратовская область", "Саратов", "RU-SAR"), ("Сахалинская область", "Южно-Сахалинск", "RU-SAK"),
        ("Свердловская область", "Екатеринбург", "RU-SVE"), ("Смоленская область", "Смоленск", "RU-SMO"),
        ("Тамбовская область", "Тамбов", "RU-TAM"), ("Тверская область", "Тверь", "RU-TVE"),
        ("Томская область", "Томск", "RU-TOM"), ("Тульская область", "Тула", "RU-TUL"),
        ("Тюменская область", "Тюмень", "RU-TYU"), ("Ульяновская область", "Ульяновск", "RU-ULY"),
        ("Челябинская область", "Челябинск", "RU-CHE"), ("Ярославская область", "Ярославль", "RU-YAR"),
        ("Еврейская автономная область", "Биробиджан", "RU-YEV"),
        ("Ненецкий автономный округ", "Нарьян-Мар", "RU-NEN"),
        ("Ханты-Мансийский автономный округ — Югра", "Ханты-Мансийск", "RU-KHM"),
        ("Чукотский автономный округ", "Анадырь", "RU-CHU"),
        ("Ямало-Ненецкий автономный округ", "Салехард", "RU-YAN"),
    ),
    "BY": (
        ("Брестская область", "Брест", "BY-BR"), ("Витебская область", "Витебск", "BY-VI"),
        ("Гомельская область", "Гомель", "BY-HO"), ("Гродненская область", "Гродно", "BY-HR"),
        ("Минская область", "Борисов", "BY-MI"), ("Могилевская область", "Могилев", "BY-MA"),
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
                for region, town, _ in regions:
                    found = gazetteer.best(town, country)
                    if found is None or fold(found.name) != fold(town):
                        continue  # the name now belongs to another town: better no region than a wrong one
                    division = _division(con, found.geonames_id)
                    if division:
                        names.setdefault(division, region)
    return path, names


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
