"""Tables for people who open them directly: one Excel workbook per report, and CSV files.

The workbook (``<report_id>.xlsx``) holds the indicators and the observations, each row with its
indicator's achievement status (``achievement.achievement``), the quarantine, and a legend sheet
that gives, for every column, its label, the contract's column name, type and meaning. Labels are
Turkish (``lang="tr"``) or English (``"en"``), kept beside each field in ``fields``. The header row
is frozen and filtered; values carry number formats: a percent value is stored as Excel's fraction
(8.2 percentage points → 0.082) shown as ``8.2%``, so a formula over it works as Excel expects, and
each number shows as many decimals as it has (a cut-off decimal would be a wrong number that looks
right). The cell boxes (PDF points) are kept but hidden.

The CSV files are as Turkish Excel opens them: UTF-8 with a BOM, ``;`` between fields, a decimal
comma; percentages stay in percentage points, as in the Parquet files. Lists of unit names are
joined with ``"; "`` in both.

The workbook is byte-identical for the same tables: no creation time and fixed zip entry times.
"""

from __future__ import annotations

import csv
import datetime
import io
import math
import zipfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from .fields import ACHIEVEMENT_STATUS, INDICATORS, OBSERVATIONS, QUARANTINE, Field, Table

#: The workbook's sheets in order: the table, its sheet name in each language.
SHEETS: tuple[tuple[Table, dict[str, str]], ...] = (
    (INDICATORS, {"tr": "Göstergeler", "en": "Indicators"}),
    (OBSERVATIONS, {"tr": "Değerler", "en": "Observations"}),
    (QUARANTINE, {"tr": "Yerleştirilemeyen metin", "en": "Quarantine"}),
)
SHEET_NAMES = {table.name: names for table, names in SHEETS}
LEGEND_SHEET = {"tr": "Sütunlar", "en": "Columns"}
LEGEND_HEADER = {"tr": ("Sayfa", "Sütun", "Sözleşmedeki adı", "Tür", "Anlamı"),
                 "en": ("Sheet", "Column", "Contract name", "Type", "Meaning")}
#: Columns kept in the workbook but hidden: positions on the PDF page, for tools rather than readers.
HIDDEN = frozenset({"x0", "top", "x1", "bottom", "remark_x0", "remark_top", "remark_x1", "remark_bottom"})
LIST_SEPARATOR = "; "
#: Most decimals a number is shown with; values are printed with one or two.
MAX_DECIMALS = 6
MAX_WIDTH = 60
FIXED_TIME = (1980, 1, 1, 0, 0, 0)


EXCEL_MISSING = "the workbook needs openpyxl: pip install 'yeep-extract[excel]'"


def excel_available() -> bool:
    """Whether openpyxl, which writes the workbook, is installed (the ``excel`` extra)."""
    import importlib.util

    return importlib.util.find_spec("openpyxl") is not None


def workbook_tables(frames: dict[str, pd.DataFrame]) -> list[tuple[Table, tuple[Field, ...], pd.DataFrame]]:
    """Each sheet's table, its columns (the contract's, then the achievement status where it applies)
    and its rows."""
    from .achievement import achievement

    key = list(INDICATORS.key)
    status = achievement(frames["indicators"], frames["observations"])[[*key, "status"]]
    status = status.assign(achievement=status["status"].astype("string")).drop(columns="status")
    out = []
    for table, _ in SHEETS:
        frame = frames[table.name]
        fields = table.fields
        if table.name in (INDICATORS.name, OBSERVATIONS.name):
            frame = frame.merge(status, on=key, how="left", validate="many_to_one")
            fields = (*fields, ACHIEVEMENT_STATUS)
        out.append((table, fields, frame))
    return out


