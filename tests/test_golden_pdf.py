"""Golden end-to-end test: the shipped 2024 PDF against the hand-checked gold rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from yeep_extract.evaluate import evaluate
from yeep_extract.pipeline import convert

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "golden" / "mersin-yeep-2024.jsonl"


@pytest.fixture(scope="module")
def pdf_result(tmp_path_factory: pytest.TempPathFactory):
    out = tmp_path_factory.mktemp("out")
    convert(ROOT / "raw" / "mersin-yeep-2024.pdf", out)
    return evaluate(out, GOLD)


def test_every_row_and_cell_right(pdf_result) -> None:
    assert pdf_result.rows_found == pdf_result.rows_expected == 146
    assert pdf_result.rows_extra == 0
    assert pdf_result.activities_found == 118
    assert pdf_result.cells == 730
    assert pdf_result.cells_right == 730, pdf_result.wrong
    assert pdf_result.silent_errors == 0


def test_titles_and_names_as_printed(pdf_result) -> None:
    assert pdf_result.text_right["activity_title"] == 146
    assert pdf_result.text_right["indicator_name"] == 146
