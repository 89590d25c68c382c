"""Batch conversion: many reports in N processes, with progress, a JSON log and a summary table.

Each report is converted on its own (``convert_one``) and never raises for bad input: whatever goes
wrong becomes an ``Outcome`` with status ``failed`` and a one-line ``error`` naming the file, so one
bad file cannot stop an archive. Reports are independent, so the Parquet files are the same whatever
the number of processes; the summary lists reports in input order.

Interruption (Ctrl-C, SIGTERM): ``write.write_report`` stages each report in a hidden folder beside
its target and renames it into place. The parent turns either signal into ``KeyboardInterrupt``
(``_Interrupts``), kills its workers (SIGKILL: a worker never runs clean-up code at an arbitrary
point), and then removes the staging folders of this batch's reports that they leave.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import shutil
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from .extract import BACKENDS, DEFAULT_BACKEND
from .naming import report_id_for

if TYPE_CHECKING:
    # multiprocessing is imported where a pool starts: a batch of one report in this process has none
    import multiprocessing.context
    import multiprocessing.process
    from multiprocessing.connection import Connection

    from distributed import Client
    from rich.table import Table

#: Exit status of an interrupted run, by the shell convention 128 + SIGINT.
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Options:
    """How every report of a batch is converted."""

    out: Path
    backend: str = DEFAULT_BACKEND
    cross_check: bool = False
    strict: bool = False  # a report with suspect values or quarantined text counts as failed
    municipality: str | None = None  # profile key (schemas/municipalities.csv); None: from each report
    excel: bool = False  # also a workbook per report (``excel``)
    csv: bool = False  # also CSV files per report
    lang: str = "tr"  # language of the workbook's and CSV files' column labels
    page_threads: int = 1  # a scanned file's pages read at once (``pdf_ocr.page_threads``)


@dataclass
class Outcome:
    """What became of one input: the JSON log line and the summary row."""

    file: str
    status: str  # ok | skipped (a PDF of the same report is converted) | invalid | strict | failed
    report_id: str | None = None
    rows: int = 0
    cells: int = 0
    suspects: int = 0
    quarantined: int = 0
    disagreements: int | None = None  # cells the two backends read differently (--cross-check)
    seconds: float = 0.0
    error: str | None = None
    out: str | None = None
    #: one line per column header that fits no role, with the row to add to ``schemas/headers.csv``
    unmatched_headers: list[str] = field(default_factory=list)
    #: why every value of some scanned page is suspect (``ReportResult.doubt``), if so
    doubt: str | None = None
    details: list[str] = field(default_factory=list)  # validation failures, not in the log line

    @property
    def ok(self) -> bool:
        """Whether the run may exit 0 as far as this input goes."""
        return self.status in ("ok", "skipped")

    def log_record(self) -> dict[str, Any]:
        """The JSON log line: file, status, counts, seconds and the error (null when converted)."""
        record = asdict(self)
        record.pop("details")
        return record


#: One conversion to do: the input's position, its path, the options.
Job = tuple[int, Path, Options]


def convert_one(path: Path, options: Options) -> Outcome:
    """Convert one report; any problem with it becomes a failed ``Outcome``, never an exception."""
    from .extract import InputError
    from .extract.pdf_ocr import page_threads
    from .headers import HeaderError
    from .pipeline import convert
    from .structure import StructureError

    started = time.perf_counter()
    outcome = Outcome(file=str(path), status="failed", report_id=report_id_for(path))
    try:
        if not path.is_file():
            raise InputError(f"{path}: no such file")
        if path.stat().st_size == 0:
            raise InputError(f"{path}: empty file")
        with page_threads(options.page_threads):
            res = convert(path, options.out, backend=options.backend, cross_check=options.cross_check,
                          municipality=options.municipality,
                          excel=options.excel, csv=options.csv, lang=options.lang)
    except (InputError, StructureError, HeaderError) as exc:
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        outcome.error = message if str(path) in message else f"{path}: {message}"
    except Exception as exc:  # a bug must not stop the batch: one line, and the next report
        outcome.error = f"{path}: internal error {type(exc).__name__}: {exc}".splitlines()[0]
    else:
        outcome.status = "ok"
        outcome.rows, outcome.cells, outcome.suspects = res.rows, res.cells, res.suspects
        outcome.quarantined, outcome.disagreements, outcome.out = res.quarantined, res.disagreements, res.out
        outcome.unmatched_headers = [
            f"{path}: column header {h['header']!r} (page {h['page']}) fits no role, its column is quarantined; "
            f"if it names one, add to schemas/headers.csv: {h['suggested_row']}" for h in res.unmatched_headers]
        if res.doubt:
            outcome.doubt = f"{path}: every value suspect on the scanned pages: {res.doubt}"
        if res.validation_errors:
            outcome.status = "invalid"
            outcome.error = f"{path}: {len(res.validation_errors)} validation failures"
            outcome.details = res.validation_errors[:10]
        elif options.strict and (res.suspects or res.quarantined):
            outcome.status = "strict"
            outcome.error = (f"{path}: --strict: {res.suspects} suspect values, {res.quarantined} quarantined "
                             f"fragments (folder written for inspection)"
                             + (f"; {res.doubt}" if res.doubt else ""))
    outcome.seconds = round(time.perf_counter() - started, 3)
    return outcome


@dataclass
class _Plan:
    """Which inputs to convert first, which dump waits for its PDF, which input clashes."""

    first: list[Path]
    twins: dict[Path, Path]  # a text dump → the PDF of the same report beside it
    clashes: dict[Path, Outcome]  # another input takes the same output folder: failed


def _plan(inputs: list[Path]) -> _Plan:
    """Group inputs by output folder (report id): converting two into one folder would race.

    The same report as a PDF and as a text dump beside it (``x.pdf``, ``x.txt``) is one report: the
    PDF is converted (its cells keep page boxes); the dump waits for it, to be skipped if the PDF
    was converted and converted itself if not. Any other input sharing a folder fails.
    """
    by_folder: dict[str, list[Path]] = {}
    for path in inputs:
        by_folder.setdefault(report_id_for(path), []).append(path)
    plan = _Plan(first=[], twins={}, clashes={})
    for rid, paths in by_folder.items():
        taken = next((p for p in paths if p.suffix.lower() == ".pdf"), paths[0])
        plan.first.append(taken)
        for path in paths:
            if path == taken:
                continue
            if path.with_suffix("") == taken.with_suffix("") and path.suffix.lower() == ".txt" \
                    and taken.suffix.lower() == ".pdf" and taken not in plan.twins.values():  # one dump a PDF
                plan.twins[path] = taken
            else:
                plan.clashes[path] = Outcome(file=str(path), status="failed", report_id=rid,
                                             error=f"{path}: same output folder {rid!r} as {taken}: rename one of them")
    return plan


#: Objects allocated between two runs of the youngest cyclic-GC generation (Python's default: 700).
#: pdfminer allocates some 10^5 short-lived objects per page, freed by reference counting; at the
#: default the collector runs thousands of times per report and finds nothing (≈ 7 % of a run's
#: CPU, measured in ``benchmarks/README.md``). At 50,000 the imports alone (pandas, pandera: some
#: 150,000 objects that live as long as the process) still set off three collections, ≈ 0.06 s CPU;
#: at 200,000 a report of 22 pages sets off none and one of 229 pages one, at the same peak memory.
GC_YOUNG_THRESHOLD = 200_000


def tune_process() -> None:
    """Settings for a process that converts reports, made by the command line and by each worker
    (a worker comes from the fork server, a fresh interpreter: it inherits the environment, not the
    GC thresholds), never on import: a program that imports the package keeps its own.

    - Cyclic GC runs less often (``GC_YOUNG_THRESHOLD``).
    - pyarrow allocates with the system allocator unless ``ARROW_DEFAULT_MEMORY_POOL`` says
      otherwise: its default (mimalloc) keeps what the staged and output tables' string columns
      once took, so peak memory grew with the report (200 pages: 193 MiB with mimalloc, 180 MiB
      with the system allocator, for 170 and 165 MiB on 20 pages; ``benchmarks/README.md``). Read
      when pyarrow is first imported, so this runs before any import of pandas or pyarrow.
    """
    gc.set_threshold(GC_YOUNG_THRESHOLD, 10, 10)
    os.environ.setdefault("ARROW_DEFAULT_MEMORY_POOL", "system")


def _worker_main(conn: Connection) -> None:
    """A worker process: convert the jobs the parent sends until it sends ``None``.

    Ctrl-C is left to the parent (a terminal sends it to every process of the group). SIGTERM keeps
    its default action, to end the process at once: a handler raising ``SystemExit`` at an arbitrary
    point is not a reliable way out, since Python swallows an exception raised in a destructor
    (``ParquetWriter.__del__``) or a weakref callback, and the worker then went on converting. The
    parent never sends SIGTERM to a worker (it kills it); it removes the staging folder that a killed
    worker leaves (``remove_staging``), and a report folder is replaced in one rename.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    tune_process()
    with contextlib.suppress(EOFError, OSError):  # the parent is gone (its end closed): leave quietly
        while (job := conn.recv()) is not None:
            conn.send(_convert_job(job))


