"""``make demo`` reasons over the store it builds, so ``?tie a ties:Tie`` works on a fresh store."""
from __future__ import annotations

from pathlib import Path

from pyoxigraph import Store

TIES = "https://w3id.org/ties/ontology#"


def test_make_demo_builds_then_reasons_and_plain_sparql_finds_every_tie(demo_store: Path) -> None:
    db = Store.read_only(str(demo_store))  # the demo_store fixture checks the recipe runs build, then reason
    typed = {str(r["t"]) for r in db.query(f"SELECT DISTINCT ?t WHERE {{ ?t a <{TIES}Tie> }}")}
    stated = {str(r["t"]) for r in db.query(
        f"SELECT DISTINCT ?t WHERE {{ VALUES ?c {{ <{TIES}SisterCityTie> <{TIES}FriendshipCityTie> "
        f"<{TIES}InstitutionalTie> <{TIES}EventTie> }} ?t a ?c }}")}
    assert len(stated) > 30 and typed == stated
