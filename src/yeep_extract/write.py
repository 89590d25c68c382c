"""Write: validated frames → ``<out>/<report_id>/`` with Parquet files and ``manifest.json``.

Files are written into a temporary folder beside the target and renamed into place, so a report's
folder appears complete or not at all, and a re-run replaces it in one step. The Parquet files carry
an explicit pyarrow schema derived from ``fields`` and no wall-clock time, so two runs over the same
input give byte-identical files. Each report folder gets a Frictionless ``datapackage.json`` describing
its files, and the output folder one describing all report folders (``datapackage``). On request the
folder also gets the tables for people (``excel``): a workbook ``<report_id>.xlsx`` and ``<table>.csv``
files, written in the same staging folder so they appear, or not, with the rest.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .datapackage import PACKAGE_FILE, dumps, report_package, write_folder_package
from .fields import TABLES, Table

_ARROW = {"string": pa.string(), "int16": pa.int16(), "int32": pa.int32(), "float64": pa.float64(),
          "list<string>": pa.list_(pa.string())}


def arrow_schema(table: Table, all_nullable: bool = False) -> pa.Schema:
    """The pyarrow schema of an output table, with each column's description as field metadata;
    ``all_nullable``: every column may hold nulls (the tables of a report that failed validation)."""
    return pa.schema([pa.field(f.name, _ARROW[f.type], nullable=f.nullable or all_nullable,
                               metadata={"description": f.description}) for f in table.fields])


def _to_arrow(name: str, frame: pd.DataFrame, valid: bool) -> pa.Table:
    """The table's columns as Arrow arrays of its schema, column by column from pandas: every missing
    value (``pd.NA``, ``NaN``, ``None``) a null (``from_pandas``). A report that failed validation
    keeps what was read, nulls where the contract allows none included: its manifest says why."""
    schema = arrow_schema(TABLES[name], all_nullable=not valid)
    return pa.Table.from_arrays([pa.array(frame[f.name], type=f.type, from_pandas=True) for f in schema],
                                schema=schema)


def write_report(out_dir: Path, report_id: str, frames: dict[str, pd.DataFrame], manifest: dict[str, Any], *,
                 excel: bool = False, csv: bool = False, lang: str = "tr") -> Path:
    """Write one report's files atomically into ``out_dir/report_id`` and return that folder; with
    ``excel`` also ``<report_id>.xlsx``, with ``csv`` one ``<table>.csv`` per table (labels in ``lang``)."""

    def fill(staging: Path) -> None:
        for name, frame in frames.items():
            valid = manifest.get("validation", {}).get("valid", True)
            pq.write_table(_to_arrow(name, frame, valid), staging / f"{name}.parquet", compression="zstd")
        (staging / "manifest.json").write_text(
            json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
        (staging / PACKAGE_FILE).write_text(dumps(report_package(manifest)), encoding="utf-8")
        if excel or csv:
            from .excel import write_csv, write_workbook

            if excel:
                write_workbook(frames, staging / f"{report_id}.xlsx", lang)
            if csv:
                write_csv(frames, staging, lang)

    return write_folder(out_dir, report_id, fill)


def write_folder(out_dir: Path, report_id: str, fill: Callable[[Path], None]) -> Path:
    """Make ``out_dir/report_id`` hold what ``fill`` writes into an empty folder, all at once.

    ``fill`` writes into a staging folder beside the target (``.<report_id>.*``), which then
    replaces the target in one rename (an existing one is moved aside first, ``.<report_id>.old.*``,
    and removed after); on any exception the staging folder is removed. The output folder's
    ``datapackage.json`` is rewritten after. Reports converted elsewhere (``batch_dask``) land the same way.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / report_id
    staging = Path(tempfile.mkdtemp(prefix=f".{report_id}.", dir=out_dir))
    try:
        fill(staging)
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{report_id}.old.", dir=out_dir))
            os.replace(target, old / report_id)
            os.replace(staging, target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    write_folder_package(out_dir)
    return target
