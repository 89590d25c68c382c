"""Text backend: a plain-text dump of a report → staged cell lines, like the PDF backends give.

Takes a ``.txt`` file in any of the encodings reports circulate in (UTF-8 with or without BOM,
UTF-16, Windows-1254) and gives an ``Extraction``: the same staged cell table as the PDF path, with
``line_no`` instead of a box and ``page`` only where the dump has form feeds (pdftotext writes one
per page).

Two kinds of dump exist, and each has its own reader:

- **layout dumps** (``pdftotext -layout``, some viewers' "save as text"): columns are kept as runs of
  spaces. Each character cell becomes a point on a grid and the rule-less geometry of the PDF path
  (``pdf_pdfplumber.extract_page``) finds columns and rows from the header words and the gaps;
- **flow dumps** (the published text, ``pdftotext -raw``, copy-paste): the cells of a row follow
  one another, broken over lines. ``text_flow`` reads them from the text's own markers. A flow
  dump copied line by line across all columns (pdfplumber's ``extract_text``, some viewers) is
  "line-major": a row's values may fall on several lines, and their columns are then flagged.

A dump whose cells are separated by tabs (a table copied from a word processor) is aligned into a
layout dump first (``align_tabs``).

A dump whose table cells come column after column (``pdftotext`` without ``-layout`` on a ruled
table) has lost which value belongs to which row: it is refused with a clear error rather than read
into numbers that look right and are not.
"""

from __future__ import annotations

import codecs
import itertools
import re
import unicodedata
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..headers import HeaderError, header_role, map_headers
from ..textnorm import repaired_letters, turkish_fold
from ..vocab import PAGE_LABEL, PAGE_NUMBER, VALUE_ROLES, Role
from .geometry import SETTINGS, LayoutSettings
from .staged import Extraction, InputError, StagedRead
from .text_flow import ColumnOrderError, read_flow
from .text_header import CODE, distinct_value_columns
from .text_line import TextLine
from .text_words import filler_words, kind_of, word_key

#: Share of the lines with two or more words that hold a run of 3+ spaces between words, above
#: which a dump keeps its layout: pdftotext -layout gives ~0.9, flow dumps below 0.05.
LAYOUT_GAP_SHARE = 0.3
#: Share of the lines with two or more words that hold a tab, above which the tabs separate cells
#: (a table copied from a word processor): such a dump is aligned into a layout dump.
TABBED_SHARE = 0.3
#: Spaces put between tab-separated fields when they are aligned: more than a word gap.
TAB_COLUMN_GAP = 3
#: Share of control characters (other than tab, line and page breaks) above which a file is binary.
BINARY_SHARE = 0.01
#: Share of a dump's pages that must print their own number at their top or bottom before such
#: lines are read as page numbers (``without_page_numbers``).
PAGE_NUMBER_SHARE = 0.5

#: Grid of a layout dump in PDF-like points: a character is CHAR_WIDTH wide, a line LINE_HEIGHT
#: high, with a nominal font size such that one space is a word gap and two are a column gap
#: for the geometry's ``phrase_gap`` (0.8 × size).
CHAR_WIDTH = 5.0
LINE_HEIGHT = 12.0
FONT_SIZE = 8.0

