"""lib.report.narrative and lib.report.model: the drafted report text, checked against hand-computed figures.

The demo data has two years (2024 and 2025), so every year-on-year clause below is computed by
hand from ``lib.readers.demo``'s series, not from the code under test.
"""
from __future__ import annotations

from datetime import date

import pytest

from lib.analytics.datastore import DEMO_DIR, Source, open_store
from lib.analytics.formulas import gap_table
from lib.core import texts
from lib.readers import demo
from lib.report import model, narrative


@pytest.fixture(scope="module")
def store():
    return open_store(source=Source(DEMO_DIR, is_demo=True))


@pytest.fixture(scope="module")
def june(store):
    return model.build_report(store, 2025, 6, issued=date(2025, 7, 5))


def _paragraphs(rep, key):
    return next(s for s in rep.sections if s.key == key).paragraphs


def _cum(series, code, month):
    return sum(v for v in series[code][:month] if v is not None)


def test_periods_and_subtitles():
    assert narrative.subtitle(6, 2025) == "Kết quả thực hiện các chỉ tiêu kinh tế – xã hội tháng 6 và 6 tháng đầu năm 2025"
    assert narrative.subtitle(1, 2025) == "Kết quả thực hiện các chỉ tiêu kinh tế – xã hội tháng 1 năm 2025"
    assert narrative.subtitle(12, 2025) == "Kết quả thực hiện các chỉ tiêu kinh tế – xã hội tháng 12 và cả năm 2025"
    assert narrative.period_phrase(9, 2025) == "9 tháng đầu năm 2025"


def test_heading_block(june):
    h = june.heading
    assert (h.authority, h.ward) == ("ỦY BAN NHÂN DÂN", "PHƯỜNG TRƯƠNG QUANG TRỌNG")
    assert h.nation == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert h.motto == "Độc lập – Tự do – Hạnh phúc"
    assert h.place_date == "Trương Quang Trọng, ngày 05 tháng 07 năm 2025"
    assert june.is_demo


def test_budget_sentence_with_year_on_year(june):
    """Revenue: the month's figure, to date, % of the budget estimate, change on 2024."""
    cum = _cum(demo.SERIES, "state_revenue", 6)
    before = _cum(demo.PREVIOUS_SERIES, "state_revenue", 6)
    assert (cum, before) == (6211, 5567)  # 14.120 × 44% and 12.650 × 44%, rounded month by month
    month = demo.SERIES["state_revenue"][5]
    text = " ".join(_paragraphs(june, "budget"))
    assert (f"Tổng thu ngân sách nhà nước trên địa bàn tháng 6 đạt {month:,.0f} triệu đồng; ".replace(",", ".")
            + "lũy kế 6 tháng đạt 6.211 triệu đồng, bằng 46,5% dự toán năm, "  # 6211 / 13345
            + "tăng 11,6% so với cùng kỳ, đúng tiến độ.") in text  # 6211 / 5567 − 1 = 11,57%


def test_rates_compare_in_points(june):
    now = demo.SERIES["health_insurance_rate"][5]       # 92,3 (a line from 91,2 to 93,6)
    before = demo.PREVIOUS_SERIES["health_insurance_rate"][5]  # 90,2
    assert round(now - before, 1) == 2.1
    text = " ".join(_paragraphs(june, "society"))
    assert ("Tỷ lệ dân số tham gia bảo hiểm y tế đạt 92,3%, kế hoạch năm 95,0%, "
            "tăng 2,1 điểm phần trăm so với cùng kỳ") in text
    # a ceiling (at_most) rate, and ‰
    assert "Tỷ lệ tăng dân số tự nhiên là 7,1‰, kế hoạch năm không quá 8,0‰, giảm 0,5‰ so với cùng kỳ, đã đạt kế hoạch năm." in text


