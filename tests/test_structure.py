"""Structure stage on small staged-cell tables: headings, merged cells, stitched rows, text rows."""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest

from yeep_extract.extract import cells_frame
from yeep_extract.structure import StructureError, build

HEADER = ["Faaliyet", "Sorumlu birim", "Destekçi Kurum/Kuruluş", "Gösterge", "Mevcut", "2024", "2025", "2026",
          "Gerçekleşme"]


def header(table: int, page: int = 1) -> list[dict[str, Any]]:
    return [{"kind": "header", "table": table, "row": 0, "col": c, "text": t, "page": page}
            for c, t in enumerate(HEADER)]


def line(text: str, page: int = 1) -> dict[str, Any]:
    return {"kind": "line", "table": -1, "row": -1, "col": -1, "text": text, "page": page}


def body(table: int, row: int, cells: dict[int, str], page: int = 1, row_break: str = "rule",
         joiner: str = "", cut: frozenset[int] = frozenset()) -> list[dict[str, Any]]:
    return [{"kind": "body", "table": table, "row": row, "col": c, "text": t, "page": page,
             "row_break": row_break, "joiner": joiner, "x0": 1.0, "top": 1.0, "x1": 2.0, "bottom": 2.0,
             "cut": c in cut} for c, t in cells.items()]


def values(*tokens: str) -> dict[int, str]:
    return {4 + i: t for i, t in enumerate(tokens)}


def preamble() -> list[dict[str, Any]]:
    return [line("2024 YILI GERÇEKLEŞME RAPORU"), line("1. EĞİTİM VE FARKINDALIK"),
            line("1.1. Hedef: Farkındalık Oluşturmak")]


def test_merged_activity_gives_rows_with_shared_activity() -> None:
    recs = [*preamble(), *header(0),
            *body(0, 1, {0: "1.1.1. Eğitim düzenlemek", 1: "Kadın ve Aile", 2: "Paydaşlar", 3: "Eğitim sayısı",
                         **values("20", "25", "30", "35", "26")}),
            *body(0, 2, {3: "Video sayısı", **values("7", "7", "8", "8", "7")})]
    s = build(cells_frame(recs))
    assert s.report_year == 2024
    assert s.rows["activity_code"].tolist() == ["1.1.1", "1.1.1"]
    assert s.rows["indicator_seq"].tolist() == [1, 2]
    assert s.rows["goal_code"].tolist() == ["1.1", "1.1"]
    assert s.rows["activity_title"].iloc[1] == "Eğitim düzenlemek"
    assert len(s.values) == 10
    assert s.values[s.values.indicator_seq == 2]["raw"].tolist() == ["7", "7", "8", "8", "7"]
    years = s.values["year"].tolist()[:5]
    assert pd.isna(years[0]) and years[1:] == [2024, 2025, 2026, 2024]


def test_row_broken_over_page_is_stitched() -> None:
    recs = [*preamble(), *header(0),
            *body(0, 1, {0: "1.1.1. Eğitim", 3: "Eğitim", **values("20", "25")}),
            line("1.1. Hedef: Farkındalık Oluşturmak", page=2), *header(1, page=2),
            *body(1, 1, {0: "düzenlemek", 3: "sayısı", 6: "30", 7: "35", 8: "26"}, page=2)]
    s = build(cells_frame(recs))
    assert len(s.rows) == 1
    assert s.rows["indicator_name"].iloc[0] == "Eğitim sayısı"
    assert s.rows["activity_title"].iloc[0] == "Eğitim düzenlemek"
    assert s.values["raw"].tolist() == ["20", "25", "30", "35", "26"]


def test_new_indicator_after_page_break_is_not_stitched() -> None:
    recs = [*preamble(), *header(0),
            *body(0, 1, {0: "1.1.1. Eğitim", 3: "Eğitim sayısı", **values("20", "25", "30", "35", "26")}),
            *header(1, page=2),
            *body(1, 1, {3: "Video sayısı", **values("7", "7", "8", "8", "7")}, page=2)]
    s = build(cells_frame(recs))
    assert s.rows["indicator_seq"].tolist() == [1, 2]
    assert s.rows["source_page"].tolist() == [1, 2]


def test_text_rows_merge_wrapped_lines_and_lower_values() -> None:
    recs = [*preamble(), *header(0),
            *body(0, 1, {0: "1.1.1. Eğitim", 3: "Hazırlanan döküman", **values("15", "16", "17")}, row_break="text"),
            *body(0, 2, {0: "düzenlemek", 3: "sayısı", 7: "18", 8: "16"}, row_break="text", joiner=" "),
            *body(0, 3, {3: "Video sayısı", **values("7", "7", "8", "8", "7")}, row_break="text")]
    s = build(cells_frame(recs))
    assert s.rows["indicator_name"].tolist() == ["Hazırlanan döküman sayısı", "Video sayısı"]
    assert s.values[s.values.indicator_seq == 1]["raw"].tolist() == ["15", "16", "17", "18", "16"]


