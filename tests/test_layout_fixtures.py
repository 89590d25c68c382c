"""The PDF path on every layout fixture (``tests/fixtures/layouts/``, made by ``make_layouts.py``).

Each fixture is scored against its own gold rows: all rows, no extra row, every value cell right, no
silent error, and the exact number of text fields read as printed. Unit lists are read from the
geometry alone: where a unit's first word would not have fitted on the line above and no space
after the paragraph sets it apart (all fixtures but frame-rules), a new paragraph and a wrapped
line look the same, so those lists come out joined; their counts are pinned here so that a change
in either direction is seen.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd
import pdfplumber
import pytest
from fixtures.make_layouts import FOLDERS, load_gold, write_all
from fixtures.render_report import FONT_DIR

from yeep_extract.evaluate import EvalResult, evaluate
from yeep_extract.pipeline import ReportResult, convert

FIXTURES = Path(__file__).resolve().parent / "fixtures"
UNSOLVED = FIXTURES / "layouts-unsolved"

#: name → (rows, value cells, suspects, quarantined,
#:         exact activity titles, indicator names, responsible lists, supporting lists)
EXPECTED: dict[str, tuple[int, ...]] = {
    "horizontal-rules": (146, 730, 0, 0, 146, 146, 145, 132),
    "no-rules": (146, 730, 0, 0, 146, 146, 145, 132),
    "row-over-page": (58, 290, 0, 0, 58, 58, 58, 52),
    "row-over-page-no-rules": (47, 235, 0, 0, 47, 47, 46, 38),
    "merged-over-page": (29, 145, 0, 0, 29, 29, 29, 26),
    "extra-year-column": (59, 354, 0, 0, 59, 59, 58, 52),
    "portrait-serif": (65, 325, 0, 0, 65, 65, 65, 58),
    "frame-rules": (36, 180, 0, 0, 36, 36, 36, 36),
    "grid-centred": (24, 120, 0, 0, 24, 24, 24, 23),
    "other-headers": (62, 310, 0, 0, 62, 62, 62, 62),
    "tight-grid": (43, 215, 0, 0, 43, 43, 42, 40),
    "narrow-columns": (59, 413, 0, 0, 59, 59, 59, 43),
    "no-repeated-header": (58, 290, 0, 0, 58, 58, 58, 52),
    "no-repeated-header-no-rules": (57, 285, 0, 0, 57, 57, 56, 45),
    "header-centred": (21, 105, 0, 0, 21, 21, 21, 19),
    "no-space-glyphs": (29, 145, 0, 0, 29, 29, 29, 26),
}


def _pdf(name: str) -> Path:
    """A fixture's PDF, in whichever ``layouts*`` folder it is kept."""
    return next(p for folder in FOLDERS if (p := FIXTURES / folder / f"{name}.pdf").is_file())


def _gold(name: str) -> list[dict[str, Any]]:
    lines = _pdf(name).with_suffix(".jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, list[dict[str, Any]]]]:
    """The fixtures made afresh by the script, with the page breaks inside activity blocks."""
    fonts = {f for folder in FOLDERS.values() for _, layout, _ in folder(load_gold()).values()
             for f in layout.font_files}
    missing = [f for f in sorted(fonts) if not (FONT_DIR / f).is_file()]
    if missing:
        pytest.skip(f"fonts to regenerate the fixtures not installed: {missing} (fonts-dejavu, fonts-liberation)")
    out = tmp_path_factory.mktemp("fixtures")
    return out, write_all(out, log=lambda _msg: None)


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[ReportResult, EvalResult, Path]]:
    """Every committed fixture through the pipeline and the evaluation, once."""
    out = {}
    for name in EXPECTED:
        folder = tmp_path_factory.mktemp(name)
        result = convert(_pdf(name), folder)
        out[name] = (result, evaluate(folder, _pdf(name).with_suffix(".jsonl")), folder / result.report_id)
    return out


def test_committed_fixtures_are_what_the_script_makes(regenerated: tuple[Path, dict]) -> None:
    out, _ = regenerated
    for folder in FOLDERS:
        made, committed = out / folder, FIXTURES / folder
        names = sorted(p.name for p in made.iterdir())
        assert names == sorted(p.name for p in committed.iterdir())
        for name in names:
            if (made / name).read_bytes() != (committed / name).read_bytes():
                # other reportlab or font versions write other bytes: then the printed text must agree
                assert name.endswith(".pdf") and _page_texts(made / name) == _page_texts(committed / name), \
                    f"{name} is stale: run tests/fixtures/make_layouts.py"


