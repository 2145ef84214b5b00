"""Benchmark (not a test): ingest, queries, metrics and pages, side by side in one run.

Prints figures and writes them to a Markdown file (``bench/RESULTS.md`` by default):

1. **Ingest** — N synthetic events (``ingest.synth``) ingested end to end (read,
   extract, validate, store) with one worker and with ``os.cpu_count()``: events/s,
   triples/s, wall time, peak RSS of the process tree (psutil, sampled in a
   thread), store size on disk, time extrapolated to 100k events; and the score
   of the extraction (what ``ties extract`` writes) against the generated gold,
   with ``/work/shared/gold/score.py`` when it exists.
2. **Queries** — p50 / p95 of every named query on the embedded store at ~1M
   triples and on rdflib's in-memory Dataset holding the same quads (the merge of
   the report graphs in its default graph, as in the store), with the ratio. Each
   query runs with parameters that find rows: its header's example when that does,
   else values read from the store (``bench_values``); the table says which. The 1M
   triples are the synthetic corpus's report graphs replicated under new stems
   (graph, report and event IRIs get a suffix) with pyoxigraph bulk loading.
   ``--ten-million`` adds the embedded store at ~10M triples (rdflib cannot hold it).
3. **Metrics** — every function of ``graph.metrics`` on synthetic place networks
   of 10k and 100k nodes (``bench_pages.synthetic_place_network``).
4. **Pages** — page build time and size at 5,000 nodes (``bench_pages``); the
   browser figures too unless ``--quick``.

Run: ``python bench/bench.py [--events 2000] [--quick] [--out bench/RESULTS.md]``.
Figures only: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_env import Load, environment, profile  # noqa: E402 — bench/ is on the path just above

SCORE = Path("/work/shared/gold/score.py")
SEED = 20240601


# -- helpers -------------------------------------------------------------------------------------

class PeakRSS:
    """Peak resident memory of this process and all its children, sampled every ``interval`` s."""

    def __init__(self, interval: float = 0.05, pid: int | None = None) -> None:
        self.interval, self.peak, self.pid = interval, 0, pid
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        try:
            me = psutil.Process(self.pid)
            procs = [me, *me.children(recursive=True)]
        except psutil.Error:
            return 0
        total = 0
        for proc in procs:
            try:
                total += proc.memory_info().rss
            except psutil.Error:
                pass
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> "PeakRSS":
        self.peak = self._sample()
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def dir_size(path: Path) -> int:
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def mb(n: float) -> str:
    return f"{n / 1e6:,.0f} MB"


def secs(s: float) -> str:
    if s >= 3600:
        return f"{s / 3600:.1f} h"
    if s >= 120:
        return f"{s / 60:.1f} min"
    return f"{s:.1f} s"


def ms(s: float) -> str:
    v = s * 1000
    return f"{v:.1f}" if v < 100 else f"{v:,.0f}"


def table(head: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "|".join("---" for _ in head) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


class Report:
    def __init__(self) -> None:
        self.parts: list[str] = []

    def add(self, text: str) -> None:
        print(text, flush=True)
        self.parts.append(text)


# -- 1. ingest -------------------------------------------------------------------------------------

def bench_ingest(rep: Report, events: int, work: Path, quick: bool) -> Path:
    from ties.ingest.synth import write_corpus

    corpus = work / "corpus"
    started = time.perf_counter()
    counts = write_corpus(corpus, events, SEED)
    rep.add(f"\n## 1. Ingest\n\nCorpus: `ingest.synth.write_corpus(events={events}, seed={SEED})` → "
            f"{counts['reports']} reports ({counts['table']} tables, {counts['narrative']} prose; "
            f"{counts['txt']} text, {counts['docx']} DOCX), {counts['events']} events, "
            f"generated in {time.perf_counter() - started:.1f} s.\n")
    rows = []
    last_store = None
    cpus = os.cpu_count() or 1
    for jobs in dict.fromkeys([1, cpus]):
        store = work / f"store-j{jobs}"
        # each run in a fresh interpreter: no caches warmed by the run before, and forked workers start cold
        code = ("import json, sys, dataclasses; from pathlib import Path; from ties.pipeline import ingest_paths; "
                "r = ingest_paths([sys.argv[1]], Path(sys.argv[2]), quiet=True, jobs=int(sys.argv[3])); "
                "print(json.dumps({k: v for k, v in dataclasses.asdict(r).items() if k != 'stored'}))")
        started = time.perf_counter()
        with Load() as load:
            proc = subprocess.Popen([sys.executable, "-c", code, str(corpus / "reports"), str(store), str(jobs)],
                                    cwd=ROOT, stdout=subprocess.PIPE, text=True)
            with PeakRSS(pid=proc.pid) as peak:
                out, _ = proc.communicate()
        process_wall = time.perf_counter() - started
        result = json.loads(out.strip().splitlines()[-1])
        result = argparse.Namespace(**result)
        import pyoxigraph
        from ties.graph.store import report_stems
        stored = len(report_stems(pyoxigraph.Store.read_only(str(store))))
        size = dir_size(store)
        wall = result.seconds
        rows.append([jobs, stored, result.failures, result.events, f"{result.triples:,}",
                     f"{secs(wall)} ({secs(process_wall)})",
                     f"{result.events / wall:.1f}", f"{result.triples / wall:,.0f}", mb(peak.peak), mb(size),
                     secs(100_000 * wall / max(result.events, 1)), str(load)])
        print(f"  jobs={jobs}: {result.events} events in {wall:.1f} s ({load})", flush=True)
        last_store = store
    rep.add(table(["jobs", "reports", "failed", "events", "triples", "wall (with interpreter start)", "events/s", "triples/s",
                   "peak RSS (tree)", "store on disk", "100k events (extrapolated)", "machine meanwhile"], rows))
    rep.add(f"\n`os.cpu_count()` = {cpus}. Each run in a fresh Python process into a fresh store; wall and rates are "
            "`IngestResult.seconds` (from opening the store to the last report stored, model loading included), "
            "in brackets the whole process; triples as `IngestResult.triples`; peak RSS of that process and its "
            "workers; the store size includes the ontology graph; 100k events extrapolated linearly.")
    rep.add("The last column: the load average at start and end of the run, and the share of all cores that other "
            "processes took meanwhile against this run's own (from /proc's CPU times).")
    ingest_profile(rep, corpus, work, 30 if quick else 60)
    score_extraction(rep, last_store, corpus, work)
    return last_store


def ingest_profile(rep: Report, corpus: Path, work: Path, n: int) -> None:
    """Where one worker's ingest time goes (``bench_env.profile``), on every k-th report of the corpus."""
    files = sorted((corpus / "reports").iterdir())
    files = files[:: max(1, len(files) // n)][:n]
    with Load() as load:
        parts = profile(files, work / "store-profile")
    shutil.rmtree(work / "store-profile", ignore_errors=True)
    rep.add(f"\nWhere ingest time goes: {len(files)} reports of the corpus ingested by one worker in this process "
            f"under cProfile (which slows Python code about 1.5×; shares are what to read; {load}):\n")
    rep.add(table(["part", "seconds", "share"], [[p, f"{s:.1f}", f"{share:.0%}"] for p, s, share in parts]))


def score_extraction(rep: Report, store_path: Path, corpus: Path, work: Path) -> None:
    """What ``ties extract`` writes (``graph.reader.report_json`` per stored report), scored against the gold."""
    if not SCORE.exists():
        rep.add(f"\nExtraction score: skipped ({SCORE} not found).")
        return
    from ties.graph.reader import report_json
    from ties.graph.store import open_store, report_stems

    out = work / "extract"
    out.mkdir(exist_ok=True)
    store = open_store(store_path)
    for stem in report_stems(store):
        (out / f"{stem}.json").write_text(json.dumps(report_json(store, stem), ensure_ascii=False), encoding="utf-8")
    del store
    proc = subprocess.run([sys.executable, str(SCORE), str(corpus / "gold"), str(out), "--json"],
                          capture_output=True, text=True)
    try:
        result = json.loads(proc.stdout)
    except json.JSONDecodeError:
        rep.add(f"\nExtraction score: score.py failed: {proc.stderr.strip()[-300:]}")
        return
    rows = []
    for key, value in result.items():
        if key in ("documents", "network"):
            continue
        if "f1" in value:
            rows.append([key, value["precision"], value["recall"], value["f1"], ""])
        else:
            rows.append([key, "", "", value.get("accuracy"), f"accuracy, n={value.get('n')}"])
    rep.add("\nExtraction (same code as `ties extract`) scored by `/work/shared/gold/score.py` "
            "against the synthetic gold:\n")
    rep.add(table(["metric", "precision", "recall", "F1 / accuracy", "note"], rows))


# -- 2. queries ------------------------------------------------------------------------------------

def replicate(source: Path, target: Path, want: int) -> int:
    """A store of about ``want`` quads: the source's report graphs copied under suffixed stems (or, when the
    source is bigger, its first report graphs until they and their merge reach ``want``), their merge in
    the default graph as ``graph.store`` keeps it, and their summary (``graph.summary``) as a build leaves it."""
    import pyoxigraph
    from ties.graph.iris import GRAPH_PREFIX, SUMMARY_GRAPH, stem_segment
    from ties.graph.store import report_stems
    from ties.graph.summary import refresh

    src = pyoxigraph.Store.read_only(str(source))
    # the report graphs, and the store's own but the summary, which is recounted for the copy
    reports = {GRAPH_PREFIX + stem_segment(stem) for stem in report_stems(src)} | {SUMMARY_GRAPH.value}
    other = "".join(f"{q} .\n" for g in src.named_graphs() if isinstance(g, pyoxigraph.NamedNode)
                    and g.value not in reports for q in src.quads_for_pattern(None, None, None, g))
    fixed = 2 * other.count("\n")
    dump: dict[str, str] = {}
    taken, merged = 0, set()  # quads of the report graphs taken, and their distinct triples (the merge)
    for stem in report_stems(src):
        if fixed + taken + len(merged) >= want:
            break
        graph = pyoxigraph.NamedNode(GRAPH_PREFIX + stem_segment(stem))
        quads = list(src.quads_for_pattern(None, None, None, graph))
        dump[stem_segment(stem)] = "".join(f"{q} .\n" for q in quads)
        taken += len(quads)
        merged.update((q.subject, q.predicate, q.object) for q in quads)
    per_copy = sum(text.count("\n") for text in dump.values())
    copies = max(1, round((want - fixed) / max(2 * per_copy, 1)))
    dst = pyoxigraph.Store(str(target))

    def load(nquads: str) -> None:  # each quad into its named graph and, as a triple, into the merge
        dst.bulk_load(nquads.encode(), format=pyoxigraph.RdfFormat.N_QUADS)
        dst.bulk_load(re.sub(r" <[^<>]*> \.$", " .", nquads, flags=re.MULTILINE).encode(),
                      format=pyoxigraph.RdfFormat.N_QUADS)

    # the ontology (and any other own graph) loaded once, its merge copied by the store: a second parse
    # would give its blank nodes new labels, and the store would then find its merge incomplete
    dst.bulk_load(other.encode(), format=pyoxigraph.RdfFormat.N_QUADS)
    dst.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    for k in range(copies):
        chunk = []
        for seg, text in dump.items():
            # the stem appears in the graph, report, event, agreement and mention IRIs (and the document name)
            chunk.append(text if k == 0 else re.sub(re.escape(seg) + r"(?=[/>\"._])", f"{seg}-r{k}", text))
        load("".join(chunk))
    refresh(dst)  # as a build ends
    dst.flush()
    dst.optimize()
    n = len(dst)
    del dst
    return n


class QueryTimeout(Exception):
    pass


def timings(func, runs: int, budget: float, timeout: float | None = None) -> tuple[list[float], int]:
    """One warm-up, then ``runs`` timed runs, fewer (at least one) if they would pass ``budget`` seconds.

    With ``timeout`` the warm-up is interrupted by SIGALRM (pure-Python engines only:
    a native query returns before the signal is seen). A warm-up longer than the
    budget is the only figure: ``([warm-up], rows)``.
    """
    if timeout:
        def alarm(*_):
            raise QueryTimeout(f"over {timeout:.0f} s")
        signal.signal(signal.SIGALRM, alarm)
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        t = time.perf_counter()
        rows = func()
        first = time.perf_counter() - t
    finally:
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, 0)
    if first >= budget:
        return [first], rows
    n = runs if first * runs <= budget else max(1, int(budget / max(first, 1e-9)))
    out = []
    for _ in range(n):
        t = time.perf_counter()
        func()
        out.append(time.perf_counter() - t)
    return out, rows


def timings_in_child(func, runs: int, budget: float, timeout: float):
    """``timings`` in a forked child, killed after ``timeout`` s: a native query cannot be interrupted otherwise.

    Returns ``(times, rows)``, or a ``QueryTimeout`` when the child did not answer in time.
    """
    import multiprocessing
    import queue as queue_module

    ctx = multiprocessing.get_context("fork")
    answers = ctx.Queue()

    def child():
        try:
            answers.put(timings(func, runs, budget))
        except Exception as exc:  # noqa: BLE001
            answers.put(RuntimeError(f"{type(exc).__name__}: {str(exc)[:200]}"))

    proc = ctx.Process(target=child, daemon=True)
    proc.start()
    try:
        answer = answers.get(timeout=timeout)
    except queue_module.Empty:
        answer = QueryTimeout(f"no answer within {timeout:.0f} s")
    proc.kill()
    proc.join()
    return answer


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, max(0, round(q * (len(values) - 1))))]


