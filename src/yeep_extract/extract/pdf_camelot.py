"""camelot backend: a PDF report → staged cell lines, with camelot-py finding the tables.

camelot reads the PDF with its own text layer (playa) and finds tables its own way: ``lattice`` on
pages that draw ruling lines, ``stream`` (whitespace) on the pages where lattice finds none; there,
the column header lines say where each table starts and camelot is asked again for one area per
table (``_stream_areas``), as stream's own areas join two tables of a page or miss one. From each
table this backend takes camelot's grid (row and column bounds, which cell edges are drawn) and the
page's text lines with their characters, and places every word itself:

1. a word belongs to the cell whose column and row hold its middle; in a lattice table a cell with
   no drawn edge above (or to the left) is merged with the one above (or left), so a merged
   activity cell's lines all carry its first fine row, as in the pdfplumber backend;
2. a table starts with a column header line (``table_header.is_header_line``, shared with the pdfplumber backend)
   and ends at the next header or heading; text of a camelot area outside such a run is ordinary
   lines (headings, notes). Stream columns without header text join a neighbour (``_headed_bounds``);
3. lines outside tables, page furniture and the joiner between a cell's lines follow the same rules
   as the pdfplumber backend (``emit_line``, ``geometry.joiner``), so the two backends differ only in
   how they find tables and read text: what ``--cross-check`` compares.

camelot takes PDF coordinates (y up); staged cells use pdfplumber's (``top`` from the page top).
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

from .geometry import (
    SETTINGS,
    LayoutSettings,
    Word,
    best_column,
    box,
    column_of,
    group_lines,
    joiner,
    line_text,
    phrases,
)
from .staged import Extraction, InputError, quarantine_frame
from .staging import StagedDoc, emit_line, goes_on_cut_number, is_heading, right_limits
from .table_header import continues_header, header_columns, is_header_line
from .text_trust import untrusted_words

#: Lattice reads ruling lines from the PDF's vector drawing instead of rendering the page: reports
#: exported from Word draw their rules as vector strokes, and rendering (the default "combined"
#: engine) costs ~10× the time without finding more rules in them.
LATTICE_ENGINE = "vector"


def _check_readable(path: Path) -> int:
    """Page count; ``InputError`` for a file that is no readable PDF or has no text layer."""
    import pypdfium2 as pdfium

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as exc:
        reason = "encrypted, no password given" if "password" in str(exc).lower() else str(exc)
        raise InputError(f"{path}: not a readable PDF ({reason})") from None
    try:
        pages = len(pdf)
        if pages == 0:
            raise InputError(f"{path}: the PDF has no pages")
        texts = [pdf[i].get_textpage().get_text_range() for i in range(pages)]
        if not any(texts):
            raise InputError(f"{path}: no text layer: OCR is not supported yet")
        for page_no, text in enumerate(texts, start=1):
            if why := untrusted_words(text.split()):
                raise InputError(f"{path}: page {page_no}: {why}; camelot does not OCR: "
                                 f"read it with --backend pdfium")
    finally:
        pdf.close()
    return pages


def _tables(path: Path, pages: int, settings: LayoutSettings) -> list[Any]:
    """camelot's tables of every page, in page order: lattice where it finds some, else stream."""
    import camelot

    try:
        found = list(camelot.read_pdf(str(path), pages="all", flavor="lattice", engine=LATTICE_ENGINE,
                                      suppress_stdout=True))
        ruled = {t.page for t in found}
        rest = [str(p) for p in range(1, pages + 1) if p not in ruled]
        if rest:
            stream = list(camelot.read_pdf(str(path), pages=",".join(rest), flavor="stream", suppress_stdout=True))
            areas = {int(t.page): _stream_areas(t, settings) for t in stream}
            areas = {page: a for page, a in areas.items() if a}
            if areas:  # read again, one area per table, where stream's own areas may join or miss tables
                again = camelot.read_pdf(str(path), pages=",".join(map(str, areas)), flavor="stream",
                                         suppress_stdout=True,
                                         per_page={page: {"table_areas": a} for page, a in areas.items()})
                stream = [t for t in stream if int(t.page) not in areas] + list(again)
            found += stream
    except Exception as exc:  # camelot's errors have no common base class
        raise InputError(f"{path}: camelot could not read it ({type(exc).__name__}: {exc})".splitlines()[0]
                         ) from None
    return sorted(found, key=lambda t: (int(t.page), -t._bbox[3]))


