"""The tutorial notebooks run top to bottom, and are committed without outputs.

Each notebook in ``notebooks/`` is executed with nbclient on the ``python3`` kernel, from the
``notebooks`` folder (so relative paths such as ``../data/gov_work_reports`` resolve as they do
for a reader). They use only data shipped in the repository, never ``../shared``.
"""

from __future__ import annotations

from pathlib import Path

import nbclient
import nbformat
import pytest

NOTEBOOK_DIR = Path(__file__).resolve().parent.parent / "notebooks"
NOTEBOOKS = sorted(NOTEBOOK_DIR.glob("*.ipynb"))
CELL_TIMEOUT = 600  # seconds per cell; each notebook takes well under two minutes in all


def test_there_are_notebooks() -> None:
    names = [p.name for p in NOTEBOOKS]
    assert len(names) >= 3, names


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_is_committed_without_outputs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    dirty = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
    assert not dirty, (
        f"{path.name}: code cells {dirty} carry outputs or an execution count; "
        "clear them (Jupyter: Edit > Clear All Outputs, or `jupyter nbconvert "
        "--clear-output --inplace`) before committing"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=CELL_TIMEOUT,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK_DIR)}},
    )
    client.execute()  # raises CellExecutionError naming the failing cell
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.get("outputs", [])
        if out.get("output_type") == "error"
    ]
    assert not errors
    # every cell that draws with policytext.plot shows its chart
    blank = [
        i
        for i, cell in enumerate(nb.cells)
        if cell.cell_type == "code"
        and "plot.plot_" in cell.source
        and not any("image/png" in out.get("data", {}) for out in cell.get("outputs", []))
    ]
    assert not blank, f"{path.name}: cells {blank} call policytext.plot but display no chart"
