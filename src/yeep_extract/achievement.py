"""Achievement status per indicator: the report year's actual against its target, measured from the baseline.

The rule is written once, in ``RULE`` below (English and Turkish); the README, the HTML report's legend
and the notebook repeat its English text word for word (a test checks), and all of them take the
status from ``classify``, so no reader meets two versions of it.

Why from the baseline: "actual below target" alone cannot tell a unit that moved from 350 to 432
towards a target of 500 from one that fell from 33 to 21 against a target of 40; calling both "partly"
lets a reader report a decline as progress. ``progress`` = (actual − baseline) / (target − baseline)
separates them, and works unchanged when the plan wants a figure down (target below the baseline:
both differences are negative).

Status codes stay English (they are data: Parquet, Excel, filters); ``STATUS_LABELS`` holds the words
shown to people, in one table for every display (HTML report, notebook, workbook).
"""

from __future__ import annotations

import math
from enum import StrEnum

import numpy as np
import pandas as pd

from .vocab import Role, Status


class Achievement(StrEnum):
    """The outcomes of the rule, best first (the order of every legend and table)."""

    ACHIEVED = "achieved"
    PARTLY = "partly"
    NO_PROGRESS = "no progress"
    DECLINED = "declined"
    NOT_ACHIEVED = "not achieved"
    NO_TARGET = "no target"
    NOT_MEASURABLE = "not measurable"


ORDER = [a.value for a in Achievement]

#: The rule as people read it; ``RULE["en"]`` is repeated verbatim in README.md and the notebook.
RULE = {
    "en": (
        "Each indicator's actual for the report year is set against its target and measured from the baseline: "
        "progress = (actual − baseline) / (target − baseline). achieved: the target is reached (actual ≥ target, "
        "or ≤ when a decrease is wanted). partly: real progress from the baseline, short of the target "
        "(0 < progress < 1). no progress: the actual equals the baseline. declined: the actual moved away from "
        "the target (progress < 0). not achieved: short of the target, with no baseline to measure progress "
        "from. no target: the target cell holds no number. not measurable: the actual cell holds no number "
        "(words are shown as printed), or target and actual differ in unit (% and count). A decrease is wanted "
        "when the later years' targets fall or, when they stay level or are missing, when the target lies below "
        "the baseline. Percentages are compared in percentage points."
    ),
    "tr": (
        "Her göstergenin rapor yılı gerçekleşmesi hedefiyle karşılaştırılır ve mevcut değerden ölçülür: "
        "ilerleme = (gerçekleşme − mevcut) / (hedef − mevcut). ulaşıldı: hedefe ulaşıldı (gerçekleşme ≥ hedef, "
        "azalma isteniyorsa ≤). kısmen: mevcut değerden gerçek bir ilerleme var, hedefin gerisinde "
        "(0 < ilerleme < 1). ilerleme yok: gerçekleşme mevcut değere eşit. geriledi: gerçekleşme hedeften "
        "uzaklaştı (ilerleme < 0). ulaşılamadı: hedefin gerisinde, ilerlemeyi ölçecek mevcut değer yok. "
        "hedef yok: hedef hücresinde sayı yok. ölçülemez: gerçekleşme hücresinde sayı yok (yazı basıldığı gibi "
        "gösterilir) ya da hedef ile gerçekleşmenin birimi farklı (% ve sayı). Sonraki yılların hedefleri "
        "düşüyorsa ya da sabit kalıyor veya hiç yoksa ve hedef mevcut değerin altındaysa azalma isteniyor "
        "demektir. Yüzdeler yüzde puan olarak karşılaştırılır."
    ),
}

#: Display words for the status codes, per language (codes themselves never change).
STATUS_LABELS = {
    "en": {a.value: a.value for a in Achievement},
    "tr": {
        Achievement.ACHIEVED.value: "ulaşıldı",
        Achievement.PARTLY.value: "kısmen",
        Achievement.NO_PROGRESS.value: "ilerleme yok",
        Achievement.DECLINED.value: "geriledi",
        Achievement.NOT_ACHIEVED.value: "ulaşılamadı",
        Achievement.NO_TARGET.value: "hedef yok",
        Achievement.NOT_MEASURABLE.value: "ölçülemez",
    },
}

#: Display words for ``direction``, per language.
DIRECTION_LABELS = {"en": {"increase": "increase", "decrease": "decrease"},
                    "tr": {"increase": "artış", "decrease": "azalış"}}

_KEY = ["report_id", "activity_code", "indicator_seq"]
#: Statuses that set a number against the target (the others have nothing to compare).
COMPARED = frozenset({Achievement.ACHIEVED, Achievement.PARTLY, Achievement.NO_PROGRESS, Achievement.DECLINED,
                      Achievement.NOT_ACHIEVED})


def status_label(code: str, lang: str = "tr") -> str:
    """The word shown to readers for a status code (the code itself when the language has none)."""
    return STATUS_LABELS.get(lang, STATUS_LABELS["en"]).get(code, code)


def _is_number(value: float | None) -> bool:
    return value is not None and not pd.isna(value)


