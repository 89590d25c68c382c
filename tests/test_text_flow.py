"""The text path on small dumps, one heuristic per test: decoding, pages, headers, value runs,
text cells, rows continued over a page, line-by-line copies and column-major dumps."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pandas as pd
import pytest

from yeep_extract.extract import InputError
from yeep_extract.extract.text import align_tabs, decode, extract_text, text_lines
from yeep_extract.extract.text_header import read_header, segment_header
from yeep_extract.structure import Structured, build

HEAD = """2024 YILI GERÇEKLEŞME RAPORU
1. EĞİTİM VE FARKINDALIK
1.1. Hedef: Toplumsal Cinsiyet Eşitliği Farkındalığı Oluşturmak
Faaliyet Sorumlu birim Destekçi Kurum
/Kuruluş
Gösterge Mevcut 2024 2025 2026 Gerçek
leşme
"""
ACTIVITY = """1.1.1. Belediyemize ait hizmet birimlerinde eğitim düzenlemek
Kadın ve Aile Hizmetleri
Dairesi Başkanlığı
İŞKUR
Halk Eğitim Merkezi
Eğitim sayısı
20 25 30 35
26
Video sayısı
7 7 8 8
7
"""


def _read(tmp_path: Path, text: str, name: str = "dump-2024.txt") -> Structured:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return build(extract_text(path).cells)


def _values(res: Structured, seq: int) -> tuple[list[str], list[bool]]:
    cells = res.values[res.values["indicator_seq"] == seq]
    return list(cells["raw"]), [isinstance(f, str) for f in cells["flag"]]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1254"])
def test_decode_every_encoding_with_crlf(encoding: str) -> None:
    text = (HEAD + ACTIVITY).replace("\n", "\r\n")
    decoded, _ = decode(text.encode(encoding), Path("x.txt"))
    assert [ln.text for ln in text_lines(decoded)] == [ln for ln in (HEAD + ACTIVITY).splitlines() if ln.strip()]


def test_decode_gives_nfc() -> None:
    decoded, _ = decode(unicodedata.normalize("NFD", "Gerçekleşme İŞKUR").encode("utf-8"), Path("x.txt"))
    assert decoded == unicodedata.normalize("NFC", "Gerçekleşme İŞKUR")


def test_binary_is_refused_naming_the_file() -> None:
    with pytest.raises(InputError, match=r"x\.txt: not a text file"):
        decode(bytes(range(256)) * 4, Path("x.txt"))


def test_pages_count_form_feeds() -> None:
    lines = text_lines("a\nb\fc\n\fd\r\ne")
    assert [(ln.text, ln.page, ln.line_no) for ln in lines] == [("a", 1, 1), ("b", 1, 2), ("c", 2, 2), ("d", 3, 3),
                                                                 ("e", 3, 4)]
    assert all(ln.page is None for ln in text_lines("a\nb"))


def test_flow_dump_rows_units_and_values(tmp_path: Path) -> None:
    res = _read(tmp_path, HEAD + ACTIVITY)
    rows = res.rows
    assert list(rows["indicator_name"]) == ["Eğitim sayısı", "Video sayısı"]
    assert rows["activity_title"].iloc[0] == "Belediyemize ait hizmet birimlerinde eğitim düzenlemek"
    assert rows["responsible_units_printed"].iloc[0] == ["Kadın ve Aile Hizmetleri Dairesi Başkanlığı"]
    assert rows["supporting_units_printed"].iloc[0] == ["İŞKUR", "Halk Eğitim Merkezi"]
    assert _values(res, 1) == (["20", "25", "30", "35", "26"], [False] * 5)


def test_short_run_is_suspect(tmp_path: Path) -> None:
    """Four values for five columns: which one is missing is not in the text."""
    res = _read(tmp_path, HEAD + ACTIVITY.replace("7 7 8 8\n7\n", "7 7 8\n7\n"))
    raw, flagged = _values(res, 2)
    assert raw == ["7", "7", "8", "7", ""] and all(flagged)  # the column left empty is doubted too


def test_lone_dash_before_the_first_run_is_an_empty_unit_cell(tmp_path: Path) -> None:
    text = HEAD + ACTIVITY.replace("İŞKUR\nHalk Eğitim Merkezi\n", "MBB Kariyer\nMerkezi -\n")
    res = _read(tmp_path, text)
    assert res.rows["indicator_name"].iloc[0] == "Eğitim sayısı"
    assert res.rows["supporting_units_printed"].iloc[0] == ["MBB Kariyer Merkezi"]
    assert _values(res, 1)[0] == ["20", "25", "30", "35", "26"]


def test_text_cell_between_two_short_runs_stays_in_its_row(tmp_path: Path) -> None:
    """ "- 20 40 60 Toplantı" / "da belli olacak" / "40": one row whose actual is a text cell."""
    head = HEAD.replace("2026 Gerçek\nleşme", "2026 2024 Gerçekleşme 2025 Gerçekleşme")
    head = head.replace("2024 YILI", "2025 YILI")
    body = ACTIVITY.split("Eğitim sayısı")[0] + ("Katılımcı STK sayısı - 20 40 60 Toplantı\nda belli\nolacak\n40\n"
                                                  "Toplantı Sayısı 2 3 4 5 3 4\n")
    res = _read(tmp_path, head + body, name="dump-2025.txt")
    assert list(res.rows["indicator_name"]) == ["Katılımcı STK sayısı", "Toplantı Sayısı"]
    raw, flagged = _values(res, 1)
    assert raw == ["-", "20", "40", "60", "Toplantı da belli olacak", "40"] and all(flagged)
    assert _values(res, 2) == (["2", "3", "4", "5", "3", "4"], [False] * 6)


def test_row_continued_under_a_repeated_header(tmp_path: Path) -> None:
    """A page break inside an activity: the rows under the repeated header are the same activity's."""
    text = HEAD + ACTIVITY.split("Video sayısı")[0] + HEAD.split("\n", 3)[3] + (
        "Kadın ve Aile Hizmetleri\nDairesi Başkanlığı\nVideo sayısı\n7 7 8 8\n7\n")
    path = tmp_path / "dump-2024.txt"
    path.write_text(text, encoding="utf-8")
    extraction = extract_text(path)
    res = build(extraction.cells)
    assert list(zip(res.rows["activity_code"], res.rows["indicator_seq"], strict=True)) == [("1.1.1", 1), ("1.1.1", 2)]
    assert res.rows["indicator_name"].iloc[1] == "Video sayısı"
    assert "unit names printed again" in extraction.quarantine["reason"].iloc[0]


