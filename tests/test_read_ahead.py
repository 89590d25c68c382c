"""A lone PDF read ahead in a second process (``extract/read_ahead.py``) gives what this process
would read itself, and whatever goes wrong there leaves this process to read the file.

The second process is forked from the test process; it never returns into pytest (``os._exit``).
"""

from __future__ import annotations

import dataclasses
import filecmp
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from yeep_extract import cli
from yeep_extract.extract import BACKENDS, InputError, extract, read_ahead
from yeep_extract.extract.geometry import SETTINGS

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "raw" / "mersin-yeep-2024.pdf"
DUMP = ROOT / "raw" / "mersin-yeep-2024.txt"
SCAN = ROOT / "tests" / "fixtures" / "scans" / "grid-centred-300.pdf"

pytestmark = pytest.mark.skipif(not read_ahead.can_read_ahead(), reason="no safe fork on this system")


def _gone(pid: int) -> bool:
    """Whether the process has ended and been waited for (no zombie left)."""
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


@pytest.mark.parametrize(("report", "backend"), [(SHIPPED, "pdfium"), (SHIPPED, "pdfplumber"), (DUMP, "text")],
                         ids=["pdfium", "pdfplumber", "text"])
def test_the_staged_lines_read_ahead_are_those_read_here(report: Path, backend: str) -> None:
    assert read_ahead.start(report, backend)
    ahead = read_ahead.take(report, backend, SETTINGS)
    here = BACKENDS[backend].load_stage()(report, SETTINGS)
    assert ahead is not None
    assert len(ahead.records) > 2000
    assert ahead.records == here.records
    assert (ahead.quarantine, ahead.meta) == (here.quarantine, here.meta)


def test_a_read_is_given_only_to_the_same_request_and_stopped_when_not_taken() -> None:
    other = dataclasses.replace(SETTINGS, line_overlap=SETTINGS.line_overlap / 2)
    assert read_ahead.start(SHIPPED, "pdfium")
    pid = next(iter(read_ahead._PENDING.values())).pid
    assert read_ahead.take(SHIPPED, "pdfium", other) is None  # other settings: another reading
    assert read_ahead.take(SHIPPED, "pdfplumber", SETTINGS) is None
    read_ahead.cancel()
    assert read_ahead._PENDING == {}
    assert _gone(pid)


def test_no_read_ahead_for_a_reader_without_staging_or_an_unknown_one() -> None:
    assert not read_ahead.start(SHIPPED, "camelot")  # its tables are pandas frames
    assert not read_ahead.start(SHIPPED, "nonesuch")
    assert read_ahead._PENDING == {}


def test_a_scan_is_left_to_this_process() -> None:
    """The second process declines a page to OCR: nothing comes back, this process reads the scan."""
    assert read_ahead.start(SCAN, "pdfium")
    assert read_ahead.take(SCAN, "pdfium", SETTINGS) is None
    assert len(extract(SCAN, "pdfium").cells) > 100  # read here, from its image


def test_a_file_that_cannot_be_read_fails_here_with_its_own_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken-2024.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot a pdf at all\n")
    assert read_ahead.start(broken, "pdfium")
    with pytest.raises(InputError, match=re.escape("broken-2024.pdf: not a readable PDF")):
        extract(broken, "pdfium")
    assert read_ahead._PENDING == {}


def test_a_run_of_one_report_reads_ahead_and_writes_what_one_process_writes(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    given: list[bool] = []  # whether each extraction took a read made ahead
    take = read_ahead.take
    monkeypatch.setattr(read_ahead, "take", lambda *a: given.append(bool(staged := take(*a))) or staged)
    assert cli.main(["run", str(SHIPPED), "--out", str(tmp_path / "two"), "--jobs", "2"]) == 0
    assert cli.main(["run", str(SHIPPED), "--out", str(tmp_path / "one"), "--jobs", "1"]) == 0
    capsys.readouterr()
    assert given == [True, False]  # --jobs 1: one process, nothing read ahead
    compared = filecmp.dircmp(tmp_path / "two" / "mersin-yeep-2024", tmp_path / "one" / "mersin-yeep-2024")
    assert compared.left_list and compared.diff_files == [] and compared.left_only == compared.right_only == []


@pytest.mark.parametrize(("signum", "to_group", "delay"), [(signal.SIGTERM, False, 0.3), (signal.SIGINT, True, 0.6)],
                         ids=["SIGTERM-pid", "SIGINT-group"])
def test_an_interrupted_run_leaves_no_second_process_and_no_folder(signum: signal.Signals, to_group: bool,
                                                                     delay: float, tmp_path: Path) -> None:
    """The signal lands while the second process reads (it starts once the run has its one input)."""
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "yeep_extract.cli", "run", str(SHIPPED), "--out", str(out),
                             "--jobs", "2"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    try:
        deadline = time.monotonic() + 60
        while not any(t.read_text().split() for t in Path(f"/proc/{proc.pid}/task").glob("*/children")) \
                and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        time.sleep(delay)
        assert proc.poll() is None, "the run ended before the signal"
        (os.killpg if to_group else os.kill)(proc.pid, signum)
        _, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
    assert proc.returncode == 130, err
    assert "Traceback" not in err, err
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(proc.pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.05)
    else:
        pytest.fail("the second process outlived the run")
    assert not out.exists() or [p.name for p in out.iterdir()] == []
