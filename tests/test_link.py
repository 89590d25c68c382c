"""link: the 2024 report and the 2025 fixture joined into one series, restated cells flagged."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures.y2025.converted import converted_reports

from yeep_extract.cli import main
from yeep_extract.validate import validate

ROOT = Path(__file__).resolve().parents[1]
Y2025 = ROOT / "tests" / "fixtures" / "y2025"


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[pd.DataFrame, Path]:
    reports, series = converted_reports(), tmp_path_factory.mktemp("link") / "series.parquet"
    assert main(["link", str(reports), "--out", str(series)]) == 0
    return pd.read_parquet(series), reports


def _key(out: Path, year: int, code: str, seq: int) -> str:
    rows = pd.read_parquet(out / f"mersin-yeep-{year}" / "indicators.parquet")
    return rows.set_index(["activity_code", "indicator_seq"]).loc[(code, seq), "indicator_key"]


def test_series_is_valid_and_one_row_per_cell_unless_reports_disagree(linked: tuple[pd.DataFrame, Path]) -> None:
    series, _ = linked
    frame = series.astype({"year": "Int16", "report_year": "Int16", "indicator_seq": "Int16"})
    frame["also_in"] = frame["also_in"].map(list)  # Parquet gives arrays back
    assert validate("series", frame) == []
    agreed = series[series["agreement"] != "conflict"]
    assert not agreed.duplicated(["indicator_key", "measure", "year"]).any()
    assert set(agreed["report_id"]) == {"mersin-yeep-2025"}  # every 2024 cell is reprinted: the latest report's row


def test_cells_printed_by_both_reports_come_once_with_both_sources(linked: tuple[pd.DataFrame, Path]) -> None:
    series, out = linked
    key = _key(out, 2024, "2.1.1", 2)  # actual 2024 printed "4285" in 2024 and "4.285" in 2025
    cell = series[(series["indicator_key"] == key) & (series["measure"] == "actual") & (series["year"] == 2024)]
    assert len(cell) == 1
    assert cell.iloc[0]["value"] == 4285 and cell.iloc[0]["agreement"] == "agree"
    assert (cell.iloc[0]["report_id"], list(cell.iloc[0]["also_in"])) == ("mersin-yeep-2025", ["mersin-yeep-2024"])


def test_every_2025_actual_is_read_and_linked(linked: tuple[pd.DataFrame, Path]) -> None:
    series, _ = linked
    actual_2025 = series[(series["measure"] == "actual") & (series["year"] == 2025)]
    assert len(actual_2025) == 147 and set(actual_2025["agreement"]) == {"single"}
    assert set(actual_2025["report_id"]) == {"mersin-yeep-2025"}


def test_a_restated_target_keeps_both_readings_flagged(linked: tuple[pd.DataFrame, Path]) -> None:
    series, out = linked
    key = _key(out, 2024, "1.1.1", 1)  # the 2025 report restates its 2026 target (35 → 40)
    cell = series[(series["indicator_key"] == key) & (series["measure"] == "target") & (series["year"] == 2026)]
    assert sorted(zip(cell["report_id"], cell["value"], strict=True)) == [("mersin-yeep-2024", 35.0),
                                                                          ("mersin-yeep-2025", 40.0)]
    assert set(cell["agreement"]) == {"conflict"}
    assert (series["agreement"] == "conflict").sum() == 2


def test_link_without_reports_is_a_usage_error(tmp_path: Path) -> None:
    assert main(["link", str(tmp_path), "--out", str(tmp_path / "series.parquet")]) == 2
    assert not (tmp_path / "series.parquet").exists()


def test_the_2025_fixture_is_read_whole(linked: tuple[pd.DataFrame, Path]) -> None:
    """Its added "2025 Gerçekleşme" column and "4.285"-style counts come through the same extractor."""
    from yeep_extract.evaluate import evaluate

    _, out = linked
    result = evaluate(out / "mersin-yeep-2025", Y2025 / "mersin-yeep-2025.jsonl")
    assert (result.rows_found, result.rows_expected, result.cell_accuracy, result.silent_errors) == (147, 147, 1.0, 0)


def test_the_committed_2025_gold_is_what_the_script_makes() -> None:
    import json
    import sys

    sys.path.insert(0, str(Y2025))
    try:
        from make_2025 import GOLD_2024, make_rows
    finally:
        sys.path.remove(str(Y2025))
    gold = [json.loads(line) for line in GOLD_2024.read_text(encoding="utf-8").splitlines() if line.strip()]
    committed = [json.loads(line) for line in (Y2025 / "mersin-yeep-2025.jsonl").read_text(encoding="utf-8")
                 .splitlines() if line.strip()]
    assert make_rows(gold)[0] == committed