#: pdftotext -raw of a row broken over a page: the first line of every cell shares one baseline, so the
#: row's first line holds them all, values included; the cells' rest follows the repeated header.
BROKEN_ROW = ("{code}. Kadınlara yönelik teknoloji Kadın ve Aile Hizmetleri İŞKUR Eğitimlerle ulaşılan kadın "
              "40 59 84 185 188\n")
BROKEN_REST = "eğitimleri düzenlemek\nDairesi Başkanlığı sayısı\n"


def test_activity_broken_over_a_page_is_no_goal_heading(tmp_path: Path) -> None:
    """"1.1.2. ..." followed by a repeated column header is an activity (its code has three levels)."""
    text = HEAD + ACTIVITY + BROKEN_ROW.format(code="1.1.2") + HEAD.split("\n", 3)[3] + BROKEN_REST
    res = _read(tmp_path, text)
    assert list(res.rows["activity_code"]) == ["1.1.1", "1.1.1", "1.1.2"]
    broken = res.values[res.values["activity_code"] == "1.1.2"]
    assert broken["raw"].tolist() == ["40", "59", "84", "185", "188"] and broken["flag"].isna().all()


def test_two_level_activity_with_its_values_is_no_goal_heading(tmp_path: Path) -> None:
    """In a section without goals, "8.1. ... 40 59 84 185 188" before a repeated header is an activity:
    a goal heading never ends in a run of values."""
    head = HEAD.split("\n", 3)[3]
    title = HEAD.split("\n", 1)[0]
    text = f"{title}\n8. İzleme ve Değerlendirme\n{head}{BROKEN_ROW.format(code='8.1')}{head}{BROKEN_REST}"
    res = _read(tmp_path, text)
    assert list(res.rows["activity_code"]) == ["8.1"]
    assert res.values["raw"].tolist() == ["40", "59", "84", "185", "188"]


