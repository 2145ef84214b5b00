"""Crash safety of ``ties build``: killed at any moment, the store holds each report whole or not at all.

A corpus of 31 reports (sample reports copied under other stems: 15 of the prose 000, 15 of
the table 004, and the 34-event table 001) is built once, cleanly: the reference. Then
``ties build`` is started again and again and killed with SIGKILL, the writer and its worker
processes together (a power cut, the OOM killer), at seeded random moments:
after a random number of stored reports plus a random delay, or at a random time since start.
After every kill the store must open, and every report graph in it must hold exactly the
quads of the clean build of that report or be absent; a report already stored before the
build must still be there (its replacement is one transaction). Finally a build repairs the
store to the reference, and another one changes nothing (re-ingest never duplicates).

Two chains of kills run side by side, one with ``-j 1`` and one with ``-j 2``, half of their
rounds on a fresh store and half continuing on the last. ``TIES_CRASH_KILLS`` (default 20)
sets how many kills, ``TIES_CRASH_SEED`` the seed::

    TIES_CRASH_KILLS=100 python -m pytest tests/test_crash.py -k killed    # make crash
"""
from __future__ import annotations

import contextlib
import gc
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import pytest
from conftest import REPORTS
from pyoxigraph import DefaultGraph, NamedNode, Store

from ties.graph.iris import GRAPH_PREFIX, ONTOLOGY_GRAPH, SUMMARY_GRAPH, stem_from_segment

KILLS = int(os.environ.get("TIES_CRASH_KILLS", "20"))
SEED = int(os.environ.get("TIES_CRASH_SEED", "20250611"))
#: Copies per sample: the small ones (000 prose, 004 table) often, so that a build takes seconds,
#: and the big table 001 (34 events) once, in the middle, so a big graph is written too.
COPIES = {"000": 15, "004": 15, "001": 1}
ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corpus")
    for prefix, copies in COPIES.items():
        source = next(REPORTS.glob(f"{prefix}_*.txt"))
        for i in range(copies):
            shutil.copy(source, folder / f"r{i + 7 * (copies == 1):02d}_{source.name}")
    return folder


def build(store: Path, corpus: Path, jobs: int) -> subprocess.Popen[str]:
    """``ties build`` in its own process group, so one signal takes its workers too."""
    return subprocess.Popen([sys.executable, "-m", "ties.cli", "--store", str(store), "build", "-j", str(jobs),
                             str(corpus)], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)


def graphs(store_path: Path) -> tuple[dict[str, frozenset[str]], int | None]:
    """Quads of every report graph by stem, and the ontology graph's size (None if absent).

    The store is opened read-write, as the next build opens it: that is the check that a kill
    left it usable. The ontology is compared by size: its blank nodes get new labels per load.
    """
    if not store_path.exists():  # killed before it opened the store
        return {}, None
    store = Store(str(store_path))
    try:
        reports: dict[str, frozenset[str]] = {}
        ontology = None
        derived = 0
        stated = set()
        for graph in store.named_graphs():
            assert isinstance(graph, NamedNode) and graph.value.startswith(GRAPH_PREFIX), graph
            quads = list(store.quads_for_pattern(None, None, None, graph))
            if graph == SUMMARY_GRAPH:  # derived after each build, and not merged into the default graph
                derived = len(quads)
                continue
            stated.update(q.triple for q in quads)
            if graph == ONTOLOGY_GRAPH:
                ontology = len(quads)
            else:
                reports[stem_from_segment(graph.value[len(GRAPH_PREFIX):])] = frozenset(map(str, quads))
        merge = {q.triple for q in store.quads_for_pattern(None, None, None, DefaultGraph())}
        total = len(store)
    finally:
        del store
        gc.collect()
    assert merge == stated, "the default graph is not the merge of the report and ontology graphs"
    assert total == sum(map(len, reports.values())) + (ontology or 0) + derived + len(merge), \
        "quads outside the graphs"
    return reports, ontology


@dataclass
class Chain:
    """A run of kills on one ``-j`` setting."""

    jobs: int
    rng: random.Random
    kills: int = 0
    rounds: int = 0
    partial: int = 0  # kills after some reports of the build were stored and before all were


def kill_round(chain: Chain, store: Path, corpus: Path, reference: dict[str, frozenset[str]], ontology: int,
               full: float) -> None:
    """Start a build, SIGKILL it at a random moment, check the store is whole report by report."""
    before = graphs(store)[0]
    process = build(store, corpus, chain.jobs)
    stored = threading.Semaphore(0)
    lines: list[str] = []

    def read() -> None:
        for line in process.stderr:  # one summary line per stored report
            lines.append(line)
            if " events, " in line:
                stored.release()
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if chain.rng.random() < 0.25:
        time.sleep(chain.rng.uniform(0, full))
    else:
        deadline = time.monotonic() + 3 * full
        for _ in range(chain.rng.randrange(len(reference))):
            if not stored.acquire(timeout=max(0.0, deadline - time.monotonic())):
                break
        time.sleep(chain.rng.uniform(0, 0.3))
    alive = process.poll() is None
    if alive:
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(60)
    reader.join(10)
    chain.rounds += 1
    chain.kills += alive
    assert alive or process.returncode == 0, "".join(lines)[-3000:]
    written = sum(" events, " in line for line in lines)
    chain.partial += alive and 0 < written < len(reference)
    after, loaded = graphs(store)
    assert loaded in (None, ontology), "ontology graph half-loaded"
    for stem, quads in after.items():
        assert stem in reference, f"unknown graph {stem}"
        assert quads == reference[stem], f"report {stem} half-written after a kill"
    lost = set(before) - set(after)
    assert not lost, f"reports stored before the build vanished when it was killed: {sorted(lost)}"


