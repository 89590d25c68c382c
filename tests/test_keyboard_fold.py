"""A report typed on a keyboard without Turkish letters: the shipped text dump with every Turkish
letter replaced by its ASCII letter ("GERCEKLESME RAPORU", "Gosterge", "Insan Kaynaklari").

The title must still give the report year (without it "2026 Gerceklesme" reads as one column and
every value shifts), every value must land in its column, and the unit names must match the same
registry organisations as the Turkish spelling does. Data values keep the letters as printed."""

from __future__ import annotations

from pathlib import Path

import pytest

from yeep_extract.api import read_report
from yeep_extract.evaluate import evaluate
from yeep_extract.pipeline import convert

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "golden" / "mersin-yeep-2024.jsonl"
KEYBOARD_WITHOUT_TURKISH = str.maketrans("çğıöşüÇĞİÖŞÜ", "cgiosuCGIOSU")


@pytest.fixture(scope="module")
def folded_dump(tmp_path_factory: pytest.TempPathFactory) -> Path:
    text = (ROOT / "raw" / "mersin-yeep-2024.txt").read_text(encoding="utf-8")
    path = tmp_path_factory.mktemp("keyboard") / "mersin-ascii-2024.txt"
    path.write_text(text.translate(KEYBOARD_WITHOUT_TURKISH), encoding="utf-8")
    return path


def test_every_value_in_its_column(folded_dump: Path, tmp_path: Path) -> None:
    convert(folded_dump, tmp_path)
    result = evaluate(tmp_path, GOLD)
    assert (result.rows_found, result.rows_extra) == (146, 0)
    assert result.cells_right == result.cells == 730, result.wrong
    assert result.silent_errors == 0


def test_units_match_the_organisations_of_the_turkish_spelling(folded_dump: Path) -> None:
    turkish = read_report(ROOT / "raw" / "mersin-yeep-2024.txt").unit_matches
    ascii_typed = read_report(folded_dump).unit_matches.drop_duplicates(["role", "printed"])
    ascii_typed = ascii_typed.set_index(["role", "printed"])["canonical"]
    matched = turkish[turkish["stage"] != "unmatched"]
    assert len(matched) > 80
    for row in matched.itertuples():
        typed = (row.role, row.printed.translate(KEYBOARD_WITHOUT_TURKISH))
        assert ascii_typed.get(typed) == row.canonical, typed
