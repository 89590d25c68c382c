"""Data Package descriptors: valid Frictionless, complete for every Parquet column, deterministic, current."""

from __future__ import annotations

import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from frictionless import Package, Resource, Schema

from yeep_extract.datapackage import (
    PACKAGE_FILE,
    SCHEMA_SUFFIX,
    export_schemas,
    field_descriptor,
    table_schema,
    write_folder_package,
)
from yeep_extract.fields import OBSERVATIONS, TABLES, Field
from yeep_extract.link import build_series, write_series
from yeep_extract.pipeline import convert

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "raw" / "mersin-yeep-2024.pdf"

# The Table Schema type each Parquet (Arrow) type must be described with.
_ARROW_TO_TABLE_SCHEMA = {"string": "string", "int16": "integer", "int32": "integer", "double": "number",
                          "list<element: string>": "array", "list<item: string>": "array"}


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("out")
    convert(PDF, folder)
    return folder


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("where", ["report", "folder"])
def test_descriptor_is_valid_frictionless(out: Path, where: str) -> None:
    path = out / "mersin-yeep-2024" / PACKAGE_FILE if where == "report" else out / PACKAGE_FILE
    report = Package.validate_descriptor(_load(path))
    assert report.valid, report.flatten(["type", "note"])


@pytest.mark.parametrize("where", ["report", "folder"])
def test_describes_every_column_of_every_parquet_file(out: Path, where: str) -> None:
    base = out / "mersin-yeep-2024" if where == "report" else out
    descriptor = _load(base / PACKAGE_FILE)
    parquet_files = sorted(p.relative_to(base).as_posix() for p in base.rglob("*.parquet"))
    assert sorted(r["path"] for r in descriptor["resources"]) == parquet_files
    for resource in descriptor["resources"]:
        arrow = pq.read_schema(base / resource["path"])
        described = {f["name"]: f["type"] for f in resource["schema"]["fields"]}
        assert list(described) == arrow.names
        for column in arrow:
            assert described[column.name] == _ARROW_TO_TABLE_SCHEMA[str(column.type)], column.name


def test_keys_and_foreign_keys_resolve(out: Path) -> None:
    descriptor = _load(out / PACKAGE_FILE)
    resources = {r["name"]: r for r in descriptor["resources"]}
    for resource in resources.values():
        schema = resource["schema"]
        names = {f["name"] for f in schema["fields"]}
        for key in [schema.get("primaryKey", []), *schema.get("uniqueKeys", [])]:
            assert set(key) <= names
        for fk in schema.get("foreignKeys", []):
            target = resources[fk["reference"]["resource"]]
            assert set(fk["reference"]["fields"]) <= {f["name"] for f in target["schema"]["fields"]}


def test_nullable_key_column_makes_a_unique_key_not_a_primary_key() -> None:
    schema = table_schema(OBSERVATIONS)
    assert "primaryKey" not in schema and schema["uniqueKeys"] == [list(OBSERVATIONS.key)]
    assert table_schema(TABLES["indicators"])["primaryKey"] == list(TABLES["indicators"].key)


def test_field_constraints_come_from_fields() -> None:
    f = Field("section_no", "int16", "section number", ge=1.0, le=99.0)
    assert field_descriptor(f) == {"name": "section_no", "type": "integer", "description": "section number",
                                   "constraints": {"required": True, "minimum": 1, "maximum": 99}}
    g = Field("unit", "string", "count or percent", nullable=True, isin=("count", "percent"), pattern="^[a-z]+$")
    assert field_descriptor(g)["constraints"] == {"required": False, "enum": ["count", "percent"],
                                                  "pattern": "^[a-z]+$"}


def test_descriptors_are_deterministic(out: Path, tmp_path: Path) -> None:
    convert(PDF, tmp_path)
    for rel in (PACKAGE_FILE, f"mersin-yeep-2024/{PACKAGE_FILE}"):
        assert (out / rel).read_bytes() == (tmp_path / rel).read_bytes()