def ox_cells(name: str, answer, params: str = "—") -> list:
    if isinstance(answer, Exception):
        return [name, params, "—", 0, f"({answer})", "—"]
    times, rows = answer
    return [name, params, rows, len(times), ms(pct(times, .5)), ms(pct(times, .95))]


_PREFIXES = ("PREFIX ties: <https://w3id.org/ties/ontology#>\n"
             "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")


def bench_values(catalogue, store, tries: int = 25) -> dict[str, dict[str, str]]:
    """Parameter values per query that find something in ``store``, so each figure is for real work.

    The header's example when it yields rows; else values read from the store (the synthetic corpus
    does not hold the sample reports' places): for a query taking ``place`` and ``other``, the two
    ends of the ties with the most evidence; for one taking ``place`` or ``fact``, the place labels
    named most often (tie ends, venues, foreign participants); the first of these, in that order,
    that yields rows. Other parameters keep their examples. Read here only, never in the query files.
    """
    from ties import queries
    pairs = [(r["ru"].value, r["fo"].value) for r in store.query(_PREFIXES + f"""
        SELECT ?ru ?fo (COUNT(DISTINCT ?e) AS ?n) WHERE {{
          ?t ties:russianPlace/rdfs:label ?ru ; ties:foreignPlace/rdfs:label ?fo .
          OPTIONAL {{ ?t ties:evidence ?e }} }}
        GROUP BY ?ru ?fo ORDER BY DESC(?n) ?ru ?fo LIMIT {tries}""")]
    places = [r["label"].value for r in store.query(_PREFIXES + f"""
        SELECT ?label (COUNT(*) AS ?n) WHERE {{
          {{ ?x ties:russianPlace|ties:foreignPlace ?p }} UNION {{ ?x ties:venue|ties:involvesPlace ?p }}
          ?p rdfs:label ?label }}
        GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT {tries}""")]
    chosen = {}
    for q in catalogue:
        examples = {p.name: p.example for p in q.params if p.example is not None}
        names = {p.name for p in q.params}
        candidates = [examples]
        if {"place", "other"} <= names:
            candidates += [{**examples, "place": a, "other": b} for a, b in pairs]
        elif names & {"place", "fact"}:
            name = "place" if "place" in names else "fact"
            candidates += [{**examples, name: label} for label in places]
        chosen[q.name] = next((values for values in candidates if queries.run(q, values, store=store).rows),
                              examples)
    return chosen


