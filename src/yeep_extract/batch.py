"""Batch conversion: many reports in N processes, with progress, a JSON log and a summary table.

Each report is converted on its own (``convert_one``) and never raises for bad input: whatever goes
wrong becomes an ``Outcome`` with status ``failed`` and a one-line ``error`` naming the file, so one
bad file cannot stop an archive. Reports are independent, so the Parquet files are the same whatever
the number of processes; the summary lists reports in input order.

Interruption (Ctrl-C, SIGTERM): ``write.write_report`` stages each report in a hidden folder beside
its target and renames it into place, removing the staging folder on any exception. The parent
turns SIGTERM into ``KeyboardInterrupt`` and terminates the workers, which leave through
``SystemExit`` so that clean-up runs; then it removes the staging folders of this batch's reports
that a hard-killed worker may have left.
"""

from __future__ import annotations

import gc
import json
import multiprocessing
import os
import shutil
import signal
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import IO, Any

from .naming import report_id_for

#: Exit status of an interrupted run, by the shell convention 128 + SIGINT.
EXIT_INTERRUPTED = 130


@dataclass(frozen=True)
class Options:
    """How every report of a batch is converted."""

    out: Path
    backend: str = "pdfplumber"
    cross_check: bool = False
    strict: bool = False  # a report with suspect values or quarantined text counts as failed
    municipality: str | None = None  # profile key (schemas/municipalities.csv); None: from each report
    excel: bool = False  # also a workbook per report (``excel``)
    csv: bool = False  # also CSV files per report
    lang: str = "tr"  # language of the workbook's and CSV files' column labels


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


def convert_one(path: Path, options: Options) -> Outcome:
    """Convert one report; any problem with it becomes a failed ``Outcome``, never an exception."""
    from .extract import InputError
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
        if res.validation_errors:
            outcome.status = "invalid"
            outcome.error = f"{path}: {len(res.validation_errors)} validation failures"
            outcome.details = res.validation_errors[:10]
        elif options.strict and (res.suspects or res.quarantined):
            outcome.status = "strict"
            outcome.error = (f"{path}: --strict: {res.suspects} suspect values, {res.quarantined} quarantined "
                             f"fragments (folder written for inspection)")
    outcome.seconds = round(time.perf_counter() - started, 3)
    return outcome


def _same_folder_outcomes(inputs: list[Path]) -> dict[Path, Outcome]:
    """Inputs whose output folder (report id) an earlier input already takes: converting both would race.

    The same report as a PDF and as a text dump beside it (``x.pdf``, ``x.txt``) is one report: the
    PDF is converted (its cells keep page boxes) and the dump is skipped. Any other clash fails.
    """
    first: dict[str, Path] = {}
    clashes: dict[Path, Outcome] = {}
    for path in inputs:
        rid = report_id_for(path)
        taken = first.setdefault(rid, path)
        if taken == path:
            continue
        same_report = taken.with_suffix("") == path.with_suffix("") and taken.suffix.lower() == ".pdf"
        if same_report:
            clashes[path] = Outcome(file=str(path), status="skipped", report_id=rid,
                                    error=f"{path}: skipped, the same report as {taken} (the PDF is converted)")
        else:
            clashes[path] = Outcome(file=str(path), status="failed", report_id=rid,
                                    error=f"{path}: same output folder {rid!r} as {taken}: rename one of them")
    return clashes


def _raise_interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def _exit_worker(signum: int, _frame: Any) -> None:
    raise SystemExit(128 + signum)


#: Objects allocated between two runs of the youngest cyclic-GC generation (Python's default: 700).
#: pdfminer allocates some 10^5 short-lived objects per page, freed by reference counting; at the
#: default the collector runs thousands of times per report and finds nothing (≈ 7 % of a run's
#: CPU, measured in ``benchmarks/README.md``).
GC_YOUNG_THRESHOLD = 50_000


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


