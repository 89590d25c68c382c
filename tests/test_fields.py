"""The single schema definition: models, Parquet schemas and docs all come from ``fields``."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from yeep_extract.fields import ALL_TABLES, markdown
from yeep_extract.validate import coerce, model, validate
from yeep_extract.write import arrow_schema

ROOT = Path(__file__).resolve().parents[1]


def test_contract_tables_are_generated_from_fields() -> None:
    contract = (ROOT / "CONTRACT.md").read_text(encoding="utf-8")
    generated = contract.split("<!-- generated: yeep-extract schema -->")[1].split("<!-- end generated -->")[0]
    assert generated.strip() == "\n\n".join(markdown(t) for t in ALL_TABLES.values())


def test_models_and_arrow_schemas_have_every_field() -> None:
    for name, table in ALL_TABLES.items():
        assert list(model(name).columns) == table.columns
        assert arrow_schema(table).names == table.columns


def _observation(**changes: object) -> pd.DataFrame:
    row = {"report_id": "r-2024", "activity_code": "1.1.1", "indicator_seq": 1, "measure": "target",
           "year": 2024, "value": 3.0, "unit": "count", "raw": "3", "status": "ok", "note": None, "source_page": 1,
           "x0": 1.0, "top": 2.0, "x1": 3.0, "bottom": 4.0}
    row.update(changes)
    return coerce("observations", pd.DataFrame([row]))


def test_every_column_people_read_has_a_label_in_each_language() -> None:
    """The workbook's columns (``excel.SHEETS``) are labelled from ``fields``: a new column without
    labels would show its contract name among Turkish labels."""
    from yeep_extract.excel import SHEETS
    from yeep_extract.fields import ACHIEVEMENT_STATUS, LANGS

    fields = [f for table, _ in SHEETS for f in table.fields] + [ACHIEVEMENT_STATUS]
    for lang in LANGS:
        unlabelled = [f.name for f in fields if f.label(lang) == f.name]
        assert not unlabelled, (lang, unlabelled)
    assert ACHIEVEMENT_STATUS.label("tr") == "Başarı durumu"
    try:
        ACHIEVEMENT_STATUS.label("de")
    except ValueError as exc:
        assert "tr, en" in str(exc)
    else:
        raise AssertionError("an unknown language must not fall back silently")


def test_valid_observation_passes() -> None:
    assert validate("observations", _observation()) == []


def test_failures_are_collected_not_raised() -> None:
    frame = pd.concat([_observation(status="maybe"), _observation(status="maybe")], ignore_index=True)
    failures = validate("observations", frame)
    assert any("isin" in f for f in failures)
    assert any("unique" in f.lower() or "duplicate" in f.lower() for f in failures), failures


def test_a_text_column_of_another_dtype_fails_its_dtype_check() -> None:
    """The models check a column of the string dtype on its dtype alone (``validate._String``), and
    leave every other dtype to pandera: numbers fail, and so does an ``object`` column holding one."""
    numbers = _observation().assign(raw=pd.Series([3], dtype="int64"))
    assert any("raw" in f and "dtype" in f for f in validate("observations", numbers))
    mixed = pd.concat([_observation(), _observation(indicator_seq=2)], ignore_index=True)
    mixed["raw"] = pd.Series(["3", 4], dtype=object)
    assert any("raw" in f and "dtype" in f for f in validate("observations", mixed))
    assert validate("observations", _observation().assign(raw=pd.Series(["3"], dtype="string"))) == []


def test_every_registry_file_goes_into_the_wheel() -> None:
    """The registries are read through the package's ``schemas`` link (``vocab.schemas_dir``): in a
    checkout it is the project's ``schemas/``, in a wheel a copy made from the ``package-data``
    globs, which must therefore cover every file there."""
    import fnmatch
    import tomllib

    from yeep_extract.vocab import schemas_dir

    root = Path(__file__).resolve().parents[1]
    assert schemas_dir().resolve() == (root / "schemas").resolve()
    globs = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]["yeep_extract"]
    files = [p.relative_to(root / "schemas") for p in (root / "schemas").rglob("*") if p.is_file()]
    assert files
    missing = [str(f) for f in files if not any(fnmatch.fnmatch(f"schemas/{f.as_posix()}", g) for g in globs)]
    assert not missing, missing
