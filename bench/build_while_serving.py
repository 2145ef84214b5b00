"""Builds and queries on one store at once (issue 13): every answer is one complete state of the store.

Builds a store from ``data/reports``, starts ``ties serve`` on it (loopback only), then runs
``--builds`` ``ties build`` processes one after another, each adding ``--per-build`` new reports
(copies of the samples under new names), while ``--clients`` threads ask the server, back to back,
how many report graphs and triples the store holds. Clients go on until every build has ended
and at least ``--seconds`` have passed. One more client sends, back to back, a query that runs past
the server's timeout, so query workers are killed and replaced while the builds write (a worker
started mid-build was where the old read-only opening answered 5, 54, 5, 54).

Afterwards the states the store went through are known exactly: the first answer, then after each
report the graphs plus one and the triples plus that report's graph (counted in the final store,
reports in the order the builds stored them). Every answer must be one of them ("inconsistent"
otherwise), each client's answers must never go back to an earlier state ("went back"), and a
request sent after the last build has ended must see its whole work ("stale" otherwise).

Run: ``python bench/build_while_serving.py [--builds 20] [--clients 20] [--seconds 60]``.
``tests/test_build_while_serving.py`` runs a small version.
"""
from __future__ import annotations

import argparse
import http.client
import json
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from load_endpoint import EXPENSIVE, start_server, stop_server  # noqa: E402

from ties.graph.iris import INFERRED_GRAPH, ONTOLOGY_GRAPH, SUMMARY_GRAPH  # noqa: E402

#: Report graphs and their triples. The ontology's own graph is left out: each build loads it again,
#: from the working tree, and an edit of the ontology during a run is no state the check can know.
COUNT = (f"SELECT (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(*) AS ?triples) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} "
         f"FILTER(?g NOT IN ({SUMMARY_GRAPH}, {ONTOLOGY_GRAPH}, {INFERRED_GRAPH})) }}")


@dataclass
class Outcome:
    builds: int = 0
    failed_builds: int = 0
    requests: int = 0
    errors: Counter = field(default_factory=Counter)
    answers: list[list[tuple[int, int]]] = field(default_factory=list)  # per client, in order
    states: list[tuple[int, int]] = field(default_factory=list)
    inconsistent: int = 0
    went_back: int = 0
    stale: int = 0
    replaced: int = 0
    distinct: int = 0
    seconds: float = 0.0
    snapshots_left: int = 0

    def line(self) -> str:
        answers = sum(map(len, self.answers))
        return (f"{self.builds} builds ({self.failed_builds} failed), {len(self.answers)} clients, "
                f"{self.requests} requests in {self.seconds:.0f} s: {answers} answers checked against "
                f"{len(self.states)} states, {self.distinct} distinct states seen; {self.inconsistent} inconsistent, "
                f"{self.went_back} went back, {self.stale} stale after the builds; "
                f"{self.replaced} workers killed at the timeout and replaced; "
                f"{sum(self.errors.values())} errors {dict(self.errors)}; "
                f"{self.snapshots_left} snapshots left on disk")


def post(base: str, query: str) -> tuple[int, bytes]:
    host, port = base.split(":")
    conn = http.client.HTTPConnection(host, int(port), timeout=120)
    try:
        conn.request("POST", "/sparql", query.encode(), {"Content-Type": "application/sparql-query",
                                                          "Accept": "application/sparql-results+json"})
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def ask(base: str) -> tuple[int, int]:
    """The store's (graphs, triples) as the server answers now."""
    status, body = post(base, COUNT)
    if status != 200:
        raise RuntimeError(f"HTTP {status}: {body[:200]!r}")
    row = json.loads(body)["results"]["bindings"][0]
    return int(row["graphs"]["value"]), int(row["triples"]["value"])


def build_folders(root: Path, builds: int, per_build: int) -> list[Path]:
    """One folder per build, each with new reports: copies of the samples under names no build used."""
    samples = sorted((ROOT / "data" / "reports").glob("*.txt"))
    folders = []
    for k in range(builds):
        folder = root / f"build{k:03d}"
        folder.mkdir(parents=True)
        for j in range(per_build):
            shutil.copyfile(samples[(k * per_build + j) % len(samples)], folder / f"b{k:03d}r{j}.txt")
        folders.append(folder)
    return folders


