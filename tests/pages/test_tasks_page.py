"""The Nhiệm vụ – Công trình page (``pages/tasks.py``) and the overview's block, run with AppTest.

On the demo list (demo mode: its dated history) as of the end of the month chosen in the sidebar:
the counts, the late items first, the chart and the list. With a real month, on a ward's own list
whose items were reported on 27/06/2025 (the demo's figures, entered as the ward's). Access as in ``tests/pages/test_access.py``: a
secrets file with a viewer and an editor; the viewer reads everything and gets no edit control,
the editor previews an edit, confirms it, and the page and the file show the new value.
"""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib.access import auth
from lib.analytics import tasks
from lib.core import fmt, texts
from lib.storage import month_store, task_store
from tests.support.helpers import MODES, REPO, assert_clean, open_app, selectbox, tree_hash

PASSWORDS = {"xem": "mat-khau-xem-01", "nhap": "mat-khau-nhap-02"}
ROLES = {"xem": "viewer", "nhap": "editor"}
ROAD = "Sửa chữa các tuyến đường bê tông xi măng hư hỏng, xuống cấp"
TEMPLE = "Cải tạo, sửa chữa đền Văn Thánh"
DIGITAL = "Thực hiện Kế hoạch chuyển đổi số năm 2025: chính quyền số, kinh tế số, xã hội số"
SCENERY = "Cảnh quan, môi trường xanh, sạch, đẹp, văn minh"
JUNE_REPORT = date(2025, 6, 27)
METRICS_DECEMBER = {"Tổng số": "27", "Chưa bắt đầu": "1", "Đang thực hiện": "20", "Hoàn thành": "5", "Chậm": "1",
                    "Cần chú ý": "4"}


@pytest.fixture(scope="module")
def hashes() -> dict[str, str]:
    return {name: auth.hash_password(pw) for name, pw in PASSWORDS.items()}


@pytest.fixture
def secured(tmp_path, monkeypatch, hashes):
    """A data folder with one real month (June 2025: the as-of date is 30/06/2025) and two accounts."""
    data = tmp_path / "data"
    month_store.import_rows(data, "2025-06", [{"indicator_code": "state_revenue", "value": 6211, "note": ""}],
                        user="test")
    # Issue 9: the shipped list has nothing reported; this ward entered its items on 27/06/2025 (by hand).
    own = tasks.load_tasks(REPO / "data" / "demo" / "tasks_2025.csv").assign(updated=JUNE_REPORT, demo=False)
    (data / "tasks_2025.csv").write_bytes(tasks.serialize(own))
    secrets = tmp_path / "secrets.toml"
    secrets.write_text("".join(
        f'[accounts.{name}]\nname = "Cán bộ {name}"\nrole = "{ROLES[name]}"\npassword_hash = "{hashes[name]}"\n\n'
        for name in PASSWORDS), encoding="utf-8")
    monkeypatch.setenv("TQT_DATA_DIR", str(data))
    monkeypatch.setenv("TQT_SECRETS", str(secrets))
    monkeypatch.delenv("TQT_TARGETS", raising=False)
    return data


def signed_in(username: str) -> AppTest:
    at = AppTest.from_file(str(REPO / "pages" / "tasks.py"), default_timeout=60).run()
    at.text_input[0].input(username)
    at.text_input[1].input(PASSWORDS[username])
    next(b for b in at.button if b.label == texts.LOGIN_SUBMIT).click()
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def listed(at: AppTest):
    """The page's list, statuses unwrapped from their pills."""
    frame = at.dataframe[0].value
    return frame.assign(**{texts.TASKS_COL_STATUS: [list(v)[0] for v in frame[texts.TASKS_COL_STATUS]]})


def row_of(at: AppTest, title: str) -> dict:
    frame = listed(at)
    found = frame[frame[texts.TASKS_COL_TITLE] == title]
    assert len(found) == 1
    return found.iloc[0].to_dict()


