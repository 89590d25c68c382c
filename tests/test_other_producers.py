"""The shipped report re-written by other PDF producers reads the same: poppler's cairo backend
(``pdftocairo -pdf``: its own fonts and text positioning, some spaces dropped and placed by
position) and Ghostscript's ``pdfwrite`` (fonts re-embedded, content streams rewritten)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from yeep_extract.evaluate import evaluate
from yeep_extract.pipeline import convert

ROOT = Path(__file__).resolve().parents[1]
PDF = ROOT / "raw" / "mersin-yeep-2024.pdf"
GOLD = ROOT / "tests" / "golden" / "mersin-yeep-2024.jsonl"

PRODUCERS = {
    "pdftocairo": lambda out: ["pdftocairo", "-pdf", str(PDF), str(out)],
    "gs": lambda out: ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite", f"-sOutputFile={out}", str(PDF)],
}


def rewritten(producer: str, folder: Path) -> Path:
    """The shipped report re-written by ``producer`` into ``folder`` (a skip, which CI counts as a
    failure, when the producer is not installed: ``.ci/run`` installs both)."""
    if shutil.which(producer) is None:
        pytest.skip(f"{producer} not installed (.ci/run installs poppler-utils and ghostscript)")
    out = folder / f"mersin-yeep-2024-{producer}.pdf"
    subprocess.run(PRODUCERS[producer](out), check=True, capture_output=True)
    return out


@pytest.mark.parametrize("producer", list(PRODUCERS))
def test_rewritten_pdf_reads_like_the_original(producer: str, tmp_path: Path) -> None:
    pdf = rewritten(producer, tmp_path)
    convert(pdf, tmp_path / "out")
    res = evaluate(tmp_path / "out", GOLD)
    assert res.rows_found == res.rows_expected == 146 and res.rows_extra == 0
    assert res.cells_right == res.cells == 730 and res.silent_errors == 0, res.wrong
    assert res.text_exact["indicator_name"] == 146
