"""What one activity's text yields, NER fallback included."""
from ties.ingest.events import scan


def test_unmarked_towns_through_ner_and_the_gazetteer():
    found = scan("Делегация посетила Минск и Пекин, где прошли переговоры о сотрудничестве.")
    assert {(p.place.name, p.place.country) for p in found.places} >= {("Минск", "BY"), ("Пекин", "CN")}


def test_ner_locations_that_are_no_towns_are_ignored():
    found = scan("Региональное совещание стран Азии и Тихого океана, регионы Сибири и Дальнего Востока.")
    assert [p.place.name for p in found.places] == []


def test_institutions_from_quotes_heads_and_ner():
    found = scan("Представители Администрации города Смоленска, ОАО «Минский автомобильный завод» («МАЗ»), "
                 "Россотрудничества и Министерства культуры Российской Федерации")
    names = [o.org.name for o in found.orgs]
    assert names == ["Администрация города Смоленска", "ОАО «Минский автомобильный завод»",
                     "Россотрудничество", "Министерство культуры Российской Федерации"]
    maz = found.orgs[1].org
    assert (maz.place, maz.country) == ("Минск", "BY")
