"""The pdfplumber extractor reads a PDF one page at a time and keeps no page's words, yet decides
row rules for the whole document: its records equal those of a reading that first looks at every
page (the decision ``StagedDoc.row_rules`` documents). Also the shortcut of the word splitter's rule look-up."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber

from yeep_extract.extract.pdf_pdfplumber import (
    _extract_pages,
    _has_row_rules,
    _Page,
    extract_page,
    read_page,
    words_from_chars,
)
from yeep_extract.extract.staging import StagedDoc

LAYOUTS = Path(__file__).resolve().parent / "fixtures" / "layouts"


def _pages(*names: str) -> list[_Page]:
    """The pages of some fixture PDFs, one after another, as one document."""
    pages: list[_Page] = []
    for name in names:
        with pdfplumber.open(LAYOUTS / f"{name}.pdf") as pdf:
            pages += [read_page(page, len(pages) + 1) for page in pdf.pages]
    return pages


def _whole_document_reading(pages: list[_Page], row_rules: bool | None = None) -> StagedDoc:
    doc = StagedDoc(row_rules=any(_has_row_rules(p) for p in pages) if row_rules is None else row_rules)
    for page in pages:
        extract_page(page, doc)
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


def test_only_a_rule_at_the_lines_height_and_between_the_chars_parts_a_word() -> None:
    """Rules are looked up among those crossing the line, by position: a rule above the line, one
    left of both chars and one beyond them leave the word whole; the one between parts it."""
    def chars(text: str, x: float) -> list[dict[str, Any]]:
        return [{"text": ch, "x0": x + 4 * i, "x1": x + 4 * i + 4, "top": 100.0, "bottom": 107.5,
                 "doctop": 100.0, "upright": True, "size": 7.5, "fontname": "F", "height": 7.5, "width": 4.0}
                for i, ch in enumerate(text)]

    def rule(x: float, top: float = 90.0, bottom: float = 120.0) -> dict[str, float]:
        return {"x0": x, "x1": x, "top": top, "bottom": bottom}

    line = chars("Hizmetleri", 10) + chars("Paydaşlar", 50.5)  # closer than any gap between words
    beside = [rule(5.0), rule(50.25, 40.0, 60.0), rule(200.0)]
    assert [w["text"] for w in words_from_chars(line, beside)] == ["HizmetleriPaydaşlar"]
    assert [w["text"] for w in words_from_chars(line, [*beside, rule(50.25)])] == ["Hizmetleri", "Paydaşlar"]
