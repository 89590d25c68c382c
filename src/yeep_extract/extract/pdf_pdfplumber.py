"""pdfplumber backend: a Word-made PDF report → staged cell lines (``vocab.STAGED_CELL_COLUMNS``).

Per page, one pass over pdfplumber's words and ruling edges:

1. words → text lines (``geometry.group_lines``);
2. header lines: lines holding at least three known header words, and header-word lines just above
   them (``table_header``);
3. a table region runs from a header line down to the next heading, header, the end of its rule
   network, or a wide vertical gap;
4. columns: vertical rules crossing the header band, else the widest text-free band between two
   neighbouring header columns (``geometry.columns_from_gaps``): full grid, horizontal rules only and
   no rules at all go through the same code;
5. fine rows: intervals between horizontal rules (a merged cell spans several and is emitted on its
   first), or, when no table body of the document has rules between its lines (no rules at all, or
   only a frame above and below each body), one fine row per text line (``row_break="text"``: the structure stage
   decides where logical rows start, as it knows which column is which);
6. each cell's lines with the joiner to the previous line of the column (new paragraph, wrap, or a
   word cut by a narrow column), judged from where the previous line ends and from the space
   above the line (paragraph spacing).

Words inside a region that fall outside every column go to quarantine. Page numbers and other lone
numbers in the page margins are page furniture: counted in ``meta``, not emitted.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from ..textnorm import needs_repair, repaired_letters
from ..vocab import CODE_AT_START
from .furniture import without_watermark
from .geometry import (
    SETTINGS,
    LayoutSettings,
    Word,
    box,
    column_of,
    columns_from_gaps,
    columns_from_rules,
    group_lines,
    joined_rules,
    joiner,
    line_text,
    merge_positions,
    phrases,
    rules_per_column,
    single_line_pitch,
    typical,
)
from .pdf_objects import PageObjects, read_page_objects
from .pdf_ocr import ScanReader
from .pdf_words import words_from_chars
from .rotation import Turn, reading_frame, stray_lines
from .staged import Extraction, InputError, StagedRead
from .staging import (
    MARGIN_SHARE,
    OpenTable,
    StagedDoc,
    emit_line,
    goes_on_cut_number,
    is_heading,
    is_page_number,
    right_limits,
)
from .table_header import header_band, header_columns, header_groups, header_start
from .text_words import is_value_token


def extract_pdf(path: Path, settings: LayoutSettings = SETTINGS) -> Extraction:
    """Extract every page of a PDF report with the layout thresholds ``settings``; ``InputError``
    for files that are no readable PDF."""
    return stage_pdf(path, settings).extraction()


def stage_pdf(path: Path, settings: LayoutSettings = SETTINGS) -> StagedRead:
    """``extract_pdf`` up to the staged lines, without pandas (``staged.StagedRead``)."""
    import pdfplumber
    from pdfminer.pdfdocument import PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(path) as pdf:
            return stage_page_objects(path, len(pdf.pages), _pages_read(pdf.pages),
                                      {"backend": "pdfplumber", "backend_version": pdfplumber.__version__},
                                      settings)
    except (PdfminerException, PDFSyntaxError, PDFPasswordIncorrect) as exc:
        raise InputError(f"{path}: not a readable PDF ({_reason(exc)})") from None


def stage_page_objects(path: Path, page_count: int, pages: Iterable[PageObjects],
                       meta: dict[str, Any], settings: LayoutSettings = SETTINGS) -> StagedRead:
    """The staged cells of a document's pages, whichever reader gave their ``PageObjects``
    (pdfplumber here, PDFium in ``pdf_pdfium``); ``meta`` names the reader."""
    if page_count == 0:
        raise InputError(f"{path}: the PDF has no pages")
    chars, repaired = [0], [0]
    scans = ScanReader(path, page_count)
    try:
        doc = _extract_pages(_counted(pages, chars, repaired, settings, scans), settings)
        doc.drop_running_lines()
    finally:
        scans.close()
    if chars[0] == 0 and not scans.found_text():
        raise InputError(f"{path}: no text layer to trust, and {scans.why_no_text()}")
    return StagedRead(doc.records, doc.quarantine,
                      {**meta, "page_count": page_count, "page_furniture": doc.furniture,
                       **({"repaired_letters": repaired[0]} if repaired[0] else {}), **scans.meta()})


def _pages_read(pages: Iterable[Any]) -> Iterator[PageObjects]:
    """Each pdfplumber page read and closed in turn, so that only one page's objects are alive."""
    for page in pages:
        objects = read_page_objects(page)
        page.close()
        yield objects


