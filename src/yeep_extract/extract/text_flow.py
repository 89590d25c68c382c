"""Flow dumps: text whose table cells follow one another over lines → staged cell records.

Takes the non-blank lines of a dump (``text_line.TextLine``) and gives staged records
(``vocab.STAGED_CELL_COLUMNS``: headings as ``line``, each table's column header as ``header`` with one
record per column, and one ``body`` fine row per indicator row, ``row_break="rule"``) plus quarantine
records with line numbers.

What the text's own markers say, in order of trust:

1. headings: the report title, "N. SECTION", "N.M. Hedef: ..." (a two-level code without "Hedef" is a
   goal when a column header follows it, else an activity, as in sections without goals);
2. a column header: a run of lines made of known header words (``text_header``), which also gives
   the number of value columns;
3. an activity: a line starting with its code (1.1.4.) inside a table; text under a repeated
   header before any code is the rest of the activity broken over the page;
4. inside an activity, runs of values and the text between them (``text_runs``, ``text_split``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ..headers import YEAR, ColumnSpec, header_role, is_header_word, map_headers
from ..textnorm import turkish_fold
from ..vocab import VALUE_ROLES, Role, section_heading, title_year
from .text_header import CODE, header_start, read_header
from .text_line import TextLine
from .text_runs import parse_activity
from .text_words import is_value_token

#: A two-level code, never the start of a three-level one ("2.2.3. ..." is an activity even when a
#: repeated column header follows it, as it does when its row breaks over a page).
_GOAL = re.compile(r"^(\d{1,2}\.\d{1,2})(?!\.?\d)\.?\s*(.*)$")
#: A goal heading with neither code nor title (". Hedef:"), repeated over a section without goals.
_EMPTY_GOAL = re.compile(r"^[\s.]*hedef\s*:?\s*$")
#: The other order of a goal heading, on folded text: "Hedef 3.1: ...", "HEDEF 3.1 - ..." (a header's
#: "Hedef 2024" has no two-level code).
_GOAL_WORD_FIRST = re.compile(r"^hedef\s+\d{1,2}\.\d{1,2}\.?\s*[:\-–]")

#: How many lines after a two-level code line a column header may start for it to be a goal heading.
GOAL_LOOKAHEAD = 3
#: Most value tokens a goal heading ends in (a year: "... 2030"); a two-level code line ending in more
#: is an activity of a section without goals, printed on one line with its values.
GOAL_MAX_VALUES = 1
#: Fewest activities read before "most activities have no values" may mean a column-major dump.
COLUMN_ORDER_MIN_ACTIVITIES = 4
#: Fewest different column roles whose headers stand alone on their lines, with no whole header
#: anywhere, for a dump to be column-major (pdftotext's default mode prints "Faaliyet", then the
#: activities, then "Sorumlu birim", ...): one stray header word in a heading is not enough.
COLUMN_ORDER_LONE_HEADERS = 3
#: Share of activity code lines that end in a value above which the dump prints the table line by
#: line across all columns (pdfplumber's extract_text, a viewer's copy-paste): 1.0 there, 0 in the
#: shipped text, about 0.01 in pdftotext -raw (a one-line row whose cells share a baseline).
LINE_MAJOR_SHARE = 0.5
#: Share of activities without values above which the dump is column-major (a few activities of a
#: row-major dump may lose their values to a page break; a column-major one loses nearly all).
COLUMN_ORDER_SHARE = 1 / 3


class ColumnOrderError(ValueError):
    """The dump lists table cells column after column: rows can no longer be told apart."""


@dataclass
class _Table:
    header: list[str]
    header_lines: list[TextLine]
    activities: list[list[TextLine]] = field(default_factory=list)


@dataclass
class _Reader:
    records: list[dict[str, Any]] = field(default_factory=list)
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    report_year: int | None = None
    section: int | None = None
    table: int = -1
    previous_header: list[str] | None = None
    activities_without_values: int = 0
    activities_read: int = 0
    seen_activity: bool = False
    lone_header_roles: set[Role] = field(default_factory=set)
    line_major: bool = False


def read_flow(lines: list[TextLine]) -> tuple[list[dict[str, Any]], list[dict[str, Any]], str]:
    """Staged records, quarantine and form ("flow" or "line-major", see ``LINE_MAJOR_SHARE``) of a
    flow dump; ``ColumnOrderError`` for column-major text."""
    reader = _Reader()
    tables: list[tuple[int, _Table]] = []  # (index in reader.records where the table goes, table)
    table: _Table | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text.strip()
        if title := title_year(text, before_first_table=not tables):
            reader.report_year = reader.report_year or title
            _line(reader, line, text)
            table = None
            i += 1
            continue
        if header_start(line) or _lone_header_start(line):
            end, labels = read_header(lines, i, reader.report_year)
            if labels is not None and (header_start(line) or _whole_header(labels)):
                table = _Table(labels, lines[i:end])
                tables.append((len(reader.records), table))
                i = end
                continue
        section = section_heading(text)
        if section and not CODE.match(text):
            reader.section = section[0]
            _line(reader, line, f"{section[0]}. {section[1]}")
            table = None
            i += 1
            continue
        if table is not None and _GOAL_WORD_FIRST.match(turkish_fold(text)):
            # a goal heading printed inside the table, as a row across it: the rows after it are the
            # same table's, under the new goal, which the heading's place among the records gives
            if not table.activities:
                tables.pop()  # right under the header: the table starts after the heading
            _line(reader, line, text)
            table = _Table(table.header, table.header_lines)
            tables.append((len(reader.records), table))
            i += 1
            continue
        if _is_goal(lines, i) or _EMPTY_GOAL.match(turkish_fold(text)) or _GOAL_WORD_FIRST.match(turkish_fold(text)):
            _line(reader, line, text)
            table = None
            i += 1
            continue
        code = CODE.match(text)
        if table is not None and code and _code_in_section(code.group(1), reader.section):
            table.activities.append([line])
            reader.seen_activity = True
            reader.section = int(code.group(1).split(".")[0])  # the next section's, if its heading was not read
        elif table is not None and (table.activities or reader.seen_activity):
            if not table.activities:  # the rest of an activity broken over a page, under a repeated header
                table.activities.append([])
            table.activities[-1].append(line)
        else:
            if (spec := header_role(text)) is not None and spec.role not in VALUE_ROLES:
                reader.lone_header_roles.add(spec.role)
            _line(reader, line, text)
        i += 1
    if not tables and len(reader.lone_header_roles) >= COLUMN_ORDER_LONE_HEADERS:
        raise ColumnOrderError(
            "the column headers stand alone on their lines, each over its own column's cells: the table "
            "cells come column after column (as pdftotext without -layout gives), so values can no longer "
            "be matched to rows; make the dump with `pdftotext -layout` or convert the PDF itself")
    reader.line_major = _is_line_major([act[0] for _, t in tables for act in t.activities if act])
    _emit_tables(reader, tables)
    if (reader.activities_read >= COLUMN_ORDER_MIN_ACTIVITIES
            and reader.activities_without_values > COLUMN_ORDER_SHARE * reader.activities_read):
        raise ColumnOrderError(
            f"{reader.activities_without_values} of {reader.activities_read} activities have no values "
            "after them: the table cells come column after column (as pdftotext without -layout gives), "
            "so values can no longer be matched to rows; make the dump with `pdftotext -layout` or "
            "convert the PDF itself")
    return reader.records, reader.quarantine, "line-major" if reader.line_major else "flow"


def _lone_header_start(line: TextLine) -> bool:
    """A line made of one header word and no year ("Faaliyetler"): a header printed a word per line
    may start there (see ``_whole_header``)."""
    words = line.text.split()
    return len(words) == 1 and is_header_word(words[0]) and not YEAR.fullmatch(words[0])


def _whole_header(labels: list[str]) -> bool:
    """True when column labels make a whole table header: an activity, an indicator and a value
    column. A header that starts on a line of one word must be so; a lone "Faaliyet" over its
    column's cells (a column-major dump) is none."""
    roles = {spec.role for label in labels if (spec := header_role(label)) is not None}
    return {Role.ACTIVITY, Role.INDICATOR} <= roles and bool(roles & set(VALUE_ROLES))


