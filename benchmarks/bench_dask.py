"""Benchmark: a folder of reports with ``--jobs 1``, ``--jobs 2`` and ``--dask local`` (two workers).

Whole ``yeep-extract run`` processes, wall-clock seconds (the Dask workers are not children this
process can account CPU for), and the cost of a LocalCluster alone (started and closed, no report).
From the project folder, in the venv with the ``dask`` extra:

    python benchmarks/bench_dask.py [--pdf raw/mersin-yeep-2024.pdf] [--reports 8] [--repeat 1]

It prints a Markdown table; ``benchmarks/README.md`` records the figures of one run.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

LOCAL_CLUSTER_ONLY = """
from yeep_extract.batch_dask import connect
if __name__ == "__main__":
    with connect("local", 2):
        pass
"""


def wall(cmd: list[str], repeat: int) -> float:
    """Median wall seconds of ``repeat`` runs of ``cmd`` (which must succeed)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=ROOT / "raw" / "mersin-yeep-2024.pdf")
    parser.add_argument("--reports", type=int, default=8)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    run = [sys.executable, "-m", "yeep_extract.cli", "run"]
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "in"
        folder.mkdir()
        for i in range(args.reports):
            shutil.copy(args.pdf, folder / f"report-{i}-2024.pdf")
        rows = {
            f"{args.reports} reports, --jobs 1": wall([*run, str(folder), "--out", f"{scratch}/j1", "-j", "1"],
                                                      args.repeat),
            f"{args.reports} reports, --jobs 2": wall([*run, str(folder), "--out", f"{scratch}/j2", "-j", "2"],
                                                      args.repeat),
            f"{args.reports} reports, --dask local --jobs 2": wall(
                [*run, str(folder), "--out", f"{scratch}/dask", "-j", "2", "--dask", "local"], args.repeat),
            "LocalCluster of 2 workers started and closed, no report": wall(
                [sys.executable, "-c", LOCAL_CLUSTER_ONLY], args.repeat),
        }
        same = all((Path(scratch) / "j1" / p.relative_to(Path(scratch) / "dask")).read_bytes() == p.read_bytes()
                   for p in (Path(scratch) / "dask").rglob("*") if p.is_file())
    print("| process | wall s |\n|---|---:|")
    for name, seconds in rows.items():
        print(f"| {name} | {seconds:.2f} |")
    print(f"\n--dask local files byte-identical to --jobs 1: {same}")


if __name__ == "__main__":
    main()
