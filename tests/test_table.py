"""Table reports end to end through ``read_report``: rows, headings, actors and fields read by hand."""
from datetime import date


def event(report, n):
    return next(e for e in report.events if e.n == n)


def test_every_numbered_row_is_one_event(sample_reports):
    assert [len(sample_reports[k].events) for k in ("001", "002", "004")] == [34, 23, 6]
    assert [e.n for e in sample_reports["001"].events] == list(range(1, 35))
    assert all(r.layout == "table" for k, r in sample_reports.items() if k in ("001", "002", "004"))


def test_report_period_and_reporter(sample_reports):
    r = sample_reports["001"]
    assert (r.period_start, r.period_end) == (date(2023, 1, 1), date(2023, 3, 31))
    assert r.reporter == "Смоленская область"
    assert sample_reports["004"].period_end == date(2020, 6, 30)


def test_school_row_of_smolensk_and_vitebsk(sample_reports):
    e = event(sample_reports["001"], 6)
    assert e.section == "Город Смоленск" and e.actor == "Смоленск"
    assert (e.start, e.end) == (date(2023, 1, 16), date(2023, 1, 26))
    assert e.online is True
    assert [p.name for p in e.venue] == ["Смоленск", "Витебск"]
    assert [(p.name, p.country) for p in e.foreign_places] == [("Витебск", "BY")]
    orgs = {o.name: (o.place, o.country) for o in e.organizations}
    assert orgs["ГУО «Гимназия № 7 г. Витебска им. П.Е. Кондратенко»"] == ("Витебск", "BY")
    assert orgs["МБОУ «СШ № 8 с углубленным изучением иностранных языков»"] == ("Смоленск", "RU")
    assert e.sphere == "education"
    assert "МБОУ «СШ № 8" in e.source_text and e.source_line


def test_agreement_with_parties_and_date(sample_reports):
    (agreement,) = event(sample_reports["001"], 9).agreements
    assert agreement.kind == "соглашение о сотрудничестве"
    assert agreement.date == date(2023, 1, 27)
    assert agreement.parties[0] == "МБУДО «Детская школа искусств № 8 им. Д.С. Русишвили»"
    # A decision to sign is no signature.
    assert event(sample_reports["002"], 4).agreements == []


def test_actors_under_headings(sample_reports):
    r1, r2 = sample_reports["001"], sample_reports["002"]
    assert event(r1, 22).actor == "Вяземский район"
    assert event(r1, 23).actor == "Десногорск"
    assert event(r2, 1).actor.startswith("Представительство Администрации Смоленской области")
    assert event(r2, 5).actor == "Администрация Смоленской области"
    assert event(r2, 13).actor == "СОГБУ «Кардымовский КЦСОН»"


def test_countries_and_head_counts(sample_reports):
    r2 = sample_reports["002"]
    assert event(r2, 2).countries == ["AE", "BY", "CN", "DE", "HK", "HU", "ID", "IN", "IR", "IT", "KR", "KZ",
                                      "MX", "PL", "SG", "TH", "TR", "TW", "UZ"]
    assert event(r2, 6).participants == 12000
    assert event(r2, 9).participants == 60
    assert event(r2, 16).participants is None  # "(в количестве 2-х человек)" is not a total
    assert event(sample_reports["001"], 21).countries[:2] == ["AB", "BE"]


def test_links_of_the_document(sample_reports):
    links = {(l.ru.name, l.foreign.name): l for l in sample_reports["001"].links}
    vitebsk = links[("Смоленск", "Витебск")]
    assert vitebsk.kind == "institutional" and vitebsk.events == (6, 9, 14)
    assert links[("Хиславичский район", "Мстиславль")].kind == "event"
    assert links[("Смоленск", "Каир")].foreign.country == "EG"
    r2 = {(l.ru.name, l.foreign.name): l for l in sample_reports["002"].links}
    assert r2[("Кардымово", "Витебский район")].kind == "institutional"
