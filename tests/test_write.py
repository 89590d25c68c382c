"""Writing: atomic folders, byte-identical re-runs, provenance on every observation."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pandas as pd
import pytest

from yeep_extract.pipeline import convert

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "raw" / "mersin-yeep-2024.pdf"


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    a, b = tmp_path_factory.mktemp("a"), tmp_path_factory.mktemp("b")
    convert(PDF, a)
    convert(PDF, b)
    convert(PDF, b)  # a re-run over an existing folder replaces it
    return a / "mersin-yeep-2024", b / "mersin-yeep-2024"


def test_reruns_are_byte_identical(two_runs: tuple[Path, Path]) -> None:
    a, b = two_runs
    assert _digests(a) == _digests(b)
    assert sorted(_digests(a)) == ["datapackage.json", "indicators.parquet", "manifest.json",
                                   "observations.parquet", "quarantine.parquet", "unit_matches.parquet"]


def test_no_staging_folders_left(two_runs: tuple[Path, Path]) -> None:
    for folder in two_runs:
        assert sorted(p.name for p in folder.parent.iterdir()) == ["datapackage.json", "mersin-yeep-2024"]


def test_every_pdf_observation_has_page_and_box(two_runs: tuple[Path, Path]) -> None:
    obs = pd.read_parquet(two_runs[0] / "observations.parquet")
    filled = obs[obs["raw"] != ""]
    assert filled[["source_page", "x0", "top", "x1", "bottom"]].notna().all().all()
    assert (filled["x1"] > filled["x0"]).all() and (filled["bottom"] > filled["top"]).all()


def test_manifest_counts_and_validation(two_runs: tuple[Path, Path]) -> None:
    manifest = json.loads((two_runs[0] / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["validation"] == {"valid": True, "errors": []}
    assert manifest["counts"]["rows"] == 146 and manifest["counts"]["cells"] == 730
    assert manifest["source"]["sha256"] == hashlib.sha256(PDF.read_bytes()).hexdigest()
    assert manifest["extraction"]["page_count"] == 22



def test_every_kind_of_missing_value_is_written_as_null(tmp_path: Path) -> None:
    """``pd.NA`` in a text or integer column, ``NaN`` in a float column and ``None`` for a list are
    all Parquet nulls, in every nullable column of every table; an empty list stays an empty list."""
    import pyarrow.parquet as pq

    from yeep_extract.fields import TABLES
    from yeep_extract.validate import coerce
    from yeep_extract.write import write_report

    present = {"string": "x", "int16": 1, "int32": 1, "float64": 1.5, "list<string>": []}
    missing = {"string": pd.NA, "int16": pd.NA, "int32": pd.NA, "float64": float("nan"), "list<string>": None}
    second = {f.name: missing[f.type] if f.nullable else present[f.type] for t in TABLES.values() for f in t.fields}
    frames = {name: coerce(name, pd.DataFrame({f.name: [present[f.type], second[f.name]] for f in table.fields}))
              for name, table in TABLES.items()}
    folder = write_report(tmp_path, "r-2024", frames, {"report_id": "r-2024"})
    for name, table in TABLES.items():
        written = pq.read_table(folder / f"{name}.parquet").to_pydict()
        expected = [[present[f.type], None if f.nullable else present[f.type]] for f in table.fields]
        assert [written[f.name] for f in table.fields] == expected, name


def test_a_report_that_failed_validation_keeps_what_was_read(tmp_path: Path) -> None:
    """Nulls where the contract allows none (the report failed validation, its manifest says why) are
    written as read, not lost to an error of the Parquet writer."""
    import pyarrow.parquet as pq

    from yeep_extract.fields import TABLES
    from yeep_extract.validate import coerce, validate
    from yeep_extract.write import write_report

    table = TABLES["indicators"]
    required = next(f for f in table.fields if not f.nullable and f.type == "int16")
    present = {"string": "x", "int16": 1, "int32": 1, "float64": 1.5, "list<string>": []}
    frame = coerce("indicators", pd.DataFrame({f.name: [pd.NA if f is required else present[f.type]]
                                               for f in table.fields}))
    errors = validate("indicators", frame)
    assert errors
    folder = write_report(tmp_path, "r-2024", {"indicators": frame},
                          {"report_id": "r-2024", "validation": {"valid": False, "errors": errors}})
    assert pq.read_table(folder / "indicators.parquet").to_pydict()[required.name] == [None]
