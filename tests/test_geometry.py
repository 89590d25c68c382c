"""Layout heuristics of the PDF path, each on the small case it exists for."""

from __future__ import annotations

from typing import Any

from pdfplumber.utils.text import WordExtractor

from yeep_extract.extract.geometry import joiner, single_line_pitch
from yeep_extract.extract.pdf_pdfplumber import words_from_chars
from yeep_extract.extract.table_header import header_band, header_start

SIZE = 7.5


def _chars(text: str, x: float, top: float) -> list[dict[str, Any]]:
    return [{"text": ch, "x0": x + 4 * i, "x1": x + 4 * i + 4, "top": top, "bottom": top + SIZE, "doctop": top,
             "upright": True, "size": SIZE, "fontname": "F", "height": SIZE, "width": 4.0}
            for i, ch in enumerate(text)]


def _word(text: str, x0: float, top: float, width: float | None = None) -> dict[str, Any]:
    return {"text": text, "x0": x0, "x1": x0 + (width or 4 * len(text)), "top": top, "bottom": top + SIZE,
            "size": SIZE}


def test_lines_of_vertically_centred_cells_do_not_chain_into_one() -> None:
    """Two lines of one cell 9 pt apart, bridged by lines of other cells a few points between them
    (cells centred vertically): chained clustering interleaves their letters, ours keeps both words."""
    chars = (_chars("getirecek", 10, 100) + _chars("kültürel", 10, 109) + _chars("abc", 200, 102.5)
             + _chars("def", 300, 105) + _chars("ghi", 400, 107.5))
    assert "getirecek" not in [w["text"] for w in WordExtractor().extract_words(chars)]
    assert sorted(w["text"] for w in words_from_chars(chars)) == ["abc", "def", "getirecek", "ghi", "kültürel"]


def test_a_vertical_rule_ends_a_word() -> None:
    """Narrow cell margins: the last word of one cell and the first of the next are closer than any
    gap between words (``SETTINGS.word_gap``); the rule between them still parts them."""
    chars = _chars("Hizmetleri", 10, 100) + _chars("Paydaşlar", 50.5, 100)
    rule = {"x0": 50.25, "x1": 50.25, "top": 90.0, "bottom": 120.0}
    assert [w["text"] for w in words_from_chars(chars)] == ["HizmetleriPaydaşlar"]
    assert [w["text"] for w in words_from_chars(chars, [rule])] == ["Hizmetleri", "Paydaşlar"]


def test_space_after_a_paragraph_starts_a_new_unit() -> None:
    """"Halk Eğitim Merkezi" then "Mercek", which would not have fitted after it: only the extra space
    above "Mercek" (Word's space after a paragraph) tells a new unit from a wrapped line."""
    prev = [_word("Halk", 0, 100), _word("Eğitim", 20, 100), _word("Merkezi", 47, 100)]
    limit = 80.0
    wrapped = [_word("Mercek", 0, 109)]
    spaced = [_word("Mercek", 0, 112)]
    assert joiner(prev, wrapped, limit, line_pitch=9.0) == " "
    assert joiner(prev, spaced, limit, line_pitch=9.0) == "\n"
    assert joiner(prev, spaced, limit) == " "  # without a known pitch the space above says nothing


def test_single_line_pitch_ignores_paragraph_and_row_gaps() -> None:
    tops = [100, 109, 118, 130, 139, 148, 160, 169, 300]
    lines = [[_word("x", 0, top)] for top in tops]
    assert single_line_pitch(lines) == 9
    assert single_line_pitch(lines[:1]) is None


def test_would_have_fitted_uses_the_fonts_own_space() -> None:
    """A font with wide spaces (0.32 em): "Başkanlığı" fits after "Eğitim Dairesi" with a quarter-em
    space but not with the space the line itself shows, so the line wrapped."""
    space = 0.32 * SIZE
    prev = [_word("Eğitim", 0, 100, 24.0), _word("Dairesi", 24.0 + space, 100, 27.0)]
    nxt = [_word("Başkanlığı", 0, 109, 38.0)]
    limit = prev[-1]["x1"] + 0.25 * SIZE + 38.0 + 0.1
    assert joiner(prev, nxt, limit) == " "
    assert joiner(prev, nxt, limit + space) == "\n"


def test_number_wider_than_its_cell_is_rejoined() -> None:
    """"17.955" in a narrow ruled cell is printed "17.95" / "5": the first part fills the line."""
    prev = [_word("17.95", 10, 100, 20.0)]
    assert joiner(prev, [_word("5", 10, 109)], right_limit=30.5, cut_numbers=True) == ""
    assert joiner(prev, [_word("5", 10, 109)], right_limit=30.5) == " "  # lines maybe of two cells
    assert joiner([_word("17", 10, 100, 8.0)], [_word("5", 10, 109)], right_limit=30.5, cut_numbers=True) == "\n"


def test_header_centred_vertically_starts_at_its_first_printed_line() -> None:
    """Header cells centred vertically: the first printed line holds only the two-line labels'
    first words; the band starts there and the second line's single labels open columns of their own."""
    first = [_word("Destekçi", 200, 100), _word("Kurum", 236, 100), _word("Gerçekle", 600, 100)]
    second = [_word("Faaliyet", 40, 109), _word("/Kuruluş", 205, 109), _word("Gösterge", 320, 109),
              _word("Mevcut", 420, 109), _word("2024", 480, 109), _word("şme", 605, 109)]
    body = [_word("1.1.1.", 40, 130), _word("Eğitim", 70, 130), _word("20", 420, 130)]
    heading = [_word("1.1.", 40, 85), _word("Hedef:", 60, 85), _word("Eşitlik", 90, 85)]
    lines = [heading, first, second, body]
    assert [header_start(lines, i) for i in range(4)] == [False, True, True, False]
    assert header_band(lines, 1, horizontal=[]) == 3


def test_a_word_of_a_table_region_outside_its_columns_is_quarantined() -> None:
    """Nothing is dropped: a word left of the table's first rule goes to quarantine with its page,
    box and reason."""
    from yeep_extract.extract.pdf_pdfplumber import _emit_cells
    from yeep_extract.extract.staging import StagedDoc

    doc = StagedDoc()
    stray, inside = _word("Not", 2, 100, 6.0), _word("Eğitim", 20, 100)
    _emit_cells([[stray, inside]], [10.0, 60.0, 110.0], [58.0, 108.0], 3, doc, kind="body", row_of=lambda _w: 1)
    assert [r["text"] for r in doc.records] == ["Eğitim"]
    assert doc.quarantine == [{"page": 3, "text": "Not", "x0": 2, "top": 100, "x1": 8.0, "bottom": 100 + SIZE,
                               "reason": "inside a table region but outside its columns"}]
