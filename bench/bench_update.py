"""One report added to, replaced in and removed from a big store: what a researcher waits for.

A build on a store that already has its summary keeps the summary current report by report
(``graph.summary_update``) instead of recounting it (about 20 s at 6M triples). This measures,
on a copy-free big store (it is changed and changed back), the steps of adding one new report:
opening the store, loading the models, reading the report, writing its graph, updating the summary,
and the whole ``ties build FILE`` in a fresh process; then replacing it with a shorter version and
removing it. The summary is checked against a full recount at the end when ``check`` is set
(slow at 10M: it is the recount the update avoids).
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _timed(steps: list[tuple[str, float]], name: str, func):
    t = time.perf_counter()
    out = func()
    steps.append((name, time.perf_counter() - t))
    return out


def new_report(work: Path, seed: int = 7) -> Path:
    """A synthetic report the big store does not hold (another seed, so other stems)."""
    from ties.ingest.synth import write_corpus
    folder = work / f"one-report-{seed}"
    write_corpus(folder, 40, seed)
    return sorted((folder / "reports").iterdir(), key=lambda p: -p.stat().st_size)[0]


def measure(store_path: Path, report: Path, check: bool = False) -> dict:
    """Steps and totals (seconds) of adding ``report`` to the store at ``store_path``, replacing and removing it."""
    from ties.graph.store import open_store, remove_report, replace_report
    from ties.graph.summary import has_summary, recount
    from ties.graph.summary_update import Keeper
    from ties.pipeline import _warm, process

    cli = [sys.executable, "-m", "ties.cli", "--store", str(store_path), "-q", "build", str(report)]
    t = time.perf_counter()
    done = subprocess.run(cli, cwd=ROOT, capture_output=True, text=True)
    whole = time.perf_counter() - t
    if done.returncode != 0:
        raise RuntimeError(f"ties build failed: {done.stderr.strip()[-300:]}")

    steps: list[tuple[str, float]] = []
    store = _timed(steps, "open the store (and publish a snapshot)", lambda: open_store(store_path))
    _timed(steps, "load the models (pymorphy3, gazetteer, slovnet, shapes)", _warm)
    shorter = report.parent / "v2" / report.name  # the same name: a corrected version of the report
    shorter.parent.mkdir(exist_ok=True)
    lines = report.read_text(encoding="utf-8").splitlines() if report.suffix == ".txt" else None
    outcome = _timed(steps, "read, extract and validate the report", lambda: process(report))
    keeper = Keeper(store)
    _timed(steps, "write its graph and the merge (one transaction)",
           lambda: replace_report(store, outcome.stem, outcome.quads, keeper.change))
    changed = len(keeper.change.triples) if keeper.change is not None else None
    _timed(steps, "update the summary (same report again: nothing to do)", keeper.stored)
    if lines:
        shorter.write_text("\n".join(lines[: len(lines) // 2]) + "\n", encoding="utf-8")
        half = process(shorter)
        keeper = Keeper(store)
        _timed(steps, "replace it by a half-length version: write", lambda: replace_report(
            store, outcome.stem, half.quads, keeper.change))
        _timed(steps, "replace: update the summary", keeper.stored)
    keeper = Keeper(store)
    _timed(steps, "remove it: write", lambda: remove_report(store, outcome.stem, keeper.change))
    _timed(steps, "remove: update the summary", keeper.stored)
    keeper = Keeper(store)
    replace_report(store, outcome.stem, outcome.quads, keeper.change)
    _timed(steps, "add it back: update the summary", keeper.stored)
    equal = None
    if check:
        from ties.graph.iris import SUMMARY_GRAPH
        from pyoxigraph import Triple
        kept = {Triple(q.subject, q.predicate, q.object) for q in store.quads_for_pattern(None, None, None, SUMMARY_GRAPH)
                if q.subject != SUMMARY_GRAPH}
        equal = has_summary(store) and kept == set(recount(store))
    store.flush()
    del store
    return {"whole": whole, "steps": steps, "events": outcome.events, "triples": outcome.triples,
            "merge_change": changed, "equal": equal, "report": report.name}


if __name__ == "__main__":  # python bench/bench_update.py STORE [--check] [--seed N]
    sys.path.insert(0, str(ROOT / "bench"))
    from bench_env import Load
    path = Path(sys.argv[1])
    seed = int(sys.argv[sys.argv.index("--seed") + 1]) if "--seed" in sys.argv else 7
    with Load() as load:
        result = measure(path, new_report(path.parent, seed), check="--check" in sys.argv)
    print(json.dumps({**result, "load": str(load)}, ensure_ascii=False, indent=1))
