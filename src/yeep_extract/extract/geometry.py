"""Geometry of a table region: words → text lines, columns and fine rows, independent of the backend.

Takes plain word boxes (dicts with ``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``size``) and ruling
segments, and gives column boundaries and row boundaries. Thresholds are named settings in
``LayoutSettings`` with the reason for their default, so each heuristic can be tuned and tested alone.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from statistics import median
from typing import Any

from ..headers import YEAR
from ..headers import is_header_word as _is_header_word

Word = dict[str, Any]

#: ``headers.is_header_word`` fuzzy-matches a word against every known header; header and region
#: detection ask it again for the same words on every line and page, so answers are remembered
#: (bounded, as a long report's vocabulary is).
is_header_word = lru_cache(maxsize=8192)(_is_header_word)


@dataclass(frozen=True)
class LayoutSettings:
    """Thresholds of the layout analysis, in PDF points or as fractions of the font size."""

    #: Words whose vertical middles lie within this fraction of the font size share a text line:
    #: half a line keeps drifting baselines of one line together and two lines apart.
    line_overlap: float = 0.5
    #: Two words on one line belong to one phrase (one cell) when the gap between them is below this
    #: fraction of the font size; a space is ~0.25 em, cell padding plus a column gap is ~1 em or more.
    phrase_gap: float = 0.8
    #: Ruling lines closer than this (points) are one rule (double borders, rounding).
    rule_merge: float = 1.5
    #: A horizontal rule belongs to a column when it covers at least this share of the column's width.
    rule_cover: float = 0.5
    #: Chars whose tops lie within this many points of a line's first char share its text line when
    #: words are built (pdfplumber's default word tolerance); far below any line pitch.
    char_line_tolerance: float = 3.0
    #: Two chars of a line belong to one word when the gap between them is at most this fraction of
    #: the font size. Most PDFs print space characters, which always end a word; some place each
    #: word by position alone (LaTeX, some print drivers), and then this gap decides. A space is
    #: 0.22 em (Calibri) to 0.32 em (DejaVu Sans), letters of a word touch or overlap a little:
    #: pdfplumber's fixed 3 pt would join the words of a 7.5 pt table.
    word_gap: float = 0.12
    #: A horizontal rule belongs to a table when it covers this share of the table's width: rules
    #: between indicator rows run beside the merged activity cells only, about half the width.
    table_rule_cover: float = 0.2
    #: A rule this many font sizes below a header line's top may close the header: wrapped header
    #: cells of narrow columns run to five or six lines ("2024 / Gerçe / kleş / me").
    header_max_lines: float = 8.0
    #: A vertical gap between text lines above this many line heights ends a rule-less table region.
    table_gap_lines: float = 2.2
    #: Tolerance (points) when testing whether a line reaches the right edge of its column.
    edge_tolerance: float = 1.5
    #: Width of a space as a fraction of the font size, to test if a word would have fitted a line
    #: after a one-word line (longer lines show the font's own space between their words).
    space_width: float = 0.25
    #: A line lower than a wrapped line by more than this fraction of the font size starts a new
    #: paragraph: Word's smallest usual space after a paragraph (3 pt) is 0.3 em or more at 10 pt
    #: and below, while wrapped lines of one paragraph keep their pitch to a hundredth of a point.
    paragraph_gap: float = 0.25
    #: Pitches above this many font sizes are gaps between rows or blocks, not line pitches.
    pitch_max_lines: float = 3.0


SETTINGS = LayoutSettings()


def line_text(words: Sequence[Word]) -> str:
    """The words of a line or phrase, one space apart."""
    return " ".join(w["text"] for w in words)


def group_lines(words: Sequence[Word], settings: LayoutSettings = SETTINGS) -> list[list[Word]]:
    """Words grouped into text lines (top to bottom), each line sorted left to right."""
    lines: list[list[Word]] = []
    spans: list[tuple[float, float]] = []  # vertical middle range of each line
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        mid = (word["top"] + word["bottom"]) / 2
        tol = settings.line_overlap * word["size"]
        for i in range(len(lines) - 1, max(-1, len(lines) - 4), -1):
            lo, hi = spans[i]
            if lo - tol <= mid <= hi + tol:
                lines[i].append(word)
                spans[i] = (min(lo, mid), max(hi, mid))
                break
        else:
            lines.append([word])
            spans.append((mid, mid))
    for line in lines:
        line.sort(key=lambda w: w["x0"])
    return lines


def phrases(line: Sequence[Word], settings: LayoutSettings = SETTINGS) -> list[list[Word]]:
    """A text line split into phrases at gaps wider than a space (words of one cell stay together)."""
    out: list[list[Word]] = []
    for word in line:
        if out and word["x0"] - out[-1][-1]["x1"] < settings.phrase_gap * word["size"]:
            out[-1].append(word)
        else:
            out.append([word])
    return out


def box(words: Sequence[Word]) -> tuple[float, float, float, float]:
    """Bounding box (x0, top, x1, bottom) of some words."""
    return (min(w["x0"] for w in words), min(w["top"] for w in words),
            max(w["x1"] for w in words), max(w["bottom"] for w in words))


def merge_positions(values: Sequence[float], tolerance: float) -> list[float]:
    """Sorted positions with those closer than ``tolerance`` merged into their mean."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def columns_from_rules(vertical: Sequence[Word], band_top: float, band_bottom: float,
                       settings: LayoutSettings = SETTINGS) -> list[float]:
    """Column boundaries from vertical rules that cross the header band (empty if fewer than 3)."""
    mid = (band_top + band_bottom) / 2
    xs = [seg["x0"] for seg in vertical if seg["top"] - 2 <= mid <= seg["bottom"] + 2]
    bounds = merge_positions(xs, settings.rule_merge)
    return bounds if len(bounds) >= 3 else []