def _convert_job(job: Job) -> tuple[int, Outcome]:
    index, path, options = job
    return index, convert_one(path, options)


class _Interrupts:
    """SIGINT and SIGTERM stop the batch in the parent: the handler raises ``KeyboardInterrupt``.

    The signal is also remembered (``check``), because Python swallows an exception raised while a
    destructor runs: a Ctrl-C landing in ``ParquetWriter.__del__`` of a one-job batch would be lost,
    and the batch would go on. Once clean-up begins (``cleaning``), a further signal is only
    remembered, so that it cannot cut the clean-up short and leave a staging folder or a worker behind.
    Handlers are installed only in the main thread (Python allows no other).
    """

    def __init__(self) -> None:
        self.signalled = False
        self.cleaning = False
        self._previous: dict[int, Any] = {}

    def _handler(self, _signum: int, _frame: Any) -> None:
        self.signalled = True
        if not self.cleaning:
            raise KeyboardInterrupt

    def check(self) -> None:
        """Raise ``KeyboardInterrupt`` if a signal came whose exception may have been swallowed."""
        if self.signalled:
            raise KeyboardInterrupt

    def __enter__(self) -> _Interrupts:
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._previous[signum] = signal.signal(signum, self._handler)
        return self

    def __exit__(self, *_exc: object) -> None:
        for signum, previous in self._previous.items():
            signal.signal(signum, previous)


