"""``ties synth``: write a corpus of synthetic reports with their gold answers.

The gold lands beside the reports under the same stems, so that
``ties extract DIR/reports --out OUT`` followed by
``python3 shared/gold/score.py DIR/gold OUT`` measures the extractor on as
many reports as one asks for.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "synth", help="write synthetic reports (text and DOCX, tables and prose) with their gold JSON",
        description="Write DIR/reports/<stem>.{txt,docx} and DIR/gold/<stem>.json; the same seed gives the same bytes.")
    p.add_argument("--events", type=int, required=True, metavar="N", help="events in the whole corpus")
    p.add_argument("--seed", type=int, default=0, help="seed of every random choice (default 0)")
    p.add_argument("--out", type=Path, required=True, metavar="DIR", help="folder to write reports/ and gold/ into")
    p.set_defaults(func=run)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(args: argparse.Namespace) -> int:
    if args.events < 1:
        _say(f"error: --events {args.events}: need at least one event")
        return 2
    for sub in (args.out, args.out / "reports", args.out / "gold"):
        if sub.exists() and not sub.is_dir():
            _say(f"error: {sub}: exists and is not a folder")
            return 2
    from ties.ingest.synth import write_corpus

    started = time.perf_counter()
    try:
        counts = write_corpus(args.out, args.events, args.seed)
    except OSError as exc:
        _say(f"error: {exc.filename or args.out}: cannot write ({exc.strerror or exc})")
        return 1
    if not args.quiet:
        _say(f"wrote {counts['reports']} reports ({counts['table']} tables, {counts['narrative']} prose; "
             f"{counts['txt']} text, {counts['docx']} DOCX) with {counts['events']} events to {args.out} "
             f"in {time.perf_counter() - started:.1f} s")
    return 0
