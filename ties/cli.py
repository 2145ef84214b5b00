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

from ties.config import store_path
from ties.errors import TiesError


def _say(message: str) -> None:
    """One line to stderr, control characters (of a store path, say) escaped."""
    from ties.ingest.errors import printable
    print(printable(message), file=sys.stderr, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    from pyoxigraph import Store

    from ties.graph.store import report_stems
    from ties.pipeline import ingest_paths

    result = ingest_paths(args.paths, args.store, args.quiet, args.jobs)
    store = Store.read_only(str(args.store))  # only counted: nothing to write, even on a full disk
    rate = result.events / result.seconds if result.seconds else 0.0
    # the triples of this build, not of the store: counting a 10M-quad store took 12 s, longer than
    # adding one report to it
    _say(f"store {args.store}: {len(report_stems(store))} reports ({len(result.stored)} stored now with "
         f"{result.triples} triples, {result.failures} failed; {result.events} events in"
         f" {result.seconds:.1f} s, {rate:.0f} events/s)")
    return 1 if result.failures else 0


def cmd_extract(args: argparse.Namespace) -> int:
    from ties.graph.reader import report_json
    from ties.graph.store import open_store
    from ties.pipeline import ingest_paths

    result = ingest_paths(args.paths, args.store, args.quiet, args.jobs)
    store = open_store(args.store)
    args.out.mkdir(parents=True, exist_ok=True)
    for stem in result.stored:
        data = report_json(store, stem)
        (args.out / f"{stem}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    _say(f"wrote {len(result.stored)} extraction(s) to {args.out}"
         + (f"; {result.failures} failed" if result.failures else ""))
    return 1 if result.failures else 0


#: Modules that add their own subcommands through ``register(subparsers)``.
COMMAND_MODULES: tuple[str, ...] = (
    "ties.commands.reason", "ties.commands.metrics", "ties.commands.viz",
    "ties.commands.query", "ties.commands.serve", "ties.commands.push", "ties.commands.synth",
    "ties.commands.export",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="ties", description=__doc__.split("\n")[0])
    parser.add_argument("--store", type=Path, default=store_path(),
                        help="folder of the embedded store (default: .ties/store, or $TIES_STORE)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("build", help="ingest report files or folders into the store")
    p.add_argument("paths", nargs="+")
    p.add_argument("-j", "--jobs", type=int, default=None,
                   help="worker processes (default: all cores for 8+ files per core, else 1)")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("extract", help="ingest reports and write DIR/<stem>.json read back from the store")
    p.add_argument("paths", nargs="+")
    p.add_argument("--out", type=Path, required=True)
    p.add_argument("-j", "--jobs", type=int, default=None, help="worker processes")
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
    except TiesError as exc:  # every error a user can fix, raised by any layer: one line
        _say(f"error: {exc}")
        return 1
    except Exception as exc:
        if isinstance(exc, OSError):  # the store or an output folder: a full disk, a read-only file system
            _say(f"error: {exc} (is the disk full, or the folder read-only?)")
            return 1
        raise


if __name__ == "__main__":
    sys.exit(main())
