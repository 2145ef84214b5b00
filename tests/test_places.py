"""Places in nominative with their countries, whatever case or marker the report used."""
from ties.ingest.places import find_places


def names(text):
    return [(m.place.name, m.place.country) for m in find_places(text)]


def test_case_forms_give_one_name():
    assert names("г. Витебска") == [("Витебск", "BY")]
    assert names("в г. Витебске") == [("Витебск", "BY")]
    assert names("г. Нижнего Новгорода") == [("Нижний Новгород", "RU")]
    assert names("жители г. Тюля (Французская Республика)") == [("Тюль", "FR")]


def test_country_from_context():
    assert names("Реконструкторы из Республики Беларусь (г. Витебск, г. Жодино, г. Могилев)") == [
        ("Витебск", "BY"), ("Жодино", "BY"), ("Могилев", "BY")]
    assert names("г. Горки,\nМогилевская область\n(Республика Беларусь)") == [("Горки", "BY")]
    assert names("агрогородок Александрия, Шкловский район, Могилевская область,\nРеспублика Беларусь") == [
        ("Александрия", "BY"), ("Шкловский район", "BY")]


def test_districts_keep_their_word():
    assert names("социально-экономическому развитию Горецкого района Могилевской области (Республика Беларусь)") == [
        ("Горецкий район", "BY")]


def test_russian_places_stay_russian():
    assert names("г. Смоленск, г. Витебск (Республика Беларусь)") == [("Смоленск", "RU"), ("Витебск", "BY")]
    assert names("пос. Кардымово,\nСмоленская область") == [("Кардымово", "RU")]


def test_bare_names_before_their_country():
    got = names("со следующими зарубежными городами: Мусасино (Япония), Пусан, Иксан (Республика Корея)")
    assert got == [("Мусасино", "JP"), ("Пусан", "KR"), ("Иксан", "KR")]
    # A Russian city in the same list is not moved abroad.
    assert names("между городами-побратимами Хабаровск и Портленд (США)") == [("Хабаровск", "RU"), ("Портленд", "US")]


def test_a_town_after_its_country_and_a_comma():
    """A place column as other offices write it: "Страна, город", no "г."."""
    assert names("Беларусь, Витебск") == [("Витебск", "BY")]
    assert names("КНР, Харбин") == [("Харбин", "CN")]
    # Only a town the gazetteer knows in that country: a region, or another country, is none.
    assert names("Республика Беларусь, Минская область") == []
    assert names("Беларусь, Россия") == []
    assert names("Китай, Монголия и Вьетнам") == []


def test_a_country_after_a_town_word_is_not_a_town():
    assert names("по дружественным связям с городами Японии") == []


def test_unknown_places_are_kept_with_their_country():
    assert names("в городе Шанью (КНР)") == [("Шанью", "CN")]


def test_a_country_that_opens_another_list_is_not_this_towns():
    assert names("из г. Москвы, г. Воронежа, Республики Беларусь (г. Брест)") == [
        ("Москва", "RU"), ("Воронеж", "RU"), ("Брест", "BY")]


def test_the_more_populous_reading_of_a_case_form():
    assert names("делегация г. Орши") == [("Орша", "BY")]