#: Modules the worker processes need, imported once by the fork server (pandas, pandera, the default
#: PDF reader and the table logic it feeds: ~1 s of CPU that each spawned worker would otherwise pay again).
WORKER_PRELOAD = ["yeep_extract.pipeline", "yeep_extract.extract.pdf_pdfplumber",
                  "yeep_extract.extract" + BACKENDS[DEFAULT_BACKEND].module]


def _start_context() -> multiprocessing.context.BaseContext:
    """How workers start: forked from a fork server that imported ``WORKER_PRELOAD`` once.

    Not a plain fork of this process: it may run a progress thread, and forking a process with
    threads can deadlock. Where there is no fork server (Windows), workers are spawned.
    """
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_PRELOAD)
    return context


def _start_fork_server(context: multiprocessing.context.BaseContext) -> None:
    """Start the fork server, if workers come from one, with Ctrl-C ignored.

    A terminal sends Ctrl-C to every process of the group; the fork server ignores it once it has
    imported ``WORKER_PRELOAD``, but one arriving during that second would end it with a traceback
    on stderr, and the workers it forks would inherit Python's handler until they set their own.
    "Ignored" is the one disposition a new program inherits, so this process ignores Ctrl-C for the
    few milliseconds of the fork server's fork and exec (a Ctrl-C in them is lost: the next one
    stops the batch). Only the main thread may change signal handlers.
    """
    if context.get_start_method() != "forkserver" or threading.current_thread() is not threading.main_thread():
        return
    from multiprocessing import forkserver

    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)


