"""What every extractor gives, whatever it reads: the staged cell table and the quarantine.

Kept apart from the backend table in ``extract/__init__.py`` so that backends import these types
without importing the package that imports them (no import cycle).
"""

from __future__ import annotations

import math
from array import array
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..vocab import QUARANTINE_COLUMNS, STAGED_CELL_COLUMNS, column_dtypes

if TYPE_CHECKING:
    import pandas as pd

# pandas is imported where a frame is made, not here: a PDF read ahead in a second process
# (``read_ahead``) stages its lines without it, while the first process imports it.


class InputError(ValueError):
    """A report that cannot be read at all; the message is one line that names the file."""


_CELL_DTYPES = column_dtypes(STAGED_CELL_COLUMNS)
_QUARANTINE_DTYPES = column_dtypes(QUARANTINE_COLUMNS)


def cells_frame(records: Iterable[Mapping[str, Any]]) -> pd.DataFrame:
    """The staged cell table from dicts (missing keys become null), typed and ordered."""
    import pandas as pd

    return _typed_cells(pd.DataFrame.from_records(list(records), columns=list(STAGED_CELL_COLUMNS)))


class StagedCells:
    """Staged cell lines of a document, kept column by column while its pages are read.

    The lines of the whole document are held until its last page is read (about 100 per page). A
    line kept as a dict costs some 600 bytes; kept here, coordinates in arrays of doubles and the
    other fields, mostly small shared values, in one list per column, it costs about a sixth of
    that. ``frame()`` is the staged cell table.
    """

    _COORDINATES = ("x0", "top", "x1", "bottom")

    def __init__(self) -> None:
        self._coordinates = {name: array("d") for name in self._COORDINATES}
        self._others: dict[str, list[Any]] = {
            name: [] for name in STAGED_CELL_COLUMNS if name != "seq" and name not in self._COORDINATES}

    def append(self, record: Mapping[str, Any]) -> None:
        """Add one line; a key that is no staged column is an error (it would be lost)."""
        unknown = record.keys() - self._coordinates.keys() - self._others.keys()
        if unknown:
            raise KeyError(f"not staged cell columns: {sorted(unknown)}")
        for name, numbers in self._coordinates.items():
            value = record.get(name)
            numbers.append(math.nan if value is None else value)
        for name, values in self._others.items():
            values.append(record.get(name))

    def extend(self, other: StagedCells) -> None:
        for name, numbers in self._coordinates.items():
            numbers.extend(other._coordinates[name])
        for name, values in self._others.items():
            values.extend(other._others[name])

    def move_boxes(self, start: int, move: Callable[[float, float, float, float], tuple[float, ...]]) -> None:
        """Move the boxes of the lines from ``start`` on (those that have one) by ``move``
        (``x0, top, x1, bottom`` → the same): a turned page's lines back onto the page as shown."""
        x0s, tops, x1s, bottoms = (self._coordinates[name] for name in self._COORDINATES)
        for i in range(start, len(x0s)):
            if not math.isnan(x0s[i]):
                x0s[i], tops[i], x1s[i], bottoms[i] = move(x0s[i], tops[i], x1s[i], bottoms[i])

    def __len__(self) -> int:
        return len(self._others["text"])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        """Each line as a dict (missing coordinates as ``None``), in document order."""
        names = [*self._coordinates, *self._others]
        columns = [*self._coordinates.values(), *self._others.values()]
        for values in zip(*columns, strict=True):
            yield {n: None if isinstance(v, float) and math.isnan(v) else v
                   for n, v in zip(names, values, strict=True)}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, StagedCells) and list(self) == list(other)

    __hash__ = None  # type: ignore[assignment]  # mutable

    def frame(self) -> pd.DataFrame:
        """The staged cell table, typed and ordered as ``cells_frame`` makes it."""
        import pandas as pd

        # "seq" is not kept: it is the line's position, numbered by ``_typed_cells``
        return _typed_cells(pd.DataFrame({**self._coordinates, **self._others}, columns=list(STAGED_CELL_COLUMNS)))


def _typed_cells(frame: pd.DataFrame) -> pd.DataFrame:
    frame["seq"] = range(len(frame))
    frame["joiner"] = frame["joiner"].astype(object).fillna("")
    frame["row_break"] = frame["row_break"].astype(object).fillna("rule")
    frame["cut"] = frame["cut"].astype(object).fillna(False)
    frame["row_end"] = frame["row_end"].astype(object).fillna(frame["row"])  # one fine row unless told
    return frame.astype(_CELL_DTYPES)


def quarantine_frame(records: list[dict[str, Any]]) -> pd.DataFrame:
    """The quarantine table from a list of dicts, typed and ordered."""
    import pandas as pd

    return pd.DataFrame.from_records(records, columns=list(QUARANTINE_COLUMNS)).astype(_QUARANTINE_DTYPES)


@dataclass
class Extraction:
    """What an extractor gives: staged cell lines, quarantined text and facts for the manifest."""

    cells: pd.DataFrame
    quarantine: pd.DataFrame
    meta: dict[str, Any] = field(default_factory=dict)  # page_count, backend, backend_version, ...


@dataclass
class StagedRead:
    """What a reader stages before any table is made: the staged cell lines, the quarantined
    text and the facts for the manifest. Plain Python, so that it can be made in a process that
    never imports pandas and sent from there (``read_ahead``)."""

    #: the lines as a PDF reader keeps them, or as the text reader makes them (one dict each)
    records: StagedCells | list[dict[str, Any]]
    quarantine: list[dict[str, Any]]
    meta: dict[str, Any]

    def extraction(self) -> Extraction:
        """The ``Extraction``: the staged cell table and the quarantine as typed frames."""
        cells = self.records.frame() if isinstance(self.records, StagedCells) else cells_frame(self.records)
        return Extraction(cells=cells, quarantine=quarantine_frame(self.quarantine), meta=self.meta)