def _counted(pages: Iterable[PageObjects], chars: list[int], repaired: list[int], settings: LayoutSettings,
             scans: ScanReader) -> Iterator[_Page]:
    """Each page's lines and rules; ``chars[0]`` counts the characters seen, ``repaired[0]`` the
    letters put back (``_repair_letters``). A scanned page (no text layer, or a scanner's text layer
    over its image) takes its words and rules from its image (``pdf_ocr``), as does a text layer not
    to be trusted (its characters are not counted)."""
    for page_no, objects, scanned in scans.read(pages):
        chars[0] += len(objects.chars) if scanned is None else 0
        page = read_page(scanned or objects, page_no, settings)
        repaired[0] += page.repaired
        yield page


def _extract_pages(pages: Iterable[_Page], settings: LayoutSettings = SETTINGS) -> StagedDoc:
    """The records of a document's pages, taking one page at a time and keeping no page's words.

    Gives what reading every page with ``row_rules`` decided for the whole document would give:
    pages before the first one that shows row rules are read both ways (``_both_readings``), and
    the reading that turns out right is kept once the document has shown its kind, or has ended."""
    doc = StagedDoc()
    undecided: list[tuple[StagedDoc, StagedDoc]] | None = []  # None once some page has shown row rules
    for page in pages:
        if undecided is not None and _has_row_rules(page, settings):
            for with_rules, _ in undecided:
                doc.absorb(with_rules)
            undecided = None
        if undecided is None:
            extract_page(page, doc, settings)
        else:
            last = undecided[-1][0] if undecided else doc
            undecided.append(_both_readings(page, last.table, last.open_table, settings))
    doc.row_rules = undecided is None
    for _, without_rules in undecided or []:
        doc.absorb(without_rules)
    return doc


def _both_readings(page: _Page, last_table: int, open_table: OpenTable | None, settings: LayoutSettings = SETTINGS
                   ) -> tuple[StagedDoc, StagedDoc]:
    """The page's records if the document has row rules and if it has none.

    Whether it has is known only once some page shows them (``StagedDoc.row_rules``); until then each
    page is read both ways and only the records are kept, so that no page's words outlive it. A
    page whose tables have no horizontal rules reads the same both ways and is read once."""
    with_rules = StagedDoc(table=last_table, open_table=open_table)
    extract_page(page, with_rules, settings)
    if not with_rules.rules_read:
        return with_rules, with_rules
    without_rules = StagedDoc(table=last_table, row_rules=False, open_table=open_table)
    extract_page(page, without_rules, settings)
    return with_rules, without_rules


def _reason(exc: Exception) -> str:
    inner = exc.args[0] if exc.args else exc
    text = str(inner) or type(inner).__name__
    if "password" in text.lower() or "encrypt" in text.lower() or (isinstance(inner, Exception) and \
            type(inner).__name__ == "PDFPasswordIncorrect"):
        return "encrypted, no password given"
    return text.splitlines()[0][:120]


@dataclass
class _Page:
    """What the extractor uses of one page: text lines and ruling segments, in the frame its text
    reads in; ``turn`` from the page as shown into that frame (``None``: the same), and ``stray``:
    the lines of text running in another direction, each in its own frame (``rotation``)."""

    page_no: int
    height: float
    lines: list[list[Word]]
    horizontal: list[Word]
    vertical: list[Word]
    #: the top and bottom edges of shaded cells (``pdf_objects.is_background``): no rules between
    #: rows, but they close a shaded header band, and a heading row filled across the table
    shaded: list[Word] = field(default_factory=list)
    turn: Turn | None = None
    stray: list[tuple[list[Word], Turn, int]] = field(default_factory=list)
    repaired: int = 0  # letters a code-page mix-up replaced, put back (``_repair_letters``)
    _starts: dict[tuple[int, LayoutSettings], bool] = field(default_factory=dict, repr=False, compare=False)

    def header_start(self, i: int, settings: LayoutSettings = SETTINGS) -> bool:
        """``table_header.header_start`` of line ``i``, worked out once: finding where tables
        start, end and whether rules cut their rows asks it of each line several times."""
        known = self._starts.get((i, settings))
        if known is None:
            known = self._starts[(i, settings)] = header_start(self.lines, i, settings)
        return known