def failed_outcome(job: Job, why: str) -> Outcome:
    """A report whose conversion ended without an outcome (its worker died, its file could not be
    sent): failed, with ``why`` in its error line."""
    _, path, _ = job
    return Outcome(file=str(path), status="failed", report_id=report_id_for(path), error=f"{path}: {why}")


@dataclass
class _Worker:
    """One worker process and the parent's end of its own pipe."""

    process: multiprocessing.process.BaseProcess
    conn: Connection

    @classmethod
    def start(cls, context: multiprocessing.context.BaseContext, workers: list[_Worker]) -> _Worker:
        """Start a worker, listed in ``workers`` before it starts: if an interruption lands in the
        start, ``stop`` still finds it."""
        parent_end, child_end = context.Pipe()
        worker = cls(context.Process(target=_worker_main, args=(child_end,), daemon=True), parent_end)  # type: ignore[attr-defined]
        workers.append(worker)
        worker.process.start()
        child_end.close()  # the worker's end lives in the worker only: its death reads as end of file here
        return worker

    def stop(self) -> None:
        """Kill the process (idle or busy: SIGKILL cannot be caught or swallowed) and wait for it."""
        if self.process.pid is not None:  # started
            self.process.kill()
            self.process.join()
        self.conn.close()

    def death(self) -> str:
        """How the process ended, for the failed report's line."""
        self.process.join()
        code = self.process.exitcode
        how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit status {code}"
        return (f"the worker process converting it ended ({how}); its folder is as it was, or whole if the "
                f"worker had just renamed it into place")


def _pool_outcomes(todo: list[Job], jobs: int) -> Iterator[tuple[int, Outcome]]:
    """Outcomes as they finish from ``jobs`` worker processes, each fed one job at a time.

    Each worker has a pipe of its own, so no lock is shared between processes: a worker killed at
    any point (by this batch on interruption, by the out-of-memory killer, by a SIGTERM sent to the
    whole process group) can block nobody. ``multiprocessing.Pool`` could hang here: on ``terminate``
    the parent takes its task queue's lock for good and sends each worker one SIGTERM; a worker that
    survives it (its ``SystemExit`` swallowed in a destructor) finishes its report, asks for the next
    job, waits on that lock forever, and the parent waits for the worker. A worker that dies while
    converting fails its report (nothing is written: ``write.write_report`` renames whole folders) and
    is replaced for the remaining jobs. Closing this generator kills the workers.
    """
    from multiprocessing.connection import wait

    context = _start_context()
    _start_fork_server(context)
    pending = deque(todo)
    workers: list[_Worker] = []
    busy: dict[Connection, tuple[_Worker, Job]] = {}

    def retire(worker: _Worker) -> None:
        workers.remove(worker)
        worker.stop()

    def feed(worker: _Worker) -> None:
        """Send the next job to ``worker``, or to a new worker if this one died since its last report
        (its pipe is closed: the job never started, so it is not lost)."""
        while pending:
            job = pending.popleft()
            try:
                worker.conn.send(job)
            except OSError:
                pending.appendleft(job)
                retire(worker)
                worker = _Worker.start(context, workers)
                continue
            busy[worker.conn] = (worker, job)
            return

    try:
        for _ in range(min(jobs, len(todo))):
            feed(_Worker.start(context, workers))
        while busy:
            for conn in wait(list(busy)):
                worker, job = busy.pop(conn)  # type: ignore[call-overload]
                try:
                    result: tuple[int, Outcome] = conn.recv()
                except (EOFError, OSError):  # the worker died: its report failed, a new worker goes on
                    result = (job[0], failed_outcome(job, worker.death()))
                    retire(worker)
                    if pending:
                        worker = _Worker.start(context, workers)
                feed(worker)
                yield result
    finally:
        for worker in workers:
            worker.stop()


