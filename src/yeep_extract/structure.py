"""Structure: staged cell lines → indicator rows and value cells (still raw text).

Takes ``Extraction.cells`` (``vocab.STAGED_CELL_COLUMNS``) and gives a ``Structured`` report:

- ``rows``: one row per indicator (``STAGED_ROW_COLUMNS``): section, goal, activity, printed unit
  lists, indicator name and where the row starts (its page; for a text input also its first and last
  line);
- ``values``: one row per value cell of every indicator (``STAGED_VALUE_COLUMNS``), empty cells
  included, with the raw text, measure, year and the cell's page and box, or, for a text input, its
  page and first and last line (an empty cell: its row's lines);
- ``quarantine``: text that fits nowhere (a line outside tables that is no heading, values with no
  activity before them).

Lines outside tables are read as the title ("2024 YILI GERÇEKLEŞME RAPORU" gives the report year,
also wrapped over two lines), section headings ("1. EĞİTİM VE FARKINDALIK") and goal headings
("1.1. Hedef: ...", also without "Hedef", or "Hedef 1.1: ..."); a repeated goal heading over a
continued table changes nothing. Header lines go through ``headers.map_headers``. Body fine rows
become logical rows here, because only here is it known which column holds the activity, the
indicator and the values:

- an activity code at the start of the activity cell starts a new activity;
- a rule-delimited fine row is a new indicator row of the current activity, except the first row of a
  table continued from the previous page when it completes the previous row (a row broken across
  a page: its value cells fill only what the previous part left empty, or it has no values and
  holds the rest of the indicator text) — then it is stitched on;
- a fine row found only as a text line (no rules) starts a new indicator when it has an indicator
  text and values; otherwise it continues the current row (wrapped lines, values printed lower in
  their cell, a number broken over two lines). That reading assumes top-aligned cells: when most
  activity codes on text rows stand beside no indicator (cells centred or bottom-aligned), every
  value is flagged, as rows may have gone to the wrong activity.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from typing import Any, NamedTuple

import pandas as pd

from .headers import YEAR, ColumnSpec, map_headers, suggested_row
from .textnorm import nfc
from .vocab import CODE_AT_START, NUMBER_TOKEN, STAGED_CELL_COLUMNS, VALUE_ROLES, Role, section_heading, title_year

#: A goal heading: "1.1. Hedef: ...", "1.1 Hedef ...", "1.1.Hedef: ..." typed without its space (never
#: an activity's three-level code), "1.1. Amaç: ..." (the label is no part of the title).
_GOAL = re.compile(r"^\s*(\d{1,2}\.\d{1,2})(?:\.(?!\d)\s*|\s+)(?:(?:hedef|amaç|amac)\s*:?\s*)?(.*)$", re.IGNORECASE)
#: The other order of a goal heading: "Hedef 1.1: ...", "HEDEF 1.1. ...".
_GOAL_WORD_FIRST = re.compile(r"^\s*hedef\s+(\d{1,2}\.\d{1,2})\.?\s*[:\-–]?\s*(.*)$", re.IGNORECASE)
_HEDEF = re.compile(r"^\s*(?:hedef|amaç|amac)\s*:?\s*", re.IGNORECASE)
#: A goal heading with neither code nor title (". Hedef:"), repeated over a section without goals.
_EMPTY_GOAL = re.compile(r"^[\s.]*hedef\s*:?\s*$", re.IGNORECASE)
_BROKEN_NUMBER_END = re.compile(r"[.,]$")
_DIGITS = re.compile(r"^\d+%?$")


_UNCERTAIN_ROW = "row boundary uncertain: joined to the row above, whose empty cells it fills"
_CUT_NUMBER = "number cut at its column's edge, rejoined from the line below"
_MAYBE_CUT = "a number fills its column to the edge and digits follow on the next line: it may be cut"
_NOT_TOP_ALIGNED = "table without rules whose cells are not top-aligned: the row's activity is uncertain"
#: Share of activity codes (in tables without rules) printed on the line of an indicator, below
#: which the cells are taken as not top-aligned. Top-aligned tables have nearly all (a code stands
#: beside no indicator only when that row's indicator cell is empty); centred ones about a third.
TOP_ALIGNED_MIN_SHARE = 0.6
#: Activity codes needed before the alignment is judged (a short table proves little).
TOP_ALIGNED_MIN_CODES = 5


class StructureError(ValueError):
    """The report's layout cannot be read as a YEEP table (no table, unknown header, no year)."""