def _stream_areas(table: Any, settings: LayoutSettings) -> list[str]:
    """camelot ``table_areas`` for a page without rules: from each column header line down to the next
    header line or heading, across the text's width; empty when the page has no header line.

    ``stream`` guesses table areas from text alignment and may join two tables of a page into one
    area or miss one: the header lines say where tables start, as in the pdfplumber backend.
    """
    page_height = float(table.pdf_size[1])
    lines = group_lines([w for line in table.textlines for w in _words(line, page_height)], settings)
    if not lines:
        return []
    left, _, right, _ = box([w for line in lines for w in line])
    headers = [is_header_line(line) for line in lines]
    starts = [i for i, header in enumerate(headers) if header and not (i and headers[i - 1])]
    ends = [i for i, line in enumerate(lines) if i in starts or is_heading(line, settings)] + [len(lines)]
    areas = []
    for start in starts:
        end = min(e for e in ends if e > start)
        _, top, _, _ = box(lines[start])
        _, _, _, bottom = box([w for line in lines[start:end] for w in line])
        areas.append(f"{left - 1:.2f},{page_height - top + 1:.2f},{right + 1:.2f},{page_height - bottom - 1:.2f}")
    return areas


def _words(textline: Any, page_height: float) -> list[Word]:
    """The words of one camelot text line, split at spaces, with pdfplumber-style boxes."""
    words: list[Word] = []
    current: list[Any] = []
    for obj in [*textline._objs, None]:
        text = obj.get_text() if obj is not None else " "
        if obj is not None and hasattr(obj, "size") and text.strip():
            current.append(obj)
            continue
        if current:
            words.append({"text": "".join(c.get_text() for c in current), "x0": current[0].x0,
                          "x1": current[-1].x1, "top": page_height - max(c.y1 for c in current),
                          "bottom": page_height - min(c.y0 for c in current), "size": current[0].size})
        current = []
    return words


def _inside(word: Word, bbox: tuple[float, float, float, float], page_height: float) -> bool:
    x0, y0, x1, y1 = bbox
    mid_x, mid_y = (word["x0"] + word["x1"]) / 2, page_height - (word["top"] + word["bottom"]) / 2
    return x0 <= mid_x <= x1 and y0 <= mid_y <= y1


def extract_pdf_camelot(path: Path, settings: LayoutSettings = SETTINGS) -> Extraction:
    """Extract every page of a PDF report with camelot finding the tables (our layout ``settings``
    for the lines and phrases within them)."""
    try:
        import camelot
    except ImportError:
        raise InputError(f"{path}: the camelot backend needs camelot-py: pip install 'yeep-extract[camelot]'"
                         ) from None
    page_count = _check_readable(path)
    doc = StagedDoc()
    by_page = itertools.groupby(_tables(path, page_count, settings), key=lambda t: int(t.page))
    for page_no, group in by_page:
        tables = list(group)
        page_height = float(tables[0].pdf_size[1])
        words = [w for line in tables[0].textlines for w in _words(line, page_height)]
        _extract_page(tables, words, page_no, page_height, doc, settings)
    doc.drop_running_lines()
    return Extraction(
        cells=doc.records.frame(), quarantine=quarantine_frame(doc.quarantine),
        meta={"backend": "camelot", "backend_version": camelot.__version__, "page_count": page_count,
              "page_furniture": doc.furniture, "lattice_engine": LATTICE_ENGINE},
    )


def _segments(words: list[Word], settings: LayoutSettings) -> list[tuple[bool, list[list[Word]]]]:
    """The lines of one camelot table area cut into (is_table, lines) runs, top to bottom.

    A table runs from a column header line to the next header line or heading; lines before the
    first header (a goal heading camelot took into the area) are ordinary lines, as are headings.
    ``stream`` draws one area around several tables of a page, so one area may hold several.
    """
    out: list[tuple[bool, list[list[Word]]]] = []
    for line in group_lines(words, settings):
        if is_header_line(line) and not (out and out[-1][0] and is_header_line(out[-1][1][-1])):
            out.append((True, [line]))  # a header line under a header line goes on the same header
        elif out and out[-1][0] and not is_heading(line, settings):
            out[-1][1].append(line)
        else:
            out.append((False, [line]))
    return out


def _extract_page(tables: list[Any], words: list[Word], page_no: int, page_height: float, doc: StagedDoc,
                  settings: LayoutSettings) -> None:
    """Lines outside tables and each table's cells, in reading order (top to bottom)."""
    blocks: list[tuple[float, Any, list[list[Word]]]] = []
    rest = words
    for table in tables:
        mine = [w for w in rest if _inside(w, table._bbox, page_height)]
        rest = [w for w in rest if not _inside(w, table._bbox, page_height)]
        for is_table, lines in _segments(mine, settings):
            blocks += [(box(lines[0])[1], table, lines)] if is_table else [(box(ln)[1], None, [ln]) for ln in lines]
    blocks += [(box(line)[1], None, [line]) for line in group_lines(rest, settings)]
    for _, table, lines in sorted(blocks, key=lambda b: b[0]):
        if table is None:
            emit_line(lines[0], page_no, page_height, doc)
        else:
            _emit_table(table, lines, page_no, page_height, doc, settings)


