"""Achievement status per indicator: the report year's actual value against its target.

The rule (also written in the notebook and the HTML report, which call this module, so the status
is computed in one place):

1. Take the target and the actual of the report year (``report_year`` of the indicator).
2. **no target** when the target cell holds no number ('-', blank, words).
3. **not measurable** when the actual cell holds no number, or when target and actual are not in
   the same unit (one printed with ``%``, the other without): a count cannot be set against a share.
4. The direction of the plan: **decrease** when the targets printed for later years are lower than
   the report year's (the plan wants the figure down, e.g. a share of violence cases); otherwise
   **increase**, the case for nearly every indicator (number of trainings, share of women).
5. increase: **achieved** when actual ≥ target, **partly** when 0 < actual < target, **not achieved**
   when actual ≤ 0. decrease: **achieved** when actual ≤ target, **partly** when target < actual <
   baseline (moved the right way, not far enough), **not achieved** otherwise.

Percentages are in percentage points on both sides (values.py), so a percent indicator is compared
point for point; ``gap`` is target − actual in the indicator's own unit (points or counts) and
``ratio`` actual / target, so counts and shares are never mixed in one number. A value whose status
is ``suspect`` is still used but the row is marked ``suspect`` so a reader can check it first.
"""

from __future__ import annotations

from enum import StrEnum

import numpy as np
import pandas as pd

from .vocab import Role, Status


class Achievement(StrEnum):
    """The five outcomes of the rule, in the order reports list them."""

    ACHIEVED = "achieved"
    PARTLY = "partly"
    NOT_ACHIEVED = "not achieved"
    NO_TARGET = "no target"
    NOT_MEASURABLE = "not measurable"


ORDER = [a.value for a in Achievement]

#: The rule in two sentences, for readers of the HTML report (the module docstring has it in full).
RULE_SUMMARY = (
    "Status of the report year's actual against its target: achieved (met or passed), partly (some of the "
    "way), not achieved, no target (no number in the target cell), not measurable (no number in the actual "
    "cell, or target and actual in different units). Targets falling in later years mean the plan wants the "
    "figure down; then lower is better. Percentages are compared in percentage points."
)
_KEY = ["report_id", "activity_code", "indicator_seq"]


def _is_number(value: float | None) -> bool:
    return value is not None and not pd.isna(value)


def direction(target: float | None, later_targets: list[float]) -> str:
    """``decrease`` when every later year's target is below the report year's, else ``increase``."""
    later = [t for t in later_targets if _is_number(t)]
    if _is_number(target) and later and all(t < target for t in later):
        return "decrease"
    return "increase"


def classify(target: float | None, actual: float | None, *, baseline: float | None = None,
             target_percent: bool = False, actual_percent: bool = False, way: str = "increase") -> Achievement:
    """The status of one indicator by the rule in the module docstring."""
    if not _is_number(target):
        return Achievement.NO_TARGET
    if not _is_number(actual) or target_percent != actual_percent:
        return Achievement.NOT_MEASURABLE
    if way == "decrease":
        if actual <= target:
            return Achievement.ACHIEVED
        if _is_number(baseline) and actual < baseline:
            return Achievement.PARTLY
        return Achievement.NOT_ACHIEVED
    if actual >= target:
        return Achievement.ACHIEVED
    return Achievement.PARTLY if actual > 0 else Achievement.NOT_ACHIEVED


def _cells(obs: pd.DataFrame, mask: pd.Series, name: str) -> pd.DataFrame:
    """One cell per indicator (the first where a key repeats): its value, % flag, suspect flag and page."""
    picked = obs[mask.fillna(False).astype(bool)].drop_duplicates(_KEY).set_index(_KEY)
    return pd.DataFrame({f"{name}": picked["value"], f"{name}_percent": picked["percent"],
                         f"{name}_suspect": picked["suspect"], f"{name}_page": picked["source_page"]})


def _value(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _flag(value: object) -> bool:
    """A boolean cell that may be missing after an outer join (no such cell: False)."""
    return isinstance(value, bool | np.bool_) and bool(value)


def achievement(indicators: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator: baseline, target and actual of the report year, direction, status, gap, ratio.

    Whole-table selections and joins, then the rule row by row, so a batch of many reports stays fast.
    """
    years = indicators[[*_KEY, "report_year"]]
    obs = observations.merge(years, on=_KEY, how="inner", validate="many_to_one")
    obs["percent"] = obs["raw"].astype(str).str.contains("%", regex=False)
    obs["suspect"] = obs["status"] == Status.SUSPECT.value
    this_year = obs["year"] == obs["report_year"]
    is_target = obs["measure"] == Role.TARGET.value
    later = obs[(is_target & (obs["year"] > obs["report_year"])).fillna(False).astype(bool)]
    later_targets = later.sort_values("year").dropna(subset=["value"]).groupby(_KEY)["value"].agg(list)
    cells = (_cells(obs, (obs["measure"] == Role.BASELINE.value) & obs["year"].isna(), "baseline")
             .join(_cells(obs, is_target & this_year, "target"), how="outer")
             .join(_cells(obs, (obs["measure"] == Role.ACTUAL.value) & this_year, "actual"), how="outer")
             .join(later_targets.rename("later_targets"), how="outer"))
    columns = ["report_id", "activity_code", "indicator_seq", "section_no", "section_title", "indicator_name",
               "responsible_units", "unit", "source_page"]
    out = indicators[columns].join(cells, on=_KEY)
    records = []
    for row in out.itertuples():
        target, actual = _value(row.target), _value(row.actual)
        later_list = row.later_targets if isinstance(row.later_targets, list) else []
        way = direction(target, later_list)
        status = classify(target, actual, baseline=_value(row.baseline), way=way,
                          target_percent=_flag(row.target_percent), actual_percent=_flag(row.actual_percent))
        comparable = status in (Achievement.ACHIEVED, Achievement.PARTLY, Achievement.NOT_ACHIEVED)
        records.append({"direction": way, "status": status.value,
                        "gap": target - actual if comparable else None,
                        "ratio": actual / target if comparable and target else None,
                        "suspect": _flag(row.target_suspect) or _flag(row.actual_suspect),
                        "source_page": row.source_page if pd.isna(row.actual_page) else row.actual_page})
    derived = pd.DataFrame.from_records(records, index=out.index,
                                        columns=["direction", "status", "gap", "ratio", "suspect", "source_page"])
    out = out[[*columns[:-1], "baseline", "target", "actual"]].join(derived)
    out["status"] = pd.Categorical(out["status"], categories=ORDER, ordered=True)
    return out.reset_index(drop=True)