def overlap(words: Sequence[Word], column: Sequence[Word]) -> float:
    """How far the horizontal extents of two groups of words overlap (negative: the gap between them)."""
    x0, _, x1, _ = box(words)
    cx0, _, cx1, _ = box(column)
    return min(x1, cx1) - max(x0, cx0)


def best_column(words: Sequence[Word], columns: Sequence[list[Word]]) -> list[Word]:
    """The header column the words overlap most."""
    return max(columns, key=lambda c: overlap(words, c))


def header_columns(header_lines: Sequence[Sequence[Word]],
                   settings: LayoutSettings = SETTINGS) -> list[list[Word]]:
    """Header words grouped into one word list per column, left to right, without rules.

    The first header line's phrases found the columns; phrases of later lines ("/Kuruluş", "şme")
    join the column they overlap most; one overlapping none starts a column of its own when it holds
    a header word (a cell centred lower: "Faaliyet" under a line of "Destekçi Kurum" and "Gerçekle"),
    else joins the nearest.
    """
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
                columns.append(list(phrase))  # a cell whose text starts lower (centred or bottom-aligned)
            else:
                min(columns, key=distance).extend(phrase)
    return sorted(columns, key=lambda c: box(c)[0])


def _years_apart(phrase: Sequence[Word]) -> list[list[Word]]:
    """A first header line's phrase made of years only, each year a column: in a layout dump of
    narrow columns the year headers can stand one space apart ("2024 2025 2026")."""
    if len(phrase) > 1 and all(YEAR.fullmatch(w["text"]) for w in phrase):
        return [[w] for w in phrase]
    return [list(phrase)]


def split_across_columns(line_phrases: Sequence[Sequence[Word]],
                         columns: Sequence[Sequence[Word]]) -> list[list[Word]]:
    """Phrases of a header line below the first, each cut where it crosses from one header column
    into the next: in a layout dump of narrow columns two cells' words can stand one space apart
    ("Gerçekl Gerçekl" under "2024" and "2025") and read as one phrase. A word goes with the column
    it overlaps most; a phrase within one column is left whole."""
    def owner(word: Word) -> int:
        return max(range(len(columns)), key=lambda k: overlap([word], columns[k]))

    out: list[list[Word]] = []
    for phrase in line_phrases:
        if len(phrase) < 2 or not columns:
            out.append(list(phrase))
            continue
        owners = [owner(w) for w in phrase]
        start = 0
        for k in range(1, len(phrase) + 1):
            if k == len(phrase) or owners[k] != owners[start]:
                out.append(list(phrase[start:k]))
                start = k
    return out


def columns_from_gaps(header_cols: Sequence[Sequence[Word]], region_words: Sequence[Word]) -> list[float]:
    """Column boundaries from the white space between header columns, over all words of the region.

    Body text is left-aligned or centred inside its column and never crosses a column edge, so the
    edge lies in the widest vertical band free of text between two neighbouring header centres.
    """
    intervals = sorted((w["x0"], w["x1"]) for w in region_words)
    covered_spans: list[list[float]] = []
    for x0, x1 in intervals:
        if covered_spans and x0 <= covered_spans[-1][1]:
            covered_spans[-1][1] = max(covered_spans[-1][1], x1)
        else:
            covered_spans.append([x0, x1])
    gaps = [(a[1], b[0]) for a, b in itertools.pairwise(covered_spans)]
    centres = [(box(c)[0] + box(c)[2]) / 2 for c in header_cols]
    bounds = [min(w["x0"] for w in region_words) - 1]
    for left, right in itertools.pairwise(centres):
        inside = [(max(g0, left), min(g1, right)) for g0, g1 in gaps if g1 > left and g0 < right]
        inside = [g for g in inside if g[1] > g[0]]
        if inside:
            g0, g1 = max(inside, key=lambda g: g[1] - g[0])
            bounds.append((g0 + g1) / 2)
        else:
            bounds.append((left + right) / 2)
    bounds.append(max(w["x1"] for w in region_words) + 1)
    return bounds