def remove_staging(out: Path, report_ids: list[str]) -> None:
    """Remove the staging folders of these reports (``write.write_report`` names them ``.<report_id>.*``).

    A report interrupted between its two renames (the old folder moved aside, the new one not yet in
    place) has its old folder put back first: an interruption never loses a report written before.
    """
    for rid in report_ids:
        for staging in sorted(out.glob(f".{rid}.*")):
            if not staging.is_dir():
                continue
            if (staging / rid).is_dir() and not (out / rid).exists():
                os.replace(staging / rid, out / rid)
            shutil.rmtree(staging, ignore_errors=True)


def recover(out: Path, report_ids: list[str]) -> None:
    """Tidy the output folder after an interruption or a worker's death: staging folders removed (``remove_staging``),
    and the folder's ``datapackage.json`` written again, without the temporary file a killed worker
    may have left, listing the report folders that are there (a worker killed between renaming its
    report folder into place and rewriting the descriptor left it one report short)."""
    remove_staging(out, report_ids)
    if out.is_dir():
        from .datapackage import PACKAGE_FILE, write_folder_package

        for temporary in out.glob(f".{PACKAGE_FILE}.*"):
            temporary.unlink(missing_ok=True)
        write_folder_package(out)


@dataclass
class BatchResult:
    """Every input's outcome in input order, and whether the run was interrupted."""

    outcomes: list[Outcome]
    interrupted: bool = False


def _outcomes(todo: list[Job], jobs: int, cluster: Client | None) -> Iterator[tuple[int, Outcome]]:
    """Outcomes as they finish: on a Dask cluster, in ``jobs`` worker processes, or in this process."""
    if cluster is not None:
        from .batch_dask import dask_outcomes

        return dask_outcomes(todo, cluster)
    if jobs <= 1 or len(todo) <= 1:
        return (_convert_job(job) for job in todo)
    return _pool_outcomes(todo, jobs)


def run_batch(inputs: list[Path], options: Options, jobs: int, log_json: Path | None = None,
              on_outcome: Callable[[Outcome], None] | None = None, dask: str | None = None,
              on_page: Callable[[int, int], None] | None = None) -> BatchResult:
    """Convert ``inputs`` with ``jobs`` processes (or on the Dask scheduler ``dask``: an address or
    ``local``); ``on_outcome`` sees each outcome as it arrives, ``on_page`` each scanned page read
    (its number and the page count) when a single input is converted in this process.

    Ctrl-C or SIGTERM ends the batch (``BatchResult.interrupted``): the workers are killed and the
    staging folders of this batch's reports removed, so only complete report folders remain.
    """
    from .extract.pdf_ocr import pages_told_to
    from .extract.read_ahead import cancel as read_ahead_stopped

    done: dict[int, Outcome] = {}
    position = {path: index for index, path in enumerate(inputs)}
    plan = _plan(inputs)
    if len(plan.first) == 1 and dask is None:
        # one file takes the cores for its scanned pages; with more, each file has a process and
        # its pages are read one by one (never jobs × jobs engines on jobs cores)
        options = replace(options, page_threads=jobs)
    log: IO[str] | None = log_json.open("w", encoding="utf-8") if log_json else None

    def record(index: int, outcome: Outcome) -> None:
        done[index] = outcome
        if log is not None:
            log.write(json.dumps(outcome.log_record(), ensure_ascii=False, sort_keys=True) + "\n")
            log.flush()
        if on_outcome is not None:
            on_outcome(outcome)

    def convert(todo: list[Job], cluster: Client | None) -> None:
        stream = _outcomes(todo, jobs, cluster)
        try:
            for index, outcome in stream:
                record(index, outcome)
                interrupts.check()
        except BaseException:
            interrupts.cleaning = True  # a second signal must not cut short the workers' clean-up
            raise
        finally:
            stream.close()  # kills the workers, if any are still busy

    for path, outcome in plan.clashes.items():
        record(position[path], outcome)
    interrupted = False
    with _Interrupts() as interrupts:
        try:
            with contextlib.ExitStack() as stack:
                cluster = None
                if dask is not None and plan.first:
                    from .batch_dask import connect

                    cluster = stack.enter_context(connect(dask, jobs))
                with pages_told_to(on_page if len(plan.first) == 1 and cluster is None else None):
                    convert([(position[path], path, options) for path in plan.first], cluster)
                dumps = []
                for dump, pdf in plan.twins.items():
                    if done[position[pdf]].out is None:  # the PDF failed: the dump may still be read
                        dumps.append((position[dump], dump, options))
                    else:
                        record(position[dump], Outcome(
                            file=str(dump), status="skipped", report_id=report_id_for(dump),
                            error=f"{dump}: skipped, the same report as {pdf} (converted from the PDF)"))
                convert(dumps, cluster)
        except KeyboardInterrupt:
            interrupted = True
        finally:
            interrupts.cleaning = True
            read_ahead_stopped()
            if log is not None:
                log.close()
            if interrupted or any(o.status == "failed" for o in done.values()):  # a killed worker, perhaps
                recover(options.out, sorted({report_id_for(path) for path in inputs}))
    return BatchResult([done[i] for i in sorted(done)], interrupted)


