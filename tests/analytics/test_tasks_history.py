"""Issue 9: a past month is reported as it stood, and nothing invented is shown as fact.

Every task update is dated (``lib.storage.task_store.update(on=…)``, kept in its audit line); a view, the
presentation and the report of month M show each item as of M's last day
(``tasks_store.tasks_as_of``). The shipped list of real use is the plan's items with nothing
reported; the demo's invented list and its dated history (``data/demo/``) are shown only in demo
mode. ``python -m lib.cli tasks --as-of`` prints the same, tested in-process. The June report made
in December equals the June report made in July, given the same monthly figures.
"""
from __future__ import annotations

import io
import json
import shutil
from contextlib import redirect_stderr, redirect_stdout
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from lib import cli
from lib.analytics import datastore, tasks
from lib.core import texts
from lib.readers import demo, org_units
from lib.readers.catalogue import load_catalogue
from lib.report.model import build_report
from lib.storage import task_store

REPO = Path(__file__).resolve().parents[2]
OWNERS = org_units.load_units(REPO / "data" / "units.csv")
ROAD = "ct_duong_be_tong"
TEMPLE = "ct_den_van_thanh"
REFORM = "nv_11_cai_cach_cong_vu"      # the demo's line of work at 40% in June, done on 28/11
GUIDANCE = "nv_01_chi_dao_dieu_hanh"   # “Đã sơ kết 6 tháng và tổng kết năm” only from December
JUNE, JULY, DEC = date(2025, 6, 30), date(2025, 7, 31), date(2025, 12, 31)
YEAR_END_NOTE = "Đã sơ kết 6 tháng và tổng kết năm."


def by_id(frame: pd.DataFrame) -> dict[str, dict]:
    return {r["id"]: r for r in frame.to_dict("records")}


def real_folder(root: Path, months=range(1, 7)) -> Path:
    """A data folder with real months (the demo's figures copied, so that it is not the demo)."""
    (root / "actuals").mkdir(parents=True)
    for m in months:
        shutil.copy(datastore.DEMO_DIR / "actuals" / f"2025-{m:02d}.csv", root / "actuals" / f"2025-{m:02d}.csv")
    return root


def update(root: Path, task_id: str, on: date, today: date | None = None, **changes) -> dict:
    return task_store.update(task_id, changes, user="lan", root=root, on=on, today=today or DEC, owners=OWNERS)


# --- dated updates and the state as of a day --------------------------------------------------------

def test_before_any_update_an_item_is_the_plans_with_nothing_reported(tmp_path):
    real_folder(tmp_path)
    items = task_store.tasks_as_of(JUNE, tmp_path, owners=OWNERS)
    assert len(items) == 27 and not items["reported"].any()
    # only the 7 assumed criteria of a "phường văn minh đô thị" are invented (marked as such)
    assert items.loc[items["demo"], "kind"].tolist() == ["tieu_chi"] * 7
    assert set(items["status"]) == {"chua_bat_dau"} and set(items["progress"]) == {0} and set(items["note"]) == {""}
    counts = tasks.summary(items, JUNE)
    assert (counts["not_reported"], counts["late"], counts["chua_bat_dau"]) == (27, 0, 0)
    # Past its deadline and still never updated: nothing is known, so it is not called late.
    assert tasks.summary(task_store.tasks_as_of(date(2026, 1, 31), tmp_path, owners=OWNERS),
                         date(2026, 1, 31))["late"] == 0
    table = tasks.list_table(tasks.assess(items, JUNE, OWNERS))
    assert set(table["Tình trạng"]) == {texts.TASKS_NOT_REPORTED} and table["Tiến độ"].isna().all()
    assert set(table["Bộ phận chủ trì"]) == {"Chưa giao bộ phận chủ trì"}


