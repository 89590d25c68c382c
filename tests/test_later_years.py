"""Reports of later years, one change at a time (``tests/fixtures/later-years/``, made by
``make_later_years.py``): other value columns, header wordings, value spellings, codes and unit
names, read through both PDF readers and through committed ``pdftotext -raw`` / ``-layout`` dumps.

Each input is scored against the gold rows it prints (``yeep-extract eval``'s figures): never a
silent error, and rows, cells, suspect values and quarantined fragments pinned so that a change
either way is seen. Before this file's mechanisms, ``header-words*`` failed whole (``HeaderError``:
"Faaliyet Adı", "Sorumlu Birim(ler)", "Destekleyen Birimler"), ``year-end-actual*`` quarantined the
"2025 Yılı Sonu Gerçekleşme" column (59 cells lost; its dumps were refused), the rule-less
``rate-column-no-rules`` read "Gerçekleşme Oranı (%)" as a second 2025 realization (124 values
doubted) and ``value-forms`` had 4 silent errors through the PDF readers ("2.500.000", which the
scoring convention reads as no number) and 11 in its ``-raw`` dump ("% 12,5" read as two values;
"2.500.0" / "00", a number cut at its column's edge, read as two).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from yeep_extract.evaluate import evaluate
from yeep_extract.extract.text_runs import _join_broken
from yeep_extract.extract.text_words import Piece
from yeep_extract.headers import header_role, suggested_row
from yeep_extract.pipeline import convert
from yeep_extract.vocab import Role

HERE = Path(__file__).resolve().parent / "fixtures" / "later-years"

#: (input file, reader) → (rows found, extra rows, cells right, suspect values, quarantined fragments);
#: every fixture has 59 rows; 354 value cells (295 without the baseline column).
EXPECTED: dict[tuple[str, str], tuple[int, int, int, int, int]] = {
    **{(f"{name}.pdf", backend): figures
       for name, figures in {
           "targets-2025-2027": (59, 0, 354, 0, 0),
           "no-baseline": (59, 0, 295, 0, 0),
           "no-baseline-no-rules": (59, 0, 295, 0, 0),
           "header-words": (59, 0, 354, 0, 0),
           "header-words-no-rules": (59, 0, 354, 0, 0),
           "year-end-actual": (59, 0, 354, 0, 0),
           "year-end-actual-no-rules": (59, 0, 354, 0, 0),
           # the rate and state columns fit no role: their header and cells are quarantined
           "rate-column": (59, 0, 354, 0, 116),
           "rate-column-no-rules": (59, 0, 354, 0, 116),
           "state-column": (59, 0, 354, 0, 146),
           "state-column-no-rules": (59, 0, 354, 0, 146),
           # 5 cells print "2.500.000": read as 2500000 and doubted, the scoring convention has no
           # value for it; percent values in count indicators are doubted too
           "report-2026": (59, 0, 413, 0, 0),
           # a body line without a code right under a repeated header ("Başkanlığı" goes on "Sorumlu
           # birim") is no header line
           "report-2026-no-rules": (59, 0, 413, 0, 0),
           "value-forms": (59, 0, 349, 32, 0),
           "long-codes": (59, 0, 354, 0, 0),
           "new-units": (59, 0, 354, 0, 0),
       }.items() for backend in ("pdfium", "pdfplumber")},
    ("header-words-raw.txt", "text"): (59, 0, 354, 4, 0),
    ("header-words-no-rules-layout.txt", "text"): (59, 0, 354, 0, 0),
    ("year-end-actual-raw.txt", "text"): (59, 0, 354, 4, 0),
    ("year-end-actual-no-rules-layout.txt", "text"): (59, 0, 354, 0, 0),
    ("rate-column-no-rules-layout.txt", "text"): (59, 0, 354, 0, 116),
    # a text value before a row's numbers ("Devam ediyor 25 30 35 26 1.250") cannot be placed in a
    # flow dump: the row's values are all doubted
    ("value-forms-raw.txt", "text"): (59, 0, 310, 162, 0),
    ("value-forms-layout.txt", "text"): (59, 1, 349, 41, 0),
    # the state words after each row's values make rows without a name in a flow dump
    ("state-column-raw.txt", "text"): (59, 10, 353, 5, 118),
}


def _gold(source: str) -> Path:
    stem = source.rsplit(".", 1)[0]
    for suffix in ("-raw", "-layout"):
        stem = stem.removesuffix(suffix)
    return HERE / f"{stem}.jsonl"


@pytest.mark.parametrize(("source", "reader"), list(EXPECTED))
def test_later_year_variant_reads_without_silent_errors(source: str, reader: str, tmp_path: Path) -> None:
    backend = "pdfium" if reader == "text" else reader
    result = convert(HERE / source, tmp_path, backend=backend)
    res = evaluate(tmp_path / result.report_id, _gold(source))
    assert res.silent_errors == 0, [w for w in res.wrong if w["silent"]]
    rows = len({(g["activity_code"], g["indicator_seq"])
                for g in map(json.loads, _gold(source).read_text(encoding="utf-8").splitlines())})
    assert res.rows_expected == rows
    assert (res.rows_found, res.rows_extra, res.cells_right, result.suspects, result.quarantined) \
        == EXPECTED[(source, reader)], res.wrong


def test_fixtures_are_what_the_script_makes(tmp_path: Path) -> None:
    """The committed PDFs and gold rows are the generator's (other reportlab or font versions may
    write other bytes: then the gold rows must still agree and the PDF's text)."""
    pdfplumber = pytest.importorskip("pdfplumber")
    sys.path.insert(0, str(HERE.parent))
    sys.path.insert(0, str(HERE))
    from make_later_years import write_all

    made = write_all(tmp_path, log=lambda _msg: None)
    assert sorted(made) == sorted(p.stem for p in HERE.glob("*.pdf"))
    for name, pdf in made.items():
        assert pdf.with_suffix(".jsonl").read_bytes() == (HERE / f"{name}.jsonl").read_bytes()
        if pdf.read_bytes() != (HERE / pdf.name).read_bytes():
            with pdfplumber.open(pdf) as new, pdfplumber.open(HERE / pdf.name) as old:
                assert [p.extract_text() for p in new.pages] == [p.extract_text() for p in old.pages]


