"""camelot backend: a PDF report → staged cell lines, with camelot-py finding the tables.

camelot reads the PDF with its own text layer (playa) and finds tables its own way: ``lattice`` on
pages that draw ruling lines, ``stream`` (whitespace) on the pages where lattice finds none. From each
table this backend takes camelot's grid (row and column bounds, which cell edges are drawn) and the
page's text lines with their characters, and places every word itself:

1. a word belongs to the cell whose column and row hold its middle; in a lattice table a cell with
   no drawn edge above (or to the left) is merged with the one above (or left), so a merged
   activity cell's lines all carry its first fine row, as in the pdfplumber backend;
2. a table starts with a column header line (``_is_header_line``, shared with the pdfplumber backend);
   a camelot "table" without one is ordinary text (headings, notes), emitted as lines;
3. lines outside tables, page furniture and the joiner between a cell's lines follow the same rules
   as the pdfplumber backend (``_emit_line``, ``geometry.joiner``), so the two backends differ only in
   how they find tables and read text: what ``--cross-check`` compares.

camelot takes PDF coordinates (y up); staged cells use pdfplumber's (``top`` from the page top).
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from typing import Any

from . import Extraction, InputError, cells_frame, quarantine_frame
from .geometry import Word, box, column_of, group_lines, joiner
from .pdf_pdfplumber import _Doc, _emit_line, _is_header_line, _right_limits

#: Lattice reads ruling lines from the PDF's vector drawing instead of rendering the page: reports
#: exported from Word draw their rules as vector strokes, and rendering (the default "combined"
#: engine) costs ~10× the time without finding more rules in them.
LATTICE_ENGINE = "vector"
_YEAR = re.compile(r"(19|20)\d\d")


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
        if not any(pdf[i].get_textpage().count_chars() for i in range(pages)):
            raise InputError(f"{path}: no text layer: OCR is not supported yet")
    finally:
        pdf.close()
    return pages


def _tables(path: Path, pages: int) -> list[Any]:
    """camelot's tables of every page, in page order: lattice where it finds some, else stream."""
    import camelot

    try:
        found = list(camelot.read_pdf(str(path), pages="all", flavor="lattice", engine=LATTICE_ENGINE,
                                      suppress_stdout=True))
        ruled = {t.page for t in found}
        rest = [str(p) for p in range(1, pages + 1) if p not in ruled]
        if rest:
            found += camelot.read_pdf(str(path), pages=",".join(rest), flavor="stream", suppress_stdout=True)
    except Exception as exc:  # camelot's errors have no common base class
        raise InputError(f"{path}: camelot could not read it ({type(exc).__name__}: {exc})".splitlines()[0]
                         ) from None
    return sorted(found, key=lambda t: (int(t.page), -t._bbox[3]))


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


def extract_pdf_camelot(path: Path) -> Extraction:
    """Extract every page of a PDF report with camelot finding the tables."""
    try:
        import camelot
    except ImportError:
        raise InputError(f"{path}: the camelot backend needs camelot-py: pip install 'yeep-extract[camelot]'"
                         ) from None
    page_count = _check_readable(path)
    doc = _Doc()
    by_page = itertools.groupby(_tables(path, page_count), key=lambda t: int(t.page))
    for page_no, group in by_page:
        tables = list(group)
        page_height = float(tables[0].pdf_size[1])
        words = [w for line in tables[0].textlines for w in _words(line, page_height)]
        _extract_page(tables, words, page_no, page_height, doc)
    return Extraction(
        cells=cells_frame(doc.records), quarantine=quarantine_frame(doc.quarantine),
        meta={"backend": "camelot", "backend_version": camelot.__version__, "page_count": page_count,
              "page_furniture": doc.furniture, "lattice_engine": LATTICE_ENGINE},
    )


def _extract_page(tables: list[Any], words: list[Word], page_no: int, page_height: float, doc: _Doc) -> None:
    """Lines outside tables and each table's cells, in reading order (top to bottom)."""
    blocks: list[tuple[float, Any, list[Word]]] = []
    rest = words
    for table in tables:
        mine = [w for w in rest if _inside(w, table._bbox, page_height)]
        if mine and _is_header_line(group_lines(mine)[0]):
            blocks.append((page_height - table._bbox[3], table, mine))
            rest = [w for w in rest if not _inside(w, table._bbox, page_height)]
    blocks += [(box(line)[1], None, line) for line in group_lines(rest)]
    for _, table, block_words in sorted(blocks, key=lambda b: b[0]):
        if table is None:
            _emit_line(block_words, page_no, page_height, doc)
        else:
            _emit_table(table, block_words, page_no, page_height, doc)


def _cell_of(table: Any, word: Word, page_height: float) -> tuple[int, int] | None:
    """(row, col) of camelot's grid holding the word's middle; merged cells give their top-left cell."""
    bounds = [table.cols[0][0]] + [c[1] for c in table.cols]
    col = column_of(word["x0"], word["x1"], bounds)
    mid_y = page_height - (word["top"] + word["bottom"]) / 2
    row = next((i for i, (top, bottom) in enumerate(table.rows) if bottom <= mid_y <= top), None)
    if col is None or row is None:
        return None
    if table.flavor == "lattice":
        while row > 0 and not table.cells[row][col].top:
            row -= 1
        while col > 0 and not table.cells[row][col].left:
            col -= 1
    return row, col


def _header_rows(cells: dict[tuple[int, int], list[Word]]) -> int:
    """How many leading grid rows are column header: the first, and rows of header words only."""
    from ..headers import is_header_word

    rows = sorted({r for r, _ in cells})
    count = 1
    for r in rows[1:]:
        row_words = [w for (rr, _), ws in cells.items() if rr == r for w in ws]
        if not all(is_header_word(w["text"]) or _YEAR.fullmatch(w["text"]) for w in row_words):
            break
        count += 1
    return rows[count - 1] + 1 if rows else 0


def _emit_table(table: Any, words: list[Word], page_no: int, page_height: float, doc: _Doc) -> None:
    """Staged records of one table: header lines (row 0), then body cell lines per fine row and column."""
    cells: dict[tuple[int, int], list[Word]] = {}
    for word in words:
        place = _cell_of(table, word, page_height)
        if place is None:
            doc.quarantine.append({"page": page_no, "text": word["text"], "x0": word["x0"], "top": word["top"],
                                   "x1": word["x1"], "bottom": word["bottom"],
                                   "reason": "inside a table region but outside its columns"})
            continue
        cells.setdefault(place, []).append(word)
    header_end = _header_rows(cells)
    bounds = [table.cols[0][0]] + [c[1] for c in table.cols]
    body_words = [w for (row, _), ws in cells.items() if row >= header_end for w in ws]
    limits = _right_limits(bounds, body_words, table.flavor == "lattice")
    row_break = "rule" if table.flavor == "lattice" else "text"
    doc.table += 1
    previous_line: dict[tuple[bool, int], list[Word]] = {}
    for (row, col), cell_words in sorted(cells.items()):
        header = row < header_end
        for cell_line in group_lines(cell_words):
            prev = previous_line.get((header, col))
            join = joiner(prev, cell_line, limits[col]) if prev is not None else ""
            x0, top, x1, bottom = box(cell_line)
            doc.records.append({"page": page_no, "kind": "header" if header else "body", "table": doc.table,
                                "row": 0 if header else row - header_end + 1, "row_break": row_break,
                                "col": col, "text": " ".join(w["text"] for w in cell_line),
                                "x0": x0, "top": top, "x1": x1, "bottom": bottom, "joiner": join})
            previous_line[(header, col)] = cell_line