def test_each_month_shows_the_latest_update_dated_by_its_end(tmp_path):
    real_folder(tmp_path)
    update(tmp_path, ROAD, date(2025, 4, 20), status="dang_thuc_hien", progress=10, note="Khảo sát xong.",
           owner="dia_chinh_xay_dung")
    update(tmp_path, ROAD, date(2025, 6, 27), progress=40, note="Đã khởi công.")
    update(tmp_path, ROAD, date(2025, 11, 20), status="hoan_thanh", progress=100, note="Đã nghiệm thu.")
    states = {d: by_id(task_store.tasks_as_of(d, tmp_path, owners=OWNERS))[ROAD]
              for d in (date(2025, 3, 31), JUNE, date(2025, 10, 31), DEC)}
    assert [(s["status"], s["progress"], s["note"], s["updated"]) for s in states.values()] == [
        ("chua_bat_dau", 0, "", None),
        ("dang_thuc_hien", 40, "Đã khởi công.", date(2025, 6, 27)),
        ("dang_thuc_hien", 40, "Đã khởi công.", date(2025, 6, 27)),
        ("hoan_thanh", 100, "Đã nghiệm thu.", date(2025, 11, 20)),
    ]
    assert states[date(2025, 3, 31)]["owner"] == "" and states[JUNE]["owner"] == "dia_chinh_xay_dung"
    # The current file holds the latest-dated state, which is what today's view shows.
    live = by_id(tasks.load_tasks(tmp_path / "tasks_2025.csv", OWNERS))[ROAD]
    assert (live["status"], live["progress"], live["updated"]) == ("hoan_thanh", 100, date(2025, 11, 20))
    entries = task_store.history(tmp_path, ROAD)
    assert [e["on"] for e in entries] == ["2025-04-20", "2025-06-27", "2025-11-20"]
    assert entries[1]["changes"] == [{"field": "progress", "old": 10, "new": 40},
                                     {"field": "note", "old": "Khảo sát xong.", "new": "Đã khởi công."}]


def test_an_update_entered_late_for_an_earlier_month_changes_only_that_month_on(tmp_path):
    real_folder(tmp_path)
    update(tmp_path, TEMPLE, date(2025, 9, 10), status="cham", progress=30, note="Chờ ý kiến ngành văn hóa.")
    live_before = (tmp_path / "tasks_2025.csv").read_bytes()
    # In September the clerk enters May's progress, dated in May: May to August change, not September.
    entry = update(tmp_path, TEMPLE, date(2025, 5, 30), status="dang_thuc_hien", progress=10, note="Đang lập hồ sơ.")
    assert entry["on"] == "2025-05-30" and entry["changes"][0] == {"field": "status", "old": "chua_bat_dau",
                                                                   "new": "dang_thuc_hien"}
    assert (tmp_path / "tasks_2025.csv").read_bytes() == live_before  # today's state is September's
    assert len(task_store.history(tmp_path)) == 3  # baseline, September, May (a version, with its log line)
    may, aug, sep = (by_id(task_store.tasks_as_of(d, tmp_path, owners=OWNERS))[TEMPLE]
                     for d in (date(2025, 5, 31), date(2025, 8, 31), date(2025, 9, 30)))
    assert (may["progress"], aug["progress"], sep["progress"]) == (10, 10, 30)
    assert (aug["status"], sep["status"]) == ("dang_thuc_hien", "cham")
    assert tasks.late_info(sep, date(2025, 9, 30))["late"] is True  # reported “chậm”
    assert tasks.late_info(aug, date(2025, 8, 31))["late"] is False


def test_an_item_reported_not_started_is_news(tmp_path):
    real_folder(tmp_path)
    entry = update(tmp_path, "tc_to_dan_pho_van_hoa", date(2025, 6, 2), status="chua_bat_dau")
    assert entry["version"] == 2 and entry["changes"] == [{"field": "status", "old": None, "new": "chua_bat_dau"}]
    row = by_id(task_store.tasks_as_of(JUNE, tmp_path, owners=OWNERS))["tc_to_dan_pho_van_hoa"]
    assert row["reported"] is True and row["updated"] == date(2025, 6, 2)
    assert update(tmp_path, "tc_to_dan_pho_van_hoa", date(2025, 6, 3), status="chua_bat_dau")["unchanged"] is True


