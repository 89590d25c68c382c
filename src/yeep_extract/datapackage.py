"""Frictionless Data Package descriptors for the output, generated from ``fields`` like everything else.

A ``datapackage.json`` beside each report's Parquet files lets any Frictionless-aware tool (and a
person) learn every column's type, meaning and constraints without this package; one at the top of
the output folder lists every report's files. ``schemas/json/<table>.schema.json`` holds the Table
Schema of each output table for tools that want the schema alone.

Descriptors hold no wall-clock time, no file sizes and no hashes of the Parquet bytes (those change
with the pyarrow version), so a re-run over the same inputs writes the same descriptors.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from . import __version__
from .fields import ALL_TABLES, INDICATORS, OBSERVATIONS, TABLES, Field, Table

PACKAGE_FILE = "datapackage.json"
PARQUET_MEDIATYPE = "application/vnd.apache.parquet"
SCHEMA_SUFFIX = ".schema.json"
_READABLE = 0o644

# Table Schema type (and extra properties) for each fields.py type.
_TYPES: dict[str, tuple[str, dict[str, Any]]] = {
    "string": ("string", {}),
    "int16": ("integer", {}),
    "int32": ("integer", {}),
    "float64": ("number", {}),
    "list<string>": ("array", {"arrayItem": {"type": "string"}}),
}

# Observations point at the indicator row they belong to (the key of indicators).
_FOREIGN_KEYS: dict[str, tuple[str, tuple[str, ...]]] = {
    OBSERVATIONS.name: (INDICATORS.name, INDICATORS.key),
}


def field_descriptor(f: Field) -> dict[str, Any]:
    """One Table Schema field: name, type, description and the checks of ``fields`` as constraints."""
    kind, extra = _TYPES[f.type]
    constraints: dict[str, Any] = {"required": not f.nullable}
    if f.isin:
        constraints["enum"] = list(f.isin)
    if f.pattern:
        constraints["pattern"] = f.pattern
    if f.ge is not None:
        constraints["minimum"] = int(f.ge) if kind == "integer" else f.ge
    if f.le is not None:
        constraints["maximum"] = int(f.le) if kind == "integer" else f.le
    return {"name": f.name, "type": kind, "description": f.description, **extra, "constraints": constraints}


def table_schema(table: Table, resource_prefix: str = "") -> dict[str, Any]:
    """The Table Schema of an output table.

    A key whose columns are all required is the ``primaryKey``; a key with a nullable column (the
    observations' ``year`` is null for the baseline) cannot be one, because primary-key values may
    not be null, so it is given as a ``uniqueKeys`` entry instead. ``resource_prefix`` names the
    referenced resource in a folder-wide package, where each report's resources carry its id.
    """
    # Parquet has real nulls, so no string stands for a missing value: an empty cell's raw "" is text.
    schema: dict[str, Any] = {"fields": [field_descriptor(f) for f in table.fields], "missingValues": []}
    if table.key:
        nullable = {f.name for f in table.fields if f.nullable}
        if nullable.isdisjoint(table.key):
            schema["primaryKey"] = list(table.key)
        else:
            schema["uniqueKeys"] = [list(table.key)]
    if table.name in _FOREIGN_KEYS:
        target, columns = _FOREIGN_KEYS[table.name]
        schema["foreignKeys"] = [{"fields": list(columns),
                                  "reference": {"resource": resource_prefix + target, "fields": list(columns)}}]
    return schema


def _resource(table: Table, path: str, prefix: str = "") -> dict[str, Any]:
    return {"name": prefix + table.name, "path": path, "format": "parquet", "mediatype": PARQUET_MEDIATYPE,
            "description": table.description, "schema": table_schema(table, prefix)}


def report_package(manifest: dict[str, Any]) -> dict[str, Any]:
    """The descriptor of one report's folder, from its manifest (source file, year, counts)."""
    report_id = manifest["report_id"]
    source = manifest.get("source", {})
    return {
        "name": report_id,
        "title": f"YEEP realization report {report_id}",
        "description": f"Indicator rows and value cells extracted from {source.get('file', report_id)} "
                       f"(report year {manifest.get('report_year')}) by yeep-extract.",
        "version": __version__,
        "sources": [{"title": source.get("file", report_id)}],
        "resources": [_resource(t, f"{t.name}.parquet") for t in TABLES.values()],
    }


def folder_package(out_dir: Path) -> dict[str, Any]:
    """The descriptor of a whole output folder: every report folder's tables, named ``<report_id>-<table>``.

    A table made over several reports (``series.parquet`` of ``yeep-extract link``) is listed too when
    it was written into the folder under its own name.
    """
    reports = sorted(p.parent.name for p in out_dir.glob(f"*/{PACKAGE_FILE}") if not p.parent.name.startswith("."))
    joined = [t for name, t in ALL_TABLES.items() if name not in TABLES
              and t.file.startswith(f"{name}.parquet") and (out_dir / f"{name}.parquet").is_file()]
    return {
        "name": "yeep-extract-output",
        "title": "YEEP realization reports, extracted",
        "description": f"{len(reports)} report(s); each report's folder also has its own {PACKAGE_FILE}.",
        "version": __version__,
        "resources": [_resource(t, f"{rid}/{t.name}.parquet", prefix=f"{rid}-")
                      for rid in reports for t in TABLES.values()]
                     + [_resource(t, f"{t.name}.parquet") for t in joined],
    }


def dumps(descriptor: dict[str, Any]) -> str:
    """Stable JSON text: the same descriptor always gives the same bytes."""
    return json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write a small text file through a temporary file and a rename, so readers never see half of it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.chmod(tmp, _READABLE)  # mkstemp makes it private; a descriptor is for everyone to read
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_folder_package(out_dir: Path) -> Path:
    """(Re)write ``out_dir/datapackage.json`` from the report folders now present.

    Reports of a batch may land from several processes at once, each rewriting this file. Every
    writer looks again after writing and rewrites until what it wrote matches the folder, so the
    last write always lists every report that had landed before it.
    """
    path = out_dir / PACKAGE_FILE
    text = dumps(folder_package(out_dir))
    while True:
        write_atomic(path, text)
        now = dumps(folder_package(out_dir))
        if now == text:
            return path
        text = now


def export_schemas(target: Path) -> list[Path]:
    """Write ``<table>.schema.json`` (Table Schema) for every defined table (outputs, series, registries)."""
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for table in ALL_TABLES.values():
        path = target / f"{table.name}{SCHEMA_SUFFIX}"
        write_atomic(path, dumps({"title": table.name, "description": table.description, **table_schema(table)}))
        written.append(path)
    return written
