"""What the PDF backends (and the text backend's layout reader) share to stage a document's lines.

- ``StagedDoc``: the state carried from page to page — staged lines, quarantine, the running table
  number, page furniture, and whether table bodies have rules between their rows;
- ``emit_line``: a line outside tables, unless it is a page number in the page margin (or a running
  header or footer, found again on another page: ``StagedDoc.drop_running_lines``);
- ``is_heading``: whether such a line is a section or goal heading or the report title (a table
  region ends there);
- ``right_limits``: where each column's lines must wrap, for judging how a cell's lines join;
- ``goes_on_cut_number``: the sign, for a text row's line, of a number cut at its column's edge above.
"""

from __future__ import annotations

import itertools
import math
import re
from dataclasses import dataclass, field
from typing import Any

from ..textnorm import turkish_fold
from ..vocab import NUMBER_CUT_AT_MARK, PAGE_NUMBER
from .furniture import RunningLines
from .geometry import SETTINGS, LayoutSettings, Word, box, column_of, joiner, line_text, phrases
from .staged import StagedCells

#: A line outside tables that is a heading (on ``turkish_fold``-ed text): section ("1. ...", "1- ...",
#: "Bölüm 1"), goal ("1.1. Hedef: ...", also without "Hedef"), or the report title.
HEADING = re.compile(r"^\s*\d{1,2}(\.\d{1,2})?\.?\s+\S|\bhedef\b|gerçekleşme\s+raporu|^\s*b[öo]l[üu]m\s+\d"
                     r"|^\s*\d{1,2}\s*[):\-–]\s*[^\W\d_]{2}")
#: Share of the page height at the top and bottom where a lone number is a page number.
MARGIN_SHARE = 0.12
#: A count whose last thousands group is cut short by its column's edge ("17.95", "10.3"; not "%7.88").
_CUT_GROUP = re.compile(r"^\d{1,3}(?:\.\d{3})*\.(\d{1,2})$")


@dataclass
class StagedDoc:
    """State carried from page to page."""

    records: StagedCells = field(default_factory=StagedCells)
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    table: int = -1
    furniture: int = 0
    #: Some table body of the document has rules between its rows. When none has (no rules, or a
    #: booktabs-style frame above and below each body), rule intervals delimit no rows: every
    #: region then takes its rows from the text lines. Decided for the whole document, because one
    #: table part of a single row looks the same in both.
    row_rules: bool = True
    #: Some table region read so far has horizontal rules, so its rows depend on ``row_rules``.
    rules_read: bool = False
    #: The table that ran to the end of the last page read, which the next page may go on without a header.
    open_table: OpenTable | None = None
    #: Whether a page may go on the table of the page before without a header: not in a text dump's
    #: layout, whose columns stand where each page's own text put them.
    continue_tables: bool = True
    #: The lines staged in the page margins (``emit_line``): running headers and footers among them.
    running: RunningLines = field(default_factory=RunningLines)

    def absorb(self, later: StagedDoc) -> None:
        """Append what ``later`` read after this document's last page (its table numbers go on from ours)."""
        self.running.absorb(later.running.shifted(len(self.records)))
        self.records.extend(later.records)
        self.quarantine.extend(later.quarantine)
        self.table = later.table
        self.furniture += later.furniture
        self.open_table = later.open_table

    def drop_running_lines(self) -> None:
        """Take back the margin lines found at the same place on two pages or more (a running header
        or footer: ``furniture.RunningLines``), counted as page furniture; once every page is read."""
        repeated = set(self.running.repeated())
        if not repeated:
            return
        kept = StagedCells()
        for index, record in enumerate(self.records):
            if index not in repeated:
                kept.append(record)
        self.records = kept
        self.furniture += len(repeated)
        self.running = RunningLines()


@dataclass(frozen=True)
class OpenTable:
    """A table running to the end of its page, as a body continued on the next page without a
    header is read under it."""

    #: Column boundaries: from its vertical rules (``ruled_columns``), else from the white space
    #: between its header's columns over its text (found again over each page's text).
    bounds: list[float]
    ruled_columns: bool
    #: The header's printed lines, and the staged lines made of them.
    band: list[list[Word]]
    header: list[dict[str, Any]]

    @property
    def reach(self) -> list[float]:
        """The column boundaries as they hold on the next page: the rules' own, or without rules the
        inner ones alone (the outer ones were only where the header's text ended)."""
        return self.bounds if self.ruled_columns else [-math.inf, *self.bounds[1:-1], math.inf]