def button(at: AppTest, label: str):
    found = [b for b in at.button if b.label == label]
    assert len(found) == 1, [b.label for b in at.button]
    return found[0]


def progress_box(at: AppTest):
    return next(n for n in at.number_input if n.label == texts.TASKS_EDIT_PROGRESS)


def dated(at: AppTest, on: date) -> AppTest:
    """Date the update (the form then holds the item as it stood that day)."""
    return next(d for d in at.date_input if d.label == texts.TASKS_EDIT_ON).set_value(on).run()


def pick(at: AppTest, title: str) -> AppTest:
    """Choose the item titled ``title`` in “Chọn nhiệm vụ, công trình”."""
    shipped = tasks.load_tasks(REPO / "data" / "tasks_2025.csv")
    task_id = shipped.loc[shipped["title_vi"] == title, "id"].item()
    return selectbox(at, texts.TASKS_PICK).set_value(task_id).run()


# --- the page on the shipped file ----------------------------------------------------------------------

@pytest.mark.parametrize("mode", MODES)
def test_page_on_the_shipped_file(demo_env, mode):
    at = open_app("tasks", mode)
    assert_clean(at)
    assert [t.value for t in at.title] == [texts.PAGE_TASKS]
    assert metrics(at) == METRICS_DECEMBER  # the demo months end in December: as of 31/12/2025
    assert any("31/12/2025" in c.value for c in at.caption)
    assert texts.TASKS_DEMO_BANNER in [w.value for w in at.warning]
    late = next(m.value for m in at.markdown if m.value.startswith("- **"))
    titles = [fmt.md_escape(t) for t in (ROAD, TEMPLE, DIGITAL, SCENERY)]  # Markdown: escaped
    assert [line.split("**")[1] for line in late.split("\n")] == titles
    assert "thời hạn 31/10/2025, tiến độ 75%): quá hạn 61 ngày" in late
    assert len(at.get("plotly_chart")) == 1
    frame = listed(at)
    assert frame[texts.TASKS_COL_TITLE].tolist()[:4] == [ROAD, TEMPLE, DIGITAL, SCENERY]
    road = row_of(at, ROAD)
    assert (road[texts.TASKS_COL_STATUS], road[texts.TASKS_COL_PROGRESS], road[texts.TASKS_COL_DEADLINE],
            road[texts.TASKS_COL_WARNING]) == ("Đang thực hiện", 75, "31/10/2025", "quá hạn 61 ngày")
    assert frame[texts.TASKS_COL_STATUS].tolist()[-5:] == ["Hoàn thành"] * 5
    assert row_of(at, TEMPLE)[texts.TASKS_COL_OWNER] == "Bộ phận Địa chính – Xây dựng – Đô thị – Môi trường" + \
        texts.UNIT_DEMO_MARK
    # The first item's details, as plain text; local mode is an editor: the form is there.
    assert "31/03/2025  Khảo sát, lập danh mục tuyến đường hư hỏng" in [t.value for t in at.text][0]
    assert "Đã sửa xong 5/7 tuyến; 2 tuyến còn lại chờ bố trí vốn bổ sung." in [t.value for t in at.text]
    # Issue 9: an update goes to the ward's own list, which starts from the plan (nothing reported),
    # never to the demo's invented figures (it started from them: 75).
    assert progress_box(at).value == 0
    assert texts.TASKS_EDIT_DEMO_NOTE in [c.value for c in at.caption]


