"""The page reader's chars and edges equal pdfplumber's own (``page.chars``, ``page.edges``).

``extract/pdf_objects.py`` builds characters without ``Page.process_object`` for speed; these tests
hold it to pdfplumber's output on the shipped report, on every layout fixture, and on a page whose
MediaBox does not start at the origin and whose text sits partly inside a form XObject.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from yeep_extract.extract.pdf_objects import CHAR_KEYS, read_page_objects
from yeep_extract.extract.rotation import turn_of

ROOT = Path(__file__).resolve().parents[1]
PDFS = sorted([ROOT / "raw" / "mersin-yeep-2024.pdf", *(ROOT / "tests" / "fixtures").glob("layouts*/*.pdf")])


def _same_as_pdfplumber(path: Path) -> None:
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            read = read_page_objects(page)
            assert [{k: c[k] for k in CHAR_KEYS} for c in read.chars] == \
                [{k: c[k] for k in CHAR_KEYS} for c in page.chars], (path.name, page.page_number)
            assert [c["turn"] for c in read.chars] == [turn_of(*c["matrix"][:2]) for c in page.chars]
            # pdfplumber's edges, a rectangle's marked as a background's or not (``is_background``)
            assert [{k: v for k, v in e.items() if k != "background"} for e in read.edges] == page.edges, \
                (path.name, page.page_number)
            assert read.height == page.height


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_chars_and_edges_equal_pdfplumber(path: Path) -> None:
    _same_as_pdfplumber(path)


def _pdf(objects: list[str]) -> bytes:
    """A valid PDF of the numbered ``objects`` (bodies only), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{o:010d} 00000 n \n" for o in offsets).encode()
    out += f"trailer << /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(content: str, extra: str = "") -> str:
    return f"<< {extra} /Length {len(content)} >>\nstream\n{content}\nendstream"


def test_offset_mediabox_and_form_xobject(tmp_path: Path) -> None:
    page_content = "BT /F1 12 Tf 60 200 Td (Hedef 1.1) Tj ET\n50 150 m 300 150 l S\n100 60 80 50 re S\nq /X1 Do Q"
    form_content = "BT /F1 9 Tf 70 120 Td (Mevcut) Tj ET"
    path = tmp_path / "offset.pdf"
    path.write_bytes(_pdf([
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [30 40 400 300] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> /XObject << /X1 6 0 R >> >> >>",
        _stream(page_content),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        _stream(form_content, "/Type /XObject /Subtype /Form /BBox [0 0 400 300]"
                              " /Resources << /Font << /F1 5 0 R >> >>"),
    ]))
    _same_as_pdfplumber(path)
    with pdfplumber.open(path) as pdf:
        read = read_page_objects(pdf.pages[0])
    assert "".join(c["text"] for c in read.chars) == "Hedef 1.1Mevcut"  # the form's text too
    assert len(read.edges) == 5  # one line, four rectangle sides
    assert read.chars[0]["x0"] == pytest.approx(60.0)  # 30 pt of MediaBox offset taken into account


@pytest.mark.parametrize("path", PDFS, ids=lambda p: p.name)
def test_words_equal_pdfplumbers_word_extractor(path: Path) -> None:
    """``pdf_words`` builds words itself (no pdfplumber import for the PDFium reader): word for word
    what pdfplumber's ``WordExtractor`` makes of the same ordered characters."""
    from pdfplumber.utils.text import WordExtractor

    from yeep_extract.extract.geometry import SETTINGS
    from yeep_extract.extract.pdf_words import _words_in_order

    extractor = WordExtractor(x_tolerance_ratio=SETTINGS.word_gap, y_tolerance=SETTINGS.char_line_tolerance,
                              keep_blank_chars=False, use_text_flow=True, extra_attrs=["size"])
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            chars = sorted(read_page_objects(page).chars, key=lambda c: (round(c["top"]), c["x0"]))
            if chars:
                chars.insert(len(chars) // 2, {**chars[0], "text": ""})  # an empty text: a word of its own
            assert _words_in_order(chars, SETTINGS) == extractor.extract_words(chars), (path.name, page.page_number)
