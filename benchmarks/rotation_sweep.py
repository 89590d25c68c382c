"""Scores of turned PDFs: every layout fixture (and the shipped report) turned by qpdf in each way
``tests/test_rotation.TURNS`` names, converted and scored against its gold rows beside the
unturned file's score. Prints a Markdown table; a row whose score differs from the unturned one is
marked. Needs ``qpdf``; run from the project folder in the venv with the ``test`` extra:

    python benchmarks/rotation_sweep.py [--backend pdfium] [--turns rotate-90,flat-270] [--shipped]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from test_rotation import TURNS, turned  # noqa: E402

from yeep_extract.evaluate import evaluate  # noqa: E402
from yeep_extract.extract.staged import InputError  # noqa: E402
from yeep_extract.pipeline import convert  # noqa: E402


def _score(pdf: Path, gold: Path, out: Path, backend: str) -> tuple[int, int, int, int, int]:
    """(rows found, gold rows, extra rows, value cells right, silent errors); zeros for a report
    that fails (``InputError``: no table found, no text)."""
    try:
        result = convert(pdf, out, backend=backend)
    except InputError:
        return (0, 0, 0, 0, 0)
    res = evaluate(Path(result.out), gold)
    return (res.rows_found, res.rows_expected, res.rows_extra, res.cells_right, res.silent_errors)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", default="pdfium", choices=["pdfium", "pdfplumber", "camelot"])
    parser.add_argument("--turns", default=",".join(TURNS), help="comma-separated names of TURNS")
    parser.add_argument("--shipped", action="store_true", help="also the shipped report (tests/golden)")
    args = parser.parse_args()
    cases = [(pdf, pdf.with_suffix(".jsonl")) for pdf in sorted((ROOT / "tests" / "fixtures").glob("layouts*/*.pdf"))]
    if args.shipped:
        cases.append((ROOT / "raw" / "mersin-yeep-2024.pdf", ROOT / "tests" / "golden" / "mersin-yeep-2024.jsonl"))
    hows = args.turns.split(",")
    print(f"backend: {args.backend}; cells: value cells right / rows found (gold, extra) / silent errors\n")
    print("| input | unturned | " + " | ".join(hows) + " |")
    print("|---|---|" + "---|" * len(hows))
    with tempfile.TemporaryDirectory() as tmp:
        for pdf, gold in cases:
            work = Path(tmp) / pdf.stem
            base = _score(pdf, gold, work / "unturned", args.backend)
            cells = []
            for how in hows:
                source = turned(pdf, work / how / pdf.name, how)
                score = _score(source, gold, work / f"{how}-out", args.backend)
                cells.append(_cell(score) + ("" if score == base else " **≠**"))
            print(f"| {pdf.parent.name}/{pdf.stem} | {_cell(base)} | " + " | ".join(cells) + " |", flush=True)


def _cell(score: tuple[int, int, int, int, int]) -> str:
    found, gold, extra, right, silent = score
    return f"{right} / {found} ({gold}, +{extra}) / {silent}"


if __name__ == "__main__":
    main()
