"""The offline GeoNames gazetteer: built once per test session into a temp dir."""
from __future__ import annotations

import dataclasses
import shutil
import sqlite3
import time
from pathlib import Path

import pytest

from ties.ingest import gazetteer as gz
from ties.ingest.gazetteer import GazPlace, Gazetteer, build_index, default_path, fold


@pytest.fixture(scope="session")
def index_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    dest = tmp_path_factory.mktemp("gazetteer") / gz.INDEX_FILENAME
    t0 = time.perf_counter()
    out = build_index(dest)
    took = time.perf_counter() - t0
    print(f"\ngazetteer build: {took:.1f} s, {out.stat().st_size / 1e6:.1f} MB")
    return out


@pytest.fixture(scope="session")
def gaz(index_path: Path) -> Gazetteer:
    g = Gazetteer.open(index_path)
    yield g
    g.close()


# ------------------------------------------------------------------ folding

def test_fold_normalises_case_yo_and_dashes():
    assert fold("Могилёв") == fold("МОГИЛЕВ") == "могилев"
    assert fold("Алма-Ата") == fold("алма – ата") == fold(" Алма  Ата ") == "алма ата"
    assert fold("«Минск»") == "минск"
    assert fold("   ") == ""


# ------------------------------------------------------------------ the index

def test_index_contents(index_path: Path):
    con = sqlite3.connect(index_path)
    try:
        places = con.execute("SELECT count(*) FROM places").fetchone()[0]
        names = con.execute("SELECT count(*) FROM names").fetchone()[0]
        meta = dict(con.execute("SELECT key, value FROM meta"))
    finally:
        con.close()
    print(f"\ngazetteer: {places} places, {names} names")
    assert places > 100_000 and names > places
    assert meta["source"] == "cities1000"
    assert meta["schema"] == gz.SCHEMA_VERSION
    assert "GeoNames" in meta["attribution"] and "CC BY 4.0" in meta["attribution"]
    assert int(meta["places"]) == places and int(meta["names"]) == names


def test_index_is_opened_read_only(gaz: Gazetteer):
    with pytest.raises(sqlite3.OperationalError):
        gaz._con.execute("DELETE FROM names")


# ------------------------------------------------------------------ lookups

def _near(p: GazPlace, lat: float, lon: float, tol: float = 0.1) -> bool:
    return abs(p.lat - lat) < tol and abs(p.lon - lon) < tol


def test_vitebsk(gaz: Gazetteer):
    p = gaz.best("Витебск")
    assert p is not None
    assert p.country == "BY"
    assert p.name == "Витебск"
    assert _near(p, 55.19, 30.20)
    assert isinstance(p.geonames_id, int) and p.population > 300_000


@pytest.mark.parametrize("spelling", ["Могилев", "Могилёв", "МОГИЛЁВ"])
def test_mogilev_with_and_without_yo(gaz: Gazetteer, spelling: str):
    p = gaz.best(spelling)
    assert p is not None
    assert p.country == "BY"
    assert p.name == "Могилёв"
    assert _near(p, 53.91, 30.34)


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Гродно", "BY"),
        ("Минск", "BY"),
        ("Мстиславль", "BY"),
        ("Жодино", "BY"),
        ("Мир", "BY"),
        ("Харбин", "CN"),
        ("Каир", "EG"),
        ("Ниигата", "JP"),
        ("Астана", "KZ"),
        ("Алма-Ата", "KZ"),
        ("Алматы", "KZ"),
    ],
)
def test_best_is_in_expected_country(gaz: Gazetteer, name: str, country: str):
    p = gaz.best(name)
    assert p is not None, name
    assert p.country == country, (name, p)


def test_almaty_old_and_new_names_agree(gaz: Gazetteer):
    assert gaz.best("Алма-Ата") == gaz.best("Алматы") == gaz.best("Алма Ата")


def test_astana_display_name(gaz: Gazetteer):
    # GeoNames also lists Акмола, Нур-Султан...; the current name is chosen.
    assert gaz.best("Нур-Султан").name == "Астана"


def test_tulle(gaz: Gazetteer):
    p = gaz.best("Тюль")
    assert p is not None
    assert (p.country, p.name_en, p.name) == ("FR", "Tulle", "Тюль")


