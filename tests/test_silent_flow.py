"""Flow dumps whose column header does not read in column order are refused, never read wrong.

``pdftotext -raw`` prints a header of two rows line by line: "HEDEFLER" over the target years, with
the cells spanning both rows beside it, comes before the years, which follow the last column
("MEVCUT | HEDEFLER | 2024 GERÇEKLEŞME | 2025 GERÇEKLEŞME | AÇIKLAMA | 2024 | 2025 | 2026"). Read
against that header, a row's values went into other columns (40 wrong values that looked right on
the Chromium remarks fixture). The committed dumps are ``pdftotext -raw`` of the browser fixtures
(``tests/fixtures/browser/make_browser.py``).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from yeep_extract.api import read_report
from yeep_extract.extract import InputError, extract
from yeep_extract.structure import StructureError

BROWSER = Path(__file__).resolve().parent / "fixtures" / "browser"
FLOW_HEADER_REFUSED = "the column header reads as value columns out of order or without their year"


def test_raw_dump_of_a_header_out_of_column_order_is_refused() -> None:
    with pytest.raises(InputError) as err:
        extract(BROWSER / "chromium-remarks-raw.txt")
    message = str(err.value)
    assert FLOW_HEADER_REFUSED in message and "pdftotext -layout" in message and "\n" not in message


def test_raw_dump_whose_header_lost_a_column_is_refused() -> None:
    """"Gerçekleşme Oranı (%)" cut to "Gerçekleşme": the text reader reads a year-less actual as the
    report year's (``text_header.distinct_value_columns``), two actual columns of one year, and no
    table is read; refused whole, never read into the wrong columns."""
    with pytest.raises((InputError, StructureError)):
        read_report(BROWSER / "chromium-unknown-column-raw.txt")


ROW = ("1.1.1. Eğitim düzenlemek\nKadın ve Aile Hizmetleri Dairesi Başkanlığı\nEğitim sayısı "
       "3 4 5 6 7 8\n1.1.2. Anket yapmak\nStrateji Dairesi Başkanlığı\nAnket sayısı 1 2 3 4 5 6\n")


def _dump(tmp_path: Path, header: str) -> Path:
    path = tmp_path / "dump.txt"
    path.write_text("YEREL EŞİTLİK EYLEM PLANI 2025 YILI GERÇEKLEŞME RAPORU\n1. EĞİTİM\n"
                    "1.1. Hedef: Farkındalık\n" + header + ROW, encoding="utf-8")
    return path


def test_group_cell_read_before_its_years_is_refused(tmp_path: Path) -> None:
    header = ("Faaliyet Sorumlu Birim\nGösterge Mevcut\nHedefler 2024 Gerçekleşme 2025 Gerçekleşme\n"
              "2024 2025 2026\n")
    with pytest.raises(InputError, match=FLOW_HEADER_REFUSED):
        extract(_dump(tmp_path, header))


def test_a_column_between_value_columns_is_refused(tmp_path: Path) -> None:
    header = ("Faaliyet Sorumlu Birim\nGösterge Mevcut\n2024 Hedef 2025 Hedef 2026 Hedef Açıklama\n"
              "2024 Gerçekleşme 2025 Gerçekleşme\n")
    with pytest.raises(InputError, match=FLOW_HEADER_REFUSED):
        extract(_dump(tmp_path, header))


def test_a_measure_whose_years_another_column_splits_is_refused(tmp_path: Path) -> None:
    """A group cell read with the first of its years ("Hedefler 2024"), the next column before the
    other years: the target columns are not side by side, so the header is not in column order."""
    header = ("Faaliyet\nSorumlu Birim\nGösterge\nMevcut\nHedefler\n2024 Gerçekleşme\n2024 2025 2026\n")
    with pytest.raises(InputError, match=FLOW_HEADER_REFUSED):
        extract(_dump(tmp_path, header))


def test_the_same_header_in_column_order_is_read(tmp_path: Path) -> None:
    header = ("Faaliyet Sorumlu Birim\nGösterge Mevcut\n2024 Hedef 2025 Hedef 2026 Hedef\n"
              "2024 Gerçekleşme 2025 Gerçekleşme Açıklama\n")
    cells = extract(_dump(tmp_path, header)).cells
    body = cells[cells["kind"] == "body"]
    assert body["row"].nunique() == 2 and "8" in set(body["text"]) and "6" in set(body["text"])
