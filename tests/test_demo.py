"""``make demo`` reasons over the store it builds, so ``?tie a ties:Tie`` works on a fresh store."""
from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

from pyoxigraph import Store

from conftest import ROOT

TIES = "https://w3id.org/ties/ontology#"


def test_make_demo_builds_then_reasons_and_plain_sparql_finds_every_tie(tmp_path: Path) -> None:
    store = tmp_path / "store"
    plan = subprocess.run(["make", "-n", "demo", f"STORE={store}", f"OUT={tmp_path / 'out'}"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    steps = [line for line in plan.splitlines() if re.search(r"/ties --store \S+ (build|reason)\b", line)]
    assert [line.split()[3] for line in steps] == ["build", "reason"]
    for line in steps:  # run as make would, in the project folder
        subprocess.run(shlex.split(line), cwd=ROOT, check=True, capture_output=True, timeout=600)
    db = Store.read_only(str(store))
    typed = {str(r["t"]) for r in db.query(f"SELECT DISTINCT ?t WHERE {{ ?t a <{TIES}Tie> }}")}
    stated = {str(r["t"]) for r in db.query(
        f"SELECT DISTINCT ?t WHERE {{ VALUES ?c {{ <{TIES}SisterCityTie> <{TIES}FriendshipCityTie> "
        f"<{TIES}InstitutionalTie> <{TIES}EventTie> }} ?t a ?c }}")}
    assert len(stated) > 30 and typed == stated
