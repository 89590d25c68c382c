"""Text drawn as outlines: a producer that turns fonts into curves (Ghostscript's ``-dNoOutputFonts``,
some "print to PDF" drivers) leaves pages without characters but full of glyph paths. Such a page
is rendered and OCR'd as a scan is (``pdf_ocr.OUTLINED_TEXT_MIN_SLANTS``); without the engine a
born-digital PDF still reads, the drawn page said unread, and a PDF of drawn pages only fails with
the install line.

The shipped report, drawn as outlines, is scored against its gold rows with the bars of scans."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from yeep_extract.evaluate import evaluate
from yeep_extract.extract import InputError, pdf_ocr
from yeep_extract.pipeline import convert

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "raw" / "mersin-yeep-2024.pdf"
GOLD = ROOT / "tests" / "golden" / "mersin-yeep-2024.jsonl"

needs_tools = pytest.mark.skipif(shutil.which("gs") is None or shutil.which("qpdf") is None,
                                 reason="needs ghostscript and qpdf (.ci/run installs them)")
needs_engine = pytest.mark.skipif(not pdf_ocr.engine_ready(),
                                  reason=f"OCR engine not installed ({pdf_ocr.ENGINE_INSTALL}; .ci/run installs it)")


def _pages(pdf: Path, pages: str, out: Path) -> Path:
    subprocess.run(["qpdf", str(pdf), "--pages", ".", pages, "--", str(out)], check=True)
    return out


def _outlined(pdf: Path, out: Path) -> Path:
    subprocess.run(["gs", "-q", "-o", str(out), "-sDEVICE=pdfwrite", "-dNoOutputFonts", str(pdf)], check=True)
    return out


@pytest.fixture(scope="module")
def two_pages(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The shipped report's first two pages as printed, and as outlines."""
    folder = tmp_path_factory.mktemp("outlines")
    printed = _pages(SHIPPED, "1-2", folder / "printed-2024.pdf")
    return printed, _outlined(printed, folder / "outlined-2024.pdf")


@needs_tools
@needs_engine
def test_the_shipped_report_drawn_as_outlines(tmp_path: Path) -> None:
    """All 22 pages OCR'd, scored against the gold rows with the issue's bars for scans (measured:
    146/146 rows, 726/730 cells, 0 silent; the 4 wrong are "%25", "%33", "%35" read as "625",
    "633", "635", every one doubted)."""
    read = convert(_outlined(SHIPPED, tmp_path / "outlined-2024.pdf"), tmp_path / "out")
    result = evaluate(Path(read.out), GOLD)
    assert (result.rows_found, result.rows_extra) == (146, 0)
    assert result.cells_right >= 0.99 * result.cells, result.wrong
    assert result.silent_errors <= 0.005 * result.cells, result.wrong
    pages = json.loads((Path(read.out) / "manifest.json").read_text(encoding="utf-8"))["extraction"]["ocr"]["pages"]
    assert {p["source"] for p in pages} == {"ocr of outlines"}


@needs_tools
def test_without_the_engine_a_drawn_page_is_said_unread(two_pages: tuple[Path, Path], tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    printed, outlined = two_pages
    monkeypatch.setattr(pdf_ocr, "engine_ready", lambda: False)
    with pytest.raises(InputError, match=r"drawn as outlines.*apt-get install tesseract-ocr"):
        convert(outlined, tmp_path / "only")
    mixed = tmp_path / "mixed-2024.pdf"
    subprocess.run(["qpdf", "--empty", "--pages", str(printed), "1", str(outlined), "2", "--", str(mixed)], check=True)
    read = convert(mixed, tmp_path / "mixed")
    manifest = json.loads((Path(read.out) / "manifest.json").read_text(encoding="utf-8"))
    [unread] = manifest["extraction"]["ocr"]["pages"]
    assert (unread["page"], unread["source"], unread["words"]) == (2, "outlines", 0)
    assert "needs the OCR engine" in unread["doubt"]
    assert read.rows > 0


@pytest.mark.parametrize(("printed", "read", "doubted"), [
    ("9650", "%50", True),   # "%50" read as "9650"
    ("9084", "%84", True),
    ("907,88", "%7,88", True),
    ("96", "96", False),     # a two-digit number stays as it is
    ("1960", "1960", False),
])
def test_percent_read_as_96_or_90_is_doubted(printed: str, read: str, doubted: bool) -> None:
    word = pdf_ocr._doubted({"text": printed}, 95.0)
    assert word["text"] == read
    assert ("doubt" in word) == doubted