def column_of(x0: float, x1: float, bounds: Sequence[float]) -> int | None:
    """Index of the column holding the horizontal middle of [x0, x1], None when outside."""
    mid = (x0 + x1) / 2
    for i, (lo, hi) in enumerate(itertools.pairwise(bounds)):
        if lo <= mid < hi:
            return i
    return None


def rules_per_column(horizontal: Sequence[Word], bounds: Sequence[float], top: float, bottom: float,
                     settings: LayoutSettings = SETTINGS) -> list[list[float]]:
    """For each column, the y of the horizontal rules crossing it between ``top`` and ``bottom``."""
    out: list[list[float]] = []
    for lo, hi in itertools.pairwise(bounds):
        ys = [seg["top"] for seg in horizontal
              if top - 2 <= seg["top"] <= bottom + 2
              and min(seg["x1"], hi) - max(seg["x0"], lo) >= settings.rule_cover * (hi - lo)]
        out.append(merge_positions(ys, settings.rule_merge))
    return out


def single_line_pitch(lines: Sequence[Sequence[Word]], settings: LayoutSettings = SETTINGS) -> float | None:
    """The distance between the tops of two wrapped lines of one paragraph, from lines given column
    by column in reading order: the lower quartile of the pitches between neighbours (paragraph
    spacing and row gaps only make pitches larger). None for fewer than two lines."""
    pitches = sorted(b - a for a, b in itertools.pairwise(box(line)[1] for line in lines)
                     if 0 < b - a < settings.pitch_max_lines * lines[0][0]["size"])
    return pitches[len(pitches) // 4] if pitches else None


def joiner(prev: Sequence[Word], nxt: Sequence[Word], right_limit: float,
           settings: LayoutSettings = SETTINGS, line_pitch: float | None = None,
           cut_numbers: bool = False) -> str:
    """How line ``nxt`` attaches to line ``prev`` of the same cell, judged from where ``prev`` ends
    and, when the ``line_pitch`` of wrapped lines is known, from the space above ``nxt``.

    If the first word of ``nxt`` would have fitted at the end of ``prev`` (after a space as wide as
    those between the words of ``prev``), the writer broke the line on purpose: a new paragraph
    ("\\n", e.g. one institution per line). So it is when ``nxt`` lies
    lower than a wrapped line would (Word's space after a paragraph): the only sign of a paragraph
    whose first word would not have fitted. If ``prev`` is a single word filling the line and
    ``nxt`` goes on in lower case, a word too long for the column was cut ("Gerçekle" + "şme"), as
    is a number going on in digits ("17.95" + "5", with ``cut_numbers``): joined with nothing.
    Otherwise the line wrapped: a space.
    """
    last, first = prev[-1], nxt[0]
    size = first["size"]
    if line_pitch is not None and box(nxt)[1] - box(prev)[1] > line_pitch + settings.paragraph_gap * size:
        return "\n"
    gaps = [b["x0"] - a["x1"] for a, b in itertools.pairwise(prev)]
    space = median(gaps) if gaps else settings.space_width * size  # the font's own space where seen
    # a line that fills the column exactly fits: the last bits of the sum, which differ between PDF
    # readers (pdfminer's double sums, PDFium's single-precision positions), must not decide a tie
    fits = last["x1"] + space + (first["x1"] - first["x0"]) <= right_limit + 1e-6
    if fits:
        return "\n"
    cut_word = first["text"][:1].islower()  # "Gerçekle" + "şme"
    # "17.95" + "5": only asked for lines known to share a cell, as a centred number in a narrow
    # column may reach its right edge without being cut
    cut_number = cut_numbers and first["text"][:1].isdigit() and last["text"][-1:] in "0123456789.,%"
    if len(prev) == 1 and last["x1"] >= right_limit - settings.edge_tolerance and (cut_word or cut_number):
        return ""
    return " "


def typical(values: Sequence[float], default: float) -> float:
    """Median of some values, or a default for none."""
    return median(values) if values else default
