"""Shared fixtures: the bundled sample reports and a store built from them once per session."""
from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
REPORTS = ROOT / "data" / "reports"
GOLD = ROOT.parent / "shared" / "gold"


def sample(prefix: str) -> Path:
    """The bundled sample report whose name starts with ``prefix`` ("001")."""
    return next(REPORTS.glob(f"{prefix}_*.txt"))


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    return REPORTS


@pytest.fixture(scope="session")
def sample_reports():
    """Every sample report read once: {"001": Report, ...}."""
    from ties.ingest.report import read_report
    return {p.name[:3]: read_report(p) for p in sorted(REPORTS.glob("*.txt"))}


@pytest.fixture(scope="session")
def built_store(tmp_path_factory) -> Path:
    """A store holding all five sample reports (built with the same code as ``ties build``)."""
    from ties.pipeline import ingest_paths
    path = tmp_path_factory.mktemp("store") / "store"
    result = ingest_paths([str(REPORTS)], path, quiet=True)
    stored, failures = result.stored, result.failures
    assert failures == 0 and len(stored) == 5
    return path


@pytest.fixture(scope="session")
def demo_store(tmp_path_factory) -> Path:
    """A store made by the build and reason steps of ``make demo`` (run as make would run them)."""
    import re
    import shlex
    import subprocess
    import sys
    path = tmp_path_factory.mktemp("demo") / "store"
    plan = subprocess.run(["make", "-n", "demo", f"STORE={path}", f"OUT={path.parent / 'out'}"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout
    steps = [line for line in plan.splitlines() if re.search(r"/ties --store \S+ (build|reason)\b", line)]
    assert [line.split()[3] for line in steps] == ["build", "reason"], plan
    for line in steps:  # the recipe's arguments, run by this interpreter (make's would be $(BIN)/ties)
        command = [sys.executable, "-m", "ties.cli", *shlex.split(line)[1:]]
        subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=600)
    return path