def _is_line_major(first_lines: list[TextLine]) -> bool:
    """True when most activities' first lines end in a value (see ``LINE_MAJOR_SHARE``)."""
    coded = [ln.text.split() for ln in first_lines if CODE.match(ln.text.strip())]
    ending = sum(1 for words in coded if len(words) > 2 and is_value_token(words[-1]))
    return bool(coded) and ending > LINE_MAJOR_SHARE * len(coded)


def _line(reader: _Reader, line: TextLine, text: str) -> None:
    reader.records.append({"page": line.page, "line_no": line.line_no, "kind": "line", "table": -1,
                           "row": -1, "col": -1, "text": text})


def _code_in_section(code: str, section: int | None) -> bool:
    """A code at a line's start is an activity's when it is of the section read last, or of the next
    one (whose heading may be missing or printed in a form not read): a number in a wrapped title
    ("... 2.5 ...") is not."""
    return section is None or int(code.split(".")[0]) in (section, section + 1)


def _is_goal(lines: list[TextLine], i: int) -> bool:
    """A two-level code line is a goal heading when it says "Hedef" or a column header follows."""
    text = lines[i].text.strip()
    goal = _GOAL.match(text)
    if not goal or not re.search(r"[^\W\d_]", goal.group(2)):
        return False
    if "hedef" in turkish_fold(text).split(":")[0]:
        return True
    words = text.split()
    if len(words) > GOAL_MAX_VALUES and all(is_value_token(w) for w in words[-GOAL_MAX_VALUES - 1:]):
        return False  # a row's first line with its values (a row broken over a page in pdftotext -raw)
    for j in range(i + 1, min(len(lines), i + 1 + GOAL_LOOKAHEAD)):
        if header_start(lines[j]) and read_header(lines, j, None)[1] is not None:
            return True
        if CODE.match(lines[j].text.strip()):
            return False
    return False


