"""The Python API (``read_report``), the layout settings passed in, text line provenance and the CLI's rough edges."""

from __future__ import annotations

import dataclasses
import importlib.metadata
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import yeep_extract
from yeep_extract import LayoutSettings, Report, read_report
from yeep_extract.cli import main
from yeep_extract.extract.geometry import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "raw" / "mersin-yeep-2024.pdf"
TEXT = ROOT / "raw" / "mersin-yeep-2024.txt"
PAGED_TEXT = ROOT / "tests" / "fixtures" / "text" / "mersin-yeep-2024-pdftotext-raw.txt"
LAYOUT_TEXT = ROOT / "tests" / "fixtures" / "text" / "mersin-yeep-2024-pdftotext-layout.txt"
NO_SPACE_GLYPHS = ROOT / "tests" / "fixtures" / "layouts" / "no-space-glyphs.pdf"


@pytest.fixture(scope="module")
def report() -> Report:
    return read_report(PDF)


def test_read_report_gives_the_contract_tables_in_memory(report: Report) -> None:
    assert (len(report.indicators), len(report.observations), len(report.quarantine)) == (146, 730, 0)
    assert report.validation_errors == []
    assert report.manifest["counts"] == {"rows": 146, "cells": 730, "suspects": 0, "quarantined": 0}
    assert set(report.tables) == {"indicators", "observations", "quarantine", "unit_matches"}
    assert len(report.unit_matches) > 0
    assert repr(report) == "Report('mersin-yeep-2024': 146 indicators, 730 observations, 0 suspect, 0 quarantined)"


def test_year_is_a_nullable_integer_never_float(report: Report) -> None:
    year = report.observations["year"]
    assert isinstance(year.dtype, pd.Int16Dtype)
    baseline = report.observations["measure"] == "baseline"
    assert year[baseline].isna().all() and year[~baseline].notna().all()
    assert isinstance(report.indicators["report_year"].dtype, pd.Int16Dtype)


def test_observations_carry_their_indicators_unit(report: Report) -> None:
    joined = report.observations.merge(report.indicators[["activity_code", "indicator_seq", "unit"]],
                                       on=["activity_code", "indicator_seq"], suffixes=("", "_indicator"))
    assert len(joined) == 730
    assert (joined["unit"] == joined["unit_indicator"]).all()
    percent = report.observations[report.observations["raw"].str.contains("%", regex=False)]
    assert len(percent) > 0 and (percent["unit"] == "percent").all()


def test_write_gives_what_was_read(report: Report, tmp_path: Path) -> None:
    folder = report.write(tmp_path)
    assert folder == tmp_path / "mersin-yeep-2024"
    for name, frame in report.tables.items():
        pd.testing.assert_frame_equal(pd.read_parquet(folder / f"{name}.parquet", dtype_backend="numpy_nullable"
                                                      ).astype(frame.dtypes.to_dict()), frame)
    assert not list(folder.glob("*.xlsx")) and not list(folder.glob("*.csv"))  # only on request


def test_the_public_surface_is_small_and_import_is_light() -> None:
    assert set(yeep_extract.__all__) == {"read_report", "Report", "LayoutSettings", "InputError", "HeaderError",
                                         "StructureError", "__version__"}
    for name in yeep_extract.__all__:
        assert getattr(yeep_extract, name) is not None
    loaded = subprocess.run([sys.executable, "-c", "import sys, yeep_extract; print(sorted(m for m in "
                             "('pandas', 'pyarrow', 'pdfplumber', 'pandera') if m in sys.modules))"],
                            capture_output=True, text=True, check=True).stdout.strip()
    assert loaded == "[]"


def test_layout_settings_are_passed_in_not_set_globally() -> None:
    """Words placed by position only (no space glyphs) are told apart by ``word_gap``: a gap of a
    whole em joins the words of each line, header words included, so no table is found; that
    reading is the caller's alone, and a changed threshold is recorded in the manifest."""
    from yeep_extract import StructureError

    with pytest.raises(StructureError, match="no YEEP table"):
        read_report(NO_SPACE_GLYPHS, settings={"word_gap": 1.0})
    assert LayoutSettings() == SETTINGS  # the module default is untouched
    default = read_report(NO_SPACE_GLYPHS)
    assert len(default.indicators) == 29 and "layout_settings" not in default.manifest["extraction"]
    nudged = read_report(NO_SPACE_GLYPHS, settings=dataclasses.replace(SETTINGS, word_gap=0.13))
    assert nudged.manifest["extraction"]["layout_settings"] == {"word_gap": 0.13}
    pd.testing.assert_frame_equal(nudged.observations, default.observations)


def test_an_unknown_setting_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"word_gapp.*known: .*word_gap"):
        read_report(PDF, settings={"word_gapp": 0.2})


def _file_lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8-sig").split("\n")


@pytest.mark.parametrize("path", [TEXT, PAGED_TEXT, LAYOUT_TEXT],
                         ids=["published-text", "pdftotext-raw-with-pages", "pdftotext-layout"])
def test_text_observations_say_which_lines_they_came_from(path: Path) -> None:
    got = read_report(path)
    obs = got.observations
    assert obs["source_line_start"].notna().all() and (obs["source_line_start"] <= obs["source_line_end"]).all()
    lines = _file_lines(path)
    for row in obs[obs["status"] == "ok"].itertuples():  # each number is printed on the lines named
        printed = " ".join(lines[row.source_line_start - 1:row.source_line_end])
        assert all(part in printed for part in row.raw.split()), (row.activity_code, row.raw)
    ind = got.indicators
    assert ind["source_line_start"].notna().all() and (ind["source_line_start"] <= ind["source_line_end"]).all()
    has_pages = "\f" in path.read_text(encoding="utf-8-sig")
    assert obs["source_page"].notna().all() == has_pages


def test_pdf_observations_have_no_line_numbers(report: Report) -> None:
    assert report.observations[["source_line_start", "source_line_end"]].isna().all().all()
    assert report.observations["source_page"].notna().all()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"yeep-extract {yeep_extract.__version__}"
    assert yeep_extract.__version__ == importlib.metadata.version("yeep-extract")


def test_help_texts(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # argparse wraps at hyphens on a narrow terminal
    with pytest.raises(SystemExit):
        main(["--help"])
    top = capsys.readouterr().out
    assert "``" not in top and "run" in top
    with pytest.raises(SystemExit):
        main(["eval", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert "OUTDIR the report folder to score" in help_text
    assert "tests/golden/mersin-yeep-2024.jsonl" in help_text
