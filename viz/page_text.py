"""The words of a network page in one language (``ties viz --lang ru|en``).

A page says everything in its language: interface, legend, tie kinds, spheres
(their ``skos:prefLabel`` in the ontology), countries (pycountry's names and
translations). Names of places and organizations stay as the reports give them,
except that an English page names a place by its GeoNames English name when the
gazetteer knows it.
"""
from __future__ import annotations

from functools import lru_cache

from ties.graph import projections as proj

LANGS = ("ru", "en")

KIND_NAMES: dict[str, dict[str, str]] = {
    "ru": {"sister_city": "побратимы", "friendship_city": "дружественные города", "agreement": "соглашение",
           "institutional": "связь учреждений", "event": "общее мероприятие"},
    "en": {"sister_city": "sister cities", "friendship_city": "friendship cities", "agreement": "agreement",
           "institutional": "institutional tie", "event": "shared event"},
}

STRINGS: dict[str, dict[str, str]] = {
    "ru": {
        "place": "Сеть населённых пунктов", "institution": "Сеть учреждений", "ego": "{focus}: партнёры и их партнёры",
        "all_periods": "все периоды", "period": "период", "sphere": "сфера", "country": "страна",
        "around": "окрестность «{focus}», радиус {radius}",
        "counts": "узлов: {nodes}, связей: {edges}", "size_note": "размер узла — число партнёров",
        "search": "Поиск", "search_hint": "название в любой форме или латиницей",
        "no_match": "не найдено", "hidden_match": "был скрыт фильтрами — фильтры сброшены",
        "countries": "Страны", "kinds": "Виды связей", "spheres": "Сфера", "all_spheres": "все сферы",
        "period_from": "с", "period_to": "по", "year": "Год", "all_years": "все годы",
        "play": "▶ по годам", "pause": "❚❚ пауза", "reset": "сбросить фильтры",
        "shown": "показано узлов: {nodes}, связей: {edges}",
        "click_hint": "Щёлкните узел или связь — мероприятия и цитаты из отчётов.",
        "close": "закрыть", "events": "Мероприятия", "partners": "Партнёры", "no_events": "нет мероприятий",
        "stated": "заявлено в отчёте без мероприятий", "report": "отчёт", "row": "строка", "paragraph": "абзац",
        "undated": "без даты", "located": "находится в", "resource": "страница ресурса",
        "partners_count": "партнёров: {n}", "events_count": "мероприятий: {n}", "more": "… и ещё {n}",
        "other_countries": "другие страны", "unknown_country": "страна не указана", "lang": "ru",
        "index": "ties: страницы сетей", "only": "только", "nothing": "в этом срезе связей нет",
    },
    "en": {
        "place": "Network of places", "institution": "Network of institutions", "ego": "{focus}: partners and theirs",
        "all_periods": "all periods", "period": "period", "sphere": "sphere", "country": "country",
        "around": "around “{focus}”, radius {radius}",
        "counts": "nodes: {nodes}, ties: {edges}", "size_note": "node size: number of partners",
        "search": "Search", "search_hint": "any form of a name, Cyrillic or Latin",
        "no_match": "not found", "hidden_match": "was hidden by the filters — filters reset",
        "countries": "Countries", "kinds": "Kinds of tie", "spheres": "Sphere", "all_spheres": "all spheres",
        "period_from": "from", "period_to": "to", "year": "Year", "all_years": "all years",
        "play": "▶ play years", "pause": "❚❚ pause", "reset": "reset filters",
        "shown": "shown: {nodes} nodes, {edges} ties",
        "click_hint": "Click a node or a tie for its events and the quoted report rows.",
        "close": "close", "events": "Events", "partners": "Partners", "no_events": "no events",
        "stated": "stated in the report without events", "report": "report", "row": "row", "paragraph": "paragraph",
        "undated": "undated", "located": "located in", "resource": "resource page",
        "partners_count": "partners: {n}", "events_count": "events: {n}", "more": "… and {n} more",
        "other_countries": "other countries", "unknown_country": "country unknown", "lang": "en",
        "index": "ties: network pages", "only": "only", "nothing": "no ties in this cut",
    },
}


def strings(lang: str) -> dict[str, str]:
    if lang not in STRINGS:
        raise ValueError(f"unknown page language {lang!r}; expected one of {', '.join(LANGS)}")
    return STRINGS[lang]


def country_name(code: str | None, lang: str) -> str:
    """The country's short name in ``lang``; the code itself when no name is known."""
    if not code:
        return STRINGS[lang]["unknown_country"]
    if lang == "ru":
        return proj.country_label(code)
    return _english_countries().get(code, code)


@lru_cache(maxsize=1)
def _english_countries() -> dict[str, str]:
    import pycountry
    names = {c.alpha_2: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    names.update({"AB": "Abkhazia", "OS": "South Ossetia"})
    return names


def sphere_names(lang: str) -> dict[str, str]:
    """Sphere local name → its ``skos:prefLabel`` in ``lang``, read from the ontology."""
    from ties.ingest.records import SPHERES
    labels = dict(_sphere_labels()).get(lang, {})
    return {sphere: labels[sphere] for sphere in SPHERES if sphere in labels}  # in the project's order


@lru_cache(maxsize=1)
def _sphere_labels() -> tuple[tuple[str, dict[str, str]], ...]:
    from pyoxigraph import RdfFormat, Store

    from ties.ontology import NAMESPACE, ONTOLOGY_PATH

    store = Store()
    store.load(path=str(ONTOLOGY_PATH), format=RdfFormat.TURTLE)
    labels: dict[str, dict[str, str]] = {lang: {} for lang in LANGS}
    for row in store.query(f"""PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
        SELECT ?s ?label WHERE {{ ?s a <{NAMESPACE}Sphere> ; skos:prefLabel ?label }}"""):
        lang = row["label"].language
        if lang in labels:
            labels[lang][row["s"].value.rsplit("#", 1)[-1]] = row["label"].value
    return tuple(labels.items())
