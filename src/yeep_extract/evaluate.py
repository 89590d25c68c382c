"""Accuracy as a command: one report's output folder against hand-checked gold rows (JSON lines).

Gold rows carry the printed tokens of each value column (``baseline``, ``target_2025``,
``actual_2024``, ...). A gold token's value follows the project's scoring convention (see
``normalize.values``): a number when it reads as ``%?digits[.,digits]``, otherwise none. A cell is
right when both values are null or both equal; a wrong value whose status is ``ok`` is a silent error.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
from rapidfuzz import fuzz

from .textnorm import nfc

_GOLD_NUMBER = re.compile(r"^%?(\d+(?:[.,]\d+)?)%?$")
_VALUE_KEY = re.compile(r"^(baseline)$|^(target|actual)_(\d{4})$")
#: rapidfuzz ratio at or above which a text field counts as right (the shared scorer's rule).
TEXT_MIN_RATIO = 90


def gold_value(token: str) -> float | None:
    """The value of a printed gold token under the scoring convention."""
    text = (token or "").strip().replace(" ", "")
    match = _GOLD_NUMBER.match(text)
    if not match:
        return None
    digits = match.group(1)
    if "%" not in text and re.fullmatch(r"\d{1,3}(\.\d{3})+", digits):
        digits = digits.replace(".", "")
    return float(digits.replace(",", "."))


@dataclass
class EvalResult:
    """Figures of one evaluation."""

    rows_expected: int = 0
    rows_found: int = 0
    rows_extra: int = 0
    activities_expected: int = 0
    activities_found: int = 0
    cells: int = 0
    cells_right: int = 0
    silent_errors: int = 0
    text_right: dict[str, int] = field(default_factory=dict)
    text_exact: dict[str, int] = field(default_factory=dict)
    wrong: list[dict[str, Any]] = field(default_factory=list)

    @property
    def cell_accuracy(self) -> float:
        return self.cells_right / self.cells if self.cells else 0.0


def _find(out_dir: Path, name: str) -> Path:
    hits = sorted(out_dir.rglob(name))
    if not hits:
        raise FileNotFoundError(f"{out_dir}: no {name} found")
    return hits[0]


def _measure(key: str) -> tuple[str, int | None] | None:
    match = _VALUE_KEY.match(key)
    if not match:
        return None
    return ("baseline", None) if match.group(1) else (match.group(2), int(match.group(3)))


def _same_text(a: str, b: str) -> tuple[bool, bool]:
    a, b = nfc(a).casefold(), nfc(b).casefold()
    return fuzz.ratio(a, b) >= TEXT_MIN_RATIO, a == b


def _page(cell: dict[str, Any] | None) -> int | None:
    return None if cell is None or pd.isna(cell["source_page"]) else int(cell["source_page"])


def evaluate(out_dir: Path, gold_path: Path) -> EvalResult:
    """Compare the output under ``out_dir`` with the gold rows in ``gold_path``."""
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    ind = pd.read_parquet(_find(out_dir, "indicators.parquet"))
    obs = pd.read_parquet(_find(out_dir, "observations.parquet"))
    rows = {(r["activity_code"], int(r["indicator_seq"])): r for r in ind.to_dict("records")}
    cells = {}
    for r in obs.to_dict("records"):
        year = None if pd.isna(r["year"]) else int(r["year"])
        cells[(r["activity_code"], int(r["indicator_seq"]), r["measure"], year)] = r
    res = EvalResult()
    gold_keys = {(g["activity_code"], int(g["indicator_seq"])) for g in gold}
    res.rows_expected, res.rows_found = len(gold_keys), len(gold_keys & rows.keys())
    res.rows_extra = len(rows.keys() - gold_keys)
    res.activities_expected = len({k[0] for k in gold_keys})
    res.activities_found = len({k[0] for k in gold_keys & rows.keys()})
    text_fields = {"activity_title": "activity_title", "indicator_name": "indicator_name",
                   "responsible_units": "responsible_units_printed", "supporting_units": "supporting_units_printed"}
    for g in gold:
        key = (g["activity_code"], int(g["indicator_seq"]))
        row = rows.get(key)
        # gold rows of a report with a remark column carry its remark ("" for none)
        remark_field = {"remark": "remark"} if "remark" in g and "remark" in (row or {}) else {}
        for gold_field, out_field in {**text_fields, **remark_field}.items():
            if row is None:
                continue
            want, got = g[gold_field], row[out_field]
            if gold_field == "remark" and (got is None or pd.isna(got)):
                got = ""
            if isinstance(want, list):
                got_list = list(got) if got is not None else []
                ok = len(want) == len(got_list) and all(
                    _same_text(a, b)[0] for a, b in zip(want, got_list, strict=True))
                exact = [nfc(x) for x in want] == [nfc(x) for x in got_list]
            else:
                ok, exact = _same_text(want, str(got))
            res.text_right[gold_field] = res.text_right.get(gold_field, 0) + ok
            res.text_exact[gold_field] = res.text_exact.get(gold_field, 0) + exact
        for gold_key, token in g.items():
            measure = _measure(gold_key)
            if measure is None:
                continue
            res.cells += 1
            want = gold_value(token)
            cell = cells.get((*key, *measure))
            got = None if cell is None or pd.isna(cell["value"]) else float(cell["value"])
            if cell is not None and ((want is None and got is None) or
                                     (want is not None and got is not None and abs(want - got) < 1e-6)):
                res.cells_right += 1
                continue
            silent = cell is not None and cell["status"] == "ok"
            res.silent_errors += silent
            res.wrong.append({"cell": f"{key[0]}#{key[1]} {gold_key}", "gold": token,
                              "raw": None if cell is None else cell["raw"], "value": got,
                              "status": None if cell is None else cell["status"],
                              "page": _page(cell),
                              "silent": silent})
    return res


def report(res: EvalResult, n_gold: int) -> str:
    """Human-readable figures, the last line a one-line summary."""
    lines = [
        f"rows: {res.rows_found} found / {res.rows_expected} expected / {res.rows_extra} extra",
        f"activities: {res.activities_found} / {res.activities_expected}",
        f"cells: {res.cells_right} / {res.cells} right ({res.cell_accuracy:.4f})",
        f"silent errors (wrong value with status ok): {res.silent_errors}",
    ]
    for name in res.text_right:
        lines.append(f"{name}: {res.text_right[name]} / {n_gold} right (ratio ≥ {TEXT_MIN_RATIO}), "
                     f"{res.text_exact[name]} exact")
    for w in res.wrong:
        lines.append(f"  wrong {w['cell']}: gold {w['gold']!r} got raw {w['raw']!r} value {w['value']} "
                     f"status {w['status']} page {w['page']}{'  SILENT' if w['silent'] else ''}")
    lines.append(f"cell_accuracy={res.cell_accuracy:.4f} silent_errors={res.silent_errors} "
                 f"rows={res.rows_found}/{res.rows_expected} extra={res.rows_extra}")
    return "\n".join(lines)