class StagedLine(NamedTuple):
    """One line of the staged cell table (``vocab.STAGED_CELL_COLUMNS``, same names and order).

    A tuple rather than a dict per line: a long report has tens of thousands of lines, all held
    until its rows are built, and a tuple takes about a quarter of a dict's memory."""

    seq: int
    page: Any  # int, or pd.NA for text input without form feeds
    line_no: Any  # int, or pd.NA for PDF input
    kind: str
    table: int
    row: int
    row_end: int
    row_break: str
    col: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    joiner: str
    cut: bool
    flag: str | None


assert StagedLine._fields == tuple(STAGED_CELL_COLUMNS), "StagedLine must follow vocab.STAGED_CELL_COLUMNS"


@dataclass
class _Cell:
    """Lines of one cell of a logical row, in order, with the joiner before each."""

    lines: list[StagedLine] = field(default_factory=list)

    def text(self, paragraph: str = "\n") -> str:
        out = ""
        for n, line in enumerate(self.lines):
            join = "" if n == 0 else (paragraph if line.joiner == "\n" else line.joiner)
            out += join + str(line.text).strip()
        return out.strip()

    def filled(self) -> bool:
        return any(str(line.text).strip() for line in self.lines)


@dataclass
class _Activity:
    code: str
    section_no: int | None
    section_title: str | None
    goal_code: str | None
    goal_title: str | None
    cells: dict[Role, _Cell] = field(default_factory=dict)


@dataclass(eq=False)
class _Remark:
    """A remark cell ("Açıklama") and the fine rows it spans: the indicator rows read from those
    rows share it (a cell merged over an activity's rows belongs to each of them). ``ruled``: its
    rows are delimited by rules, which show where a merged cell ends; text rows show it only when
    the cell's text runs on beside the next row. A page break hides it too: ``open_below``, a cell
    reaching the end of its table part while its activity goes on in the next part (where it may
    go on, blank or not), and ``open_above``, a cell opening that next part (it may be the rest of
    the one above)."""

    cell: _Cell
    activity: _Activity
    table: int
    row_end: int
    ruled: bool
    open_below: bool = False
    open_above: bool = False

    def covers(self, table: int, row: int) -> bool:
        return table == self.table and row <= self.row_end


@dataclass
class _Row:
    activity: _Activity
    specs: list[ColumnSpec]
    cells: dict[int, _Cell] = field(default_factory=dict)
    remark: _Remark | None = None


@dataclass
class Structured:
    """Output of the structure stage."""

    report_year: int
    rows: pd.DataFrame
    values: pd.DataFrame
    quarantine: list[dict[str, Any]]
    #: The lines outside tables before the first column header (the title): whose report it is.
    front_text: str = ""
    #: column headers that fit no role: ``header``, ``page``, ``suggested_row`` (``headers.suggested_row``)
    unmatched_headers: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _State:
    report_year: int | None = None
    section_no: int | None = None
    section_title: str | None = None
    goal_code: str | None = None
    goal_title: str | None = None
    goal_open: bool = False  # the last line read was a goal heading: a next line may continue it
    headings_since_table: bool = False
    specs: dict[int, list[ColumnSpec]] = field(default_factory=dict)
    activity: _Activity | None = None
    rows: list[_Row] = field(default_factory=list)
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    last_table: int | None = None
    outside_text: str | None = None  # the line just read, when it was set aside as no heading
    front: list[str] = field(default_factory=list)  # lines read before the first column header
    text_codes: list[bool] = field(default_factory=list)  # per activity code on a text row: indicator beside it
    output: _Output = field(default_factory=lambda: _Output())
    #: headers that fit no role, by printed text: where first seen and the registry row to add
    unmatched_headers: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: the remark cell read last: the next rows of the activity within its span share it
    remark: _Remark | None = None
    #: the last fine row read of each table part (a remark cell reaching it is cut by the part's end)
    last_row: dict[int, int] = field(default_factory=dict)

    def finish_rows(self) -> None:
        """Hand the rows read so far to the output: called when a new activity starts, after which
        no earlier row changes, so that their staged lines are not held to the end of the report."""
        self.output.add(self.rows)
        self.rows = []


