"""Benchmark: the whole pipeline (both PDF readers) against the bare libraries, memory against page
count, jobs scaling, and the imports a run pays.

Every figure is a whole process (start-up, imports, validation and writing included): wall-clock
seconds, CPU seconds (user + system, from ``os.wait4``: the fair comparison on a machine shared with
other work, where wall time mostly measures waiting) and peak resident memory, the median of
``--repeat`` runs. From the project folder:

    python benchmarks/bench.py [--pdf raw/mersin-yeep-2024.pdf] [--repeat 3] [--long-pages 229]

It prints a Markdown table, the ratios against the targets of issue 13, and on a line of its own the
import time of a run. ``benchmarks/README.md`` records the figures of one run.
Needs qpdf (to make the long report by repeating pages) and the ``camelot`` extra.

The runs keep the registries built by the first one (``normalize.registry_cache``, in the user's cache
folder), as every run after a user's first does; one row has that cache turned off.

``yeep-extract`` is run as a user has it installed: with ``--user-venv DIR`` from a virtual
environment holding the package without any extra (made there with ``pip install -e .`` when
missing: the test extra brings ``hypothesis``, which pandera then imports on every run), and
always with Python's bytecode cache (``PYTHONDONTWRITEBYTECODE`` is dropped from the measured
processes' environment, and each reader's run is made once before it is timed): an installed
package has its modules compiled, as the bare libraries measured beside it have theirs.
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
#: the measured processes' environment: the bytecode cache on (a user's installation has it)
ENV = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


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


def measure(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Wall seconds, CPU seconds and peak RSS (MiB) of one process; its output is discarded.
    ``env``: variables set for it on top of ``ENV``."""
    started = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env={**ENV, **(env or {})})
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode not in (0, 1):  # 1: converted with failures is still a timed run
        raise RuntimeError(f"{cmd} exited {proc.returncode}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def best(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> tuple[float, float, float]:
    """Median wall and CPU time, largest peak memory over ``repeat`` runs (the machine is shared)."""
    runs = [measure(cmd, env) for _ in range(repeat)]
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


def import_seconds(cmd: list[str]) -> tuple[float, float]:
    """Seconds a run spends importing (``-X importtime``: the top-level imports' cumulative times,
    wall clock), and how many of them are the PDF readers' (pypdfium2, pdfminer, pdfplumber)."""
    proc = subprocess.run([cmd[0], "-X", "importtime", *cmd[1:]], capture_output=True, text=True, check=False,
                          env=ENV)
    total = readers = 0.0
    for line in proc.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        if name.startswith("  ") or not cumulative.strip().isdigit():
            continue  # imported by another module: inside that one's cumulative time
        seconds = int(cumulative) / 1e6
        total += seconds
        if name.strip().split(".")[0] in {"pypdfium2", "pdfminer", "pdfplumber"}:
            readers += seconds
    return total, readers


def user_python(venv: Path | None) -> str:
    """The interpreter that runs ``yeep-extract``: this one, or that of ``venv``, made with the
    package installed without extras (``pip install -e .``) when it does not exist yet."""
    if venv is None:
        return sys.executable
    python = venv / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", str(ROOT)], check=True)
    return str(python)


def run_cmd(python: str, inputs: list[Path], out: Path, jobs: int | None = 1, backend: str = "pdfium") -> list[str]:
    """The ``yeep-extract run`` command line, through ``python``; ``jobs`` None: the default (as
    many processes as cores: a lone report is read ahead in a second process)."""
    return [python, "-m", "yeep_extract.cli", "run", *map(str, inputs), "--out", str(out),
            *(["--jobs", str(jobs)] if jobs is not None else []), "--backend", backend]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=ROOT / "raw" / "mersin-yeep-2024.pdf")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--long-pages", type=int, default=229, help="pages of the long report (repeated pages)")
    parser.add_argument("--no-jobs", action="store_true", help="skip the --jobs 1/2 rows")
    parser.add_argument("--user-venv", type=Path, help="run yeep-extract from this virtual environment, "
                        "made with the package and no extra when missing (as a user installs it)")
    args = parser.parse_args()
    python = user_python(args.user_venv)
    has_hypothesis = subprocess.run([python, "-c", "import hypothesis"], capture_output=True).returncode == 0
    rows: dict[str, tuple[float, float, float]] = {}
    pages = args.long_pages
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        long_pdf = repeated_pages(args.pdf, pages, tmp)
        for backend in ("pdfium", "pdfplumber"):
            measure(run_cmd(python, [args.pdf], tmp / "warm", backend=backend))  # compiles what it imports
            rows[f"yeep-extract run ({backend} backend)"] = best(
                run_cmd(python, [args.pdf], tmp / "out", backend=backend), args.repeat)
            rows[f"yeep-extract run ({backend}), {pages} pages"] = best(
                run_cmd(python, [long_pdf], tmp / "long", backend=backend), args.repeat)
        # as a user runs it: --jobs as many as the cores, the lone PDF read ahead in a second process
        rows["yeep-extract run (pdfium), default --jobs: read ahead"] = best(
            run_cmd(python, [args.pdf], tmp / "ahead", jobs=None), args.repeat)
        rows[f"yeep-extract run (pdfium), default --jobs: read ahead, {pages} pages"] = best(
            run_cmd(python, [long_pdf], tmp / "ahead-long", jobs=None), args.repeat)
        # a first run on a machine (or after a registry file changed): the registries read, validated and built
        rows["yeep-extract run (pdfium), registry cache off"] = best(
            run_cmd(python, [args.pdf], tmp / "nocache"), args.repeat, {"YEEP_EXTRACT_CACHE": "off"})
        rows["bare pdfplumber page.extract_tables()"] = best(
            [sys.executable, "-c", BARE_PDFPLUMBER, str(args.pdf)], args.repeat)
        rows[f"bare extract_tables, {pages} pages"] = best(
            [sys.executable, "-c", BARE_PDFPLUMBER, str(long_pdf)], args.repeat)
        rows["camelot lattice (default engine)"] = best(
            [sys.executable, "-c", CAMELOT_LATTICE, str(args.pdf)], args.repeat)
        # the camelot backend needs the camelot extra: the benchmark's own environment has it
        measure(run_cmd(sys.executable, [args.pdf], tmp / "warm", backend="camelot"))
        rows["yeep-extract run --backend camelot"] = best(
            run_cmd(sys.executable, [args.pdf], tmp / "cam", backend="camelot"), args.repeat)
        rows["python -c pass (interpreter start)"] = best([sys.executable, "-c", "pass"], args.repeat)
        imports = [import_seconds(run_cmd(python, [args.pdf], tmp / "imp", backend=backend))
                   for backend in ("pdfium", "pdfium", "pdfium")]
        capacity = None
        if not args.no_jobs:
            batch = tmp / "batch"
            batch.mkdir()
            for i in range(8):
                shutil.copy(args.pdf, batch / f"report-{i}-2024.pdf")
            capacity = parallel_capacity()
            rows["8 reports, --jobs 1"] = best(run_cmd(python, [batch], tmp / "j1", jobs=1), 1)
            rows["8 reports, --jobs 2"] = best(run_cmd(python, [batch], tmp / "j2", jobs=2), 1)
            capacity = (capacity + parallel_capacity()) / 2
    print("| process | wall s | CPU s | peak RSS MiB |\n|---|---:|---:|---:|")
    for name, (wall, cpu, mem) in rows.items():
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {mem:.0f} |")
    imported = statistics.median(i[0] for i in imports)
    readers = statistics.median(i[1] for i in imports)
    print(f"\nimport time of a run (pdfium backend, -X importtime, wall, median of 3): {imported:.2f} s, "
          f"of which the PDF readers {readers:.2f} s")
    bare, bare_long = rows["bare pdfplumber page.extract_tables()"], rows[f"bare extract_tables, {pages} pages"]
    lattice = rows["camelot lattice (default engine)"]
    ahead = "yeep-extract run (pdfium), default --jobs: read ahead"
    runs = {backend: (rows[f"yeep-extract run ({backend} backend)"],
                      rows[f"yeep-extract run ({backend}), {pages} pages"]) for backend in ("pdfium", "pdfplumber")}
    runs["pdfium, default --jobs: read ahead"] = (rows[ahead], rows[f"{ahead}, {pages} pages"])
    for backend, (short, long) in runs.items():
        print(f"\n{backend}: pipeline / bare extract_tables: CPU {short[1] / bare[1]:.2f}× "
              f"(wall {short[0] / bare[0]:.2f}×) on {args.pdf.name}, target ≤ 0.8×; CPU {long[1] / bare_long[1]:.2f}× "
              f"(wall {long[0] / bare_long[0]:.2f}×) on {pages} pages, target ≤ 0.35×")
        print(f"{backend}: camelot lattice / pipeline: CPU {lattice[1] / short[1]:.2f}× "
              f"(wall {lattice[0] / short[0]:.2f}×), target ≥ 6×")
        print(f"{backend}: peak RSS {pages} pages / 22: {long[2] / short[2]:.2f}× (target ≤ 1.3×); "
              f"per extra page {(long[1] - short[1]) / (pages - 22) * 1000:.1f} ms CPU "
              f"(bare extract_tables {(bare_long[1] - bare[1]) / (pages - 22) * 1000:.1f} ms)")
    if capacity is not None:
        one, two = rows["8 reports, --jobs 1"], rows["8 reports, --jobs 2"]
        print(f"\n--jobs 2 speed-up on 8 reports (wall): {one[0] / two[0]:.2f}× (target ≈ 2× on 2 free cores); "
              f"the machine's parallel capacity meanwhile: {capacity:.2f}×")
        print("(--jobs 2: CPU and memory of the main process only; its workers are not its waited children)")
    print(f"cores: {len(os.sched_getaffinity(0))}, load average: {os.getloadavg()[0]:.1f}; "
          f"yeep-extract run by {python}: hypothesis {'installed, pandera imports it' if has_hypothesis else 'absent'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