@pytest.mark.parametrize("on, today, fragment", [
    (date(2025, 7, 2), date(2025, 7, 1), "Ngày cập nhật 02/07/2025 sau hôm nay (01/07/2025)"),
    (date(2024, 12, 31), date(2025, 7, 1), "Ngày cập nhật 31/12/2024 trước năm kế hoạch (từ 01/01/2025)"),
])
def test_a_date_out_of_range_is_refused_and_nothing_is_written(tmp_path, on, today, fragment):
    real_folder(tmp_path)
    before = sorted(p.name for p in tmp_path.rglob("*"))
    with pytest.raises(tasks.TasksError) as info:
        update(tmp_path, ROAD, on, today=today, status="dang_thuc_hien", progress=5)
    assert info.value.messages == [fragment + (": không ghi trước cho ngày chưa đến." if "sau" in fragment else ".")]
    assert sorted(p.name for p in tmp_path.rglob("*")) == before


def test_a_conflict_is_judged_on_the_day_of_the_update(tmp_path):
    real_folder(tmp_path)
    update(tmp_path, ROAD, date(2025, 6, 10), status="dang_thuc_hien", progress=30)
    update(tmp_path, ROAD, date(2025, 9, 10), progress=60)
    # An editor who saw June's 30% and enters a June update is not in conflict with September's 60%.
    entry = task_store.update(ROAD, {"progress": 35}, user="lan", root=tmp_path, on=date(2025, 6, 20),
                               base={"progress": 30}, today=DEC, owners=OWNERS)
    assert entry["changes"] == [{"field": "progress", "old": 30, "new": 35}]
    with pytest.raises(task_store.TasksConflict):
        task_store.update(ROAD, {"progress": 70}, user="lan", root=tmp_path, on=date(2025, 9, 20),
                           base={"progress": 30}, today=DEC, owners=OWNERS)


def test_audit_lines_written_before_updates_were_dated_still_count(tmp_path):
    real_folder(tmp_path)
    update(tmp_path, ROAD, date(2025, 6, 10), status="dang_thuc_hien", progress=30)
    update(tmp_path, ROAD, date(2025, 9, 10), progress=60)
    audit = tmp_path / "audit.jsonl"
    old_style = [{k: v for k, v in json.loads(line).items() if k not in ("on", "state")}
                 for line in audit.read_text(encoding="utf-8").splitlines()]
    audit.write_text("".join(json.dumps(e, ensure_ascii=False) + "\n" for e in old_style), encoding="utf-8")
    # Each counts on the ``updated`` of the version it committed.
    assert by_id(task_store.tasks_as_of(JUNE, tmp_path, owners=OWNERS))[ROAD]["progress"] == 30
    assert by_id(task_store.tasks_as_of(DEC, tmp_path, owners=OWNERS))[ROAD]["progress"] == 60


# --- the demo: invented, marked, with a dated history ------------------------------------------------

