"""Scores of degraded scans: a layout fixture scanned by ``tests/fixtures/scans/make_scans.py`` with
one knob turned at a time (uneven lighting, resolution, JPEG quality, skew, speckle, gray paper, faint
print), each converted by ``yeep-extract run`` and scored by ``yeep-extract eval`` (rows, cells right,
silent errors) and by the shared scorer when it is there. Prints a Markdown table. Needs the OCR
engine; run from the project folder in the venv with the ``test`` extra:

    python benchmarks/ocr_degrade_sweep.py [--source layouts/header-centred] [--only shade-side,dpi-150]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests" / "fixtures" / "scans"))

from make_scans import Scan, page_sizes, scanned_pages, write_image_pdf  # noqa: E402

from yeep_extract.evaluate import evaluate  # noqa: E402

#: The shared, independent scorer (read-only reference; used only when present).
SHARED_SCORER = Path("/work/shared/tools/score.py")
#: The office scan every variant starts from: 200 dpi, a slight skew, sensor noise, JPEG 70.
BASE = Scan("base", "", 200, skew=-0.5, blur=0.6, noise=5.0, jpeg_quality=70)
#: Each variant: the knobs it turns away from ``BASE``.
VARIANTS: dict[str, dict] = {
    "base": {},
    "shade-corner-120": {"shade": 120},
    "shade-side-120": {"shade": 120, "shade_from": "side"},
    "shade-side-170": {"shade": 170, "shade_from": "side"},
    "dpi-150": {"dpi": 150},
    "jpeg-40": {"jpeg_quality": 40},
    "jpeg-30": {"jpeg_quality": 30},
    "skew-1.5": {"skew": 1.5},
    "skew-2.0": {"skew": -2.0},
    "speckle-0.3%": {"speckle": 0.003},
    "paper-200": {"paper": 200},
    "faint-ink-120": {"ink": 120},
}


def score(source: str, name: str, knobs: dict, work: Path) -> str:
    """One variant's row of the table: rows found/gold (extra), cells right/all, silent errors, doubted
    values, the shared scorer's cells and silent errors, and the seconds ``run`` took."""
    scan = dataclasses.replace(BASE, name=f"{Path(source).name}-{name}", source=source, **knobs)
    pdf_source = ROOT / "tests" / "fixtures" / f"{source}.pdf"
    gold = pdf_source.with_suffix(".jsonl")
    pdf = work / f"{scan.name}.pdf"
    write_image_pdf(pdf, scanned_pages(pdf_source, scan), page_sizes(pdf_source, scan), work)
    out = work / f"{scan.name}-out"
    run = subprocess.run([sys.executable, "-m", "yeep_extract.cli", "run", str(pdf), "--out", str(out), "-j", "1",
                          "--log-json", str(work / f"{scan.name}.log")], capture_output=True, text=True, check=False)
    log = json.loads((work / f"{scan.name}.log").read_text(encoding="utf-8").splitlines()[0])
    if log["status"] not in ("ok", "invalid"):
        return f"| {name} | failed: {(log.get('error') or run.stderr)[:80]} | | | | | |"
    res = evaluate(out, gold)
    shared = ""
    if SHARED_SCORER.exists():
        done = subprocess.run([sys.executable, str(SHARED_SCORER), str(gold), str(out), "--json"],
                              capture_output=True, text=True, check=False)
        figures = json.loads(done.stdout[:done.stdout.rindex("}") + 1]) if "}" in done.stdout else {}
        shared = f"{figures.get('cell_accuracy', 0):.3f}, {figures.get('silent_errors', '?')} silent"
    return (f"| {name} | {res.rows_found}/{res.rows_expected} (+{res.rows_extra}) | {res.cells_right}/{res.cells} "
            f"| {res.silent_errors} | {log['suspects']} | {shared} | {log['seconds']:.0f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", default="layouts/header-centred", help="a fixture under tests/fixtures, no suffix")
    parser.add_argument("--only", help="comma-separated names of VARIANTS")
    args = parser.parse_args()
    names = args.only.split(",") if args.only else list(VARIANTS)
    print(f"source: {args.source}; base: {BASE}\n")
    print("| variant | rows (extra) | cells right | silent | suspect values | shared scorer | s |")
    print("|---|---|---|---|---|---|---|")
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            print(score(args.source, name, VARIANTS[name], Path(tmp)), flush=True)


if __name__ == "__main__":
    main()
