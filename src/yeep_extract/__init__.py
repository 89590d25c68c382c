"""yeep-extract: realization reports of Local Equality Action Plans (YEEP) → validated Parquet.

Flow (each arrow a documented DataFrame, see ``vocab``):
extract (pdf/text → staged cell lines) → structure (→ staged rows and value cells)
→ normalize (values, units, keys) → validate (pandera) → write (Parquet + manifest).

The public surface is ``__all__``: ``read_report(path) -> Report`` (``api``), the layout thresholds
``LayoutSettings`` it takes, and the errors a report that cannot be read raises. The names are
imported on first use, so ``import yeep_extract`` (and the command line's ``--help``) stays light.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .api import Report, read_report
    from .extract.geometry import LayoutSettings
    from .extract.staged import InputError
    from .headers import HeaderError
    from .structure import StructureError

__all__ = ["HeaderError", "InputError", "LayoutSettings", "Report", "StructureError", "__version__", "read_report"]

#: Where each public name lives (imported by ``__getattr__`` when first asked for).
_LAZY = {"read_report": ".api", "Report": ".api", "LayoutSettings": ".extract.geometry",
         "InputError": ".extract.staged", "HeaderError": ".headers", "StructureError": ".structure"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        value = getattr(import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
