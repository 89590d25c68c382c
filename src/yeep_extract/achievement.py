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


def _cell(group: pd.DataFrame, measure: str, year: int | None) -> pd.Series | None:
    rows = group[(group["measure"] == measure) & (group["year"].isna() if year is None else group["year"] == year)]
    return None if rows.empty else rows.iloc[0]


def _number(cell: pd.Series | None) -> float | None:
    return None if cell is None or pd.isna(cell["value"]) else float(cell["value"])


def _percent(cell: pd.Series | None) -> bool:
    return cell is not None and "%" in str(cell["raw"])


def achievement(indicators: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator: baseline, target and actual of the report year, direction, status, gap, ratio."""
    years = indicators.set_index(_KEY)["report_year"]
    records = []
    for key, group in observations.groupby(_KEY, sort=False):
        year = int(years[key])
        base = _cell(group, Role.BASELINE.value, None)
        target = _cell(group, Role.TARGET.value, year)
        actual = _cell(group, Role.ACTUAL.value, year)
        later = group[(group["measure"] == Role.TARGET.value) & (group["year"] > year)].sort_values("year")
        way = direction(_number(target), [float(v) for v in later["value"].dropna()])
        t, a = _number(target), _number(actual)
        status = classify(t, a, baseline=_number(base), target_percent=_percent(target),
                          actual_percent=_percent(actual), way=way)
        comparable = status in (Achievement.ACHIEVED, Achievement.PARTLY, Achievement.NOT_ACHIEVED)
        used = [c for c in (target, actual) if c is not None]
        records.append({
            **dict(zip(_KEY, key, strict=True)), "baseline": _number(base), "target": t, "actual": a,
            "direction": way, "status": status.value,
            "gap": t - a if comparable else None,
            "ratio": a / t if comparable and t else None,
            "suspect": any(c["status"] == Status.SUSPECT.value for c in used),
            "source_page": actual["source_page"] if actual is not None else None,
        })
    table = pd.DataFrame.from_records(records)
    columns = ["report_id", "activity_code", "indicator_seq", "section_no", "section_title", "indicator_name",
               "responsible_units", "unit"]
    out = indicators[columns].merge(table, on=_KEY, how="left", validate="one_to_one")
    # An indicator without any value cell has no target to measure against.
    out["status"] = pd.Categorical(out["status"].fillna(Achievement.NO_TARGET.value), categories=ORDER,
                                   ordered=True)
    out["suspect"] = out["suspect"].fillna(False).astype(bool)
    return out