def direction(target: float | None, later_targets: list[float], baseline: float | None = None) -> str:
    """``decrease`` when the plan wants the figure down, else ``increase``.

    The later years' targets say it when they move (all below the report year's: down; any above: up);
    when they hold level or are missing, a target below the baseline says down. A first target below
    the baseline followed by rising targets is an increasing plan that started low (it happens).
    """
    if not _is_number(target):
        return "increase"
    later = [t for t in later_targets if _is_number(t)]
    if later and all(t < target for t in later):
        return "decrease"
    if any(t > target for t in later):
        return "increase"
    return "decrease" if _is_number(baseline) and target < baseline else "increase"


def classify(target: float | None, actual: float | None, *, baseline: float | None = None,
             target_percent: bool = False, actual_percent: bool = False, way: str = "increase") -> Achievement:
    """The status of one indicator by ``RULE``.

    ``*_percent`` say whether a cell was printed with ``%``. ``baseline`` must be in the target's unit
    (``achievement`` drops a baseline printed otherwise: a share cannot be the start of a count).
    """
    if not _is_number(target):
        return Achievement.NO_TARGET
    if not _is_number(actual) or target_percent != actual_percent:
        return Achievement.NOT_MEASURABLE
    sign = -1.0 if way == "decrease" else 1.0
    if sign * (actual - target) >= 0:
        return Achievement.ACHIEVED
    if not _is_number(baseline):
        return Achievement.NOT_ACHIEVED
    moved = sign * (actual - baseline)
    if math.isclose(moved, 0.0, abs_tol=1e-9):
        return Achievement.NO_PROGRESS
    return Achievement.PARTLY if moved > 0 else Achievement.DECLINED


def progress(baseline: float | None, target: float | None, actual: float | None,
             way: str = "increase") -> float | None:
    """(actual − baseline) / (target − baseline): 0 at the baseline, 1 on the target.

    None when a number is missing or the target does not lie the wanted way from the baseline (a level
    to hold, or a first target below the baseline of a plan that rises): the fraction would then read
    backwards (163 against a baseline of 109 and a target of 100 gives −600 %).
    """
    if not (_is_number(baseline) and _is_number(target) and _is_number(actual)):
        return None
    sign = -1.0 if way == "decrease" else 1.0
    if sign * (target - baseline) <= 0:
        return None
    return (actual - baseline) / (target - baseline)


def _cells(obs: pd.DataFrame, mask: pd.Series, name: str) -> pd.DataFrame:
    """One cell per indicator (the first where a key repeats): value, printed text, % and suspect flags, page."""
    picked = obs[mask.fillna(False).astype(bool)].drop_duplicates(_KEY).set_index(_KEY)
    return pd.DataFrame({name: picked["value"], f"{name}_raw": picked["raw"], f"{name}_percent": picked["percent"],
                         f"{name}_suspect": picked["suspect"], f"{name}_page": picked["source_page"]})


def _value(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _flag(value: object) -> bool:
    """A boolean cell that may be missing after an outer join (no such cell: False)."""
    return isinstance(value, bool | np.bool_) and bool(value)


OUTPUT_COLUMNS = ["report_id", "activity_code", "indicator_seq", "section_no", "section_title", "activity_title",
                  "indicator_name", "responsible_units", "unit", "baseline", "target", "actual", "baseline_raw",
                  "target_raw", "actual_raw", "direction", "status", "progress", "of_target", "suspect",
                  "source_page"]


def achievement(indicators: pd.DataFrame, observations: pd.DataFrame) -> pd.DataFrame:
    """One row per indicator: baseline, target and actual of the report year (numbers and as printed),
    direction, status, ``progress`` from the baseline and ``of_target`` (actual / target), both fractions.

    Whole-table selections and joins, then the rule row by row, so a batch of many reports stays fast.
    ``suspect`` is True when a value the status rests on is suspect: the status is given, to be checked.
    """
    years = indicators[[*_KEY, "report_year"]]
    obs = observations[[*_KEY, "measure", "year", "value", "raw", "status", "source_page"]].merge(
        years, on=_KEY, how="inner", validate="many_to_one")
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
    out = indicators[[*OUTPUT_COLUMNS[:9], "source_page"]].join(cells, on=_KEY)
    records = []
    for row in out.itertuples():
        target, actual = _value(row.target), _value(row.actual)
        same_unit = _flag(row.baseline_percent) == _flag(row.target_percent)
        baseline = _value(row.baseline) if same_unit else None
        later_list = row.later_targets if isinstance(row.later_targets, list) else []
        way = direction(target, later_list, baseline)
        status = classify(target, actual, baseline=baseline, way=way, target_percent=_flag(row.target_percent),
                          actual_percent=_flag(row.actual_percent))
        compared = status in COMPARED
        records.append({"direction": way, "status": status.value,
                        "progress": progress(baseline, target, actual, way) if compared else None,
                        "of_target": actual / target if compared and target else None,
                        "suspect": any(_flag(f) for f in (row.baseline_suspect, row.target_suspect,
                                                          row.actual_suspect)),
                        "source_page": row.source_page if pd.isna(row.actual_page) else row.actual_page})
    derived = pd.DataFrame.from_records(records, index=out.index,
                                        columns=["direction", "status", "progress", "of_target", "suspect",
                                                 "source_page"])
    out = out.drop(columns="source_page").join(derived)[OUTPUT_COLUMNS]
    for column in ("progress", "of_target"):
        out[column] = out[column].astype("float64")
    out["status"] = pd.Categorical(out["status"], categories=ORDER, ordered=True)
    return out.reset_index(drop=True)