@dataclass
class _Output:
    """The indicator rows and value cells made so far, column by column (``add``, then ``frames``)."""

    rows: dict[str, list[Any]] = field(default_factory=dict)
    values: dict[str, list[Any]] = field(default_factory=dict)
    seq_by_activity: dict[str, int] = field(default_factory=dict)

    def add(self, rows: list[_Row]) -> None:
        """Turn finished rows into output records: one per indicator, one per value cell."""
        for row in rows:
            act = row.activity
            seq = self.seq_by_activity[act.code] = self.seq_by_activity.get(act.code, 0) + 1
            title = nfc(act.cells.get(Role.ACTIVITY, _Cell()).text(paragraph=" "))
            title = CODE_AT_START.sub("", title, count=1).strip()
            ind_col = _role_cols(row.specs, Role.INDICATOR)[0]
            indicator = nfc(row.cells[ind_col].text(paragraph=" ")) if ind_col in row.cells else ""
            first = _first_line(row)
            own_remark = row.remark is not None and not any(r.remark is row.remark for r in rows if r is not row)
            remark_lines = row.remark.cell.lines if row.remark is not None and own_remark else []
            row_lines = _line_span([ln for cell in row.cells.values() for ln in cell.lines] + remark_lines)
            _append(self.rows, {
                "section_no": act.section_no, "section_title": act.section_title, "goal_code": act.goal_code,
                "goal_title": act.goal_title, "activity_code": act.code, "activity_title": title,
                "responsible_units_printed": _units(act.cells.get(Role.RESPONSIBLE)),
                "supporting_units_printed": _units(act.cells.get(Role.SUPPORTING)),
                "indicator_seq": seq, "indicator_name": indicator, "source_page": first.page if first else None,
                "source_line_start": row_lines[0], "source_line_end": row_lines[1],
                **_remark_record(row, rows),
            })
            for c, spec in enumerate(row.specs):
                if spec.role not in VALUE_ROLES:
                    continue
                cell = row.cells.get(c, _Cell())
                lines = cell.lines
                pages = sorted({ln.page for ln in lines if pd.notna(ln.page)})
                on_first = [ln for ln in lines if not pages or ln.page == pages[0]]
                flags = list(dict.fromkeys([str(ln.flag) for ln in lines if ln.flag and pd.notna(ln.flag)]
                                           + ([spec.doubt] if spec.doubt else [])))
                # an empty cell has no lines of its own: it lies somewhere in its row's lines
                cell_lines = _line_span(lines) if lines else row_lines
                _append(self.values, {
                    "activity_code": act.code, "indicator_seq": seq, "measure": spec.role.value,
                    "year": spec.year,  # the report's year where the header names none: ``frames``
                    "raw": cell.text(), "flag": "; ".join(flags) or None,
                    "place_note": f"continued on page {pages[-1]}" if len(pages) > 1 else None,
                    "source_page": pages[0] if pages else (first.page if first else None),
                    "source_line_start": cell_lines[0], "source_line_end": cell_lines[1],
                    "x0": min((ln.x0 for ln in on_first), default=None),
                    "top": min((ln.top for ln in on_first), default=None),
                    "x1": max((ln.x1 for ln in on_first), default=None),
                    "bottom": max((ln.bottom for ln in on_first), default=None),
                })

    def frames(self, year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The rows and values tables; a target or actual under a header without a year is ``year``'s."""
        self.values["year"] = [None if measure == Role.BASELINE.value else (y or year)
                               for measure, y in zip(self.values["measure"], self.values["year"], strict=True)]
        return pd.DataFrame(self.rows), pd.DataFrame(self.values)


def _remark_record(row: _Row, rows: list[_Row]) -> dict[str, Any]:
    """The remark columns of one indicator row (``rows``: every row of its activity): the text with
    wrapped lines joined (a dash alone is no remark), whether the cell is the row's own or merged over
    the activity's rows (or some of them; ``unsure`` when that cannot be seen: the activity's next
    row prints no remark and no rule or a page break stands between them, or the cell opens a table
    part after a cell cut by the page break), and its first page and box there."""
    remark = row.remark
    lines = remark.cell.lines if remark is not None else []
    text = nfc(remark.cell.text(paragraph=" ")) if remark is not None else ""
    if not text or text in {"-", "–", "—"}:
        return {"remark": None, "remark_scope": None, "remark_page": None,
                **{f"remark_{k}": None for k in ("x0", "top", "x1", "bottom")}}
    sharing = [n for n, r in enumerate(rows) if r.remark is remark]
    after = sharing[-1] + 1
    hidden_below = (not remark.ruled or remark.open_below) and after < len(rows) \
        and (rows[after].remark is None or rows[after].remark.open_above)
    if hidden_below or remark.open_above:
        scope = "unsure"  # a cell merged over the rows below (or above) would look the same
    else:
        scope = "indicator" if len(sharing) == 1 else "activity" if len(sharing) == len(rows) else "rows"
    pages = sorted({ln.page for ln in lines if pd.notna(ln.page)})
    on_first = [ln for ln in lines if not pages or ln.page == pages[0]]
    return {"remark": text, "remark_scope": scope, "remark_page": pages[0] if pages else None,
            "remark_x0": min(ln.x0 for ln in on_first), "remark_top": min(ln.top for ln in on_first),
            "remark_x1": max(ln.x1 for ln in on_first), "remark_bottom": max(ln.bottom for ln in on_first)}


def _append(columns: dict[str, list[Any]], record: dict[str, Any]) -> None:
    for name, value in record.items():
        columns.setdefault(name, []).append(value)


def build(cells: pd.DataFrame, fallback_year: int | None = None) -> Structured:
    """Indicator rows and value cells of one report from its staged cell lines."""
    state = _State()
    for key, lines in _groups(cells):
        if key[0] == "line":
            _read_line(lines[0], state)
        elif key[0] == "header":
            header: dict[int, _Cell] = {}
            for line in lines:
                header.setdefault(line.col, _Cell()).lines.append(line)
            specs = _doubt_repeated_measures(map_headers([header[c].text(paragraph=" ") if c in header else ""
                                                         for c in range(max(header) + 1)], unknown_ok=True),
                                             state.report_year)
            specs = _doubt_run_together(specs)
            state.specs[key[1]] = specs
            _quarantine_unmatched_headers(specs, header, state)
        else:
            by_column: dict[int, list[StagedLine]] = {}
            for line in lines:
                by_column.setdefault(line.col, []).append(line)
            _read_fine_row(key[1], by_column, state)
    state.finish_rows()
    if not state.output.rows:
        raise StructureError("no YEEP table found (no column header with Faaliyet/Gösterge/Mevcut)")
    year = state.report_year or fallback_year
    if year is None:
        raise StructureError("no report year: no title naming a report and one year ('2024 YILI GERÇEKLEŞME "
                             "RAPORU') before the first table, and no year in the file name (e.g. name it "
                             "mersin-2024.pdf)")
    rows, values = state.output.frames(year)
    if _not_top_aligned(state.text_codes):
        values["flag"] = [f"{f}; {_NOT_TOP_ALIGNED}" if isinstance(f, str) else _NOT_TOP_ALIGNED
                          for f in values["flag"]]
    return Structured(year, rows, values, state.quarantine, " ".join(state.front),
                      list(state.unmatched_headers.values()))


def _groups(cells: pd.DataFrame) -> Iterator[tuple[tuple[Any, ...], list[StagedLine]]]:
    """The staged lines as the structure reads them: a line outside tables on its own, all header
    lines of a table, all lines of a fine row; groups in the order of their first line, lines in
    document order.

    A group is handed on as soon as its last line has been read, and lines become ``StagedLine``
    tuples only as they are read, so only the groups still open are held: one, when the backend
    stages a fine row's lines together, as the three backends do. (A long report has tens of
    thousands of lines; holding them all was the largest part of its peak memory.)
    """
    keys: list[tuple[Any, ...]] = [
        ("line", i) if kind == "line" else ("header", table) if kind == "header" else ("body", table, row)
        for i, (kind, table, row) in enumerate(zip(cells["kind"], cells["table"], cells["row"], strict=True))]
    last = {key: i for i, key in enumerate(keys)}
    pending: dict[tuple[Any, ...], list[StagedLine]] = {}  # open groups, in the order of their first line
    lines = map(StagedLine._make, cells[list(STAGED_CELL_COLUMNS)].itertuples(index=False, name=None))
    for i, (key, line) in enumerate(zip(keys, lines, strict=True)):
        pending.setdefault(key, []).append(line)
        while pending and last[next(iter(pending))] <= i:
            first = next(iter(pending))
            yield first, pending.pop(first)


def _not_top_aligned(text_codes: list[bool]) -> bool:
    """Rows without rules are read top down, which assumes top-aligned cells: an activity's code on
    the line of its first indicator. When most codes stand beside no indicator, the cells are
    centred or bottom-aligned, rows may have gone to the wrong activity, and every value is doubted."""
    return len(text_codes) >= TOP_ALIGNED_MIN_CODES and \
        sum(text_codes) < TOP_ALIGNED_MIN_SHARE * len(text_codes)


def _read_line(rec: StagedLine, state: _State) -> None:
    text = nfc(str(rec.text))
    if not state.specs:
        state.front.append(text)
    front = not state.specs
    title = title_year(text, front)
    outside, state.outside_text = state.outside_text, None
    if title is None and state.report_year is None and outside is not None:
        # a title wrapped over two lines ("... EYLEM PLANI 2024 YILI" / "GERÇEKLEŞME RAPORU")
        title = title_year(f"{outside} {text}", front)
        if title:
            state.quarantine.pop()  # the title's first line, set aside when it was read alone
    goal = _GOAL.match(text) or _GOAL_WORD_FIRST.match(text)
    section = section_heading(text)
    if _EMPTY_GOAL.match(text):
        state.goal_open = False
    elif title:
        state.report_year = state.report_year or title
        state.goal_open = False
    elif goal:
        code, rest = goal.group(1), _HEDEF.sub("", goal.group(2)).strip()
        if code != state.goal_code or state.section_no is None:
            state.goal_code, state.goal_title = code, rest
            state.headings_since_table = True
        state.goal_open = True
    elif section:
        state.section_no, state.section_title = section
        state.goal_code = state.goal_title = None
        state.goal_open = False
        state.headings_since_table = True
    elif state.goal_open and state.goal_title is not None and _may_go_on_heading(text):
        state.goal_title = f"{state.goal_title} {text}".strip()
    else:
        state.quarantine.append({**_where(rec), "text": text, "reason": "text outside tables that is no heading"})
        state.outside_text = text


def _may_go_on_heading(text: str) -> bool:
    """A line after a goal heading can be the rest of its wrapped title, unless it reads as a table
    row: an activity code first, or two or more numbers (a row printed outside any table, as on a
    page going on a table without its header, goes to quarantine, never into the title)."""
    code = CODE_AT_START.match(text)
    numbers = sum(1 for word in text.split() if NUMBER_TOKEN.match(word))
    return not (code and code.group(1).count(".") == 2) and numbers < 2


def _where(rec: StagedLine) -> dict[str, Any]:
    return {"page": rec.page, "line_no": rec.line_no, "x0": rec.x0, "top": rec.top, "x1": rec.x1,
            "bottom": rec.bottom}


def _doubt_repeated_measures(specs: list[ColumnSpec], report_year: int | None) -> list[ColumnSpec]:
    """Two value columns of one measure and year (three "HEDEF" without their years, when a header's
    first line was lost): which value is which year cannot be known, so every value under them is
    doubted (their cell may even be empty)."""
    def key(spec: ColumnSpec) -> tuple[Role | None, int | None]:
        return spec.role, None if spec.role == Role.BASELINE else (spec.year or report_year)

    keys = [key(s) for s in specs]
    return [replace(s, doubt=f"{len([k for k in keys if k == keys[i]])} columns read as {s.role} "
                             f"{keys[i][1] or ''}: the header's years may be lost".replace("  ", " "))
            if s.role in VALUE_ROLES and keys.count(keys[i]) > 1 else s for i, s in enumerate(specs)]


def _doubt_run_together(specs: list[ColumnSpec]) -> list[ColumnSpec]:
    """A column whose header holds several years ("2024 2025 HEDEF HEDEF") is the headers of
    neighbouring columns read as one (columns printed one space apart in a text dump): the table
    then has fewer columns than it prints, and every value of it may have been placed a column off,
    so all are doubted (their cell may even be empty)."""
    crowded = [s.header for s in specs if len(set(YEAR.findall(s.header))) > 1]
    if not crowded:
        return specs
    why = (f"the column header {crowded[0]!r} holds several years: neighbouring columns were read as one, "
           "so the table's values may stand in other columns")
    return [replace(s, doubt="; ".join(x for x in (s.doubt, why) if x)) if s.role in VALUE_ROLES else s
            for s in specs]


def _quarantine_unmatched_headers(specs: list[ColumnSpec], header: dict[int, _Cell], state: _State) -> None:
    """A header that fits no role is quarantined with its page and box (its column's text follows,
    ``_attach``), and named once per report in ``unmatched_headers`` with the row to add to
    ``schemas/headers.csv``."""
    for c, spec in enumerate(specs):
        if spec.role is not None or c not in header:
            continue
        for rec in header[c].lines:
            state.quarantine.append({**_where(rec), "text": rec.text, "reason": _unmatched_reason(spec)})
        if spec.header not in state.unmatched_headers:
            first = header[c].lines[0]
            state.unmatched_headers[spec.header] = {"header": spec.header, "page": _page_or_none(first.page),
                                                    "suggested_row": suggested_row(spec.header)}


def _unmatched_reason(spec: ColumnSpec) -> str:
    return f"column header {spec.header!r} fits no role (schemas/headers.csv)"


def _page_or_none(page: Any) -> int | None:
    return None if pd.isna(page) else int(page)


def _role_cols(specs: list[ColumnSpec], role: Role) -> list[int]:
    return [i for i, s in enumerate(specs) if s.role == role]


def _read_fine_row(table: int, cols: dict[int, list[StagedLine]], state: _State) -> None:
    state.goal_open = False
    specs = state.specs.get(table) or (state.specs[max(state.specs)] if state.specs else None)
    first_of_table = state.last_table != table
    continued = first_of_table and not state.headings_since_table and bool(state.rows)
    cut_remark = _remark_cut_by_part_end(state) if continued else None
    state.last_table = table
    state.headings_since_table = False
    if specs is None:
        for lines in cols.values():
            for rec in lines:
                state.quarantine.append({**_where(rec), "text": rec.text, "reason": "table row before any header"})
        return
    act_col = _role_cols(specs, Role.ACTIVITY)[0]
    ind_col = _role_cols(specs, Role.INDICATOR)[0]
    value_cols = [i for i, s in enumerate(specs) if s.role in VALUE_ROLES]
    text_of = {c: _Cell(lines).text() for c, lines in cols.items()}
    code = CODE_AT_START.match(text_of.get(act_col, ""))
    for code_col in _role_cols(specs, Role.CODE):  # "No" | "Faaliyet": the code in a column of its own
        code = code or CODE_AT_START.match(text_of.get(code_col, "").strip() + " ")
    current = state.rows[-1] if state.rows else None
    row_break = next(iter(cols.values()))[0].row_break
    key_row = next(iter(cols.values()))[0].row
    state.last_row[table] = max(state.last_row.get(table, 0), key_row)
    if code and (state.activity is None or code.group(1) != state.activity.code):
        if row_break == "text":
            state.text_codes.append(bool(text_of.get(ind_col, "").strip()))
        state.finish_rows()
        state.activity = _new_activity(code.group(1), state)
        state.rows.append(_Row(state.activity, specs, remark=_spanning_remark(state, table, key_row)))
        _attach(state, state.rows[-1], cols, joiner=None)
        return
    if state.activity is None or current is None:
        for lines in cols.values():
            for rec in lines:
                state.quarantine.append({**_where(rec), "text": rec.text, "reason": "table row before any activity"})
        return
    has_values = any(text_of.get(c, "").strip() for c in value_cols)
    indicator = text_of.get(ind_col, "")
    if row_break == "text" and _continues_cut_numbers(state, current, cols, text_of, value_cols):
        return
    fits = _completes(current, cols, text_of, value_cols)
    incomplete = any(c not in current.cells or not current.cells[c].filled() for c in value_cols)
    incomplete = incomplete or (has_values and all(  # its values only go on text values above
        _wraps(current.cells[c].text() if c in current.cells else "", text_of[c])
        for c in value_cols if text_of.get(c, "").strip()))
    # rule rows: the first row of a continued table is the rest of the row broken at the page end
    # when its values only fill what that row left empty; with no values at all it is the rest of
    # the indicator text (a row of its own with every value cell empty is far rarer than a break)
    stitch = (continued and fits) if row_break == "rule" else (not (indicator and has_values) or (fits and incomplete))
    if stitch and has_values and indicator and not indicator[:1].islower():
        # an indicator line in capitals with values that fill the row above: a row of its own, or
        # the rest of the row above whose values sit lower in their cells? Joined, and doubted.
        cols = {c: [ln._replace(flag=_UNCERTAIN_ROW) if c in value_cols else ln for ln in lines]
                for c, lines in cols.items()}
    if not stitch:
        state.rows.append(_Row(state.activity, specs, remark=_spanning_remark(state, table, key_row)))
    # a rule row continues its cells on a new page: its first line wraps on from the last one there
    _attach(state, state.rows[-1], cols, joiner=" " if row_break == "rule" else None)
    opened = state.rows[-1].remark
    if cut_remark is not None and opened is not None and opened is not cut_remark:
        opened.open_above = True  # it may be the rest of the cell cut at the part's end


def _new_activity(code: str, state: _State) -> _Activity:
    """The activity a code starts, under the section and goal headings read last, unless its code
    says otherwise: its first level is its section's number and its first two levels its goal's
    code. A heading not read (printed in a form no pattern knows, or no section headings at all)
    would put the activity under the one before: the code's section or goal is taken instead, its
    title unknown (null)."""
    levels = code.split(".")
    section_no, section_title = state.section_no, state.section_title
    if section_no != int(levels[0]):
        section_no, section_title = int(levels[0]), None
    goal_code, goal_title = state.goal_code, state.goal_title
    if goal_code is not None and len(levels) == 3 and goal_code != ".".join(levels[:2]):
        goal_code, goal_title = ".".join(levels[:2]), None
    return _Activity(code, section_no, section_title, goal_code, goal_title)


def _remark_cut_by_part_end(state: _State) -> _Remark | None:
    """At the first fine row of a continued table part: the remark cell of the current activity that
    reached the end of the part before (``open_below`` set), if one did; the part's frame closes
    every cell, so whether it goes on over the activity's next rows cannot be seen."""
    remark = state.remark
    if remark is None or remark.activity is not state.activity or state.last_table is None \
            or remark.table != state.last_table or remark.row_end < state.last_row.get(state.last_table, 0):
        return None
    remark.open_below = True
    return remark


def _spanning_remark(state: _State, table: int, row: int) -> _Remark | None:
    """The remark cell merged over the fine row that starts a new indicator row, if one is: the
    last remark cell read, when its span (``row_end``) reaches this row of the same table part."""
    remark = state.remark
    return remark if remark is not None and remark.covers(table, row) else None


def _continues_cut_numbers(state: _State, current: _Row, cols: dict[int, list[StagedLine]],
                           text_of: dict[int, str], value_cols: list[int]) -> bool:
    """A text row whose values go on numbers of the row above that were cut at their column's edge
    ("17.95" / "5": the extractor marks such lines ``cut``).

    When every value on the line does so, the line is the rest of the row above (its text cells go
    on too: indicator names are often in title case, so their case proves nothing): attached, each
    number rejoined and doubted (``_CUT_NUMBER``), and True. When only some do, the row is not
    certain: the numbers above and below are doubted (``_MAYBE_CUT``), and False, so that the line is
    read as usual.
    """
    with_values = [c for c in value_cols if text_of.get(c, "").strip()]
    cut = [c for c in with_values if cols[c][0].cut and c in current.cells and current.cells[c].filled()]
    if not cut:
        return False
    if len(cut) == len(with_values):
        for c in cut:
            cols[c] = [ln._replace(flag=_CUT_NUMBER) for ln in cols[c]]
            above = current.cells[c].lines
            above[-1] = above[-1]._replace(flag=_CUT_NUMBER)
        _attach(state, current, cols, joiner=None, cut_columns=set(cut))
        return True
    for c in cut:
        cols[c] = [ln._replace(flag=_MAYBE_CUT) for ln in cols[c]]
        above = current.cells[c].lines
        above[-1] = above[-1]._replace(flag=_MAYBE_CUT)
    return False


def _completes(current: _Row, cols: dict[int, list[StagedLine]], text_of: dict[int, str],
               value_cols: list[int]) -> bool:
    """True when the fine row's values only fill value cells the current row left empty (or finish a
    number broken over two lines, "%24," + "82", or a text value wrapped over lines)."""
    for c in value_cols:
        new = text_of.get(c, "").strip()
        old = current.cells[c].text() if c in current.cells else ""
        if new and old and not (_BROKEN_NUMBER_END.search(old) and _DIGITS.match(new)) and not _wraps(old, new):
            return False
    return True


def _wraps(old: str, new: str) -> bool:
    """A text value going on in lower case on the next line ("Toplantıda belli" / "olacak", "Topla" /
    "ntıda" cut at a narrow column's edge): its cell wraps, no new row starts there."""
    return bool(old) and new[:1].islower() and not _DIGITS.match(old.lstrip("%"))


def _attach(state: _State, row: _Row, cols: dict[int, list[StagedLine]], joiner: str | None,
            cut_columns: frozenset[int] | set[int] = frozenset()) -> None:
    """Append a fine row's lines to a logical row: the merged activity, responsible and supporting
    cells belong to the activity, the others to the indicator row. ``joiner`` (when given) replaces
    the extractor's joiner of each cell's first new line; value cells always join with a new line,
    but in ``cut_columns`` (a number cut at the column edge goes on with nothing). A cell going on
    in the next part of a table (over a page break) wraps on with a space."""
    assert state.activity is not None
    for c, lines in sorted(cols.items()):
        spec = row.specs[c] if c < len(row.specs) else None
        role = spec.role if spec is not None else None
        if spec is None or role is None:
            reason = "cell beyond the header" if spec is None else _unmatched_reason(spec)
            for rec in lines:
                state.quarantine.append({**_where(rec), "text": rec.text, "reason": reason})
            continue
        if role == Role.REMARK:
            target = _remark_cell(state, row, lines)
        elif role in (Role.ACTIVITY, Role.RESPONSIBLE, Role.SUPPORTING, Role.CODE):
            target = state.activity.cells.setdefault(role, _Cell())
        else:
            target = row.cells.setdefault(c, _Cell())
        first_joiner = "" if c in cut_columns else "\n" if role in VALUE_ROLES else joiner
        for n, line in enumerate(lines):
            if n == 0 and (not target.lines or first_joiner is not None):
                line = line._replace(joiner=first_joiner if target.lines else "")
            elif n == 0 and line.table != target.lines[-1].table:
                line = line._replace(joiner=" ")  # a cell going on in the next part of a split table wraps on
            target.lines.append(line)


def _remark_cell(state: _State, row: _Row, lines: list[StagedLine]) -> _Cell:
    """The remark cell a fine row's remark lines go on: the row's own (its text wrapped onto a next
    line, or on over a page with the row); in a table without rules between rows, the remark above
    when the line wraps on from it beside a new indicator row (a row's own cell would have made its
    row that tall: the cell is merged over both); else a new one spanning the fine rows its lines
    say (``row_end``: merged over the rows below, which then share it). Without rules, a new cell
    of a row that starts right below the remark above may be a paragraph of it: both are doubted."""
    first = lines[0]
    row_end = max(ln.row_end for ln in lines)
    above = state.remark
    if row.remark is None and first.row_break == "text" and first.joiner in (" ", "") and above is not None \
            and not above.ruled and above.activity is row.activity:
        row.remark = above
    if row.remark is None:
        row.remark = _Remark(_Cell(), row.activity, first.table, row_end, ruled=first.row_break == "rule")
        row_top = _first_line(row)
        if first.row_break == "text" and above is not None and not above.ruled and above.activity is row.activity \
                and above.cell.lines and row_top is not None and above.cell.lines[-1].table == row_top.table \
                and above.cell.lines[-1].row >= row_top.row - 1:
            # the remark above reaches down to this row: a new paragraph of a cell merged over both
            # rows, or a cell of its own? Without rules the two look the same.
            above.open_below = row.remark.open_above = True
    else:  # goes on (over a page with its row, too): the rows below it within its new span share it
        if first.table != row.remark.table:
            row.remark.open_below = False  # its lines there show its span
        row.remark.table, row.remark.row_end = first.table, max(row_end, first.row)
    state.remark = row.remark
    return row.remark.cell


def _units(cell: _Cell | None) -> list[str]:
    if cell is None:
        return []
    out = []
    for part in cell.text().split("\n"):
        name = nfc(part)
        if name and name not in {"-", "–"}:
            out.append(name)
    return out


def _line_span(lines: list[StagedLine]) -> tuple[int | None, int | None]:
    """The first and last text-input line numbers among ``lines`` (``None`` for PDF lines)."""
    numbers = [int(ln.line_no) for ln in lines if pd.notna(ln.line_no)]
    return (min(numbers), max(numbers)) if numbers else (None, None)


def _first_line(row: _Row) -> StagedLine | None:
    candidates = [cell.lines[0] for cell in row.cells.values() if cell.lines]
    if not candidates:
        candidates = [cell.lines[0] for cell in row.activity.cells.values() if cell.lines]
    return min(candidates, key=lambda ln: ln.seq) if candidates else None
