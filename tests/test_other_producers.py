"""The shipped report re-written by other PDF producers reads the same: poppler's cairo backend
(``pdftocairo -pdf``: its own fonts and text positioning, some spaces dropped and placed by
position), Ghostscript's ``pdfwrite`` (fonts re-embedded, content streams rewritten; also with the
``/screen`` settings, and as PDF/A-2b) and qpdf (linearized for the web; objects packed in
object streams)."""

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

GS = ["gs", "-q", "-dNOPAUSE", "-dBATCH", "-sDEVICE=pdfwrite"]
#: Variant name → (the program it needs, its command line from the output path).
PRODUCERS = {
    "pdftocairo": ("pdftocairo", lambda out: ["pdftocairo", "-pdf", str(PDF), str(out)]),
    "gs": ("gs", lambda out: [*GS, f"-sOutputFile={out}", str(PDF)]),
    "gs-screen": ("gs", lambda out: [*GS, "-dPDFSETTINGS=/screen", f"-sOutputFile={out}", str(PDF)]),
    "gs-pdfa2b": ("gs", lambda out: [*GS, "-dPDFA=2", "-dPDFACompatibilityPolicy=1", "-sColorConversionStrategy=RGB",
                                     f"-sOutputFile={out}", str(PDF)]),
    "qpdf-linearize": ("qpdf", lambda out: ["qpdf", "--linearize", str(PDF), str(out)]),
    "qpdf-object-streams": ("qpdf", lambda out: ["qpdf", "--object-streams=generate", str(PDF), str(out)]),
}


def rewritten(producer: str, folder: Path) -> Path:
    """The shipped report re-written by ``producer`` into ``folder`` (a skip, which CI counts as a
    failure, when the producer is not installed: ``.ci/run`` installs both)."""
    program, command = PRODUCERS[producer]
    if shutil.which(program) is None:
        pytest.skip(f"{program} not installed (.ci/run installs poppler-utils, ghostscript and qpdf)")
    out = folder / f"mersin-yeep-2024-{producer}.pdf"
    subprocess.run(command(out), check=True, capture_output=True)
    return out


@pytest.mark.parametrize("producer", list(PRODUCERS))
def test_rewritten_pdf_reads_like_the_original(producer: str, tmp_path: Path) -> None:
    pdf = rewritten(producer, tmp_path)
    convert(pdf, tmp_path / "out")
    res = evaluate(tmp_path / "out", GOLD)
    assert res.rows_found == res.rows_expected == 146 and res.rows_extra == 0
    assert res.cells_right == res.cells == 730 and res.silent_errors == 0, res.wrong
    assert res.text_exact["indicator_name"] == 146
