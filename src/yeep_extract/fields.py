"""Output tables defined once: every column's name, type, nullability, meaning and checks.

The pandera models (``validate``), the pyarrow schemas (``write``) and the column tables of the docs
(``yeep-extract schema --markdown``) are all derived from ``TABLES`` here, so they cannot drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .vocab import Role, Status

MEASURES = (Role.BASELINE.value, Role.TARGET.value, Role.ACTUAL.value)
UNITS = ("count", "percent")


@dataclass(frozen=True)
class Field:
    """One column of an output table."""

    name: str
    type: str  # string | int16 | float64 | list<string>
    description: str
    nullable: bool = False
    isin: tuple[str, ...] | None = None
    ge: float | None = None
    le: float | None = None
    pattern: str | None = None


@dataclass(frozen=True)
class Table:
    """An output table: its file, its fields in order and the columns that identify a row."""

    name: str
    description: str
    fields: tuple[Field, ...]
    key: tuple[str, ...] = field(default_factory=tuple)

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]


_REPORT_ID = Field("report_id", "string", "stable slug of the report's file name, e.g. mersin-yeep-2024",
                   pattern=r"^[a-z0-9][a-z0-9-]*$")
_ACTIVITY_CODE = Field("activity_code", "string", "activity code without trailing dot: 1.1.4, 8.1",
                       pattern=r"^\d{1,2}(\.\d{1,2}){1,2}$")
_SEQ = Field("indicator_seq", "int16", "1-based position of the indicator within its activity, as printed",
             ge=1)
_PAGE = Field("source_page", "int16", "1-based PDF page where the row or cell starts; null for text input",
              nullable=True, ge=1)
_BOX = tuple(Field(n, "float64", f"{d} of the cell's box on its page, PDF points; null for text input",
                   nullable=True) for n, d in (("x0", "left"), ("top", "top"), ("x1", "right"),
                                               ("bottom", "bottom")))

INDICATORS = Table(
    "indicators", "one row per indicator row of the report",
    (
        _REPORT_ID,
        Field("report_year", "int16", "the year the report accounts for (2024 for '2024 YILI GERÇEKLEŞME "
              "RAPORU')", ge=2000, le=2100),
        Field("section_no", "int16", "section number, 1..8", ge=1, le=99),
        Field("section_title", "string", "section title as printed, e.g. EĞİTİM VE FARKINDALIK"),
        Field("goal_code", "string", "goal code, e.g. 1.1; null where the section has no goals", nullable=True,
              pattern=r"^\d{1,2}\.\d{1,2}$"),
        Field("goal_title", "string", "goal text after 'Hedef:'", nullable=True),
        _ACTIVITY_CODE,
        Field("activity_title", "string", "full activity text, wrapped lines joined, broken words repaired"),
        Field("responsible_units", "list<string>", "canonical names of the responsible units, printed order"),
        Field("supporting_units", "list<string>", "canonical names of the supporting institutions"),
        Field("responsible_units_printed", "list<string>", "responsible units as printed, wrapped lines joined"),
        Field("supporting_units_printed", "list<string>", "supporting institutions as printed"),
        _SEQ,
        Field("indicator_name", "string", "the indicator text as printed, lines joined"),
        Field("indicator_key", "string", "stable id of the indicator across years' reports"),
        Field("unit", "string", "count or percent, from the indicator's values (or a % in its name)",
              isin=UNITS),
        _PAGE,
    ),
    key=("report_id", "activity_code", "indicator_seq"),
)

OBSERVATIONS = Table(
    "observations", "one row per value cell (long format); empty cells included",
    (
        _REPORT_ID, _ACTIVITY_CODE, _SEQ,
        Field("measure", "string", "baseline (Mevcut), target, or actual (Gerçekleşme)", isin=MEASURES),
        Field("year", "int16", "target or actual year; null for baseline", nullable=True, ge=2000, le=2100),
        Field("value", "float64", "the number; percentages in percentage points; null when no number",
              nullable=True),
        Field("raw", "string", "the cell text exactly as printed ('%8,2', '-', '', words)"),
        Field("status", "string", "ok, empty (blank or '-'), text (words), suspect (reason in note)",
              isin=tuple(s.value for s in Status)),
        Field("note", "string", "why a value is suspect or how it was repaired", nullable=True),
        _PAGE, *_BOX,
    ),
    key=("report_id", "activity_code", "indicator_seq", "measure", "year"),
)

QUARANTINE = Table(
    "quarantine", "text from the report that could not be placed, with where it was and why",
    (
        _REPORT_ID,
        Field("source_page", "int16", "1-based PDF page (null for text input)", nullable=True, ge=1),
        Field("line_no", "int32", "line number in a text input (null for PDF)", nullable=True, ge=1),
        Field("text", "string", "the text as printed"),
        *_BOX,
        Field("reason", "string", "why it could not be placed"),
    ),
)

TABLES: dict[str, Table] = {t.name: t for t in (INDICATORS, OBSERVATIONS, QUARANTINE)}


def markdown(table: Table) -> str:
    """The column table of one output table for the docs."""
    lines = [f"### {table.name}.parquet: {table.description}", "", "| column | type | meaning |",
             "|---|---|---|"]
    for f in table.fields:
        kind = f.type + (", null" if f.nullable else "")
        extra = f" (one of {', '.join(f.isin)})" if f.isin else ""
        lines.append(f"| {f.name} | {kind} | {f.description}{extra} |")
    if table.key:
        lines += ["", f"Unique key: ({', '.join(table.key)})."]
    return "\n".join(lines)


def as_dict(table: Table) -> dict[str, Any]:
    """A JSON-able description of a table (for manifests and exported schemas)."""
    return {"name": table.name, "description": table.description, "key": list(table.key),
            "fields": [f.__dict__ for f in table.fields]}
