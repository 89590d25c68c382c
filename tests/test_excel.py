"""``yeep-extract run --excel / --csv``: the workbook and CSV files people open directly."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from yeep_extract import Report, read_report
from yeep_extract.cli import main
from yeep_extract.excel import write_workbook
from yeep_extract.fields import INDICATORS, OBSERVATIONS

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "raw" / "mersin-yeep-2024.pdf"


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("excel")
    assert main(["run", str(PDF), "--out", str(out), "--excel", "--csv", "--jobs", "1"]) == 0
    return out / "mersin-yeep-2024"


@pytest.fixture(scope="module")
def report() -> Report:
    return read_report(PDF)


def _rows(sheet: object) -> list[dict[str, object]]:
    rows = list(sheet.iter_rows(values_only=True))  # type: ignore[attr-defined]
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_run_excel_writes_one_workbook_holding_every_row(converted: Path, report: Report) -> None:
    book = load_workbook(converted / "mersin-yeep-2024.xlsx")
    assert book.sheetnames == ["Göstergeler", "Değerler", "Yerleştirilemeyen metin", "Sütunlar"]
    indicators, values = _rows(book["Göstergeler"]), _rows(book["Değerler"])
    assert (len(indicators), len(values), len(_rows(book["Yerleştirilemeyen metin"]))) == (146, 730, 0)
    assert [r["Gösterge"] for r in indicators] == report.indicators["indicator_name"].tolist()
    # an empty printed cell ("") is an empty cell in Excel
    assert [r["Basılı metin"] or "" for r in values] == report.observations["raw"].tolist()
    for sheet in ("Göstergeler", "Değerler", "Yerleştirilemeyen metin"):
        assert book[sheet].freeze_panes == "A2"


def test_values_keep_their_number_and_show_percent_as_percent(converted: Path, report: Report) -> None:
    sheet = load_workbook(converted / "mersin-yeep-2024.xlsx")["Değerler"]
    header = [c.value for c in sheet[1]]
    value_col, year_col = header.index("Değer"), header.index("Yıl")
    cells = [row[value_col] for row in sheet.iter_rows(min_row=2)]
    years = [row[year_col].value for row in sheet.iter_rows(min_row=2)]
    seen = set()
    for cell, obs in zip(cells, report.observations.itertuples(), strict=True):
        if pd.isna(obs.value):
            assert cell.value is None
        elif obs.unit == "percent":
            assert cell.value == pytest.approx(obs.value / 100) and cell.number_format.endswith("%")
            seen.add("percent")
        else:
            assert cell.value == obs.value and "%" not in cell.number_format
            seen.add("count")
        decimals = f"{obs.value:.6f}".rstrip("0").split(".")[1] if pd.notna(obs.value) else ""
        assert cell.number_format.rstrip("%").endswith("." + "0" * len(decimals)) if decimals else \
            "." not in cell.number_format  # every decimal the value has is shown, no more
    assert seen == {"percent", "count"}
    assert years == [None if pd.isna(y) else int(y) for y in report.observations["year"]]  # integers, not 2024.0


def test_rows_carry_their_indicators_achievement_status(converted: Path, report: Report) -> None:
    book = load_workbook(converted / "mersin-yeep-2024.xlsx")
    expected = report.achievement()["status"].astype(str).tolist()
    assert [r["Başarı durumu"] for r in _rows(book["Göstergeler"])] == expected
    keys = zip(report.indicators["activity_code"], report.indicators["indicator_seq"], strict=True)
    by_indicator = dict(zip(keys, expected, strict=True))
    values = _rows(book["Değerler"])
    assert [r["Başarı durumu"] for r in values] == [by_indicator[(r["Faaliyet kodu"], r["Gösterge sırası"])]
                                                   for r in values]


def test_legend_names_every_column_in_the_contract(converted: Path) -> None:
    legend = _rows(load_workbook(converted / "mersin-yeep-2024.xlsx")["Sütunlar"])
    names = {(r["Sayfa"], r["Sözleşmedeki adı"]): r["Sütun"] for r in legend}
    assert names[("Değerler", "value")] == "Değer"
    assert names[("Değerler", "achievement")] == "Başarı durumu"
    assert {n for s, n in names if s == "Göstergeler"} == {*INDICATORS.columns, "achievement"}
    assert {n for s, n in names if s == "Değerler"} == {*OBSERVATIONS.columns, "achievement"}


def test_english_labels_and_a_workbook_that_does_not_change_between_runs(report: Report, tmp_path: Path) -> None:
    first = write_workbook(report.tables, tmp_path / "a.xlsx", "en")
    second = write_workbook(report.tables, tmp_path / "b.xlsx", "en")
    assert first.read_bytes() == second.read_bytes()
    book = load_workbook(first)
    assert book.sheetnames == ["Indicators", "Observations", "Quarantine", "Columns"]
    assert [c.value for c in book["Observations"][1]][:6] == ["Report", "Activity code", "Indicator no.", "Measure",
                                                              "Year", "Value"]


def test_printed_text_is_never_a_formula(report: Report, tmp_path: Path) -> None:
    tables = dict(report.tables)
    tables["observations"] = tables["observations"].assign(raw=["=1+1", *tables["observations"]["raw"][1:]])
    sheet = load_workbook(write_workbook(tables, tmp_path / "f.xlsx"))["Değerler"]
    cell = sheet.cell(row=2, column=[c.value for c in sheet[1]].index("Basılı metin") + 1)
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_csv_as_turkish_excel_opens_it(converted: Path, report: Report) -> None:
    raw = (converted / "observations.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    header = raw.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Rapor;Faaliyet kodu;Gösterge sırası;")
    back = pd.read_csv(converted / "observations.csv", sep=";", decimal=",", encoding="utf-8-sig",
                       keep_default_na=False, na_values=[""])
    assert len(back) == 730
    assert back["Değer"].tolist() == pytest.approx(report.observations["value"].astype(float).tolist(), nan_ok=True)
    assert (back["Ölçü birimi"] == report.observations["unit"]).all()
    fractional = report.observations["value"].dropna()
    fractional = fractional[fractional != fractional.round()]
    assert len(fractional) > 0  # decimal commas were written and read back
    indicators = pd.read_csv(converted / "indicators.csv", sep=";", encoding="utf-8-sig")
    assert len(indicators) == 146
    assert indicators["Destekçi kuruluşlar"].iloc[0] == "; ".join(report.indicators["supporting_units"].iloc[0])