def write_workbook(frames: dict[str, pd.DataFrame], path: Path, lang: str = "tr") -> Path:
    """The report's workbook at ``path``: a sheet per table and the legend (labels in ``lang``)."""
    if not excel_available():
        raise ImportError(EXCEL_MISSING)
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    legend: list[tuple[str, Field]] = []
    for table, fields, frame in workbook_tables(frames):
        sheet = book.create_sheet(SHEET_NAMES[table.name][lang])
        sheet.append([f.label(lang) for f in fields])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in zip(*(_column(frame, f) for f in fields), strict=True):
            sheet.append([value for value, _ in row])
            for cell, (value, number_format) in zip(sheet[sheet.max_row], row, strict=True):
                if number_format:
                    cell.number_format = number_format
                elif isinstance(value, str):
                    cell.data_type = "s"  # text as printed, never a formula ("=..." included)
        for j, f in enumerate(fields, start=1):
            dimension = sheet.column_dimensions[get_column_letter(j)]
            dimension.width = _width(f.label(lang), frame[f.name])
            dimension.hidden = f.name in HIDDEN
        sheet.freeze_panes = "A2"
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(fields))}{sheet.max_row}"
        legend += [(sheet.title, f) for f in fields]
    sheet = book.create_sheet(LEGEND_SHEET[lang])
    sheet.append(list(LEGEND_HEADER[lang]))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for sheet_name, f in legend:
        sheet.append([sheet_name, f.label(lang), f.name, f.kind, f.meaning])
    for j, width in enumerate((24, 34, 26, 16, MAX_WIDTH * 2), start=1):
        sheet.column_dimensions[get_column_letter(j)].width = width
    sheet.freeze_panes = "A2"
    _save(book, path)
    return path


def write_csv(frames: dict[str, pd.DataFrame], folder: Path, lang: str = "tr") -> list[Path]:
    """One ``<table>.csv`` per workbook table in ``folder``: UTF-8 with BOM, ``;``, decimal comma,
    a header row of labels in ``lang``."""
    written = []
    for table, fields, frame in workbook_tables(frames):
        path = folder / f"{table.name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as fh:
            writer = csv.writer(fh, delimiter=";", lineterminator="\r\n")
            writer.writerow([f.label(lang) for f in fields])
            writer.writerows(zip(*(map(_csv_value, _plain(frame, f)) for f in fields), strict=True))
        written.append(path)
    return written


def _plain(frame: pd.DataFrame, f: Field) -> list[Any]:
    """A column's values as Python objects: ``None`` for missing, lists joined, integers as ``int``."""
    values = []
    for value in frame[f.name].tolist():
        if isinstance(value, list | tuple):
            values.append(LIST_SEPARATOR.join(map(str, value)))
        elif value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
            values.append(None)
        else:
            values.append(value)
    return values


def _column(frame: pd.DataFrame, f: Field) -> list[tuple[Any, str | None]]:
    """A column's cells for the workbook: (value, number format or None)."""
    values = _plain(frame, f)
    if f.name == "value":  # percent values as Excel's fractions shown with a %, counts as they are
        units = frame["unit"].tolist()
        return [(None, None) if v is None else
                (v / 100, _number_format(v) + "%") if unit == "percent" else (v, _number_format(v))
                for v, unit in zip(values, units, strict=True)]
    if f.type == "float64":
        return [(v, None if v is None else _number_format(v)) for v in values]
    if f.type in ("int16", "int32"):
        return [(None if v is None else int(v), None if v is None else "0") for v in values]
    return [(v, None) for v in values]


def _number_format(value: float) -> str:
    """A format with thousands grouping and exactly the decimals ``value`` has (up to MAX_DECIMALS)."""
    text = f"{abs(value):.{MAX_DECIMALS}f}".rstrip("0")
    decimals = len(text.split(".")[1])
    return "#,##0" + ("." + "0" * decimals if decimals else "")


def _csv_value(value: Any) -> Any:
    """A value as Turkish Excel reads it: a decimal comma, no exponent, whole numbers without ``,0``."""
    if isinstance(value, float):
        text = f"{value:.{MAX_DECIMALS}f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return value


def _width(label: str, values: Iterable[Any]) -> float:
    """A column width fitting its label and most of its values (first lines), at most MAX_WIDTH."""
    lengths = [len(str(v).split("\n")[0]) for v in list(values)[:500] if v is not None and v is not pd.NA]
    return float(min(MAX_WIDTH, max([len(label), *lengths]) + 2))


def _save(book: Any, path: Path) -> None:
    """Save without the clock: the workbook's created and modified times and every zip entry's date
    are ``FIXED_TIME`` (the earliest a zip entry can carry), not the time of the run."""
    from openpyxl.writer.excel import ExcelWriter

    book.properties.created = book.properties.modified = datetime.datetime(*FIXED_TIME)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).write_data()
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            target.writestr(zipfile.ZipInfo(name, date_time=FIXED_TIME), source.read(name),
                            compress_type=zipfile.ZIP_DEFLATED)
