"""The PDF path on layouts without full grids.

The shipped PDF with its ruling lines hidden from the extractor (vertical ones, or all) keeps the real
Word text positions, values printed low in their cells included, and must give the same rows and
values: columns then come from header words and white space, rows from rules or text lines.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber.page
import pytest

from yeep_extract.evaluate import evaluate
from yeep_extract.pipeline import convert

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "golden" / "mersin-yeep-2024.jsonl"
_EDGES = pdfplumber.page.Page.edges


@pytest.mark.parametrize("keep", [pytest.param("h", id="horizontal-rules-only"), pytest.param("", id="no-rules")])
def test_shipped_pdf_without_rules(keep: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def edges(page: pdfplumber.page.Page) -> list[dict]:
        return [e for e in _EDGES.fget(page) if e["orientation"] in keep]

    monkeypatch.setattr(pdfplumber.page.Page, "edges", property(edges))
    convert(ROOT / "raw" / "mersin-yeep-2024.pdf", tmp_path)
    res = evaluate(tmp_path, GOLD)
    assert (res.rows_found, res.rows_extra) == (146, 0)
    assert res.cells_right == 730, res.wrong
    assert res.silent_errors == 0
    assert res.text_right["indicator_name"] == 146
