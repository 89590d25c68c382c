"""Text dumps of a report whose unit names are spelled as keyboards and scanners spell them.

``pdftotext -raw`` and ``-layout`` of the respelled 2024 fixture (``tests/fixtures/units/``; dumps made
by ``tests/fixtures/text/make_text_fixtures.py``): names in capitals ("KADIN VE AILE HIZMETLERI DAIRE
BSK."), in lower case, without Turkish letters, misspelt ("Diresi", "BAŞKAI") and cut short. The text
reader must cut them apart where the PDF's cells did, with the words the unit matcher knows.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures.y2025.converted import converted_reports
from test_units_fixtures import MIN_F1, f1, unit_pairs

from yeep_extract.evaluate import evaluate
from yeep_extract.extract.text_split import unit_names
from yeep_extract.extract.text_words import Piece
from yeep_extract.pipeline import convert

FIXTURES = Path(__file__).resolve().parent / "fixtures"
GOLD = FIXTURES / "units" / "mersin-yeep-2024-respelled.jsonl"
DUMPS = ["mersin-yeep-2024-respelled-raw", "mersin-yeep-2024-respelled-layout"]


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("respelled-dumps")
    for name in DUMPS:
        convert(FIXTURES / "text" / f"{name}.txt", out)
    return out


@pytest.mark.parametrize("name", DUMPS)
def test_every_row_and_cell(converted: Path, name: str) -> None:
    res = evaluate(converted / name, GOLD)
    assert (res.rows_found, res.rows_extra, res.cells_right, res.silent_errors) == (146, 0, 730, 0), res.wrong


@pytest.mark.parametrize("name", DUMPS)
def test_respelled_unit_names_land_where_the_pdf_put_them(converted: Path, name: str) -> None:
    """Canonical units pairwise F1 against the shipped 2024 PDF's (issue 11: ≥ 0.98, as the PDF path)."""
    expected = unit_pairs(pd.read_parquet(converted_reports() / "mersin-yeep-2024" / "indicators.parquet"))
    found = unit_pairs(pd.read_parquet(converted / name / "indicators.parquet"))
    assert f1(found, expected) >= MIN_F1


def _pieces(text: str) -> list[Piece]:
    return [Piece(word, n, None, m == 0) for n, line in enumerate(text.split("\n"))
            for m, word in enumerate(line.split())]


@pytest.mark.parametrize(("printed", "names"), [
    pytest.param("KADIN VE AILE\nHIZMETLERI DAIRE\nBSK.\nPAYDASLAR\nMBB EĞTİCİ HAVUZU",
                 ["KADIN VE AILE HIZMETLERI DAIRE BSK.", "PAYDASLAR", "MBB EĞTİCİ HAVUZU"],
                 id="capitals-are-no-acronyms-on-a-line-typed-in-capitals"),
    pytest.param("AÇEV MEB\nİŞKUR", ["AÇEV", "MEB", "İŞKUR"], id="acronyms-on-a-line-of-acronyms"),
    pytest.param("İL MILLI EĞITIM MÜÜRÜ\nTEKSIN UYGULAMASI", ["İL MILLI EĞITIM MÜÜRÜ", "TEKSIN UYGULAMASI"],
                 id="a-misspelt-type-word-or-a-long-word-makes-a-line-capitals"),
    pytest.param("Kadin Ve Aile Hizmetleri\nDiresi Bsk.\nMuhtar1ik Islri D.B.",
                 ["Kadin Ve Aile Hizmetleri Diresi Bsk.", "Muhtar1ik Islri D.B."],
                 id="misspelt-institution-words-and-no-plural-taken-for-a-typo"),
    pytest.param("İNSAN KAYNAKLAN VE\nEĞITIM DAIRESI\nBELEDIYE SIRKETLERİ",
                 ["İNSAN KAYNAKLAN VE EĞITIM DAIRESI", "BELEDIYE SIRKETLERİ"], id="no-name-starts-with-ve"),
    pytest.param("kadın ve aile hiz. üst yönetim", ["kadın ve aile hiz.", "üst yönetim"],
                 id="after-a-short-names-end-in-any-case"),
    pytest.param("SOSYAL IZMETLER\nmercek", ["SOSYAL IZMETLER", "mercek"], id="a-new-line-after-a-short-names-end"),
    pytest.param("ÜST Y0NETIM İnsan Kaynaklan ve\nEğitim Daire Başkanı",
                 ["ÜST Y0NETIM", "İnsan Kaynaklan ve Eğitim Daire Başkanı"], id="capitals-then-a-name-that-is-not"),
    pytest.param("KULTUR VE SANAT\nHIZ. SUBE\nMUDURLUGU", ["KULTUR VE SANAT HIZ. SUBE MUDURLUGU"],
                 id="sube-continues"),
])
def test_unit_names_cut_where_the_cells_were(printed: str, names: list[str]) -> None:
    assert [" ".join(p.text for p in name) for name in unit_names(_pieces(printed))] == names