def _emit_tables(reader: _Reader, tables: list[tuple[int, _Table]]) -> None:
    """Insert each table's header and body records at the place the table was found."""
    inserted = 0
    out = reader.records
    for position, table in tables:
        records = _table_records(reader, table)
        at = position + inserted
        out[at:at] = records
        inserted += len(records)


def _table_records(reader: _Reader, table: _Table) -> list[dict[str, Any]]:
    """Header and body records of one table. A header printed without a column the rows hold values
    for (a continued table whose header lost its last year) takes the previous table's header."""
    reader.table += 1
    labels = table.header
    specs = map_headers(labels)
    inherited: set[int] = set()
    parsed = [parse_activity(act, specs, reader.line_major) for act in table.activities]
    longest = max((act.widest for act in parsed), default=0)
    previous = reader.previous_header
    prev_specs = map_headers(previous) if previous is not None else []
    if previous is not None and _roles(prev_specs)[:len(specs)] == _roles(specs) and len(previous) > len(labels):
        n_values = sum(1 for s in specs if s.role in VALUE_ROLES)
        if longest > n_values:  # the rows hold more values than this header has columns
            inherited = set(range(len(labels), len(previous)))
            labels, specs = previous, prev_specs
            parsed = [parse_activity(act, specs, reader.line_major) for act in table.activities]
    reader.previous_header = labels
    first = table.header_lines[0]
    records = [{"page": first.page, "line_no": first.line_no, "kind": "header", "table": reader.table,
                "row": 0, "col": col, "text": label} for col, label in enumerate(labels)]
    row = 0
    for act in parsed:
        reader.quarantine += act.quarantine
        if not act.continued:
            reader.activities_read += 1
            reader.activities_without_values += not act.runs
        for indicator in act.rows(specs, inherited):
            row += 1
            records += [{**rec, "kind": "body", "table": reader.table, "row": row, "row_break": "rule"}
                        for rec in indicator]
    return records


def _roles(specs: list[ColumnSpec]) -> list[tuple[Role, int | None]]:
    return [(s.role, s.year) for s in specs]
