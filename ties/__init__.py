"""ties: the international ties of Russian municipalities as a knowledge graph.

The Python API (``ties.api``)::

    import ties
    g = ties.build(["data/reports"], store=".ties/store")   # or ties.open(".ties/store") / ties.open(URL)
    g.query("partners", place="Смоленска")                  # a pandas DataFrame with typed columns
    g.places("Smolensk"); g.countries("BY")                 # names as people type them
    g.network("place", since="2023")                        # NetworkX, cut as ties metrics cuts
    g.show("place", focus="Смоленск")                       # the ties viz page, inline in Jupyter
    g.export("all.trig")                                    # ties export

The names load on first use, so the command line does not pay for pandas.
"""
from __future__ import annotations

from typing import Any

__all__ = ["KnowledgeGraph", "NotFound", "QueryError", "View", "build", "open"]

_HOMES = {"KnowledgeGraph": "ties.api", "View": "ties.api", "build": "ties.api", "open": "ties.api",
          "NotFound": "ties.lookup", "QueryError": "ties.queries"}


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        import importlib
        return getattr(importlib.import_module(_HOMES[name]), name)
    raise AttributeError(f"module 'ties' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
