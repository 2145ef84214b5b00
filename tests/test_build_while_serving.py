"""``ties serve`` while ``ties build`` writes the same store (issue 13): every answer one complete state.

Before, each query worker opened the store read-only whenever it started, which pyoxigraph calls
undefined while another process writes: identical COUNT queries answered 5, 54, 5, 54. Now
readers open only the snapshots writers publish (``graph.snapshots``). The full measurement, 20
builds while 20 clients query for 60 s, is ``bench/build_while_serving.py``; here a small one on
loopback, and the snapshot rules one by one. Nothing here is timed.
"""
from __future__ import annotations

import sys
from pathlib import Path

import pyoxigraph
from pyoxigraph import NamedNode, Quad

from conftest import ROOT
from ties.graph import snapshots
from ties.graph.snapshots import Reader, current, ensure_current, publish

sys.path.insert(0, str(ROOT / "bench"))
import build_while_serving as bench  # noqa: E402


def test_builds_while_clients_query_give_only_whole_states(tmp_path: Path) -> None:
    """Two builds of two reports each while four clients ask for the counts and one more has its queries
    killed at the timeout (so workers are replaced mid-build): every answer is the store before or after
    a whole report, no client's answers go back to an earlier state, and once the builds have ended every
    worker answers with all of their work."""
    out = bench.run(tmp_path, builds=2, clients=4, seconds=0, per_build=2, workers=2)
    print(f"build while serving: {out.line()}")
    assert out.builds == 2 and out.failed_builds == 0 and not out.errors
    assert len(out.states) == 5 and sum(map(len, out.answers)) > 0
    assert out.inconsistent == 0 and out.went_back == 0 and out.stale == 0
    assert out.snapshots_left <= 2 + 2  # the current one, and one per worker at most


def _add(store: pyoxigraph.Store, n: int) -> None:
    store.add(Quad(NamedNode(f"urn:s{n}"), NamedNode("urn:p"), NamedNode("urn:o"), NamedNode("urn:g")))


def _count(store: pyoxigraph.Store) -> int:
    return len(list(store.quads_for_pattern(None, None, None, NamedNode("urn:g"))))


def test_a_reader_stays_on_its_snapshot_until_the_next_request(tmp_path: Path) -> None:
    path = tmp_path / "store"
    writer = pyoxigraph.Store(str(path))
    _add(writer, 1)
    assert publish(writer, path)
    reader = Reader(path)
    seen = reader.fresh()
    _add(writer, 2)
    assert _count(seen) == 1 and _count(reader.fresh()) == 1  # the write is not published yet
    assert publish(writer, path)
    assert _count(seen) == 1  # a query already running keeps its state
    assert _count(reader.fresh()) == 2  # the next request reads the new one
    reader.close()


def test_a_snapshot_a_reader_holds_is_kept_and_removed_once_released(tmp_path: Path) -> None:
    path = tmp_path / "store"
    writer = pyoxigraph.Store(str(path))
    publish(writer, path)
    held = Reader(path)
    held.fresh()
    first = held.name
    for n in range(3):
        _add(writer, n)
        publish(writer, path)
    names = {p.name for p in snapshots.folder(path).iterdir() if p.is_dir()}
    assert names == {first, current(path)}  # the ones nobody read are gone, the held one is not
    held.close()
    _add(writer, 9)
    publish(writer, path)
    assert {p.name for p in snapshots.folder(path).iterdir() if p.is_dir()} == {current(path)}


def test_serve_publishes_what_a_killed_build_left(tmp_path: Path) -> None:
    """A build killed after some reports published none at its end: serve, finding no writer, publishes
    the store as it is, so its answers are not those of the last snapshot before the kill."""
    path = tmp_path / "store"
    writer = pyoxigraph.Store(str(path))
    publish(writer, path)
    _add(writer, 1)
    writer.flush()
    del writer
    assert ensure_current(path) is not None
    reader = Reader(path)
    assert _count(reader.fresh()) == 1
    reader.close()


def test_a_store_without_snapshots_is_read_as_before(tmp_path: Path) -> None:
    path = tmp_path / "store"
    writer = pyoxigraph.Store(str(path))
    _add(writer, 1)
    writer.flush()
    del writer
    reader = Reader(path)
    assert current(path) is None and _count(reader.fresh()) == 1
    reader.close()


def test_every_writer_publishes(built_store: Path) -> None:
    """A store built by ``ties build`` has a current snapshot holding all of it."""
    from ties.graph.store import report_stems
    reader = Reader(built_store)
    assert current(built_store) is not None and len(report_stems(reader.fresh())) == 5
    reader.close()
