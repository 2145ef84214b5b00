"""The extraction read back from the store, scored against the hand-made gold answers.

Floors are those of the table-ingest and prose issues; the figures themselves are
printed by ``make score``. Skipped when ``../shared/gold`` is not beside the project.
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from conftest import GOLD, REPORTS

pytestmark = pytest.mark.skipif(not (GOLD / "score.py").exists(), reason="shared/gold is not beside the project")

TABLE_FLOORS = {"events.f1": 1.0, "start.accuracy": 0.97, "end.accuracy": 0.97, "online.accuracy": 0.95,
                "countries.f1": 0.95, "foreign_places.f1": 0.9, "place_country.accuracy": 0.97,
                "venue.f1": 0.9, "organizations.f1": 0.8, "agreements.f1": 0.8, "links.f1": 0.85,
                "participants.accuracy": 0.95}
#: The resolution issue's floors, over all five sample reports.
ALL_FLOORS = {"organizations.f1": 0.92, "agreements.f1": 0.9, "sphere.accuracy": 0.9}
PROSE_FLOORS = {"events.f1": 0.75, "countries.f1": 0.9, "foreign_places.f1": 0.85, "links.f1": 0.85,
                "link_kind.accuracy": 0.9}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory):
    out = tmp_path_factory.mktemp("extract")
    result = subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(out / "store"), "-q", "extract",
                             str(REPORTS), "--out", str(out / "json")], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out / "json"


def score(extracted, prefixes, tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    for p in GOLD.glob("*.json"):
        if p.name[:3] in prefixes:
            shutil.copy(p, gold)
    out = subprocess.run([sys.executable, str(GOLD / "score.py"), str(gold), str(extracted), "--json"],
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def value(result, dotted):
    node = result
    for part in dotted.split("."):
        node = node[part]
    return node


@pytest.mark.parametrize("prefixes,floors", [(("001", "002", "004"), TABLE_FLOORS), (("000", "003"), PROSE_FLOORS),
                                             (("000", "001", "002", "003", "004"), ALL_FLOORS)],
                         ids=["table", "prose", "all"])
def test_floors(extracted, prefixes, floors, tmp_path):
    result = score(extracted, prefixes, tmp_path)
    below = {k: value(result, k) for k, floor in floors.items() if value(result, k) < floor}
    assert not below, below


# -- the real texts of ../shared/real: news, press releases, report summaries ---------------------

REAL = GOLD.parent / "real"
#: The floors of the real-texts issue; ``README.md`` gives the measured figures.
REAL_FLOORS = {"events.f1": 0.70, "doc_countries.f1": 0.95, "doc_foreign_places.f1": 0.92, "links.f1": 0.85,
               "link_kind.accuracy": 0.90, "actor.accuracy": 0.80}


@pytest.mark.skipif(not (REAL / "gold").is_dir(), reason="shared/real is not beside the project")
def test_real_text_floors(tmp_path):
    out = tmp_path / "json"
    result = subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(tmp_path / "store"), "-q", "extract",
                             str(REAL / "texts"), "--out", str(out)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    scored = subprocess.run([sys.executable, str(GOLD / "score.py"), str(REAL / "gold"), str(out), "--json"],
                            capture_output=True, text=True, check=True)
    figures = json.loads(scored.stdout)
    below = {k: value(figures, k) for k, floor in REAL_FLOORS.items() if value(figures, k) < floor}
    assert not below, below