def bench_queries(rep: Report, source: Path, work: Path, runs: int, target: int, budget: float,
                  rdflib_budget: float, rdflib_timeout: float, ten_million: bool, with_rdflib: bool = True,
                  timeout: float = 120.0) -> None:
    import pyoxigraph

    from ties import queries
    rep.add("\n## 2. Named queries\n")
    store_path = work / "store-1m"
    t = time.perf_counter()
    n = replicate(source, store_path, target)
    load_s = time.perf_counter() - t
    rep.add(f"Embedded store: synthetic report graphs replicated under new stems to {n:,} quads "
            f"(bulk load {load_s:.1f} s, {mb(dir_size(store_path))} on disk).")

    catalogue = queries.catalogue()
    store = pyoxigraph.Store.read_only(str(store_path))

    chosen = bench_values(catalogue, store)

    def values(q):
        return chosen[q.name]

    def shown(q):
        return ", ".join(f"{k}={v}" for k, v in values(q).items()) or "—"

    ox, loads = {}, {}
    for q in catalogue:
        with Load() as loads[q.name]:
            ox[q.name] = timings_in_child(lambda q=q: len(queries.run(q, values(q), store=store).rows), runs, budget,
                                          timeout)
        print(f"  oxigraph {q.name}: {ox[q.name] if isinstance(ox[q.name], Exception) else ox[q.name][0][:3]}",
              flush=True)

    if not with_rdflib:
        rows = [ox_cells(q.name, ox[q.name], shown(q)) + [str(loads[q.name])] for q in catalogue]
        rep.add("\n" + table(["query", "parameters", "rows", "runs", "oxigraph p50 ms", "oxigraph p95 ms",
                              "machine meanwhile"], rows))
        rep.add(f"\nEach query: one warm-up, then {runs} timed runs, fewer when {runs} runs would pass {budget:.0f} s; "
                "when the warm-up alone passes the budget it is the only figure (runs = 1). rdflib not run (--no-rdflib).")
        del store
        bench_update(rep, store_path, work, n)
        return
    # rdflib: the same quads from the store's N-Quads dump, the merge in its default graph as in the store
    import rdflib
    t = time.perf_counter()
    nquads = store.dump(format=pyoxigraph.RdfFormat.N_QUADS)
    ds = rdflib.Dataset()
    with PeakRSS() as peak:
        ds.parse(data=nquads.decode(), format="nquads")
    del nquads
    rdflib_load = time.perf_counter() - t
    rep.add(f"rdflib {rdflib.__version__} `Dataset` in memory: parsed the store's N-Quads dump "
            f"({len(ds):,} triples in its default graph, the merge) in {rdflib_load:.0f} s, peak RSS {mb(peak.peak)}. "
            f"Parameters as a VALUES block (`queries.with_values`, what a remote endpoint gets).\n")
    rd = {}
    for q in catalogue:
        text = queries.with_values(q.text, queries.bind(q, values(q)))
        try:
            rd[q.name] = timings_in_child(lambda text=text: len(list(ds.query(text))), runs, rdflib_budget,
                                          rdflib_timeout)
        except Exception as exc:  # noqa: BLE001 — a query rdflib cannot evaluate is a figure too
            rd[q.name] = exc
        print(f"  rdflib {q.name}: done", flush=True)

    rows = []
    for q in catalogue:
        row = ox_cells(q.name, ox[q.name], shown(q))
        r = rd[q.name]
        if isinstance(ox[q.name], Exception):
            o, orows = [float("inf")], None
        else:
            o, orows = ox[q.name]
        if isinstance(r, Exception):
            row += ["0", "—", "—", f"rdflib: {r}" if isinstance(r, QueryTimeout) else f"rdflib failed: {type(r).__name__}"]
        else:
            rt, rrows = r
            row += [len(rt), ms(pct(rt, .5)), ms(pct(rt, .95)), f"{pct(rt, .5) / max(pct(o, .5), 1e-9):,.1f}×"
                    + ("" if rrows == orows else f" (rows differ: {rrows})")]
        rows.append(row + [str(loads[q.name])])
    rep.add(table(["query", "parameters", "rows", "runs", "oxigraph p50 ms", "oxigraph p95 ms", "rdflib runs", "rdflib p50 ms",
                   "rdflib p95 ms", "rdflib / oxigraph (p50)", "machine meanwhile (oxigraph)"], rows))
    rep.add(f"\nEach query: one warm-up, then {runs} timed runs, fewer when {runs} runs would pass {budget:.0f} s "
            f"(rdflib: {rdflib_budget:.0f} s); a query is given up after {timeout:.0f} s (rdflib: {rdflib_timeout:.0f} s); when the warm-up alone "
            "passes the budget it is the only figure (runs = 1). The runs column says how many.")
    del ds, store

    if ten_million:
        path10 = work / "store-10m"
        t = time.perf_counter()
        n10 = replicate(source, path10, 10_000_000)
        load10 = time.perf_counter() - t
        rep.add(f"\nEmbedded store at {n10:,} quads (bulk load {load10:.0f} s, {mb(dir_size(path10))} on disk); "
                "rdflib not tried (in-memory, it would need tens of GB):\n")
        time_queries(rep, path10, values, shown, runs, budget, timeout)
        bench_update(rep, path10, work, n10)
        shutil.rmtree(path10, ignore_errors=True)
    else:
        bench_update(rep, store_path, work, n)