def test_the_month_moves_the_as_of_date(demo_env):
    at = open_app("tasks")
    selectbox(at.sidebar, texts.AS_OF_LABEL).set_value("2025-06").run()
    assert_clean(at)
    assert any("30/06/2025" in c.value for c in at.caption)
    # Issue 9: June as it stood (the demo's dated history): the temple was only reported late from
    # September (it was “1”, today's statuses judged in June), the reform at 40%, the road at 35%.
    assert metrics(at)["Cần chú ý"] == "0"
    assert metrics(at)["Hoàn thành"] == "0" and metrics(at)["Chưa bắt đầu"] == "0"
    assert (row_of(at, TEMPLE)[texts.TASKS_COL_STATUS], row_of(at, TEMPLE)[texts.TASKS_COL_PROGRESS]) == (
        "Đang thực hiện", 15)
    assert row_of(at, ROAD)[texts.TASKS_COL_PROGRESS] == 35
    assert row_of(at, "Cải cách công vụ; bồi dưỡng, tập huấn nâng cao chất lượng cán bộ, công chức")[
        texts.TASKS_COL_PROGRESS] == 40
    assert row_of(at, "Các tổ dân phố giữ vững danh hiệu Tổ dân phố văn hóa")[texts.TASKS_COL_STATUS] == \
        texts.TASKS_NOT_REPORTED
    assert row_of(at, ROAD)[texts.TASKS_COL_WARNING] == ""


def test_overview_shows_the_tasks_block(demo_env):
    at = open_app("overview", "dashboard")
    assert_clean(at)
    assert texts.TASKS_OVERVIEW_TITLE in [s.value for s in at.subheader]
    counts = next(m.value for m in at.markdown if m.value.startswith("27 nhiệm vụ"))
    assert ":green-badge[Hoàn thành: 5]" in counts and ":red-badge[Cần chú ý: 4]" in counts
    lines = next(m.value for m in at.markdown if m.value.startswith("- **"))
    titles = [fmt.md_escape(t) for t in (ROAD, TEMPLE, DIGITAL, SCENERY)]
    assert [line.split("**")[1] for line in lines.split("\n")] == titles


def test_a_broken_tasks_file_is_reported_and_the_overview_still_works(real_env):
    (real_env / "tasks_2025.csv").write_text(
        (REPO / "data" / "demo" / "tasks_2025.csv").read_text(encoding="utf-8").replace(",van_phong,", ",van_phongg,", 1),
        encoding="utf-8")
    at = open_app("tasks")
    errors = [e.value for e in at.error if e.value != texts.LOCAL_MODE_BANNER]
    assert len(errors) == 1 and errors[0].startswith(texts.TASKS_UNREADABLE)
    assert fmt.md_escape("Tệp nhiệm vụ tasks_2025.csv, dòng 6, cột “owner”: bộ phận “van_phongg” không có trong "
                         "danh sách đơn vị (units.csv); có phải “van_phong” (Văn phòng – Thống kê)?") in errors[0]
    assert not at.dataframe and not at.get("plotly_chart")
    at = open_app("overview")
    assert [e.message for e in at.exception] == []
    assert len(at.dataframe) == 1  # the indicators are still shown; the block says what is wrong
    assert any(e.value.startswith(texts.TASKS_UNREADABLE) for e in at.error)


# --- who may edit --------------------------------------------------------------------------------------

def test_anonymous_sees_only_the_sign_in(secured):
    at = AppTest.from_file(str(REPO / "pages" / "tasks.py"), default_timeout=60).run()
    assert [e.message for e in at.exception] == []
    assert [t.value for t in at.title] == [texts.LOGIN_TITLE]
    assert not at.dataframe and not at.metric and not at.get("plotly_chart")


def test_viewer_sees_the_list_and_no_edit_control(secured):
    at = signed_in("xem")
    assert [e.message for e in at.exception] == [] and [e.value for e in at.error] == []
    assert metrics(at)["Cần chú ý"] == "1"  # the real month is June: as of 30/06/2025
    assert listed(at)[texts.TASKS_COL_TITLE].iloc[0] == TEMPLE
    assert [n.label for n in at.number_input] == []
    assert [b.label for b in at.button if b.label in (texts.TASKS_EDIT_SUBMIT, texts.TASKS_CONFIRM)] == []
    assert texts.TASKS_VIEW_ONLY in [c.value for c in at.caption]
    assert [e.label for e in at.expander if e.label.startswith("Lịch sử cập nhật")] == ["Lịch sử cập nhật (0 lần)"]


