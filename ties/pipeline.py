"""Report files into the store: read, extract, validate in worker processes; write in one.

Extraction is CPU-bound Python (morphology, NER), so it runs in a process pool
over all cores; the store has a single writer (this process), which replaces one
report's named graph per transaction. Only a bounded number of reports is in
flight at once, so memory stays flat however large the corpus. Each worker
loads its models once (pymorphy3 dictionaries, slovnet, the gazetteer index).
"""
from __future__ import annotations

import gc
import os
import stat
import sys
import time
from collections import deque
from contextlib import contextmanager
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generator, Iterable, Iterator

from ties.ingest.errors import printable

REPORT_SUFFIXES = (".txt", ".docx", ".doc", ".html", ".htm", ".pdf", ".odt", ".rtf", ".xlsx", ".ods", ".csv",
                   ".png", ".jpg", ".jpeg", ".tif", ".tiff")


@dataclass
class Outcome:
    """What became of one file: its graph (as quads, or as N-Quads bytes when it crosses from a
    worker process), or the one line saying why not."""

    path: Path
    stem: str | None = None
    quads: list | None = None
    nquads: bytes = b""
    summary: str = ""
    events: int = 0
    triples: int = 0
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestResult:
    stored: list[str]
    failures: int
    events: int
    triples: int
    seconds: float


def expand_paths(paths: Iterable[str]) -> Iterator[tuple[Path, str | None]]:
    """Files to ingest from files and folders; a bad path yields its problem instead.

    Every path given ends as files to read or as a problem: a folder or subfolder that
    cannot be listed is one, not a silent gap. In folders, every entry with a report's
    suffix is kept whatever it is (a FIFO, a broken link), so the reader names it.
    """
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = stat.S_ISDIR(path.stat().st_mode)
        except FileNotFoundError:
            yield path, "no such file or folder"
            continue
        except OSError as exc:
            yield path, f"cannot be read ({exc.strerror or exc})"
            continue
        if is_dir:
            yield from _folder(path)
        else:
            yield path, None


def _folder(folder: Path) -> Iterator[tuple[Path, str | None]]:
    """The reports under a folder, sorted, and every subfolder that could not be listed.
    Links to folders are not followed, as ``Path.rglob`` did not (no loops, no escape)."""
    unreadable: list[tuple[Path, str | None]] = []

    def failed(exc: OSError) -> None:
        unreadable.append((Path(exc.filename or folder), f"cannot read the folder ({exc.strerror or exc})"))

    found: list[Path] = []
    for root, folders, files in os.walk(folder, onerror=failed):
        folders[:] = [name for name in folders if not _page_assets(name, files)]
        found += [Path(root) / name for name in files if Path(name).suffix.lower() in REPORT_SUFFIXES]
    yield from unreadable
    if not found and not unreadable:
        yield folder, f"folder holds no reports ({', '.join(REPORT_SUFFIXES)})"
    for p in sorted(found):
        yield p, None


def _page_assets(name: str, files: list[str]) -> bool:
    """A browser's "Save page, complete" folder ("Новость_files" beside "Новость.html"): its pictures,
    scripts and embedded frames (saved_resource.html) are the page's, not reports."""
    stem = name[:-6] if name.lower().endswith("_files") else None
    return stem is not None and any(f"{stem}{suffix}" in files for suffix in (".html", ".htm", ".HTML", ".HTM"))


def process(path: Path, validate: bool = True, portable: bool = False) -> Outcome:
    """Read one report into its graph, checked against the shapes; never raises for a bad file."""
    out = Outcome(path)
    try:
        return _process(path, validate, portable, out)
    finally:  # each error is one line, whatever the file's name or the exception's text holds
        out.errors = [printable(line) for line in out.errors]
        out.warnings = [printable(line) for line in out.warnings]