def read_page(page: Any, page_no: int, settings: LayoutSettings = SETTINGS) -> _Page:
    """A page with ``chars``, ``edges`` and ``height`` (``PageObjects``, or a pdfplumber page), or
    with ``extract_words`` instead of ``chars`` (the text backend's grid of a layout dump, whose
    words are already in reading order). A page whose text runs turned is read turned into the
    frame most of its text reads in (``rotation.reading_frame``); a watermark's letters are dropped
    first (``furniture.without_watermark``)."""
    edges, height = page.edges, float(page.height)
    chars = getattr(page, "chars", None)
    turn, stray = None, []
    if chars is not None:
        chars = without_watermark(chars)
        width = getattr(page, "width", None)
        width = float(width) if width is not None else max([c["x1"] for c in chars] + [e["x1"] for e in edges],
                                                           default=0.0)
        turned = reading_frame(chars, edges, width, height)
        stray = stray_lines(turned, width, height, settings)
        chars, edges, height, turn = turned.chars, turned.edges, turned.height, turned.turn
    across = [e for e in edges if e["orientation"] == "h" and e["x1"] - e["x0"] > 2]
    horizontal = [e for e in across if not e.get("background")]
    vertical = [e for e in edges if e["orientation"] == "v" and e["bottom"] - e["top"] > 2]
    words = words_from_chars(chars, vertical, settings) if chars is not None \
        else page.extract_words(extra_attrs=["size"])
    repaired = _repair_letters(words)
    return _Page(page_no, height, group_lines(words, settings), horizontal, vertical,
                 shaded=[e for e in across if e.get("background")], turn=turn, stray=stray, repaired=repaired)


def _repair_letters(words: list[Word]) -> int:
    """Put back, in place, the Turkish letters of words a code-page mix-up replaced (a font mapping
    its Turkish glyphs by WinAnsiEncoding reads "Baþkanlýðý": ``textnorm.repaired_letters``); how
    many letters. The page's words are tested at once, as almost every page has none."""
    if not needs_repair("\n".join(w["text"] for w in words)):
        return 0
    repairs = 0
    for word in words:
        word["text"], repaired = repaired_letters(word["text"])
        repairs += repaired
    return repairs


def extract_page(page: _Page, doc: StagedDoc, settings: LayoutSettings = SETTINGS) -> None:
    """Stage a page's tables and lines; the boxes of a turned page's lines are turned back onto
    the page as shown, and its text running in another direction is quarantined."""
    lines = page.lines
    open_table, doc.open_table = doc.open_table, None
    staged, quarantined = len(doc.records), len(doc.quarantine)
    i = 0
    start = _continuation_start(lines, open_table, page, settings) if open_table is not None else None
    if open_table is not None and start is not None:
        for line in lines[:start]:
            emit_line(line, page.page_no, page.height, doc)
        i = _continued_region(lines, start, page, doc, open_table, settings)
    while i < len(lines):
        if page.header_start(i, settings):
            i = _table_region(lines, i, page, doc, settings)
            continue
        emit_line(lines[i], page.page_no, page.height, doc)
        i += 1
    if page.turn is not None:
        doc.records.move_boxes(staged, page.turn.box_back)
        for record in doc.quarantine[quarantined:]:
            record.update(zip(("x0", "top", "x1", "bottom"),
                              page.turn.box_back(record["x0"], record["top"], record["x1"], record["bottom"]),
                              strict=True))
    for line, turn, degrees in page.stray:
        _stray_line(line, turn, degrees, page, doc)


def _stray_line(line: list[Word], turn: Turn, degrees: int, page: _Page, doc: StagedDoc) -> None:
    """A line of text running in another direction (turned ``degrees`` as shown, read in the frame
    ``turn`` leads to) than the page's: a rotated watermark, a margin note, an upright page number
    beside a turned table. A page number is counted as furniture, anything else quarantined where
    it is on the page as shown."""
    if is_page_number(line, turn.reading_size[1]):
        doc.furniture += 1
        return
    x0, top, x1, bottom = turn.box_back(*box(line))
    main = page.turn.degrees if page.turn is not None else 0
    doc.quarantine.append({"page": page.page_no, "text": line_text(line), "x0": x0, "top": top, "x1": x1,
                           "bottom": bottom, "reason": f"text turned {degrees}° on the page, the page's text "
                                                       f"{main}°: not read with it"})