def test_line_by_line_copy_joins_a_row_and_doubts_it(tmp_path: Path) -> None:
    """Copied line by line across columns, a row's values fall on two lines: one row, all suspect."""
    lines = ["1.1.{n}. Eğitim düzenlemek Kadın ve Aile Paydaşlar Eğitim sayısı 25 30 35 26",
             "Hizmetleri Dairesi Başkanlığı 20"]
    text = HEAD + "".join("\n".join(lines).format(n=n) + "\n" for n in range(1, 4))
    res = _read(tmp_path, text)
    assert len(res.rows) == 3
    raw, flagged = _values(res, 1)
    assert sorted(raw[:5]) == sorted(["20", "25", "30", "35", "26"]) and all(flagged)


def test_column_major_dump_is_refused(tmp_path: Path) -> None:
    text = ("2024 YILI GERÇEKLEŞME RAPORU\n1. EĞİTİM\nFaaliyet\n1.1.1. Eğitim düzenlemek\nSorumlu birim\n"
            "Kadın ve Aile\nDestekçi Kurum\nPaydaşlar\nGösterge\nEğitim sayısı\nMevcut\n20\n2024\n25\n")
    path = tmp_path / "dump-2024.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match="column after column"):
        extract_text(path)


def test_no_pages_without_form_feeds(tmp_path: Path) -> None:
    res = _read(tmp_path, HEAD + ACTIVITY)
    assert pd.isna(res.rows["source_page"]).all()


@pytest.mark.parametrize(("printed", "title_end"), [
    pytest.param("kurslar düzenlemek (örn. Araba\ntamiri, kaynak)", "düzenlemek (örn. Araba tamiri, kaynak)",
                 id="bracket-after-the-verb-ends-the-title"),
    pytest.param("alanlarda kentte yapılması\nistedikleri önerileri iletmek için kutu koyma",
                 "yapılması istedikleri önerileri iletmek için kutu koyma",
                 id="a-title-goes-on-over-a-lower-case-line"),
])
def test_title_end(tmp_path: Path, printed: str, title_end: str) -> None:
    res = _read(tmp_path, HEAD + ACTIVITY.replace("eğitim düzenlemek", printed))
    assert res.rows["activity_title"].iloc[0].endswith(title_end)


@pytest.mark.parametrize(("units", "supporting", "name"), [
    pytest.param("AÇEV MEB\nEğitim sayısı", ["AÇEV", "MEB"], "Eğitim sayısı", id="acronyms-are-units"),
    pytest.param("ILO\nIOM Eğitim sayısı", ["ILO", "IOM"], "Eğitim sayısı", id="acronym-before-a-capital-is-a-unit"),
    pytest.param("STK’lar,\npaydaşlar\nEğitim sayısı", ["STK’lar", "paydaşlar"], "Eğitim sayısı",
                 id="comma-separates-names"),
    pytest.param("Üniversiteler\n/ ŞÖNİM\nEğitim sayısı", ["Üniversiteler", "ŞÖNİM"], "Eğitim sayısı",
                 id="slash-separates-names"),
    pytest.param("Muhtarlık İşleri D.B. Açılacak danışma merkezi\nsayısı", ["Muhtarlık İşleri D.B."],
                 "Açılacak danışma merkezi sayısı", id="a-name-never-starts-lower-case"),
    pytest.param("Paydaslar Egitim sayisi", ["Paydaslar"], "Egitim sayisi", id="typed-without-turkish-letters"),
])
def test_units_and_name_split(tmp_path: Path, units: str, supporting: list[str], name: str) -> None:
    res = _read(tmp_path, HEAD + ACTIVITY.replace("İŞKUR\nHalk Eğitim Merkezi\nEğitim sayısı", units))
    assert res.rows["supporting_units_printed"].iloc[0] == supporting
    assert res.rows["indicator_name"].iloc[0] == name


