"""Russian date forms of the real reports, and the year taken from the report period."""
from datetime import date

import pytest

from ties.ingest.dates import month_of_sentence, parse_range, quarter_period

Q1_2023 = quarter_period("в I квартале 2023 года")
Q2_2020 = quarter_period("во II квартале 2020 года")


def test_periods_from_titles():
    assert (Q1_2023.start, Q1_2023.end) == (date(2023, 1, 1), date(2023, 3, 31))
    assert (Q2_2020.start, Q2_2020.end) == (date(2020, 4, 1), date(2020, 6, 30))
    q3 = quarter_period("исполнительными органами Смоленской области в III квартале 2023 года")
    assert (q3.start, q3.end) == (date(2023, 7, 1), date(2023, 9, 30))
    year = quarter_period("деятельности администрации Нефтеюганского района за 2023 год")
    assert (year.start, year.end) == (date(2023, 1, 1), date(2023, 12, 31))
    assert quarter_period("Отчет о мероприятиях") is None


@pytest.mark.parametrize("text,start,end", [
    ("27 января\n2023 года", date(2023, 1, 27), date(2023, 1, 27)),
    ("3-10 января\n2023 года", date(2023, 1, 3), date(2023, 1, 10)),
    ("14 февраля –\n10 марта\n2023 года", date(2023, 2, 14), date(2023, 3, 10)),
    ("18 декабря 2022 года –  \n18 января\n2023 года", date(2022, 12, 18), date(2023, 1, 18)),
    ("Декабрь \n2022  года – январь \n2023 года", date(2022, 12, 1), date(2023, 1, 31)),
    ("cентябрь-октябрь\n2023 года", date(2023, 9, 1), date(2023, 10, 31)),  # Latin "c"
    ("август \n2023 года", date(2023, 8, 1), date(2023, 8, 31)),
    ("02.02.2023", date(2023, 2, 2), date(2023, 2, 2)),
    ("с 12 по 15 марта 2024 г.", date(2024, 3, 12), date(2024, 3, 15)),
    ("30 ноября – 2 декабря 2022 года", date(2022, 11, 30), date(2022, 12, 2)),
])
def test_written_forms(text, start, end):
    assert parse_range(text, Q1_2023) == (start, end)


def test_missing_year_comes_from_the_period():
    assert parse_range("5 июня", Q2_2020) == (date(2020, 6, 5), date(2020, 6, 5))
    assert parse_range("8-20 апреля", Q2_2020) == (date(2020, 4, 8), date(2020, 4, 20))
    # A December date in a report on the first quarter belongs to the year before.
    assert parse_range("28 декабря", quarter_period("за 2023 год")) == (date(2023, 12, 28), date(2023, 12, 28))


def test_no_date():
    assert parse_range("", Q1_2023) == (None, None)
    assert parse_range("в течение квартала", Q1_2023) == (None, None)


def test_month_of_a_prose_sentence():
    y2021 = quarter_period("за 2021 год")
    assert month_of_sentence("В июле была направлена делегация города Хабаровска", y2021) == (
        date(2021, 7, 1), date(2021, 7, 31))
    assert month_of_sentence("прошедшем в мае 2021 г. в заочной форме", y2021) == (date(2021, 5, 1), date(2021, 5, 31))
    assert month_of_sentence("В течение года были организованы встречи", y2021) == (None, None)