def _continues_table(line: list[Word], table: OpenTable, page: _Page, settings: LayoutSettings) -> bool:
    """``line`` is a row of the table left open at the end of the page before, printed without its
    column header (Word repeats a table's header row on a new page only when told to).

    A table with column rules: the page's vertical rules cross the line where at least half of the
    table's inner column boundaries were. Without them: the line holds phrases in two or more of
    the table's columns, none across a boundary (the outer edges are the page's: they were only
    where the header's text ended)."""
    tol = settings.edge_tolerance
    inner = table.bounds[1:-1]
    if table.ruled_columns:
        x0, top, x1, bottom = box(line)
        if x0 < table.bounds[0] - tol or x1 > table.bounds[-1] + tol:
            return False
        mid = (top + bottom) / 2
        crossing = [v["x0"] for v in page.vertical if v["top"] - 1 <= mid <= v["bottom"] + 1]
        return sum(any(abs(x - b) <= 2 * tol for x in crossing) for b in inner) * 2 >= len(inner) > 0
    found: set[int | None] = set()
    for phrase in phrases(line, settings):
        # numbers of narrow value columns stand close enough to make one phrase: each in its own column
        for part in [[w] for w in phrase] if all(is_value_token(w["text"]) for w in phrase) else [phrase]:
            x0, _, x1, _ = box(part)
            columns = {column_of(x0 + tol, x0 + tol, table.reach), column_of(x1 - tol, x1 - tol, table.reach)}
            if len(columns) > 1:
                return False  # text across a column boundary: no row of this table
            found |= columns
    return len(found) >= 2


def _continuation_start(lines: list[list[Word]], table: OpenTable, page: _Page, settings: LayoutSettings
                        ) -> int | None:
    """Where the page goes on the table left open on the page before without its header: None when no
    line before the page's first header is a row of it (``_continues_table``); else from the first
    such row back over the lines close above it, within its columns and no heading (a cell's text
    running on from the page before, in one column alone; a page's running header stands further off)."""
    first = next((i for i in range(len(lines)) if page.header_start(i, settings)
                  or _continues_table(lines[i], table, page, settings)), None)
    if first is None or page.header_start(first, settings):
        return None
    start = first
    while start > 0:
        line, below = lines[start - 1], lines[start]
        gap = box(below)[1] - box(line)[3]
        if is_heading(line, settings) or gap > settings.table_gap_lines * typical([w["size"] for w in line], 9.0) \
                or any(column_of(w["x0"], w["x1"], table.reach) is None for w in line):
            break
        start -= 1
    return start


def _has_row_rules(page: _Page, settings: LayoutSettings = SETTINGS) -> bool:
    """True when a table body on the page has a rule between two of its text lines."""
    lines = page.lines
    for start in range(len(lines)):
        if page.header_start(start, settings):
            band_end = header_band(lines, start, page.horizontal + page.shaded, settings)
            x0, _, x1, _ = box([w for ln in lines[start:band_end] for w in ln])
            end, ruled = _region_end(page, band_end, x0, x1, settings)
            body = lines[band_end:end]
            if ruled and len(body) >= 2 and _rules_between_lines(body, page.horizontal, x0, x1, settings):
                return True
    return False


def _crossed_by_vertical(line: list[Word], vertical: list[Word]) -> bool:
    _, top, _, bottom = box(line)
    mid = (top + bottom) / 2
    return any(v["top"] <= mid <= v["bottom"] for v in vertical)


