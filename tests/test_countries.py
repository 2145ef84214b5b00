"""Countries in any case and form, as ISO codes (plus AB and OS of the Russian classifier)."""
import pytest

from ties.ingest.countries import country_codes


@pytest.mark.parametrize("text,codes", [
    ("участники из Российской Федерации, Республики Беларусь, Республики Казахстан", ["BY", "KZ"]),
    ("г. Каир, Арабская Республика Египет", ["EG"]),
    ("Киргизской Республики, Монголии, Федеративной Республики Германия, Палестины", ["DE", "KG", "MN", "PS"]),
    ("из Гонконга, Тайваня, Южной Кореи, ОАЭ и КНР", ["AE", "CN", "HK", "KR", "TW"]),
    ("соотечественники из Республики Абхазия и Южной Осетии", ["AB", "OS"]),
    ("ФРГ, США, Великобритании", ["DE", "GB", "US"]),
    ("Латвийской Республики и Эстонской Республики", ["EE", "LV"]),
    ("Российско-белорусской деловой встрече", ["BY"]),
    ("с КНДР и Белоруссией", ["BY", "KP"]),
])
def test_names_in_any_case(text, codes):
    assert country_codes(text) == codes


def test_russia_is_left_out_unless_asked():
    assert country_codes("из России и Российской Федерации") == []
    assert country_codes("из России", foreign_only=False) == ["RU"]


def test_words_that_only_look_like_countries():
    assert country_codes("Мир и дружба, того же дня") == []