def test_editor_updates_progress_and_sees_the_saved_version(secured):
    at = pick(signed_in("nhap"), DIGITAL)
    assert progress_box(at).value == 60
    at = dated(at, date(2025, 6, 28))  # June's progress, entered later
    assert progress_box(at).value == 60
    progress_box(at).set_value(75)
    before = (secured / "tasks_2025.csv").read_bytes()
    button(at, texts.TASKS_EDIT_SUBMIT).click()
    at.run()
    assert "Tiến độ: 60% → 75%" in [t.value for t in at.text]
    assert (secured / "tasks_2025.csv").read_bytes() == before  # nothing is written before the confirm
    button(at, texts.TASKS_CONFIRM).click()
    at.run()
    assert [e.message for e in at.exception] == [] and [e.value for e in at.error] == []
    assert [s.value for s in at.success] == [texts.TASKS_SAVED.format(title=DIGITAL, version=2)]
    assert row_of(at, DIGITAL)[texts.TASKS_COL_PROGRESS] == 75
    assert progress_box(at).value == 75  # the form now holds the saved version
    saved = tasks.load_tasks(secured / "tasks_2025.csv").set_index("id").loc["nv_13_chuyen_doi_so"]
    assert saved["progress"] == 75
    entry = task_store.history(secured, "nv_13_chuyen_doi_so")[-1]
    assert (entry["user"], entry["changes"]) == ("Cán bộ nhap", [{"field": "progress", "old": 60, "new": 75}])
    assert entry["on"] == "2025-06-28"
    assert [e.label for e in at.expander if e.label.startswith("Lịch sử cập nhật")] == ["Lịch sử cập nhật (1 lần)"]
    assert "Tiến độ: 60% → 75%" in [t.value for t in at.text]  # in the history expander
    audit = [json.loads(line) for line in (secured / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(e["period"], e["action"]) for e in audit] == [("2025-06", "import"), ("tasks", "baseline"),
                                                          ("tasks", "update")]


def test_an_update_dated_today_leaves_the_month_shown_as_it_stood(secured):
    at = pick(signed_in("nhap"), DIGITAL)
    progress_box(at).set_value(80)
    button(at, texts.TASKS_EDIT_SUBMIT).click()
    at.run()
    button(at, texts.TASKS_CONFIRM).click()
    at.run()
    assert [e.message for e in at.exception] == [] and [e.value for e in at.error] == []
    flash = [s.value for s in at.success]
    assert len(flash) == 1 and flash[0].startswith(texts.TASKS_SAVED.format(title=DIGITAL, version=2))
    assert "sau ngày đang xem (30/06/2025)" in flash[0]
    assert row_of(at, DIGITAL)[texts.TASKS_COL_PROGRESS] == 60  # June as it stood
    assert tasks.load_tasks(secured / "tasks_2025.csv").set_index("id").loc["nv_13_chuyen_doi_so", "progress"] == 80


def test_a_future_date_cannot_be_chosen(secured):
    at = pick(signed_in("nhap"), DIGITAL)
    box = next(d for d in at.date_input if d.label == texts.TASKS_EDIT_ON)
    assert box.max == box.value  # today, and nothing later
    assert box.min == date(2025, 1, 1)


def test_editor_edit_of_several_fields(secured):
    at = dated(pick(signed_in("nhap"), ROAD), date(2025, 6, 28))
    next(s for s in at.selectbox if s.label == texts.TASKS_EDIT_STATUS).set_value("hoan_thanh")
    progress_box(at).set_value(100)
    next(t for t in at.text_area if t.label == texts.TASKS_EDIT_NOTE).set_value("Đã nghiệm thu cả 7 tuyến.")
    next(t for t in at.text_area if t.label == texts.TASKS_EDIT_MILESTONES).set_value(
        "2025-12-20 Nghiệm thu\n\n2025-07-15 Khởi công\n")
    button(at, texts.TASKS_EDIT_SUBMIT).click()
    at.run()
    preview = next(t.value for t in at.text if t.value.startswith("Tình trạng:"))
    assert preview.split("\n") == [
        "Tình trạng: Đang thực hiện → Hoàn thành", "Tiến độ: 75% → 100%",
        "Ghi chú: Đã sửa xong 5/7 tuyến; 2 tuyến còn lại chờ bố trí vốn bổ sung. → Đã nghiệm thu cả 7 tuyến.",
        "Các mốc: 2025-03-31 Khảo sát, lập danh mục tuyến đường hư hỏng; 2025-05-31 Phê duyệt báo cáo kinh tế – "
        "kỹ thuật; 2025-07-15 Khởi công; 2025-10-31 Hoàn thành, nghiệm thu → 2025-07-15 Khởi công; "
        "2025-12-20 Nghiệm thu"]
    button(at, texts.TASKS_CONFIRM).click()
    at.run()
    assert row_of(at, ROAD)[texts.TASKS_COL_STATUS] == "Hoàn thành"
    # Done now: among the done items at the bottom, the first (its deadline is the earliest).
    assert listed(at)[texts.TASKS_COL_TITLE].tolist()[-6] == ROAD


def test_an_invalid_edit_is_refused_and_writes_nothing(secured):
    at = pick(signed_in("nhap"), DIGITAL)
    before = tree_hash(secured)
    next(s for s in at.selectbox if s.label == texts.TASKS_EDIT_STATUS).set_value("hoan_thanh")
    button(at, texts.TASKS_EDIT_SUBMIT).click()
    at.run()
    errors = [e.value for e in at.error]
    assert len(errors) == 1 and errors[0].startswith(texts.TASKS_REJECTED)
    assert "Tình trạng “hoàn thành” nhưng tiến độ 60%" in errors[0]
    assert [b for b in at.button if b.label == texts.TASKS_CONFIRM] == []
    assert tree_hash(secured) == before


def test_cancel_writes_nothing(secured):
    at = pick(signed_in("nhap"), DIGITAL)
    before = tree_hash(secured)
    progress_box(at).set_value(70)
    button(at, texts.TASKS_EDIT_SUBMIT).click()
    at.run()
    button(at, texts.TASKS_CANCEL).click()
    at.run()
    assert [b for b in at.button if b.label == texts.TASKS_CONFIRM] == []
    assert tree_hash(secured) == before


def test_a_save_by_someone_else_during_the_preview_is_never_overwritten(secured):
    at = pick(signed_in("nhap"), DIGITAL)
    progress_box(at).set_value(70)
    button(at, texts.TASKS_EDIT_SUBMIT).click()
    at.run()
    task_store.update("nv_13_chuyen_doi_so", {"progress": 65}, user="người khác", root=secured,
                       on=date(2025, 6, 29))
    button(at, texts.TASKS_CONFIRM).click()
    at.run()
    assert texts.TASKS_PENDING_STALE in [w.value for w in at.warning]
    assert row_of(at, DIGITAL)[texts.TASKS_COL_PROGRESS] == 65
    assert [e["user"] for e in task_store.history(secured, "nv_13_chuyen_doi_so")] == ["người khác"]


def test_local_mode_user_is_recorded(demo_env):
    at = open_app("tasks")
    next(s for s in at.selectbox if s.label == texts.TASKS_EDIT_STATUS).set_value("dang_thuc_hien")
    progress_box(at).set_value(80)
    button(at, texts.TASKS_EDIT_SUBMIT).click()
    at.run()
    button(at, texts.TASKS_CONFIRM).click()
    at.run()
    assert_clean(at)
    assert task_store.history(Path(demo_env), "ct_duong_be_tong")[-1]["user"] == texts.LOCAL_USER