def _region_end(page: _Page, band_end: int, x0: float, x1: float, settings: LayoutSettings = SETTINGS,
                band_bottom: float | None = None) -> tuple[int, bool]:
    """Index after the region's last body line, and whether the body has horizontal rules; the body
    starts at ``lines[band_end]``, below its header's last line or ``band_bottom`` (a body continued
    without a header)."""
    lines, horizontal, vertical = page.lines, page.horizontal, page.vertical
    if band_bottom is None:
        band_bottom = box(lines[band_end - 1])[3]
    size = typical([w["size"] for line in lines[band_end:band_end + 5] for w in line], 9.0)
    table_rules = sorted(h["top"] for h in joined_rules(horizontal, settings) if h["top"] > band_bottom
                         and min(h["x1"], x1) - max(h["x0"], x0) > settings.table_rule_cover * (x1 - x0))
    end = band_end
    last_bottom = band_bottom
    ruled = False
    while end < len(lines):
        line = lines[end]
        _, top, _, bottom = box(line)
        crossed = _crossed_by_vertical(line, vertical)
        rules_above = [y for y in table_rules if last_bottom - 1 <= y <= top + 1]
        inside = (rules_above and _ruled_below(page, end, table_rules, settings)) or _row_follows(page, end, settings)
        if page.header_start(end, settings) or (not crossed and is_heading(line, settings) and not inside):
            break  # a heading between two rules of the table, or followed by a row, is a row inside it
        if rules_above:
            ruled = True
        elif top - last_bottom > settings.table_gap_lines * size and not crossed:
            break
        if ruled and not crossed and not any(y >= bottom - 1 for y in table_rules):
            break  # below the table's last rule
        last_bottom = bottom
        end += 1
    return end, ruled


def _ruled_below(page: _Page, i: int, table_rules: list[float], settings: LayoutSettings = SETTINGS) -> bool:
    """A table rule runs under ``lines[i]``, and no column header starts on the next line (the
    rule would be the top of the next table's header): the table goes on below the line."""
    lines = page.lines
    if i + 1 >= len(lines) or page.header_start(i + 1, settings):
        return False
    bottom, next_top = box(lines[i])[3], box(lines[i + 1])[1]
    return any(bottom - 1 <= y <= next_top + 1 for y in table_rules)


def _row_follows(page: _Page, i: int, settings: LayoutSettings = SETTINGS) -> bool:
    """The line after the heading ``lines[i]`` is a table row starting an activity: cells apart
    (more than one phrase) and an activity code first, as under a goal row of a table without rules."""
    if i + 1 >= len(page.lines) or page.header_start(i + 1, settings):
        return False
    nxt = page.lines[i + 1]
    return len(phrases(nxt)) > 1 and CODE_AT_START.match(nxt[0]["text"] + " ") is not None \
        and nxt[0]["text"].count(".") >= 2


def _in_table_headings(body_lines: list[list[Word]], bounds: list[float], horizontal: list[Word],
                       settings: LayoutSettings) -> set[int]:
    """Indices of body lines that are headings printed as full-width rows inside the table (a web
    page's goal rows), with the lines that go on from them (one phrase, at the heading's left edge).

    A heading (``is_heading``, one phrase) is such a row when its text runs across a column
    boundary, as no cell's text does, or when rules above and below it close a row that holds
    nothing else (a short heading within the first column; ``horizontal`` may hold the edges of
    shaded cells: a goal row filled across the table is closed by its own shading)."""
    out: set[int] = set()
    n = 0
    while n < len(body_lines):
        line = body_lines[n]
        if not is_heading(line, settings):
            n += 1
            continue
        x0, top, x1, _ = box(line)
        rows = [line]
        while n + len(rows) < len(body_lines) and _goes_on(rows[-1], body_lines[n + len(rows)], settings):
            rows.append(body_lines[n + len(rows)])
        bottom = box(rows[-1])[3]
        above = box(body_lines[n - 1])[3] if n > 0 else top - line[0]["size"]
        below = box(body_lines[n + len(rows)])[1] if n + len(rows) < len(body_lines) else bottom + line[0]["size"]
        tol = settings.edge_tolerance
        crosses = any(x0 < b - tol and x1 > b + tol for b in bounds[1:-1])
        closed = _rule_between(horizontal, above, top, x0, x1) and _rule_between(horizontal, bottom, below, x0, x1)
        if crosses or closed:
            out.update(range(n, n + len(rows)))
        n += len(rows)
    return out


def _goes_on(line: list[Word], nxt: list[Word], settings: LayoutSettings) -> bool:
    """``nxt`` goes on a heading's ``line``: one phrase at its left edge, directly below it."""
    return len(phrases(nxt, settings)) == 1 and abs(box(nxt)[0] - box(line)[0]) <= settings.edge_tolerance \
        and box(nxt)[1] - box(line)[3] < line[0]["size"]


