"""Registries read once per machine instead of once per run.

Every run reads the same registry files (``schemas/``: municipality profiles, unit registries and
aliases, abbreviations, type words, indicators), validates each with pandera and builds the keys it
matches names with: about a tenth of a 22-page report's run, for files that rarely change. What was
built from them is kept, pickled, in the user's cache folder (``$YEEP_EXTRACT_CACHE``, else
``$XDG_CACHE_HOME/yeep-extract``, else ``~/.cache/yeep-extract``) under a key made of the files'
bytes, what else the result depends on (the folder, the municipality's profile), this package's
version and the bytes of its own source files (a changed rule anywhere builds anew) and Python's
version. A file that changes, moves or goes makes a new key: the registry is read, validated and
built again, and the entry replaced. A registry that fails validation raises as before and is never
kept. A cache folder that cannot be written or an entry that cannot be read is no error: the
registry is then built as without a cache. ``YEEP_EXTRACT_CACHE=off`` turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import TypeVar

from .. import __version__

T = TypeVar("T")

#: ``YEEP_EXTRACT_CACHE`` set to this: no cache (every run reads and validates the files)
OFF = "off"


def cache_dir() -> Path | None:
    """Where built registries are kept; None when the cache is turned off."""
    chosen = os.environ.get("YEEP_EXTRACT_CACHE")
    if chosen == OFF:
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "yeep-extract"


@cache
def _code_fingerprint() -> bytes:
    """The bytes of this package's source files, hashed (once per process): the built objects are
    instances of its classes, made by its rules."""
    digest = hashlib.sha256(f"{__version__} {sys.version}".encode())
    package = Path(__file__).resolve().parents[1]
    for source in sorted(package.rglob("*.py")):
        digest.update(str(source.relative_to(package)).encode())
        digest.update(source.read_bytes())
    return digest.digest()


def cached(kind: str, sources: Iterable[Path], build: Callable[[], T], *depends_on: object) -> T:
    """``build()``, or what it built before from the same ``sources`` (their bytes), ``depends_on``
    (by ``repr``) and this package's code. ``kind`` names the entry (one file per kind and
    ``depends_on``: a new key replaces the old entry)."""
    folder = cache_dir()
    if folder is None:
        return build()
    sources = list(sources)
    try:
        contents = [path.read_bytes() for path in sources]
    except OSError:
        return build()  # a file missing: ``build`` says so as it would without a cache
    digest = hashlib.sha256(_code_fingerprint())
    for path, content in zip(sources, contents, strict=True):
        digest.update(f"\0{path.resolve()}\0{len(content)}\0".encode())
        digest.update(content)
    name = hashlib.sha256(f"{kind}\0{depends_on!r}".encode()).hexdigest()[:24]
    digest.update(name.encode())
    key = digest.digest()
    entry = folder / f"{kind}-{name}.pickle"
    # missing, of another key, or unreadable: built again below (written by this module only)
    with contextlib.suppress(Exception), open(entry, "rb") as fh:
        if fh.read(len(key)) == key:
            return pickle.load(fh)
    built = build()
    _store(entry, key, built)
    return built


def _store(entry: Path, key: bytes, built: object) -> None:
    """Write the entry whole or not at all (another process may be reading or writing it)."""
    temporary = None
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=entry.parent, prefix=entry.name, suffix=".tmp")
        with os.fdopen(handle, "wb") as fh:
            fh.write(key)
            pickle.dump(built, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, entry)
    except Exception:  # a read-only or full disk, an object that cannot be pickled: no cache then
        if temporary is not None:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