def test_levels_counts_and_notes(june):
    text = _paragraphs(june, "agriculture")
    # 56 of 60 head = 93,3%; a year before 60 → −6,7%
    assert "Đàn trâu đạt 56 con, bằng 93,3% kế hoạch năm (60 con), giảm 6,7% so với cùng kỳ" in text[0]
    # the note staff wrote in June for the buffalo herd (behind) is quoted in the concerns paragraph
    assert text[1].startswith("Các chỉ tiêu cần tập trung chỉ đạo: ")
    assert "Đàn trâu (chậm tiến độ – Hộ chăn nuôi bán trâu do thiếu bãi chăn thả)" in text[1]


def test_zero_month_and_harvest(store):
    jan = model.build_report(store, 2025, 1, issued=date(2025, 2, 5))
    text = _paragraphs(jan, "agriculture")[0]
    assert "Sản lượng lúa: chưa đến vụ thu hoạch (kế hoạch năm 1.150 tấn)." in text
    june = model.build_report(store, 2025, 6, issued=date(2025, 7, 5))
    # rice: nothing harvested in June, 245 + 415 = 660 t to date, 57,4% of 1.150 t; 2024: 230 + 390 = 620
    assert ("Sản lượng lúa tháng 6 không phát sinh; lũy kế 6 tháng đạt 660 tấn, bằng 57,4% kế hoạch năm, "
            "tăng 6,5% so với cùng kỳ") in _paragraphs(june, "agriculture")[0]


def test_goals_and_of_which(june):
    assert "Phường vững mạnh về quốc phòng: đạt." in _paragraphs(june, "security")[0]
    society = _paragraphs(june, "society")
    # overseas workers (of which new jobs): 0+1+0+1+0+0 = 2 of 6 = 33,3%; 2024: 0+0+1+0+1+0 = 2
    assert ("Trong đó, đi làm việc ở nước ngoài theo hợp đồng tháng 6 không phát sinh; lũy kế 6 tháng đạt "
            "2 người, bằng 33,3% kế hoạch năm, bằng cùng kỳ") in society[0]
    assert "Người đi làm việc ở nước ngoài theo hợp đồng (nguy cơ không đạt)" in society[1]


def test_overview_counts_match_gap_table(store, june):
    g = gap_table(store, 2025, 6)
    counts = g["status"].value_counts()
    text = _paragraphs(june, "overview")[0]
    assert text.startswith(f"Tính đến hết tháng 6/2025, trong {len(g)} chỉ tiêu")
    for status in ("achieved", "on_track", "behind", "at_risk"):
        assert texts.NARRATIVE_COUNTS[status].format(n=counts[status]) in text


def test_year_end_says_not_achieved(store):
    dec = model.build_report(store, 2025, 12, issued=date(2026, 1, 5))
    budget = _paragraphs(dec, "budget")
    # local revenue 12.280 of 12.663 = 97,0%: not met at year-end, not "behind"
    assert "lũy kế 12 tháng đạt 12.280 triệu đồng, bằng 97,0% dự toán năm, tăng 3,2% so với cùng kỳ, chưa đạt kế hoạch năm." in budget[0]
    assert "Tổng thu ngân sách địa phương (chưa đạt)" in budget[1]
    assert _paragraphs(dec, "next")[0].startswith("Tổng kết phong trào thi đua năm 2025")


def test_no_previous_year_no_comparison(build_store):
    store = build_store(
        [{"code": "rev", "sector": "budget", "name_vi": "Thu ngân sách", "unit": "triệu đồng", "target": 1200,
          "direction": "at_least", "aggregation": "sum"}],
        {1: {"rev": 100}, 2: {"rev": 150}},
    )
    rep = model.build_report(store, 2025, 2, issued=date(2025, 3, 1))
    text = _paragraphs(rep, "budget")[0]
    # 250 of 1.200 = 20,8%, linear pace 200: on track; no 2024 months, so no "so với cùng kỳ"
    assert "Thu ngân sách tháng 2 đạt 150 triệu đồng; lũy kế 2 tháng đạt 250 triệu đồng, bằng 20,8% dự toán năm, đúng tiến độ." in text
    assert "cùng kỳ" not in text


