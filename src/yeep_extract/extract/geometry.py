"""Geometry of a table region: words → text lines, columns and fine rows, independent of the backend.

Takes plain word boxes (dicts with ``text``, ``x0``, ``x1``, ``top``, ``bottom``, ``size``) and ruling
segments, and gives column boundaries and row boundaries. It knows no header vocabulary: what
needs header words (finding a header's columns) is in ``table_header``. Thresholds are named settings in
``LayoutSettings`` with the reason for their default, so each heuristic can be tuned and tested alone.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import median
from typing import Any

Word = dict[str, Any]


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
    #: Vertical edges of the header band closer than this (points) are one column boundary: the two
    #: sides of the gap an office suite leaves between the shaded backgrounds of neighbouring header
    #: cells (LibreOffice: 2.9 pt); no column is this narrow.
    cell_spacing: float = 4.0
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


_X0, _TOP, _X1, _BOTTOM = (operator.itemgetter(key) for key in ("x0", "top", "x1", "bottom"))


def box(words: Sequence[Word]) -> tuple[float, float, float, float]:
    """Bounding box (x0, top, x1, bottom) of some words (``map`` with an item getter: asked some
    13,000 times for a 22-page report, at less than half the cost of generator expressions)."""
    return min(map(_X0, words)), min(map(_TOP, words)), max(map(_X1, words)), max(map(_BOTTOM, words))


def merge_positions(values: Sequence[float], tolerance: float) -> list[float]:
    """Sorted positions with those closer than ``tolerance`` merged into their mean."""
    groups: list[list[float]] = []
    for v in sorted(values):
        if groups and v - groups[-1][-1] <= tolerance:
            groups[-1].append(v)
        else:
            groups.append([v])
    return [sum(g) / len(g) for g in groups]


def joined_rules(horizontal: list[Word], settings: LayoutSettings = SETTINGS) -> list[Word]:
    """Horizontal rules at one height that touch end to end (or leave only an office suite's
    spacing between cells, ``cell_spacing``), joined into one: a web page draws a cell's border or
    shading per cell (one filled rectangle each), so the rule under a table row or a header band
    comes in pieces, none of which covers the table alone."""
    out: list[Word] = []
    for h in sorted(horizontal, key=lambda h: (round(h["top"] / settings.rule_merge), h["x0"])):
        last = out[-1] if out else None
        if last is not None and abs(last["top"] - h["top"]) <= settings.rule_merge \
                and h["x0"] <= last["x1"] + max(settings.rule_merge, settings.cell_spacing):
            last["x1"] = max(last["x1"], h["x1"])
        else:
            out.append({"top": h["top"], "x0": h["x0"], "x1": h["x1"]})
    return out


def columns_from_rules(vertical: Sequence[Word], band_top: float, band_bottom: float,
                       settings: LayoutSettings = SETTINGS) -> list[float]:
    """Column boundaries from vertical rules (or shaded cells' edges) that cross the header band
    (empty if fewer than 3)."""
    mid = (band_top + band_bottom) / 2
    xs = [seg["x0"] for seg in vertical if seg["top"] - 2 <= mid <= seg["bottom"] + 2]
    bounds = merge_positions(xs, max(settings.rule_merge, settings.cell_spacing))
    return bounds if len(bounds) >= 3 else []


def overlap(words: Sequence[Word], column: Sequence[Word]) -> float:
    """How far the horizontal extents of two groups of words overlap (negative: the gap between them)."""
    x0, _, x1, _ = box(words)
    cx0, _, cx1, _ = box(column)
    return min(x1, cx1) - max(x0, cx0)


def best_column(words: Sequence[Word], columns: Sequence[list[Word]]) -> list[Word]:
    """The header column the words overlap most."""
    return max(columns, key=lambda c: overlap(words, c))


def split_across_columns(line_phrases: Sequence[Sequence[Word]],
                         columns: Sequence[Sequence[Word]]) -> list[list[Word]]:
    """Phrases of a header line below the first, each cut where it crosses from one header column
    into the next: in a layout dump of narrow columns two cells' words can stand one space apart
    ("Gerçekl Gerçekl" under "2024" and "2025") and read as one phrase. A word goes with the column
    it overlaps most; a word overlapping no column stays with the words before it (a cell centred
    lower than the first line, "GÖSTERGE ADI", is no two cells); a phrase within one column is left
    whole."""
    def owner(word: Word) -> int | None:
        best = max(range(len(columns)), key=lambda k: overlap([word], columns[k]))
        return best if overlap([word], columns[best]) > 0 else None

    out: list[list[Word]] = []
    for phrase in line_phrases:
        if len(phrase) < 2 or not columns:
            out.append(list(phrase))
            continue
        owners = [owner(w) for w in phrase]
        out.append([phrase[0]])
        last = owners[0]
        for word, own in zip(phrase[1:], owners[1:], strict=True):
            if own is not None and last is not None and own != last:
                out.append([word])
            else:
                out[-1].append(word)
            last = own if own is not None else last
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
    is a number going on in digits ("17.95" + "5", with ``cut_numbers``), and so is a line broken
    after a hyphen inside a word ("Sosyo-" + "Kültürel"): joined with nothing.
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
    broken_compound = last["text"][-2:-1].isalpha() and last["text"].endswith("-")
    if broken_compound and first["text"][:1].isalpha():
        return ""  # a compound broken at its hyphen ("sesli-" + "görüntülü"), as browsers break lines
    return " "


def typical(values: Sequence[float], default: float) -> float:
    """Median of some values, or a default for none."""
    return median(values) if values else default
