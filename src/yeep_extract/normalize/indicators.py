"""Indicator keys: each indicator row → a stable id that joins the same indicator across years' reports.

Neither the activity code nor the position can be the key: a later report inserts an activity (the
codes after it shift), prints an activity's indicators in another order, rewords titles. So the key
is found by text, against the indicator registry ``schemas/indicators.csv`` (one row per key ever
assigned, with the activity and indicator texts it was registered with):

1. every indicator row is scored against every registry row: ``ACTIVITY_WEIGHT`` × similarity of
   the activity titles + the rest × similarity of the indicator names (rapidfuzz ``token_sort_ratio``
   of the folded texts, 0-100); a pair is a candidate when both parts and the blend reach their minimum;
2. candidates are taken best first, one to one (a key is never given to two rows of one report);
3. a row left over is new: its key is ``ind-`` + the first 10 hex digits of the SHA-1 of its folded
   activity and indicator texts (``-2``, ``-3``... if that key is taken), so a re-run gives the same key.

The registry grows only on purpose: ``yeep-extract register OUTDIR...`` matches converted reports
(oldest first) against it again and appends the indicators it does not match (their new keys and
texts). ``run`` only reads it, so runs are deterministic; registering a report after converting it
leaves its keys unchanged.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from rapidfuzz import fuzz, process

from ..textnorm import match_key
from ..vocab import schemas_dir
from .registry_cache import cached

#: Share of the activity title in a pair's score. Indicator names repeat across activities ("Eğitim
#: sayısı" in four of them), so the activity must weigh as much as the indicator to tell them apart.
ACTIVITY_WEIGHT = 0.5
#: Lowest indicator-name similarity of a candidate: a reworded name ("Eğitim sayısı" → "Düzenlenen
#: eğitim sayısı": 70) passes; another indicator of the same activity ("Video sayısı" against
#: "Hazırlanan dijital döküman sayısı": 27) does not.
INDICATOR_MIN = 65.0
#: Lowest activity-title similarity of a candidate: a reworded title ("Kadınlara iş bulma becerisi
#: kazandırmak" → "Kadınların iş bulma becerilerini geliştirmek": 63) passes, while an unrelated activity
#: that happens to have an indicator of the same name usually stays below.
ACTIVITY_MIN = 55.0
#: Lowest blended score of a candidate pair.
PAIR_MIN = 75.0
REGISTRY_FILE = "indicators.csv"
REGISTRY_COLUMNS = ("indicator_key", "activity_title", "indicator_name", "first_report_id", "first_activity_code")


@dataclass(frozen=True)
class KeyAssignment:
    """The key of one indicator row and how it was found (``score`` is None for a new key)."""

    key: str
    score: float | None


def registry_path(folder: Path | None = None) -> Path:
    return (folder or schemas_dir()) / REGISTRY_FILE


def load_registry(path: Path | None = None) -> pd.DataFrame:
    """The indicator registry, validated by its pandera model (``registry_cache``: once per
    content of the file); empty when the file does not exist."""
    from ..validate import coerce

    path = path or registry_path()
    if not path.exists():
        return coerce("indicator_registry", pd.DataFrame(columns=list(REGISTRY_COLUMNS)))
    return cached("indicators", [path], lambda: _read_registry(path))


def _read_registry(path: Path) -> pd.DataFrame:
    """The registry file read and validated (``load_registry`` without the cache)."""
    from ..validate import coerce, validate

    with open(path, encoding="utf-8", newline="") as fh:
        frame = coerce("indicator_registry", pd.DataFrame(list(csv.DictReader(fh)), columns=list(REGISTRY_COLUMNS)))
    failures = validate("indicator_registry", frame)
    if failures:
        raise ValueError(f"{path}: " + "; ".join(failures[:5]))
    return frame


def new_key(activity_title: str, indicator_name: str, taken: set[str]) -> str:
    """A deterministic key for an indicator the registry does not know, not among ``taken``."""
    digest = hashlib.sha1(f"{match_key(activity_title)}|{match_key(indicator_name)}".encode()).hexdigest()
    key, n = f"ind-{digest[:10]}", 1
    while key in taken:
        n += 1
        key = f"ind-{digest[:10]}-{n}"
    return key


def _similarity(left: list[str], right: list[str]) -> np.ndarray:
    """Scores 0-100 of every left text against every right one (rows: left), in float64 for the sums.

    Each distinct left text is scored once: an activity's title is on the row of each of its
    indicators."""
    if not left or not right:
        return np.zeros((len(left), len(right)))
    distinct = list(dict.fromkeys(left))
    row_of = {text: i for i, text in enumerate(distinct)}
    scores = process.cdist([match_key(t) for t in distinct], [match_key(t) for t in right],
                           scorer=fuzz.token_sort_ratio).astype(np.float64)
    return scores[[row_of[text] for text in left]]


def assign_keys(rows: pd.DataFrame, registry: pd.DataFrame) -> list[KeyAssignment]:
    """One key per row of ``rows`` (columns ``activity_title``, ``indicator_name``), in row order."""
    activities = _similarity(rows["activity_title"].tolist(), registry["activity_title"].tolist())
    names = _similarity(rows["indicator_name"].tolist(), registry["indicator_name"].tolist())
    keys = registry["indicator_key"].tolist()
    scores = ACTIVITY_WEIGHT * activities + (1 - ACTIVITY_WEIGHT) * names
    # arrays, not Python lists: a long report against the registry makes ~10^5 scores per matrix
    candidates = np.nonzero((activities >= ACTIVITY_MIN) & (names >= INDICATOR_MIN) & (scores >= PAIR_MIN))
    pairs = [(-float(scores[i, j]), int(i), keys[j]) for i, j in zip(*candidates, strict=True)]
    found: dict[int, KeyAssignment] = {}
    used: set[str] = set()
    for neg_score, i, key in sorted(pairs):
        if i not in found and key not in used:
            found[i] = KeyAssignment(key, round(-neg_score, 1))
            used.add(key)
    taken = set(keys)
    out = []
    for i, (activity, name) in enumerate(zip(rows["activity_title"], rows["indicator_name"], strict=True)):
        if i not in found:
            key = new_key(activity, name, taken)
            taken.add(key)
            found[i] = KeyAssignment(key, None)
        out.append(found[i])
    return out


def unregistered(indicators: pd.DataFrame, registry: pd.DataFrame) -> pd.DataFrame:
    """Registry rows for the indicators of one converted report that the registry does not match.

    Keys are assigned afresh against ``registry`` (not taken from the report's own column, which may
    come from an older registry), so the keys written are the ones a run with this registry gives.
    """
    keys = assign_keys(indicators, registry)
    fresh = [i for i, k in enumerate(keys) if k.score is None]
    rows = indicators.iloc[fresh]
    return pd.DataFrame({"indicator_key": [keys[i].key for i in fresh],
                         "activity_title": rows["activity_title"].tolist(),
                         "indicator_name": rows["indicator_name"].tolist(),
                         "first_report_id": rows["report_id"].tolist(),
                         "first_activity_code": rows["activity_code"].tolist()})


def append_to_registry(rows: pd.DataFrame, path: Path | None = None) -> int:
    """Append registry rows to the CSV (written with a header when new); returns how many."""
    path = path or registry_path()
    new_file = not path.exists()
    with open(path, "a", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        if new_file:
            writer.writerow(REGISTRY_COLUMNS)
        writer.writerows(rows[list(REGISTRY_COLUMNS)].itertuples(index=False, name=None))
    return len(rows)
