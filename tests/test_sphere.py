"""The sphere classifier (``ingest/sphere.py``): snippet table of titles as reports write them.

Each row is a title (with the row's goal text where the title alone is silent) and the sphere a
reader gives it; the rows exercise one rule each: the head noun over the dedication, the head of a
hyphenated compound, cue words in the lemmatiser's own forms.
"""
from __future__ import annotations

import pytest

from ties.ingest.morph import lemma
from ties.ingest.sphere import CUES, classify

SNIPPETS = [
    # a dedication names the occasion, the head noun the activity
    ("Международные общественно-научные чтения, посвященные памяти С.П. Королёва", "", "science"),
    ("Турнир по хоккею среди юношеских команд памяти героя", "", "sport"),
    ("Торжественные мероприятия, посвящённые 80-летию Сталинградской битвы", "", "memory"),
    ("Концерт в честь Дня Победы", "", "culture"),
    # the head of a hyphenated compound
    ("Перекрёстные онлайн-выставки фотографий", "", "culture"),
    ("Бизнес-миссия в Казахстан", "", "economy"),
    # cues that fire through the lemmatiser's forms (учащихся → учиться)
    ("Участие в международном конкурсе вокалистов", "", "culture"),
    ("Встреча делегаций", "Обмен опытом обучения учащихся, повышение качества образования", "education"),
    ("Японо-российский семинар по сотрудничеству в Арктике", "участие университетов города", "science"),
    ("Открытие памятника", "", "memory"),
    ("Рабочая встреча", "", "other"),
]


@pytest.mark.parametrize(("title", "body", "sphere"), SNIPPETS, ids=[s[0][:40] for s in SNIPPETS])
def test_sphere_of_a_title(title: str, body: str, sphere: str) -> None:
    assert classify(title, None, body) == sphere


def test_every_cue_is_its_own_lemma() -> None:
    """Text is compared by lemma, so a cue that is not a lemma (учащийся → учиться) never fires."""
    never = {(sphere, word) for sphere, words in CUES.items() for word in words if lemma(word) != word}
    assert not never