def test_the_demo_is_shown_only_in_demo_mode_and_always_marked(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    assert task_store.uses_demo(empty) is True
    items = task_store.tasks_as_of(DEC, empty)
    assert items["demo"].all() and items["reported"].all()
    real = real_folder(tmp_path / "real")
    assert task_store.uses_demo(real) is False
    real_items = task_store.tasks_as_of(DEC, real, owners=OWNERS)
    assert set(real_items.loc[real_items["demo"], "kind"]) == {"tieu_chi"}  # the assumed criteria only
    assert not real_items.loc[real_items["kind"] != "tieu_chi", "demo"].any()
    # A folder that has its own tasks (updated before any month was uploaded) shows them, not the demo.
    update(empty, ROAD, date(2025, 6, 10), status="dang_thuc_hien", progress=30)
    assert task_store.uses_demo(empty) is False
    mine = task_store.tasks_as_of(DEC, empty, owners=OWNERS)
    assert set(mine.loc[mine["demo"], "kind"]) == {"tieu_chi"} and mine["reported"].sum() == 1
    # The repository's own data/ holding the shipped plan list is no tasks of its own.
    assert task_store.uses_demo(REPO / "data", datastore.Source(datastore.DEMO_DIR, True)) is True


def test_the_demos_june_and_december_differ(tmp_path):
    june = by_id(task_store.tasks_as_of(JUNE, tmp_path))
    dec = by_id(task_store.tasks_as_of(DEC, tmp_path))
    assert (june[REFORM]["status"], june[REFORM]["progress"]) == ("dang_thuc_hien", 40)
    assert (dec[REFORM]["status"], dec[REFORM]["progress"], dec[REFORM]["updated"]) == (
        "hoan_thanh", 100, date(2025, 11, 28))
    assert june[GUIDANCE]["note"] != YEAR_END_NOTE and dec[GUIDANCE]["note"] == YEAR_END_NOTE
    assert YEAR_END_NOTE not in {r["note"] for r in june.values()}
    assert by_id(task_store.tasks_as_of(date(2025, 11, 30), tmp_path))[GUIDANCE]["note"] == "Đã sơ kết 6 tháng."
    assert (june[TEMPLE]["status"], dec[TEMPLE]["status"]) == ("dang_thuc_hien", "cham")
    assert june["tc_to_dan_pho_van_hoa"]["reported"] is False  # reported for the first time in December
    assert tasks.summary(pd.DataFrame(list(june.values())), JUNE)["late"] == 0
    assert tasks.summary(pd.DataFrame(list(dec.values())), DEC)["late"] == 4


def test_the_demo_log_is_what_lib_demo_writes_and_ends_at_the_demo_list():
    assert demo.task_log_csv() == (REPO / "data" / "demo" / "tasks_log_2025.csv").read_text(encoding="utf-8")
    listed = tasks.load_tasks(tasks.demo_path(), OWNERS)
    log = task_store.read_log(tasks.demo_log_path(), listed, OWNERS)
    last = {}
    for u in log:
        assert u["on"] >= last.get(u["id"], {"on": date.min})["on"]  # oldest first per item
        last[u["id"]] = u
    for r in listed.to_dict("records"):
        assert last[r["id"]]["on"] == r["updated"]
        assert {f: last[r["id"]]["state"][f] for f in ("status", "progress", "note")} == {
            f: r[f] for f in ("status", "progress", "note")}


def test_a_broken_demo_log_line_is_named(tmp_path):
    listed = tasks.load_tasks(tasks.demo_path(), OWNERS)
    bad = tmp_path / "log.csv"
    bad.write_text("id,date,status,progress,note,milestones\n"
                   f"{ROAD},2025-06-31,dang_thuc_hien,10,,\nkhong_co,2025-06-01,dang_thuc_hien,10,,\n"
                   f"{ROAD},2025-06-01,hoan_thanh,10,,\n", encoding="utf-8")
    with pytest.raises(tasks.TasksError) as info:
        task_store.read_log(bad, listed, OWNERS)
    assert [m.split(":")[0] for m in info.value.messages] == [
        "Nhật ký cập nhật nhiệm vụ log.csv, dòng 2", "Nhật ký cập nhật nhiệm vụ log.csv, dòng 3",
        "Nhật ký cập nhật nhiệm vụ log.csv, dòng 4"]
    assert "2025-06-31" in info.value.messages[0] and "khong_co" in info.value.messages[1]
    assert "tiến độ 10%" in info.value.messages[2]


# --- python -m lib.cli tasks --as-of ----------------------------------------------------------------

def run_cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        try:
            code = cli.main(["tasks", *argv])
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code
    return code, out.getvalue(), err.getvalue()


def test_cli_tasks_json_of_the_demo_in_june_and_december(demo_env):
    code, out, err = run_cli("--as-of", "2025-06", "--json")
    assert code == 0 and err.strip() == texts.CLI_TASKS_DEMO
    june = {r["id"]: r for r in json.loads(out)}
    assert len(june) == 27 and {"id", "status", "progress", "late", "note"} <= set(june[ROAD])
    assert (june[REFORM]["status"], june[REFORM]["progress"], june[REFORM]["late"]) == ("dang_thuc_hien", 40, False)
    assert june["tc_to_dan_pho_van_hoa"]["progress"] is None and june["tc_to_dan_pho_van_hoa"]["reported"] is False
    assert all(r["demo"] for r in june.values())
    code, out, _ = run_cli("--as-of", "2025-12", "--json")
    dec = {r["id"]: r for r in json.loads(out)}
    assert code == 0 and dec[REFORM]["status"] == "hoan_thanh" and dec[GUIDANCE]["note"] == YEAR_END_NOTE
    assert (dec[ROAD]["late"], dec[ROAD]["late_reason"]) == (True, "quá hạn 61 ngày")


def test_cli_tasks_table_of_a_real_folder(tmp_path):
    root = real_folder(tmp_path / "real")
    update(root, ROAD, date(2025, 6, 27), status="dang_thuc_hien", progress=40, note="Đã khởi công.")
    code, out, err = run_cli("--as-of", "2025-06", "--data-dir", str(root))
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0] == "Nhiệm vụ – công trình tính đến 30/06/2025"
    assert lines[1].split() == ["Mã", "Tình", "trạng", "Tiến", "độ", "Chậm/quá", "hạn", "Cập", "nhật", "Ghi", "chú"]
    road = next(line for line in lines if line.strip().startswith(ROAD))
    assert "Đang thực hiện" in road and "40%" in road and "27/06/2025" in road and "Đã khởi công." in road
    temple = next(line for line in lines if line.strip().startswith(TEMPLE))
    assert texts.TASKS_NOT_REPORTED in temple and "—" in temple
    code, out, _ = run_cli("--as-of", "2025-05", "--data-dir", str(root), "--json")
    assert code == 0 and {r["id"]: r for r in json.loads(out)}[ROAD]["reported"] is False