def _rule_between(horizontal: list[Word], upper: float, lower: float, x0: float, x1: float) -> bool:
    """A horizontal rule between ``upper`` and ``lower`` running under the whole of [x0, x1]."""
    return any(upper - 1 <= h["top"] <= lower + 1 and h["x0"] <= x0 + 1 and h["x1"] >= x1 - 1 for h in horizontal)


def _rules_between_lines(body_lines: list[list[Word]], horizontal: list[Word], x0: float, x1: float,
                         settings: LayoutSettings = SETTINGS) -> bool:
    """True when some rule runs between two text lines of a table body."""
    first_bottom, last_top = box(body_lines[0])[3], box(body_lines[-1])[1]
    return any(first_bottom - 1 <= h["top"] <= last_top + 1
               and min(h["x1"], x1) - max(h["x0"], x0) > settings.table_rule_cover * (x1 - x0)
               for h in joined_rules(horizontal, settings))


def _table_region(lines: list[list[Word]], start: int, page: _Page, doc: StagedDoc,
                  settings: LayoutSettings = SETTINGS) -> int:
    horizontal, vertical, page_no = page.horizontal, page.vertical, page.page_no
    band_end = header_band(lines, start, horizontal + page.shaded, settings)  # a shaded band closes it too
    band = lines[start:band_end]
    bx0, band_top, bx1, band_bottom = box([w for line in band for w in line])
    end, ruled = _region_end(page, band_end, bx0, bx1, settings)
    body_lines = lines[band_end:end]
    doc.rules_read = doc.rules_read or ruled
    ruled = ruled and doc.row_rules
    # a heading row inside the table runs across the column gaps: the gaps are found without it
    region_words = [w for line in band for w in line] + [w for line in body_lines
                                                         if not is_heading(line, settings) for w in line]
    bounds = columns_from_rules(vertical, band_top, band_bottom, settings)
    ruled_columns = bool(bounds)
    if not bounds:
        bounds = columns_from_gaps(header_columns(band, settings), region_words)
    doc.table += 1
    header = StagedDoc(table=doc.table)
    limits = _body_limits(body_lines, bounds, page, settings)
    _emit_cells(band, bounds, limits, page_no, header, kind="header", row_of=lambda _w: 0, settings=settings,
                spans=_spanning_header_words(band, bounds, vertical, settings))
    doc.records.extend(header.records)
    doc.quarantine.extend(header.quarantine)
    _emit_body(body_lines, bounds, limits, band_bottom, ruled, page, doc, settings)
    doc.open_table = OpenTable(bounds, ruled_columns, band, list(header.records)) \
        if doc.continue_tables and _runs_to_page_end(lines, end, page) else None
    return end


def _continued_region(lines: list[list[Word]], start: int, page: _Page, doc: StagedDoc, table: OpenTable,
                      settings: LayoutSettings) -> int:
    """Read the body of a table continued from the page before without its column header: a new
    table part under a copy of the header it was printed with (its staged lines, with the page and
    place where they stand), as if the header had been repeated. Returns the index after its body."""
    size = typical([w["size"] for w in lines[start]], 9.0)
    above = box(lines[start])[1] - size
    x0, _, x1, _ = box([w for line in lines[start:] for w in line])
    if table.ruled_columns:
        x0, x1 = table.bounds[0], table.bounds[-1]
    end, ruled = _region_end(page, start, x0, x1, settings, band_bottom=above)
    body_lines = lines[start:end]
    bounds = table.bounds if table.ruled_columns else columns_from_gaps(
        header_columns(table.band, settings),
        [w for line in table.band for w in line] + [w for line in body_lines if not is_heading(line, settings)
                                                    for w in line])
    doc.rules_read = doc.rules_read or ruled
    doc.table += 1
    for record in table.header:
        doc.records.append({**record, "table": doc.table})
    _emit_body(body_lines, bounds, _body_limits(body_lines, bounds, page, settings), above,
               ruled and doc.row_rules, page, doc, settings)
    doc.open_table = replace(table, bounds=bounds) if _runs_to_page_end(lines, end, page) else None
    return end


def _runs_to_page_end(lines: list[list[Word]], end: int, page: _Page) -> bool:
    """Nothing but the bottom margin's furniture (a page number) follows the table on its page."""
    return all(box(line)[1] > page.height * (1 - MARGIN_SHARE) for line in lines[end:])