def time_queries(rep: Report, path: Path, values, shown, runs: int, budget: float, timeout: float) -> None:
    """Every named query on the store at ``path`` (read-only): p50 / p95 and the machine's load meanwhile."""
    import pyoxigraph

    from ties import queries
    store = pyoxigraph.Store.read_only(str(path))
    rows = []
    for q in queries.catalogue():
        with Load() as load:
            answer = timings_in_child(lambda q=q: len(queries.run(q, values(q), store=store).rows), runs, budget,
                                      timeout)
        rows.append(ox_cells(q.name, answer, shown(q)) + [str(load)])
        print(f"  {path.name} {q.name}: {rows[-1]}", flush=True)
    rep.add(table(["query", "parameters", "rows", "runs", "p50 ms", "p95 ms", "machine meanwhile"], rows))


def bench_store(rep: Report, path: Path, runs: int, budget: float, timeout: float) -> None:
    """``--on STORE``: the named queries on a store as it is (no copy, no replication)."""
    import pyoxigraph

    from ties import queries
    store = pyoxigraph.Store.read_only(str(path))
    n = len(store)
    chosen = bench_values(queries.catalogue(), store)
    del store
    rep.add(f"\n## Named queries on {path} ({n:,} quads, {mb(dir_size(path))} on disk)\n")
    time_queries(rep, path, lambda q: chosen[q.name],
                 lambda q: ", ".join(f"{k}={v}" for k, v in chosen[q.name].items()) or "—", runs, budget, timeout)


