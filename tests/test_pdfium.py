"""The PDFium reader gives the staged cells the pdfplumber reader gives, on every PDF we have.

``extract/pdf_pdfium.py`` reads characters and rules with PDFium instead of pdfminer; everything
after that is shared. Each PDF is extracted by both backends and the staged cell tables are compared
line by line: every field but the coordinates exactly, the coordinates within ``TOLERANCE`` points
(PDFium computes in single precision). The PDFs: the shipped
report, every layout fixture, the 2025 fixture and the shipped report re-written by other producers
(``test_other_producers.PRODUCERS``: poppler's cairo backend, Ghostscript).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from test_other_producers import PRODUCERS, rewritten

from yeep_extract.extract import extract
from yeep_extract.extract.pdf_pdfium import PageInfo, read_pdfium_page

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures"
PDFS = sorted([ROOT / "raw" / "mersin-yeep-2024.pdf", *FIXTURES.glob("layouts*/*.pdf"), *FIXTURES.glob("y2025/*.pdf")])
#: points: PDFium's single-precision coordinates
TOLERANCE = 0.01
COORDINATES = ["x0", "top", "x1", "bottom"]


def _differences(path: Path) -> list[str]:
    """The staged lines the two readers give differently, one readable line each (none: the same)."""
    ours, theirs = extract(path, "pdfium"), extract(path, "pdfplumber")
    assert ours.meta["page_count"] == theirs.meta["page_count"]
    assert ours.meta["page_furniture"] == theirs.meta["page_furniture"]
    a, b = ours.cells, theirs.cells
    exact = [c for c in b.columns if c not in COORDINATES]
    problems = [] if len(a) == len(b) else [f"{len(a)} lines read by PDFium, {len(b)} by pdfplumber"]
    for x, y in zip(a.astype(object).to_dict("records"), b.astype(object).to_dict("records"), strict=False):
        differ = {c: (x[c], y[c]) for c in exact if not (x[c] == y[c] or (pd.isna(x[c]) and pd.isna(y[c])))}
        differ.update({c: (x[c], y[c]) for c in COORDINATES if not abs(x[c] - y[c]) <= TOLERANCE})
        if differ:
            problems.append(f"p{y['page']} t{y['table']} r{y['row']} c{y['col']} {y['text']!r}: {differ}")
    pd.testing.assert_frame_equal(ours.quarantine[["page", "text"]], theirs.quarantine[["page", "text"]])
    return problems


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_same_staged_cells_as_pdfplumber(path: Path) -> None:
    assert _differences(path) == []


@pytest.mark.parametrize("producer", list(PRODUCERS))
def test_same_staged_cells_on_other_producers(producer: str, tmp_path: Path) -> None:
    assert _differences(rewritten(producer, tmp_path)) == []


def test_rotated_page_in_pdfplumber_coordinates(tmp_path: Path) -> None:
    """A /Rotate 90 page with an offset MediaBox: chars and edges where pdfplumber puts them."""
    import pdfplumber
    import pypdfium2
    from test_pdf_objects import _pdf, _stream

    from yeep_extract.extract.pdf_objects import CHAR_KEYS, read_page_objects
    from yeep_extract.extract.pdf_pdfium import _FontMetrics

    content = "BT /F1 12 Tf 60 200 Td (Hedef 1.1) Tj ET\n50 150 m 300 150 l S\n100 60 80 50 re f"
    path = tmp_path / "rotated.pdf"
    path.write_bytes(_pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [30 40 400 300] /Rotate 90 /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        _stream(content),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]))
    with pdfplumber.open(path) as pdf:
        theirs = read_page_objects(pdf.pages[0])
    doc = pypdfium2.PdfDocument(str(path))
    page = doc[0]
    fonts = _FontMetrics(path)
    info = fonts.page(0)
    fonts.close()
    assert isinstance(info, PageInfo) and info.rotation == 90
    ours = read_pdfium_page(page, info)
    page.close()
    doc.close()
    assert ours.height == pytest.approx(theirs.height)
    assert [c["text"] for c in ours.chars] == [c["text"] for c in theirs.chars]
    for mine, other in zip(ours.chars, theirs.chars, strict=True):
        for key in CHAR_KEYS:
            assert mine[key] == pytest.approx(other[key], abs=0.01), key
    key = ("orientation", "x0", "top", "x1", "bottom")
    assert sorted(tuple(round(e[k], 2) if k != "orientation" else e[k] for k in key) for e in ours.edges) == \
        sorted(tuple(round(e[k], 2) if k != "orientation" else e[k] for k in key) for e in theirs.edges)
