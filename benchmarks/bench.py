"""Benchmark: the whole pipeline against the bare libraries, memory against page count, jobs scaling.

Every figure is a whole process (start-up, imports, validation and writing included): wall-clock
seconds, CPU seconds (user + system, from ``os.wait4``: the fair comparison on a machine shared with
other work, where wall time mostly measures waiting) and peak resident memory. From the project folder:

    python benchmarks/bench.py [--pdf raw/mersin-yeep-2024.pdf] [--repeat 3]

It prints a Markdown table; ``benchmarks/README.md`` records the figures of one run and the targets.
Needs qpdf (to make the long reports by repeating pages) and the ``camelot`` extra.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib.util import find_spec
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE_PDFPLUMBER = """
import sys, pdfplumber
with pdfplumber.open(sys.argv[1]) as pdf:
    for page in pdf.pages:
        page.extract_tables()
        page.close()
"""
SPIN = "x = 0\nfor i in range(20_000_000):\n    x += i\n"


def parallel_capacity() -> float:
    """How many cores this machine gives us now: one CPU-bound process's time over two at once.

    2.0 on two free cores; near 1.0 when other work takes one. ``--jobs 2`` can go no faster.
    """
    one = measure([sys.executable, "-c", SPIN])[0]
    started = time.perf_counter()
    procs = [subprocess.Popen([sys.executable, "-c", SPIN]) for _ in range(2)]
    for proc in procs:
        proc.wait()
    return 2 * one / (time.perf_counter() - started)


CAMELOT_LATTICE = """
import sys, camelot
camelot.read_pdf(sys.argv[1], pages="all", flavor="lattice")
"""


def measure(cmd: list[str]) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one process; its output is discarded."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1: converted with failures is still a timed run
        raise RuntimeError(f"{cmd} exited {proc.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def best(cmd: list[str], repeat: int) -> tuple[float, float, float]:
    """Median wall and CPU time, largest peak memory over ``repeat`` runs (the machine is shared)."""
    runs = [measure(cmd) for _ in range(repeat)]
    return (statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs),
            max(r[2] for r in runs))


def repeated_pages(pdf: Path, pages: int, out: Path) -> Path:
    """A report of ``pages`` pages made by repeating the pages of ``pdf`` (qpdf)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        have = len(doc.pages)
    copies = -(-pages // have)
    target = out / f"bench-{pages}p-2024.pdf"
    whole = out / "whole.pdf"
    subprocess.run(["qpdf", "--empty", "--pages", *([str(pdf)] * copies), "--", str(whole)], check=True)
    subprocess.run(["qpdf", "--empty", "--pages", str(whole), f"1-{pages}", "--", str(target)], check=True)
    whole.unlink()
    return target


def run_cmd(inputs: list[Path], out: Path, jobs: int = 1, backend: str = "pdfplumber") -> list[str]:
    """The ``yeep-extract run`` command line, through this interpreter."""
    return [sys.executable, "-m", "yeep_extract.cli", "run", *map(str, inputs), "--out", str(out),
            "--jobs", str(jobs), "--backend", backend]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=ROOT / "raw" / "mersin-yeep-2024.pdf")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    rows: dict[str, tuple[float, float, float]] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        rows["yeep-extract run (pdfplumber backend)"] = best(run_cmd([args.pdf], tmp / "out"), args.repeat)
        rows["bare pdfplumber page.extract_tables()"] = best(
            [sys.executable, "-c", BARE_PDFPLUMBER, str(args.pdf)], args.repeat)
        rows["camelot lattice (default engine)"] = best(
            [sys.executable, "-c", CAMELOT_LATTICE, str(args.pdf)], args.repeat)
        rows["yeep-extract run --backend camelot"] = best(run_cmd([args.pdf], tmp / "cam", backend="camelot"),
                                                          args.repeat)
        for pages in (20, 200):
            long_pdf = repeated_pages(args.pdf, pages, tmp)
            rows[f"yeep-extract run, {pages}-page report"] = best(run_cmd([long_pdf], tmp / "long"), 1)
            rows[f"bare extract_tables, {pages}-page report"] = best(
                [sys.executable, "-c", BARE_PDFPLUMBER, str(long_pdf)], 1)
        batch = tmp / "batch"
        batch.mkdir()
        for i in range(8):
            shutil.copy(args.pdf, batch / f"report-{i}-2024.pdf")
        capacity = parallel_capacity()
        rows["8 reports, --jobs 1"] = best(run_cmd([batch], tmp / "j1", jobs=1), 1)
        rows["8 reports, --jobs 2"] = best(run_cmd([batch], tmp / "j2", jobs=2), 1)
        capacity = (capacity + parallel_capacity()) / 2
    print("| process | wall s | CPU s | peak RSS MiB |\n|---|---:|---:|---:|")
    for name, (wall, cpu, mem) in rows.items():
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {mem:.0f} |")
    print("(--jobs 2: CPU and memory of the main process only; its workers are not its waited children)")
    pipeline, bare = rows["yeep-extract run (pdfplumber backend)"], rows["bare pdfplumber page.extract_tables()"]
    lattice = rows["camelot lattice (default engine)"]
    one, two = rows["8 reports, --jobs 1"], rows["8 reports, --jobs 2"]
    short, long = rows["yeep-extract run, 20-page report"], rows["yeep-extract run, 200-page report"]
    print(f"\npipeline / bare extract_tables: wall {pipeline[0] / bare[0]:.2f}×, CPU {pipeline[1] / bare[1]:.2f}× "
          "(target ≤ 1.5×)")
    print(f"camelot lattice / pipeline: wall {lattice[0] / pipeline[0]:.2f}×, CPU {lattice[1] / pipeline[1]:.2f}× "
          "(target ≥ 3×)")
    print(f"--jobs 2 speed-up on 8 reports (wall): {one[0] / two[0]:.2f}× (target ≈ 2× on 2 free cores); "
          f"the machine's parallel capacity meanwhile: {capacity:.2f}×")
    bare_short, bare_long = rows["bare extract_tables, 20-page report"], rows["bare extract_tables, 200-page report"]
    per_page, bare_per_page = (long[1] - short[1]) / 180, (bare_long[1] - bare_short[1]) / 180
    print(f"per extra page (200 vs 20 pages), pipeline / bare extract_tables: CPU {per_page / bare_per_page:.2f}×; "
          f"fixed cost (start-up, imports) {short[1] - 20 * per_page:.2f} s vs "
          f"{bare_short[1] - 20 * bare_per_page:.2f} s CPU")
    print(f"peak RSS 200 pages / 20 pages: {long[2] / short[2]:.2f}× (target: flat); "
          f"bare extract_tables {bare_long[2] / bare_short[2]:.2f}×")
    print(f"cores: {len(os.sched_getaffinity(0))}, load average: {os.getloadavg()[0]:.1f}; "
          f"hypothesis {'installed: pandera imports it (+0.1 s per run)' if find_spec('hypothesis') else 'absent'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