def bench_update(rep: Report, store_path: Path, work: Path, quads: int) -> None:
    """One new report added to the big store, replaced and removed (``bench_update``)."""
    from bench_update import measure, new_report
    with Load() as load:
        r = measure(store_path, new_report(work))
    rep.add(f"\n### One report added to the {quads:,}-quad store\n\n`{r['report']}` ({r['events']} events, "
            f"{r['triples']:,} triples): `ties build FILE` in a fresh process took **{r['whole']:.1f} s** "
            f"(model loading included), the summary kept current by its change, not recounted. "
            f"Then its steps one by one in this process ({load}):\n")
    rep.add(table(["step", "s"], [[name, f"{sec:.2f}"] for name, sec in r["steps"]]))


# -- 3. metrics ------------------------------------------------------------------------------------

METRICS = ("degrees", "weighted_degrees", "betweenness", "pagerank", "communities", "components", "bridges",
           "articulation_points")


def bench_metrics(rep: Report, sizes: list[int]) -> None:
    import networkx as nx

    from bench_pages import synthetic_place_network
    from ties.graph import metrics

    rep.add("\n## 3. Network metrics (`graph.metrics`)\n\nSynthetic place networks (`bench_pages.synthetic_place_network`: "
            "one node in twelve a Russian hub, the rest foreign leaves, 75 % with one partner). "
            f"Betweenness is sampled from {metrics.BETWEENNESS_SAMPLE} sources above {metrics.BETWEENNESS_EXACT} nodes.\n")
    cols, shapes = {}, []
    for n in sizes:
        t = time.perf_counter()
        graph = synthetic_place_network(n)
        gen = time.perf_counter() - t
        shapes.append(f"{n:,} nodes: {graph.number_of_edges():,} edges, "
                      f"{nx.number_connected_components(graph):,} components, generated in {gen:.1f} s")
        cols[n] = {}
        for name in METRICS:
            t = time.perf_counter()
            getattr(metrics, name)(graph)
            cols[n][name] = time.perf_counter() - t
            print(f"  {n} {name}: {cols[n][name]:.2f} s", flush=True)
        del graph
    rows = [[name, *(f"{cols[n][name]:.2f}" for n in sizes)] for name in METRICS]
    rows.append(["**total**", *(f"{sum(cols[n].values()):.2f}" for n in sizes)])
    rep.add(table(["metric", *(f"{n:,} nodes (s)" for n in sizes)], rows))
    rep.add("\n" + "; ".join(shapes) + ".")
    betweenness_accuracy(rep, min(sizes))


