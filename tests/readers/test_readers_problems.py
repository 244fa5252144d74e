"""Every reader of a file reports its problems one way: a ``lib.core.problems.ProblemsError``
subclass whose problems carry a code (a message of ``lib.core.texts``), params, and the row and
column they are about; the page shows ``messages`` and the CLI prints ``lines`` / ``to_json``."""
from __future__ import annotations

import json

import pytest

from lib import upload
from lib.core import texts
from lib.core.problems import Problem, ProblemsError, problem
from lib.readers import months, org_units, rules, tasks
from lib.readers.catalogue import CatalogueError, load_catalogue
from lib.storage.task_store import TasksConflict
from tests.support.cli import run_cli
from tests.support.helpers import REPO

OWNERS = org_units.load_units(REPO / "data" / "units.csv")


def assert_coded(error: ProblemsError) -> None:
    """Each problem names a message of texts; its line is the message the error shows."""
    assert isinstance(error, ProblemsError)
    assert error.problems and all(isinstance(p, Problem) for p in error.problems)
    for p in error.problems:
        assert isinstance(getattr(texts, p.code), str), p.code
        json.dumps(p.to_json(), ensure_ascii=False)  # params are JSON values
    assert error.messages == [str(p) for p in error.problems]
    assert str(error) == "\n".join(error.messages)


def test_targets_problems_have_codes_rows_and_columns(tmp_path, write_targets, ind):
    path = write_targets(tmp_path / "t.csv", [ind("a"), ind("a"), ind("b", target="abc")])
    with pytest.raises(CatalogueError) as info:
        load_catalogue(path)
    assert_coded(info.value)
    assert [(p.code, p.row, p.column) for p in info.value.problems] == [
        ("TARGETS_AT_TARGET", 4, "target"), ("TARGETS_AT_DUPLICATE", 3, "code")]
    assert info.value.problems[0].params["value"] == "abc"
    assert info.value.messages[1] == texts.ERR_TARGETS_ROW.format(row=3, col="code", msg="mã “a” bị trùng với dòng 2")


def test_targets_missing_file_is_one_problem_of_the_whole_file(tmp_path):
    with pytest.raises(CatalogueError) as info:
        load_catalogue(tmp_path / "none.csv")
    assert_coded(info.value)
    (p,) = info.value.problems
    assert (p.code, p.row, p.column) == ("ERR_TARGETS_MISSING", None, None)


def test_units_problems(tmp_path):
    path = tmp_path / "units.csv"
    path.write_text("code,name_vi,kind\nt-1,Tổ 1,village\n", encoding="utf-8")
    with pytest.raises(org_units.UnitsError) as info:
        org_units.load_units(path)
    assert_coded(info.value)
    assert [(p.code, p.row, p.column) for p in info.value.problems] == [
        ("UNITS_AT_CODE", 2, "code"), ("UNITS_AT_KIND", 2, "kind")]
    assert info.value.problems[0].params == {"file": "units.csv", "code": "t-1"}


def test_month_file_problems(tmp_path, write_targets, ind):
    small_catalogue = load_catalogue(write_targets(tmp_path / "targets.csv", [ind("bhyt")]))
    folder = tmp_path / "actuals"
    folder.mkdir()
    path = folder / "2025-01.csv"
    path.write_text("period,indicator_code,value,note\n2025-02,bhyt,1,\n2025-01,khong_co,1,\n2025-01,bhyt,x,\n",
                    encoding="utf-8")
    with pytest.raises(months.ActualsError) as info:
        months.read_month_file(path, small_catalogue)
    assert_coded(info.value)
    assert [(p.code, p.row, p.column) for p in info.value.problems] == [
        ("ACTUALS_AT_PERIOD", 2, "period"), ("ACTUALS_AT_CODE", 3, "indicator_code"), ("ACTUALS_AT_VALUE", 4, "value")]
    assert info.value.messages[0] == texts.ERR_ACTUALS_ROW.format(
        file="2025-01.csv", row=2, msg="kỳ “2025-02” khác tên tệp 2025-01")


