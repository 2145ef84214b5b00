"""The summary kept up to date report by report (``graph.summary_update``) against a full recount
(``graph.summary.recount``, the SPARQL that writes it at the end of a first build), after sequences of
sample reports added, replaced by other versions and removed."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pyoxigraph import NamedNode, Store, Triple

from conftest import REPORTS, sample
from ties.graph.iris import SUMMARY_GRAPH
from ties.graph.store import remove_report, report_stems
from ties.graph.summary import has_summary, recount
from ties.graph.summary_update import Change, Keeper, apply
from ties.pipeline import ingest_paths

REAL_TEXTS = REPORTS.parent.parent.parent / "shared" / "real" / "texts"


def written(store: Store) -> set[Triple]:
    return {Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, SUMMARY_GRAPH)
            if q.subject != SUMMARY_GRAPH}  # not the time it was made, nor its kind


def assert_current(path: Path) -> set[Triple]:
    """The summary as kept equals a recount, and is stamped whole."""
    store = Store(str(path))
    try:
        assert has_summary(store)
        kept, counted = written(store), set(recount(store))
        assert kept - counted == set() and counted - kept == set()
        return kept
    finally:
        del store


def build(path: Path, *files: Path) -> None:
    assert ingest_paths([str(f) for f in files], path, quiet=True, jobs=1).failures == 0


def test_adding_replacing_and_removing_reports_keeps_the_summary_equal_to_a_recount(tmp_path: Path) -> None:
    path, edits = tmp_path / "store", tmp_path / "edits"
    edits.mkdir()
    build(path, sample("001"), sample("003"))  # a first build: recounted whole
    first = assert_current(path)
    build(path, sample("002"))  # added: kept report by report
    grown = assert_current(path)
    assert len(grown) > len(first)
    build(path, sample("004"), sample("000"))
    assert_current(path)
    # 001 corrected: the same file name with its first half only, then with another report's rows
    text = sample("001").read_text(encoding="utf-8").splitlines()
    shorter = edits / sample("001").name
    shorter.write_text("\n".join(text[:len(text) // 2]) + "\n", encoding="utf-8")
    build(path, shorter)
    halved = assert_current(path)
    assert halved != grown
    shorter.write_text(sample("002").read_text(encoding="utf-8"), encoding="utf-8")
    build(path, shorter)
    assert_current(path)
    # removed, one after another, down to none
    store = Store(str(path))
    for stem in report_stems(store):
        keeper = Keeper(store)
        assert remove_report(store, stem, keeper.change)
        keeper.stored()
        assert has_summary(store) and written(store) == set(recount(store)), stem
    # what is left is about the ontology's own terms (their labels' keys), nothing of a report
    assert {t.subject.value.split("#")[0] for t in written(store)} == {"https://w3id.org/ties/ontology"}
    del store


@pytest.mark.skipif(not REAL_TEXTS.is_dir(), reason=f"the real texts are not at {REAL_TEXTS}")
def test_real_news_added_to_the_samples_one_by_one(tmp_path: Path, built_store: Path) -> None:
    path = tmp_path / "store"
    shutil.copytree(built_store, path, ignore=shutil.ignore_patterns("snapshots"))
    texts = sorted(REAL_TEXTS.glob("*.txt"))[:8]
    assert texts
    for text in texts:
        build(path, text)
    assert_current(path)


def test_the_same_report_again_changes_nothing_and_a_crash_before_the_update_is_recounted(tmp_path: Path) -> None:
    path = tmp_path / "store"
    build(path, sample("001"), sample("002"))
    store = Store(str(path))
    before = written(store)
    change = Change()
    from ties.pipeline import process
    from ties.graph.store import replace_report
    outcome = process(sample("002"))
    replace_report(store, outcome.stem, outcome.quads, change)
    assert not change and has_summary(store)  # nothing to do, and the summary stays whole
    # a shortened 002 written, and the process killed before the summary is brought up to date
    replace_report(store, outcome.stem, outcome.quads[: len(outcome.quads) // 3], change)
    assert change and not has_summary(store)
    removed, added = apply(store, change)
    assert removed and has_summary(store) and written(store) == set(recount(store)) != before
    del store


def test_a_summary_of_an_older_kind_is_recounted_when_the_store_is_opened(tmp_path: Path) -> None:
    """A store summarised by an older code (before the pairs carried their names, say) lacks this
    code's kind: opening it recounts, so a query never reads a summary short of what it needs."""
    from pyoxigraph import Quad
    from ties import queries
    from ties.graph.summary import KIND
    path = tmp_path / "store"
    build(path, sample("001"))
    store = Store(str(path))
    whole = written(store)
    store.remove(Quad(SUMMARY_GRAPH, NamedNode("http://purl.org/dc/terms/conformsTo"), KIND, SUMMARY_GRAPH))
    for quad in list(store.quads_for_pattern(None, NamedNode("https://w3id.org/ties/ontology#russianName"), None,
                                             SUMMARY_GRAPH)):
        store.remove(quad)  # what the older code did not write
    assert not has_summary(store)
    del store
    assert written(queries.open_store(path)) == whole


def test_loading_the_same_ontology_again_is_no_change(tmp_path: Path) -> None:
    """Each build loads the ontology again; unchanged, it must not make the build recount the summary
    (the store gives some of its literals back in another form, and its blank nodes other labels)."""
    from ties.graph.store import load_ontology
    path = tmp_path / "store"
    build(path, sample("004"))
    store = Store(str(path))
    keeper = Keeper(store)
    load_ontology(store, change=keeper.change)
    assert keeper.change is not None and not keeper.change and has_summary(store)
    del store