def test_gorki_has_belarusian_town_among_results(gaz: Gazetteer):
    found = gaz.lookup("Горки")
    assert any(p.country == "BY" for p in found)


def test_slavgorod_in_several_countries(gaz: Gazetteer):
    countries = {p.country for p in gaz.lookup("Славгород")}
    assert {"RU", "BY"} <= countries


def test_portland_most_populous_is_oregon(gaz: Gazetteer):
    found = gaz.lookup("Портленд")
    assert len(found) > 1
    assert found[0].country == "US"
    assert _near(found[0], 45.52, -122.68)  # Portland, Oregon
    pops = [p.population for p in found]
    assert pops == sorted(pops, reverse=True)


def test_latin_name_is_indexed(gaz: Gazetteer):
    assert gaz.best("Vitebsk") == gaz.best("Витебск")


def test_unknown_word(gaz: Gazetteer):
    assert gaz.lookup("Абырвалгск") == []
    assert gaz.best("Абырвалгск") is None
    assert not gaz.is_place("Абырвалгск")
    assert gaz.lookup("") == [] and not gaz.is_place(" - ")


def test_is_place(gaz: Gazetteer):
    assert gaz.is_place("Витебск")
    assert gaz.is_place("могилёв")
    assert gaz.is_place("Нью-Йорк")


def test_country_filter(gaz: Gazetteer):
    assert len({p.country for p in gaz.lookup("Славгород")}) > 1
    ru = gaz.lookup("Славгород", country="RU")
    assert ru and all(p.country == "RU" for p in ru)
    by = gaz.lookup("Славгород", country="by")  # case-insensitive code
    assert by and all(p.country == "BY" for p in by)
    assert by[0].name_en == "Slawharad"
    assert gaz.best("Витебск", country="RU") is None
    assert gaz.best("Портленд", country="AU").country == "AU"


def test_gazplace_is_frozen(gaz: Gazetteer):
    p = gaz.best("Минск")
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.name = "x"  # type: ignore[misc]


# ------------------------------------------------------------------ opening

def test_reopen_is_fast(index_path: Path):
    t0 = time.perf_counter()
    g = Gazetteer.open(index_path)
    opened = time.perf_counter() - t0
    try:
        t1 = time.perf_counter()
        p = g.best("Витебск")
        first = time.perf_counter() - t1
    finally:
        g.close()
    print(f"\ngazetteer open: {opened * 1000:.2f} ms, first lookup: {first * 1000:.2f} ms")
    assert p is not None


def test_default_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path))
    assert default_path() == tmp_path / "gazetteer-v1.sqlite"
    monkeypatch.delenv("TIES_CACHE_DIR")
    assert default_path() == Path.home() / ".cache" / "ties" / "gazetteer-v1.sqlite"


def test_open_builds_on_first_use(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, index_path: Path, capsys: pytest.CaptureFixture
):
    """``open()`` without a path builds into $TIES_CACHE_DIR once, then reuses it."""
    calls: list[Path] = []

    def fake_build(dest: Path, source: str = "cities1000") -> Path:
        calls.append(dest)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(index_path, dest)
        return dest

    monkeypatch.setattr(gz, "build_index", fake_build)
    monkeypatch.setenv("TIES_CACHE_DIR", str(tmp_path / "cache"))

    with Gazetteer.open() as g:
        assert g.best("Минск").country == "BY"
    assert calls == [tmp_path / "cache" / "gazetteer-v1.sqlite"]
    assert "building gazetteer index from GeoNames (once)" in capsys.readouterr().err

    with Gazetteer.open() as g:
        assert g.is_place("Минск")
    assert len(calls) == 1
    assert capsys.readouterr().err == ""


def test_open_rejects_a_foreign_file(tmp_path: Path):
    bogus = tmp_path / "x.sqlite"
    bogus.write_bytes(b"not a database at all" * 100)
    with pytest.raises(RuntimeError, match="not a gazetteer index"):
        Gazetteer.open(bogus)


def test_unknown_source(tmp_path: Path):
    with pytest.raises(ValueError):
        build_index(tmp_path / "g.sqlite", source="cities42")