def betweenness_accuracy(rep: Report, n: int) -> None:
    """The sampled betweenness against the exact one on the same network, for its most central places."""
    import statistics

    from bench_pages import synthetic_place_network
    from ties.graph import metrics

    graph = synthetic_place_network(n)
    view = metrics._igraph(graph)
    sources = metrics._sources(view)
    if sources is None:
        return
    t = time.perf_counter()
    exact = metrics._betweenness(view)
    took = time.perf_counter() - t
    estimate = metrics._betweenness(view, sources)
    ranked = sorted(graph, key=lambda v: -exact[v])
    rows = []
    for top in (10, 100):
        errors = [abs(estimate[v] - exact[v]) / exact[v] for v in ranked[:top]]
        found = set(ranked[:top]) & set(sorted(graph, key=lambda v: -estimate[v])[:top])
        rows.append([f"top {top}", f"{statistics.median(errors):.1%}", f"{max(errors):.1%}", f"{len(found)}/{top}"])
    rep.add(f"\nSampled betweenness ({len(sources):,} sources) against exact ({took:.1f} s) at {n:,} nodes, "
            "for the places the exact one ranks highest:\n")
    rep.add(table(["places", "median relative error", "largest", "also in the estimate's top"], rows))


# -- 4. pages ---------------------------------------------------------------------------------------