def _cell_of(table: Any, bounds: list[float], word: Word, page_height: float) -> tuple[int, int] | None:
    """(grid row, col) of the word's middle; lattice merged cells give their top-left cell, stream
    tables have no grid rows (0)."""
    col = column_of(word["x0"], word["x1"], bounds)
    if col is None or table.flavor != "lattice":
        return None if col is None else (0, col)
    mid_y = page_height - (word["top"] + word["bottom"]) / 2
    row = next((i for i, (top, bottom) in enumerate(table.rows) if bottom <= mid_y <= top), None)
    if row is None:
        return None
    while row > 0 and not table.cells[row][col].top:
        row -= 1
    while col > 0 and not table.cells[row][col].left:
        col -= 1
    return row, col


def _headed_bounds(bounds: list[float], header_words: list[Word]) -> list[float]:
    """Column bounds in which every column has header text.

    ``stream`` cuts a column wherever the body text leaves a wide vertical gap (a short name under a
    wide header, an empty strip): a column without header text joins the neighbour whose header
    lies nearer, as a reader would take it.
    """
    bounds = list(bounds)
    while len(bounds) > 2:
        spans = list(itertools.pairwise(bounds))
        heads = [[w for w in header_words if column_of(w["x0"], w["x1"], bounds) == j] for j in range(len(spans))]
        empty = next((j for j, head in enumerate(heads) if not head), None)
        if empty is None:
            break
        lo, hi = spans[empty]
        left = lo - max(w["x1"] for w in heads[empty - 1]) if empty > 0 and heads[empty - 1] else float("inf")
        right = (min(w["x0"] for w in heads[empty + 1]) - hi if empty + 1 < len(spans) and heads[empty + 1]
                 else float("inf"))
        merge_left = empty > 0 and (left <= right or empty + 1 == len(spans))
        del bounds[empty if merge_left else empty + 1]
    return bounds


def _header_lines(lines: list[list[Word]], settings: LayoutSettings) -> int:
    """How many lines from the first are column header: it, and lines that continue its headers."""
    columns = header_columns([lines[0]], settings)
    count = 1
    while count < len(lines) and (is_header_line(lines[count]) or continues_header(lines[count], columns, settings)):
        for phrase in phrases(lines[count], settings):  # the header grows, as in the pdfplumber backend's band
            best_column(phrase, columns).extend(phrase)
        count += 1
    return count


def _emit_table(table: Any, lines: list[list[Word]], page_no: int, page_height: float, doc: StagedDoc,
                settings: LayoutSettings) -> None:
    """Staged records of one table: header lines (row 0), then body cell lines per fine row and column.

    Lattice: the header is the grid row of the first header line (however many lines it holds), fine
    rows are camelot's grid rows (merged cells on their first); stream: the header is that line and the
    lines continuing it, each body text line is a fine row (``row_break="text"``), and the structure
    stage decides where rows start.
    """
    lattice = table.flavor == "lattice"
    bounds = [table.cols[0][0]] + [c[1] for c in table.cols]
    first = _cell_of(table, bounds, lines[0][0], page_height)
    header_row = first[0] if lattice and first is not None else 0
    n_header = 0 if lattice else _header_lines(lines, settings)
    line_no = {id(w): n for n, line in enumerate(lines[n_header:], start=1) for w in line}
    if not lattice:
        bounds = _headed_bounds(bounds, [w for line in lines[:n_header] for w in line])
    cells: dict[tuple[int, int], list[Word]] = {}
    for word in (w for line in lines for w in line):
        place = _cell_of(table, bounds, word, page_height)
        if place is None:
            doc.quarantine.append({"page": page_no, "text": word["text"], "x0": word["x0"], "top": word["top"],
                                   "x1": word["x1"], "bottom": word["bottom"],
                                   "reason": "inside a table region but outside its columns"})
            continue
        row = (0 if place[0] <= header_row else place[0]) if lattice else line_no.get(id(word), 0)
        cells.setdefault((row, place[1]), []).append(word)
    first_body = min((r for r, _ in cells if r > 0 and lattice), default=0)
    body_words = [w for (row, _), ws in cells.items() if row > 0 for w in ws]
    limits = right_limits(bounds, body_words, lattice)
    doc.table += 1
    previous_line: dict[tuple[bool, int], list[Word]] = {}
    for (row, col), cell_words in sorted(cells.items()):
        header = row == 0
        for cell_line in group_lines(cell_words, settings):
            prev = previous_line.get((header, col))
            join = joiner(prev, cell_line, limits[col], settings) if prev is not None else ""
            x0, top, x1, bottom = box(cell_line)
            fine_row = 0 if header else row - first_body + 1 if lattice else row
            cut = not (lattice or header) and goes_on_cut_number(prev, cell_line, limits[col], settings=settings)
            doc.records.append({"page": page_no, "kind": "header" if header else "body", "table": doc.table,
                                "row": fine_row, "row_break": "rule" if lattice else "text",
                                "col": col, "text": line_text(cell_line),
                                "x0": x0, "top": top, "x1": x1, "bottom": bottom, "joiner": join, "cut": cut})
            previous_line[(header, col)] = cell_line
