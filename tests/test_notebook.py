"""The analyst notebook: committed executed, and it still runs from top to bottom on normalized/."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "yeep-2024.ipynb"
# Kernel start-up plus pandas, DuckDB and matplotlib imports take a few seconds; a stuck cell, not a slow
# machine, is what this limit should catch.
CELL_TIMEOUT_S = 180


def test_committed_notebook_is_executed_and_self_contained() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code and all(c.execution_count is not None for c in code)
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for c in code for o in c.outputs) >= 3  # the three plots
    assert "/work/shared" not in NOTEBOOK.read_text(encoding="utf-8")


@pytest.mark.skipif(not (ROOT / "normalized").is_dir(), reason="normalized/ not generated (yeep-extract run)")
def test_notebook_runs_top_to_bottom() -> None:
    nb = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(nb, timeout=CELL_TIMEOUT_S, kernel_name="python3",
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == 3
