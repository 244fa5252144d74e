"""Indicator tables for display: every number already written the Vietnamese way."""
from __future__ import annotations

import pandas as pd

from lib.core import fmt, texts


def indicator_table(gaps: pd.DataFrame, year: int, with_sector: bool = False) -> pd.DataFrame:
    """The gap table as text columns with Vietnamese headings, in the order given.

    Numbers are written without their unit; the ĐVT column (đơn vị tính) holds it, as in the
    ward's own report tables.
    The overview names each row's sector; a sector page names its group (Trồng trọt, Y tế …).
    """
    rows = []
    for r in gaps.to_dict("records"):
        row = {}
        if with_sector:
            row[texts.COL_SECTOR] = texts.SECTORS[r["sector"]]
        else:
            row[texts.COL_GROUP] = texts.GROUPS.get(r["group"], r["group"])
        row[texts.COL_NAME] = r["name_vi"]
        row[texts.COL_UNIT] = fmt.unit_label(r["unit"])
        row[texts.COL_STATUS] = texts.STATUS_LABELS[r["status"]]
        row[texts.COL_ACHIEVEMENT] = fmt.percent(r["achievement_pct"])
        row[texts.COL_TARGET] = (("≤ " if r["direction"] == "at_most" else "")
                                 + fmt.of(r, r["target"], with_unit=False))
        row[texts.COL_ACTUAL] = fmt.of(r, r["actual_to_date"], with_unit=False)
        row[texts.COL_EXPECTED] = fmt.of(r, r["expected_to_date"], with_unit=False)
        row[texts.COL_PROJECTION] = fmt.of(r, r["projection"], with_unit=False)
        row[texts.COL_GAP] = fmt.gap_of(r, with_unit=False)
        row[texts.COL_LAST_MONTH] = (fmt.month_label(year, int(r["last_month"]))
                                     if not pd.isna(r["last_month"]) else "—")
        rows.append(row)
    return pd.DataFrame(rows)


def with_status_pills(table: pd.DataFrame) -> pd.DataFrame:
    """The same table with each status as a one-item list, which ``st.dataframe`` draws as a
    coloured pill holding the word (see ``lib.ui``): colour and word, without a Styler."""
    return table.assign(**{texts.COL_STATUS: [[label] for label in table[texts.COL_STATUS]]})
