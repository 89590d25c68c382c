"""A lone report read ahead in a second process (``extract/read_ahead.py``) gives what this process
would read itself, and whatever goes wrong there leaves this process to read the file.

A process forks its reader only while it runs one thread; pytest's process may hold threads left
by earlier tests (Dask's, say), so each check runs in a fresh interpreter, as the command line does.
"""

from __future__ import annotations

import filecmp
import json
import os
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest

from yeep_extract.extract import InputError, extract, read_ahead, reader_for

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ROOT / "raw" / "mersin-yeep-2024.pdf"
DUMP = ROOT / "raw" / "mersin-yeep-2024.txt"
SCAN = ROOT / "tests" / "fixtures" / "scans" / "grid-centred-300.pdf"

pytestmark = pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "darwin",
                                reason="no safe fork on this system: nothing is read ahead")


def _fresh(code: str) -> object:
    """What ``code`` prints (one JSON value) when run in a fresh interpreter, with these imports."""
    prelude = ("import json, dataclasses\nfrom pathlib import Path\n"
               "from yeep_extract.extract import BACKENDS, InputError, extract, read_ahead, reader_for\n"
               "from yeep_extract.extract.geometry import SETTINGS\n")
    done = subprocess.run([sys.executable, "-c", prelude + textwrap.dedent(code)], capture_output=True, text=True,
                          check=True, timeout=600)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("report", "backend"), [(SHIPPED, "pdfium"), (SHIPPED, "pdfplumber"), (DUMP, "text")],
                         ids=["pdfium", "pdfplumber", "text"])
def test_the_staged_lines_read_ahead_are_those_read_here(report: Path, backend: str) -> None:
    assert _fresh(f"""
        started = read_ahead.start(Path({str(report)!r}), *reader_for(Path({str(report)!r}), {backend!r}))
        ahead = read_ahead.take(Path({str(report)!r}), {backend!r}, SETTINGS)
        here = BACKENDS[{backend!r}].load_stage()(Path({str(report)!r}), SETTINGS)
        print(json.dumps([started, ahead is not None and len(ahead.records),
                          ahead is not None and (ahead.records, ahead.quarantine, ahead.meta)
                          == (here.records, here.quarantine, here.meta)]))
        """) == [True, 2153 if backend != "text" else 2042, True]


def test_a_read_is_given_only_to_the_same_request_and_stopped_when_not_taken() -> None:
    assert _fresh(f"""
        import os
        other = dataclasses.replace(SETTINGS, line_overlap=SETTINGS.line_overlap / 2)
        path = Path({str(SHIPPED)!r})
        started = read_ahead.start(path, *reader_for(path, "pdfium"))
        pid = next(iter(read_ahead._PENDING.values())).pid
        given = [read_ahead.take(path, "pdfium", other), read_ahead.take(path, "pdfplumber", SETTINGS)]
        read_ahead.cancel()
        try:
            os.waitpid(pid, os.WNOHANG)
            gone = False
        except ChildProcessError:
            gone = True
        print(json.dumps([started, given == [None, None], read_ahead._PENDING == {{}}, gone]))
        """) == [True, True, True, True]


def test_no_read_ahead_for_a_reader_without_staging_or_beside_a_thread() -> None:
    assert _fresh(f"""
        import threading
        path = Path({str(SHIPPED)!r})
        answers = [read_ahead.start(path, *reader_for(path, "camelot"))]  # camelot's tables are pandas frames
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait)
        thread.start()
        answers.append(read_ahead.start(path, *reader_for(path, "pdfium")))  # a lock it holds: held in the child
        stop.set()
        thread.join()
        answers.append(read_ahead.start(path, *reader_for(path, "pdfium")))
        read_ahead.cancel()
        print(json.dumps(answers))
        """) == [False, False, True]


def test_a_scan_is_left_to_this_process() -> None:
    """The second process declines a page to OCR: nothing comes back, this process reads the scan."""
    assert _fresh(f"""
        path = Path({str(SCAN)!r})
        started = read_ahead.start(path, *reader_for(path, "pdfium"))
        given = read_ahead.take(path, "pdfium", SETTINGS)
        print(json.dumps([started, given is None, len(extract(path, "pdfium").cells) > 100]))
        """) == [True, True, True]


def test_a_file_that_cannot_be_read_fails_here_with_its_own_message(tmp_path: Path) -> None:
    broken = tmp_path / "broken-2024.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot a pdf at all\n")
    answers = _fresh(f"""
        path = Path({str(broken)!r})
        started = read_ahead.start(path, *reader_for(path, "pdfium"))
        try:
            extract(path, "pdfium")
            message = None
        except InputError as exc:
            message = str(exc)
        print(json.dumps([started, message, read_ahead._PENDING == {{}}]))
        """)
    with pytest.raises(InputError) as read_here:  # no read ahead in this process
        extract(broken, "pdfium")
    assert answers == [True, str(read_here.value), True]
    assert "not a readable PDF" in str(read_here.value)


def test_a_run_of_one_report_reads_ahead_and_writes_what_one_process_writes(tmp_path: Path) -> None:
    assert _fresh(f"""
        from yeep_extract import cli
        given = []  # whether each extraction took a read made ahead
        take = read_ahead.take
        read_ahead.take = lambda *a: given.append(bool(staged := take(*a))) or staged
        codes = [cli.main(["run", {str(SHIPPED)!r}, "--out", {str(tmp_path / "two")!r}, "--jobs", "2"]),
                 cli.main(["run", {str(SHIPPED)!r}, "--out", {str(tmp_path / "one")!r}, "--jobs", "1"])]
        print(json.dumps([codes, given]))
        """) == [[0, 0], [True, False]]  # --jobs 1: one process, nothing read ahead
    compared = filecmp.dircmp(tmp_path / "two" / "mersin-yeep-2024", tmp_path / "one" / "mersin-yeep-2024")
    assert compared.left_list and compared.diff_files == [] and compared.left_only == compared.right_only == []


def test_this_process_with_threads_reads_itself() -> None:
    """The guard, in pytest's own process: with a second thread alive nothing is forked."""
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not read_ahead.start(SHIPPED, *reader_for(SHIPPED, "pdfium"))
    finally:
        stop.set()
        thread.join()
    assert read_ahead._PENDING == {}


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