_GAP = re.compile(r"\S {3,}\S")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def decode(data: bytes, path: Path) -> tuple[str, str]:
    """The text of a dump and the encoding it was read with; ``InputError`` when it is no text.

    A byte-order mark decides first; NUL bytes without one mean UTF-16 (the side they fall on gives
    the byte order); otherwise strict UTF-8, and Windows-1254 (Turkish) when that fails: a Turkish
    text in cp1254 is practically never valid UTF-8 (ş, ı, ğ are lone high bytes).
    """
    if not data:
        raise InputError(f"{path}: empty file")
    boms = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
            (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
    encoding = next((enc for bom, enc in boms if data.startswith(bom)), None)
    if encoding is None and data.count(0) > len(data) // 8:
        even_nuls = data[0::2].count(0)
        encoding = "utf-16-be" if even_nuls > data[1::2].count(0) else "utf-16-le"
    candidates = [encoding] if encoding else ["utf-8", "cp1254"]
    for enc in candidates:
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if len(_CONTROL.findall(text)) > BINARY_SHARE * max(1, len(text)):
            break
        return unicodedata.normalize("NFC", text), enc
    raise InputError(f"{path}: not a text file (binary content or an unknown encoding)")


def text_lines(text: str) -> list[TextLine]:
    """Non-blank lines with their numbers; pages counted at form feeds when the dump has any. In a dump
    with form feeds, the last line before one and the last line of the text end a page
    (``TextLine.page_end``); without them only the text's last line is known to end one (its page
    is then unknown, ``None``).

    A form feed also ends a line (pdftotext writes it at the start of the next page's first line);
    line numbers count line breaks only, as an editor shows them.
    """
    paged = "\f" in text
    page = 1
    out = []
    for n, raw in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"), start=1):
        for j, part in enumerate(raw.split("\f")):
            page += j > 0
            if part.strip():
                out.append(TextLine(n, page if paged else None, part.rstrip()))
    return [replace(ln, page_end=True) if i + 1 == len(out) or (ln.page is not None and out[i + 1].page != ln.page)
            else ln for i, ln in enumerate(out)]


def without_page_numbers(lines: list[TextLine]) -> tuple[list[TextLine], int]:
    """The lines less the page numbers printed on the pages, and how many there were (counted as page
    furniture, as the PDF backends count theirs).

    Without positions a page number is known by its words or by where it stands: a "Sayfa 3" line
    anywhere (``vocab.PAGE_LABEL``), and, in a dump with form feeds, a line at the top or bottom of
    a page that is that page's own number ("3", "- 3 -", "3 / 9"; ``vocab.PAGE_NUMBER``) when pages
    numbered so make at least ``PAGE_NUMBER_SHARE`` of the dump: "- 1 -" ending one page is a row's
    values, the same on most pages is a footer.
    """
    folded = [turkish_fold(line.text) for line in lines]
    own_number: set[int] = set()
    for i, line in enumerate(lines):
        at_edge = line.page is not None and (line.page_end or i == 0 or lines[i - 1].page != line.page)
        if at_edge and PAGE_NUMBER.match(folded[i]) and int(re.findall(r"\d+", folded[i])[0]) == line.page:
            own_number.add(i)
    pages = {line.page for line in lines if line.page is not None}
    if len(own_number) < max(2, PAGE_NUMBER_SHARE * len(pages)):
        own_number = set()
    kept = [line for i, line in enumerate(lines) if i not in own_number and not PAGE_LABEL.match(folded[i])]
    return kept, len(lines) - len(kept)


def is_layout_dump(lines: list[TextLine]) -> bool:
    """True when the dump keeps its columns as runs of spaces (pdftotext -layout)."""
    multi = [ln for ln in lines if len(ln.text.split()) >= 2]
    gapped = sum(1 for ln in multi if _GAP.search(ln.text.strip()))
    return bool(multi) and gapped >= LAYOUT_GAP_SHARE * len(multi)


def align_tabs(lines: list[TextLine]) -> list[TextLine] | None:
    """A dump whose cells are separated by tabs (a table copied from a word processor or a
    spreadsheet) as a layout dump: the k-th field of every line padded to the widest k-th field,
    so that the columns line up as in ``pdftotext -layout``. None when the dump has no tabbed rows
    (see ``TABBED_SHARE``)."""
    multi = [ln for ln in lines if len(ln.text.split()) >= 2]
    tabbed = [ln for ln in multi if "\t" in ln.text.strip()]
    if not multi or len(tabbed) < TABBED_SHARE * len(multi):
        return None
    widths: list[int] = []
    for line in tabbed:
        for k, field_text in enumerate(line.text.split("\t")):
            if k == len(widths):
                widths.append(0)
            widths[k] = max(widths[k], len(field_text.strip()))
    out = []
    for line in lines:
        fields = [f.strip() for f in line.text.split("\t")]
        if len(fields) == 1:
            out.append(line)
            continue
        text = "".join(f.ljust(widths[k] + TAB_COLUMN_GAP) for k, f in enumerate(fields))
        out.append(TextLine(line.line_no, line.page, text.rstrip()))
    return out


def extract_text(path: Path, settings: LayoutSettings = SETTINGS) -> Extraction:
    """Extract one text dump; ``InputError`` for files that are no text or hold no report table."""
    return stage_text(path, settings).extraction()


def stage_text(path: Path, settings: LayoutSettings = SETTINGS) -> StagedRead:
    """``extract_text`` up to the staged lines, without pandas (``staged.StagedRead``)."""
    text, encoding = decode(path.read_bytes(), path)
    text, repaired = repaired_letters(text)  # a Turkish text read in another code page: its letters back
    every_line = text_lines(text)
    if not every_line:
        raise InputError(f"{path}: the text file holds only white space")
    lines, furniture = without_page_numbers(every_line)
    if not lines:
        raise InputError(f"{path}: the text file holds only page numbers")
    aligned = align_tabs(lines)
    lines = aligned or lines
    form = "layout" if is_layout_dump(lines) else "flow"
    if form == "layout":
        records, quarantine = _extract_layout(lines, settings)
        _check_layout_headers(records, path)
    else:
        try:
            records, quarantine, form = read_flow(lines)
            _check_flow_headers(records)
        except ColumnOrderError as exc:
            raise InputError(f"{path}: {exc}") from None
    pages = {ln.page for ln in lines if ln.page is not None}
    return StagedRead(records, quarantine,
                      {"backend": "text", "text_form": form, "encoding": encoding,
                       "line_count": every_line[-1].line_no, "page_count": len(pages) or None,
                       "page_furniture": furniture, "tabs_aligned": aligned is not None,
                       **({"repaired_letters": repaired} if repaired else {})})


def _check_layout_headers(records: list[dict[str, Any]], path: Path) -> None:
    """``InputError`` when a table header of a layout dump has two value columns of one measure and
    year: columns printed one space apart were read as one, and the values would be misplaced."""
    headers: dict[int, dict[int, str]] = {}
    for rec in records:
        if rec["kind"] == "header":
            cols = headers.setdefault(rec["table"], {})
            cols[rec["col"]] = f"{cols.get(rec['col'], '')} {rec['text']}".strip()
    for table, cols in headers.items():
        labels = [cols[c] for c in sorted(cols)]
        if not distinct_value_columns(labels):
            raise InputError(f"{path}: table {table + 1} has two value columns of one year ({' | '.join(labels)}): "
                             "its columns print too close together in this dump; convert the PDF itself "
                             "(a `pdftotext -raw` dump of it may read)")


def _check_flow_headers(records: list[dict[str, Any]]) -> None:
    """``ColumnOrderError`` when a flow dump's table header does not list its value columns in the
    order they print: every value read against it would land in another column.

    ``pdftotext -raw`` prints a two-row header line by line: a group cell ("HEDEFLER") and the
    cells spanning both rows come before the years under the group cell, which follow the last
    column. The header then shows a measure without a year beside columns of that measure with
    years (the group cell read as a column of its own), years of one measure that do not increase
    left to right (a year read with the label of another column), the years of one measure split by
    another measure's column ("HEDEFLER 2024 | GERÇEKLEŞEN 2024 | 2025 | 2026": the group cell took
    one of its years), or value columns with another column between them; a header printed in column
    order shows none of these."""
    headers: dict[int, dict[int, str]] = {}
    for rec in records:
        if rec["kind"] == "header":
            headers.setdefault(rec["table"], {})[rec["col"]] = rec["text"]
    for cols in headers.values():
        labels = [cols[c] for c in sorted(cols)]
        try:
            specs = map_headers(labels, unknown_ok=True)
        except HeaderError:
            continue  # no YEEP table: the structure stage says so
        values = [n for n, spec in enumerate(specs) if spec.role in VALUE_ROLES]
        dated = {spec.role for spec in specs if spec.year is not None}
        undated = [spec.header for spec in specs if spec.role in dated and spec.year is None]
        years = {role: [spec.year for spec in specs if spec.role == role and spec.year is not None] for role in dated}
        backwards = any(later <= earlier for ys in years.values() for earlier, later in itertools.pairwise(ys))
        split = any(cols[-1] - cols[0] + 1 != len(cols) for role in dated
                    if (cols := [n for n, spec in enumerate(specs) if spec.role == role]))
        if undated or backwards or split or (values and values[-1] - values[0] + 1 != len(values)):
            raise ColumnOrderError(
                f"the column header reads as value columns out of order or without their year "
                f"({' | '.join(labels)}): a header printed over two rows comes line by line in this dump (as "
                "pdftotext -raw gives), or a column's header is cut, so values can no longer be matched to "
                "their columns; make the dump with `pdftotext -layout` or convert the PDF itself")


class _GridPage:
    """One page of a layout dump posing as a pdfplumber page: words on a character grid, no rules."""

    def __init__(self, lines: list[TextLine]) -> None:
        self.lines = lines
        self.edges: list[dict[str, Any]] = []
        # a line's place on the page counts the blank lines above it: they are the dump's vertical
        # space (the gap between a header and a body cell centred lower, between paragraphs)
        self.tops = [(ln.line_no - lines[0].line_no) * LINE_HEIGHT for ln in lines]
        self.height = self.tops[-1] + 3 * LINE_HEIGHT
        self.line_of_top = {round(top, 3): ln.line_no for top, ln in zip(self.tops, lines, strict=True)}
        self.text_of_top = {round(top, 3): ln.text.expandtabs(8) for top, ln in zip(self.tops, lines, strict=True)}

    def extract_words(self, **_: Any) -> list[dict[str, Any]]:
        words = []
        for top, line in zip(self.tops, self.lines, strict=True):
            for m in re.finditer(r"\S+", line.text.expandtabs(8)):
                words.append({"text": m.group(), "x0": m.start() * CHAR_WIDTH, "x1": m.end() * CHAR_WIDTH,
                              "top": top, "bottom": top + FONT_SIZE, "size": FONT_SIZE})
        return words


def _extract_layout(lines: list[TextLine], settings: LayoutSettings
                    ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Layout dump → staged records through the PDF geometry (with the layout ``settings``), page by
    page (form feeds)."""
    # imported on use: a flow dump needs no pdfplumber
    from .pdf_pdfplumber import extract_page, read_page
    from .staging import StagedDoc

    # a text dump draws no rules: rows come from the text lines; and each page's columns stand where
    # its own text put them, so a page cannot go on the table of the page before without a header
    doc = StagedDoc(row_rules=False, continue_tables=False)
    by_page: dict[int | None, list[TextLine]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    grids: dict[int, tuple[int | None, _GridPage]] = {}  # by the page number the geometry was given
    for page_no, page_lines in by_page.items():
        grids[page_no or 1] = page_no, _GridPage(page_lines)
        extract_page(read_page(grids[page_no or 1][1], page_no or 1, settings), doc, settings)
    records = list(doc.records)
    roles = _header_roles(records)
    records = _words_left_of_their_column(records, {key: grid for key, (_, grid) in grids.items()}, roles)
    _unit_names_wrap(records, roles)
    for rec in records + doc.quarantine:  # grid positions → line numbers; a text has no coordinates
        page_no, grid = grids[rec["page"]]
        rec["line_no"] = grid.line_of_top.get(round(rec["top"], 3))
        rec["page"] = page_no
        rec.update(x0=None, top=None, x1=None, bottom=None)
    return records, doc.quarantine


_UNIT_ROLES = (Role.RESPONSIBLE, Role.SUPPORTING)


def _header_roles(records: list[dict[str, Any]]) -> dict[tuple[int, int], Role | None]:
    """(table, column) → the role its printed header names, header lines joined."""
    labels: dict[tuple[int, int], str] = {}
    for rec in records:
        if rec["kind"] == "header":
            key = (rec["table"], rec["col"])
            labels[key] = f"{labels.get(key, '')} {rec['text']}".strip()
    return {key: spec.role if (spec := header_role(label)) is not None else None for key, label in labels.items()}


def _unit_names_wrap(records: list[dict[str, Any]], roles: dict[tuple[int, int], Role | None]) -> None:
    """A unit name wrapped over lines is one name, whatever the grid says.

    The geometry starts a new paragraph (one institution per line) where the next line's first word
    would have fitted on the line above; in a dump every letter is one character wide, so a name
    typed in capitals, wider in the PDF than its letters count, seems to leave room where it had
    none ("KADIN VE AİLE" / "HİZMETLERİ DAİRE" / "BŞK."). A line that starts with a word only ever
    inside a name ("Hizmetleri", "Dairesi", "Bşk.", "ve") or goes on after a line ending in "ve"
    wraps the name above (the markers of ``text_words``, as the flow reader reads them)."""
    last: dict[tuple[int, int], dict[str, Any]] = {}  # (table, column) → its latest line
    for rec in records:
        key = (rec["table"], rec["col"])
        if rec["kind"] != "body" or roles.get(key) not in _UNIT_ROLES:
            continue
        prev, last[key] = last.get(key), rec
        words = rec["text"].split()
        if prev is None or rec["joiner"] != "\n" or not words or rec["top"] - prev["top"] > LINE_HEIGHT:
            continue
        first, prev_last = words[0], prev["text"].split()[-1]
        if ("unit_continue" in kind_of(first) or word_key(first) in filler_words()
                or word_key(prev_last) in filler_words()):
            rec["joiner"] = " "


def _column_start(rec: dict[str, Any], grid: _GridPage) -> bool:
    """Whether a cell line starts after a column gap (two spaces or more, or the line's start), not
    one space after another column's words."""
    text, at = grid.text_of_top[round(rec["top"], 3)], round(rec["x0"] / CHAR_WIDTH)
    return at < 2 or text[at - 2:at] == "  "


def _blocks(records: list[dict[str, Any]], roles: dict[tuple[int, int], Role | None]) -> list[list[dict[str, Any]]]:
    """Body records of a page's table cut into the lines of one activity row: at a blank line and at
    an activity code."""
    blocks: list[list[dict[str, Any]]] = []
    last: tuple[Any, ...] | None = None
    for rec in sorted((r for r in records if r["kind"] == "body"), key=lambda r: (r["page"], r["table"], r["top"])):
        here = (rec["page"], rec["table"], rec["top"])
        code = roles.get((rec["table"], rec["col"])) == Role.ACTIVITY and CODE.match(rec["text"])
        if last is None or here[:2] != last[:2] or here[2] - last[2] > LINE_HEIGHT or (code and here[2] != last[2]):
            blocks.append([])
        blocks[-1].append(rec)
        last = here
    return blocks


def _words_left_of_their_column(records: list[dict[str, Any]], grids: dict[int, _GridPage],
                                roles: dict[tuple[int, int], Role | None]) -> list[dict[str, Any]]:
    """Words that a unit column took from the text column on its left, given back.

    pdftotext -layout places each line's words from their own positions, so a column's left edge
    moves from row to row, and a long line of the column on the left may end one space before the
    next column's words ("... paydaşlarla kırsal KADIN VE AİLE") or past the edge the geometry drew
    for the whole page ("yayın /"). Within one activity row, the unit column's lines that start after
    a column gap mark its left edge; words of that column's other lines that start left of it, one
    space after the words on their left, are the left column's."""
    text_roles = (Role.ACTIVITY, *_UNIT_ROLES)
    moved: dict[int, str] = {}  # id of a record of the left column → words given to it
    created: list[tuple[dict[str, Any], dict[str, Any]]] = []  # (record, new left-column record before it)
    for block in _blocks(records, roles):
        unit_cols = {r["col"] for r in block if roles.get((r["table"], r["col"])) in _UNIT_ROLES}
        for col in sorted(unit_cols):
            if roles.get((block[0]["table"], col - 1)) not in text_roles:
                continue
            lines = [r for r in block if r["col"] == col]
            starts = [r["x0"] for r in lines if _column_start(r, grids[r["page"]])]
            if not starts:
                continue
            edge = max(starts)
            for rec in lines:
                if rec["x0"] >= edge or _column_start(rec, grids[rec["page"]]):
                    continue
                left, right = _cut_at(rec, grids[rec["page"]], edge)
                if not left:
                    continue
                rec.update(text=" ".join(w for _, w in right), x0=right[0][0] if right else rec["x0"])
                beside = next((r for r in block if r["col"] == col - 1 and r["top"] == rec["top"]), None)
                if beside is not None:
                    moved[id(beside)] = f"{moved.get(id(beside), beside['text'])} {' '.join(w for _, w in left)}"
                else:
                    created.append((rec, {**rec, "col": col - 1, "text": " ".join(w for _, w in left),
                                          "x0": left[0][0], "joiner": " "}))
    out: list[dict[str, Any]] = []
    before = {id(rec): new for rec, new in created}
    for rec in records:
        if id(rec) in before:
            out.append(before[id(rec)])
        if id(rec) in moved:
            rec["text"] = moved[id(rec)]
        if rec["text"]:
            out.append(rec)
    return out


_Words = list[tuple[float, str]]


def _cut_at(rec: dict[str, Any], grid: _GridPage, edge: float) -> tuple[_Words, _Words]:
    """The words of a cell line, (x0, text), left of ``edge`` and from it on."""
    text = grid.text_of_top[round(rec["top"], 3)]
    words = [(m.start() * CHAR_WIDTH, m.group()) for m in re.finditer(r"\S+", text)
             if rec["x0"] <= m.start() * CHAR_WIDTH < rec["x1"]]
    return [w for w in words if w[0] < edge], [w for w in words if w[0] >= edge]
