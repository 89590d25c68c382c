"""Turned pages: a page's characters and rules moved into the frame in which its text reads.

Both PDF readers give a page as a viewer shows it (its /Rotate applied): ``x`` from the left, ``top``
from the top, ``width`` × ``height``. On that page the text may still run down, up or upside down: a
print driver that writes a portrait page with /Rotate 90, a Word section turned to landscape, a
landscape table placed turned on a portrait page, a /Rotate flattened into the content stream. Each
character carries how far its baseline is turned, clockwise as shown (``turn``: 0, 90, 180 or 270;
``turn_of``, from the character's matrix).

A page is read in the frame of its dominant direction, the one most of its characters share (a
table's text outweighs a rotated watermark, a margin note or an upright page number): the whole page
(characters, rules) is turned by one quarter-turn transform (``Turn``) before the word, line and table
logic sees it, so that logic is the same for every orientation. The staged boxes are turned back
(``Turn.box_back``): provenance always says where a value is on the page as shown. Characters of
other directions are read each in their own frame (``stray_lines``) and quarantined, not mixed into
the page's lines.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .geometry import SETTINGS, LayoutSettings, Word, group_lines
from .pdf_words import words_from_chars

#: How far (degrees) a baseline may lean off a quarter turn and still count as that turn; text
#: leaning more (a diagonal watermark) keeps its own angle and is never the page's direction.
QUARTER_TOLERANCE = 5.0


def turn_of(a: float, b: float) -> int:
    """How far a character's baseline is turned, clockwise as the page is shown, from its device
    matrix's first row ``(a, b)`` (PDF space, y up, the page's /Rotate applied): 0, 90, 180 or
    270, or the angle in whole degrees when it is no quarter turn."""
    angle = math.degrees(math.atan2(-b, a)) % 360.0  # y up in PDF space, down as shown
    quarter = round(angle / 90.0) * 90 % 360
    if abs((angle - quarter + 180.0) % 360.0 - 180.0) <= QUARTER_TOLERANCE:
        return quarter
    return round(angle) % 360


@dataclass(frozen=True)
class Turn:
    """The quarter turn from a page as shown (``width`` × ``height``) into the frame in which
    text turned ``degrees`` clockwise on it reads left to right: the page turned back by them."""

    degrees: int
    width: float
    height: float

    @property
    def reading_size(self) -> tuple[float, float]:
        """Width and height of the page in the reading frame."""
        return (self.height, self.width) if self.degrees in (90, 270) else (self.width, self.height)

    def point(self, x: float, top: float) -> tuple[float, float]:
        """A point of the page as shown → the reading frame."""
        if self.degrees == 90:
            return top, self.width - x
        if self.degrees == 180:
            return self.width - x, self.height - top
        if self.degrees == 270:
            return self.height - top, x
        return x, top

    def point_back(self, x: float, top: float) -> tuple[float, float]:
        """A point of the reading frame → the page as shown (``point``'s inverse)."""
        if self.degrees == 90:
            return self.width - top, x
        if self.degrees == 180:
            return self.width - x, self.height - top
        if self.degrees == 270:
            return top, self.height - x
        return x, top

    def box(self, x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
        """A box of the page as shown → the reading frame (a quarter turn keeps boxes boxes)."""
        return _box(self.point(x0, top), self.point(x1, bottom))

    def box_back(self, x0: float, top: float, x1: float, bottom: float) -> tuple[float, float, float, float]:
        """A box of the reading frame → the page as shown."""
        return _box(self.point_back(x0, top), self.point_back(x1, bottom))

    def char(self, char: dict[str, Any]) -> dict[str, Any]:
        """A character in the reading frame: upright there, its size its box's height (pdfminer's
        size of an upright character), its ``doctop`` on from the page's as before."""
        x0, top, x1, bottom = self.box(char["x0"], char["top"], char["x1"], char["bottom"])
        return {**char, "x0": x0, "x1": x1, "top": top, "bottom": bottom,
                "doctop": char["doctop"] - char["top"] + top, "upright": True, "size": bottom - top,
                "turn": (char.get("turn", 0) - self.degrees) % 360}

    def edge(self, edge: dict[str, Any]) -> dict[str, Any]:
        """A ruling edge in the reading frame (the keys the table logic reads; a quarter turn
        swaps horizontal and vertical)."""
        x0, top, x1, bottom = self.box(edge["x0"], edge["top"], edge["x1"], edge["bottom"])
        orientation = edge["orientation"]
        if orientation is not None and self.degrees in (90, 270):
            orientation = "v" if orientation == "h" else "h"
        return {"x0": x0, "x1": x1, "top": top, "bottom": bottom, "doctop": edge["doctop"] - edge["top"] + top,
                "width": x1 - x0, "height": bottom - top, "orientation": orientation}


def _box(p: tuple[float, float], q: tuple[float, float]) -> tuple[float, float, float, float]:
    return min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1])


@dataclass
class TurnedPage:
    """A page's characters and edges in the reading frame of its dominant direction (``turn``,
    ``None`` when its text is upright as shown), and its other characters by their direction."""

    chars: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    height: float
    turn: Turn | None
    stray: dict[int, list[dict[str, Any]]]


def reading_frame(chars: list[dict[str, Any]], edges: list[dict[str, Any]], width: float,
                  height: float) -> TurnedPage:
    """The page turned into the frame of the direction most of its characters share (upright on
    a tie); characters of other directions are set aside in ``stray``. A page without turned
    characters, or whose characters are mostly slanted off every quarter turn, is given back as it
    is. ``width`` × ``height``: the page as shown."""
    counts = Counter(char.get("turn", 0) for char in chars)
    if not counts or set(counts) == {0}:
        return TurnedPage(chars, edges, height, None, {})
    dominant = max(sorted(counts), key=lambda turn: (counts[turn], turn == 0))
    if dominant % 90:  # most text slanted: no frame reads it, and none is set aside (read as shown)
        return TurnedPage(chars, edges, height, None, {})
    stray: dict[int, list[dict[str, Any]]] = {}
    kept = []
    for char in chars:
        turn = char.get("turn", 0)
        if turn == dominant:
            kept.append(char)
        else:
            stray.setdefault(turn, []).append(char)
    if dominant == 0:
        return TurnedPage(kept, edges, height, None, stray)
    turn = Turn(dominant, width, height)
    return TurnedPage([turn.char(c) for c in kept], [turn.edge(e) for e in edges], turn.reading_size[1], turn,
                      stray)


def stray_lines(page: TurnedPage, width: float, height: float,
                settings: LayoutSettings = SETTINGS) -> list[tuple[list[Word], Turn, int]]:
    """The text lines of a page's stray characters, each direction read in its own frame (a
    direction that is no quarter turn, in the nearest quarter turn's), with that frame's ``Turn``
    from the page as shown (``width`` × ``height``) and the direction's own turn in degrees."""
    out: list[tuple[list[Word], Turn, int]] = []
    for degrees, chars in sorted(page.stray.items()):
        turn = Turn(round(degrees / 90.0) * 90 % 360, width, height)
        words = words_from_chars([turn.char(c) for c in chars], None, settings)
        out.extend((line, turn, degrees) for line in group_lines(words, settings))
    return out
