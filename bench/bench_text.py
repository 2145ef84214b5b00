"""Benchmark (not a test): ingest speed of real news texts against the table path, per event.

Real texts are what researchers feed the tool most; they go through the news reader
(``ingest/news.py``: page furniture, NER over every paragraph, lemma cues), while
report tables go through ``ingest/table.py``. This script ingests copies of

* the real texts of ``shared/real/texts`` (news, press releases, report summaries), and
* the table reports among the bundled samples (``data/reports``, the ones read as tables),

end to end (read, extract, validate, store) with one and with two workers, each into a
fresh store, and prints texts/s, events/s and seconds per event for both, with the ratio
of news to table per event. Wall times include loading the models once per worker.

Copies of one text hit the extractors' caches (NER, places, countries are cached per text),
so the default is one copy, and the extraction alone is also timed in this process with the
models loaded and every text read once (``read_report``), which is the figure per event
that does not depend on the store or the worker start-up.

Run: ``python bench/bench_text.py [--copies 1] [--real ../shared/real/texts]``.
Figures only: nothing here asserts a time.
"""
from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ties.ingest.readers import read_blocks  # noqa: E402
from ties.ingest.report import detect_layout, read_report  # noqa: E402
from ties.pipeline import ingest_paths  # noqa: E402

REAL = ROOT.parent / "shared" / "real" / "texts"


def corpus(files: list[Path], copies: int, folder: Path) -> list[Path]:
    """``copies`` copies of each file under new names (a report is stored under its file name)."""
    folder.mkdir(parents=True)
    out: list[Path] = []
    for k in range(copies):
        for f in files:
            target = folder / f"{f.stem}-c{k}{f.suffix}"
            shutil.copyfile(f, target)
            out.append(target)
    return out


def run(paths: list[Path], jobs: int, store: Path) -> tuple[float, int]:
    """Wall seconds and events stored for one build of ``paths`` into a fresh ``store``."""
    started = time.perf_counter()
    result = ingest_paths([str(p) for p in paths], store, quiet=True, jobs=jobs)
    seconds = time.perf_counter() - started
    if result.failures:
        raise SystemExit(f"{result.failures} file(s) failed")
    return seconds, result.events


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--copies", type=int, default=1, help="copies of each file (default 1)")
    parser.add_argument("--real", type=Path, default=REAL, help="folder of real texts")
    args = parser.parse_args()
    texts = sorted(args.real.glob("*.txt"))
    tables = [p for p in sorted((ROOT / "data" / "reports").glob("*")) if detect_layout(read_blocks(p)) == "table"]
    if not texts:
        raise SystemExit(f"no texts in {args.real}")
    with tempfile.TemporaryDirectory() as tmp:  # load the models once, on a text of neither set
        warm = Path(tmp) / "warm.txt"
        warm.write_text("В мае делегация города Пскова посетила г. Габрово (Болгария).\n", encoding="utf-8")
        read_report(warm)
    extraction = {}
    for name, files in (("news (real texts)", texts), ("tables (sample reports)", tables)):
        chars = sum(len("\n".join(b.text for b in read_blocks(f))) for f in files)
        started = time.perf_counter()
        events = sum(len(read_report(f).events) for f in files)
        seconds = time.perf_counter() - started
        extraction[name] = seconds / max(events, 1)
        print(f"extraction only, {name:24}: {len(files)} files, {events} events, {chars:,} characters in "
              f"{seconds:.2f} s — {len(files) / seconds:.1f} files/s, {1000 * seconds / max(events, 1):.2f} ms/event, "
              f"{chars / max(events, 1):,.0f} characters/event, {chars / seconds / 1000:.0f}k characters/s", flush=True)
    print(f"news / tables, extraction time per event: {extraction['news (real texts)'] / extraction['tables (sample reports)']:.2f}×\n")
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        sets = {"news (real texts)": corpus(texts, args.copies, root / "news"),
                "tables (sample reports)": corpus(tables, args.copies, root / "tables")}
        for jobs in (1, 2):
            for name, paths in sets.items():
                seconds, events = run(paths, jobs, root / f"store-{name[:4]}-{jobs}")
                rows.append((name, jobs, len(paths), events, seconds))
                print(f"{name:24} jobs={jobs}: {len(paths)} files, {events} events in {seconds:.1f} s — "
                      f"{len(paths) / seconds:.1f} files/s, {events / seconds:.1f} events/s, "
                      f"{1000 * seconds / max(events, 1):.1f} ms/event", flush=True)
    print("\n| path | workers | files | events | s | files/s | events/s | ms/event |")
    print("|---|---|---|---|---|---|---|---|")
    per_event: dict[tuple[str, int], float] = {}
    for name, jobs, files, events, seconds in rows:
        per_event[(name, jobs)] = seconds / max(events, 1)
        print(f"| {name} | {jobs} | {files} | {events} | {seconds:.1f} | {files / seconds:.1f} | "
              f"{events / seconds:.1f} | {1000 * seconds / max(events, 1):.1f} |")
    for jobs in (1, 2):
        ratio = per_event[("news (real texts)", jobs)] / per_event[("tables (sample reports)", jobs)]
        print(f"\nnews / tables, time per event, {jobs} worker(s): {ratio:.2f}×")


if __name__ == "__main__":
    main()