def test_text_row_going_on_numbers_cut_at_the_column_edge_is_rejoined_and_doubted() -> None:
    """Every value of the line goes on a cut number: the rest of the row above, numbers rejoined
    ("17.95" + "5"), suspect; its title-case indicator words join the indicator name."""
    recs = [*preamble(), *header(0),
            *body(0, 1, {0: "1.1.1. Eğitim", 3: "Mola Evi’nde", **values("6000", "8000", "10500", "13000", "17.95")},
                  row_break="text"),
            *body(0, 2, {3: "Verilen hizmet", 8: "5"}, row_break="text", joiner=" ", cut=frozenset({8})),
            *body(0, 3, {3: "Video sayısı", **values("7", "7", "8", "8", "7")}, row_break="text")]
    s = build(cells_frame(recs))
    assert s.rows["indicator_name"].tolist() == ["Mola Evi’nde Verilen hizmet", "Video sayısı"]
    first = s.values[s.values.indicator_seq == 1]
    assert first["raw"].tolist()[-1] == "17.955" and "cut at its column" in first["flag"].tolist()[-1]
    assert first["flag"].iloc[:4].isna().all()


def test_text_row_with_a_cut_number_and_other_values_stays_a_row_but_doubts_both() -> None:
    """Only one of the line's values goes on a cut number: a row of its own, the number above it and
    the one below doubted."""
    recs = [*preamble(), *header(0),
            *body(0, 1, {0: "1.1.1. Eğitim", 3: "Mola", **values("6000", "8000", "10500", "13000", "17.95")},
                  row_break="text"),
            *body(0, 2, {3: "Durak sayısı", **values("1", "2", "3", "4", "5")}, row_break="text", cut=frozenset({8}))]
    s = build(cells_frame(recs))
    assert len(s.rows) == 2
    flagged = s.values[s.values["flag"].notna()]
    assert [(r.indicator_seq, r.raw) for r in flagged.itertuples()] == [(1, "17.95"), (2, "5")]


def test_section_without_goals_and_repeated_heading() -> None:
    recs = [line("2024 YILI GERÇEKLEŞME RAPORU"), line("8. İzleme ve Değerlendirme"), *header(0),
            *body(0, 1, {0: "8.1. İzlemek", 3: "Toplantı sayısı", **values("1", "2", "3", "4", "2")}),
            line(". Hedef:", page=2), *header(1, page=2),
            *body(1, 1, {0: "8.2. Paylaşmak", 3: "STK sayısı", **values("-", "20", "40", "60", "x")}, page=2)]
    s = build(cells_frame(recs))
    assert s.rows["goal_code"].tolist() == [None, None]
    assert s.rows["section_no"].tolist() == [8, 8]
    assert s.quarantine == []


def test_unknown_text_outside_tables_is_quarantined() -> None:
    recs = [*preamble(), *header(0),
            *body(0, 1, {0: "1.1.1. Eğitim", 3: "Eğitim sayısı", **values("20", "25", "30", "35", "26")}),
            line("Bu rapor hazırlanmıştır")]
    s = build(cells_frame(recs))
    assert [q["text"] for q in s.quarantine] == ["Bu rapor hazırlanmıştır"]


def test_no_table_is_an_error() -> None:
    with pytest.raises(StructureError, match="no YEEP table"):
        build(cells_frame(preamble()))


def test_value_columns_of_one_measure_and_year_are_doubted() -> None:
    """A header whose years were lost ("HEDEF" three times, its first line read into the table
    above): which value is which year cannot be known, so every value under them is suspect."""
    lost = ["Faaliyet", "Sorumlu birim", "Destekçi Kurum/Kuruluş", "Gösterge", "Mevcut", "Hedef", "Hedef", "Hedef",
            "Gerçekleşme"]
    recs = [*preamble(), *[{**h, "text": t} for h, t in zip(header(0), lost, strict=True)],
            *body(0, 1, {0: "1.1.1. Eğitim düzenlemek", 3: "Eğitim sayısı", **values("20", "25", "30", "35", "26")})]
    flags = build(cells_frame(recs)).values.set_index("measure")["flag"]
    assert flags["target"].str.startswith("3 columns read as target 2024").all()
    assert flags[["baseline", "actual"]].isna().all()
