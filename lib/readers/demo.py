"""The shipped demo months (January–December 2025, and 2024 for year-on-year comparison) in
``data/demo/actuals/``.

Invented but plausible figures for showing the dashboard before real months are uploaded: rice
and maize come in at the two harvests, land-tax revenue peaks in May and October, herds drift,
the poverty rate falls only after the year-end review. Some indicators finish ahead of plan,
some clearly behind (beans after the summer drought, the buffalo herd, stunting, overseas
workers). The 2024 months are the year before, so reports can say “tăng/giảm x% so với cùng
kỳ”: a smaller rice crop, less revenue, a larger buffalo herd, more beans. Regenerate with
``python -m lib.readers.demo``; the output is deterministic.

In 2025 the indicators collected per tổ dân phố (the targets' ``by_unit``) are written as the 12
residential groups' figures (``UNIT_QUALITY``: some groups clearly better than others, Trường Thọ
Tây A among the best), chosen so that the ward figure the dashboard derives from them (a sum, or
the mean weighted by population or households) is the ward series above, to its last decimal:
the ward's story stays the same. The 2024 months stay ward-level.

The demo's tasks (``data/demo/tasks_2025.csv``, invented owners, dates, progress and notes, every
row ``demo``) get a dated history, ``data/demo/tasks_log_2025.csv`` (``task_log_csv``), so that the
June view, presentation and report differ from December's.
"""
from __future__ import annotations

import bisect
import csv
import io
import itertools
from datetime import date
from functools import cache
from pathlib import Path

import numpy as np

from lib.core.settings import DEFAULT_DATA_DIR, DEFAULT_TARGETS, DEMO_DIR, PLAN_YEAR
from lib.readers import org_units as units_mod
from lib.readers.catalogue import bounds, load_catalogue
from lib.readers.tasks import FILE_NAME as TASKS_FILE_NAME
from lib.readers.tasks import read_tasks_file

MONTHS = range(1, 13)
PREVIOUS_YEAR = PLAN_YEAR - 1


def _spread(total: float, shares: list[float], decimals: int) -> list[float]:
    """Split ``total`` over 12 months by ``shares``, rounding so the months still add up."""
    values = [round(total * s / sum(shares), decimals) for s in shares]
    values[max(range(12), key=lambda i: shares[i])] += round(total - sum(values), decimals)
    return [round(v, decimals) for v in values]


def _line(start: float, end: float, decimals: int) -> list[float]:
    return [round(start + (end - start) * i / 11, decimals) for i in range(12)]


