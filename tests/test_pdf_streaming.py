"""The pdfplumber extractor reads a PDF one page at a time and keeps no page's words, yet decides
row rules for the whole document: its records equal those of a reading that first looks at every
page (the decision ``_Doc.row_rules`` documents)."""

from __future__ import annotations

from pathlib import Path

import pdfplumber

from yeep_extract.extract.pdf_pdfplumber import _Doc, _extract_page, _extract_pages, _has_row_rules, _Page, _read_page

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"


def _pages(*names: str) -> list[_Page]:
    """The pages of some fixture PDFs, one after another, as one document."""
    pages: list[_Page] = []
    for name in names:
        with pdfplumber.open(LAYOUTS / f"{name}.pdf") as pdf:
            pages += [_read_page(page, len(pages) + 1) for page in pdf.pages]
    return pages


def _whole_document_reading(pages: list[_Page], row_rules: bool | None = None) -> _Doc:
    doc = _Doc(row_rules=any(_has_row_rules(p) for p in pages) if row_rules is None else row_rules)
    for page in pages:
        _extract_page(page, doc)
    return doc


def test_pages_framed_without_row_rules_then_ruled_pages_read_with_row_rules() -> None:
    """Framed table pages come before the first page whose bodies have row rules: they were read
    before the document showed its kind and must end up read with row rules."""
    pages = _pages("frame-rules", "horizontal-rules")
    framed = _pages("frame-rules")
    assert not any(_has_row_rules(p) for p in framed)
    streamed = _extract_pages(pages)
    assert streamed.row_rules
    assert streamed.records == _whole_document_reading(pages).records
    assert streamed.table == _whole_document_reading(pages).table
    # the case matters: the framed pages alone read differently with and without row rules
    assert _whole_document_reading(framed, True).records != _whole_document_reading(framed, False).records


def test_a_document_that_never_shows_row_rules_reads_without_them() -> None:
    pages = _pages("frame-rules")
    streamed = _extract_pages(pages)
    assert not streamed.row_rules
    assert streamed.records == _whole_document_reading(pages, row_rules=False).records
    assert streamed.quarantine == _whole_document_reading(pages, row_rules=False).quarantine