def test_rules_problems(tmp_path):
    path = tmp_path / "rules.csv"
    path.write_text("id,name_vi,applies_to,kind,weight\nBad id,,residential_group,indicator,0\n", encoding="utf-8")
    with pytest.raises(rules.RulesError) as info:
        rules.load_rules(path, units=OWNERS)
    assert_coded(info.value)
    found = {(p.code, p.row, p.column) for p in info.value.problems}
    assert {("EMU_AT_ID", 2, "id"), ("EMU_AT_EMPTY_CELL", 2, "name_vi"), ("EMU_AT_WEIGHT", 2, "weight")} <= found


def test_tasks_problems_in_the_file_for_an_item_and_in_the_log():
    content = "\n".join([",".join(tasks.COLUMNS), "nv_x,nhiem_vu,II.1.7,,van_phong,,2025-12-31,cham,101,,,,"]).encode()
    with pytest.raises(tasks.TasksError) as info:
        tasks.parse_tasks(content, "t.csv", OWNERS)
    assert_coded(info.value)
    assert [(p.code, p.row, p.column) for p in info.value.problems] == [
        ("TASKS_CELL_REQUIRED", 2, "title_vi"), ("TASKS_CELL_PROGRESS", 2, "progress")]
    rec = tasks.record_strings(tasks.parse_tasks((REPO / "data" / "tasks_2025.csv").read_bytes(),
                                                 owners=OWNERS).to_dict("records")[0])
    rec["progress"] = "abc"
    row, found = tasks.check_item(rec, OWNERS)
    assert row is None and [(p.code, p.row, p.column) for p in found] == [("TASKS_ITEM_PROGRESS", None, None)]
    assert str(found[0]).startswith(texts.TASK_FIELD_LABELS["progress"] + ": ")
    row, logged = tasks.check_logged_item(rec, OWNERS, "log.csv", 7)
    assert [(p.code, p.row, p.column) for p in logged] == [("TASKS_LOG_PROGRESS", 7, "progress")]
    assert str(logged[0]) == texts.TASKS_ERR_LOG.format(file="log.csv", row=7, msg=str(found[0]))


def test_a_tasks_conflict_is_a_tasks_error_of_problems():
    error = TasksConflict([problem("TASKS_ERR_CONFLICT", title="Đường", fields="tiến độ")])
    assert isinstance(error, tasks.TasksError)
    assert_coded(error)


def test_check_json_prints_each_problem_with_code_and_params(monkeypatch, tmp_path):
    found = [problem("TARGETS_AT_NUMBER", 3, "value", value="nhiều"), problem("ERR_TARGETS_MISSING", path="x.csv")]
    result = upload.CheckResult(accepted=False, period="2025-06", rows=[], warnings=[], errors=found)
    monkeypatch.setattr(upload, "check_file", lambda *args, **kwargs: result)
    (tmp_path / "f.csv").write_text("x\n", encoding="utf-8")
    done = run_cli(["check", str(tmp_path / "f.csv"), "--period", "2025-06", "--json"])
    assert done.returncode == 1, done.stderr
    errors = json.loads(done.stdout)["errors"]
    assert errors == [p.to_json() for p in found]
    assert [(e["code"], e["params"], e["row"], e["column"]) for e in errors] == [
        ("TARGETS_AT_NUMBER", {"value": "nhiều"}, 3, "value"), ("ERR_TARGETS_MISSING", {"path": "x.csv"}, None, None)]
    text = run_cli(["check", str(tmp_path / "f.csv"), "--period", "2025-06"])
    assert text.stdout.splitlines()[1:] == [f"- {found[0]}", f"- {found[1]}"]


def test_cli_prints_a_readers_problems_as_lines(tmp_path, write_targets, ind):
    targets = write_targets(tmp_path / "t.csv", [ind("a", target="abc")])
    done = run_cli(["gaps", "--as-of", "2025-06", "--targets", str(targets)])
    assert done.returncode == 1
    assert texts.TARGETS_AT_TARGET.format(row=2, column="target", value="abc") in done.stderr.splitlines()