def is_heading(line: list[Word], settings: LayoutSettings = SETTINGS) -> bool:
    """One phrase that reads as a section or goal heading or the report title (``HEADING``)."""
    return len(phrases(line, settings)) == 1 and bool(HEADING.search(turkish_fold(line_text(line))))


def emit_line(line: list[Word], page_no: int, page_height: float, doc: StagedDoc) -> None:
    """Stage a line outside tables; a page number in the top or bottom margin is counted, not staged."""
    if is_page_number(line, page_height):
        doc.furniture += 1
        return
    x0, top, x1, bottom = box(line)
    text = line_text(line)
    in_margin = bottom < page_height * MARGIN_SHARE or top > page_height * (1 - MARGIN_SHARE)
    if in_margin and not is_heading(line):  # a heading repeated atop each page is still a heading
        doc.running.add(RunningLines.key(text, x0, top, bottom, page_height), len(doc.records), page_no)
    doc.records.append({"page": page_no, "kind": "line", "table": -1, "row": -1, "col": -1, "text": text,
                        "x0": x0, "top": top, "x1": x1, "bottom": bottom})


def is_page_number(line: list[Word], page_height: float) -> bool:
    """A page number ("Sayfa 3", "SAYFA 3 / 9", "- 3 -") in the top or bottom margin of the page."""
    _, top, _, bottom = box(line)
    in_margin = bottom < page_height * MARGIN_SHARE or top > page_height * (1 - MARGIN_SHARE)
    return in_margin and bool(PAGE_NUMBER.match(turkish_fold(line_text(line))))


def right_limits(bounds: list[float], words: list[Word], ruled_columns: bool) -> list[float]:
    """Right edge of the writing area of each column (where a line must wrap)."""
    by_column: dict[int | None, list[Word]] = {}
    for w in words:
        by_column.setdefault(column_of(w["x0"], w["x1"], bounds), []).append(w)
    limits = []
    for j, (lo, hi) in enumerate(itertools.pairwise(bounds)):
        col_words = by_column.get(j, [])
        if not col_words:
            limits.append(hi)
            continue
        if ruled_columns:
            pad = max(0.0, min(w["x0"] for w in col_words) - lo)
            limits.append(hi - pad)
        else:
            limits.append(max(w["x1"] for w in col_words))
    return limits


def goes_on_cut_number(prev: list[Word] | None, line: list[Word], right_limit: float,
                       line_pitch: float | None = None, settings: LayoutSettings = SETTINGS) -> bool:
    """Whether ``line``, the first line of its column in a text row, goes on a number cut at the
    column's right edge in the line just above (``prev``, the column's line before it): "17.95" /
    "5". Only a sign (staged as ``cut``): whether the line belongs to the row above is the structure
    stage's to decide.

    Without rules, a column's right edge is where its widest word ends, so the widest number of a
    column "fills" it, and a next row's number may stand right below. So the sign needs the shape of
    a cut as well: the number above ends in a thousands group cut short ("17.95", "10.3") and the
    digits below complete it to three ("17.955", "10.324"), or it ends in its decimal mark ("%29," /
    "8"), directly below it (less than a font size between the lines), with no room for them at the
    end of the line above (``geometry.joiner``; a number ending in its mark needs no such proof).
    """
    if prev is None or len(prev) != 1:
        return False
    cut_group = _CUT_GROUP.search(prev[-1]["text"])
    rest = line[0]["text"]
    dangling = bool(NUMBER_CUT_AT_MARK.match(prev[-1]["text"]))  # "%29," is no value: its decimals follow
    if not rest.isdigit() or not (dangling or (cut_group and len(cut_group.group(1)) + len(rest) == 3)):
        return False
    if box(line)[1] - box(prev)[3] > line[0]["size"]:
        return False
    return dangling or joiner(prev, line, right_limit, settings, line_pitch=line_pitch, cut_numbers=True) == ""
