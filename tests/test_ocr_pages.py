"""Scanned pages read in threads and never twice in one run (``pdf_ocr.ScanReader.read``, the cache).

``--jobs 2`` on one scanned file reads its pages two at a time (the engine's processes in a
thread pool) and writes the same bytes as ``--jobs 1``; a second reader of the same file in the
run (``--cross-check``'s, or another backend) takes the pages already read instead of the engine.
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from yeep_extract.cli import main
from yeep_extract.extract import extract, pdf_ocr

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
