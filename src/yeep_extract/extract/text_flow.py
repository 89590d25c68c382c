"""Flow dumps: text whose table cells follow one another over lines → staged cell records.

Takes the non-blank lines of a dump (``text.TextLine``) and gives staged records
(``vocab.STAGED_CELL_COLUMNS``: headings as ``line``, each table's column header as ``header`` with one
record per column, and one ``body`` fine row per indicator row, ``row_break="rule"``) plus quarantine
records with line numbers.

What the text's own markers say, in order of trust:

1. headings: the report title, "N. SECTION", "N.M. Hedef: ..." (a two-level code without "Hedef" is a
   goal when a column header follows it, else an activity, as in sections without goals);
2. a column header: a run of lines made of known header words (``headers``), cut into columns by
   the longest known header phrases, which also gives the number of value columns;
3. an activity: a line starting with its code (1.1.4.) inside a table;
4. inside an activity, value tokens (``26``, ``%7.88``, ``-``) at the end of lines form runs; the text
   before the first run holds the activity title, the units and the first indicator name, the text
   between later runs the next indicator's name.

The title / units / indicator split of the first text is chosen by a small score over word
classes kept as data in ``schemas/text_markers.csv`` (activity titles end in a verb, unit names in
an institution word, indicator names in a measure word such as "sayısı"). Runs fill the value
columns left to right; a run with fewer or more values than columns fills them all the same, and
every such value is flagged (status ``suspect``) with the reason, as its column is not certain.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ..headers import ColumnSpec, header_role, is_header_word
from ..textnorm import turkish_fold
from ..vocab import NUMBER_TOKEN, TEXT_ROLES, VALUE_ROLES, Role, schemas_dir
from .text import TextLine

_TITLE = re.compile(r"((?:19|20)\d\d)\s+yılı\b.*gerçekleşme\s+raporu")
_SECTION = re.compile(r"^(\d{1,2})\.\s*([^\d\s.].*)$")
_CODE = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,2})(?:\.\s*|\s+)(?=\S)")
_GOAL = re.compile(r"^(\d{1,2}\.\d{1,2})\.?\s*(.*)$")
_YEAR = re.compile(r"^(19|20)\d\d$")
_DASHES = {"-", "–", "—"}

#: Words of a run of header lines joined without a space when that gives a known header: a word
#: cut by a narrow column ("Gerçek" / "leşme").
_MAX_HEADER_WORDS = 5
#: How many lines after a two-level code line a column header may start for it to be a goal heading.
_GOAL_LOOKAHEAD = 3
#: How many lines a header continuation may need before it reads as header words again.
_HEADER_LOOKAHEAD = 2


class ColumnOrderError(ValueError):
    """The dump lists table cells column after column: rows can no longer be told apart."""


@lru_cache(maxsize=1)
def markers() -> dict[str, frozenset[str]]:
    """Word classes from ``schemas/text_markers.csv``: marker → folded words (or suffixes)."""
    out: dict[str, set[str]] = {}
    with open(schemas_dir() / "text_markers.csv", encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            out.setdefault(row["marker"], set()).add(turkish_fold(row["word"]))
    return {k: frozenset(v) for k, v in out.items()}


def word_key(word: str) -> str:
    """A word folded for the marker lists: Turkish lower case, one apostrophe, no edge punctuation."""
    return turkish_fold(word).replace("’", "'").replace("‘", "'").strip(".,;:()[]\"“”")


def is_value_token(word: str) -> bool:
    """A printed value cell: a number as the scoring convention reads it, or a dash."""
    return word in _DASHES or bool(NUMBER_TOKEN.match(word))


# ---------------------------------------------------------------------------------------------
# column headers


def segment_header(words: list[str], report_year: int | None) -> list[str] | None:
    """Header words cut into column labels by the fewest known header phrases, or None.

    A year joins a following actual word ("2024 Gerçekleşme") only when it is not after the report
    year: a report cannot hold actuals for a year to come, so "2026 Gerçekleşme" reads as the 2026
    target column followed by the report year's actual column.
    """
    n = len(words)
    best: list[list[str] | None] = [None] * (n + 1)
    best[0] = []
    for i in range(n):
        if best[i] is None:
            continue
        if not is_header_word(words[i]):
            continue  # a column's header starts with a header word ("birim Destekçi ..." does not)
        for j in range(i + 1, min(n, i + _MAX_HEADER_WORDS) + 1):
            span = words[i:j]
            labels = [" ".join(span)]
            if j - i == 2 and span[1][:1].islower():
                labels.append("".join(span))  # a word cut by a narrow column: "Gerçek" + "leşme"
            for label in labels:
                spec = header_role(label)
                if spec is None or not _year_fits(spec, report_year) or _swallows(span, spec):
                    continue
                candidate = [*best[i], label]
                if best[j] is None or len(candidate) < len(best[j]):
                    best[j] = candidate
    return best[n]


def _swallows(span: list[str], spec: ColumnSpec) -> bool:
    """True when a phrase holds a word that is a header of another role on its own: a fuzzy match
    over "Destekçi Kurum /Kuruluş Gösterge" must not eat the indicator column's header."""
    for word in span:
        alone = None if _YEAR.match(word) else header_role(word)
        if alone is not None and alone.role != spec.role:
            return True
    return False


