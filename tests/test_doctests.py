"""Every docstring example of the project's modules runs: an example that rots fails the suite.

The Python API's examples need a store and run in ``test_api.py``; this collects all the others,
module by module, so a new example is tested the day it is written.
"""
from __future__ import annotations

import doctest
import importlib
import importlib.util
import pkgutil

import pytest

import ties
from test_api import DOCTESTED


def _modules() -> list[str]:
    """The modules of every package under ``ties`` whose source holds an example."""
    names = []
    for package in ("ties", "ties.graph", "ties.ingest", "ties.ontology", "ties.queries", "ties.viz"):
        module = importlib.import_module(package)
        names += [package] + [m.name for m in pkgutil.walk_packages(module.__path__, f"{package}.")]
    out = []
    for name in sorted(set(names)):
        if name in DOCTESTED or name.startswith("ties.commands"):
            continue
        spec = importlib.util.find_spec(name)
        if spec and spec.origin and spec.origin.endswith(".py") and ">>>" in open(spec.origin, encoding="utf-8").read():
            out.append(name)
    return out


@pytest.mark.parametrize("name", _modules())
def test_examples_of(name: str) -> None:
    found = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert found.attempted and not found.failed