def test_deterministic_and_editable(store, june):
    again = model.build_report(store, 2025, 6, issued=date(2025, 7, 5))
    assert again.sections == june.sections
    edited = june.with_sections({"budget": "Đoạn một đã sửa.\n\nĐoạn hai."})
    assert _paragraphs(edited, "budget") == ("Đoạn một đã sửa.", "Đoạn hai.")
    assert _paragraphs(edited, "agriculture") == _paragraphs(june, "agriculture")
    assert edited.section_text("budget") == "Đoạn một đã sửa.\n\nĐoạn hai."


def test_monthly_table(june):
    m = june.monthly
    assert set(m["month"]) == set(range(1, 7))
    food = m[m["code"] == "food_output"].set_index("month")["value"]
    assert food[4] == pytest.approx(245 + 35)  # a total computed from its parts


def test_tasks_section(june, store):
    """Issue 9: the June report reads the tasks as they stood on 30/06/2025 (the demo's dated
    history), not today's: nothing done yet, the temple still “đang thực hiện” at 15% (it was
    reported late only from September; this test used to find it late in June from December's
    statuses), the criterion reported for the first time in December not yet updated."""
    from lib.storage import task_store

    items = task_store.tasks_as_of(date(2025, 6, 30), source=store.source)
    done = int(((items["status"] == "hoan_thanh") & items["reported"]).sum())
    text = _paragraphs(june, "tasks")
    assert done == 0
    assert text[0].startswith(f"Trong {len(items)} nhiệm vụ, công trình và tiêu chí của Kế hoạch năm 2025, "
                              f"tính đến ngày 30/06/2025 có {done} đã hoàn thành")
    assert text[0].endswith("; 0 nhiệm vụ chậm tiến độ. 1 mục chưa được cập nhật tiến độ.")
    assert "Cải tạo, sửa chữa đền Văn Thánh đạt 15% khối lượng (đang thực hiện)" in text[1]
    assert text[2] == texts.NARRATIVE_TASKS_NONE_LATE
    assert "Đã sơ kết 6 tháng và tổng kết năm" not in " ".join(june.tasks["Ghi chú"])
    # and the report's own table lists the open items by deadline: the road (31/10/2025) first
    assert june.tasks.iloc[0, 0] == "Sửa chữa các tuyến đường bê tông xi măng hư hỏng, xuống cấp"
    # December: the temple is late, with the owner, the deadline and the note staff wrote.
    december = model.build_report(store, 2025, 12, issued=date(2026, 1, 5), with_ranking=False)
    late = _paragraphs(december, "tasks")
    assert "Cải tạo, sửa chữa đền Văn Thánh đạt 40% khối lượng (chậm)" in late[1]
    assert late[2].startswith("Các nhiệm vụ, công trình chậm tiến độ: Sửa chữa các tuyến đường bê tông")
    assert "thời hạn 31/12/2025 – Chậm do phải điều chỉnh hồ sơ thiết kế" in late[2]


def test_emulation_section(store, june):
    from lib.analytics import scoring

    board = scoring.scoreboard(store, 2025, 6)
    groups = board.ranking[board.ranking["kind"] == "residential_group"].sort_values(["rank", "display_name"])
    first = groups.iloc[0]
    text = _paragraphs(june, "emulation")[0]
    assert text.startswith(f"Các tổ dân phố – dẫn đầu: {first['display_name']} "
                           + f"{first['total']:.1f}".replace(".", ",") + " điểm")
    assert first["display_name"] == "Tổ dân phố Trường Thọ Tây A"  # the demo's best group
    assert june.ranking.columns[:4].tolist() == ["Hạng", "Đơn vị", "Loại đơn vị", "Tổng điểm"]
    # section numbers follow on: … VI tasks, VII emulation, VIII next month
    assert [s.title.split(".")[0] for s in june.sections[1:]] == ["I", "II", "III", "IV", "V", "VI", "VII", "VIII"]