def _year_fits(spec: ColumnSpec, report_year: int | None) -> bool:
    return not (spec.role == Role.ACTUAL and spec.year and report_year and spec.year > report_year)


def _header_start(line: TextLine) -> bool:
    """A line may start a column header when most of its words are header words, two of them no
    year; whether it does is decided by reading the header whole (``_read_header``)."""
    words = line.text.split()
    hits = [w for w in words if is_header_word(w)]
    named = [w for w in hits if not _YEAR.match(w)]
    return len(named) >= 2 and len(hits) >= 0.5 * len(words)


# ---------------------------------------------------------------------------------------------
# document: headings, headers, activities


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


def read_flow(lines: list[TextLine]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Staged records and quarantine of a flow dump; ``ColumnOrderError`` for column-major text."""
    reader = _Reader()
    tables: list[tuple[int, _Table]] = []  # (index in reader.records where the table goes, table)
    table: _Table | None = None
    i = 0
    while i < len(lines):
        line = lines[i]
        text = line.text.strip()
        folded = turkish_fold(text)
        if title := _TITLE.search(folded):
            reader.report_year = reader.report_year or int(title.group(1))
            _line(reader, line, text)
            table = None
            i += 1
            continue
        if _header_start(line):
            end, labels = _read_header(lines, i, reader.report_year)
            if labels is not None:
                table = _Table(labels, lines[i:end])
                tables.append((len(reader.records), table))
                i = end
                continue
        section = _SECTION.match(text)
        if section and not _CODE.match(text):
            reader.section = int(section.group(1))
            _line(reader, line, f"{section.group(1)}. {section.group(2).strip()}")
            table = None
            i += 1
            continue
        if _is_goal(lines, i):
            _line(reader, line, text)
            table = None
            i += 1
            continue
        code = _CODE.match(text)
        if table is not None and code and _code_in_section(code.group(1), reader.section):
            table.activities.append([line])
        elif table is not None and table.activities:
            table.activities[-1].append(line)
        else:
            _line(reader, line, text)
        i += 1
    _emit_tables(reader, tables)
    if reader.activities_read >= 4 and reader.activities_without_values > reader.activities_read // 3:
        raise ColumnOrderError(
            f"{reader.activities_without_values} of {reader.activities_read} activities have no values "
            "after them: the table cells come column after column (as pdftotext without -layout gives), "
            "so values can no longer be matched to rows; make the dump with `pdftotext -layout` or "
            "convert the PDF itself")
    return reader.records, reader.quarantine


def _line(reader: _Reader, line: TextLine, text: str) -> None:
    reader.records.append({"page": line.page, "line_no": line.line_no, "kind": "line", "table": -1,
                           "row": -1, "col": -1, "text": text})


def _code_in_section(code: str, section: int | None) -> bool:
    return section is None or int(code.split(".")[0]) == section


def _is_goal(lines: list[TextLine], i: int) -> bool:
    """A two-level code line is a goal heading when it says "Hedef" or a column header follows."""
    text = lines[i].text.strip()
    goal = _GOAL.match(text)
    if not goal or not re.search(r"[^\W\d_]", goal.group(2)):
        return False
    if "hedef" in turkish_fold(text).split(":")[0]:
        return True
    for j in range(i + 1, min(len(lines), i + 1 + _GOAL_LOOKAHEAD)):
        if _header_start(lines[j]) and _read_header(lines, j, None)[1] is not None:
            return True
        if _CODE.match(lines[j].text.strip()):
            return False
    return False


def _read_header(lines: list[TextLine], start: int, report_year: int | None) -> tuple[int, list[str] | None]:
    """End index and column labels of the header that starts at ``lines[start]``."""
    words = lines[start].text.split()
    labels = segment_header(words, report_year)
    end = start + 1
    while end < len(lines):
        for ahead in range(1, _HEADER_LOOKAHEAD + 1):  # "Gerçek" / "leşme": only together a header
            chunk = lines[end:end + ahead]
            more = [w for line in chunk for w in line.text.split()]
            if len(chunk) < ahead or any(_CODE.match(line.text.strip()) for line in chunk) or any(
                    is_value_token(w) and not _YEAR.match(w) for w in more):
                return end, labels
            longer = segment_header(words + more, report_year)
            if longer is not None:
                words, labels, end = words + more, longer, end + ahead
                break
        else:
            return end, labels
    return end, labels


# ---------------------------------------------------------------------------------------------
# tables and activities → records


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
    from ..headers import map_headers

    reader.table += 1
    labels = table.header
    specs = map_headers(labels)
    inherited: set[int] = set()
    parsed = [_parse_activity(act, specs, reader) for act in table.activities]
    longest = max((act.widest for act in parsed), default=0)
    previous = reader.previous_header
    prev_specs = map_headers(previous) if previous is not None else []
    if previous is not None and _roles(prev_specs)[:len(specs)] == _roles(specs) and len(previous) > len(labels):
        n_values = sum(1 for s in specs if s.role in VALUE_ROLES)
        if longest > n_values:  # the rows hold more values than this header has columns
            inherited = set(range(len(labels), len(previous)))
            labels, specs = previous, prev_specs
            parsed = [_parse_activity(act, specs, reader) for act in table.activities]
    reader.previous_header = labels
    first = table.header_lines[0]
    records = [{"page": first.page, "line_no": first.line_no, "kind": "header", "table": reader.table,
                "row": 0, "col": col, "text": label} for col, label in enumerate(labels)]
    row = 0
    for act in parsed:
        reader.quarantine += act.quarantine
        reader.activities_read += 1
        if not act.runs:
            reader.activities_without_values += 1
        for indicator in act.rows(specs, inherited):
            row += 1
            records += [{**rec, "kind": "body", "table": reader.table, "row": row, "row_break": "rule"}
                        for rec in indicator]
    return records


def _roles(specs: list[ColumnSpec]) -> list[tuple[Role, int | None]]:
    return [(s.role, s.year) for s in specs]


@dataclass
class _Piece:
    """A word of an activity's text with where it was printed."""

    text: str
    line_no: int
    page: int | None
    line_start: bool
    flag: str | None = None


@dataclass
class _Activity:
    """An activity's words cut into text segments and value runs, in order."""

    segments: list[list[_Piece]]  # segments[k] is the text before runs[k] (one more at the end)
    runs: list[list[_Piece]]
    stray: list[_Piece]
    widest: int = 0  # the most values printed in one run, before any were cut off
    quarantine: list[dict[str, Any]] = field(default_factory=list)
    title: list[_Piece] = field(default_factory=list)
    units: list[list[_Piece]] = field(default_factory=list)

    def rows(self, specs: list[ColumnSpec], inherited: set[int]) -> list[list[dict[str, Any]]]:
        """One list of cell records per indicator row."""
        col = {role: next((i for i, s in enumerate(specs) if s.role == role), None) for role in TEXT_ROLES}
        value_cols = [i for i, s in enumerate(specs) if s.role in VALUE_ROLES]
        out: list[list[dict[str, Any]]] = []
        names = self.names()
        for k, run in enumerate(self.runs):
            cells: list[dict[str, Any]] = []
            if k == 0:
                cells += _cell(col[Role.ACTIVITY], [self.title])
                responsible, supporting = _split_units(self.units, col)
                cells += _cell(col[Role.RESPONSIBLE], responsible)
                cells += _cell(col[Role.SUPPORTING], supporting)
            cells += _cell(col[Role.INDICATOR], [names[k]])
            cells += _values(run, value_cols, inherited)
            out.append(cells)
        return out

    def names(self) -> list[list[_Piece]]:
        return [self.first_name, *self.segments[1:len(self.runs)]]

    first_name: list[_Piece] = field(default_factory=list)


def _cell(col: int | None, paragraphs: list[list[_Piece]]) -> list[dict[str, Any]]:
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


def _by_line(pieces: list[_Piece]) -> list[list[_Piece]]:
    lines: list[list[_Piece]] = []
    for p in pieces:
        if lines and lines[-1][-1].line_no == p.line_no:
            lines[-1].append(p)
        else:
            lines.append([p])
    return lines


def _values(run: list[_Piece], value_cols: list[int], inherited: set[int]) -> list[dict[str, Any]]:
    """Records of a run's values, left to right; flagged when fewer were printed than there are
    columns (a run with more was cut and flagged when it was read)."""
    n, m = len(value_cols), len(run)
    flag = (f"{m} values printed for {n} value columns: placed left to right, the column is not certain"
            if m < n else None)
    out = []
    for col, piece in zip(value_cols, run, strict=False):
        why = piece.flag or flag or ("this column is missing from the table's printed header: taken from the previous "
                       "table's header" if col in inherited else None)
        out.append({"page": piece.page, "line_no": piece.line_no, "col": col, "text": piece.text,
                    "joiner": "", "flag": why})
    return out


def _parse_activity(lines: list[TextLine], specs: list[ColumnSpec], reader: _Reader) -> _Activity:
    n_values = sum(1 for s in specs if s.role in VALUE_ROLES)
    pieces = _pieces(lines)
    segments: list[list[_Piece]] = [[]]
    runs: list[list[_Piece]] = []
    stray: list[_Piece] = []
    widest = 0
    k = 0
    while k < len(pieces):
        end = _run_end(pieces, k)
        if end is None:
            segments[-1].append(pieces[k])
            k += 1
            continue
        run = _join_broken(pieces[k:end])
        text_follows = end < len(pieces)
        if not runs and text_follows and len(run) <= n_values - 2:
            # before the first full run, a few values are no row's values: inside a line they are
            # text, on lines of their own a dash is a printed empty unit cell and a number is stray
            for piece in run:
                if piece.text in _DASHES or not pieces[k].line_start:
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
    activity = _Activity(segments, runs, stray, widest=widest)
    _split_first(activity, specs)
    _place_text_values(activity, n_values)
    leftover = activity.segments[len(activity.runs)] if len(activity.segments) > len(activity.runs) else []
    activity.quarantine = [
        *({"page": p.page, "line_no": p.line_no, "text": p.text,
           "reason": "a value printed where no value column follows"} for p in activity.stray),
        *({"page": p.page, "line_no": p.line_no, "text": p.text,
           "reason": "text after the activity's last values"} for p in leftover)]
    return activity


def _pieces(lines: list[TextLine]) -> list[_Piece]:
    """The words of an activity's lines; the code of the first line split from a title glued to it."""
    out = []
    for n, line in enumerate(lines):
        text = line.text.strip()
        if n == 0 and (code := _CODE.match(text)):
            text = f"{code.group(1)}. {text[code.end():]}"
        for m, word in enumerate(text.split()):
            out.append(_Piece(word, line.line_no, line.page, m == 0))
    return out


def _run_end(pieces: list[_Piece], k: int) -> int | None:
    """Where the run of values starting at ``pieces[k]`` ends, or None when none starts there.

    Values start a run when they fill the rest of their line, or when two or more stand together
    before more text ("- 20 40 60 Toplantı": the text is the next cell); a lone number inside a
    line is part of its text ("en az %50 temsilini"). A run that fills its line goes on over the
    next lines while they start with values.
    """
    j = k
    line = pieces[k].line_no
    while j < len(pieces) and pieces[j].line_no == line and is_value_token(pieces[j].text):
        j += 1
    fills_line = j == len(pieces) or pieces[j].line_no != line
    if k == 0 or j == k or not (fills_line or j - k >= 2):
        return None
    if fills_line and j < len(pieces) and (more := _run_end(pieces, j)) is not None:
        return more
    return j


def _join_broken(run: list[_Piece]) -> list[_Piece]:
    """A number cut over two lines of its cell ("%24," + "82") or a lone % rejoined into one value."""
    out: list[_Piece] = []
    for piece in run:
        if out and (out[-1].text.endswith((",", ".")) or out[-1].text == "%") and piece.text[:1].isdigit():
            out[-1] = _Piece(out[-1].text + piece.text, out[-1].line_no, out[-1].page, out[-1].line_start)
        elif out and piece.text == "%" and out[-1].text[:1].isdigit():
            out[-1] = _Piece(out[-1].text + "%", out[-1].line_no, out[-1].page, out[-1].line_start)
        else:
            out.append(piece)
    return out


# ---------------------------------------------------------------------------------------------
# the first text of an activity: title | units | first indicator name


def _kind_of(word: str) -> set[str]:
    key = word_key(word)
    kinds = {marker for marker, words in markers().items() if marker != "title_end" and key in words}
    if len(key) >= 5 and any(key.endswith(s) for s in markers()["title_end"]):
        kinds.add("title_end")
    return kinds


def _split_first(activity: _Activity, specs: list[ColumnSpec]) -> None:
    """Choose where the title ends and the first indicator name starts, by the best score."""
    words = activity.segments[0]
    has_units = any(s.role in (Role.RESPONSIBLE, Role.SUPPORTING) for s in specs)
    if not activity.runs or len(words) < 2:
        activity.title, activity.first_name = words, []
        return
    kinds = [_kind_of(p.text) for p in words]
    n = len(words)
    best: tuple[float, int, int] | None = None
    for c1 in range(1, n):
        title_score = _title_score(words, kinds, c1)
        for c2 in range(c1, n if has_units else c1 + 1):
            score = title_score + _units_score(words, kinds, c1, c2, has_units) + _name_score(words, kinds, c2)
            if best is None or score > best[0]:
                best = (score, c1, c2)
    assert best is not None
    _, c1, c2 = best
    activity.title = words[:c1]
    activity.units = _unit_names(words[c1:c2])
    activity.first_name = words[c2:]


def _boundary(words: list[_Piece], c: int) -> bool:
    return words[c].line_start


def _title_score(words: list[_Piece], kinds: list[set[str]], c1: int) -> float:
    score = 1.0 if _boundary(words, c1) else -1.0
    last = words[c1 - 1].text
    tail = kinds[max(0, c1 - 6):c1]
    if "title_end" in kinds[c1 - 1]:
        score += 3
    elif last.endswith(")") and any("title_end" in k for k in tail):
        score += 2
    else:
        score -= 2
    return score


def _units_score(words: list[_Piece], kinds: list[set[str]], c1: int, c2: int, has_units: bool) -> float:
    if c2 == c1:
        return -2.0 if has_units else 0.0
    score = 0.0
    for k in kinds[c1:c2]:
        if k & {"unit_end", "unit_end_weak", "unit_continue"}:
            score += 1
        if "measure" in k:
            score -= 3
        if "title_end" in k:
            score -= 2
    last = words[c2 - 1].text
    if kinds[c2 - 1] & {"unit_end", "unit_end_weak"} or _acronym(last) or last in _DASHES:
        score += 1
    return score


def _name_score(words: list[_Piece], kinds: list[set[str]], c2: int) -> float:
    score = 0.5 if _boundary(words, c2) else -0.5
    if "measure" in kinds[-1]:
        score += 2
    elif any("measure" in k for k in kinds[c2:]):
        score += 1
    for k in kinds[c2:]:
        if "unit_end" in k:
            score -= 1
        if "title_end" in k:
            score -= 2
    first = words[c2].text
    if first[:1].islower():
        score -= 2
    return score


def _acronym(word: str) -> bool:
    letters = [ch for ch in word if ch.isalpha()]
    return len(letters) >= 2 and all(ch.isupper() for ch in letters)


def _unit_names(pieces: list[_Piece]) -> list[list[_Piece]]:
    """The units text cut into institution names: after a word that closes a name, at an acronym
    standing alone, and after a word that may close one when no continuing word follows."""
    names: list[list[_Piece]] = []
    for k, piece in enumerate(pieces):
        if not names or _starts_name(pieces, k):
            names.append([piece])
        else:
            names[-1].append(piece)
    return names


def _starts_name(pieces: list[_Piece], k: int) -> bool:
    prev, word = pieces[k - 1], pieces[k]
    prev_kinds, kinds = _kind_of(prev.text), _kind_of(word.text)
    if prev.text in _DASHES or word.text in _DASHES:
        return True
    if prev.text.endswith(","):
        return True
    if "unit_continue" in kinds:
        return False
    if "unit_end" in prev_kinds:
        return True
    if "unit_end_weak" in prev_kinds and word.text[:1].isupper():
        return True
    return bool(_acronym(prev.text) and (word.line_start or _acronym(word.text)) and word.text[:1].isupper())


def _split_units(units: list[list[_Piece]], col: dict[Role, int | None]) -> tuple[list[list[_Piece]],
                                                                                   list[list[_Piece]]]:
    """The first name is the responsible unit, the rest supporting (the order the columns print in)."""
    if col[Role.SUPPORTING] is None:
        return units, []
    if col[Role.RESPONSIBLE] is None:
        return [], units
    return units[:1], units[1:]


def _place_text_values(activity: _Activity, n_values: int) -> None:
    """A run short of the value columns followed by two paragraphs of text: the first paragraph is a
    text value of the missing column ("Toplantıda belli olacak"), the rest the next indicator's name."""
    for k, run in enumerate(activity.runs):
        if len(run) >= n_values or k + 1 >= len(activity.segments):
            continue
        text = activity.segments[k + 1]
        starts = [i for i, p in enumerate(text) if i > 0 and p.line_start and p.text[:1].isupper()]
        last_segment = k + 1 == len(activity.runs)
        if not text or (not starts and not last_segment):
            continue
        cut = len(text) if last_segment and not starts else starts[0]
        value = " ".join(p.text for p in text[:cut])
        first = text[0]
        why = "text after a short run of values read as the value of its last column: columns not certain"
        activity.runs[k] = [*(replace(p, flag=why) for p in run), _Piece(value, first.line_no, first.page, True, why)]
        activity.segments[k + 1] = text[cut:]
