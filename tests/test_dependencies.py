"""Declared dependencies equal imported ones: a module the code imports is declared in
``pyproject.toml`` (else a fresh install breaks), and a declared package is imported (else it is
dead weight in every install). The imports of the tests and the bench scripts they run are checked
against the test extra."""
from __future__ import annotations

import ast
import importlib.metadata as metadata
import re
import sys
import tomllib

from conftest import ROOT

CODE = ("ties", "graph", "ingest", "ontology", "queries", "viz")
#: Declared for what they carry, not for an import: the Russian dictionaries pymorphy3 loads by name.
DATA_ONLY = {"pymorphy3-dicts-ru"}
#: Used as programs or by pytest itself, not imported: the Oxigraph server binary, the notebook kernel.
NOT_IMPORTED_TEST = {"oxigraph", "ipykernel", "nbformat"}


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~;\[ ]", requirement, maxsplit=1)[0].lower().replace("_", "-")


def _imported(folders: tuple[str, ...]) -> set[str]:
    """Distributions (lower-case) behind the top-level modules the folders import."""
    modules: set[str] = set()
    for folder in folders:
        for path in (ROOT / folder).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    modules |= {alias.name.split(".")[0] for alias in node.names}
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    modules.add(node.module.split(".")[0])
    own = set(CODE) | {"ties"} | {p.stem for p in (*(ROOT / "tests").glob("*.py"), *(ROOT / "bench").glob("*.py"))}
    modules -= set(sys.stdlib_module_names) | own
    found = metadata.packages_distributions()
    unknown = {m for m in modules if m not in found}
    assert not unknown, f"imported but installed by no distribution: {unknown}"
    return {d.lower().replace("_", "-") for m in modules for d in found[m]}


def _declared() -> tuple[set[str], set[str]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return ({_name(r) for r in project["dependencies"]},
            {_name(r) for r in project["optional-dependencies"]["test"]})


def test_the_code_imports_exactly_what_it_declares() -> None:
    declared, _ = _declared()
    imported = _imported(CODE)
    assert imported - declared == set(), "imported, not declared"
    assert declared - imported - DATA_ONLY == set(), "declared, never imported"


def test_the_tests_import_only_what_is_declared_for_them() -> None:
    declared, test = _declared()
    imported = _imported(("tests", "bench"))  # the tests run bench scripts (load, build while serving)
    assert imported - declared - test == set(), "imported by tests, not declared"
    assert test - imported - {"pytest"} - NOT_IMPORTED_TEST == set(), "declared for tests, never imported"
