"""``ties reason``: check the store with HermiT and write what the ontology implies into its own graph."""
from __future__ import annotations

import argparse
import sys


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def cmd_reason(args: argparse.Namespace) -> int:
    from ties.graph.reason import INFERRED_GRAPH, reason, report_graphs
    from ties.graph.store import open_store

    store = open_store(args.store)
    if not report_graphs(store):
        _say(f"error: {args.store}: the store holds no reports; run ties build first")
        return 1
    outcome = reason(store, write=not args.check)
    _say(f"HermiT: {outcome.individuals} individuals, {outcome.assertions} assertions "
         f"+ {outcome.rule_triples} from rules, {outcome.hermit_seconds:.1f} s: "
         + ("consistent" if outcome.consistent else "INCONSISTENT"))
    for name in outcome.unsatisfiable:
        _say(f"warning: class {name} can have no members (its axioms contradict each other)")
    if not outcome.consistent:
        for clash in outcome.clashes:
            _say(f"error: inconsistent: {clash}")
        _say(f"the inferred graph {INFERRED_GRAPH.value} was left as it was")
        return 1
    counts = ", ".join(f"{name} {n}" for name, n in outcome.by_predicate.most_common())
    verb = "would write" if args.check else "wrote"
    _say(f"{verb} {len(outcome.inferred)} inferred triples into {INFERRED_GRAPH.value} "
         f"in {outcome.seconds:.1f} s ({counts})")
    if not args.check:
        store.flush()
        from ties.graph.snapshots import publish
        publish(store, args.store)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser(
        "reason", help="check the store with HermiT and materialise inferences into graph/inferred",
        description="Check the ontology and all reports with HermiT (needs Java) and replace the named graph "
                    "resource/graph/inferred with what they imply: ties both ways (ties:tiedTo), places and "
                    "organizations within their regions and countries (ties:within), organizations that work "
                    "together (ties:worksWith), and all superclass types. Run it again after ties build.")
    p.add_argument("--check", action="store_true", help="only check consistency; leave the inferred graph alone")
    p.set_defaults(func=cmd_reason)
