"""Institution identity: pairs of mentions from the sample reports and the real texts that must be
one node, and pairs that must not, with the merge precision and recall printed.

Each mention is (name as written, town, country) as the extractor gives it; two mentions are one
node when ``graph.iris.org_iri`` of their identity key, country and town agree (what the writer does).
"""
from __future__ import annotations

from ties.graph import iris
from ties.ingest.identity import org_key

Mention = tuple[str, str | None, str]

SAME: list[tuple[Mention, Mention]] = [
    # 001: one Smolensk school, one Vitebsk gymnasium, one art school each, long and short
    (("МБОУ «СШ № 8 с углубленным изучением иностранных языков»", "Смоленск", "RU"), ("МБОУ «СШ № 8»", "Смоленск", "RU")),
    (("ГУО «Гимназия № 7 г. Витебска им. П.Е. Кондратенко»", "Витебск", "BY"), ("Гимназия № 7", "Витебск", "BY")),
    (("МБУДО «Детская школа искусств № 8 им. Д.С. Русишвили»", "Смоленск", "RU"), ("МБУДО «ДШИ № 8»", "Смоленск", "RU")),
    (("ГУО «Детская школа искусств № 3 «Маладик»»", "Витебск", "BY"), ("ГУО «ДШИ № 3»", "Витебск", "BY")),
    (("Администрация г. Смоленска", "Смоленск", "RU"), ("Администрация города Смоленска", "Смоленск", "RU")),
    (("ГУО «Средняя школа № 12 г. Витебска имени Л.Н. Филипенко»", "Витебск", "BY"), ("ГУО «СШ № 12»", "Витебск", "BY")),
    # real texts: schools and libraries named by number, in full and short
    (("Псковская средняя общеобразовательная школа №12", "Псков", "RU"), ("Псковская школа №12", "Псков", "RU")),
    (("средняя школа № 3", "Саката", "JP"), ("школа № 3", "Саката", "JP")),
    (("Башкирская гимназия № 158 им. М.Карима", "Уфа", "RU"), ("гимназия № 158", "Уфа", "RU")),
    (("детский сад № 41", "Иркутск", "RU"), ("Детский сад №41", "Иркутск", "RU")),
    (("БУ «Межпоселенческая библиотека»", "Нефтеюганский район", "RU"), ("«Межпоселенческая библиотека»", "Нефтеюганский район", "RU")),
    (("гимназия № 2 с дифференцированным обучением", "Владивосток", "RU"), ("гимназия №2", "Владивосток", "RU")),
    (("МБОУ «СОШ № 43»", "Хабаровск", "RU"), ("МБОУ СОШ № 43", "Хабаровск", "RU")),
]

DIFFERENT: list[tuple[Mention, Mention]] = [
    (("МБОУ «СОШ № 1»", "Вязьма", "RU"), ("МБОУ «СОШ № 1»", "Гагарин", "RU")),  # every town has its № 1
    (("МБОУ «Гимназия № 4»", "Смоленск", "RU"), ("МБОУ «СШ № 4»", "Смоленск", "RU")),
    (("МБУДО «ДШИ № 8»", "Смоленск", "RU"), ("МБОУ «СШ № 8»", "Смоленск", "RU")),
    (("Гимназия № 7", "Витебск", "BY"), ("ГУО «Гимназия № 7 г. Гродно»", "Гродно", "BY")),
    (("Администрация Смоленской области", "Смоленск", "RU"), ("Администрация города Смоленска", "Смоленск", "RU")),
    (("Культурно-досуговый центр", "Вязьма", "RU"), ("Культурно-досуговый центр", "Гагарин", "RU")),
    (("ОАО «Минский автомобильный завод»", "Минск", "BY"), ("ОАО «Минский тракторный завод»", "Минск", "BY")),
    (("ГУ «Национальный исторический музей Республики Беларусь»", "Минск", "BY"),
     ("ГУ «Национальный художественный музей Республики Беларусь»", "Минск", "BY")),
    (("детский сад № 41", "Иркутск", "RU"), ("Центр образования № 47", "Иркутск", "RU")),
    (("Администрация города Смоленска", "Смоленск", "RU"), ("Администрация города Вязьмы", None, "RU")),
    (("Администрация города Вязьмы", None, "RU"), ("Администрация города Гагарина", None, "RU")),
    (("ДМШ № 1", "Хабаровск", "RU"), ("ДХШ № 1", "Хабаровск", "RU")),
    (("Лицей № 1", "Пермь", "RU"), ("Гимназия № 1", "Пермь", "RU")),
]


def node(m: Mention):
    name, town, country = m
    return iris.org_iri(org_key(name, placed=bool(town)), country, town)


def test_merge_precision_and_recall():
    merged_same = sum(node(a) == node(b) for a, b in SAME)
    merged_different = sum(node(a) == node(b) for a, b in DIFFERENT)
    precision = merged_same / (merged_same + merged_different) if merged_same + merged_different else 1.0
    recall = merged_same / len(SAME)
    print(f"\nidentity: {len(SAME)} same pairs, {len(DIFFERENT)} different pairs; "
          f"merge precision {precision:.3f}, recall {recall:.3f}")
    wrong = [(a[0], b[0]) for a, b in SAME if node(a) != node(b)] + \
            [(a[0], b[0]) for a, b in DIFFERENT if node(a) == node(b)]
    assert precision >= 0.98 and recall >= 0.95, wrong
