"""One import root: ``import ties`` from a folder holding its own ``graph.py`` and ``queries.py``."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_a_notebooks_own_graph_and_queries_modules_do_not_shadow_ours(tmp_path: Path, built_store: Path) -> None:
    for name in ("graph", "queries", "ingest", "viz", "ontology"):
        (tmp_path / f"{name}.py").write_text("raise ImportError('the project imported my file')\n")
    script = (f"import ties; g = ties.open({str(built_store)!r}); "
              "print(len(g.query('partners', place='Смоленска'))); "
              "import ties.graph.projections, ties.queries; print(ties.queries.__file__)")
    result = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True, timeout=300,
                            env={**os.environ, "PYTHONPATH": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    count, path = result.stdout.split()
    assert int(count) > 5 and Path(path).parent.name == "queries" and not path.startswith(str(tmp_path))
