"""Issue 9 in the report's words (lib.report.narrative): a month reported in parts, an indicator judged
in its own month (``assessed``), December and any month past an indicator's time as results.

Every expected sentence is written by hand from the figures of the small catalogues below."""
from __future__ import annotations

from lib.report import narrative

Y = 2025


def _sector(store, month, key="agriculture"):
    return next(s for s in narrative.sections(store, Y, month) if s.key == key).paragraphs


def _next(store, month):
    return next(s for s in narrative.sections(store, Y, month) if s.key == "next").paragraphs[0]


def test_a_flow_not_yet_reported_speaks_of_its_last_month(build_store, ind):
    # 10 t in January and February, March not reported; target 120 t, even months
    store = build_store([ind("x", name_vi="Sản lượng x")], {1: {"x": 10}, 2: {"x": 10}, 3: {}})
    text = _sector(store, 3)[0]
    # judged as of February: 20 t of 120 = 16,7%; 20 ÷ 2/12 = 120 → on pace (before issue 9:
    # “lũy kế 3 tháng đạt 20 tấn … có nguy cơ không đạt kế hoạch năm (dự báo cả năm 80 tấn)”)
    assert ("Sản lượng x tháng 3 chưa có số liệu; lũy kế 2 tháng đạt 20 tấn, bằng 16,7% kế hoạch năm, "
            "đúng tiến độ.") in text


def test_not_due_before_its_month(build_store, ind):
    lvl = dict(unit="học sinh", aggregation="last", integer=True, target=3000, assessed=9)
    store = build_store([ind("p", name_vi="Số học sinh", **lvl), ind("q", name_vi="Số học sinh khác", **lvl)],
                        {1: {"p": 2950}})
    paragraphs = _sector(store, 3)
    # 2.950 of 3.000 = 98,3%: within 10 % yet neither behind nor on track — not due until September
    assert ("Số học sinh đạt 2.950 học sinh, bằng 98,3% kế hoạch năm (3.000 học sinh) (số liệu tháng 1/2025), "
            "chưa đến kỳ đánh giá.") in paragraphs[0]
    assert "Số học sinh khác: chưa đến kỳ đánh giá (kế hoạch năm 3.000 học sinh)." in paragraphs[0]
    assert "Lĩnh vực nông nghiệp có 2 chỉ tiêu: 2 chỉ tiêu chưa đến kỳ đánh giá." in paragraphs[0]
    assert len(paragraphs) == 1  # nothing to list among the concerns
    assert "chậm" not in " ".join(paragraphs)


def test_past_its_month_a_level_is_a_result(build_store, ind):
    rate = dict(unit="%", aggregation="last", target=99, assessed=6)
    store = build_store([ind("g", name_vi="Tỷ lệ tốt nghiệp", **rate)], {6: {"g": 97.5}})
    text = _sector(store, 8)
    # June's 97,5% against 99%: a result from June on, “chưa đạt kế hoạch năm”, never “chậm tiến độ”
    assert ("Tỷ lệ tốt nghiệp đạt 97,5%, kế hoạch năm 99,0% (số liệu tháng 6/2025), chưa đạt kế hoạch năm."
            in text[0])
    assert text[1] == "Các chỉ tiêu cần tập trung chỉ đạo: Tỷ lệ tốt nghiệp (chưa đạt)."
    assert "1 chỉ tiêu chưa đạt kế hoạch năm" in text[0]


def test_december_is_results_only(build_store, ind):
    # x: 10 a month → 120 of 130 (92,3%): not achieved; y: 11 a month → 132 of 130 (101,5%): achieved
    store = build_store([ind("x", name_vi="Chỉ tiêu x", target=130), ind("y", name_vi="Chỉ tiêu y", target=130)],
                        {m: {"x": 10, "y": 11} for m in range(1, 13)})
    text = _sector(store, 12)
    assert ("Chỉ tiêu x tháng 12 đạt 10 tấn; lũy kế 12 tháng đạt 120 tấn, bằng 92,3% kế hoạch năm, "
            "chưa đạt kế hoạch năm.") in text[0]
    assert ("Chỉ tiêu y tháng 12 đạt 11 tấn; lũy kế 12 tháng đạt 132 tấn, bằng 101,5% kế hoạch năm, "
            "đã đạt kế hoạch năm.") in text[0]
    assert "Lĩnh vực nông nghiệp có 2 chỉ tiêu: 1 chỉ tiêu đã đạt kế hoạch năm và 1 chỉ tiêu chưa đạt kế hoạch năm." \
        in text[0]
    assert text[1] == "Các chỉ tiêu cần tập trung chỉ đạo: Chỉ tiêu x (chưa đạt)."
    everything = " ".join(text)
    assert "tiến độ" not in everything and "nguy cơ" not in everything
    assert "đánh giá nguyên nhân các chỉ tiêu chưa đạt (chỉ tiêu x)" in _next(store, 12)


def test_december_not_yet_reported_reads_as_a_result(build_store, ind):
    # December missing: judged as of November (110 ÷ 11/12 = 120 ≥ 117 → behind), said as a result
    store = build_store([ind("x", name_vi="Chỉ tiêu x", target=130)], {m: {"x": 10} for m in range(1, 12)})
    text = _sector(store, 12)[0]
    assert ("Chỉ tiêu x tháng 12 chưa có số liệu; lũy kế 11 tháng đạt 110 tấn, bằng 84,6% kế hoạch năm, "
            "chưa đạt kế hoạch năm.") in text


def test_ceiling_above_it_reads_zero_not_negative(build_store, ind):
    store = build_store([ind("pov", name_vi="Tỷ lệ hộ nghèo", unit="%", target=0.17, direction="at_most",
                             aggregation="last")], {1: {"pov": 0.35}, 2: {"pov": 0.35}})
    gaps = narrative.formulas.gap_table(store, Y, 2)
    assert gaps.loc[0, "achievement_pct"] == 0  # was 100 + (0,17 − 0,35)/0,17 × 100 = −5,9
    assert "Tỷ lệ hộ nghèo là 0,35%, kế hoạch năm không quá 0,17%" in _sector(store, 2)[0]


def test_a_total_with_a_part_missing_says_so(build_store, ind):
    # food = rice + maize (60 + 60 t, even months); rice Jan–Mar 5 t a month, maize Jan–Feb 5 t
    part = dict(relation="component", parent="food")
    store = build_store([ind("food", name_vi="Lương thực"), ind("rice", name_vi="Lúa", target=60, **part),
                         ind("maize", name_vi="Ngô", target=60, **part)],
                        {1: {"rice": 5, "maize": 5}, 2: {"rice": 5, "maize": 5}, 3: {"rice": 5}})
    text = _sector(store, 3)[0]
    # 25 of 120 = 20,8%; expected 15 + 10 = 25 → on pace; maize as of February
    assert ("Lương thực tháng 3 chưa đủ số liệu các thành phần; lũy kế số liệu đã báo cáo đạt 25 tấn, "
            "bằng 20,8% kế hoạch năm, đúng tiến độ.") in text
    assert "Ngô tháng 3 chưa có số liệu; lũy kế 2 tháng đạt 10 tấn, bằng 16,7% kế hoạch năm, đúng tiến độ." in text
    assert "Lúa tháng 3 đạt 5 tấn; lũy kế 3 tháng đạt 15 tấn, bằng 25,0% kế hoạch năm, đúng tiến độ." in text
