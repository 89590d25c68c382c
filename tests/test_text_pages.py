"""Page numbers in text dumps (``text.without_page_numbers``): dropped when they are surely page
numbers, kept when they may be a row's values."""

from __future__ import annotations

from yeep_extract.extract.text import text_lines, without_page_numbers

ROW = "1.1.1. Eğitim düzenlemek Kadın ve Aile Eğitim sayısı"


def _texts(dump: str) -> tuple[list[str], int]:
    kept, furniture = without_page_numbers(text_lines(dump))
    return [line.text for line in kept], furniture


def test_each_page_ending_in_its_own_number_is_a_footer() -> None:
    dump = "\f".join(f"{ROW}\n20 25 30 35 26\n{n}" for n in (1, 2, 3))
    texts, furniture = _texts(dump)
    assert furniture == 3 and texts.count("20 25 30 35 26") == 3 and "1" not in texts


def test_numbers_in_dashes_at_the_top_of_pages() -> None:
    dump = "\f".join(f"- {n} -\n{ROW}\n- 1 - 2" for n in (1, 2))
    texts, furniture = _texts(dump)
    assert furniture == 2 and texts.count("- 1 - 2") == 2


def test_one_page_ending_like_its_number_is_a_row() -> None:
    """"- 1 -" ends page 1 of three, and no other page prints its number: values, not a footer."""
    dump = f"{ROW}\n- 1 -\f{ROW}\n5 6 7\f{ROW}\n8 9"
    texts, furniture = _texts(dump)
    assert furniture == 0 and "- 1 -" in texts


def test_sayfa_lines_anywhere_and_bare_numbers_without_form_feeds() -> None:
    texts, furniture = _texts(f"{ROW}\n20 25 30 35 26\nSayfa 3 / 9\n{ROW}\n4\nSAYFA 4")
    assert furniture == 2 and "4" in texts and not any("ayfa" in t.lower() for t in texts)
