"""``staging.goes_on_cut_number``: the sign of a number cut at its column's edge, given only where
the shape of a cut is there too (a column's widest number always reaches its edge without rules)."""

from __future__ import annotations

from typing import Any

import pytest

from yeep_extract.extract.staging import goes_on_cut_number

SIZE = 7.5
EDGE = 120.0


def _line(text: str, top: float, x0: float = 100.0) -> list[dict[str, Any]]:
    return [{"text": text, "x0": x0, "x1": x0 + 4 * len(text), "top": top, "bottom": top + SIZE, "size": SIZE}]


@pytest.mark.parametrize(("above", "below", "cut"), [
    ("17.95", "5", True),  # "17.955": the thousands group completed
    ("10.3", "24", True),
    ("17.95", "55", False),  # four digits in the group: no thousands grouping
    ("277", "19", False),  # a whole number above: the next row's number below
    ("12.345", "6", False),
    ("17.95", "x", False),
])
def test_shape_of_a_cut(above: str, below: str, cut: bool) -> None:
    prev = _line(above, 10.0, x0=EDGE - 4 * len(above))
    assert goes_on_cut_number(prev, _line(below, 10.0 + SIZE * 1.2), EDGE) is cut


def test_a_line_further_down_is_no_continuation() -> None:
    prev = _line("17.95", 10.0, x0=EDGE - 20)
    assert goes_on_cut_number(prev, _line("5", 10.0 + SIZE * 1.2), EDGE)
    assert not goes_on_cut_number(prev, _line("5", 10.0 + SIZE * 3), EDGE)
    assert not goes_on_cut_number(None, _line("5", 10.0), EDGE)