@pytest.mark.parametrize(("words", "labels"), [
    pytest.param("Faaliyet Gösterge Mevcut 2024 2025 2026 Gerçek leşme",
                 ["Faaliyet", "Gösterge", "Mevcut", "2024", "2025", "2026", "Gerçek leşme"],
                 id="a-bare-year-after-the-baseline-is-a-target-column"),
    pytest.param("Faaliyet Gösterge Mevcut 2024 2025 2026 2024 Gerçekleşme 2025 Gerçekleşme",
                 ["Faaliyet", "Gösterge", "Mevcut", "2024", "2025", "2026", "2024 Gerçekleşme", "2025 Gerçekleşme"],
                 id="a-year-before-an-actual-word-is-the-actual-column"),
    pytest.param("Faaliyetler Performans Göstergesi Mevcut Durum (2023) 2024 Yılı Hedefi 2024 Yılı Gerçekle şme",
                 ["Faaliyetler", "Performans Göstergesi", "Mevcut Durum (2023)", "2024 Yılı Hedefi",
                  "2024 Yılı Gerçekle şme"], id="a-year-in-brackets-stays-with-the-baseline"),
])
def test_segment_header(words: str, labels: list[str]) -> None:
    assert segment_header(words.split(), 2025) == labels


def test_tab_separated_cells_are_aligned_into_columns() -> None:
    """A table copied from a word processor separates cells by tabs: the k-th fields line up."""
    lines = text_lines("1. EĞİTİM\nFaaliyet\tGösterge\tMevcut\n1.1.1. Uzun bir faaliyet adı\tEğitim sayısı\t20\n"
                       "\tVideo\t7\n")
    aligned = align_tabs(lines)
    assert aligned is not None
    head, first, second = (ln.text for ln in aligned[1:])
    assert aligned[0].text == "1. EĞİTİM"
    assert head.index("Gösterge") == first.index("Eğitim") == second.index("Video")
    assert head.index("Mevcut") == first.index("20") == second.index("7")
    assert "   " in first[:first.index("Eğitim")]  # a column gap, not a word gap
    assert align_tabs(text_lines("a b\nc d\n")) is None


def test_flow_header_with_two_columns_of_one_year_is_no_header() -> None:
    """ "2024 2025" over "Gerçekl Gerçekl": read word by word it gives two 2024 columns; never a header."""
    lines = text_lines("Faaliyet Gösterge Mevcut 2024 2025 2024 2025\n1.1.1. Eğitim düzenlemek\n")
    assert read_header(lines, 0, 2025) == (1, None)
    assert read_header(text_lines("Faaliyet Gösterge Mevcut 2024 2025\n"), 0, 2025)[1] is not None


def test_flow_header_cut_before_an_unknown_column_is_no_header() -> None:
    """ "2024 Gerçekleşme" then "Gerçekleşme" (of "Gerçekleşme Oranı (%)", whose unknown words end the
    header): two actual columns of the report year, the ratio's values would be read as actuals."""
    lines = text_lines("Faaliyet Gösterge Mevcut\n2024\nHedef\n2024\nGerçekleşme\nGerçekleşme\nOranı (%)\n")
    assert read_header(lines, 0, 2024)[1] is None
    assert read_header(text_lines("Faaliyet Gösterge Mevcut\n2024\nHedef\nGerçekleşme\n"), 0, 2024)[1] is not None