def _process(path: Path, validate: bool, portable: bool, out: Outcome) -> Outcome:
    import pyoxigraph

    from ties.graph.writer import report_quads
    from ties.ingest.errors import ReportError
    from ties.ingest.limits import check_events
    from ties.ingest.report import read_report

    try:
        report = read_report(path)
        check_events(path, len(report.events))
        quads = report_quads(report)
        started = time.perf_counter()
        violations = []
        if validate:
            from ties.graph.validate import validate_quads
            violations = validate_quads(quads)
        shacl_ms = (time.perf_counter() - started) * 1000
    except ReportError as exc:
        out.errors.append(str(exc))
        return out
    except Exception as exc:  # noqa: BLE001 - one line per file, never a traceback
        out.errors.append(f"{path}: could not be processed ({type(exc).__name__}: {exc})")
        return out
    out.stem = report.stem
    out.warnings = [f"{path}: {note}" for note in report.notes]
    if portable:  # for the way back from a worker process; in-process the quads are handed over as they are
        out.nquads = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_QUADS)
    else:
        out.quads = quads
    out.events, out.triples = len(report.events), len(quads)
    # A report that breaks a shape is stored (its other facts are good) but counts as a failure.
    out.errors.extend(f"{path}: {v}" for v in violations)
    out.summary = (f"{path.name}: {report.layout}, {len(report.events)} events, {len(report.links)} links, "
                   f"{len(violations)} SHACL violations ({shacl_ms:.0f} ms)")
    return out


def _warm() -> None:
    """Load the models before the first report, so workers start evenly: pymorphy3's
    dictionaries, the gazetteer, slovnet (about half a second) and the compiled shapes."""
    from ties.graph.validate import validate_quads
    from ties.ingest.morph import analyzer
    from ties.ingest.ner import prefetch_ner
    from ties.ingest.places import gazetteer
    analyzer()
    gazetteer()
    prefetch_ner(["Администрация города"])
    validate_quads([])
    _collect_less()


#: Allocations between young-generation collections (CPython's default is 700).
GC_THRESHOLD = (10_000, 20, 20)


def _collect_less() -> None:
    """Keep the garbage collector off the loaded models (``gc.freeze``) and let it run less often.
    Extraction allocates millions of short-lived objects, and with the default thresholds the
    full collections they set off walked the whole heap, models and caches, again and again:
    14% of a worker's time."""
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLD)


@contextmanager
def _collecting_less() -> Iterator[None]:
    """:func:`_collect_less` for reading in this process, undone afterwards."""
    before = gc.get_threshold()
    _warm()
    try:
        yield
    finally:
        gc.set_threshold(*before)
        gc.unfreeze()


#: From this many files on, even one worker is a process of its own: the models (pymorphy3, slovnet,
#: the gazetteer, the shapes: about 0.5 GB) then live only where reports are read, not beside the
#: store in the writing process (one worker's build of 100k events peaked at 4 GB with both in one),
#: and the worker reads the next report while the store takes the last. Fewer files are read here:
#: starting a worker costs seconds.
OWN_PROCESS_FROM = 16


def _outcomes(items: list[Path], jobs: int, validate: bool) -> Iterator[Outcome]:
    if jobs <= 1 and len(items) < OWN_PROCESS_FROM:
        with _collecting_less():
            for path in items:
                yield process(path, validate)
        return
    todo = deque(items)
    while todo:
        held = yield from _pool_outcomes(todo, jobs, validate)
        # A worker died (killed for memory, a crash in native code): every report in flight is
        # lost with it. Each is read again alone, so only the one that kills its worker fails.
        for path in held:
            if (yield from _pool_outcomes(deque([path]), 1, validate)):
                yield _died(path)


def _pool_outcomes(todo: deque[Path], jobs: int, validate: bool) -> Generator[Outcome, None, list[Path]]:
    """Outcomes from one process pool, taking paths off ``todo``; the paths in flight if a worker died."""
    window = 4 * jobs  # reports in flight: bounds memory whatever the corpus size, and lets a worker
    # go on to its next report while the store takes the one before
    with ProcessPoolExecutor(max_workers=jobs, initializer=_warm) as pool:
        pending: deque[tuple[Path, Future[Outcome]]] = deque()
        while todo or pending:
            try:
                while todo and len(pending) < window:
                    pending.append((todo[0], pool.submit(process, todo[0], validate, True)))
                    todo.popleft()
                outcome = pending[0][1].result()
            except BrokenProcessPool:
                return [path for path, _ in pending]
            pending.popleft()
            yield outcome
    return []


def _died(path: Path) -> Outcome:
    """The one line for a file whose worker died under it even when it was read alone."""
    problem = ("the worker process reading it died (out of memory, or a crash in a library); "
               "the file may be too large or damaged")
    return Outcome(path, errors=[f"{path}: {problem}"])


