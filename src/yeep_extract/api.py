"""The Python API: ``read_report(path) -> Report``, the four output tables as pandas DataFrames.

For notebooks and scripts: one report file is read, structured, normalized and validated in memory,
and nothing is written until ``Report.write(out_dir)``. The command line (``pipeline.convert``) is
this plus the write, so what an analyst reads here is what ``yeep-extract run`` writes.

How the PDF is read can be tuned as pdfplumber's ``table_settings`` are: ``settings`` is a
``LayoutSettings`` (``extract/geometry.py``, every threshold with the reason for its default) or a
mapping of the thresholds to change, e.g. ``read_report(path, settings={"word_gap": 0.15})``.
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from . import __version__
from .extract import DEFAULT_BACKEND, extract
from .extract.geometry import SETTINGS, LayoutSettings
from .fields import TABLES, as_dict
from .naming import report_id_for
from .normalize.indicators import assign_keys
from .normalize.indicators import load_registry as load_indicator_registry
from .normalize.municipalities import choose as choose_municipality
from .normalize.units import canonical_units, load_registry
from .normalize.values import indicator_unit, parse_value
from .structure import build
from .validate import coerce, validate
from .vocab import NUMBER_TOKEN, OCR_PERCENT_GUESS, Status

if TYPE_CHECKING:
    from .extract.staged import Extraction


@dataclass(repr=False)
class Report:
    """One report read into the contract's tables (``CONTRACT.md``), with the contract's dtypes:
    integers as pandas' nullable integers (``year`` is ``Int16``, never float), strings as
    ``string``, lists of unit names as Python lists.

    ``manifest`` is what ``manifest.json`` holds: source file and hash, extraction facts, counts,
    versions and the validation result (``validation_errors``)."""

    report_id: str
    indicators: pd.DataFrame
    observations: pd.DataFrame
    quarantine: pd.DataFrame
    unit_matches: pd.DataFrame
    manifest: dict[str, Any]

    def __repr__(self) -> str:
        """One line, for a notebook: the tables themselves are a click away."""
        counts = self.manifest["counts"]
        return (f"Report({self.report_id!r}: {counts['rows']} indicators, {counts['cells']} observations, "
                f"{counts['suspects']} suspect, {counts['quarantined']} quarantined)")

    @property
    def tables(self) -> dict[str, pd.DataFrame]:
        """The output tables by name, as written to ``<name>.parquet``."""
        return {name: getattr(self, name) for name in TABLES}

    @property
    def validation_errors(self) -> list[str]:
        """Every check of the contract a table fails, one line each (empty: valid)."""
        return list(self.manifest["validation"]["errors"])

    def achievement(self) -> pd.DataFrame:
        """One row per indicator: the report year's target and actual and the achievement status
        (rule in ``achievement.py``)."""
        from .achievement import achievement

        return achievement(self.indicators, self.observations)

    def write(self, out_dir: Path | str, *, excel: bool = False, csv: bool = False, lang: str = "tr") -> Path:
        """Write the report's folder ``out_dir/<report_id>/`` (Parquet, ``manifest.json``,
        ``datapackage.json``; with ``excel`` a workbook ``<report_id>.xlsx``, with ``csv`` one
        ``<table>.csv`` per table, labelled in ``lang``) in one rename, and return it."""
        from .write import write_report

        return write_report(Path(out_dir), self.report_id, self.tables, self.manifest, excel=excel, csv=csv,
                            lang=lang)


def layout_settings(settings: LayoutSettings | Mapping[str, float] | None) -> LayoutSettings:
    """A ``LayoutSettings`` from an instance, a mapping of thresholds to change, or ``None`` (the
    defaults); an unknown threshold is a ``ValueError`` naming the known ones."""
    if settings is None:
        return SETTINGS
    if isinstance(settings, LayoutSettings):
        return settings
    known = {f.name for f in dataclasses.fields(LayoutSettings)}
    unknown = sorted(set(settings) - known)
    if unknown:
        raise ValueError(f"unknown layout settings {', '.join(unknown)} (known: {', '.join(sorted(known))})")
    return dataclasses.replace(SETTINGS, **settings)


def read_report(path: Path | str, *, backend: str = DEFAULT_BACKEND, cross_check: bool = False,
                municipality: str | None = None, settings: LayoutSettings | Mapping[str, float] | None = None
                ) -> Report:
    """Read one report file (``.pdf`` or ``.txt``) into a ``Report``; nothing is written.

    ``backend``: the PDF reader (``extract.PDF_BACKENDS``; a ``.txt`` always takes the text reader).
    ``cross_check``: a PDF is also read with the other PDF backend and every value cell the two read
    differently is ``suspect`` with both readings in its note. ``municipality``: the key of its
    profile (``schemas/municipalities.csv``); None chooses it from the report's title, then its file
    name (``normalize.municipalities.choose``). ``settings``: the layout thresholds
    (``LayoutSettings``, or a mapping of those to change). A file that cannot be read at all raises
    ``InputError``, ``StructureError`` or ``HeaderError``, each with a one-line message naming it.
    """
    path = Path(path)
    layout = layout_settings(settings)
    report_id = report_id_for(path)
    extraction = extract(path, backend, layout)
    year_in_name = re.search(r"(?<!\d)(20\d\d)(?!\d)", path.stem)
    structured = build(extraction.cells, int(year_in_name.group(1)) if year_in_name else None)
    rows, values = structured.rows, structured.values
    disagreements = None
    if cross_check and path.suffix.lower() == ".pdf":
        from .crosscheck import cross_check_values

        values, disagreements = cross_check_values(path, backend, values, structured.report_year, layout)
        extraction.meta = {**extraction.meta, "cross_check_disagreements": disagreements}
    obs, units = _observations(values, rows)
    if disagreements:  # also empty and text cells: a number one backend missed is a doubt too
        from .crosscheck import disputed

        obs.loc[disputed(values), "status"] = Status.SUSPECT.value
    whose = choose_municipality(municipality, structured.front_text, path.name)
    responsible, supporting, unit_matches = canonical_units(rows, load_registry(municipality=whose.profile))
    rows = rows.assign(
        report_id=report_id, report_year=structured.report_year,
        responsible_units=responsible, supporting_units=supporting,
        indicator_key=[k.key for k in assign_keys(rows, load_indicator_registry())],
        unit=[units[(a, s)] for a, s in zip(rows["activity_code"], rows["indicator_seq"], strict=True)],
    )
    obs = obs.assign(report_id=report_id)
    quarantine = pd.concat([extraction.quarantine, pd.DataFrame.from_records(structured.quarantine)],
                           ignore_index=True).rename(columns={"page": "source_page"})
    quarantine = quarantine.assign(report_id=report_id)
    frames = {"indicators": coerce("indicators", rows), "observations": coerce("observations", obs),
              "quarantine": coerce("quarantine", quarantine),
              "unit_matches": coerce("unit_matches", unit_matches.assign(report_id=report_id))}
    errors = [e for name, frame in frames.items() for e in validate(name, frame)]
    manifest = _manifest(path, report_id, structured.report_year, extraction, frames, errors, layout)
    manifest["municipality"] = whose.as_dict()
    manifest["unmatched_headers"] = structured.unmatched_headers  # headers of no role (``structure``)
    return Report(report_id, manifest=manifest, **frames)


#: Why every number of an indicator is doubted when its percent signs disagree and OCR guessed some.
_OCR_PERCENTS_DISAGREE = "OCR's percent signs disagree within the indicator: which numbers are percents is not certain"


def _observations(values: pd.DataFrame, rows: pd.DataFrame) -> tuple[pd.DataFrame, dict[tuple[str, int], str]]:
    """Parsed values with status, note and their indicator's unit, and each indicator's unit (count
    or percent).

    Plain lists, one pass per value, rather than pandas operations per indicator: a long report has
    thousands of indicators and per-group DataFrame work would cost more than reading its pages."""
    parsed = [parse_value(str(raw)) for raw in values["raw"]]
    statuses, notes = [], []
    for p, raw, flag, place in zip(parsed, values["raw"], values["flag"], values["place_note"], strict=True):
        parts = [x for x in (flag, p.note, place) if isinstance(x, str) and x]
        notes.append("; ".join(parts) or None)
        # a flagged cell with nothing printed: a reader doubts it is empty (a row short of values)
        flagged = pd.notna(flag) and (p.status == Status.OK or raw == "")
        statuses.append(Status.SUSPECT.value if flagged else p.status.value)
    numeric: dict[tuple[str, int], list[int]] = {}  # per indicator, in order of first value: its numbers
    keys = list(zip(values["activity_code"], values["indicator_seq"], strict=True))
    for i, (key, p) in enumerate(zip(keys, parsed, strict=True)):
        members = numeric.setdefault(key, [])
        if pd.notna(p.value):
            members.append(i)
    names = {(r.activity_code, r.indicator_seq): r.indicator_name for r in rows.itertuples()}
    _doubt_moved_values(keys, [str(raw) for raw in values["raw"]], names, statuses, notes)
    units: dict[tuple[str, int], str] = {}
    flags = [flag if isinstance(flag, str) else "" for flag in values["flag"]]
    for key, members in numeric.items():
        unit = units[key] = indicator_unit(names[key], [parsed[i].percent for i in members])
        why = "a percent value in a count indicator" if unit == "count" else "no % in a percent indicator"
        doubted = [i for i in members if parsed[i].percent != (unit == "percent")]
        if doubted and any(OCR_PERCENT_GUESS in flags[i] for i in members):
            why = _OCR_PERCENTS_DISAGREE
            doubted = [i for i in members if OCR_PERCENT_GUESS not in flags[i]]  # the guessed ones say why
        for i in doubted:
            statuses[i] = Status.SUSPECT.value
            notes[i] = "; ".join(x for x in (notes[i], why) if isinstance(x, str))
    obs = values.copy()
    obs["value"] = [p.value for p in parsed]
    obs["unit"] = [units[key] for key in keys]
    obs["status"] = statuses
    obs["note"] = notes
    return obs, units


#: Why the values of an indicator are doubted when one of its cells holds several values.
_VALUES_MOVED = ("another value cell of this indicator holds several values: the values of neighbouring columns "
                 "ran together, so this value may stand in its neighbour's column")
#: Why the values of an indicator are doubted when its name holds a number and a value cell is empty.
_NUMBER_IN_NAME = ("the indicator's name holds a number and one of its value cells is empty: the number may "
                   "be that cell's value, read into the name, and the others a column off")
#: Printed empty values ("-"), as a value cell's token.
_DASHES = frozenset("-–—")


def _is_value_token(token: str) -> bool:
    return bool(NUMBER_TOKEN.match(token)) or token in _DASHES


def _doubt_moved_values(keys: list[tuple[str, int]], raws: list[str], names: dict[tuple[str, int], str],
                        statuses: list[str], notes: list[str | None]) -> None:
    """Every read or empty value of an indicator whose values may have moved between columns is doubted.

    Two or more numbers or dashes in one value cell ("42 14", "- 36", "Aracı 26.190 22.702") mean
    the reader put the values of neighbouring columns together (columns one space apart in a text
    dump, a header column that swallowed its neighbour): the row's other values were then placed
    against too few columns and may each stand a column off, looking right. Even the same number
    twice ("6 6") may be two columns' values. Likewise a name holding a number beside an empty value
    cell ("Mola Evi'nde verilen hizmet 4.784", "Hizmetten yararlanan 4220 yaşlı sayısı" and no
    baseline): the first value, one space after the name's line, was read into it. The crowded cell
    is doubted by its own reading; the others here."""
    why: dict[tuple[str, int], str] = {}
    for key, raw in zip(keys, raws, strict=True):
        name = names[key].split()
        if len([t for t in raw.split() if _is_value_token(t)]) > 1:
            why[key] = _VALUES_MOVED
        elif raw.strip() in ("", *_DASHES) and any(NUMBER_TOKEN.match(word) for word in name):
            why.setdefault(key, _NUMBER_IN_NAME)
    for i, key in enumerate(keys):
        if key in why and statuses[i] in (Status.OK.value, Status.EMPTY.value):
            statuses[i] = Status.SUSPECT.value
            notes[i] = "; ".join(x for x in (notes[i], why[key]) if isinstance(x, str))


def _manifest(path: Path, report_id: str, report_year: int, extraction: Extraction, frames: dict[str, pd.DataFrame],
              errors: list[str], layout: LayoutSettings) -> dict[str, Any]:
    """What ``manifest.json`` records: the source, how it was read, the counts and the validation."""
    observations = frames["observations"]
    manifest: dict[str, Any] = {
        "report_id": report_id, "source": {"file": path.name, "size": path.stat().st_size,
                                           "sha256": _sha256(path)},
        "report_year": report_year, "extraction": extraction.meta,
        "versions": _versions(extraction.meta), "yeep_extract": __version__,
        "counts": {"rows": len(frames["indicators"]), "cells": len(observations),
                   "suspects": int((observations["status"] == Status.SUSPECT.value).sum()),
                   "quarantined": len(frames["quarantine"])},
        "validation": {"valid": not errors, "errors": errors},
        "tables": {name: as_dict(t) for name, t in TABLES.items()},
    }
    if layout != SETTINGS:  # the thresholds changed from their defaults: the output depends on them
        manifest["extraction"] = {**manifest["extraction"], "layout_settings": {
            f.name: getattr(layout, f.name) for f in dataclasses.fields(layout)
            if getattr(layout, f.name) != getattr(SETTINGS, f.name)}}
    return manifest


def _sha256(path: Path) -> str:
    """The file's SHA-256, read in chunks: a scanned-image PDF can be far larger than its tables."""
    with path.open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


def _versions(meta: dict[str, Any]) -> dict[str, str]:
    import pandera
    import pyarrow
    import rapidfuzz

    versions = {"pandas": pd.__version__, "pyarrow": pyarrow.__version__, "pandera": pandera.__version__,
                "rapidfuzz": rapidfuzz.__version__}
    if meta.get("backend_version"):
        versions[str(meta["backend"])] = str(meta["backend_version"])
    return versions
