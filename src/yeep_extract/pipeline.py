"""The whole job for one report: extract → structure → normalize → validate → write.

``convert(path, out_dir)`` returns a ``ReportResult`` with the counts the CLI prints; any problem
with the input itself is an ``InputError`` / ``StructureError`` / ``HeaderError`` whose message is
one line naming the file.
"""

from __future__ import annotations

import hashlib
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from . import __version__
from .extract import extract
from .fields import TABLES, as_dict
from .naming import report_id_for
from .normalize.indicators import assign_keys
from .normalize.indicators import load_registry as load_indicator_registry
from .normalize.municipalities import choose as choose_municipality
from .normalize.units import canonical_units, load_registry
from .normalize.values import indicator_unit, parse_value
from .structure import build
from .validate import coerce, validate
from .vocab import Status
from .write import write_report


@dataclass
class ReportResult:
    """Counts of one converted report, for the summary and the JSON log."""

    file: str
    report_id: str
    out: str
    rows: int
    cells: int
    suspects: int
    quarantined: int
    seconds: float
    validation_errors: list[str] = field(default_factory=list)
    disagreements: int | None = None  # cells the two PDF backends read differently (cross-check only)


def _observations(values: pd.DataFrame, rows: pd.DataFrame) -> tuple[pd.DataFrame, dict[tuple[str, int], str]]:
    """Parsed values with status and note, and each indicator's unit (count or percent).

    Plain lists, one pass per value, rather than pandas operations per indicator: a long report has
    thousands of indicators and per-group DataFrame work would cost more than reading its pages."""
    parsed = [parse_value(str(raw)) for raw in values["raw"]]
    statuses, notes = [], []
    for p, flag, place in zip(parsed, values["flag"], values["place_note"], strict=True):
        parts = [x for x in (flag, p.note, place) if isinstance(x, str) and x]
        notes.append("; ".join(parts) or None)
        flagged = pd.notna(flag) and p.status == Status.OK
        statuses.append(Status.SUSPECT.value if flagged else p.status.value)
    numeric: dict[tuple[str, int], list[int]] = {}  # per indicator, in order of first value: its numbers
    keys = zip(values["activity_code"], values["indicator_seq"], strict=True)
    for i, (key, p) in enumerate(zip(keys, parsed, strict=True)):
        members = numeric.setdefault(key, [])
        if pd.notna(p.value):
            members.append(i)
    units: dict[tuple[str, int], str] = {}
    names = {(r.activity_code, r.indicator_seq): r.indicator_name for r in rows.itertuples()}
    for key, members in numeric.items():
        unit = units[key] = indicator_unit(names[key], [parsed[i].percent for i in members])
        why = "a percent value in a count indicator" if unit == "count" else "no % in a percent indicator"
        for i in members:
            if parsed[i].percent != (unit == "percent"):
                statuses[i] = Status.SUSPECT.value
                notes[i] = "; ".join(x for x in (notes[i], why) if isinstance(x, str))
    obs = values.copy()
    obs["value"] = [p.value for p in parsed]
    obs["status"] = statuses
    obs["note"] = notes
    obs["percent"] = [p.percent for p in parsed]
    return obs, units


def convert(path: Path, out_dir: Path, backend: str = "pdfium", cross_check: bool = False,
            municipality: str | None = None) -> ReportResult:
    """Convert one report file into ``out_dir/<report_id>/``.

    ``municipality``: the key of its profile (``schemas/municipalities.csv``); None chooses it from the
    report's title, then its file name (``normalize.municipalities.choose``).

    ``cross_check``: a PDF is also read with the other backend and every value cell the two read
    differently is marked suspect with both readings in its note (``crosscheck``).
    """
    started = time.perf_counter()
    report_id = report_id_for(path)
    extraction = extract(path, backend)
    year_in_name = re.search(r"(?<!\d)(20\d\d)(?!\d)", path.stem)
    structured = build(extraction.cells, int(year_in_name.group(1)) if year_in_name else None)
    rows, values = structured.rows, structured.values
    disagreements = None
    if cross_check and path.suffix.lower() == ".pdf":
        from .crosscheck import cross_check_values

        values, disagreements = cross_check_values(path, backend, values, structured.report_year)
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
    suspects = int((frames["observations"]["status"] == Status.SUSPECT.value).sum())
    manifest: dict[str, Any] = {
        "report_id": report_id, "source": {"file": path.name, "size": path.stat().st_size,
                                           "sha256": _sha256(path)},
        "report_year": structured.report_year, "municipality": whose.as_dict(), "extraction": extraction.meta,
        "versions": _versions(extraction.meta), "yeep_extract": __version__,
        "counts": {"rows": len(frames["indicators"]), "cells": len(frames["observations"]),
                   "suspects": suspects, "quarantined": len(frames["quarantine"])},
        "validation": {"valid": not errors, "errors": errors},
        "tables": {name: as_dict(t) for name, t in TABLES.items()},
    }
    target = write_report(out_dir, report_id, frames, manifest)
    return ReportResult(str(path), report_id, str(target), len(frames["indicators"]),
                        len(frames["observations"]), suspects, len(frames["quarantine"]),
                        round(time.perf_counter() - started, 3), errors, disagreements)


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
