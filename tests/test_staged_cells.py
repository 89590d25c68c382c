"""``extract.StagedCells``: the column store the PDF backends stage lines in gives the same staged
cell table as ``cells_frame`` over the same lines as dicts, and refuses a key it would lose."""

from __future__ import annotations

import pandas as pd
import pytest

from yeep_extract.extract import StagedCells, cells_frame

LINES = [
    {"page": 1, "kind": "line", "table": -1, "row": -1, "col": -1, "text": "1. EĞİTİM",
     "x0": 10.0, "top": 20.5, "x1": 90.0, "bottom": 30.0},
    {"page": 1, "kind": "header", "table": 0, "row": 0, "col": 4, "text": "Mevcut",
     "x0": 400.0, "top": 60.0, "x1": 430.0, "bottom": 70.0, "joiner": ""},
    {"page": 2, "kind": "body", "table": 1, "row": 3, "row_break": "text", "col": 5, "text": "%8,2",
     "x0": 450.25, "top": 100.0, "x1": 470.0, "bottom": 110.0, "joiner": "\n", "flag": "doubt"},
    {"page": None, "line_no": 7, "kind": "body", "table": 1, "row": 4, "col": 0, "text": "1.1.4."},
]


def test_frame_equals_cells_frame_of_the_same_dicts() -> None:
    staged = StagedCells()
    for line in LINES:
        staged.append(line)
    assert len(staged) == len(LINES)
    pd.testing.assert_frame_equal(staged.frame(), cells_frame(LINES))


def test_extend_and_iteration_keep_document_order() -> None:
    first, second = StagedCells(), StagedCells()
    first.append(LINES[0])
    for line in LINES[1:]:
        second.append(line)
    first.extend(second)
    assert [line["text"] for line in first] == [line["text"] for line in LINES]
    assert list(first)[3]["x0"] is None  # a missing coordinate reads back as missing
    assert first != second


def test_unknown_key_is_an_error() -> None:
    with pytest.raises(KeyError, match="colour"):
        StagedCells().append({**LINES[0], "colour": "red"})
