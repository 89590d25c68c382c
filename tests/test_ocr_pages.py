"""Scanned pages read in threads and never twice in one run (``pdf_ocr.ScanReader.read``, the cache),
and drawn upright under their cells in the HTML report (``report_pages``).

``--jobs 2`` on one scanned file reads its pages two at a time (the engine's processes in a
thread pool) and writes the same bytes as ``--jobs 1``; a second reader of the same file in the
run (``--cross-check``'s, or another backend) takes the pages already read instead of the engine.
"""

from __future__ import annotations

import base64
import io
import json
import threading
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from yeep_extract import report_pages
from yeep_extract.cli import main
from yeep_extract.extract import extract, pdf_ocr
from yeep_extract.pipeline import convert

SCANS = Path(__file__).resolve().parent / "fixtures" / "scans"

pytestmark = pytest.mark.skipif(not pdf_ocr.engine_ready(),
                                reason=f"OCR engine not installed ({pdf_ocr.ENGINE_INSTALL}; .ci/run installs it)")


@pytest.fixture
def engine_calls(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The name of the thread of every engine run, with the run's cache emptied before and after."""
    calls: list[str] = []
    real = pdf_ocr._tesseract_words

    def counted(*args, **kwargs):
        calls.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(pdf_ocr, "_tesseract_words", counted)
    pdf_ocr.forget_read_pages()
    yield calls
    pdf_ocr.forget_read_pages()


def test_a_page_is_never_ocred_twice_in_a_run(engine_calls: list[str]) -> None:
    """The same scanned page read by both PDF readers: the engine runs for the first only."""
    scan = SCANS / "header-centred-200-mixed.pdf"  # its second page is a scan
    first = extract(scan, "pdfium")
    read_once = len(engine_calls)
    assert read_once > 0
    second = extract(scan, "pdfplumber")
    assert len(engine_calls) == read_once
    assert first.meta["ocr"]["pages"] == second.meta["ocr"]["pages"]
    assert first.cells["text"].tolist() == second.cells["text"].tolist()


def test_jobs_2_reads_pages_in_threads_and_writes_the_same_bytes(engine_calls: list[str], tmp_path: Path) -> None:
    scan = SCANS / "header-centred-200.pdf"
    outputs = {}
    for jobs in (1, 2):
        pdf_ocr.forget_read_pages()  # else the second run would read nothing
        out = tmp_path / f"jobs{jobs}"
        assert main(["run", str(scan), "--out", str(out), "--jobs", str(jobs)]) == 0
        outputs[jobs] = {p.relative_to(out): p.read_bytes() for p in sorted(out.rglob("*.parquet"))}
        threads = set(engine_calls)
        engine_calls.clear()
        assert (threads == {"MainThread"}) if jobs == 1 else all(t.startswith("ocr") for t in threads)
    assert outputs[1] and outputs[1] == outputs[2]


def test_progress_is_told_each_scanned_page(engine_calls: list[str]) -> None:
    seen: list[tuple[int, int]] = []
    with pdf_ocr.pages_told_to(lambda n, total: seen.append((n, total))), pdf_ocr.page_threads(2):
        extract(SCANS / "header-centred-200-mixed.pdf", "pdfium")
    assert seen == [(2, 3)]


def _ink_in_boxes(page: report_pages.PageImage, boxes: pd.DataFrame) -> float:
    """The share of dark pixels inside the cells' own boxes on a drawn page (its outlines lie outside)."""
    image = Image.open(io.BytesIO(base64.b64decode(page.data_uri.split(",", 1)[1]))).convert("L")
    ink = np.asarray(image) < 110
    scale = image.width / page.width
    shares = [ink[round(b.top * scale):round(b.bottom * scale), round(b.x0 * scale):round(b.x1 * scale)].mean()
              for b in boxes.itertuples()]
    return float(np.mean(shares))


def test_the_html_report_draws_scanned_pages_upright_under_their_cells(tmp_path: Path) -> None:
    """A skewed scan's page is turned upright as it was read: its cells' boxes then hold their ink."""
    scan = SCANS / "header-centred-200.pdf"  # scanned with a skew of -0.8°
    folder = Path(convert(scan, tmp_path).out)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    skews = report_pages.scan_skews(manifest)
    assert skews[1] == pytest.approx(0.8, abs=0.1)
    obs = pd.read_parquet(folder / "observations.parquet")
    quarantine = pd.read_parquet(folder / "quarantine.parquet")
    values = obs[(obs["source_page"] == 1) & obs["value"].notna() & (obs["status"] == "ok")]
    upright, _ = report_pages.render_pages(scan, obs, quarantine, skews=skews)
    skewed, _ = report_pages.render_pages(scan, obs, quarantine)
    assert _ink_in_boxes(upright[0], values) > 1.5 * _ink_in_boxes(skewed[0], values)
    html = tmp_path / "report.html"
    assert main(["report", str(folder), "--html", str(html), "--pdf", str(scan)]) == 0
    assert html.read_text(encoding="utf-8").count("data:image/png;base64,") >= 2  # the scan's two printed pages
