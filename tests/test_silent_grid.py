"""A section heading between two tables of a full grid, and the next table's header under it.

LibreOffice prints a grid table's every cell ruled: the last rule of one table, a section heading,
and the top rule of the next table's header follow each other on one page. A heading between two
table rules used to read as a row inside the first table; the line under it, the next header's
first line ("BAŞLANGIÇ 2024 2025 2026 2024 2025": one header word, no header line on its own), went
into that table's body, and the next table's header lost its years ("HEDEF" three times): values in
the wrong years. The fixtures (``tests/fixtures/browser/make_browser.py``) are two such reports;
both readers must read every cell, with nothing doubted, and every table's header with its years.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from test_remarks import _gold, _remarks_right_or_doubted

from yeep_extract.evaluate import evaluate
from yeep_extract.extract import extract
from yeep_extract.headers import map_headers
from yeep_extract.pipeline import convert
from yeep_extract.vocab import VALUE_ROLES

BROWSER = Path(__file__).resolve().parent / "fixtures" / "browser"

#: fixture → (rows, value cells, remarks exactly right, remarks doubted).
GRID_FIXTURES = {
    # sections 2, 4 and 5 at 7.25 pt: section 4's heading and header under the end of section 2
    "libreoffice-grid-section-between": (78, 468, 76, 2),
    # sections 1 and 4 at 7 pt
    "libreoffice-grid-section-between-small": (80, 480, 80, 0),
}


@pytest.mark.parametrize("backend", ["pdfium", "pdfplumber"])
@pytest.mark.parametrize("name", list(GRID_FIXTURES))
def test_heading_between_grid_tables_reads_every_cell(name: str, backend: str, tmp_path: Path) -> None:
    n_rows, n_cells, exact, doubted = GRID_FIXTURES[name]
    result = convert(BROWSER / f"{name}.pdf", tmp_path, backend=backend)
    res = evaluate(tmp_path, BROWSER / f"{name}.jsonl")
    assert result.validation_errors == []
    assert res.rows_found == res.rows_expected == n_rows and res.rows_extra == 0
    assert res.cells_right == res.cells == n_cells and res.silent_errors == 0, res.wrong
    assert result.quarantined == 0 and result.suspects == 0
    ind = pd.read_parquet(tmp_path / result.report_id / "indicators.parquet")
    assert _remarks_right_or_doubted(ind, _gold(name)) == (exact, doubted)


@pytest.mark.parametrize("name", list(GRID_FIXTURES))
def test_every_grid_table_header_keeps_its_years(name: str) -> None:
    """Each table's header, the one under a section heading too, has six value columns of distinct
    measure and year; the heading is a line of its own, never a table row."""
    cells = extract(BROWSER / f"{name}.pdf").cells
    headers = cells[cells["kind"] == "header"]
    for table, part in headers.groupby("table"):
        labels = part.groupby("col")["text"].apply(" ".join).tolist()
        keys = [(s.role, s.year) for s in map_headers(labels) if s.role in VALUE_ROLES]
        assert len(keys) == len(set(keys)) == 6 and all(year is not None for role, year in keys[1:]), (table, labels)
    sections = cells[cells["text"].str.fullmatch(r"\d\. [A-ZÇĞİÖŞÜ ]+")]
    assert (sections["kind"] == "line").all() and len(sections) == (3 if name.endswith("between") else 2)
