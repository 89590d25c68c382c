"""Where a table's column header starts and ends among a page's text lines (PDF path and layout dumps).

A header line holds at least three known header words (``headers.is_header_word``). The header band
may start above it, when the header cells are centred or bottom-aligned and the first printed line
holds only the long labels' first words ("Destekçi", "Gerçekle"): lines of header words and word
beginnings directly above a header line belong to the band. It ends at the rule that closes the
header row, or, without one, at the first line that extends no header column.
"""

from __future__ import annotations

import re

from ..headers import YEAR, header_role
from .geometry import (
    SETTINGS,
    LayoutSettings,
    Word,
    best_column,
    box,
    header_columns,
    is_header_word,
    line_text,
    overlap,
    phrases,
    split_across_columns,
    typical,
)

#: A digit that is not part of a year: header cells hold none, body rows hold codes and values.
NON_YEAR_DIGIT = re.compile(r"(?<![\d])(?!(?:19|20)\d\d(?!\d))\d")


def is_header_line(line: list[Word]) -> bool:
    """A line holding at least three header words, two of them no year, half the line or more."""
    hits = [w for w in line if is_header_word(w["text"])]
    words = [w for w in hits if not YEAR.fullmatch(w["text"])]
    return len(hits) >= 3 and len(words) >= 2 and len(hits) >= 0.5 * len(line)


def _headerish(line: list[Word]) -> bool:
    """Header words or their beginnings, no digit but years and no colon (a heading's "Hedef:"): a
    line of a header's taller cells."""
    hits = sum(1 for w in line if is_header_word(w["text"]))
    text = line_text(line)
    return not NON_YEAR_DIGIT.search(text) and ":" not in text and hits >= 1 and hits >= 0.5 * len(line)


def header_start(lines: list[list[Word]], i: int, settings: LayoutSettings = SETTINGS) -> bool:
    """True when a column header begins at ``lines[i]``: a header line, or header-ish lines close
    above one (at most ``settings.header_max_lines`` font sizes from the first to it)."""
    if is_header_line(lines[i]):
        return True
    top = box(lines[i])[1]
    size = typical([w["size"] for w in lines[i]], 9.0)
    j = i
    while j < len(lines) and box(lines[j])[1] - top <= size * settings.header_max_lines:
        if is_header_line(lines[j]):
            return j > i
        if not _headerish(lines[j]) or (j > i and box(lines[j])[1] - box(lines[j - 1])[3] > size):
            return False
        j += 1
    return False


def header_band(lines: list[list[Word]], start: int, horizontal: list[Word],
                settings: LayoutSettings = SETTINGS) -> int:
    """Index after the last line of the column header that begins at ``lines[start]``."""
    x0, top, x1, _ = box(lines[start])
    size = typical([w["size"] for w in lines[start]], 9.0)
    below = sorted(h["top"] for h in horizontal if h["top"] > top + size * 0.5
                   and min(h["x1"], x1) - max(h["x0"], x0) > 0.3 * (x1 - x0))
    if below and below[0] < top + size * settings.header_max_lines:
        end = start + 1
        while end < len(lines) and box(lines[end])[3] <= below[0] + 1:
            end += 1
        rest = lines[start + 1:end]
        if not any(NON_YEAR_DIGIT.search(line_text(line)) for line in rest):
            return end  # a rule closes the header row (a body row above it would show a code or a value)
    columns = header_columns([lines[start]], settings)
    end = start + 1
    while end < len(lines) and box(lines[end])[1] - box(lines[end - 1])[3] <= size \
            and continues_header(lines[end], columns, settings):  # a line further down than a line's height is body
        for phrase in split_across_columns(phrases(lines[end], settings), columns):
            column = best_column(phrase, columns)
            if overlap(phrase, column) > 0:
                column.extend(phrase)
            else:
                columns.append(list(phrase))  # a header cell whose text starts lower (centred)
        end += 1
    return end


def continues_header(line: list[Word], columns: list[list[Word]], settings: LayoutSettings = SETTINGS) -> bool:
    """A line under a rule-less header continues it when each of its phrases extends a header, or
    is made of header words or their beginnings ("2024" over "Gerçe" over "kleş" over "me")."""
    for phrase in split_across_columns(phrases(line, settings), columns):
        if NON_YEAR_DIGIT.search(line_text(phrase)):
            return False
        column = best_column(phrase, columns)
        if overlap(phrase, column) <= 0:  # a cell of its own, centred lower than the first line
            if header_role(line_text(phrase)) is None and not any(is_header_word(w["text"]) for w in phrase):
                return False
            continue
        after = header_role(line_text(column) + " " + line_text(phrase))
        joined = header_role(line_text(column) + line_text(phrase))
        if after is None and joined is None and not all(is_header_word(w["text"]) for w in phrase):
            return False
    return True
