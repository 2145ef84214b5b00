"""``GET /store`` of ``ties serve``: the whole store, or one graph of it, per the SPARQL 1.1 Graph Store Protocol.

The whole store is what ``ties export`` writes (``graph.export``: the named graphs, without
the default graph that is their merge), in N-Quads or TriG; one graph (``?graph=IRI``,
``?default``) in any graph format. A dump is never cut: an answer over ``--max-bytes`` is
refused with one line rather than given in part, and is stopped as soon as it passes the
limit, so a big store cannot fill a worker's memory. It runs in a query worker on the
published snapshot, like every query, so it is one complete state of the store.
"""
from __future__ import annotations

import io
from typing import Any

from ties.commands.serve_worker import GRAPH_TYPES, negotiate

#: Media types of a whole dataset: quads need a dataset format.
DATASET_TYPES = {"application/n-quads": "N_QUADS", "application/trig": "TRIG"}


class _Capped(io.RawIOBase):
    """A bytes buffer that refuses to grow past ``limit``, so a dump of a big store stops early."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.buffer, self.limit, self.over = bytearray(), limit, False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if len(self.buffer) + len(data) > self.limit:
            self.over = True
            raise OSError("over the byte limit")
        self.buffer += data
        return len(data)


def dump(store: Any, job: dict[str, Any], max_bytes: int, prefixes: dict[str, str]) -> tuple:
    """The whole store, or one graph of it, for ``GET /store`` (Graph Store Protocol); never cut, so
    one over ``--max-bytes`` is refused rather than given in part."""
    from pyoxigraph import DefaultGraph, NamedNode, RdfFormat
    graph = job.get("graph")
    offers = DATASET_TYPES if graph is None else {k: v for k, v in GRAPH_TYPES.items() if v != "JSON-LD"}
    chosen = negotiate(job["accept"], offers)
    if chosen is None:
        return "unacceptable", f"cannot answer in {', '.join(job['accept'])}; offered: {', '.join(offers)}"
    options: dict[str, Any] = {"format": getattr(RdfFormat, chosen[1])}
    if chosen[1] in ("TURTLE", "TRIG"):
        options["prefixes"] = prefixes
    if graph == "":
        options["from_graph"] = DefaultGraph()
    elif graph is not None:
        options["from_graph"] = NamedNode(graph)
        if not any(True for _ in store.quads_for_pattern(None, None, None, options["from_graph"])):
            return "missing", f"the store has no graph <{graph}>"
    out = _Capped(max_bytes)
    try:
        if graph is None:  # what `ties export` writes: the named graphs; the default graph is their merge
            from ties.graph.export import export
            export(store, out, "nquads" if chosen[1] == "N_QUADS" else "trig")
        else:
            store.dump(out, **options)
    except OSError as exc:
        if out.over:
            return "error", (f"answer too large: the store is over the {max_bytes} byte limit (--max-bytes); "
                             "ask for one graph (?graph=IRI), or start ties serve with a larger --max-bytes")
        return "error", f"cannot read the store: {exc}"
    return "ok", chosen[0], bytes(out.buffer), None