def test_exported_schemas_are_current(tmp_path: Path) -> None:
    """schemas/json/ is regenerated with `yeep-extract schema --export schemas/json`."""
    fresh = {p.name: p.read_text(encoding="utf-8") for p in export_schemas(tmp_path)}
    committed = {p.name: p.read_text(encoding="utf-8") for p in (ROOT / "schemas" / "json").glob(f"*{SCHEMA_SUFFIX}")}
    assert committed == fresh
    for text in fresh.values():
        report = Schema.validate_descriptor(json.loads(text))
        assert report.valid, report.flatten(["type", "note"])


def test_frictionless_finds_the_data_valid(out: Path) -> None:
    """frictionless checks each file against its described schema (types, required, enum, pattern,
    minimum, maximum, keys). Rows are read with pyarrow, which keeps nulls as None and lists as lists;
    frictionless' own Parquet reader goes through pandas and would see NaN and numpy arrays instead."""
    base = out / "mersin-yeep-2024"
    for resource in _load(base / PACKAGE_FILE)["resources"]:
        table = pq.read_table(base / resource["path"])
        rows = [[row[c] for c in table.column_names] for row in table.to_pylist()]
        schema = {k: v for k, v in resource["schema"].items() if k != "foreignKeys"}  # needs the whole package
        report = Resource(data=[table.column_names, *rows], schema=Schema.from_descriptor(schema)).validate()
        assert report.valid, (resource["name"], report.flatten(["rowNumber", "fieldName", "type", "note"])[:5])


def test_an_empty_cell_is_text_not_missing() -> None:
    """raw is required and an empty printed cell is raw == "": no string may mean 'missing'."""
    schema = Schema.from_descriptor({k: v for k, v in table_schema(OBSERVATIONS).items() if k != "foreignKeys"})
    row = {"report_id": "r", "activity_code": "1.1.1", "indicator_seq": 1, "measure": "actual", "year": 2024,
           "value": None, "unit": "count", "raw": "", "status": "empty", "note": None, "source_page": None,
           "source_line_start": 12, "source_line_end": 12, "x0": None, "top": None, "x1": None, "bottom": None}
    report = Resource(data=[list(row), list(row.values())], schema=schema).validate()
    assert report.valid, report.flatten(["fieldName", "type", "note"])


def test_folder_package_lists_a_series_written_into_the_folder(tmp_path: Path) -> None:
    convert(PDF, tmp_path)
    assert write_series(build_series([tmp_path / "mersin-yeep-2024"]), tmp_path / "series.parquet") == []
    descriptor = _load(write_folder_package(tmp_path))
    series = [r for r in descriptor["resources"] if r["path"] == "series.parquet"]
    assert len(series) == 1
    assert [f["name"] for f in series[0]["schema"]["fields"]] == pq.read_schema(tmp_path / "series.parquet").names
    assert Package.validate_descriptor(descriptor).valid


def test_folder_package_catches_a_report_landing_while_it_is_written(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Parallel batch: another process's report lands between this writer's scan and its write."""
    import yeep_extract.datapackage as dp

    convert(PDF, tmp_path)
    real_write = dp.write_atomic
    landed: list[Path] = []

    def write_then_another_lands(path: Path, text: str) -> None:
        real_write(path, text)
        if not landed:
            other = tmp_path / "other-yeep-2024"
            other.mkdir()
            (other / PACKAGE_FILE).write_text("{}", encoding="utf-8")
            landed.append(other)

    monkeypatch.setattr(dp, "write_atomic", write_then_another_lands)
    descriptor = _load(dp.write_folder_package(tmp_path))
    assert {r["path"].split("/")[0] for r in descriptor["resources"]} == {"mersin-yeep-2024", "other-yeep-2024"}


def test_link_into_an_output_folder_refreshes_its_package(tmp_path: Path) -> None:
    """``yeep-extract link DIR --out DIR/series.parquet`` lists the new table in DIR's datapackage.json."""
    from yeep_extract.cli import main

    convert(PDF, tmp_path)
    assert "series.parquet" not in {r["path"] for r in _load(tmp_path / "datapackage.json")["resources"]}
    assert main(["link", str(tmp_path), "--out", str(tmp_path / "series.parquet")]) == 0
    descriptor = _load(tmp_path / "datapackage.json")
    assert "series.parquet" in {r["path"] for r in descriptor["resources"]}
    assert Package.validate_descriptor(descriptor).valid

