"""Structure stage on what other producers print: headings in other forms, rows broken over a page."""

from __future__ import annotations

import pytest
from test_structure import body, header, line, preamble, values

from yeep_extract.extract import cells_frame
from yeep_extract.structure import build


def test_title_wrapped_over_two_lines_gives_the_year() -> None:
    recs = [line("MERSİN BÜYÜKŞEHİR BELEDİYESİ YEREL EŞİTLİK EYLEM PLANI 2024 YILI"),
            line("GERÇEKLEŞME RAPORU"), line("1. EĞİTİM VE FARKINDALIK"), line("1.1. Hedef: Farkındalık"),
            *header(0), *body(0, 1, {0: "1.1.1. Eğitim", 3: "Eğitim sayısı", **values("20", "25", "30", "35", "26")})]
    s = build(cells_frame(recs))
    assert s.report_year == 2024
    assert s.quarantine == []


def test_goal_heading_with_the_word_first() -> None:
    recs = [line("2024 YILI GERÇEKLEŞME RAPORU"), line("1. EĞİTİM VE FARKINDALIK"),
            line("Hedef 1.2: Kadınların Erişimini Sağlamak"),
            *header(0), *body(0, 1, {0: "1.2.1. Kurs", 3: "Kurs sayısı", **values("10", "11", "12", "13", "11")})]
    s = build(cells_frame(recs))
    assert (s.rows["goal_code"].iloc[0], s.rows["goal_title"].iloc[0]) == ("1.2", "Kadınların Erişimini Sağlamak")


@pytest.mark.parametrize("heading", ["1.2.Hedef: Kadınların Erişimini Sağlamak",  # typed without its space
                                     "1.2. Amaç: Kadınların Erişimini Sağlamak",
                                     "1.2 HEDEF Kadınların Erişimini Sağlamak"])
def test_goal_heading_in_other_forms(heading: str) -> None:
    recs = [line("2024 YILI GERÇEKLEŞME RAPORU"), line("1. EĞİTİM VE FARKINDALIK"), line(heading),
            *header(0), *body(0, 1, {0: "1.2.1. Kurs", 3: "Kurs sayısı", **values("10", "11", "12", "13", "11")})]
    s = build(cells_frame(recs))
    assert (s.rows["goal_code"].iloc[0], s.rows["goal_title"].iloc[0]) == ("1.2", "Kadınların Erişimini Sağlamak")
    assert s.quarantine == []


def test_rows_after_a_goal_heading_outside_any_table_are_no_part_of_its_title() -> None:
    """A page going on a table without its header, in a text dump: its rows come as lines outside
    tables after the repeated goal heading. They are set aside, never read into the goal's title."""
    recs = [line("2024 YILI GERÇEKLEŞME RAPORU"), line("1. EĞİTİM VE FARKINDALIK"),
            line("1.2. Hedef: Kadınların Erişimini"), line("Sağlamak"),
            *header(0), *body(0, 1, {0: "1.2.1. Kurs", 3: "Kurs sayısı", **values("10", "11", "12", "13", "11")}),
            line("1.2. Hedef: Kadınların Erişimini Sağlamak", page=2),
            line("1.2.2. Atölye Kadın ve Aile Atölye sayısı 3 4 5 6 4", page=2),
            line("Eğitim sayısı 1 2 3 4 5", page=2)]
    s = build(cells_frame(recs))
    assert s.rows["goal_title"].tolist() == ["Kadınların Erişimini Sağlamak"]
    assert [q["text"] for q in s.quarantine] == ["1.2.2. Atölye Kadın ve Aile Atölye sayısı 3 4 5 6 4",
                                               "Eğitim sayısı 1 2 3 4 5"]


def test_rest_of_indicator_text_over_a_page_is_stitched() -> None:
    """The row broke inside its indicator text; the values stayed on the first page, so the part on
    the next page has a capitalised text and no values: the rest of the row, not a row of its own."""
    recs = [*preamble(), *header(0),
            *body(0, 1, {0: "1.1.1. Evde", 3: "Evde Temizlik", **values("5005", "5505", "6000", "6500", "5948")}),
            line("1.1. Hedef: Farkındalık Oluşturmak", page=2), *header(1, page=2),
            *body(1, 1, {3: "Hizmeti sayısı"}, page=2),
            *body(1, 2, {3: "Tamirat sayısı", **values("420", "465", "500", "550", "685")}, page=2)]
    s = build(cells_frame(recs))
    assert s.rows["indicator_name"].tolist() == ["Evde Temizlik Hizmeti sayısı", "Tamirat sayısı"]


def _text_table(code_beside_indicator: bool) -> list[dict]:
    """Five activities without rules; with centred cells the code's line holds no indicator."""
    recs = [*preamble(), *header(0)]
    row = 0
    for n in range(1, 6):
        first = {3: f"Gösterge {n}", **values("1", "2", "3", "4", "5")}
        if code_beside_indicator:
            recs += body(0, row := row + 1, {0: f"1.1.{n}. Faaliyet", **first}, row_break="text")
        else:
            recs += body(0, row := row + 1, {0: f"1.1.{n}. Faaliyet"}, row_break="text")
            recs += body(0, row := row + 1, first, row_break="text")
    return recs


def test_text_rows_of_cells_not_top_aligned_are_doubted() -> None:
    doubted = build(cells_frame(_text_table(code_beside_indicator=False))).values
    assert doubted["flag"].str.contains("not top-aligned").all()
    trusted = build(cells_frame(_text_table(code_beside_indicator=True))).values
    assert trusted["flag"].isna().all()