def run_chain(chain: Chain, folder: Path, corpus: Path, reference: dict[str, frozenset[str]], ontology: int,
              full: float, kills: int) -> Path:
    """Kill rounds until ``kills`` builds were killed; half on a fresh store, half continuing on the last."""
    store = folder / "store-0"
    while chain.kills < kills and chain.rounds < 3 * kills:
        if chain.rng.random() < 0.5:
            store = folder / f"store-{chain.rounds + 1}"
        kill_round(chain, store, corpus, reference, ontology, full)
    return store


def test_killed_builds_leave_whole_reports_and_the_next_build_repairs(corpus: Path, tmp_path: Path,
                                                                      request: pytest.FixtureRequest) -> None:
    started = time.monotonic()
    clean = tmp_path / "clean"
    process = build(clean, corpus, 1)
    _, err = process.communicate(timeout=600)
    full = time.monotonic() - started
    assert process.returncode == 0, err[-3000:]
    reference, ontology = graphs(clean)
    assert len(reference) == sum(COPIES.values()) and all(reference.values()) and ontology

    rng = random.Random(SEED)
    chains = [Chain(1, random.Random(rng.getrandbits(64))), Chain(2, random.Random(rng.getrandbits(64)))]
    with ThreadPoolExecutor(len(chains)) as pool:
        futures = [pool.submit(run_chain, chain, tmp_path / f"chain-j{chain.jobs}", corpus, reference, ontology,
                               full, (KILLS + i) // len(chains)) for i, chain in enumerate(chains)]
        stores = [future.result() for future in futures]
    kills = sum(chain.kills for chain in chains)
    partial = sum(chain.partial for chain in chains)
    assert kills >= KILLS
    assert partial >= KILLS // 4, "too few kills landed mid-build to mean anything"

    def repair(store: Path, times: int) -> None:
        for _ in range(times):  # the next build repairs the rest, and the one after changes nothing
            process = build(store, corpus, 1)
            _, err = process.communicate(timeout=600)
            assert process.returncode == 0, err[-3000:]
            assert graphs(store) == (reference, ontology)
    with ThreadPoolExecutor(len(stores)) as pool:
        for future in [pool.submit(repair, store, 2 - i) for i, store in enumerate(stores)]:
            future.result()
    capture = request.config.pluginmanager.get_plugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print(f"\ncrash: {kills} builds killed ({partial} after some of their reports were stored) in "
              f"{sum(chain.rounds for chain in chains)} rounds, {time.monotonic() - started:.0f} s; "
              f"0 half-written reports; {len(stores)} killed stores repaired, rebuilt without duplicates",
              file=sys.stderr)


# -- a worker that dies, and two files of one name ---------------------------------------------------

def _dying_process(path: Path, validate: bool = True, portable: bool = False):
    """Stands in for ``ties.pipeline.process`` in forked workers: the file named "kill" kills its worker."""
    from ties import pipeline
    if path.stem == "kill":
        os._exit(9)
    return pipeline.Outcome(path, stem=path.stem, nquads=b"", summary=path.name)


def test_a_worker_that_dies_costs_only_its_own_report(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker killed while reading (out of memory, a crash in native code) fails that file alone."""
    import multiprocessing

    from ties import pipeline
    if multiprocessing.get_start_method() != "fork":
        pytest.skip("needs forked workers to see the stand-in")
    monkeypatch.setattr(pipeline, "process", _dying_process)
    monkeypatch.setattr(pipeline, "_warm", lambda: None)
    paths = [tmp_path / f"{name}.txt" for name in ("a", "b", "kill", "c", "d", "e", "f")]
    outcomes = list(pipeline._outcomes(paths, 2, True))
    assert sorted(o.path.name for o in outcomes) == sorted(p.name for p in paths)
    dead = [o for o in outcomes if o.errors]
    assert [o.path.stem for o in dead] == ["kill"] and "worker process reading it died" in dead[0].errors[0]
    assert all(o.stem == o.path.stem for o in outcomes if o not in dead)


def test_two_files_of_one_name_are_reported(tmp_path: Path) -> None:
    """Reports are stored by file name: a second file of the same name replaces the first, so say so."""
    sample = next(REPORTS.glob("004_*.txt"))
    for folder in ("q1", "q2"):
        (tmp_path / folder).mkdir()
        shutil.copy(sample, tmp_path / folder / "отчет.txt")
    process = subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(tmp_path / "store"), "-q", "build",
                              str(tmp_path / "q1"), str(tmp_path / "q2"), str(tmp_path / "q1" / "отчет.txt")],
                             cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    errors = [line for line in process.stderr.splitlines() if line.startswith("error:")]
    assert process.returncode == 1 and len(errors) == 1
    assert errors[0] == (f"error: {tmp_path / 'q2' / 'отчет.txt'}: has the same name as {tmp_path / 'q1' / 'отчет.txt'}"
                         ", and a report is stored under its file name, so it replaces that one; rename one of them")


def test_a_store_in_use_is_one_line(tmp_path: Path) -> None:
    """A second build while the first holds the store says so, without a traceback, and changes nothing."""
    store = Store(str(tmp_path / "store"))  # held open, as a running build holds it
    try:
        process = subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(tmp_path / "store"), "-q", "build",
                                  str(next(REPORTS.glob("004_*.txt")))], cwd=ROOT, capture_output=True, text=True,
                                 timeout=600, check=False)
        assert process.returncode == 1 and "Traceback" not in process.stderr
        assert process.stderr == (f"error: the store {tmp_path / 'store'} is in use by another process (a running "
                                  "ties build, extract or reason); try again when it has finished\n")
        assert len(store) == 0
    finally:
        del store