def _worker_init() -> None:
    """Workers leave Ctrl-C to the parent, and leave on SIGTERM through ``SystemExit``.

    ``SystemExit`` unwinds like any exception, so ``write_report`` removes the staging folder of a
    report being written, and ``multiprocessing`` ends the worker without printing a traceback.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _exit_worker)
    tune_process()


def _convert_job(job: tuple[int, Path, Options]) -> tuple[int, Outcome]:
    index, path, options = job
    return index, convert_one(path, options)


@contextmanager
def _sigterm_interrupts() -> Iterator[None]:
    """In the parent, SIGTERM stops the batch like Ctrl-C does."""
    previous = signal.signal(signal.SIGTERM, _raise_interrupt)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


#: Modules the worker processes need, imported once by the fork server (pandas, pandera, pdfplumber:
#: ~1 s of CPU that each spawned worker would otherwise pay again).
WORKER_PRELOAD = ["yeep_extract.pipeline", "yeep_extract.extract.pdf_pdfplumber"]


def _start_context() -> multiprocessing.context.BaseContext:
    """How workers start: forked from a fork server that imported ``WORKER_PRELOAD`` once.

    Not a plain fork of this process: it may run a progress thread, and forking a process with
    threads can deadlock. Where there is no fork server (Windows), workers are spawned.
    """
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(WORKER_PRELOAD)
    return context


def _outcomes(todo: list[tuple[int, Path, Options]], jobs: int) -> Iterator[tuple[int, Outcome]]:
    """Outcomes as they finish: in this process for one job, else in a pool of ``jobs`` processes."""
    if jobs <= 1 or len(todo) <= 1:
        for job in todo:
            yield _convert_job(job)
        return
    pool = _start_context().Pool(processes=min(jobs, len(todo)), initializer=_worker_init)
    try:
        yield from pool.imap_unordered(_convert_job, todo, chunksize=1)
    except BaseException:  # interrupted (or the generator closed early): stop the busy workers
        pool.terminate()
        raise
    else:
        pool.close()
    finally:
        pool.join()


def remove_staging(out: Path, report_ids: list[str]) -> None:
    """Remove staging folders (``write.write_report`` names them ``.<report_id>.*``) of these reports."""
    for rid in report_ids:
        for staging in out.glob(f".{rid}.*"):
            if staging.is_dir():
                shutil.rmtree(staging, ignore_errors=True)


@dataclass
class BatchResult:
    """Every input's outcome in input order, and whether the run was interrupted."""

    outcomes: list[Outcome]
    interrupted: bool = False


def run_batch(inputs: list[Path], options: Options, jobs: int, log_json: Path | None = None,
              on_outcome: Callable[[Outcome], None] | None = None) -> BatchResult:
    """Convert ``inputs`` with ``jobs`` processes; ``on_outcome`` sees each outcome as it arrives."""
    done: dict[int, Outcome] = {}
    clashes = _same_folder_outcomes(inputs)
    log: IO[str] | None = log_json.open("w", encoding="utf-8") if log_json else None

    def record(index: int, outcome: Outcome) -> None:
        done[index] = outcome
        if log is not None:
            log.write(json.dumps(outcome.log_record(), ensure_ascii=False, sort_keys=True) + "\n")
            log.flush()
        if on_outcome is not None:
            on_outcome(outcome)

    todo = []
    for index, path in enumerate(inputs):
        if path in clashes:
            record(index, clashes[path])
        else:
            todo.append((index, path, options))
    interrupted = False
    stream = _outcomes(todo, jobs)
    try:
        with _sigterm_interrupts():
            for index, outcome in stream:
                record(index, outcome)
    except KeyboardInterrupt:
        interrupted = True
    finally:
        stream.close()  # terminates the workers, if any are still busy
        if log is not None:
            log.close()
    if interrupted:
        remove_staging(options.out, [report_id_for(path) for _, path, _ in todo])
    return BatchResult([done[i] for i in sorted(done)], interrupted)


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
                      f"{outcome.seconds:.2f}s → {outcome.out}", *(f"warning: {u}" for u in outcome.unmatched_headers)])


@contextmanager
def progress(total: int) -> Iterator[Callable[[Outcome], None]]:
    """A callback showing each finished report: a rich bar on a terminal, plain stderr lines otherwise."""
    finished = 0
    if not stderr_is_terminal():
        def plain(outcome: Outcome) -> None:
            nonlocal finished
            finished += 1
            print(_line(outcome, finished, total), file=sys.stderr, flush=True)

        yield plain
        return
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("converting"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=Console(stderr=True)) as bar:
        task = bar.add_task("reports", total=total)

        def fancy(outcome: Outcome) -> None:
            nonlocal finished
            finished += 1
            bar.console.print(_line(outcome, finished, total), markup=False, highlight=False)
            bar.advance(task)

        yield fancy


#: Width of the summary table when stdout is no terminal (a log file): wide enough for long paths.
PLAIN_SUMMARY_WIDTH = 160


def print_summary(outcomes: list[Outcome], cross_check: bool) -> None:
    """The per-report table with totals, on stdout (stderr has the progress and the errors)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table

    table = Table(box=box.SIMPLE_HEAD, show_footer=True)
    counts = ["rows", "cells", "suspects", "quarantined"] + (["disagreements"] if cross_check else [])
    ok = sum(1 for o in outcomes if o.ok)
    table.add_column("report", footer=f"total: {len(outcomes)} inputs")
    table.add_column("status", footer=f"{ok} ok, {len(outcomes) - ok} failed")
    for name in counts:
        total = sum(getattr(o, name) or 0 for o in outcomes)
        table.add_column(name, justify="right", footer=str(total))
    table.add_column("seconds", justify="right", footer=f"{sum(o.seconds for o in outcomes):.2f}")
    for o in outcomes:
        cells = [str(getattr(o, name)) if o.out is not None and getattr(o, name) is not None else "-"
                 for name in counts]
        table.add_row(o.file, o.status, *cells, f"{o.seconds:.2f}")
    console = Console(width=None if sys.stdout.isatty() else PLAIN_SUMMARY_WIDTH, highlight=False)
    console.print(table)
    for line in (u for o in outcomes for u in o.unmatched_headers):
        console.print(f"warning: {line}", markup=False, soft_wrap=True)