def bench_page(rep: Report, nodes: int, quick: bool, work: Path) -> None:
    from bench_pages import browser, measure_page, synthetic_place_network
    from ties.viz import pages

    rep.add(f"\n## 4. Network page (`viz.pages`) at {nodes:,} nodes\n")
    graph = synthetic_place_network(nodes)
    t = time.perf_counter()
    pages.layout_positions(graph)
    layout = time.perf_counter() - t
    t = time.perf_counter()
    html = pages.render_page(graph, "bench", "synthetic")
    build = time.perf_counter() - t
    page = work / "bench.html"
    page.write_text(html, encoding="utf-8")
    rows = [["layout (positions)", f"{layout:.2f} s"], ["page build (layout + HTML)", f"{build:.2f} s"],
            ["page size", mb(page.stat().st_size)], ["nodes / edges", f"{graph.number_of_nodes():,} / {graph.number_of_edges():,}"]]
    if quick:
        rows.append(["browser", "skipped (--quick)"])
    elif not (shutil.which("chromium") and shutil.which("chromedriver")):
        rows.append(["browser", "skipped (chromium or chromedriver not found)"])
    else:
        driver = browser(Path(tempfile.mkdtemp(prefix="bench-chromium-", dir=work)))
        try:
            for attempt in ("cold", "warm"):
                f = measure_page(driver, page, 300)
                rows += [[f"{attempt}: navigation → drawn and interactive", f"{f['drawn']:.0f} ms"],
                         [f"{attempt}: one frame fitted / zoomed in", f"{f['frameFit']:.1f} / {f['frameZoomed']:.1f} ms"],
                         [f"{attempt}: console errors", f["errors"]]]
        finally:
            driver.quit()
    rep.add(table(["figure", "value"], rows))


