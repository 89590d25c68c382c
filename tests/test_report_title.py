"""The report year from the title: the family's own wording anywhere, other wordings before the
first table, never a plan's period or a report an activity mentions."""

from __future__ import annotations

from pathlib import Path

import pytest

from yeep_extract.evaluate import evaluate
from yeep_extract.pipeline import convert
from yeep_extract.vocab import title_year

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "golden" / "mersin-yeep-2024.jsonl"


@pytest.mark.parametrize(("text", "front", "year"), [
    ("2024 YILI GERÇEKLEŞME RAPORU", False, 2024),  # the family's title, repeated as a page heading
    ("2024 YILI GERCEKLESME RAPORU", False, 2024),  # typed without Turkish letters
    ("2025 Yılı İzleme Raporu", True, 2025),
    ("YEREL EŞİTLİK EYLEM PLANI (2024-2026) 2025 DEĞERLENDİRME RAPORU", True, 2025),
    ("Mersin YEEP Gerçekleşme Raporu (2026)", True, 2026),
    ("2025 Yılı İzleme Raporu", False, None),  # inside the tables only the family's own title counts
    ("2024-2026 Eylem Planı Raporu", True, None),  # a plan's period is not a report year
    ("2023 ve 2024 yılı faaliyet raporları", True, None),  # two years: not a title that says which
    ("Toplumsal Cinsiyet Eşitliği Farkındalığı Oluşturmak 2024", True, None),  # no report named
])
def test_title_year(text: str, front: bool, year: int | None) -> None:
    assert title_year(text, before_first_table=front) == year


@pytest.mark.parametrize("title", ["2024 YILI İZLEME VE DEĞERLENDİRME RAPORU",
                                   "YEREL EŞİTLİK EYLEM PLANI 2024 GERÇEKLEŞME RAPORU"])
def test_a_report_titled_otherwise_reads_whole(title: str, tmp_path: Path) -> None:
    """The shipped dump under another title, in a file whose name holds no year."""
    lines = (ROOT / "raw" / "mersin-yeep-2024.txt").read_text(encoding="utf-8").splitlines()
    assert "GERÇEKLEŞME RAPORU" in lines[3]
    lines[3] = title
    dump = tmp_path / "rapor.txt"
    dump.write_text("\n".join(lines) + "\n", encoding="utf-8")
    convert(dump, tmp_path / "out")
    result = evaluate(tmp_path / "out", GOLD)
    assert result.cells_right == result.cells == 730, result.wrong
    assert (result.rows_found, result.rows_extra, result.silent_errors) == (146, 0, 0)