def test_layout_header_with_two_columns_of_one_year_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "dump-2024.txt"
    path.write_text("2024 YILI GERÇEKLEŞME RAPORU\n1. EĞİTİM\n"
                    "Faaliyet          Gösterge          Mevcut    2024    2024\n"
                    "1.1.1. Eğitim     Eğitim sayısı     20        25      26\n", encoding="utf-8")
    with pytest.raises(InputError, match="two value columns of one year"):
        extract_text(path)


def test_number_cut_after_its_decimal_mark_is_rejoined_in_a_flow_dump(tmp_path: Path) -> None:
    """ "%7," ending a run and "5" on the next line: one value, "%7,5" (no printed value ends in a mark)."""
    res = _read(tmp_path, HEAD + ACTIVITY.replace("7 7 8 8\n7\n", "7 7 8 8 %7,\n5\n"))
    assert _values(res, 2) == (["7", "7", "8", "8", "%7,5"], [False] * 5)


LAYOUT_CUT = """2024 YILI GERÇEKLEŞME RAPORU
1. EĞİTİM
Faaliyet              Gösterge                 Mevcut    2024    2025    2026    Gerçekleşme
1.1.1. Eğitim         Bütçe ekibindeki         -         %39     %47     %45     %29,
düzenlemek            kadın oranı                                                8
1.1.2. Kurs           Plan ekibindeki          -         %33     %30     %67     %67,
açmak                 kadın oranı                                                2
"""


def test_number_cut_after_its_decimal_mark_is_rejoined_in_a_layout_dump(tmp_path: Path) -> None:
    """In a -layout dump of narrow columns, "%29," / "8": the line below goes on the cut number (doubted),
    the row is not split in two and the next row keeps its values."""
    res = _read(tmp_path, LAYOUT_CUT)
    assert list(res.rows["activity_code"]) == ["1.1.1", "1.1.2"]
    actual = res.values[res.values["measure"] == "actual"]
    assert actual["raw"].tolist() == ["%29,8", "%67,2"] and actual["flag"].notna().all()


LAYOUT_WRAPPED_TEXT = """2024 YILI GERÇEKLEŞME RAPORU
1. EĞİTİM
Faaliyet              Gösterge                 Mevcut    2024    2025    2026    Gerçekleşme
1.1.1. Eğitim         Katılımcı STK            -         20      40      60      Toplantıda
düzenlemek            sayısı                                                     belli olacak
                      Toplantı sayısı          2         3       4       5       3
1.1.2. Kurs           Kurs sayısı              1         2       3       4       Topla
açmak                                                                            ntıda
"""


@pytest.mark.parametrize(("wrapped", "text_value"), [
    pytest.param(False, "Toplantıda belli olacak", id="over-two-lines"),
    pytest.param(True, "Toplantıda", id="a-word-cut-at-the-column-edge"),
])
def test_text_value_wrapped_in_a_layout_dump_is_one_row(tmp_path: Path, wrapped: bool, text_value: str) -> None:
    """A text value wrapped in its value column, next to the indicator name's wrapped line ("sayısı"),
    goes on in its cell: no row of its own."""
    res = _read(tmp_path, LAYOUT_WRAPPED_TEXT)
    assert list(res.rows["indicator_name"]) == ["Katılımcı STK sayısı", "Toplantı sayısı", "Kurs sayısı"]
    actual = res.values[res.values["measure"] == "actual"]["raw"].str.split().str.join(" ")
    assert actual.tolist()[2 if wrapped else 0].replace("Topla ntıda", "Toplantıda") == text_value


