"""One activity of a flow dump: its words cut into text and value runs → staged cell records.

Inside an activity, value tokens (``26``, ``%7.88``, ``-``) at the end of lines form runs; the text
before the first run holds the activity title, the units and the first indicator name
(``text_split``), the text between later runs the next indicator's name. Runs fill the value columns
left to right; a run with fewer or more values than columns fills them all the same, and every such
value is flagged (status ``suspect``) with the reason, as its column is not certain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from typing import Any

from ..headers import ColumnSpec
from ..vocab import NUMBER_CUT_AT_MARK, NUMBER_TOKEN, TEXT_ROLES, VALUE_ROLES, Role
from .text_header import CODE
from .text_line import TextLine
from .text_split import split_carried, split_continued, split_first
from .text_words import DASHES, Piece, is_value_token, kind_of

#: Most digits a page number has.
PAGE_NUMBER_DIGITS = 3
_DECIMAL = re.compile(r"^%?\d+[.,]\d+$")
#: A number whose last thousands group is short ("2.500.0"): no value prints so, it was cut.
_SHORT_GROUP = re.compile(r"^\d{1,3}(?:\.\d{3})+\.(\d{1,2})$")
_CUT_GROUP = "a number cut at its column's edge in a thousands group, rejoined from the next line"
_PERCENT_BETWEEN = "a percent sign printed alone between two numbers: which of them it belongs to is not certain"

#: Why a row is doubted whose last value is a lone number ending a dump without form feeds.
_MAYBE_PAGE_NUMBER = ("the row's last value is a lone number ending a dump without page breaks: it may be the "
                      "last page's number, and the row one value short; which column each belongs to is not certain")

#: A run of at most this many values before an activity's first run, with text after it, is no
#: row's values: a dash there is a printed empty unit cell ("Merkezi - Eğitim alan"), a number a
#: stray one. A longer run is a row with a text cell ("- 20 40 60 Toplantıda belli olacak").
STRAY_RUN_MAX = 1


@dataclass
class Activity:
    """An activity's words cut into text segments and value runs, in order.

    ``continued`` is the part of an activity printed under a repeated column header on the next
    page: it has no code and no title, only (repeated) units, indicator names and values.
    """

    segments: list[list[Piece]]  # segments[k] is the text before runs[k] (one more at the end)
    runs: list[list[Piece]]
    stray: list[Piece]
    continued: bool = False
    #: Of a continued part: the rest of the title, of the last unit name and of the indicator name
    #: of the row broken at the page end (``text_split.split_carried``), emitted as a row without values.
    carried: tuple[list[Piece], list[Piece], list[Piece]] = ([], [], [])
    widest: int = 0  # the most values printed in one run, before any were cut off
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    title: list[Piece] = field(default_factory=list)
    units: list[list[Piece]] = field(default_factory=list)
    first_name: list[Piece] = field(default_factory=list)

    def names(self) -> list[list[Piece]]:
        """The indicator name of each run."""
        return [self.first_name, *self.segments[1:len(self.runs)]]

    def rows(self, specs: list[ColumnSpec], inherited: set[int]) -> list[list[dict[str, Any]]]:
        """One list of cell records per indicator row."""
        col = {role: next((i for i, s in enumerate(specs) if s.role == role), None) for role in TEXT_ROLES}
        value_cols = [i for i, s in enumerate(specs) if s.role in VALUE_ROLES]
        out: list[list[dict[str, Any]]] = []
        if any(self.carried):
            title, unit, name = self.carried
            unit_col = col[Role.SUPPORTING] if col[Role.SUPPORTING] is not None else col[Role.RESPONSIBLE]
            out.append([*_cell(col[Role.ACTIVITY], [title]), *_cell(unit_col, [unit]),
                        *_cell(col[Role.INDICATOR], [name])])
        names = self.names()
        for k, run in enumerate(self.runs):
            cells: list[dict[str, Any]] = []
            if k == 0 and not self.continued:
                cells += _cell(col[Role.ACTIVITY], [self.title])
                responsible, supporting = _split_units(self.units, col)
                cells += _cell(col[Role.RESPONSIBLE], responsible)
                cells += _cell(col[Role.SUPPORTING], supporting)
            cells += _cell(col[Role.INDICATOR], [names[k]])
            cells += _values(run, value_cols, inherited)
            out.append(cells)
        return out


def _cell(col: int | None, paragraphs: list[list[Piece]]) -> list[dict[str, Any]]:
    """Records of one text cell: a record per printed line, paragraphs joined by a new line."""
    if col is None:
        return []
    out: list[dict[str, Any]] = []
    for n, paragraph in enumerate(p for p in paragraphs if p):
        for m, line in enumerate(_by_line(paragraph)):
            joiner = "" if not out else ("\n" if m == 0 and n > 0 else " ")
            out.append({"page": line[0].page, "line_no": line[0].line_no, "col": col,
                        "text": " ".join(p.text for p in line), "joiner": joiner})
    return out


def _by_line(pieces: list[Piece]) -> list[list[Piece]]:
    lines: list[list[Piece]] = []
    for p in pieces:
        if lines and lines[-1][-1].line_no == p.line_no:
            lines[-1].append(p)
        else:
            lines.append([p])
    return lines


def _values(run: list[Piece], value_cols: list[int], inherited: set[int]) -> list[dict[str, Any]]:
    """Records of a run's values, left to right; flagged when fewer were printed than there are
    columns (a run with more was cut and flagged when it was read)."""
    n, m = len(value_cols), len(run)
    flag = (f"{m} values printed for {n} value columns: placed left to right, the column is not certain"
            if m < n else None)
    out = []
    for col, piece in zip(value_cols, run, strict=False):
        why = piece.flag or flag or ("this column is missing from the table's printed header: taken from "
                                     "the previous table's header" if col in inherited else None)
        out.append({"page": piece.page, "line_no": piece.line_no, "col": col, "text": piece.text,
                    "joiner": "", "flag": why})
    if flag and run:  # the columns left without a value: which of the row's columns was empty is not certain
        out += [{"page": run[-1].page, "line_no": run[-1].line_no, "col": col, "text": "", "joiner": "",
                 "flag": flag} for col in value_cols[m:]]
    return out


def _split_units(units: list[list[Piece]], col: dict[Role, int | None]) -> tuple[list[list[Piece]],
                                                                                  list[list[Piece]]]:
    """The first name is the responsible unit, the rest supporting (the order the columns print in)."""
    if col[Role.SUPPORTING] is None:
        return units, []
    if col[Role.RESPONSIBLE] is None:
        return [], units
    return units[:1], units[1:]


def parse_activity(lines: list[TextLine], specs: list[ColumnSpec], line_major: bool = False) -> Activity:
    """An activity's lines (or a continued part's, when its first line has no code) read against
    the value columns of its table. ``line_major``: the dump prints the table line by line across
    all columns (a viewer's copy-paste), so one row's values may be spread over several lines
    with other columns' text between them (``_merge_line_major``)."""
    n_values = sum(1 for s in specs if s.role in VALUE_ROLES)
    continued = not CODE.match(lines[0].text.strip())
    pieces = _pieces(lines)
    page_ends = {ln.line_no for ln in lines if ln.page_end}
    segments: list[list[Piece]] = [[]]
    runs: list[list[Piece]] = []
    stray: list[Piece] = []
    furniture: list[Piece] = []
    maybe_page: list[Piece] = []
    widest = 0
    k = 0
    while k < len(pieces):
        end = _run_end(pieces, k, allow_first=continued)
        if end is None:
            segments[-1].append(pieces[k])
            k += 1
            continue
        run = _join_broken(pieces[k:end])
        if len(run) > n_values:
            run = _join_cut_numbers(run, n_values)
        if len(run) > n_values and _page_number(run, page_ends):
            furniture.append(run.pop())
        elif len(run) == n_values and _page_number(run, page_ends) and _own_page_number(run[-1]):
            maybe_page.append(run.pop())  # the row's values are then one short: all doubted (``_values``)
        elif len(run) == n_values and _page_number(run, page_ends) and run[-1].page is None:
            run = [replace(p, flag=p.flag or _MAYBE_PAGE_NUMBER) for p in run]
        text_follows = end < len(pieces)
        if not runs and text_follows and len(run) <= STRAY_RUN_MAX and not line_major:
            for piece in run:  # inside a line they are text; on lines of their own see STRAY_RUN_MAX
                if piece.text in DASHES or not pieces[k].line_start:
                    segments[-1].append(piece)
                else:
                    stray.append(piece)
            k = end
            continue
        widest = max(widest, len(run))
        if len(run) > n_values:
            stray += run[n_values:]
            run = [replace(p, flag=f"{len(run)} values printed for {n_values} value columns: the last "
                           f"{len(run) - n_values} quarantined, the column is not certain") for p in run[:n_values]]
        runs.append(run)
        segments.append([])
        k = end
    if line_major:
        segments, runs = _merge_line_major(segments, runs, n_values)
    activity = Activity(segments, runs, stray, continued=continued, widest=widest)
    has_units = any(s.role in (Role.RESPONSIBLE, Role.SUPPORTING) for s in specs)
    unplaced: list[Piece] = []
    if continued:
        if not line_major:  # there, a row's rest shares its lines with other columns' words
            title_rest, unit_rest, name_rest, segments[0] = split_carried(segments[0], bool(runs))
            activity.carried = (title_rest, unit_rest, name_rest)
        repeated, activity.first_name = split_continued(segments[0], has_units) if runs else ([], [])
        unplaced = [p for name in repeated for p in name]
    elif runs:
        activity.title, activity.units, activity.first_name = split_first(segments[0], has_units)
    if not line_major:  # there, text after a short run is other columns' text on the next line
        _place_text_values(activity, n_values)
    leftover = activity.segments[len(activity.runs)] if len(activity.segments) > len(activity.runs) else []
    activity.quarantine = [
        *_quarantine(activity.stray, "a value printed where no value column follows"),
        *_quarantine(furniture, "a lone number ending a page, one more than the row's columns: a page number"),
        *_quarantine(maybe_page, "a lone number ending a page, the page's own number: read as the page number, "
                     "not as the row's last value, and the row's values doubted"),
        *_quarantine(unplaced, "unit names printed again over a table continued on a new page: the "
                     "activity's units are those of its first part"),
        *_quarantine(leftover, "text after the activity's last values" if activity.runs else
                     "an activity with no values printed: its title, units and indicators cannot be told apart")]
    return activity


def _merge_line_major(segments: list[list[Piece]], runs: list[list[Piece]],
                      n_values: int) -> tuple[list[list[Piece]], list[list[Piece]]]:
    """Runs of a line-major dump joined into rows: a run short of the value columns takes the next
    runs while they fit (a row's cells print on the lines their tops fall on, between other
    columns' words). The text between joined runs goes to the row's name text, and every value of
    a row whose values came from more than one line is flagged: their order across lines is the
    order of the lines, not of the columns."""
    out_segments: list[list[Piece]] = [list(segments[0])]
    out_runs: list[list[Piece]] = []
    k = 0
    while k < len(runs):
        row = list(runs[k])
        while len(row) < n_values and k + 1 < len(runs) and len(row) + len(runs[k + 1]) <= n_values:
            out_segments[-1] += segments[k + 1]
            k += 1
            row += runs[k]
        if len({p.line_no for p in row}) > 1:
            why = (f"the row's values are printed on {len({p.line_no for p in row})} lines of a dump without "
                   "columns: which column each belongs to is not certain")
            row = [replace(p, flag=p.flag or why) for p in row]
        out_runs.append(row)
        out_segments.append(list(segments[k + 1]) if k + 1 < len(segments) else [])
        k += 1
    return out_segments, out_runs


def _quarantine(pieces: list[Piece], reason: str) -> list[dict[str, Any]]:
    """One quarantine record per printed line of the pieces, their words joined."""
    return [{"page": line[0].page, "line_no": line[0].line_no, "text": " ".join(p.text for p in line), "reason": reason}
            for line in _by_line(pieces)]


def _pieces(lines: list[TextLine]) -> list[Piece]:
    """The words of an activity's lines; the code of the first line split from a title glued to it."""
    out = []
    for n, line in enumerate(lines):
        text = line.text.strip()
        if n == 0 and (code := CODE.match(text)):
            text = f"{code.group(1)}. {text[code.end():]}"
        for m, word in enumerate(text.split()):
            out.append(Piece(word, line.line_no, line.page, m == 0))
    return out


def _run_end(pieces: list[Piece], k: int, allow_first: bool = False) -> int | None:
    """Where the run of values starting at ``pieces[k]`` ends, or None when none starts there.

    Values (and numbers cut after their decimal mark, "%52,") start a run when they fill the rest of
    their line, or when two or more stand together before more text ("- 20 40 60 Toplantı": the
    text is the next cell); a lone number inside a line is part of its text ("en az %50 temsilini").
    A run that fills its line goes on over the next lines while they start with values. The first
    word of an activity is its code, never a value, unless the part is continued from a page before
    (``allow_first``).
    """
    j = k
    line = pieces[k].line_no
    while j < len(pieces) and pieces[j].line_no == line and (
            is_value_token(pieces[j].text) or NUMBER_CUT_AT_MARK.match(pieces[j].text)
            or _lone_percent_of_number(pieces, j)):
        j += 1
    fills_line = j == len(pieces) or pieces[j].line_no != line
    values = sum(1 for p in pieces[k:j] if p.text != "%")  # "% 12,5" is one value ("en az % 50" no run)
    if (k == 0 and not allow_first) or values == 0 or not (fills_line or values >= 2):
        return None
    if fills_line and j < len(pieces) and (more := _run_end(pieces, j)) is not None:
        return more
    return j


def _lone_percent_of_number(pieces: list[Piece], j: int) -> bool:
    """A percent sign standing alone before or after a number on its line ("% 12,5", "12,5 %"):
    part of that value (``_join_broken`` joins them)."""
    if pieces[j].text != "%":
        return False
    return any(0 <= n < len(pieces) and pieces[n].line_no == pieces[j].line_no
               and NUMBER_TOKEN.match(pieces[n].text) and "%" not in pieces[n].text for n in (j - 1, j + 1))


def _join_broken(run: list[Piece]) -> list[Piece]:
    """A number cut over two lines of its cell ("%24," + "82"; "2.500.0" + "00", a thousands group
    cut short, which no number prints) or a lone % rejoined into one value. A % between two numbers
    ("16 % 12,5") may belong to either: it is joined to the number after it (the way Turkish prints
    percentages), and both numbers are doubted."""
    out: list[Piece] = []
    for n, piece in enumerate(run):
        prev = out[-1] if out else None
        if prev is not None and piece.text[:1].isdigit() and (
                prev.text.endswith((",", ".")) or prev.text == "%" or _cut_group(prev, piece)):
            why = _CUT_GROUP if _cut_group(prev, piece) else prev.flag
            out[-1] = replace(prev, text=prev.text + piece.text, flag=why)
        elif prev is not None and piece.text == "%" and n + 1 < len(run) and prev.text[:1].isdigit() \
                and "%" not in prev.text and run[n + 1].text[:1].isdigit():
            out[-1] = replace(prev, flag=prev.flag or _PERCENT_BETWEEN)
            out.append(replace(piece, flag=_PERCENT_BETWEEN))
        elif prev is not None and piece.text == "%" and prev.text[:1].isdigit():
            out[-1] = replace(prev, text=prev.text + "%")
        else:
            out.append(piece)
    return out


def _cut_group(prev: Piece, piece: Piece) -> bool:
    """A number ending its line in a thousands group cut short ("2.500.0") and the digits that
    complete the group starting the next line ("00")."""
    match = _SHORT_GROUP.match(prev.text)
    return bool(match) and piece.line_start and piece.line_no != prev.line_no and piece.text.isdigit() \
        and len(match.group(1)) + len(piece.text) == 3


def _own_page_number(piece: Piece) -> bool:
    """True when a number is its page's own number."""
    return piece.page is not None and int(piece.text) == piece.page


def _page_number(run: list[Piece], page_ends: set[int]) -> bool:
    """True when a run's last value is a lone whole number on its own line ending a page (right
    before a form feed, or the dump's last line): what a page footer prints ("... 53612" / "1" /
    next page). One more than the row's columns, it is the page number; as many, it may be either
    (a row's values print on one line in a flow dump, but not always): see ``parse_activity``. A
    dump without form feeds says neither which page it ends nor that page's number: such a row is
    doubted whole, its number kept."""
    last, before = run[-1], run[-2] if len(run) > 1 else None
    return (last.line_no in page_ends and last.line_start and last.text.isdigit()
            and len(last.text) <= PAGE_NUMBER_DIGITS and (before is None or before.line_no != last.line_no))


def _join_cut_numbers(run: list[Piece], n_values: int) -> list[Piece]:
    """A run with more values than columns, where a number with a decimal mark ends a line and the
    next line starts with bare digits: the number was cut at its narrow column's edge ("10.32" /
    "4" is 10.324). Joined, left to right, only while the run is still too long; flagged, as the
    join is read from the count alone."""
    out: list[Piece] = []
    excess = len(run) - n_values
    why = "a number cut over two lines rejoined because the row had more values than columns: not certain"
    for piece in run:
        prev = out[-1] if out else None
        if (excess > 0 and prev is not None and piece.line_start and piece.line_no != prev.line_no
                and piece.text.isdigit() and _DECIMAL.match(prev.text)):
            out[-1] = replace(prev, text=prev.text + piece.text, flag=why)
            excess -= 1
        else:
            out.append(piece)
    return out


def _place_text_values(activity: Activity, n_values: int) -> None:
    """A run short of the value columns followed by text: the text's first paragraph is a text value
    of the missing column ("Toplantıda belli olacak") and the rest the next indicator's name; when
    a second short run follows one paragraph with no measure word, and the two runs with the text
    fill no more than the value columns, all three are one row ("- 20 40 60" / text / "40")."""
    why = "text after a short run of values read as the value of its next column: columns not certain"
    k = 0
    while k < len(activity.runs):
        run = activity.runs[k]
        if len(run) >= n_values or k + 1 >= len(activity.segments) or not activity.segments[k + 1]:
            k += 1
            continue
        text = activity.segments[k + 1]
        starts = [i for i, p in enumerate(text) if i > 0 and p.line_start and p.text[:1].isupper()]
        value = Piece(" ".join(p.text for p in text[:starts[0] if starts else len(text)]), text[0].line_no,
                      text[0].page, True, why)
        last_segment = k + 1 == len(activity.runs)
        if (not starts and not last_segment and len(run) + 1 + len(activity.runs[k + 1]) <= n_values
                and not any("measure" in kind_of(p.text) for p in text)):
            activity.runs[k] = [*(replace(p, flag=p.flag or why) for p in (*run, value, *activity.runs[k + 1]))]
            del activity.runs[k + 1], activity.segments[k + 1]
            continue
        if starts or last_segment:
            activity.runs[k] = [*(replace(p, flag=p.flag or why) for p in run), value]
            activity.segments[k + 1] = text[starts[0]:] if starts else []
        k += 1
