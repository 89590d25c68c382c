"""Text dumps of other producers' PDFs (the browser and word-processor fixtures of
``tests/fixtures/browser/``; ``tests/fixtures/text/make_text_fixtures.py`` made the dumps with
``pdftotext -layout``, ``-raw`` and Ghostscript's ``txtwrite``), read against each fixture's gold rows.

The bar on every dump the reader reads: no silent error (a wrong value is ``suspect`` or missing, never
``ok``, ``empty`` or ``text``), and at least the rows and cells measured when the dump was committed
(README, "Text dumps"). Where columns print one space apart (``-layout`` of the LibreOffice fixtures)
the values that may stand in another column are doubted, not read as right: a value cell holding
several values doubts its indicator's other values (``api``), a header column holding several years
its table's values (``structure``)."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from yeep_extract.api import _observations, read_report
from yeep_extract.evaluate import EvalResult, evaluate
from yeep_extract.pipeline import convert

FIXTURES = Path(__file__).resolve().parent / "fixtures"
TEXT = FIXTURES / "text"
BROWSER = FIXTURES / "browser"

#: dump → (browser fixture, least rows found, least cells right) as measured; every dump 0 silent.
FLOORS = {
    "browser-chromium-ascii-groups-layout": ("chromium-ascii-groups", 95, 536),
    "browser-chromium-one-row-header-layout": ("chromium-one-row-header", 26, 110),
    "browser-chromium-one-row-header-raw": ("chromium-one-row-header", 26, 130),
    "browser-chromium-one-row-header-txtwrite": ("chromium-one-row-header", 26, 66),
    "browser-chromium-two-row-header-layout": ("chromium-two-row-header", 53, 265),
    "browser-libreoffice-grid-section-between-layout": ("libreoffice-grid-section-between", 78, 459),
    "browser-libreoffice-grid-section-between-raw": ("libreoffice-grid-section-between", 14, 84),
    "browser-libreoffice-grid-section-between-small-layout": ("libreoffice-grid-section-between-small", 80, 209),
    "browser-libreoffice-remarks-layout": ("libreoffice-remarks", 80, 365),
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def dump(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> tuple[str, EvalResult]:
    name = request.param
    out = tmp_path_factory.mktemp(name)
    convert(TEXT / f"{name}.txt", out)
    return name, evaluate(out, BROWSER / f"{FLOORS[name][0]}.jsonl")


def test_no_silent_error(dump: tuple[str, EvalResult]) -> None:
    """Every wrong value is doubted or missing: none ``ok``, none stated empty or text."""
    _, res = dump
    assert res.silent_errors == 0
    assert {w["status"] for w in res.wrong} <= {"suspect", None}, [w for w in res.wrong if w["status"] != "suspect"]


def test_rows_and_cells_at_least_as_measured(dump: tuple[str, EvalResult]) -> None:
    name, res = dump
    _, rows, cells = FLOORS[name]
    assert res.rows_found >= rows and res.cells_right >= cells, (res.rows_found, res.cells_right)


def test_goal_headings_inside_a_table_keep_its_rows_and_name_their_goal() -> None:
    """``-raw`` of a table whose goal headings print as rows across it ("Hedef 6.2: ...") and whose
    header prints one word a line ("Faaliyetler" / "Sorumlu" / ...): every row read, under its goal."""
    rows = read_report(TEXT / "browser-chromium-one-row-header-raw.txt").indicators
    gold = [json.loads(line) for line in (BROWSER / "chromium-one-row-header.jsonl").read_text("utf-8").splitlines()]
    got = {(r.activity_code, int(r.indicator_seq)): r.goal_code if isinstance(r.goal_code, str) else None
           for r in rows.itertuples()}
    assert got == {(g["activity_code"], int(g["indicator_seq"])): g["goal_code"] or None for g in gold}


def test_a_header_column_holding_two_years_doubts_its_table() -> None:
    """``-layout`` prints "2024 2025" / "HEDEF HEDEF" one space apart: read as one column, the
    table's values are all doubted, as each may stand a column off."""
    obs = read_report(TEXT / "browser-libreoffice-grid-section-between-small-layout.txt").observations
    doubted = obs[obs["note"].fillna("").str.contains("holds several years")]
    assert len(doubted) > 0 and (doubted["status"] == "suspect").all()
    assert set(doubted["activity_code"]) >= {"1.2.5", "1.3.1"}


def _statuses(raws: list[str], name: str = "Eğitim sayısı") -> list[str]:
    """The statuses ``api._observations`` gives one indicator's value cells printed as ``raws``."""
    values = pd.DataFrame({"activity_code": "1.1.1", "indicator_seq": 1, "raw": raws, "flag": None,
                           "place_note": None})
    rows = pd.DataFrame({"activity_code": ["1.1.1"], "indicator_seq": [1], "indicator_name": [name]})
    return list(_observations(values, rows)[0]["status"])


@pytest.mark.parametrize(("raws", "name", "statuses"), [
    pytest.param(["11", "35", "39", "42 14", ""], "Eğitim sayısı", ["suspect"] * 5, id="two-numbers-in-a-cell"),
    pytest.param(["11", "- 36", "39", "42", "7"], "Eğitim sayısı", ["suspect"] * 5, id="a-dash-and-a-number"),
    pytest.param(["11", "6 6", "39", "42", "7"], "Eğitim sayısı", ["suspect"] * 5, id="the-same-number-twice"),
    pytest.param(["", "9.341", "10.669", "6.132"], "verilen hizmet 4.784", ["suspect"] * 4, id="number-in-the-name"),
    pytest.param(["5", "9.341", "10.669", "6.132"], "verilen hizmet 4.784", ["ok"] * 4,
                 id="number-in-the-name-no-empty-cell"),
    pytest.param(["11", "35", "-", "12 (tahmini)"], "Eğitim sayısı", ["ok", "ok", "empty", "suspect"],
                 id="one-number-with-words-is-no-crowd"),
])
def test_values_that_may_have_moved_a_column_are_doubted(raws: list[str], name: str, statuses: list[str]) -> None:
    assert _statuses(raws, name) == statuses
