"""Words of a PDF page from its characters (pdfplumber backend): lines that never chain, and a
vertical rule between two characters always ends a word."""

from __future__ import annotations

import bisect
from typing import Any

from .geometry import SETTINGS, LayoutSettings, Word


def words_from_chars(chars: list[dict[str, Any]], vertical: list[Word] | None = None,
                     settings: LayoutSettings = SETTINGS) -> list[Word]:
    """Words of a page, built by pdfplumber from chars put in reading order line by line.

    pdfplumber's own ordering clusters chars into lines by chained ``top`` distances: in a table
    whose cells are centred vertically, lines of neighbouring cells lie a point or two apart and
    chain two lines of one cell into one, interleaving their letters ("g e t i re c e k"). Here a
    line cluster spans at most ``settings.char_line_tolerance`` from its first char, so it can
    never reach the next line of the same cell. A vertical rule between two chars always ends a
    word: with narrow cell margins the last word of one cell and the first of the next lie closer
    than a space ("HizmetleriPaydaşlar")."""
    from pdfplumber.utils.text import WordExtractor

    ordered: list[dict[str, Any]] = []
    cluster: list[dict[str, Any]] = []

    def flush() -> None:
        previous = None
        crossing = _crossing(cluster, vertical or [])
        for char in sorted(cluster, key=lambda c: c["x0"]):
            if previous is not None and crossing and _rule_between(previous, char, crossing):
                ordered.append({**char, "text": " "})  # a blank char: WordExtractor ends the word here
            ordered.append(char)
            previous = char

    for char in sorted(chars, key=lambda c: c["top"]):
        if cluster and char["top"] - cluster[0]["top"] > settings.char_line_tolerance:
            flush()
            cluster = []
        cluster.append(char)
    flush()
    extractor = WordExtractor(x_tolerance_ratio=settings.word_gap, y_tolerance=settings.char_line_tolerance,
                              keep_blank_chars=False, use_text_flow=True, extra_attrs=["size"])
    return extractor.extract_words(ordered)


def _crossing(chars: list[dict[str, Any]], vertical: list[Word]) -> list[Word]:
    """The vertical rules that reach the height of some char's middle, left to right: the only
    ones ``_rule_between`` can find between two of these chars (a page has many, a line few)."""
    if not chars:
        return []
    lowest = min((c["top"] + c["bottom"]) / 2 for c in chars)
    highest = max((c["top"] + c["bottom"]) / 2 for c in chars)
    return sorted((v for v in vertical if v["top"] <= highest and v["bottom"] >= lowest), key=lambda v: v["x0"])


def _rule_between(left: dict[str, Any], right: dict[str, Any], vertical: list[Word]) -> bool:
    """True when a vertical rule crossing the chars' line runs between their middles (``vertical``
    sorted by ``x0``: only the rules between the two middles are looked at)."""
    x0, x1 = (left["x0"] + left["x1"]) / 2, (right["x0"] + right["x1"]) / 2
    mid = (right["top"] + right["bottom"]) / 2
    i = bisect.bisect_right(vertical, x0, key=lambda v: v["x0"])
    while i < len(vertical) and vertical[i]["x0"] < x1:
        if vertical[i]["top"] <= mid <= vertical[i]["bottom"]:
            return True
        i += 1
    return False
