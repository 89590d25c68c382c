"""A lone PDF read in a second process while this one imports what the later stages need.

A run that converts one born-digital PDF (or one text dump) spends about half of its time importing pandas, pandera
and pyarrow, which only the stages after extraction use, and most of the rest reading the PDF,
which needs none of them. With a core to spare, ``start`` forks a process that reads the PDF
(``Backend.stage``: the reader up to its staged lines, plain Python) while this one goes on to
import the rest; ``extract`` then takes the staged lines (``take``) instead of reading the file.

The second process is a head start and nothing more: it runs the reader this process would run,
on the same file with the same settings, and whatever goes wrong there (a file that cannot be
read, a page to read from its image, a crash, a result that does not arrive whole) makes this
process read the file itself, which gives the same lines or raises the same error. Pages to be
OCR'd are left to this process (``pdf_ocr.scans_declined``), which shows their progress and
shares the cores among them. The staged lines come back pickled through a pipe between the two
processes of this run, never through a file.

Forking is safe here because nothing else runs yet: the command line calls ``start`` before the
progress bar's thread exists and before pandas, pyarrow or PDFium are loaded (the child loads its
own reader). Where ``os.fork`` is missing (Windows) or unsafe (macOS, a process with threads),
nothing is read ahead.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:
    from . import Backend
    from .geometry import LayoutSettings
    from .staged import StagedRead


@dataclass(frozen=True)
class _Pending:
    """A second process reading a file, and the end of the pipe its staged lines come through."""

    pid: int
    pipe: int


#: Reads running, by resolved path, backend and layout settings: ``take`` gives a read only to the
#: same request.
_PENDING: dict[tuple[Path, str, LayoutSettings], _Pending] = {}


def can_read_ahead() -> bool:
    """Whether this process forks safely: on Linux and the like, not macOS (whose system libraries
    may not be used in a forked child) nor Windows (no fork), and while it runs one thread only (a
    lock another thread holds would stay held in the child for ever)."""
    return hasattr(os, "fork") and sys.platform != "darwin" and threading.active_count() == 1


def start(path: Path, backend: str, reader: Backend, settings: LayoutSettings | None = None) -> bool:
    """Start reading the report ``path`` with ``reader`` (named ``backend``: ``extract.reader_for``
    gives both) in a second process; whether it started (not for a reader without a staging
    function, nor where forking is not safe)."""
    from .geometry import SETTINGS

    if not can_read_ahead() or reader.stage is None:
        return False
    key = (path.resolve(), backend, settings or SETTINGS)
    if key in _PENDING:
        return True
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read_end)
        _read_and_send(write_end, path, reader, settings or SETTINGS)
    os.close(write_end)
    _PENDING[key] = _Pending(pid, read_end)
    return True


def _read_and_send(pipe: int, path: Path, reader: Backend, settings: LayoutSettings) -> NoReturn:
    """The second process: read the file, send its staged lines, and end without clean-up code
    (``os._exit``: this process's copies of the first one's buffers and handlers are not its own)."""
    code = 1
    try:
        # a terminal's Ctrl-C reaches every process of the group: the first process decides, and
        # kills this one; SIGTERM ends it at once
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        from .pdf_ocr import scans_declined

        with scans_declined():
            staged = reader.load_stage()(path, settings)
        with os.fdopen(pipe, "wb") as out:
            pickle.dump(staged, out, protocol=pickle.HIGHEST_PROTOCOL)
        code = 0
    except BaseException:  # whatever it is, the first process reads the file itself
        pass
    finally:
        os._exit(code)


def take(path: Path, backend: str, settings: LayoutSettings) -> StagedRead | None:
    """The staged lines of ``path`` read ahead with ``backend`` and ``settings``, waiting for them;
    ``None`` when no such read was started or it gave nothing (the caller reads the file)."""
    pending = _PENDING.pop((path.resolve(), backend, settings), None)
    if pending is None:
        return None
    try:
        with os.fdopen(pending.pipe, "rb") as pipe:
            data = pipe.read()
    except BaseException:
        _stop(pending.pid)  # interrupted while waiting: the read is not wanted any more
        raise
    _, status = os.waitpid(pending.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0 or not data:
        return None
    try:
        return pickle.loads(data)  # from this run's own second process
    except Exception:  # cut short: read the file here
        return None


def cancel() -> None:
    """Stop every read still running (a run that ended, or was interrupted, before taking it)."""
    while _PENDING:
        _, pending = _PENDING.popitem()
        os.close(pending.pipe)
        _stop(pending.pid)


def _stop(pid: int) -> None:
    """Kill a second process, whatever it is doing, and wait for it (no zombie is left)."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    with contextlib.suppress(ChildProcessError):
        os.waitpid(pid, 0)
