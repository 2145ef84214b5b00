"""Change over time by what the reports cover: a tie is lost only where a report of its reporter covers the
period and no longer shows it; elsewhere it is not reported. Built from real reports: the sample store, and
report 001 filed again for the next quarter with the rows of one tie removed."""
from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from conftest import sample
from ties.graph import change as ch
from ties.graph import projections as proj

ROW_NUMBER = re.compile(r"^\t(\d+)\.(?=\s|$)")


def ties(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ties.cli", "-q", *args], check=False, capture_output=True,
                          text=True, timeout=600)


def _labels(graph, pair) -> tuple[str, str]:
    return tuple(sorted(graph.nodes[n]["label"] for n in pair))


# --------------------------------------------------------------------------- the sample store

@pytest.fixture(scope="module")
def report_dir(built_store, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("metrics") / "m"
    result = ties("--store", str(built_store), "metrics", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def _csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def test_no_tie_is_lost_where_its_reporter_filed_no_report(built_store, report_dir):
    reports = json.loads(ties("--store", str(built_store), "query", "reports", "--format", "json").stdout)

    def filed(reporter: str, period: str) -> bool:
        """A report of the reporter (the region or town the query names) spans the whole period."""
        first, last = proj.parse_bound(period), proj.parse_bound(period, end=True)
        return any(reporter.split(" (")[0] == r["reporter"] and date.fromisoformat(r["from"]) <= first
                   and last <= date.fromisoformat(r["to"]) for r in reports)

    changes = _csv(report_dir / "tables" / "tie_changes.csv") + \
        _csv(report_dir / "tables" / "tie_changes_by_quarter.csv")
    ended = [r for r in changes if r["change"] in ("lost", "not_reported")]
    assert all(filed(who, r["to"]) for r in ended if r["change"] == "lost" for who in r["reporters"].split("; "))
    unfiled = [r for r in ended if not any(filed(who, r["to"]) for who in r["reporters"].split("; "))]
    assert unfiled and {r["change"] for r in unfiled} == {"not_reported"}
    # Khabarovsk filed for 2021 only: its ties are not reported in 2022, never lost
    khabarovsk = [r for r in changes if r["place_a"] == "Хабаровск" and r["to"] in ("2022", "2022-Q1")]
    assert khabarovsk and {r["change"] for r in khabarovsk} == {"not_reported"}
    assert any(r["place_b"] == "Харбин" for r in khabarovsk)
    yearly = {r["period"]: r for r in _csv(report_dir / "tables" / "ties_by_year.csv")}
    assert yearly["2022"]["lost"] == "0" and int(yearly["2022"]["not_reported"]) == len(
        [r for r in khabarovsk if r["to"] == "2022"])
    quarterly = {r["period"]: r for r in _csv(report_dir / "tables" / "ties_by_quarter.csv")}
    # no report of Smolensk's municipalities for 2023-Q2: their first-quarter ties are not reported there
    assert quarterly["2023-Q2"]["lost"] == "0" and int(quarterly["2023-Q2"]["not_reported"]) > 0
    assert "Смоленская область (municipal)" in quarterly["2023-Q1"]["covered_by"]
    assert "Смоленская область" not in quarterly["2023-Q2"]["covered_by"]
    # the region's executive bodies report 2023-Q3: not the municipalities, whose ties they cannot lose
    assert quarterly["2023-Q3"]["covered_by"].endswith("Смоленская область (regional)")
    assert quarterly["2023-Q3"]["lost"] == "0"


def test_the_report_shows_who_covered_what(report_dir):
    coverage = _csv(report_dir / "tables" / "coverage.csv")
    assert {(r["reporter"], r["period"]) for r in coverage} >= {
        ("Хабаровск", "2021"), ("Смоленская область (municipal)", "2023-Q1"),
        ("Смоленская область (regional)", "2023-Q3")}
    assert (report_dir / "plots" / "coverage.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    html = (report_dir / "report.html").read_text(encoding="utf-8")
    assert 'src="plots/coverage.png"' in html and "not_reported" in html


# --------------------------------------------------------------------------- one reporter, two reports

def _rows(text: str) -> list[tuple[int, int]]:
    """(first line, end line) of each numbered row of a text-exported table: its number line to the blank line."""
    lines = text.split("\n")
    spans = []
    for i, line in enumerate(lines):
        if ROW_NUMBER.match(line):
            end = next((j for j in range(i + 1, len(lines)) if not lines[j].strip()), len(lines))
            spans.append((i, end))
    return spans


def next_quarter_without(source: Path, drop: set[int], target: Path) -> Path:
    """The report filed again for the second quarter, the rows numbered ``drop`` removed and the rest renumbered."""
    text = source.read_text(encoding="utf-8")
    lines = text.split("\n")
    removed = {k for n, (i, end) in enumerate(_rows(text), 1) if n in drop for k in range(i, end + 1)}
    kept, number = [], 0
    for k, line in enumerate(lines):
        if k in removed:
            continue
        if ROW_NUMBER.match(line):
            number += 1
            line = ROW_NUMBER.sub(f"\t{number}.", line)
        kept.append(line)
    again = "\n".join(kept)
    assert "в I квартале 2023 года" in again
    target.write_text(again.replace("в I квартале 2023 года", "во II квартале 2023 года", 1), encoding="utf-8")
    return target


def _build(paths: list[Path], store: Path) -> proj.StoreData:
    from ties.pipeline import ingest_paths
    result = ingest_paths([str(p) for p in paths], store, quiet=True)
    assert result.failures == 0
    return proj.load(store, require_reports=True)


@pytest.fixture(scope="module")
def quarter_one(tmp_path_factory) -> tuple[Path, proj.StoreData]:
    folder = tmp_path_factory.mktemp("q1")
    return folder, _build([sample("001")], folder / "store")


@pytest.fixture(scope="module")
def dropped(quarter_one) -> tuple[tuple[str, str], set[int]]:
    """A tie of report 001 cited by one row only, and that row."""
    _, data = quarter_one
    places = proj.place_network(data)
    single = sorted((_labels(places, (u, v)), {e["row"] for e in ev})
                    for u, v, ev in places.edges(data="evidence") if len({e["row"] for e in ev}) == 1)
    assert single
    return single[0]


def test_a_tie_the_next_report_of_its_reporter_no_longer_shows_is_lost(quarter_one, dropped, tmp_path):
    pair, rows = dropped
    second = next_quarter_without(sample("001"), rows, tmp_path / "001_again_q2.txt")
    data = _build([sample("001"), second], tmp_path / "store")
    assert {(r["reporter"], r["start"], r["end"]) for r in data.reports.values()} == {
        ("Смоленская область", date(2023, 1, 1), date(2023, 3, 31)),
        ("Смоленская область", date(2023, 4, 1), date(2023, 6, 30))}
    assert {r["level"] for r in data.reports.values()} == {"municipal"}
    places = proj.place_network(data)
    in_second = {_labels(places, (u, v)) for u, v, st in places.edges(data="statements")
                 if any(s.report == "001_again_q2" for s in st)}
    assert pair not in in_second and len(in_second) >= 5  # the row is gone, the other ties stay

    changes = [r for r in ch.change_table(places, "quarter") if r["to"] == "2023-Q2"]
    lost = {tuple(sorted((r["place_a"], r["place_b"]))): r for r in changes if r["change"] == "lost"}
    assert set(lost) == {pair}
    assert (lost[pair]["from"], lost[pair]["reporters"]) == ("2023-Q1", "Смоленская область (municipal)")
    assert not [r for r in changes if r["change"] == "not_reported"]
    q2 = next(r for r in ch.ties_over_time(places, "quarter") if r["period"] == "2023-Q2")
    assert (q2["lost"], q2["not_reported"], q2["covered_by"]) == (1, 0, "Смоленская область (municipal)")
    two = ch.compare_periods(places, proj.Cut.period("2023-Q1"), proj.Cut.period("2023-Q2"))
    assert [_labels(places, p) for p in two.lost] == [pair]
    assert {_labels(places, p) for p in two.kept} == in_second


def test_without_the_next_report_the_tie_is_not_reported(quarter_one, dropped, tmp_path):
    pair, _ = dropped
    # another reporter's annual report spans the second quarter: it says nothing of Smolensk's ties
    data = _build([sample("001"), sample("000")], tmp_path / "store")
    places = proj.place_network(data)
    changes = [r for r in ch.change_table(places, "quarter") if r["to"] == "2023-Q2"]
    assert not [r for r in changes if r["change"] == "lost"]
    unknown = {tuple(sorted((r["place_a"], r["place_b"]))) for r in changes if r["change"] == "not_reported"}
    assert pair in unknown
    q2 = next(r for r in ch.ties_over_time(places, "quarter") if r["period"] == "2023-Q2")
    assert q2["lost"] == 0 and q2["not_reported"] == len(unknown) and q2["covered_by"] == "Нефтеюганский район"
    two = ch.compare_periods(places, proj.Cut.period("2023-Q1"), proj.Cut.period("2023-Q2"))
    assert not two.lost and pair in {_labels(places, p) for p in two.not_reported}


# --------------------------------------------------------------------------- the rules on their own

def test_coverage_joins_reports_and_needs_the_whole_period():
    reports = {"a": {"reporter": "X", "start": date(2023, 1, 1), "end": date(2023, 3, 31)},
               "b": {"reporter": "X", "start": date(2023, 4, 1), "end": date(2023, 6, 30)},
               "c": {"reporter": "X", "start": date(2023, 10, 1), "end": date(2023, 12, 31)},
               "d": {"reporter": None, "start": date(2023, 1, 1), "end": date(2023, 12, 31)}}
    cov = ch.Coverage.of(reports)
    assert cov.covers("X", ch.Period.of("2023-Q2")) and cov.covers("X", ch.Period("H1", date(2023, 1, 1),
                                                                                 date(2023, 6, 30)))
    assert not cov.covers("X", ch.Period.of("2023")) and cov.touches("X", ch.Period.of("2023"))
    assert cov.reporter("d") == "d" and cov.covering(ch.Period.of("2023")) == ["d"]  # no reporter: its own
    assert cov.partly(ch.Period.of("2023")) == ["X"]


def test_whose_activity_a_report_lists_comes_from_its_title(sample_reports):
    """A region files one report on its municipalities and another on its own executive bodies."""
    from ties.ingest.reporter import find_level
    assert {k: r.reporting_level for k, r in sample_reports.items()} == {
        "000": None, "001": "municipal", "002": "regional", "003": None, "004": "municipal"}
    assert find_level("Отчёт о международной деятельности муниципальных образований Тверской области") == "municipal"
    assert find_level("Информация органов исполнительной власти Курской области за 2022 год") == "regional"
    assert find_level("Отчёт органов государственной власти и органов местного самоуправления края") is None
