"""The ``ties`` command: a thin layer that wires ingest → graph → queries / metrics / views.

Every error a user can cause is printed as one line naming the file or input;
the remaining inputs are still processed and the exit code says something failed.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Iterable, Iterator

REPORT_SUFFIXES = (".txt", ".docx", ".doc")
DEFAULT_STORE = Path(os.environ.get("TIES_STORE", ".ties/store"))


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def expand_paths(paths: Iterable[str]) -> Iterator[tuple[Path, str | None]]:
    """Files to ingest from files and folders; a bad path yields its problem instead."""
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            yield path, "no such file or folder"
        elif path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
            if not found:
                yield path, "folder holds no reports (.txt, .docx)"
            for p in found:
                yield p, None
        else:
            yield path, None


def ingest_paths(paths: list[str], store_path: Path, quiet: bool = False) -> tuple[list[str], int]:
    """Read, extract and store each report; returns the stems stored and the number of failures."""
    from tqdm import tqdm

    from graph.store import load_ontology, open_store, replace_report
    from graph.writer import report_quads
    from ingest.errors import ReportError
    from ingest.report import read_report

    store = open_store(store_path)
    load_ontology(store)
    stored: list[str] = []
    failures = 0
    items = list(expand_paths(paths))
    bar = tqdm(items, desc="ingest", unit="report", disable=quiet or len(items) < 2, file=sys.stderr)
    for path, problem in bar:
        bar.set_postfix_str(path.name[:30])
        if problem:
            _say(f"error: {path}: {problem}")
            failures += 1
            continue
        try:
            report = read_report(path)
            replace_report(store, report.stem, report_quads(report))
        except ReportError as exc:
            _say(f"error: {exc}")
            failures += 1
            continue
        except Exception as exc:  # noqa: BLE001 - one line per file, never a traceback
            _say(f"error: {path}: could not be processed ({type(exc).__name__}: {exc})")
            failures += 1
            continue
        stored.append(report.stem)
        if not quiet:
            tqdm.write(f"{path.name}: {report.layout}, {len(report.events)} events, {len(report.links)} links",
                       file=sys.stderr)
    store.flush()
    return stored, failures


def cmd_build(args: argparse.Namespace) -> int:
    from graph.store import open_store, report_stems, triple_count

    stored, failures = ingest_paths(args.paths, args.store, args.quiet)
    store = open_store(args.store)
    _say(f"store {args.store}: {len(report_stems(store))} reports, {triple_count(store)} triples"
         f" ({len(stored)} stored now, {failures} failed)")
    return 1 if failures else 0


def cmd_extract(args: argparse.Namespace) -> int:
    from graph.reader import report_json
    from graph.store import open_store

    stored, failures = ingest_paths(args.paths, args.store, args.quiet)
    store = open_store(args.store)
    args.out.mkdir(parents=True, exist_ok=True)
    for stem in stored:
        data = report_json(store, stem)
        (args.out / f"{stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    _say(f"wrote {len(stored)} extraction(s) to {args.out}" + (f"; {failures} failed" if failures else ""))
    return 1 if failures else 0


#: Modules that add their own subcommands through ``register(subparsers)``.
COMMAND_MODULES: tuple[str, ...] = ()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ties", description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=DEFAULT_STORE,
                        help="folder of the embedded store (default: .ties/store, or $TIES_STORE)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="ingest report files or folders into the store")
    p.add_argument("paths", nargs="+")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("extract", help="ingest reports and write DIR/<stem>.json read back from the store")
    p.add_argument("paths", nargs="+")
    p.add_argument("--out", type=Path, required=True)
    p.set_defaults(func=cmd_extract)

    import importlib
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        _say("interrupted")
        return 130


if __name__ == "__main__":
    sys.exit(main())
