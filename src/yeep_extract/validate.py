"""Validate: output frames → the same frames checked against pandera models built from ``fields``.

Takes the indicators, observations and quarantine frames and gives a list of failures (empty when
valid). pandera runs lazily, so every failing check is collected; failures are data for the manifest
and the CLI's message, never a traceback.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import pandas as pd
import pandera.pandas as pa
from pandera.engines import pandas_engine

from .fields import ALL_TABLES, Field, Table


class _String(pandas_engine.STRING):
    """pandera's ``string`` dtype, answering a column of that very dtype with one ``True``.

    pandera's own check answers it with one ``True`` per value, and the column check then formats
    the (empty) list of failing values into a message that nobody reads: two thirds of the time of
    the twelve validations of a run (0.16 → 0.06 s CPU on the shipped report). Any other dtype
    goes to pandera's check unchanged, so what passes and what fails is pandera's."""

    def check(self, pandera_dtype: Any, data_container: Any = None) -> Any:
        try:
            if pandas_engine.Engine.dtype(pandera_dtype).type == self.type:
                return True
        except TypeError:
            return False
        return super().check(pandera_dtype, data_container)


#: each field type's pandas dtype (what ``coerce`` casts to), and what the models check it with
_DTYPES: dict[str, Any] = {"string": "string", "int16": "Int16", "int32": "Int32", "float64": "float64",
                           "list<string>": object}
_CHECKED: dict[str, Any] = {**_DTYPES, "string": _String()}


def _is_list_of_str(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _checks(f: Field) -> list[pa.Check]:
    checks = []
    if f.isin:
        checks.append(pa.Check.isin(list(f.isin)))
    if f.ge is not None:
        checks.append(pa.Check.ge(f.ge))
    if f.le is not None:
        checks.append(pa.Check.le(f.le))
    if f.pattern:
        checks.append(pa.Check.str_matches(f.pattern))
    if f.type == "list<string>":
        checks.append(pa.Check(_is_list_of_str, element_wise=True, error="list of strings"))
    return checks


@cache
def model(name: str) -> pa.DataFrameSchema:
    """The pandera model of one output table."""
    table: Table = ALL_TABLES[name]
    return pa.DataFrameSchema(
        {f.name: pa.Column(_CHECKED[f.type], checks=_checks(f), nullable=f.nullable) for f in table.fields},
        unique=list(table.key) or None,
        strict=True,
        ordered=True,
        name=name,
    )


def coerce(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with the table's columns in order and each cast to its declared dtype."""
    table = ALL_TABLES[name]
    out = frame.reindex(columns=table.columns).copy()
    for f in table.fields:
        if f.type != "list<string>":
            out[f.name] = out[f.name].astype(_DTYPES[f.type])
    return out.reset_index(drop=True)


def validate(name: str, frame: pd.DataFrame) -> list[str]:
    """Every failure of the frame against its model, one line each (empty list: valid)."""
    try:
        model(name).validate(frame, lazy=True)
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        return [f"{name}.{row.column}: {row.check} failed for {row.failure_case!r}"
                for row in cases.head(50).itertuples()]
    return []
