"""Seconds per scanned page: ``yeep-extract``'s OCR reader next to bare ``tesseract`` on the same images.

Usage (from the project folder, in the venv with the ``ocr`` or ``test`` extra; needs ``tesseract``
with Turkish and English data): ``python benchmarks/bench_ocr.py [--pages 2] [--repeat 1]``

Each page of the scanned fixtures at 200 and 300 dpi (``tests/fixtures/scans/``) is read three ways,
each in its own process so that start-up is counted as a user sees it:

- ``yeep-extract run`` on the whole scan (render, deskew, rules, OCR, tables, writing), per page,
  with ``--jobs 1`` and ``--jobs 2`` (one file: its pages read two at a time);
- bare ``tesseract IMG - -l tur`` on the page image at its scan resolution, as a person would OCR it;
- bare ``tesseract`` on the same page rendered at 300 dpi, what the reader hands the engine.

Wall clock and CPU time (user + system of the child, from ``os.wait4``) are printed as a Markdown
table; on a shared machine compare CPU time. ``OMP_THREAD_LIMIT=1`` for every engine run, as the
reader sets it. Timings are never asserted in tests.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCANS = ROOT / "tests" / "fixtures" / "scans"
FIXTURES = {200: "header-centred-200", 300: "grid-centred-300"}


def timed(command: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one child process."""
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: a run whose values are doubtful
        raise SystemExit(f"failed: {' '.join(command)}")
    return wall, usage.ru_utime + usage.ru_stime


def page_images(pdf: Path, folder: Path, pages: int, dpi: int) -> list[Path]:
    """The first pages of a scan as PNG files at ``dpi``."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    paths = []
    try:
        for n in range(min(pages, len(document))):
            path = folder / f"{pdf.stem}-{dpi}-{n + 1}.png"
            document[n].render(scale=dpi / 72, grayscale=True).to_pil().save(path, dpi=(dpi, dpi))
            paths.append(path)
    finally:
        document.close()
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2, help="pages of each scan for the bare engine runs")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for dpi, name in FIXTURES.items():
            pdf = SCANS / f"{name}.pdf"
            import pypdfium2 as pdfium

            count = len(pdfium.PdfDocument(pdf))
            for jobs in (1, 2):
                runs = [timed([sys.executable, "-m", "yeep_extract.cli", "run", str(pdf), "--out",
                               str(folder / "out"), "--jobs", str(jobs)]) for _ in range(args.repeat)]
                wall, cpu = min(runs)
                rows.append((f"yeep-extract run --jobs {jobs}, {dpi} dpi scan ({count} pages)", wall / count,
                             cpu / count))
            for label, render_dpi in ((f"bare tesseract, {dpi} dpi image", dpi),
                                      (f"bare tesseract, {dpi} dpi scan rendered at 300 dpi", 300)):
                images = page_images(pdf, folder, args.pages, render_dpi)
                per_page = [min(timed(["tesseract", str(img), "-", "-l", "tur", "--dpi", str(render_dpi)])
                                for _ in range(args.repeat)) for img in images]
                rows.append((label, sum(w for w, _ in per_page) / len(per_page),
                             sum(c for _, c in per_page) / len(per_page)))
    print(f"load average at the end: {os.getloadavg()[0]:.1f}\n")
    print("| process | wall s / page | CPU s / page |\n|---|---:|---:|")
    for label, wall, cpu in rows:
        print(f"| {label} | {wall:.2f} | {cpu:.2f} |")


if __name__ == "__main__":
    main()