def _body_limits(body_lines: list[list[Word]], bounds: list[float], page: _Page,
                 settings: LayoutSettings) -> list[float]:
    """Each column's right writing limit from the body's cell words (a heading row's are in no cell)."""
    headings = _in_table_headings(body_lines, bounds, page.horizontal + page.shaded, settings)
    cell_words = [w for n, line in enumerate(body_lines) if n not in headings for w in line]
    return right_limits(bounds, cell_words, bool(page.vertical))


def _emit_body(body_lines: list[list[Word]], bounds: list[float], limits: list[float], band_bottom: float,
               ruled: bool, page: _Page, doc: StagedDoc, settings: LayoutSettings) -> None:
    """Stage a table body's cells (by rule rows when ``ruled``, else by text lines) and the heading
    rows printed inside it, under the current table number."""
    horizontal, page_no, page_height = page.horizontal, page.page_no, page.height
    # a goal row shaded across the table is a heading row; a shaded header band's bottom is the header's
    headings = _in_table_headings(body_lines, bounds, horizontal + page.shaded, settings)
    parts = _split_at(body_lines, headings)
    body_words = [w for line in body_lines for w in line]
    first_body_top = box(body_lines[0])[1] if body_lines else band_bottom
    header_bottom = max([band_bottom] + [h["top"] for h in horizontal + page.shaded
                                         if band_bottom - 1 <= h["top"] <= first_body_top + 1])
    if ruled:
        region_bottom = box(body_words)[3] + 1 if body_words else header_bottom
        per_column = rules_per_column(horizontal, bounds, header_bottom - 1, region_bottom, settings)
        row_tops = merge_positions([y for ys in per_column for y in ys if y >= header_bottom - 1]
                                   + [header_bottom], settings.rule_merge)

        def row_of(word: Word) -> int:
            col = column_of(word["x0"], word["x1"], bounds)
            mid = (word["top"] + word["bottom"]) / 2
            col_rules = [y for y in per_column[col] if y <= mid] if col is not None else []
            cell_top = max([*col_rules, header_bottom])
            return 1 + sum(1 for y in row_tops if y < cell_top - settings.rule_merge)

        def row_end_of(row: int, col: int) -> int:
            """The last fine row of the cell opening at ``row``: the row above the column's next rule
            (a merged cell runs on where its column has no rule between rows)."""
            below = [y for y in per_column[col] if y > row_tops[row - 1] + settings.rule_merge]
            return sum(1 for y in row_tops if y < min(below) - settings.rule_merge) if below else len(row_tops)

        for part in parts:
            if isinstance(part, int):
                emit_line(body_lines[part], page_no, page_height, doc)
            else:
                _emit_cells(part, bounds, limits, page_no, doc, kind="body", row_of=row_of, row_break="rule",
                            settings=settings, row_end_of=row_end_of)
    else:
        line_index = {id(w): n for n, line in enumerate(body_lines, start=1) for w in line}
        for part in parts:
            if isinstance(part, int):
                emit_line(body_lines[part], page_no, page_height, doc)
            else:
                _emit_cells(part, bounds, limits, page_no, doc, kind="body",
                            row_of=lambda w: line_index[id(w)], row_break="text", settings=settings)


def _split_at(body_lines: list[list[Word]], headings: set[int]) -> list[list[list[Word]] | int]:
    """The body lines in order, each run of table lines as a list and each heading by its index."""
    parts: list[list[list[Word]] | int] = []
    for n, line in enumerate(body_lines):
        if n in headings:
            parts.append(n)
        elif parts and not isinstance(parts[-1], int):
            parts[-1].append(line)
        else:
            parts.append([line])
    return parts


