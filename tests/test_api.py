"""The Python API (``import ties``): its doctests run against a store of the sample reports, and
the behaviours the issue asks for (typed columns, names as typed, networks, views, export)."""
from __future__ import annotations

import doctest
import importlib
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from conftest import REPORTS, ROOT

import ties

#: The modules of the public API whose examples are part of the suite.
DOCTESTED = ("ties", "ties.api", "ties.frames", "ties.lookup", "ties.graph.export")
FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def _examples() -> list[doctest.DocTest]:
    finder = doctest.DocTestFinder()
    return [t for name in DOCTESTED for t in finder.find(importlib.import_module(name)) if t.examples]


@pytest.fixture(scope="module")
def g(built_store: Path) -> ties.KnowledgeGraph:
    return ties.open(built_store)


@pytest.mark.parametrize("example", _examples(), ids=lambda t: t.name)
def test_doctest(example: doctest.DocTest, built_store: Path, g, tmp_path: Path) -> None:
    example.globs.update(ties=ties, STORE=built_store, REPORTS=REPORTS, TMP=tmp_path, g=g)
    runner, report = doctest.DocTestRunner(optionflags=FLAGS), []
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        result = runner.run(example, out=report.append)
    assert result.failed == 0, "".join(report)


def test_the_api_modules_have_examples() -> None:
    names = {t.name.rsplit(".", 1)[-1] for t in _examples()}
    assert {"open", "build", "query", "places", "institutions", "countries", "network", "show", "export"} <= names