def test_activity_without_values_is_quarantined_with_line_numbers(tmp_path: Path) -> None:
    path = tmp_path / "dump-2024.txt"
    path.write_text(HEAD + "1.1.9. Değerleri basılmamış bir faaliyet yürütmek\nKadın ve Aile\n" + ACTIVITY,
                    encoding="utf-8")
    extraction = extract_text(path)
    quarantined = extraction.quarantine
    assert " ".join(quarantined["text"]) == "1.1.9. Değerleri basılmamış bir faaliyet yürütmek Kadın ve Aile"
    assert set(quarantined["line_no"]) == {8, 9} and quarantined["reason"].str.contains("no values").all()
    assert list(build(extraction.cells).rows["activity_code"]) == ["1.1.1", "1.1.1"]


def test_number_cut_at_a_narrow_column_is_rejoined_and_doubted(tmp_path: Path) -> None:
    """ "12114 10.32" / "4": six numbers for five columns, the last cut at its column's edge."""
    res = _read(tmp_path, HEAD + ACTIVITY.replace("20 25 30 35\n26\n", "20 25 30 35 10.32\n4\n"))
    raw, flagged = _values(res, 1)
    assert raw == ["20", "25", "30", "35", "10.324"] and flagged == [False] * 4 + [True]
    assert res.quarantine == []


def test_row_broken_at_a_page_end_takes_back_its_rest(tmp_path: Path) -> None:
    """Under the repeated header, the broken row's rest comes first: the title's last words, then the
    indicator name's ("Evde Temizlik" / page break / "Hizmeti sayısı"), then the next row."""
    text = HEAD + ACTIVITY.replace("Belediyemize ait hizmet birimlerinde eğitim düzenlemek",
                                   "Belediyemize ait hizmet birimlerinde eğitim").split("Video sayısı")[0]
    text = text.replace("Eğitim sayısı\n", "Evde Temizlik\n") + HEAD.split("\n", 3)[3] + (
        "düzenlemek Hizmeti sayısı\nVideo sayısı\n7 7 8 8\n7\n")
    res = _read(tmp_path, text)
    assert list(res.rows["indicator_name"]) == ["Evde Temizlik Hizmeti sayısı", "Video sayısı"]
    assert res.rows["activity_title"].iloc[0] == "Belediyemize ait hizmet birimlerinde eğitim düzenlemek"


def test_page_number_after_a_full_row_is_furniture(tmp_path: Path) -> None:
    """pdftotext -raw prints a page's footer number after its last row, before the form feed."""
    text = HEAD + ACTIVITY.replace("7 7 8 8\n7\n", "7 7 8 8 7\n12\n\f")
    path = tmp_path / "dump-2024.txt"
    path.write_text(text, encoding="utf-8")
    extraction = extract_text(path)
    res = build(extraction.cells)
    assert _values(res, 2) == (["7", "7", "8", "8", "7"], [False] * 5)
    assert list(extraction.quarantine["text"]) == ["12"] and "page number" in extraction.quarantine["reason"].iloc[0]


def test_lone_number_inside_a_page_is_no_page_number(tmp_path: Path) -> None:
    text = HEAD + "\f" + ACTIVITY.replace("7 7 8 8\n7\n", "7 7 8 8 7\n12\n") + ACTIVITY.replace("1.1.1.", "1.1.2.")
    res = _read(tmp_path, text)
    raw, flagged = _values(res, 2)  # 1.1.1's second row, then 1.1.2's
    assert raw[:5] == ["7", "7", "8", "8", "7"] and all(flagged[:5])


def test_empty_goal_heading_is_a_heading(tmp_path: Path) -> None:
    """ ". Hedef:" repeated over a section without goals is no activity text."""
    path = tmp_path / "dump-2024.txt"
    path.write_text(HEAD + ACTIVITY + ". Hedef:\n" + HEAD.split("\n", 3)[3] + ACTIVITY.replace("1.1.1.", "1.1.2."),
                    encoding="utf-8")
    extraction = extract_text(path)
    assert extraction.quarantine.empty
    assert list(build(extraction.cells).rows["activity_code"]) == ["1.1.1", "1.1.1", "1.1.2", "1.1.2"]
