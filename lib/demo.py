"""The shipped demo months (January–December 2025, and 2024 for year-on-year comparison) in
``data/demo/actuals/``.

Invented but plausible figures for showing the dashboard before real months are uploaded: rice
and maize come in at the two harvests, land-tax revenue peaks in May and October, herds drift,
the poverty rate falls only after the year-end review. Some indicators finish ahead of plan,
some clearly behind (beans after the summer drought, the buffalo herd, stunting, overseas
workers). The 2024 months are the year before, so reports can say “tăng/giảm x% so với cùng
kỳ”: a smaller rice crop, less revenue, a larger buffalo herd, more beans. Regenerate with
``python -m lib.demo``; the output is deterministic.
"""
from __future__ import annotations

import csv
import io
from pathlib import Path

from lib.data import DEMO_DIR, PLAN_YEAR

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
    ("poverty_rate", 12): "Kết quả rà soát hộ nghèo cuối năm: giảm 01 hộ.",
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


def month_csv(month: int, year: int = PLAN_YEAR) -> str:
    series, notes = (SERIES, NOTES) if year == PLAN_YEAR else (PREVIOUS_SERIES, {})
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["period", "indicator_code", "value", "note"])
    period = f"{year}-{month:02d}"
    for code, values in series.items():
        value = values[month - 1]
        if value is None:
            continue
        writer.writerow([period, code, f"{float(value):.10g}", notes.get((code, month), "")])
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
    return paths


if __name__ == "__main__":
    for p in write_demo():
        print(p)