def _page_texts(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as doc:
        return [page.extract_text() for page in doc.pages]


@pytest.mark.parametrize("name", list(EXPECTED))
def test_fixture_reads_exactly(name: str, converted: dict) -> None:
    result, res, _ = converted[name]
    rows, cells, suspects, quarantined, titles, names, responsible, supporting = EXPECTED[name]
    assert (res.rows_expected, res.rows_found, res.rows_extra) == (rows, rows, 0)
    assert (res.cells, res.cells_right) == (cells, cells), res.wrong
    assert res.silent_errors == 0
    assert (result.suspects, result.quarantined) == (suspects, quarantined)
    assert res.text_exact == {"activity_title": titles, "indicator_name": names,
                              "responsible_units": responsible, "supporting_units": supporting}


@pytest.mark.parametrize("name", list(EXPECTED))
def test_fixture_sections_and_goals(name: str, converted: dict) -> None:
    """Every row under its printed section and goal (headings in other forms, continued tables)."""
    keys = ["activity_code", "indicator_seq", "section_no", "section_title", "goal_code", "goal_title"]
    got = pd.read_parquet(converted[name][2] / "indicators.parquet")[keys]
    got = [tuple(None if pd.isna(v) or v == "" else v for v in row) for row in got.itertuples(index=False)]
    gold = [tuple(g[k] or None for k in keys) for g in _gold(name)]
    assert got == gold


@pytest.mark.parametrize(("name", "kind"), [("row-over-page", "row"), ("row-over-page-no-rules", "row"),
                                            ("merged-over-page", "merged"), ("grid-centred", "row"),
                                            ("no-repeated-header", "row"),
                                            ("no-repeated-header-no-rules", "merged")])
def test_block_broken_over_a_page_reads_as_one(name: str, kind: str, regenerated: tuple[Path, dict],
                                                converted: dict) -> None:
    """An activity cut by a page break gives its rows once each, names whole, no phantom row."""
    broken = {b["activity_code"] for b in regenerated[1][name] if b["kind"] == kind}
    assert broken, f"{name} has no {kind!r} page break"
    indicators = pd.read_parquet(converted[name][2] / "indicators.parquet")
    for code in broken:
        gold = [(g["indicator_seq"], g["indicator_name"], g["activity_title"])
                for g in _gold(name) if g["activity_code"] == code]
        got = indicators[indicators["activity_code"] == code]
        assert list(zip(got["indicator_seq"], got["indicator_name"], got["activity_title"], strict=True)) == gold


def test_extra_year_column_is_read(converted: dict) -> None:
    """A 2025 report with "2024 Gerçekleşme" and "2025 Gerçekleşme": both realization years come out."""
    folder = converted["extra-year-column"][2]
    obs = pd.read_parquet(folder / "observations.parquet")
    actual = obs[obs["measure"] == "actual"]
    assert sorted(actual["year"].unique().tolist()) == [2024, 2025]
    gold_2025 = {(g["activity_code"], g["indicator_seq"]): g["actual_2025"] for g in _gold("extra-year-column")}
    got_2025 = {(r.activity_code, r.indicator_seq): r.raw for r in actual[actual["year"] == 2025].itertuples()}
    assert got_2025 == gold_2025
    indicators = pd.read_parquet(folder / "indicators.parquet")
    assert set(indicators["report_year"]) == {2025}


def test_unsolved_layout_is_doubted_not_misread(tmp_path: Path) -> None:
    """No rules and cells centred vertically: rows cannot be told apart yet, so every printed value
    is suspect (empty cells stay empty) and none is wrong with status ok."""
    result = convert(UNSOLVED / "centred-no-rules.pdf", tmp_path)
    res = evaluate(tmp_path, UNSOLVED / "centred-no-rules.jsonl")
    assert res.silent_errors == 0
    statuses = pd.read_parquet(tmp_path / result.report_id / "observations.parquet")["status"]
    assert "ok" not in set(statuses) and (statuses == "suspect").sum() == result.suspects > 0


def test_numbers_cut_at_the_column_edge_without_rules(tmp_path: Path) -> None:
    """Narrow value columns and no rules: a number too wide for its column goes on in the next text
    line ("17.95" / "5"), where a next row's number could also stand. Lines whose every value goes
    on such a number are rejoined to the row above and doubted; no number is cut silently, and no
    row is lost or shifted."""
    name = "narrow-columns-no-rules"
    result = convert(UNSOLVED / f"{name}.pdf", tmp_path)
    res = evaluate(tmp_path, UNSOLVED / f"{name}.jsonl")
    assert res.silent_errors == 0, [w for w in res.wrong if w["silent"]]
    assert res.rows_found == res.rows_expected and res.rows_extra <= 1
    assert res.cell_accuracy >= 0.98
    obs = pd.read_parquet(tmp_path / result.report_id / "observations.parquet")
    rejoined = obs[obs["note"].fillna("").str.contains("cut at its column's edge")]
    assert len(rejoined) > 0 and set(rejoined["status"]) == {"suspect"}
