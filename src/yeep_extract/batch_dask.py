"""Batch conversion on a Dask cluster: ``yeep-extract run ... --dask SCHEDULER`` (the ``dask`` extra).

The client (this process) reads each input and sends its bytes with the task; a worker writes them
under the input's own file name into a temporary folder, converts it there with ``batch.convert_one``
(the very code of a local run) and sends back the report folder's files, which the client writes
into the output folder with the same staged, one-rename write (``write.write_folder``). So the
workers need neither the inputs nor the output folder on a shared file system, the files are
byte-identical to a ``--jobs 1`` run, and a worker lost mid-run leaves nothing half-written: only
the client writes, and only whole folders. Dask runs a lost worker's task again on another worker
(up to ``distributed.scheduler.allowed-failures`` times); past that, the report is failed.

At most ``IN_FLIGHT_PER_THREAD`` reports per worker thread are sent ahead, so a national archive
never sits in the scheduler's memory at once.
"""

from __future__ import annotations

import logging
import signal
import tempfile
import threading
from collections import deque
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from distributed import WorkerPlugin

from .batch import Job, Options, Outcome, convert_one, failed_outcome, tune_process
from .write import write_folder

if TYPE_CHECKING:
    from distributed import Client, Future, Worker

#: ``--dask local``: a LocalCluster of ``--jobs`` single-threaded worker processes on this machine.
LOCAL = "local"

#: Reports sent ahead per worker thread: enough to keep every worker busy while results come back.
IN_FLIGHT_PER_THREAD = 2

#: A report folder's files, by path relative to the folder, as sent back by a worker.
Files = dict[str, bytes]


def convert_remote(name: str, data: bytes, options: Options) -> tuple[Outcome, str, Files]:
    """On a worker: convert the input ``name`` with content ``data``; the outcome, the path it was
    converted from (for the client to name the original instead) and the report folder's files."""
    with tempfile.TemporaryDirectory(prefix="yeep-extract-") as scratch:
        source = Path(scratch) / "in" / name
        source.parent.mkdir()
        source.write_bytes(data)
        outcome = convert_one(source, replace(options, out=Path(scratch) / "out"))
        files: Files = {}
        if outcome.out is not None:
            folder = Path(outcome.out)
            files = {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*"))
                     if p.is_file()}
        return outcome, str(source), files


def land(job: Job, outcome: Outcome, source: str, files: Files) -> Outcome:
    """On the client: write a worker's report folder into the output folder (whole, in one rename)
    and name the input as the client knows it in the outcome."""
    _, path, options = job
    outcome.file = str(path)
    outcome.error = outcome.error.replace(source, str(path)) if outcome.error else outcome.error
    if outcome.out is not None and outcome.report_id is not None:

        def fill(staging: Path) -> None:
            for relative, content in files.items():
                (staging / relative).parent.mkdir(parents=True, exist_ok=True)
                (staging / relative).write_bytes(content)

        outcome.out = str(write_folder(options.out, outcome.report_id, fill))
    return outcome


class _OurWorker(WorkerPlugin):
    """A Dask worker plugin for the workers of our own LocalCluster (see ``connect``): they ignore
    Ctrl-C, and take the settings of a process that converts reports (``batch.tune_process``)."""

    def setup(self, worker: Worker) -> None:
        """Runs in each worker as it joins, replacements included, on its event loop (the main thread)."""
        if threading.current_thread() is threading.main_thread():
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        tune_process()


@contextmanager
def connect(scheduler: str, jobs: int) -> Iterator[Client]:
    """A client of the scheduler at ``scheduler``, or of a new LocalCluster of ``jobs`` processes
    (``local``), closed (the LocalCluster too) on leaving. The LocalCluster listens on free ports
    (another cluster may hold Dask's default ones) and logs only errors: failures reach the user
    as the batch's own ``error:`` lines.

    A terminal sends Ctrl-C to every process of the group, and each worker of the LocalCluster
    printed a traceback on it: they ignore it (``_OurWorker``, from their start but for its first
    moments), as this process stops them when it stops. Workers of a cluster given by address are
    not ours to change."""
    from distributed import Client, LocalCluster

    cluster = None
    if scheduler == LOCAL:
        cluster = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=":0",
                               silence_logs=logging.ERROR)
    try:
        client = Client(cluster if cluster is not None else scheduler)
        try:
            if cluster is not None:
                client.register_plugin(_OurWorker(), name="yeep-extract-worker")
            yield client
        finally:
            client.close()
    finally:
        if cluster is not None:
            cluster.close()


def dask_outcomes(todo: list[Job], client: Client) -> Iterator[tuple[int, Outcome]]:
    """Outcomes as the cluster finishes them. Closing this generator cancels what is left."""
    from distributed import as_completed
    from distributed.client import FutureCancelledError
    from distributed.scheduler import KilledWorker

    pending = deque(todo)
    running = as_completed()
    job_of: dict[Future, Job] = {}

    def send_ahead() -> Iterator[tuple[int, Outcome]]:
        """Send reports until enough are out for the workers there are now (a cluster may grow while
        it runs); a failed outcome for a file that cannot be read here."""
        ahead = IN_FLIGHT_PER_THREAD * max(1, sum(client.nthreads().values()))
        while pending and len(job_of) < ahead:
            job = pending.popleft()
            index, path, options = job
            try:
                data = path.read_bytes()
            except OSError as exc:
                yield index, failed_outcome(job, f"cannot be read: {exc.strerror or exc}; nothing written for it")
                continue
            future = client.submit(convert_remote, path.name, data, options, pure=False)
            job_of[future] = job
            running.add(future)

    try:
        yield from send_ahead()
        for future in running:
            job = job_of.pop(future)
            try:
                outcome = land(job, *future.result())
            except KilledWorker as exc:
                outcome = failed_outcome(job, f"workers died converting it ({exc}); nothing written for it")
            except FutureCancelledError:
                outcome = failed_outcome(job, "its task was cancelled on the cluster; nothing written for it")
            except Exception as exc:  # the task itself failed (convert_one turns input errors into outcomes)
                why = f"the cluster failed, nothing written for it: {type(exc).__name__}: {exc}"
                outcome = failed_outcome(job, why.splitlines()[0])
            future.release()
            yield from send_ahead()
            yield job[0], outcome
    finally:
        client.cancel(list(job_of))
