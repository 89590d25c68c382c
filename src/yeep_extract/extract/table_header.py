"""Where a table's column header starts and ends among a page's text lines (PDF path and layout dumps).

A header line holds at least three known header words (``headers.is_header_word``). The header band
may start above it, when the header cells are centred or bottom-aligned and the first printed line
holds only the long labels' first words ("Destekçi", "Gerçekle"): lines of header words and word
beginnings directly above a header line belong to the band. It ends at the rule that closes the
header row, or, without one, at the first line that extends no header column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..headers import YEAR, header_role, is_header_word
from .geometry import (
    SETTINGS,
    LayoutSettings,
    Word,
    best_column,
    box,
    joined_rules,
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
    # a phrase may begin a wording as a whole only ("İŞ BİRLİĞİ" / "YAPILACAK KURUM")
    hits = sum(len(p) if is_header_word(line_text(p)) else sum(1 for w in p if is_header_word(w["text"]))
               for p in phrases(line))
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
    near = lines[start:start + int(settings.header_max_lines) + 1]
    below = sorted(h["top"] for h in joined_rules(horizontal, settings) if h["top"] > top + size * 0.5
                   and min(h["x1"], x1) - max(h["x0"], x0) > 0.3 * (x1 - x0)
                   and not any(_through(h["top"], line) for line in near))
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


def _through(y: float, line: list[Word]) -> bool:
    """A rule at ``y`` runs through the text of ``line``: the edge of a shaded cell shorter than its
    row (an office suite shades each header cell to its own text), not a rule between rows."""
    _, top, _, bottom = box(line)
    margin = 0.25 * typical([w["size"] for w in line], 9.0)
    return top + margin < y < bottom - margin


def continues_header(line: list[Word], columns: list[list[Word]], settings: LayoutSettings = SETTINGS) -> bool:
    """A line under a rule-less header continues it when each of its phrases extends a header, or
    is made of header words or their beginnings ("2024" over "Gerçe" over "kleş" over "me"), or goes
    on a header no role fits ("Gerçekleşme Oranı" over "(%)"). A phrase that turns a known header
    into none ("Oranı" under "Gerçekle şme") goes on the header only when another phrase of the line
    is the rest of a header word cut at its cell's edge ("şme" under "2024 Gerçekle"): a body line
    without a code (the rest of a row broken over the page) may go on a header with a word
    ("Başkanlığı" under "Sorumlu birim"), never with the rest of a cut one."""
    completes = strays = False
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
        if after is not None or joined is not None:
            completes = completes or (joined is not None and line_text(phrase)[:1].islower()
                                      and not all(is_header_word(w["text"]) for w in phrase))
        elif not all(is_header_word(w["text"]) for w in phrase) and header_role(line_text(column)) is not None:
            strays = True
    return completes or not strays


def header_columns(header_lines: Sequence[Sequence[Word]],
                   settings: LayoutSettings = SETTINGS) -> list[list[Word]]:
    """Header words grouped into one word list per column, left to right, without rules.

    The first header line's phrases found the columns; phrases of later lines ("/Kuruluş", "şme")
    join the column they overlap most; one overlapping none starts a column of its own when it holds
    a header word (a cell centred lower: "Faaliyet" under a line of "Destekçi Kurum" and "Gerçekle"),
    else joins the nearest. The text of a cell spanning several columns (``header_groups``) founds
    none: the cells under it do.
    """
    grouped = {id(w) for group, _ in header_groups(header_lines, settings) for w in group}
    header_lines = [kept for line in header_lines if (kept := [w for w in line if id(w) not in grouped])]
    columns = [column for p in phrases(header_lines[0], settings) for column in _years_apart(p)]
    for line in header_lines[1:]:
        for phrase in split_across_columns(phrases(line, settings), columns):
            x0, _, x1, _ = box(phrase)
            centre = (x0 + x1) / 2

            def distance(col: list[Word], centre: float = centre) -> float:
                cx0, _, cx1, _ = box(col)
                return abs((cx0 + cx1) / 2 - centre)

            best = best_column(phrase, columns)
            if overlap(phrase, best) > 0:
                best.extend(phrase)
            elif any(is_header_word(w["text"]) for w in phrase):
                columns.extend(_years_apart(phrase))  # a cell whose text starts lower (centred or bottom-aligned)
            else:
                min(columns, key=distance).extend(phrase)
    return sorted(columns, key=lambda c: box(c)[0])


def _years_apart(phrase: Sequence[Word]) -> list[list[Word]]:
    """A first header line's phrase made of years only, each year a column: in a layout dump of
    narrow columns the year headers can stand one space apart ("2024 2025 2026")."""
    if len(phrase) > 1 and all(YEAR.fullmatch(w["text"]) for w in phrase):
        return [[w] for w in phrase]
    return [list(phrase)]


#: Header group cell (spanning columns) → its centre may be this many font sizes from the centre
#: of the cells under it (centred text; rounding of the layout).
GROUP_CENTRE_TOLERANCE = 0.5


def header_groups(header_lines: Sequence[Sequence[Word]],
                  settings: LayoutSettings = SETTINGS) -> list[tuple[list[Word], list[list[Word]]]]:
    """Cells of a two-row header without rules that span several columns: (the group cell's
    phrase, the phrases of the cells under it), left to right.

    Without rules, only the text says which cells a group cell ("HEDEFLER", "GERÇEKLEŞME") spans:
    the cells of the header's last line under it, next to each other, with no other header text
    above them, whose span its centred text is centred over; at least two of them. A label of one
    column wrapped over two lines ("Mevcut" / "Durum") is centred over one cell only."""
    if len(header_lines) < 2:
        return []
    last = [cell for p in phrases(header_lines[-1], settings) for cell in _years_apart(p)]
    upper = [p for line in header_lines[:-1] for p in phrases(line, settings)]

    def above(cell: list[Word]) -> list[list[Word]]:
        return [p for p in upper if overlap(p, cell) > 0]

    out: list[tuple[list[Word], list[list[Word]]]] = []
    for phrase in upper:
        under = [k for k, cell in enumerate(last) if overlap(phrase, cell) > 0]
        if not under or any(p is not phrase for k in under for p in above(last[k])):
            continue
        x0, _, x1, _ = box(phrase)
        centre, size = (x0 + x1) / 2, typical([w["size"] for w in phrase], 9.0)
        best: tuple[float, int, int] | None = None  # (distance of centres, first, last cell)
        lo = under[0]
        while lo > 0 and not above(last[lo - 1]):
            lo -= 1
        hi = under[-1]
        while hi + 1 < len(last) and not above(last[hi + 1]):
            hi += 1
        for first in range(lo, under[0] + 1):
            for end in range(under[-1], hi + 1):
                cx0, _, cx1, _ = box([w for cell in last[first:end + 1] for w in cell])
                distance = abs((cx0 + cx1) / 2 - centre)
                if best is None or distance < best[0] - 0.01:
                    best = (distance, first, end)
        if best is not None and best[2] > best[1] and best[0] <= GROUP_CENTRE_TOLERANCE * size:
            out.append((list(phrase), [list(cell) for cell in last[best[1]:best[2] + 1]]))
    return out
