"""Page numbers in text dumps (``text.without_page_numbers``): dropped when they are surely page
numbers, kept when they may be a row's values; a lone number ending a page that may be either
(``text_runs``) is never read as a value that looks right: the row is doubted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from yeep_extract.evaluate import evaluate
from yeep_extract.extract.text import extract_text, text_lines, without_page_numbers
from yeep_extract.pipeline import convert
from yeep_extract.structure import build

ROW = "1.1.1. Eğitim düzenlemek Kadın ve Aile Eğitim sayısı"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
HEAD = ("2024 YILI GERÇEKLEŞME RAPORU\n1. EĞİTİM\nFaaliyet Sorumlu birim Gösterge Mevcut 2024 2025 2026 "
        "Gerçekleşme\n")


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


def test_a_lone_page_number_ending_the_only_page_is_no_value(tmp_path: Path) -> None:
    """The one page of rows ends in its number "1" right under a row whose actual is empty (pdftotext
    -raw): "1" is not the row's actual; the row is doubted."""
    name = "cankaya-belediyesi-2025-raw"
    convert(FIXTURES / "text" / f"{name}.txt", tmp_path)
    res = evaluate(tmp_path / name, FIXTURES / "units" / "cankaya-belediyesi-2025.jsonl")
    assert (res.rows_found, res.rows_extra, res.cells_right, res.silent_errors) == (8, 0, 40, 0), res.wrong
    quarantine = pd.read_parquet(tmp_path / name / "quarantine.parquet")
    assert list(quarantine["text"]) == ["1"] and "page's own number" in quarantine["reason"].iloc[0]
    observations = pd.read_parquet(tmp_path / name / "observations.parquet")
    last_row = observations[observations["activity_code"] == observations["activity_code"].iloc[-1]]
    assert (last_row["status"] == "suspect").all()


def test_a_page_number_ending_a_dump_without_form_feeds_is_never_read_as_right(tmp_path: Path) -> None:
    """The one-page report copied without its page break: nothing says "1" ends a page, so it is
    read as the last row's actual, and the row is doubted whole."""
    path = tmp_path / "cankaya-belediyesi-2025.txt"
    path.write_bytes((FIXTURES / "text" / "cankaya-belediyesi-2025-raw.txt").read_bytes().replace(b"\f", b""))
    convert(path, tmp_path / "out")
    res = evaluate(tmp_path / "out", FIXTURES / "units" / "cankaya-belediyesi-2025.jsonl")
    assert (res.rows_found, res.cells_right, res.silent_errors) == (8, 39, 0), res.wrong
    assert [w["status"] for w in res.wrong] == ["suspect"]


def _last_values(dump: str, tmp_path: Path) -> tuple[list[str], list[bool]]:
    """The raw text and whether flagged of the last row's five values."""
    path = tmp_path / "dump-2024.txt"
    path.write_text(HEAD + dump, encoding="utf-8")
    last = build(extract_text(path).cells).values.tail(5)
    return list(last["raw"]), [isinstance(f, str) for f in last["flag"]]


@pytest.mark.parametrize(("dump", "raw", "flagged"), [
    pytest.param(f"{ROW}\n20 25 30 35\n1\f", ["20", "25", "30", "35", ""], [True] * 5,
                 id="its-own-page-number-is-doubted"),
    pytest.param(f"{ROW}\n20 25 30 35\n7\f", ["20", "25", "30", "35", "7"], [False] * 5,
                 id="another-number-is-the-value"),
    pytest.param(f"{ROW}\n20 25 30 35 26\n{ROW.replace('1.1.1', '1.1.2')}\n20 25 30 35 1\f",
                 ["20", "25", "30", "35", "1"], [False] * 5,
                 id="on-the-values-line-it-is-the-value"),
    pytest.param(f"{ROW}\n20 25 30 35\n1\n", ["20", "25", "30", "35", "1"], [True] * 5,
                 id="ending-a-dump-without-form-feeds-the-row-is-doubted"),
    pytest.param(f"{ROW}\n20 25 30 35 1\n", ["20", "25", "30", "35", "1"], [False] * 5,
                 id="without-form-feeds-on-the-values-line-it-is-the-value"),
])
def test_a_lone_number_ending_a_page(dump: str, raw: list[str], flagged: list[bool], tmp_path: Path) -> None:
    assert _last_values(dump, tmp_path) == (raw, flagged)