def test_cli_tasks_exit_codes(tmp_path):
    assert run_cli("--as-of", "2025-13")[0] == 2
    assert run_cli()[0] == 2
    root = real_folder(tmp_path / "real")
    (root / "tasks_2025.csv").write_text("id,kind\nx,y\n", encoding="utf-8")
    code, out, err = run_cli("--as-of", "2025-06", "--data-dir", str(root))
    assert code == 1 and out == "" and "Tệp nhiệm vụ tasks_2025.csv: thiếu cột bắt buộc" in err


# --- the June report made in July equals the June report made in December ------------------------------

def _store(root: Path) -> datastore.Store:
    catalogue = load_catalogue(datastore.DEFAULT_TARGETS)
    source = datastore.Source(root, is_demo=False)
    return datastore.Store(catalogue, datastore.read_actuals(root, catalogue), source)


def _report_parts(report) -> tuple:
    sections = {s.key: s.paragraphs for s in report.sections}
    return sections, report.tasks, report.ranking


def test_the_june_report_is_the_same_in_july_and_in_december(tmp_path, monkeypatch):
    root = real_folder(tmp_path / "real")
    monkeypatch.setenv("TQT_DATA_DIR", str(root))
    july = date(2025, 7, 8)
    update(root, ROAD, date(2025, 6, 27), today=july, status="dang_thuc_hien", progress=40, note="Đã khởi công.",
           owner="dia_chinh_xay_dung")
    update(root, REFORM, date(2025, 6, 20), today=july, status="dang_thuc_hien", progress=40, owner="van_phong")
    update(root, TEMPLE, date(2025, 7, 5), today=july, status="dang_thuc_hien", progress=10)
    in_july = build_report(_store(root), 2025, 6, issued=july)
    # Later months: the road and the reform done, the temple late, a note of the year's end.
    update(root, ROAD, date(2025, 11, 20), status="hoan_thanh", progress=100, note="Đã nghiệm thu.")
    update(root, REFORM, date(2025, 11, 28), status="hoan_thanh", progress=100, note=YEAR_END_NOTE)
    update(root, TEMPLE, date(2025, 9, 10), status="cham", progress=30, note="Chậm do điều chỉnh hồ sơ.")
    update(root, GUIDANCE, date(2025, 12, 26), status="hoan_thanh", progress=100, owner="van_phong")
    in_december = build_report(_store(root), 2025, 6, issued=july)
    sections, tasks_table, ranking = _report_parts(in_july)
    later_sections, later_tasks, later_ranking = _report_parts(in_december)
    assert later_sections == sections
    pd.testing.assert_frame_equal(later_tasks, tasks_table)
    assert ranking is not None
    pd.testing.assert_frame_equal(later_ranking, ranking)
    june_text = " ".join(sections["tasks"])
    assert "Đã khởi công" in june_text or "40% khối lượng" in june_text
    assert "Đã nghiệm thu" not in june_text and YEAR_END_NOTE.rstrip(".") not in " ".join(tasks_table["Ghi chú"])
    assert "25 mục chưa được cập nhật tiến độ" in june_text  # 2 of 27 reported by 30/06 (the temple on 05/07)
    # The December report does show the later updates.
    december = build_report(_store(real_folder(tmp_path / "dec", range(1, 13))), 2025, 12, issued=DEC,
                            tasks_root=root)
    dec_table = december.tasks.set_index("Nhiệm vụ/Công trình")
    assert dec_table.loc["Sửa chữa các tuyến đường bê tông xi măng hư hỏng, xuống cấp", "Tình trạng"] == "Hoàn thành"
    assert dec_table.loc["Cải tạo, sửa chữa đền Văn Thánh", "Tình trạng"].startswith("Chậm")


