"""The whole job for one report, as the command line runs it: ``api.read_report`` then ``Report.write``.

``convert(path, out_dir)`` returns a ``ReportResult`` with the counts the CLI prints; any problem
with the input itself is an ``InputError`` / ``StructureError`` / ``HeaderError`` whose message is
one line naming the file.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .api import read_report
from .extract import DEFAULT_BACKEND
from .extract.geometry import LayoutSettings


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
    #: column headers that fit no role (``structure.Structured.unmatched_headers``)
    unmatched_headers: list[dict[str, Any]] = field(default_factory=list)
    #: why every value of some scanned page is doubted (too coarse a scan, most words doubtful), if so
    doubt: str | None = None


def convert(path: Path, out_dir: Path, backend: str = DEFAULT_BACKEND, cross_check: bool = False,
            municipality: str | None = None, *, settings: LayoutSettings | Mapping[str, float] | None = None,
            excel: bool = False, csv: bool = False, lang: str = "tr") -> ReportResult:
    """Convert one report file into ``out_dir/<report_id>/`` (``read_report`` and ``Report.write``:
    the arguments are theirs)."""
    started = time.perf_counter()
    report = read_report(path, backend=backend, cross_check=cross_check, municipality=municipality,
                         settings=settings)
    target = report.write(out_dir, excel=excel, csv=csv, lang=lang)
    counts = report.manifest["counts"]
    return ReportResult(str(path), report.report_id, str(target), counts["rows"], counts["cells"],
                        counts["suspects"], counts["quarantined"], round(time.perf_counter() - started, 3),
                        report.validation_errors, report.manifest["extraction"].get("cross_check_disagreements"),
                        report.manifest.get("unmatched_headers", []),
                        (report.manifest["extraction"].get("ocr") or {}).get("doubt"))
