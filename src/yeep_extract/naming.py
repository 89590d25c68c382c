"""Output names derived from input files, without heavy imports.

The batch runner's parent process needs report ids (to find inputs that would write the same
folder, and to clean up after an interruption) but never converts anything itself: keeping this
here spares it importing pandas and pandera (~1.5 s) before it starts its workers.
"""

from __future__ import annotations

import re
from pathlib import Path


def report_id_for(path: Path) -> str:
    """A stable slug of the file name: lower case ASCII letters, digits and dashes."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or "report"