def test_a_report_of_a_list_nobody_has_updated_says_so(tmp_path):
    root = real_folder(tmp_path / "real")
    report = build_report(_store(root), 2025, 6, issued=JULY, tasks_root=root)
    tasks_section = next(s for s in report.sections if s.key == "tasks")
    assert tasks_section.paragraphs == (texts.NARRATIVE_TASKS_NONE_REPORTED.format(
        total=27, y=2025, as_of="30/06/2025"),)
    assert set(report.tasks["Tình trạng"]) == {texts.TASKS_NOT_REPORTED}
    assert report.tasks["Tiến độ (%)"].isna().all()
    assert set(report.tasks["Bộ phận chủ trì"]) == {"Chưa giao bộ phận chủ trì"}


# --- backups carry the dated log ------------------------------------------------------------------------

def test_a_backup_restores_every_month_as_it_stood(tmp_path):
    from lib.storage import backup

    src, dst = real_folder(tmp_path / "src"), tmp_path / "dst"
    update(src, ROAD, date(2025, 6, 27), status="dang_thuc_hien", progress=40)
    update(src, ROAD, date(2025, 11, 20), status="hoan_thanh", progress=100)
    update(src, TEMPLE, date(2025, 5, 30), status="dang_thuc_hien", progress=10)
    targets = REPO / "data" / "targets_2025.csv"
    checked = backup.check_archive(backup.create_backup(src, targets, tmp_path / "b.tar.gz").path, targets)
    backup.restore_checked(checked, dst)
    for day in (date(2025, 5, 31), JUNE, DEC):
        pd.testing.assert_frame_equal(task_store.tasks_as_of(day, dst, owners=OWNERS),
                                      task_store.tasks_as_of(day, src, owners=OWNERS))
    assert by_id(task_store.tasks_as_of(JUNE, dst, owners=OWNERS))[ROAD]["progress"] == 40