# Monthly values by indicator code; None means not reported that month.
SERIES: dict[str, list[float | None]] = {
    # Crops: tonnes harvested in the month (Đông Xuân in spring, Hè Thu in late summer).
    "rice_output": [0, 0, 0, 245, 415, 0, 0, 175, 205, 0, 0, 0],
    "maize_output": [0, 0, 24, 35, 0, 0, 28, 31, 0, 0, 0, 0],
    "vegetable_area": [10.5, 9.5, 10, 8.5, 8, 7.5, 7, 7.5, 7, 5, 5, 7],
    "vegetable_output": [70, 68, 71, 63, 62, 56, 55, 57, 55, 42, 41, 58],
    "peanut_output": [0, 0, 0, 7.1, 4.5, 0, 0, 2.4, 0, 0, 0, 0],
    "bean_output": [0, 0, 0, 2.1, 1.5, 0, 1.2, 1.8, 0, 0, 0, 0],
    # Livestock: heads at the end of the month.
    "buffalo_herd": [58, 58, 57, 57, 57, 56, 56, 55, 55, 54, 54, 53],
    "cattle_herd": [468, 470, 471, 474, 476, 478, 480, 481, 483, 485, 487, 490],
    "pig_herd": [262, 265, 268, 270, 272, 275, 276, 278, 280, 281, 283, 285],
    # Budget, million đồng in the month.
    "state_revenue": _spread(14120, [6, 5, 7, 7, 12, 7, 7, 7, 7, 14, 8, 13], 0),
    "local_revenue": _spread(12280, [1] * 12, 0),
    "local_spending": _spread(11420, [6, 5, 6, 7, 7, 8, 7, 8, 8, 8, 9, 15], 0),
    # Education: pupils present (the new school year starts in September).
    "pupils_preschool": [362] * 8 + [375] * 4,
    "pupils_primary": [1840] * 8 + [1862] * 4,
    "pupils_secondary": [1530] * 8 + [1549] * 4,
    "graduation_rate": [None] * 5 + [99.4] + [None] * 6,
    # Health: rates.
    "natural_growth_rate": [7.4, 7.3, 7.3, 7.2, 7.2, 7.1, 7.1, 7.0, 7.0, 7.0, 6.9, 6.9],
    "malnutrition_underweight": _line(5.6, 4.7, 1),
    "malnutrition_stunting": _line(7.3, 6.9, 1),
    # Labour and poverty.
    "poor_households_reduced": [0] * 11 + [1],
    "poverty_rate": [0.34] * 11 + [0.17],
    "near_poor_rate": _line(1.82, 1.55, 2),
    "new_jobs": [22, 18, 30, 28, 27, 26, 25, 29, 27, 26, 28, 30],
    "overseas_workers": [0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 0, 1],
    "health_insurance_rate": _line(91.2, 93.6, 1),
    # Culture and environment.
    "cultural_families_rate": [96.2] * 12,
    "cultural_units_rate": [100] * 12,
    "waste_collection_rate": _line(97.1, 98.4, 1),
    "clean_water_rate": [99.6] * 6 + [99.7] * 6,
    # Defence and security: recruitment quota fulfilled (%), yes/no goals.
    "military_recruitment": [0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
    "defence_strong": [1] * 12,
    "security_safe": [1] * 12,
}

NOTES = {
    ("bean_output", 8): "Nắng hạn kéo dài đầu vụ Hè Thu, diện tích đậu giảm, năng suất thấp.",
    ("rice_output", 8): "Hạn cục bộ ở cánh đồng phía Tây, năng suất lúa Hè Thu giảm.",
    ("buffalo_herd", 6): "Hộ chăn nuôi bán trâu do thiếu bãi chăn thả.",
    ("malnutrition_stunting", 6): "Đợt cân đo tháng 6: cần tăng cường tư vấn dinh dưỡng.",
    ("overseas_workers", 7): "Một lao động xuất cảnh sang Nhật Bản.",
    ("military_recruitment", 2): "Giao quân ngày 14/02/2025, đạt 100% chỉ tiêu.",
}


def _scaled(code: str, factor: float, decimals: int) -> list[float | None]:
    return [None if v is None else round(v * factor, decimals) for v in SERIES[code]]


# The year before (2024), for “so với cùng kỳ”. Same seasons; the numbers tell their own story.
PREVIOUS_SERIES: dict[str, list[float | None]] = {
    "rice_output": [0, 0, 0, 230, 390, 0, 0, 190, 215, 0, 0, 0],
    "maize_output": _scaled("maize_output", 0.95, 1),
    "vegetable_area": _scaled("vegetable_area", 0.97, 1),
    "vegetable_output": _scaled("vegetable_output", 0.95, 0),
    "peanut_output": _scaled("peanut_output", 1.05, 1),
    "bean_output": [0, 0, 0, 2.6, 2.0, 0, 1.9, 2.4, 0, 0, 0, 0],
    "buffalo_herd": [62, 62, 61, 61, 61, 60, 60, 60, 59, 59, 59, 58],
    "cattle_herd": [452, 453, 455, 456, 458, 459, 461, 462, 463, 465, 466, 467],
    "pig_herd": [238, 240, 243, 245, 247, 249, 251, 253, 255, 257, 259, 261],
    "state_revenue": _spread(12650, [6, 5, 7, 7, 12, 7, 7, 7, 7, 14, 8, 13], 0),
    "local_revenue": _spread(11900, [1] * 12, 0),
    "local_spending": _spread(10980, [6, 5, 6, 7, 7, 8, 7, 8, 8, 8, 9, 15], 0),
    "pupils_preschool": [371] * 8 + [362] * 4,
    "pupils_primary": [1815] * 8 + [1840] * 4,
    "pupils_secondary": [1502] * 8 + [1530] * 4,
    "graduation_rate": [None] * 5 + [99.1] + [None] * 6,
    "natural_growth_rate": _line(7.8, 7.4, 1),
    "malnutrition_underweight": _line(6.0, 5.6, 1),
    "malnutrition_stunting": _line(7.7, 7.3, 1),
    "poor_households_reduced": [0] * 11 + [2],
    "poverty_rate": [0.51] * 11 + [0.34],
    "near_poor_rate": _line(2.15, 1.82, 2),
    "new_jobs": [20, 17, 27, 25, 24, 24, 23, 26, 25, 24, 26, 27],
    "overseas_workers": [0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1],
    "health_insurance_rate": _line(89.4, 91.1, 1),
    "cultural_families_rate": [95.8] * 12,
    "cultural_units_rate": [100] * 12,
    "waste_collection_rate": _line(95.8, 97.0, 1),
    "clean_water_rate": [99.4] * 6 + [99.6] * 6,
    "military_recruitment": [0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
    "defence_strong": [1] * 12,
    "security_safe": [1] * 12,
}


# --- 2025 by residential group ---------------------------------------------------------------------

# How well each group does, from −1 (weakest) to +1 (best): rates above or below the ward's by
# ``UNIT_SPREAD`` × this (centred on the ward), new jobs in proportion to population × (1 + ½ × this).
UNIT_QUALITY = {
    "tdp_01": 0.3, "tdp_02": -0.2, "tdp_03": 0.1, "tdp_04": -0.9, "tdp_05": 0.5, "tdp_06": -0.4,
    "tdp_07": 0.0, "tdp_08": 0.6, "tdp_09": -0.7, "tdp_10": 0.2, "tdp_11": -0.3, "truong_tho_tay_a": 0.9,
}
# Points of the indicator's unit between the ward and a group of quality ±1 (poverty: fewer is better).
UNIT_SPREAD = {
    "health_insurance_rate": 4.0, "cultural_families_rate": 2.5, "waste_collection_rate": 2.0,
    "clean_water_rate": 0.5, "poverty_rate": -0.35, "near_poor_rate": -1.2,
}
# The household lifted out of poverty in December (poor_households_reduced = 1) is in group 9.
UNIT_FIXED = {("poor_households_reduced", 12): {"tdp_09": 1}}
UNIT_NOTES = {
    ("poverty_rate", 12, "tdp_09"): "Kết quả rà soát hộ nghèo cuối năm: giảm 01 hộ.",
    ("poor_households_reduced", 12, "tdp_09"): "01 hộ thoát nghèo nhờ vốn vay chăn nuôi bò.",
    ("waste_collection_rate", 6, "tdp_04"): "Xe thu gom chưa vào được các kiệt nhỏ, còn điểm tập kết rác tự phát.",
    ("health_insurance_rate", 9, "tdp_09"): "Nhiều hộ làm nông chưa gia hạn thẻ BHYT hộ gia đình.",
    ("cultural_families_rate", 3, "truong_tho_tay_a"): "Tổ được công nhận “Tổ dân phố văn hóa” 5 năm liền.",
}


@cache
def _units():
    """The residential groups of the repository's units.csv (the demo names them, not a deployment's)."""
    return units_mod.residential(units_mod.load_units(DEFAULT_DATA_DIR / units_mod.FILE_NAME))


@cache
def _catalogue():
    return load_catalogue(DEFAULT_TARGETS)


@cache
def _bounds(code: str) -> tuple[float, float]:
    return bounds(_catalogue().get(code))


def _decimals(value_series: list[float | None]) -> int:
    return max(len(f"{float(v):.10g}".partition(".")[2]) for v in value_series if v is not None)


_STEPS = np.array(list(itertools.product((0, 1, -1), repeat=6)))  # ±1 step or none, on 6 groups


def _nudge(steps: list[int], weights: list[int], residual: int, lo: int, hi: int) -> list[int]:
    """Steps ±1 on some groups (within lo..hi) whose weighted sum is ``residual``, as few as
    possible (meet in the middle over {−1, 0, +1} per group of each half); the closest sum if
    none is exact. Ties go to the first in a fixed order: the result is deterministic."""
    half = len(steps) // 2

    def options(idx: slice) -> dict[int, tuple[int, tuple[int, ...]]]:
        """weighted sum → (number of steps, the steps), the fewest steps for each sum."""
        ks = _STEPS[:, : len(steps[idx])]
        moved = np.array(steps[idx]) + ks
        ks = ks[((moved >= lo) & (moved <= hi)).all(axis=1)]
        totals, costs = ks @ np.array(weights[idx]), np.abs(ks).sum(axis=1)
        best: dict[int, tuple[int, tuple[int, ...]]] = {}
        for i in np.lexsort((np.arange(len(ks)), costs)):  # cheapest first, then in product order
            best.setdefault(int(totals[i]), (int(costs[i]), tuple(int(k) for k in ks[i])))
        return best

    left, right = options(slice(0, half)), options(slice(half, None))
    right_sums = sorted(right)
    choice, miss = None, None
    for total, (cost, ks) in sorted(left.items()):
        want = residual - total
        at = bisect.bisect_left(right_sums, want)
        for near in right_sums[max(at - 1, 0):at + 1]:  # the right sums just below and above
            score = (abs(near - want), cost + right[near][0])
            if miss is None or score < miss:
                choice, miss = ks + right[near][1], score
    return [s + k for s, k in zip(steps, choice)]


def _rate_by_unit(ward: float, code: str, weights: list[int], decimals: int) -> list[float]:
    """Each group's rate (``decimals`` places, within the indicator's bounds) such that their mean
    weighted by ``weights`` is ``ward``."""
    step = 10 ** -decimals
    lo, hi = _bounds(code)
    lo_s, hi_s = round(lo / step), round(hi / step)
    quality = [UNIT_QUALITY[c] for c in _units()["code"]]
    centre = sum(w * q for w, q in zip(weights, quality)) / sum(weights)
    steps = [min(hi_s, max(lo_s, round((ward + UNIT_SPREAD[code] * (q - centre)) / step))) for q in quality]
    target = round(ward / step) * sum(weights)
    for _ in range(20):  # move every group alike while far off, then fine-tune a few by one step
        residual = target - sum(w * s for w, s in zip(weights, steps))
        if abs(residual) <= sum(weights):
            break
        shift = round(residual / sum(weights)) or (1 if residual > 0 else -1)
        steps = [min(hi_s, max(lo_s, s + shift)) for s in steps]
    steps = _nudge(steps, weights, target - sum(w * s for w, s in zip(weights, steps)), lo_s, hi_s)
    return [round(s * step, decimals) for s in steps]


def _count_by_unit(total: int, code: str, month: int) -> list[int]:
    """Whole numbers adding up to ``total``: by population × quality, largest remainders first."""
    groups = _units()
    fixed = UNIT_FIXED.get((code, month))
    if fixed is not None:
        return [fixed.get(c, 0) for c in groups["code"]]
    shares = [p * (1 + UNIT_QUALITY[c] / 2) for c, p in zip(groups["code"], groups["population"])]
    exact = [total * s / sum(shares) for s in shares]
    counts = [int(e) for e in exact]
    for i in sorted(range(len(exact)), key=lambda i: (-(exact[i] - counts[i]), i))[: round(total) - sum(counts)]:
        counts[i] += 1
    return counts


@cache
def unit_series() -> dict[str, dict[str, list[float]]]:
    """code → group code → the 12 monthly figures of 2025, for every by-unit indicator."""
    groups = _units()
    out: dict[str, dict[str, list[float]]] = {}
    for ind in _catalogue().indicators.to_dict("records"):
        rule, code = units_mod.by_unit(ind), ind["code"]
        if not rule or code not in SERIES:
            continue
        decimals = _decimals(SERIES[code])
        months = []
        for month, ward in enumerate(SERIES[code], start=1):
            if rule == "sum":
                months.append([float(v) for v in _count_by_unit(round(ward), code, month)])
            else:
                months.append(_rate_by_unit(ward, code, [int(w) for w in groups[rule]], decimals))
        out[code] = {g: [months[m][i] for m in range(12)] for i, g in enumerate(groups["code"])}
    return out


def month_csv(month: int, year: int = PLAN_YEAR) -> str:
    """The month's file; 2025's have the ``unit`` column and the groups' rows of by-unit indicators."""
    series, notes = (SERIES, NOTES) if year == PLAN_YEAR else (PREVIOUS_SERIES, {})
    by_unit = unit_series() if year == PLAN_YEAR else {}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period", "indicator_code", "unit", "value", "note"] if by_unit else
                    ["period", "indicator_code", "value", "note"])
    period = f"{year}-{month:02d}"
    for code, values in series.items():
        value = values[month - 1]
        if value is None:
            continue
        if code in by_unit:
            for unit, unit_values in by_unit[code].items():
                writer.writerow([period, code, unit, f"{unit_values[month - 1]:.10g}",
                                 UNIT_NOTES.get((code, month, unit), "")])
        elif by_unit:
            writer.writerow([period, code, "", f"{float(value):.10g}", notes.get((code, month), "")])
        else:
            writer.writerow([period, code, f"{float(value):.10g}", notes.get((code, month), "")])
    return out.getvalue()


# --- the demo's tasks: a dated history (data/demo/tasks_log_2025.csv) ------------------------------

# ``data/demo/tasks_2025.csv`` is the demo list: the plan's items with invented owners, dates,
# progress and notes, each item at its latest (December) state. Its history is written here: every
# item reported at the end of each quarter that has begun by its own start (progress in step with
# its own pace towards December), then its December state; ``TASK_STEPS`` replaces that for the
# items whose story the demo tells (a line of work at 40% in June, done in November; the temple
# reported late from September; the half-year review only noted in July, the year's in December).
TASK_CHECKPOINTS = ("2025-03-28", "2025-06-27", "2025-09-26")
TASK_STEPS: dict[str, list[tuple[str, str, int, str]]] = {  # id → [(date, status, progress, note)]
    "nv_11_cai_cach_cong_vu": [("2025-03-28", "dang_thuc_hien", 20, ""),
                               ("2025-06-27", "dang_thuc_hien", 40, "Đã mở 2 lớp bồi dưỡng; còn 3 lớp trong quý IV."),
                               ("2025-09-26", "dang_thuc_hien", 70, "")],
    "nv_01_chi_dao_dieu_hanh": [("2025-03-28", "dang_thuc_hien", 25, ""),
                                ("2025-07-10", "dang_thuc_hien", 55, "Đã sơ kết 6 tháng."),
                                ("2025-09-26", "dang_thuc_hien", 75, "Đã sơ kết 6 tháng.")],
    "ct_den_van_thanh": [("2025-06-27", "dang_thuc_hien", 15, "Đang lập hồ sơ thiết kế."),
                         ("2025-09-26", "cham", 30,
                          "Chậm do phải điều chỉnh hồ sơ thiết kế theo ý kiến của ngành văn hóa.")],
    "ct_duong_be_tong": [("2025-04-25", "dang_thuc_hien", 10, "Đã khảo sát, lập danh mục 7 tuyến đường hư hỏng."),
                         ("2025-06-27", "dang_thuc_hien", 35, ""),
                         ("2025-09-26", "dang_thuc_hien", 65, "Đã sửa xong 4/7 tuyến.")],
    "nv_15_quoc_phong_an_ninh": [("2025-02-28", "dang_thuc_hien", 30, "Giao quân đạt 100% chỉ tiêu."),
                                 ("2025-06-27", "dang_thuc_hien", 55, "Giao quân đạt 100% chỉ tiêu."),
                                 ("2025-09-26", "dang_thuc_hien", 75, "Giao quân đạt 100% chỉ tiêu.")],
    "nv_05_thien_tai_tong_dieu_tra": [("2025-03-28", "dang_thuc_hien", 25, ""),
                                      ("2025-06-27", "dang_thuc_hien", 50, "Đang thu thập thông tin tổng điều tra."),
                                      ("2025-09-26", "dang_thuc_hien", 80, "")],
    "tc_to_dan_pho_van_hoa": [],  # reported once, in December: not started before its season
}
TASK_LOG_COLUMNS = ["id", "date", "status", "progress", "note", "milestones"]


def _paced(start: date, final_on: date, final: int, when: date) -> int:
    """Progress on ``when`` in step with the item's own pace to its December state, in steps of 5,
    at least 5 and below 100 (a checkpoint is never the finish)."""
    share = (when - start).days / max((final_on - start).days, 1)
    return min(max(int(round(final * share / 5) * 5), 5), 95)


def task_log_rows(items) -> list[dict]:
    """The demo's dated updates, oldest first per item, items in the list's order; each item's last
    line is its state in ``data/demo/tasks_2025.csv``."""
    rows = []
    for r in items.to_dict("records"):
        if r["id"] in TASK_STEPS:
            steps = [(date.fromisoformat(d), st, p, n) for d, st, p, n in TASK_STEPS[r["id"]]]
        else:
            start = r["start"] or date(PLAN_YEAR, 1, 1)
            steps = [(d, "dang_thuc_hien", _paced(start, r["updated"], r["progress"], d), "")
                     for d in map(date.fromisoformat, TASK_CHECKPOINTS) if start < d < r["updated"]]
        steps.append((r["updated"], r["status"], r["progress"], r["note"]))
        for when, status, progress, note in steps:
            rows.append({"id": r["id"], "date": when.isoformat(), "status": status, "progress": str(progress),
                         "note": note, "milestones": r["milestones"]})
    return rows


def task_log_csv() -> str:
    items = read_tasks_file(DEMO_DIR / TASKS_FILE_NAME, units_mod.load_units(DEFAULT_DATA_DIR / units_mod.FILE_NAME))
    out = io.StringIO()
    writer = csv.DictWriter(out, TASK_LOG_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(task_log_rows(items))
    return out.getvalue()


def write_demo(root: Path = DEMO_DIR) -> list[Path]:
    folder = Path(root) / "actuals"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for year in (PREVIOUS_YEAR, PLAN_YEAR):
        for month in MONTHS:
            path = folder / f"{year}-{month:02d}.csv"
            path.write_text(month_csv(month, year), encoding="utf-8")
            paths.append(path)
    log = Path(root) / "tasks_log_2025.csv"
    log.write_text(task_log_csv(), encoding="utf-8")
    return [*paths, log]


if __name__ == "__main__":
    for p in write_demo():
        print(p)