def expected_states(store: Path, first: tuple[int, int], folders: list[Path]) -> list[tuple[int, int]]:
    """Every state the store went through: ``first``, then one more report each, in the builds' order."""
    from pyoxigraph import Store

    from ties.graph.iris import graph_iri
    final = Store.read_only(str(store))
    states = [first]
    graphs, triples = first
    for folder in folders:
        for path in sorted(folder.glob("*.txt")):
            graph = graph_iri(path.stem)
            triples += sum(1 for _ in final.quads_for_pattern(None, None, None, graph))
            graphs += 1
            states.append((graphs, triples))
    return states


def run(workdir: Path, builds: int, clients: int, seconds: float, per_build: int = 2, workers: int = 2,
        log: Path | None = None, timeout: float = 5) -> Outcome:
    """The whole measurement in ``workdir`` (a new store there); see the module docstring."""
    store = workdir / "store"
    done = subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(store), "-q", "build",
                           str(ROOT / "data" / "reports")], cwd=ROOT, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the first build failed: {done.stderr[-500:]}")
    folders = build_folders(workdir / "reports", builds, per_build)
    process, base = start_server(store, timeout, 100, 64 * 1024, workers, log)
    out = Outcome(answers=[[] for _ in range(clients)])
    stop = threading.Event()
    lock = threading.Lock()

    def client(i: int) -> None:
        while not stop.is_set():
            try:
                answer = ask(base)
            except Exception as exc:  # noqa: BLE001 - counted, the run goes on
                with lock:
                    out.requests += 1
                    out.errors[type(exc).__name__] += 1
                continue
            with lock:
                out.requests += 1
            out.answers[i].append(answer)

    def killer() -> None:
        while not stop.is_set():
            status, _ = post(base, EXPENSIVE)
            with lock:
                out.requests += 1
                if status == 503:
                    out.replaced += 1
                else:
                    out.errors[f"expensive query: HTTP {status}"] += 1

    started = time.monotonic()
    try:
        first = ask(base)
        threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
        threads.append(threading.Thread(target=killer, daemon=True))
        for thread in threads:
            thread.start()
        for folder in folders:
            result = subprocess.run([sys.executable, "-m", "ties.cli", "--store", str(store), "-q", "build",
                                     str(folder)], cwd=ROOT, capture_output=True, text=True)
            out.builds += 1
            out.failed_builds += result.returncode != 0
        while time.monotonic() - started < seconds:
            time.sleep(0.2)
        stop.set()
        for thread in threads:
            thread.join(180)
        out.seconds = time.monotonic() - started
        after = [ask(base) for _ in range(2 * workers)]  # every builder has ended: each worker sees it all
    finally:
        stop.set()
        stop_server(process)
    out.states = expected_states(store, first, folders)
    valid = {state: n for n, state in enumerate(out.states)}
    seen = set()
    for answers in out.answers:
        last = -1
        for answer in answers:
            seen.add(answer)
            if answer not in valid:
                out.inconsistent += 1
                continue
            out.went_back += valid[answer] < last
            last = max(last, valid[answer])
    out.distinct = len(seen)
    out.stale = sum(answer != out.states[-1] for answer in after)
    snapshots = store / "snapshots"
    out.snapshots_left = sum(p.is_dir() for p in snapshots.iterdir()) if snapshots.is_dir() else 0
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--per-build", type=int, default=2, help="new reports each build adds (default 2)")
    parser.add_argument("--workers", type=int, default=2, help="query workers of ties serve (default 2)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ties-build-serve-") as tmp:
        out = run(Path(tmp), args.builds, args.clients, args.seconds, args.per_build, args.workers)
    print(f"build while serving: {out.line()}")
    ok = not (out.inconsistent or out.went_back or out.stale or out.errors or out.failed_builds)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