def read_ahead(inputs: list[Path], options: Options, jobs: int, dask: str | None = None) -> bool:
    """Start reading the file (a PDF or a text dump) of a batch of one report in a second process,
    when a core is free for it (``jobs`` of 2 or more, no Dask): this process meanwhile imports the
    later stages (``extract.read_ahead``). Whether it started. To be called before any thread starts (the
    progress bar's): the second process is forked. ``run_batch`` takes the read or stops it."""
    from .extract import InputError, reader_for
    from .extract import read_ahead as ahead

    plan = _plan(inputs)
    if dask is not None or jobs < 2 or len(plan.first) != 1 or not plan.first[0].is_file():
        return False
    try:
        backend, reader = reader_for(plan.first[0], options.backend)
    except InputError:  # an unknown backend: the conversion says so
        return False
    return ahead.start(plan.first[0], backend, reader)


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def stderr_is_terminal() -> bool:
    """Whether progress can be drawn as a bar (else one plain line per report)."""
    return sys.stderr.isatty()


def _line(outcome: Outcome, n: int, total: int) -> str:
    """The stderr line of one report: its counts, or ``error: <file>: <reason>``."""
    if outcome.status == "skipped":
        return f"[{n}/{total}] {outcome.error}"
    if outcome.status == "failed":
        return f"error: {outcome.error}"
    if outcome.status != "ok":
        return "\n".join([f"error: {outcome.error}", *(f"  {d}" for d in outcome.details)])
    checked = "" if outcome.disagreements is None else f", {outcome.disagreements} cross-check disagreements"
    return "\n".join([f"[{n}/{total}] {Path(outcome.file).name}: {outcome.rows} rows, {outcome.cells} cells, "
                      f"{outcome.suspects} suspect, {outcome.quarantined} quarantined{checked}, "
                      f"{outcome.seconds:.2f}s → {outcome.out}", *(f"warning: {u}" for u in outcome.unmatched_headers),
                      *([f"warning: {outcome.doubt}"] if outcome.doubt else [])])


@dataclass
class Shown:
    """What the CLI shows while it runs: each finished report (``report``), and on a terminal each
    scanned page read of a single file (``page``: its number and the page count)."""

    report: Callable[[Outcome], None]
    page: Callable[[int, int], None] | None = None