def usable_cores() -> int:
    """The cores this process may run on: its CPU affinity, capped by a cgroup CPU quota (a container
    given 2 CPUs of a 64-core host). ``os.cpu_count()`` counts the host's, and one worker per core
    the process cannot use loads the models once more and makes the workers wait on each other."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    try:
        quota, period = Path("/sys/fs/cgroup/cpu.max").read_text().split()[:2]
        if quota != "max":
            cores = min(cores, max(1, -(-int(quota) // int(period))))
    except (OSError, ValueError):
        pass
    return max(1, cores)


def default_jobs(n_files: int) -> int:
    """All usable cores for a corpus; one process for a handful of files (starting workers costs seconds)."""
    cores = usable_cores()
    return cores if n_files >= 4 * cores else 1


def ingest_paths(paths: list[str], store_path: Path, quiet: bool = False, jobs: int | None = None,
                 validate: bool = True) -> IngestResult:
    """Read, extract and store each report; the other files go on whatever one file does."""
    import pyoxigraph
    from tqdm import tqdm

    from ties.graph.snapshots import Publisher
    from ties.graph.store import load_ontology, open_store, replace_report
    from ties.graph.summary_update import Keeper

    started = time.perf_counter()
    store = open_store(store_path)
    summary = Keeper(store)  # kept current report by report, or recounted at the end
    load_ontology(store, change=summary.change)
    snapshots = Publisher(store, store_path)  # what ties serve reads while this build writes
    snapshots.changed()
    items: list[Path] = []
    seen: set[Path] = set()
    failures = 0
    for path, problem in expand_paths(paths):
        if problem:
            _say(f"error: {path}: {problem}")
            failures += 1
        elif path not in seen:  # a file named twice (itself and in its folder) is read once
            seen.add(path)
            items.append(path)
    jobs = jobs or default_jobs(len(items))
    stored: list[str] = []
    first: dict[str, Path] = {}  # stem → the file of this build that stored it first
    events = triples = 0
    bar = tqdm(total=len(items), desc="ingest", unit="report", disable=quiet or len(items) < 2, file=sys.stderr)
    for outcome in _outcomes(items, jobs, validate):
        bar.update(1)
        if outcome.stem is not None and first.get(outcome.stem, outcome.path) != outcome.path:
            outcome.errors.insert(0, f"{outcome.path}: has the same name as {first[outcome.stem]}, and a report "
                                     "is stored under its file name, so it replaces that one; rename one of them")
        if outcome.stem is not None:
            first.setdefault(outcome.stem, outcome.path)
            try:
                quads = outcome.quads if outcome.quads is not None else \
                    pyoxigraph.parse(outcome.nquads, format=pyoxigraph.RdfFormat.N_QUADS)
                replace_report(store, outcome.stem, quads, summary.change)
                summary.stored()
            except Exception as exc:  # noqa: BLE001
                outcome.errors.append(f"{outcome.path}: could not be stored ({type(exc).__name__}: {exc})")
            else:
                snapshots.changed()
                stored.append(outcome.stem)
                events += outcome.events
                triples += outcome.triples
                if not quiet:
                    tqdm.write(printable(outcome.summary), file=sys.stderr)
        for line in outcome.warnings:  # the file went in; this is what it may have got wrong
            _say(f"warning: {line}")
        for line in outcome.errors:
            _say(f"error: {line}")
        failures += bool(outcome.errors)
    bar.close()
    try:
        if summary.needed(bool(stored)):
            _summarise(summary, quiet)
        store.flush()
    except OSError as exc:  # a full disk, most likely: the reports are in, the summary is not
        _say(f"error: the store {store_path} could not be written: {exc}; the reports stored above are in "
             "it, and its summary graph is added by the next build that can write")
        failures += 1
    snapshots.pending = True  # the summary too
    snapshots.done()
    return IngestResult(stored, failures, events, triples, time.perf_counter() - started)


def _summarise(summary, quiet: bool) -> None:
    """The store-wide summary the named queries read (``graph.summary``): kept current report by
    report when the store had one, else recounted once at the end of the build."""
    started = time.perf_counter()
    how, n = summary.finish()
    if not quiet:
        _say(f"summary: {n} triples of counts and name keys in {time.perf_counter() - started:.1f} s" if how ==
             "recounted" else "summary: kept up to date report by report")


def _say(message: str) -> None:
    print(printable(message), file=sys.stderr, flush=True)
