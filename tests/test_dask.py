"""``run --dask``: the same bytes as a one-job run, and a worker lost mid-run loses no report."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from yeep_extract.batch import Options, run_batch
from yeep_extract.cli import main

dask = pytest.importorskip("dask")
distributed = pytest.importorskip("distributed")

ROOT = Path(__file__).resolve().parents[1]
LAYOUTS = ROOT / "tests" / "fixtures" / "layouts"
SHORT_REPORT = LAYOUTS / "header-centred.pdf"


def _files(out: Path) -> dict[str, bytes]:
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_dask_local_writes_the_same_bytes_as_one_job(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(ROOT / "raw" / "mersin-yeep-2024.pdf", inputs)
    shutil.copy(ROOT / "raw" / "mersin-yeep-2024.txt", inputs / "mersin-yeep-2024-text.txt")  # its own report
    for name in ("no-rules.pdf", "row-over-page.pdf", "extra-year-column.pdf"):
        shutil.copy(LAYOUTS / name, inputs)
    one, cluster = tmp_path / "one", tmp_path / "dask"
    assert main(["run", str(inputs), "--out", str(one), "--jobs", "1"]) == 0
    assert main(["run", str(inputs), "--out", str(cluster), "--jobs", "2", "--dask", "local"]) == 0
    expected = _files(one)
    assert len([f for f in expected if f.endswith("/manifest.json")]) == 5
    assert _files(cluster) == expected  # every Parquet file, manifest and descriptor, byte for byte
    summary = capsys.readouterr().out
    assert summary.count("5 ok, 0 failed") == 2 and str(tmp_path / "in") not in summary.replace("\n", "")


@pytest.fixture
def reports(tmp_path: Path) -> list[Path]:
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        shutil.copy(SHORT_REPORT, folder / f"r{i}-2024.pdf")
    return sorted(folder.iterdir())


@pytest.fixture
def reference(tmp_path: Path, reports: list[Path]) -> dict[str, bytes]:
    out = tmp_path / "reference"
    assert all(o.ok for o in run_batch(reports, Options(out=out), jobs=1).outcomes)
    return _files(out)


def _kill_a_busy_worker(client: distributed.Client, killed: list[str], stop: threading.Event) -> None:
    """Kill (SIGKILL) the process of the first worker seen converting a report."""
    pids = client.run(os.getpid)
    while not stop.is_set():
        busy = [worker for worker, keys in client.processing().items() if keys]
        if busy:
            os.kill(pids[busy[0]], signal.SIGKILL)
            killed.append(busy[0])
            return
        time.sleep(0.02)


@contextmanager
def _cluster_and_killer() -> Iterator[tuple[str, list[str], threading.Thread]]:
    """A LocalCluster of two worker processes (its scheduler's address), and a thread, not started,
    that kills one of them mid-report (the workers it killed)."""
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0",
                                  silence_logs=logging.CRITICAL) as cluster, distributed.Client(cluster) as client:
        killed: list[str] = []
        stop = threading.Event()
        killer = threading.Thread(target=_kill_a_busy_worker, args=(client, killed, stop), daemon=True)
        try:
            yield cluster.scheduler_address, killed, killer
        finally:
            stop.set()
            if killer.is_alive():
                killer.join()


def test_a_worker_lost_mid_run_loses_no_report(tmp_path: Path, reports: list[Path],
                                               reference: dict[str, bytes]) -> None:
    with _cluster_and_killer() as (address, killed, killer):
        killer.start()
        result = run_batch(reports, Options(out=tmp_path / "out"), jobs=2, dask=address)
    assert killed, "no worker was seen converting"
    assert [o.status for o in result.outcomes] == ["ok"] * 4  # its report ran again on another worker
    assert _files(tmp_path / "out") == reference


def test_a_report_whose_workers_keep_dying_fails_whole(tmp_path: Path, reports: list[Path],
                                                       reference: dict[str, bytes]) -> None:
    no_second_try = dask.config.set({"distributed.scheduler.allowed-failures": 0})
    with no_second_try, _cluster_and_killer() as (address, killed, killer):
        killer.start()
        result = run_batch(reports, Options(out=tmp_path / "out"), jobs=2, dask=address)
    assert killed
    failed = [o for o in result.outcomes if o.status == "failed"]
    assert failed and all(o.status == "ok" for o in result.outcomes if o not in failed)
    out = tmp_path / "out"
    for outcome in failed:  # reported failed, with the file's name, and nothing of it written
        assert str(outcome.error).startswith(f"{outcome.file}: workers died converting it")
        assert outcome.out is None and not (out / str(outcome.report_id)).exists()
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    lost = tuple(f"{o.report_id}/" for o in failed)
    assert {k: v for k, v in _files(out).items() if k != "datapackage.json"} == \
        {k: v for k, v in reference.items() if k != "datapackage.json" and not k.startswith(lost)}
