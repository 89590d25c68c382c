"""Link: several converted reports → one series table (indicator_key × measure × year), sources kept.

A 2025 report reprints the 2024 actuals and the targets of every year beside its own 2025 actuals,
so the same cell (indicator, measure, year) comes from more than one report. When the reports agree,
one row is kept: the latest report's, with the others listed in ``also_in``. When they disagree (a
target restated, an actual corrected), every report's reading is kept, flagged ``conflict``: which
one is right is a question for a person, not for this code. Two cells agree when both have no
number or both have the same number.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .fields import SERIES
from .validate import coerce, validate
from .write import arrow_schema


def report_folders(paths: list[Path]) -> list[Path]:
    """Report folders (holding ``indicators.parquet``) named directly or found below the given folders."""
    found: list[Path] = []
    for path in paths:
        if (path / "indicators.parquet").is_file():
            found.append(path)
        elif path.is_dir():
            found += sorted(p.parent for p in path.rglob("indicators.parquet"))
    return list(dict.fromkeys(found))


def read_table(folders: list[Path], name: str) -> pd.DataFrame:
    """One table of every report folder, stacked (reports without the file are skipped)."""
    frames = [pd.read_parquet(folder / f"{name}.parquet") for folder in folders
              if (folder / f"{name}.parquet").is_file()]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()


def _same(values: list[float | None]) -> list[int]:
    """Group number of each value: equal numbers, or no number, share a group (first seen first)."""
    groups: list[float | None] = []
    out = []
    for v in values:
        v = None if v is None or pd.isna(v) else float(v)
        if v not in groups:
            groups.append(v)
        out.append(groups.index(v))
    return out


def build_series(folders: list[Path]) -> pd.DataFrame:
    """The series table of the reports in ``folders`` (see the module docstring)."""
    indicators = read_table(folders, "indicators")
    observations = read_table(folders, "observations")
    if indicators.empty:
        return coerce("series", pd.DataFrame(columns=SERIES.columns))
    # the unit from the indicator row: folders written before observations carried it have it there only
    cells = observations.drop(columns="unit", errors="ignore").merge(
        indicators[["report_id", "activity_code", "indicator_seq", "indicator_key", "indicator_name", "unit",
                    "report_year"]],
        on=["report_id", "activity_code", "indicator_seq"], how="inner", validate="many_to_one")
    cells = cells.sort_values(["indicator_key", "measure", "year", "report_year", "report_id"], na_position="first")
    rows = []
    for _, group in cells.groupby(["indicator_key", "measure", "year"], dropna=False, sort=False):
        records = group.to_dict("records")
        groups = _same([r["value"] for r in records])
        reports = [r["report_id"] for r in records]
        if len(set(groups)) == 1:
            latest = records[-1]
            rows.append({**latest, "agreement": "agree" if len(records) > 1 else "single",
                         "also_in": sorted(reports[:-1])})
            continue
        for record, g in zip(records, groups, strict=True):
            others = sorted(r for r, h in zip(reports, groups, strict=True) if h == g and r != record["report_id"])
            rows.append({**record, "agreement": "conflict", "also_in": others})
    return coerce("series", pd.DataFrame(rows, columns=SERIES.columns))


def write_series(series: pd.DataFrame, path: Path) -> list[str]:
    """Validate and write the series atomically; the validation failures (empty: valid, written)."""
    failures = validate("series", series)
    if failures:
        return failures
    schema = arrow_schema(SERIES)
    arrays = [pa.array([None if (not isinstance(v, list) and pd.isna(v)) else v for v in series[f.name].tolist()],
                       type=f.type) for f in schema]
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, staging = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    os.close(handle)
    try:
        pq.write_table(pa.Table.from_arrays(arrays, schema=schema), staging, compression="zstd")
        os.replace(staging, path)
    except BaseException:
        Path(staging).unlink(missing_ok=True)
        raise
    return []