@pytest.mark.parametrize(
    ("text", "role", "year"),
    [
        ("Faaliyet Adı", Role.ACTIVITY, None),  # "Adı" qualifies, as "Yılı" does
        ("Gösterge Adı", Role.INDICATOR, None),
        ("Sorumlu Birim(ler)", Role.RESPONSIBLE, None),  # a suffix in brackets
        ("Sorumlu Müdürlük(ler)", Role.RESPONSIBLE, None),
        ("Destekleyen Birimler", Role.SUPPORTING, None),
        ("Destek Veren Kurumlar", Role.SUPPORTING, None),
        ("Performans Göstergeleri", Role.INDICATOR, None),  # another suffix than "göstergesi"
        ("2025 Yılı Sonu Gerçekleşme", Role.ACTUAL, 2025),
        ("2025 Yılı Sonu İtibarıyla Gerçekleşme", Role.ACTUAL, 2025),
        ("Mevcut(2024)", Role.BASELINE, None),  # a year in brackets is no suffix
    ],
)
def test_later_year_wordings(text: str, role: Role, year: int | None) -> None:
    spec = header_role(text)
    assert spec is not None and (spec.role, spec.year) == (role, year)


@pytest.mark.parametrize("text", [
    "Gerçekleşme Oranı (%)", "Durum", "İlgili Birimler", "Koordinatör Birim", "İşbirliği Yapılacak Paydaşlar",
    "Adı", "Sonu"])
def test_words_of_no_role_or_a_word_more_are_never_guessed(text: str) -> None:
    """A rate or state beside the realization, a unit whose role is not said ("İlgili": responsible
    or supporting?), a qualifier alone: no role, the column quarantined with a row to add."""
    assert header_role(text) is None
    assert "seen in a report" in suggested_row(text)


def _run(*words: tuple[str, int]) -> list[Piece]:
    out, last = [], None
    for text, line in words:
        out.append(Piece(text, line, 1, line != last))
        last = line
    return out


def test_lone_percent_signs_and_cut_groups_in_a_flow_dump() -> None:
    """"12,5 %" and "% 12,5" are one value; a % between two numbers may be either's (both doubted);
    "2.500.0" ending a line and "00" starting the next are one number cut at its column's edge."""
    joined = _join_broken(_run(("7", 1), ("12,5", 1), ("%", 1)))
    assert [p.text for p in joined] == ["7", "12,5%"] and not any(p.flag for p in joined)
    joined = _join_broken(_run(("%", 1), ("12,5", 1)))
    assert [p.text for p in joined] == ["%12,5"]
    joined = _join_broken(_run(("16", 1), ("%", 1), ("12,5", 1)))
    assert [p.text for p in joined] == ["16", "%12,5"] and all(p.flag for p in joined)
    joined = _join_broken(_run(("2.500.0", 1), ("00", 2), ("50", 2)))
    assert [p.text for p in joined] == ["2.500.000", "50"] and joined[0].flag
    # a decimal number ending a line is a number of its own ("2.50" then "0" is no cut group)
    assert [p.text for p in _join_broken(_run(("2.50", 1), ("0", 2)))] == ["2.50", "0"]