@contextmanager
def progress(total: int) -> Iterator[Shown]:
    """Callbacks showing each finished report and, on a terminal, each OCR'd page of a lone scan:
    a rich bar there, plain stderr lines per report otherwise (no page lines in a log)."""
    finished = 0
    if not stderr_is_terminal():
        def plain(outcome: Outcome) -> None:
            nonlocal finished
            finished += 1
            print(_line(outcome, finished, total), file=sys.stderr, flush=True)

        yield Shown(plain)
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True)) as bar:
        task = bar.add_task("converting", total=total)

        def fancy(outcome: Outcome) -> None:
            nonlocal finished
            finished += 1
            bar.console.print(_line(outcome, finished, total), markup=False, highlight=False)
            bar.advance(task)

        pages: list[Any] = []  # the OCR pages' task, added on the first scanned page

        def page(page_no: int, page_count: int) -> None:
            if not pages:
                pages.append(bar.add_task("OCR pages", total=page_count))
            bar.update(pages[0], completed=page_no, description=f"OCR page {page_no}/{page_count}")

        yield Shown(fancy, page)


#: Width of the summary table when stdout is no terminal (a log file): wide enough for long paths.
PLAIN_SUMMARY_WIDTH = 160


def display_names(files: list[str]) -> list[str]:
    """The inputs' paths without the folder they all share: what tells them apart.

    ``raw/mersin-yeep-2024.pdf`` and ``raw/mersin-yeep-2024.txt`` become the two file names; one
    input becomes its file name; inputs from several folders keep the folders that differ.
    """
    paths = [Path(f) for f in files]
    try:
        common = Path(os.path.commonpath([p.parent for p in paths])) if paths else Path()
    except ValueError:  # absolute and relative paths mixed: nothing in common to drop
        return [str(p) for p in paths]
    return [str(p.relative_to(common)) for p in paths]


def _status_counts(outcomes: list[Outcome]) -> str:
    """``3 ok, 1 skipped, 2 failed``: a skipped input is neither converted nor failed."""
    converted = sum(1 for o in outcomes if o.status == "ok")
    skipped = sum(1 for o in outcomes if o.status == "skipped")
    failed = len(outcomes) - converted - skipped
    return ", ".join([f"{converted} ok", *([f"{skipped} skipped"] if skipped else []), f"{failed} failed"])


def summary_table(outcomes: list[Outcome], cross_check: bool) -> Table:
    """The per-report table with totals. Names too long for the terminal wrap rather than being cut,
    so that two reports never show the same truncated name."""
    from rich import box
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_footer=True, pad_edge=False, collapse_padding=True)
    counts = ["rows", "cells", "suspects", "quarantined"] + (["disagreements"] if cross_check else [])
    names = display_names([o.file for o in outcomes])
    table.add_column("report", footer=f"total: {len(outcomes)} inputs", overflow="fold")
    table.add_column("status", footer=_status_counts(outcomes))
    for name in counts:
        total = sum(getattr(o, name) or 0 for o in outcomes)
        table.add_column(name, justify="right", footer=str(total))
    table.add_column("seconds", justify="right", footer=f"{sum(o.seconds for o in outcomes):.2f}")
    for o, name in zip(outcomes, names, strict=True):
        cells = [str(getattr(o, c)) if o.out is not None and getattr(o, c) is not None else "-" for c in counts]
        table.add_row(name, o.status, *cells, f"{o.seconds:.2f}")
    return table


def print_summary(outcomes: list[Outcome], cross_check: bool) -> None:
    """The per-report table with totals, on stdout (stderr has the progress and the errors)."""
    from rich.console import Console

    console = Console(width=None if sys.stdout.isatty() else PLAIN_SUMMARY_WIDTH, highlight=False)
    console.print(summary_table(outcomes, cross_check))
    for line in (u for o in outcomes for u in o.unmatched_headers):
        console.print(f"warning: {line}", markup=False, soft_wrap=True)
    for o in outcomes:
        if o.doubt and o.status == "ok":  # a failed one says it in its error
            console.print(f"warning: {o.doubt}", markup=False, soft_wrap=True)
