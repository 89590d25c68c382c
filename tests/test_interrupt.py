"""A Ctrl-C or SIGTERM at any point of a batch ends it: exit 130, no hang, only complete report folders.

Each case runs ``yeep-extract run`` on eight short reports in a process group of its own and sends
the signal at another point: while the workers start, as a report lands, while the next ones are
being converted or written, to the parent alone (``kill PID``) or to every process of the group
(a terminal's Ctrl-C, ``kill -TERM -PGID``), with worker processes, converting in-process, or on
a Dask LocalCluster. The
subprocess has a timeout, so a hang fails the test instead of stalling the suite.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq
import pytest

ROOT = Path(__file__).resolve().parents[1]
SHORT_REPORT = ROOT / "tests" / "fixtures" / "layouts" / "header-centred.pdf"  # 21 rows: a quick report
REPORTS = 8
TABLES = ("indicators", "observations", "quarantine", "unit_matches")
HANG = 90  # seconds: far beyond any clean-up, short of stalling CI

# (jobs, signal, sent to the whole process group, report folders present before it, then seconds);
# with no folder yet, the seconds count from the first worker process (the batch has begun: a signal
# while the interpreter starts kills it the default way, before any handler can be installed)
POINTS = [
    (2, signal.SIGTERM, False, 0, 0.0),  # the fork server and workers starting
    (2, signal.SIGINT, True, 0, 0.8),
    (2, signal.SIGTERM, False, 1, 0.0),  # a report just landed, its worker asking for the next
    (2, signal.SIGTERM, True, 1, 0.05),
    (2, signal.SIGINT, False, 1, 0.15),
    (2, signal.SIGTERM, False, 2, 0.3),
    (2, signal.SIGTERM, True, 2, 0.6),
    (1, signal.SIGINT, True, 1, 0.02),  # one job: the signal lands in this process's own write
    (1, signal.SIGTERM, False, 1, 0.2),  # ... or its conversion
    (1, signal.SIGTERM, False, 1, 0.6),
    ("dask", signal.SIGINT, True, 1, 0.1),  # --dask local: a terminal's Ctrl-C reaches the Dask workers too
    ("dask", signal.SIGTERM, False, 1, 0.3),
]


def _report_folders(out: Path) -> list[Path]:
    return sorted(p for p in out.iterdir() if p.is_dir() and not p.name.startswith(".")) if out.is_dir() else []


def _assert_complete(folder: Path) -> None:
    """Every file there, readable, with the row counts its manifest promises."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert (folder / "datapackage.json").is_file()
    for name in TABLES:
        assert (folder / f"{name}.parquet").is_file(), folder
    counts = manifest["counts"]
    assert pq.read_metadata(folder / "indicators.parquet").num_rows == counts["rows"]
    assert pq.read_metadata(folder / "observations.parquet").num_rows == counts["cells"]
    assert pq.read_metadata(folder / "quarantine.parquet").num_rows == counts["quarantined"]


def _started_workers(pid: int) -> bool:
    """Whether the process has children yet (Linux ``/proc``): the batch has begun starting its workers."""
    return any(t.read_text().split() for t in Path(f"/proc/{pid}/task").glob("*/children"))


def _group_gone(pgid: int, within: float = 10.0) -> bool:
    """Whether every process of the group has ended (the fork server leaves once the parent is gone)."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize(("jobs", "signum", "to_group", "landed", "delay"), POINTS,
                         ids=[f"{j if j == 'dask' else f'jobs{j}'}-{s.name}-{'group' if g else 'pid'}-after{n}+{d}s"
                              for j, s, g, n, d in POINTS])
def test_interrupt_mid_batch_leaves_only_complete_folders(jobs: int | str, signum: signal.Signals, to_group: bool,
                                                          landed: int, delay: float, tmp_path: Path) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    for i in range(REPORTS):
        shutil.copy(SHORT_REPORT, inputs / f"r{i}-2024.pdf")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "yeep_extract.cli", "run", str(inputs), "--out", str(out)]
    if jobs == "dask":
        pytest.importorskip("distributed")
        cmd += ["--jobs", "2", "--dask", "local"]
    else:
        cmd += ["--jobs", str(jobs)]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + HANG
        def waiting() -> bool:
            if landed == 0:
                return not _started_workers(proc.pid)
            return len(_report_folders(out)) < landed

        while waiting() and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(delay)
        assert proc.poll() is None, "the batch ended before the signal: make it longer"
        (os.killpg if to_group else os.kill)(proc.pid, signum)
        _, err = proc.communicate(timeout=HANG)
    except subprocess.TimeoutExpired:
        pytest.fail(f"no exit {HANG} s after {signum.name}: the batch hangs")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 130, err
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert _group_gone(proc.pid), "a worker or the fork server outlived the batch"
    folders = _report_folders(out)
    for folder in folders:
        _assert_complete(folder)
    if out.is_dir():
        assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []  # no staging folder, no temp file
        package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
        assert {r["path"].split("/")[0] for r in package["resources"]} == {f.name for f in folders}
