"""docs/tutorial.ipynb runs from top to bottom on the sample reports (nbclient); any error fails."""
from __future__ import annotations

import pytest

from conftest import ROOT

NOTEBOOK = ROOT / "docs" / "tutorial.ipynb"


def _text(cell) -> str:
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", ""))
        parts.append(out.get("data", {}).get("text/plain", ""))
        parts.append(out.get("evalue", ""))
    return "".join(parts)


def test_the_tutorial_runs_and_tells_the_smolensk_vitebsk_story() -> None:
    nbformat = pytest.importorskip("nbformat")
    from nbclient import NotebookClient

    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()  # raises on any error
    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    text = "\n".join(_text(c) for c in code)
    assert "Гимназия № 7 г. Витебска" in text and "001_89ccaa44aebf448f.txt row 9" in text  # the school pairs
    assert "institutional, 6 events" in text  # the Смоленск–Витебск edge of the place network
    assert any("image/png" in o.get("data", {}) for c in code for o in c.outputs)  # ties per year, plotted
    assert any("<iframe" in o.get("data", {}).get("text/html", "") for c in code for o in c.outputs)  # the view