def _spanning_header_words(band: list[list[Word]], bounds: list[float], vertical: list[Word],
                           settings: LayoutSettings) -> dict[int, list[int]]:
    """Header words of a cell spanning several columns ("HEDEFLER" over the year columns of a
    two-row header), by ``id``, → the columns the cell spans: each of those columns' headers reads
    it before its own ("HEDEFLER 2025").

    A word's cell runs between the vertical rules (or the edges of shaded cells) crossing its line;
    a phrase spans columns when one of its words' cells does (phrases of narrow cells set one space
    apart, "2024 2025 2026", do not). A word's own box proves nothing (in a layout dump the header
    words stand off their columns by a character or two): without rules, a group cell is one of
    ``table_header.header_groups``, spanning the columns of the cells under it."""
    tol = settings.edge_tolerance

    def extent(words: list[Word]) -> tuple[float, float] | None:
        """Between the vertical rules left and right of the words; None without both."""
        x0, top, x1, bottom = box(words)
        mid = (top + bottom) / 2
        xs = [v["x0"] for v in vertical if v["top"] - 1 <= mid <= v["bottom"] + 1]
        left = max((x for x in xs if x <= x0 + tol), default=None)
        right = min((x for x in xs if x >= x1 - tol), default=None)
        return None if left is None or right is None else (left, right)

    def crosses(cell: tuple[float, float] | None) -> bool:
        return cell is not None and any(cell[0] + tol < b < cell[1] - tol for b in bounds[1:-1])

    def spanned(left: float, right: float) -> list[int]:
        return [c for c, (lo, hi) in enumerate(itertools.pairwise(bounds)) if min(hi, right) - max(lo, left) > tol]

    out: dict[int, list[int]] = {}
    for line in band:
        for phrase in phrases(line):
            if any(crosses(extent([w])) for w in phrase) and (cell := extent(phrase)) is not None:
                out.update({id(w): spanned(*cell) for w in phrase})
    for group, cells in header_groups(band):  # without rules: over the cells under it
        if not any(id(w) in out for w in group):
            x0, _, x1, _ = box([w for cell in cells for w in cell])
            out.update({id(w): spanned(x0, x1) for w in group})
    return out


def _emit_cells(lines: list[list[Word]], bounds: list[float], limits: list[float],
                page_no: int, doc: StagedDoc, kind: str, row_of: Any, row_break: str = "rule",
                spans: dict[int, list[int]] | None = None, settings: LayoutSettings = SETTINGS,
                row_end_of: Callable[[int, int], int] | None = None) -> None:
    """Staged records for the words of some lines, grouped per (fine row, column) into cell lines;
    a word in ``spans`` (``_spanning_header_words``) goes to each column it spans; ``row_end_of``
    (fine row, column) gives the last fine row of a cell merged over rows (else: its own row)."""
    cells: dict[tuple[int, int], list[Word]] = {}
    for line in lines:
        for word in line:
            col = column_of(word["x0"], word["x1"], bounds)
            if col is None:
                doc.quarantine.append({"page": page_no, "text": word["text"], "x0": word["x0"],
                                       "top": word["top"], "x1": word["x1"], "bottom": word["bottom"],
                                       "reason": "inside a table region but outside its columns"})
                continue
            for spanned in (spans or {}).get(id(word), [col]):
                cells.setdefault((row_of(word), spanned), []).append(word)
    cell_lines = {key: group_lines(words) for key, words in sorted(cells.items())}
    pitch = single_line_pitch([ln for key in sorted(cell_lines, key=lambda k: (k[1], k[0]))
                               for ln in cell_lines[key]], settings)
    previous_line: dict[int, list[Word]] = {}
    for (row, col), col_lines in cell_lines.items():
        for n, cell_line in enumerate(col_lines):
            prev = previous_line.get(col)
            # a rule row's first line opens its cell: the space above it is the row's, not a paragraph's
            pitch_known = pitch if row_break == "text" or n > 0 else None
            join = joiner(prev, cell_line, limits[col], settings, line_pitch=pitch_known, cut_numbers=n > 0) \
                if prev is not None else ""
            # a text row's line may go on a number cut at the column edge in the line above: only the
            # structure stage knows whether that line is of the same row, so it gets the sign
            cut = row_break == "text" and n == 0 \
                and goes_on_cut_number(prev, cell_line, limits[col], line_pitch=pitch_known, settings=settings)
            x0, top, x1, bottom = box(cell_line)
            doubts = list(dict.fromkeys(w["doubt"] for w in cell_line if w.get("doubt")))  # OCR's (pdf_ocr)
            doc.records.append({"page": page_no, "kind": kind, "table": doc.table, "row": row,
                                "row_end": row_end_of(row, col) if row_end_of else row,
                                "row_break": row_break, "col": col, "text": line_text(cell_line),
                                "x0": x0, "top": top, "x1": x1, "bottom": bottom, "joiner": join, "cut": cut,
                                "flag": "; ".join(doubts) or None})
            previous_line[col] = cell_line
