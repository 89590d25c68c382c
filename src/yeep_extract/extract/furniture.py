"""Page furniture that is neither a report's content nor worth a person's look: a watermark written
across the page, and running headers and footers.

- A watermark ("TASLAK", "ÖRNEKTİR") is a few letters many times the size of the page's text,
  often diagonal and light grey, painted over or under the table: read as text, its letters fall
  into cells ("K" before a value) or make a quarantined line of their own. Letters of such a size
  are dropped before words are built (``without_watermark``).
- A running header or footer (the municipality's name, a department, a date, "Sayfa 3 / 22") is
  the same line at the same place on every page. Page numbers alone are already told apart
  (``staging.emit_line``); any other line in a page margin that comes back at the same place with
  the same text (its digits aside: a page number or a date inside it) on another page is counted
  as furniture, not staged (``RunningLines``).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from ..textnorm import turkish_fold

#: A character at least this many times the page's median character size is a watermark's. A
#: report's title is set at most some three times its table's type; a watermark at ten or more.
WATERMARK_SIZE_RATIO = 5.0
#: Places of running lines are compared to this many points (producers place a repeated line
#: within a hundredth of a point; a page of other height moves a footer by more).
PLACE_GRID = 4.0

_DIGITS = re.compile(r"\d+")


def without_watermark(chars: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """The page's characters less those of a watermark (``WATERMARK_SIZE_RATIO`` times the page's
    median character size or more)."""
    sizes = [c["size"] for c in chars if not c["text"].isspace()]
    if not sizes:
        return list(chars)
    limit = WATERMARK_SIZE_RATIO * statistics.median(sizes)
    return [c for c in chars if c["size"] < limit]


@dataclass
class RunningLines:
    """The lines staged in the page margins so far, by their text (digits folded) and place: the
    staged records' indices and pages, so that a line found again on another page is taken back."""

    seen: dict[tuple[str, int, int], list[tuple[int, int]]] = field(default_factory=dict)

    @staticmethod
    def key(text: str, x0: float, top: float, bottom: float, page_height: float) -> tuple[str, int, int]:
        """A margin line's text with its digits folded, and its place: left edge, and distance from
        the page's top (a header) or bottom (a footer), to ``PLACE_GRID`` points."""
        edge = top if top < page_height / 2 else page_height - bottom
        return _DIGITS.sub("#", turkish_fold(text)), round(x0 / PLACE_GRID), round(edge / PLACE_GRID)

    def add(self, key: tuple[str, int, int], index: int, page_no: int) -> None:
        self.seen.setdefault(key, []).append((index, page_no))

    def shifted(self, offset: int) -> RunningLines:
        """The same lines with their record indices moved by ``offset`` (appended after others)."""
        return RunningLines({k: [(i + offset, p) for i, p in v] for k, v in self.seen.items()})

    def absorb(self, other: RunningLines) -> None:
        for key, places in other.seen.items():
            self.seen.setdefault(key, []).extend(places)

    def repeated(self) -> list[int]:
        """Indices of the lines found at the same place on two pages or more."""
        return sorted(i for places in self.seen.values() if len({p for _, p in places}) > 1 for i, _ in places)
