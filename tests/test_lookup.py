"""Names as people type them (``ties.lookup``), the same for the Python API and ``ties query``."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import Store

from ties.lookup import NotFound, Resolver, closest_names, query_values, selector


@pytest.fixture(scope="module")
def resolver(built_store: Path) -> Resolver:
    return Resolver(selector(Store.read_only(str(built_store))))


@pytest.mark.parametrize("name, label, how", [
    ("Смоленск", "Смоленск", "name"), ("смоленск", "Смоленск", "name"),
    ("Смоленска", "Смоленск", "case form"), ("Смоленском", "Смоленск", "case form"),
    ("витебске", "Витебск", "case form"), ("Smolensk", "Смоленск", "latin"), ("Vitebsk", "Витебск", "latin"),
    ("Mogilev", "Могилев", "latin"), ("Могилёв", "Могилев", "name"), ("Хиславичский", "Хиславичский район", "part"),
])
def test_places_by_any_form(resolver, name, label, how):
    found = resolver.resolve("place", name)
    assert (found[0].label, found[0].how) == (label, how)


@pytest.mark.parametrize("name", ["BY", "by", "BLR", "Беларусь", "Белоруссии", "Республики Беларусь", "Belarus"])
def test_countries_by_code_russian_or_english_name(resolver, name):
    assert [m.country for m in resolver.resolve("country", name)] == ["BY"]


def test_institutions_by_part_of_the_name(resolver):
    assert [m.label for m in resolver.resolve("institution", "сш № 8")] == \
        ["МБОУ «СШ № 8 с углубленным изучением иностранных языков»"]


def test_nothing_found_names_the_closest(resolver):
    with pytest.raises(NotFound) as caught:
        resolver.resolve("place", "Смаленск")
    assert caught.value.closest[0] == "Смоленск" and "closest: Смоленск" in str(caught.value)
    with pytest.raises(NotFound, match="no country named 'Narnia'"):
        resolver.resolve("country", "Narnia")
    assert closest_names("Vitebsk", ["Витебск", "Минск", "Гомель"])[0] == "Витебск"  # Latin against romanised


def test_query_values_put_names_as_stored(resolver):
    assert query_values(resolver, {"place": "Смоленска", "other": "Vitebsk", "country": "Belarus", "year": "2023"}) \
        == {"place": "Смоленск", "other": "Витебск", "country": "BY", "year": "2023"}
    assert resolver.is_stored_name("place", "СМОЛЕНСК") and not resolver.is_stored_name("place", "Смоленска")


def ties_cli(store: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(store), *args],
                          capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("place", ["Смоленск", "Смоленска", "Smolensk"])
def test_cli_partners_of_smolensk_in_any_form(built_store, place):
    result = ties_cli(built_store, "query", "partners", "--param", f"place={place}", "--format", "csv")
    assert result.returncode == 0 and "Витебск,BY" in result.stdout


@pytest.mark.parametrize("country", ["Belarus", "BY", "Беларуси"])
def test_cli_country_by_name_or_code(built_store, country):
    result = ties_cli(built_store, "query", "places", "--param", f"country={country}", "--format", "csv")
    assert result.returncode == 0 and "Витебск" in result.stdout and "Смоленск" not in result.stdout


def test_cli_unknown_name_is_one_line_with_the_closest_and_exit_1(built_store):
    result = ties_cli(built_store, "query", "partners", "--param", "place=Смаленск")
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.strip().splitlines() == ["error: no place named 'Смаленск' in the store; closest: Смоленск, Минск"]


def test_a_part_of_several_names_asks_for_the_whole_name(resolver, built_store):
    assert len({m.label for m in resolver.resolve("place", "район")}) > 5  # the API lists them all
    result = ties_cli(built_store, "query", "partners", "--param", "place=район")
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 1 and len(lines) == 1
    assert lines[0].startswith("error: place 'район' is part of several names: ") and "give the whole name" in lines[0]
    assert ties_cli(built_store, "query", "partners", "--param", "place=Хиславичский").returncode == 0