# -- main -------------------------------------------------------------------------------------------

def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=2000, help="synthetic events to ingest (default 2000)")
    parser.add_argument("--quick", action="store_true",
                        help="small sizes: 200k-triple store, 5 runs, 10k-node metrics only, no browser")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--runs", type=int, help="timed runs per query (default 20, 5 with --quick)")
    parser.add_argument("--triples", type=int, help="size of the query store (default 1,000,000; 200,000 with --quick)")
    parser.add_argument("--budget", type=float, default=60.0, help="seconds of timed oxigraph runs per query")
    parser.add_argument("--rdflib-budget", type=float, default=60.0, help="seconds of timed rdflib runs per query")
    parser.add_argument("--timeout", type=float, default=120.0, help="give up an oxigraph query (warm-up and runs) after this")
    parser.add_argument("--rdflib-timeout", type=float, default=120.0, help="give up an rdflib query after this")
    parser.add_argument("--ten-million", action="store_true", help="also query the embedded store at ~10M triples")
    parser.add_argument("--no-rdflib", action="store_true", help="queries on the embedded store only")
    parser.add_argument("--source", type=Path, help="replicate this store for the queries instead of ingesting")
    parser.add_argument("--only", default="ingest,queries,metrics,pages", help="comma-separated parts to run")
    parser.add_argument("--on", type=Path, metavar="STORE",
                        help="time the named queries on this store as it is, then add one report to it (changes it); "
                             "nothing else runs")
    parser.add_argument("--work", type=Path, help="keep the corpus and stores here (default: a temporary folder)")
    args = parser.parse_args()
    parts = set(args.only.split(","))
    runs = args.runs or (5 if args.quick else 20)

    work = args.work or Path(tempfile.mkdtemp(prefix="ties-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    rep = Report()
    import igraph
    import networkx
    import pyoxigraph
    rep.add(f"# ties benchmark\n\n`python bench/bench.py {' '.join(sys.argv[1:])}` on "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: {platform.processor() or platform.machine()}, "
            f"{os.cpu_count()} cores (shared with other work while measured), "
            f"{psutil.virtual_memory().total / 1e9:.0f} GB RAM, Python {platform.python_version()}, "
            f"pyoxigraph {pyoxigraph.__version__}, networkx {networkx.__version__}, igraph {igraph.__version__}. "
            "Figures only; nothing asserts a time.")
    rep.add("\nWhat the figures depend on, when the run started (`bench_env.environment`):\n")
    rep.add(table(["", ""], environment(work)))
    started = time.perf_counter()
    if args.on:
        try:
            bench_store(rep, args.on, runs, args.budget, args.timeout)
            import pyoxigraph as ox
            bench_update(rep, args.on, work, len(ox.Store.read_only(str(args.on))))
        finally:
            args.out.write_text("\n".join(rep.parts) + "\n", encoding="utf-8")
        return 0
    try:
        source = None
        if "ingest" in parts or ("queries" in parts and not args.source):
            source = bench_ingest(rep, args.events, work, args.quick)
        source = args.source or source
        if "queries" in parts:
            bench_queries(rep, source, work, runs, args.triples or (200_000 if args.quick else 1_000_000),
                          args.budget, args.rdflib_budget, args.rdflib_timeout, args.ten_million,
                          not args.no_rdflib, args.timeout)
        if "metrics" in parts:
            bench_metrics(rep, [10_000] if args.quick else [10_000, 100_000])
        if "pages" in parts:
            bench_page(rep, 5000, args.quick, work)
    finally:
        rep.add(f"\nWhole run: {secs(time.perf_counter() - started)}.")
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text("\n".join(rep.parts) + "\n", encoding="utf-8")
        print(f"\nwrote {args.out}")
        if not args.work:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
