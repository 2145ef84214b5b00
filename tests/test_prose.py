"""Prose patterns: sentences from the reports and new sentences of the same kinds."""
from datetime import date
from pathlib import Path

import pytest

from ties.ingest.report import read_report


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "news_2022.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_khabarovsk_events_and_ties(sample_reports):
    r = sample_reports["003"]
    assert r.layout == "narrative" and r.reporter == "Хабаровск"
    assert len(r.events) == 26
    mogilev = next(e for e in r.events if "Могилев" in e.title)
    assert (mogilev.start, mogilev.end) == (date(2021, 7, 1), date(2021, 7, 31))
    assert [p.name for p in mogilev.venue] == ["Могилев"]
    kinds = {l.foreign.name: l.kind for l in r.links}
    assert kinds["Портленд"] == kinds["Ниигата"] == kinds["Харбин"] == "sister_city"
    assert kinds["Мусасино"] == kinds["Гюмри"] == kinds["Пусан"] == "friendship_city"
    assert kinds["Пучон"] == "institutional"
    # Plans for 2022 are not events.
    assert not any("164-й годовщине" in e.title for e in r.events)


def test_nefteyugansk_list_items_share_their_partners(sample_reports):
    r = sample_reports["000"]
    assert len(r.events) == 8
    assert all(e.countries == ["KZ"] for e in r.events[:7])
    assert r.events[7].countries == ["AL", "AM", "AZ", "BY", "GE", "KG", "KZ", "MD", "MK", "MN", "TJ", "UZ"]
    (link,) = r.links
    assert (link.ru.name, link.foreign.name, link.kind) == ("Нефтеюганский район", "Щербактинский район",
                                                           "institutional")


NEWS = """Информация о международной деятельности администрации города Пскова за 2022 год

Город Псков поддерживает побратимские связи с городами-побратимами Нёрдлинген (Германия) и Габрово (Республика Болгария).

В марте делегация города Пскова посетила г. Габрово для участия в Международном фестивале юмора и сатиры.

В апреле в режиме видеоконференцсвязи состоялась встреча глав городов Пскова и Нёрдлингена (Германия).

В июне подписано соглашение о сотрудничестве между МБОУ «Гимназия № 1» г. Пскова и ГУО «Средняя школа № 3 г. Витебска» (Республика Беларусь).

В мае в городе прошел городской субботник.

Планируемые мероприятия на 2023 год:
- визит делегации города Габрово (Республика Болгария) на День города.
"""


def test_new_sentences_of_the_same_kinds(tmp_path):
    r = read_report(write(tmp_path, NEWS))
    assert r.reporter == "Псков" and r.period_start == date(2022, 1, 1)
    titles = [e.title for e in r.events]
    assert len(r.events) == 3, titles  # the субботник is not international, the plan is not an event
    gabrovo, meeting, signing = r.events
    assert [p.name for p in gabrovo.venue] == ["Габрово"] and gabrovo.countries == ["BG"]
    assert meeting.online is True and meeting.start == date(2022, 4, 1)
    (agreement,) = signing.agreements
    assert agreement.kind == "соглашение о сотрудничестве"
    assert "ГУО «Средняя школа № 3 г. Витебска»" in agreement.parties
    kinds = {l.foreign.name: l.kind for l in r.links}
    assert kinds["Нёрдлинген"] == "sister_city" and kinds["Габрово"] == "sister_city"
    assert kinds["Витебск"] == "institutional"


def test_friendship_list_statement(tmp_path):
    text = ("Отчет администрации города Читы за 2022 год\n\n"
            "Администрация города Читы развивает отношения сотрудничества со следующими зарубежными городами: "
            "Маньчжурия (КНР), Улан-Батор (Монголия).\n")
    r = read_report(write(tmp_path, text))
    assert {(l.foreign.name, l.foreign.country, l.kind) for l in r.links} == {
        ("Маньчжурия", "CN", "friendship_city"), ("Улан-Батор", "MN", "friendship_city")}


def test_twinning_after_a_copula_and_reporting_year_sentences(tmp_path):
    text = ("Информация о международной деятельности города Астрахани за 2024 год\n\n"
            "Городами-побратимами города Астрахани являются Солигорск (Беларусь) и Фергана (Узбекистан).\n\n"
            "В апреле состоялся телемост между школьниками г. Астрахани и их сверстниками из г. Рима (Италия).\n\n"
            "В отчетном году были организованы товарищеские встречи по мини-футболу между командами "
            "гг. Астрахани, Нанкина (Китай) и Ханоя (Вьетнам).\n")
    r = read_report(write(tmp_path, text))
    kinds = {l.foreign.name: l.kind for l in r.links}
    assert kinds["Солигорск"] == kinds["Фергана"] == "sister_city"
    assert len(r.events) == 2
    assert r.events[0].start == date(2024, 4, 1) and [p.name for p in r.events[0].foreign_places] == ["Рим"]
    assert {p.name for p in r.events[1].foreign_places} == {"Нанкин", "Ханой"}
