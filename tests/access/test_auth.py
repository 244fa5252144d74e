"""lib/access/auth.py: hashing, the secrets file, roles, idle sessions and the sign-in guard.

The guard is driven by a fake clock; most tests use cheap argon2 parameters (``fast_hashing``)
so that dozens of sign-ins stay fast. The real parameters are checked once.
"""
from __future__ import annotations

import json
import stat
import subprocess
import sys
import threading
import unicodedata
from pathlib import Path

import pytest
from argon2 import PasswordHasher, extract_parameters

from lib.access import auth
from lib.core import texts

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-rat-dai-2025"
ACTIONS = ("view", "upload", "restore", "manage_accounts")
EXPECTED = {
    "viewer": {"view"},
    "editor": {"view", "upload", "restore"},
    "admin": {"view", "upload", "restore", "manage_accounts"},
}


@pytest.fixture
def fast_hashing(monkeypatch):
    """Cheap argon2id parameters for hashes made by the test and for the dummy hash."""
    monkeypatch.setattr(auth, "_HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    monkeypatch.setattr(auth, "_DUMMY", None)


class Clock:
    def __init__(self, start: float = 1_750_000_000.0):
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def config(fast_hashing):
    return auth.load_config({
        "accounts": {
            "lan": {"name": "Nguyễn Thị Lan", "role": "editor", "password_hash": auth.hash_password(PASSWORD)},
            "boss": {"name": "Trần Văn Bình", "role": "admin",
                     "password_hash": auth.hash_password("khac-hoan-toan-99")},
        },
    })


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def guard_path(tmp_path):
    return tmp_path / "data" / ".login_state.json"


@pytest.fixture
def guard(guard_path, clock):
    return auth.LoginGuard(guard_path, max_failures=5, lock_minutes=15, clock=clock)


@pytest.fixture
def verify_calls(monkeypatch):
    """Counts the password checks the guard makes (it calls the module's verify_password)."""
    calls = []
    real = auth.verify_password

    def spy(password_hash, password):
        calls.append(password_hash)
        return real(password_hash, password)

    monkeypatch.setattr(auth, "verify_password", spy)
    return calls


# --- passwords ------------------------------------------------------------------------------------

def test_hash_is_argon2id_with_the_library_defaults_and_round_trips():
    hashed = auth.hash_password(PASSWORD)
    assert hashed.startswith("$argon2id$v=19$")
    params = extract_parameters(hashed)
    assert (params.time_cost, params.memory_cost, params.parallelism) == (3, 65536, 4)
    assert auth.verify_password(hashed, PASSWORD)
    assert not auth.verify_password(hashed, PASSWORD + "x")
    assert not auth.verify_password(hashed, "")
    assert auth.hash_password(PASSWORD) != hashed  # salted


def test_vietnamese_password_matches_however_it_was_composed(fast_hashing):
    password = "Phường Trương Quang Trọng 2025"
    hashed = auth.hash_password(unicodedata.normalize("NFD", password))
    assert auth.verify_password(hashed, unicodedata.normalize("NFC", password))
    assert auth.verify_password(auth.hash_password(password), unicodedata.normalize("NFD", password))


@pytest.mark.parametrize("garbage", [
    "", "nonsense", "$argon2id$", "$argon2id$v=19$m=65536,t=3,p=4$broken",
    "$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$!!!notbase64!!!",
    "$2b$12$abcdefghijklmnopqrstuuJ0bS7v1tD9oVQ8rJ8tq8QvDq9Yl7y1a",  # bcrypt
    "plaintext-password", None, 42, b"$argon2id$v=19$", ["$argon2id$"],
])
def test_verify_never_raises_on_garbage_hashes(garbage):
    assert auth.verify_password(garbage, PASSWORD) is False


def test_verify_with_a_password_that_is_not_a_string(fast_hashing):
    hashed = auth.hash_password(PASSWORD)
    assert auth.verify_password(hashed, None) is False
    assert auth.verify_password(hashed, PASSWORD.encode()) is False


# --- the secrets file -------------------------------------------------------------------------------

def test_load_config_good(fast_hashing):
    h = auth.hash_password(PASSWORD)
    cfg = auth.load_config({
        "accounts": {
            "Lan": {"name": "Nguyễn Thị Lan", "role": "editor", "password_hash": h},
            "an.nguyen_2": {"role": "viewer", "password_hash": h},
            "admin-1": {"name": "  Quản trị  ", "role": "admin", "password_hash": h},
        },
        "roles_by_email": {"Lan@QuangNgai.gov.vn": "editor", "xem@quangngai.gov.vn": "viewer"},
        "security": {"idle_minutes": 10, "max_failures": 3, "lock_minutes": 5},
    })
    assert cfg.problems == []
    assert set(cfg.accounts) == {"lan", "an.nguyen_2", "admin-1"}
    assert cfg.accounts["lan"] == auth.Account("lan", "Nguyễn Thị Lan", "editor", h)
    assert cfg.accounts["an.nguyen_2"].name == "an.nguyen_2"  # no name: the user name
    assert cfg.accounts["admin-1"].name == "Quản trị"
    assert cfg.roles_by_email == {"lan@quangngai.gov.vn": "editor", "xem@quangngai.gov.vn": "viewer"}
    assert (cfg.idle_minutes, cfg.max_failures, cfg.lock_minutes) == (10, 3, 5)
    assert cfg.oidc is False
    assert cfg.local_mode is False


def test_load_config_defaults_and_local_mode():
    cfg = auth.load_config({})
    assert cfg.accounts == {} and cfg.roles_by_email == {} and cfg.problems == []
    assert (cfg.idle_minutes, cfg.max_failures, cfg.lock_minutes) == (30, 5, 15)
    assert cfg.oidc is False
    assert cfg.local_mode is True


def test_oidc_flag_from_the_auth_section():
    cfg = auth.load_config({"auth": {"redirect_uri": "http://localhost:8501/oauth2callback",
                                     "cookie_secret": "x", "client_id": "y"},
                            "roles_by_email": {"lan@quangngai.gov.vn": "editor"}})
    assert cfg.oidc is True
    assert cfg.accounts == {}
    assert cfg.local_mode is False  # nobody but the identity provider's users gets in


def test_bad_entries_are_skipped_and_reported_in_vietnamese(fast_hashing):
    h = auth.hash_password(PASSWORD)
    cfg = auth.load_config({
        "accounts": {
            "lan": {"name": "Lan", "role": "editor", "password_hash": h},
            "sep": {"name": "Sếp", "role": "boss", "password_hash": h},          # bad role
            "nohash": {"name": "Không hash", "role": "viewer"},                 # missing hash
            "plain": {"role": "viewer", "password_hash": "matkhau123"},          # not a hash
            "broken": {"role": "viewer", "password_hash": "$argon2id$v=19$xx"},  # malformed hash
            "LAN": {"role": "admin", "password_hash": h},                        # duplicate of lan
            "nguyễn": {"role": "viewer", "password_hash": h},                    # not ASCII
            "\u212aelvin": {"role": "viewer", "password_hash": h},               # lower() would be ASCII
            "flat": "editor",                                                    # not a table
        },
        "roles_by_email": {"a@b.vn": "editor", "c@d.vn": "owner", "khong-phai-email": "viewer"},
        "security": {"idle_minutes": 0, "max_failures": "5", "lock_minutes": True},
    })
    assert list(cfg.accounts) == ["lan"]
    assert cfg.accounts["lan"].role == "editor"  # the first of the duplicates wins, the other is reported
    assert cfg.roles_by_email == {"a@b.vn": "editor"}
    assert (cfg.idle_minutes, cfg.max_failures, cfg.lock_minutes) == (30, 5, 15)
    problems = "\n".join(cfg.problems)
    assert len(cfg.problems) == 8 + 2 + 3
    for name in ("sep", "nohash", "plain", "broken", "LAN", "nguyễn", "flat", "c@d.vn", "khong-phai-email",
                 "idle_minutes", "max_failures", "lock_minutes"):
        assert name in problems
    assert "vai trò “boss” không hợp lệ" in problems
    assert "password_hash" in problems
    assert h not in problems


def test_a_file_whose_accounts_are_all_broken_does_not_run_open(fast_hashing):
    cfg = auth.load_config({"accounts": {"lan": {"role": "editr", "password_hash": auth.hash_password(PASSWORD)}}})
    assert cfg.accounts == {} and not cfg.oidc
    assert cfg.problems
    assert cfg.local_mode is False


def test_load_config_from_a_streamlit_like_mapping(fast_hashing):
    from streamlit.runtime.secrets import AttrDict

    h = auth.hash_password(PASSWORD)
    cfg = auth.load_config(AttrDict({"accounts": {"lan": {"name": "Lan", "role": "viewer", "password_hash": h}},
                                     "auth": {"redirect_uri": "x"}}))
    assert cfg.accounts["lan"].role == "viewer" and cfg.oidc and cfg.problems == []


def test_read_secrets(tmp_path, monkeypatch):
    assert auth.read_secrets(tmp_path / "missing.toml") == {}
    path = tmp_path / "secrets.toml"
    path.write_text('# c\n[accounts.lan]\nname = "Nguyễn Thị Lan"\nrole = "editor"\npassword_hash = "x"\n'
                    '[auth]\nredirect_uri = "http://localhost/oauth2callback"\n', encoding="utf-8")
    data = auth.read_secrets(path)
    assert data["accounts"]["lan"]["name"] == "Nguyễn Thị Lan"
    assert "auth" in data
    monkeypatch.setenv("TQT_SECRETS", str(path))
    assert auth.secrets_path() == path
    assert auth.read_secrets() == data
    monkeypatch.delenv("TQT_SECRETS")
    assert auth.secrets_path() == REPO / ".streamlit" / "secrets.toml"


def test_read_secrets_refuses_a_broken_file(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_text("[accounts.lan\nrole = editor\n", encoding="utf-8")
    with pytest.raises(auth.SecretsError) as info:
        auth.read_secrets(path)
    assert "Không đọc được tệp cấu hình đăng nhập" in str(info.value)


def test_redact_lists_accounts_without_hashes(config):
    listed = auth.redact(config)
    assert listed == [{"username": "boss", "name": "Trần Văn Bình", "role": "admin"},
                      {"username": "lan", "name": "Nguyễn Thị Lan", "role": "editor"}]
    assert "$argon2" not in repr(listed)
    assert "$argon2" not in repr(config.accounts["lan"]) and "$argon2" not in repr(config)


# --- roles, e-mail, idle --------------------------------------------------------------------------

@pytest.mark.parametrize("role", auth.ROLES)
@pytest.mark.parametrize("action", ACTIONS)
def test_can_table(role, action):
    assert auth.can(role, action) is (action in EXPECTED[role])


def test_can_refuses_what_is_not_a_known_role_or_action():
    assert auth.ROLES == ("viewer", "editor", "admin")
    assert {r: set(a) for r, a in auth.ACTIONS.items()} == EXPECTED
    for action in ACTIONS:
        assert auth.can(None, action) is False
        assert auth.can("", action) is False
        assert auth.can("Admin", action) is False
        assert auth.can("root", action) is False
    for role in auth.ROLES:
        assert auth.can(role, "delete_everything") is False
        assert auth.can(role, "") is False


def test_role_for_email():
    cfg = auth.load_config({"roles_by_email": {"Lan@QuangNgai.gov.vn": "editor", "admin@quangngai.gov.vn": "admin"}})
    assert auth.role_for_email(cfg, "lan@quangngai.gov.vn") == "editor"
    assert auth.role_for_email(cfg, "LAN@QUANGNGAI.GOV.VN") == "editor"
    assert auth.role_for_email(cfg, "  Admin@quangngai.gov.vn ") == "admin"
    assert auth.role_for_email(cfg, "khac@quangngai.gov.vn") is None
    assert auth.role_for_email(cfg, None) is None
    assert auth.role_for_email(cfg, "") is None


def test_is_idle():
    assert not auth.is_idle(1000.0, 1000.0, 30)
    assert not auth.is_idle(1000.0, 1000.0 + 30 * 60 - 1, 30)
    assert auth.is_idle(1000.0, 1000.0 + 30 * 60, 30)
    assert auth.is_idle(1000.0, 1000.0 + 3 * 3600, 30)
    assert not auth.is_idle(1000.0, 1000.0 + 4 * 60, 5)
    assert auth.is_idle(1000.0, 1000.0 + 5 * 60, 5)


# --- the sign-in guard ----------------------------------------------------------------------------

def test_success(guard, config):
    result = guard.attempt(config, "lan", PASSWORD)
    assert result.ok and result.account == config.accounts["lan"]
    assert result.message == "" and result.retry_after == 0
    assert guard.attempt(config, "LAN", PASSWORD).ok  # names are case-insensitive
    assert guard.attempt(config, " lan ", PASSWORD).ok


def test_a_non_ascii_look_alike_name_is_no_account(guard, config, fast_hashing):
    h = auth.hash_password(PASSWORD)
    cfg = auth.load_config({"accounts": {"kim": {"role": "viewer", "password_hash": h}}})
    assert not guard.attempt(cfg, "\u212aim", PASSWORD).ok  # KELVIN SIGN lower-cases to "k"
    assert guard.attempt(cfg, "Kim", PASSWORD).ok


def test_same_message_for_unknown_user_and_wrong_password(guard, config, verify_calls):
    wrong = guard.attempt(config, "lan", "sai-mat-khau-123")
    unknown = guard.attempt(config, "khongtontai", "sai-mat-khau-123")
    invalid = guard.attempt(config, "tên có dấu", PASSWORD)
    assert wrong.message == unknown.message == invalid.message == texts.LOGIN_FAILED
    assert texts.LOGIN_FAILED == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert (wrong.ok, wrong.account, unknown.ok, unknown.account) == (False, None, False, None)
    assert wrong.retry_after == unknown.retry_after == 0
    # the unknown names were checked against a (dummy) argon2 hash too, so they take as long
    assert len(verify_calls) == 3
    assert verify_calls[0] == config.accounts["lan"].password_hash
    assert verify_calls[1].startswith("$argon2id$") and verify_calls[1] == verify_calls[2]
    assert verify_calls[1] not in {a.password_hash for a in config.accounts.values()}


def test_back_off_refuses_without_checking_the_password(guard, config, clock, verify_calls):
    assert guard.attempt(config, "lan", "sai-1").retry_after == 0           # 1st failure: no wait
    second = guard.attempt(config, "lan", "sai-2")                           # 2nd: wait 2 s
    assert second.message == texts.LOGIN_FAILED and second.retry_after == 2
    checked = len(verify_calls)

    clock.advance(1)
    refused = guard.attempt(config, "lan", PASSWORD)                         # right password, too early
    assert not refused.ok and refused.account is None
    assert refused.message == texts.LOGIN_WAIT.format(seconds=1)
    assert refused.retry_after == pytest.approx(1)
    assert len(verify_calls) == checked                                      # not even looked at
    assert guard.status()["lan"]["failures"] == 2                            # and nothing counted

    clock.advance(1)
    assert guard.attempt(config, "lan", "sai-3").retry_after == 4            # 3rd: 4 s
    clock.advance(3.5)
    assert guard.attempt(config, "lan", PASSWORD).message == texts.LOGIN_WAIT.format(seconds=1)
    clock.advance(0.5)
    assert guard.attempt(config, "lan", "sai-4").retry_after == 8            # 4th: 8 s
    clock.advance(8)
    assert guard.attempt(config, "lan", PASSWORD).ok                         # in time: signed in
    assert "lan" not in guard.status()                                       # and the count is reset
    assert guard.attempt(config, "lan", "sai-5").retry_after == 0


def test_lock_after_max_failures_for_lock_minutes_then_allowed_again(guard, config, clock, verify_calls):
    for _ in range(4):
        clock.advance(60)
        assert guard.attempt(config, "lan", "sai-mat-khau").message == texts.LOGIN_FAILED
    clock.advance(60)
    fifth = guard.attempt(config, "lan", "sai-mat-khau")
    assert fifth.message == texts.LOGIN_FAILED and fifth.retry_after == 15 * 60
    checked = len(verify_calls)

    clock.advance(14 * 60)
    locked = guard.attempt(config, "lan", PASSWORD)
    assert not locked.ok
    assert locked.message == texts.LOGIN_LOCKED.format(minutes=1)
    assert locked.retry_after == pytest.approx(60)
    clock.advance(59)
    assert not guard.attempt(config, "lan", PASSWORD).ok
    assert len(verify_calls) == checked
    assert guard.status()["lan"]["locked"] is True

    clock.advance(1)                                                         # 15 minutes are over
    assert guard.attempt(config, "lan", PASSWORD).ok
    assert guard.status() == {}


def test_locked_message_counts_minutes(guard, config, clock):
    for _ in range(5):
        clock.advance(30)
        guard.attempt(config, "lan", "sai")
    result = guard.attempt(config, "lan", PASSWORD)
    assert result.message == texts.LOGIN_LOCKED.format(minutes=15) and result.retry_after == 15 * 60


def test_a_fresh_start_after_the_lock(guard, config, clock):
    for _ in range(5):
        clock.advance(30)
        guard.attempt(config, "lan", "sai")
    clock.advance(15 * 60)
    assert guard.attempt(config, "lan", "sai").retry_after == 0              # counted as the 1st again
    assert guard.status()["lan"]["failures"] == 1


def test_unknown_names_lock_exactly_like_real_ones(guard, config, clock):
    def run(name):
        seen = []
        for step in (0, 1, 2, 4, 8, 1, 15 * 60):
            clock.advance(step)
            r = guard.attempt(config, name, "sai-mat-khau")
            seen.append((r.ok, r.message, r.retry_after))
        return seen

    real, ghost = run("lan"), run("khongtontai")
    assert real == ghost
    assert any(m == texts.LOGIN_LOCKED.format(minutes=15) for _, m, _ in real)


def test_old_failures_are_forgotten(guard, config, clock):
    guard.attempt(config, "lan", "sai-1")
    clock.advance(3)
    guard.attempt(config, "lan", "sai-2")
    clock.advance(15 * 60)
    assert guard.attempt(config, "lan", "sai-3").retry_after == 0           # a new series


def test_custom_limits_and_for_config(tmp_path, clock, fast_hashing):
    h = auth.hash_password(PASSWORD)
    cfg = auth.load_config({"accounts": {"lan": {"role": "viewer", "password_hash": h}},
                            "security": {"max_failures": 2, "lock_minutes": 1}})
    guard = auth.LoginGuard.for_config(cfg, tmp_path / "state.json", clock=clock)
    assert guard.attempt(cfg, "lan", "sai").retry_after == 0
    assert guard.attempt(cfg, "lan", "sai").retry_after == 60                # 2nd = max: locked 1 minute
    clock.advance(60)
    assert guard.attempt(cfg, "lan", PASSWORD).ok


def test_state_is_shared_by_instances_and_persists(guard_path, config, clock):
    one = auth.LoginGuard(guard_path, clock=clock)
    two = auth.LoginGuard(guard_path, clock=clock)
    one.attempt(config, "lan", "sai-1")
    two.attempt(config, "lan", "sai-2")                                      # the 2nd failure, wherever
    refused = one.attempt(config, "lan", PASSWORD)
    assert refused.message == texts.LOGIN_WAIT.format(seconds=2)
    assert two.status()["lan"]["failures"] == 2

    for _ in range(3):
        clock.advance(60)
        (one if _ % 2 else two).attempt(config, "lan", "sai")
    later = auth.LoginGuard(guard_path, clock=clock)                         # a new process, say
    assert later.status()["lan"]["locked"] is True
    assert later.attempt(config, "lan", PASSWORD).message == texts.LOGIN_LOCKED.format(minutes=15)

    on_disk = json.loads(guard_path.read_text(encoding="utf-8"))
    assert on_disk["names"]["lan"]["failures"] == 5
    assert PASSWORD not in guard_path.read_text(encoding="utf-8")
    assert stat.S_IMODE(guard_path.stat().st_mode) == 0o600


def test_default_path_is_in_the_data_folder(tmp_path, monkeypatch):
    monkeypatch.setenv("TQT_DATA_DIR", str(tmp_path / "vol"))
    assert auth.LoginGuard().path == tmp_path / "vol" / ".login_state.json"


def test_unlock_and_status(guard, config, clock):
    assert guard.status() == {}
    for _ in range(5):
        clock.advance(20)
        guard.attempt(config, "lan", "sai")
    guard.attempt(config, "Ai-Do", "sai")
    status = guard.status()
    assert set(status) == {"lan", "ai-do"}
    assert status["lan"] == {"failures": 5, "locked": True, "retry_after": 15 * 60, "last_failure": clock.now}
    assert status["ai-do"]["failures"] == 1 and status["ai-do"]["locked"] is False

    guard.unlock("LAN")
    assert "lan" not in guard.status()
    assert guard.attempt(config, "lan", PASSWORD).ok
    guard.unlock("never-failed")  # nothing to do, no error
    assert set(guard.status()) == {"ai-do"}


def test_a_corrupt_state_file_is_started_afresh(guard, guard_path, config):
    guard_path.parent.mkdir(parents=True, exist_ok=True)
    guard_path.write_text("{not json", encoding="utf-8")
    assert guard.attempt(config, "lan", "sai").message == texts.LOGIN_FAILED
    assert json.loads(guard_path.read_text(encoding="utf-8"))["names"]["lan"]["failures"] == 1


def test_no_sign_in_when_the_state_cannot_be_written(tmp_path, config, clock):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    guard = auth.LoginGuard(blocker / ".login_state.json", clock=clock)
    result = guard.attempt(config, "lan", PASSWORD)
    assert not result.ok and result.message == texts.LOGIN_STATE_ERROR


def test_no_temp_files_are_left(guard, guard_path, config, clock):
    for i in range(5):
        clock.advance(100)
        guard.attempt(config, f"user{i}", "sai")
    names = sorted(p.name for p in guard_path.parent.iterdir())
    assert [n for n in names if n != ".login_state.json.lock"] == [".login_state.json"]  # the lock may stay


def test_concurrent_attempts_from_threads(guard_path, config, clock):
    threads, per_thread = 8, 10
    results: dict[str, list] = {"shared": [], "errors": []}
    start = threading.Barrier(threads)

    def work(t: int) -> None:
        guard = auth.LoginGuard(guard_path, clock=clock)  # one per session, the same file
        start.wait()
        try:
            for i in range(per_thread):
                guard.attempt(config, f"t{t}-n{i}", "sai")
            results["shared"].append(guard.attempt(config, "lan", "sai"))
        except Exception as exc:  # noqa: BLE001
            results["errors"].append(exc)

    pool = [threading.Thread(target=work, args=(t,)) for t in range(threads)]
    for th in pool:
        th.start()
    for th in pool:
        th.join()
    assert results["errors"] == []
    state = json.loads(guard_path.read_text(encoding="utf-8"))["names"]     # whole, valid JSON
    assert len(state) == threads * per_thread + 1                           # no update lost
    assert all(state[f"t{t}-n{i}"]["failures"] == 1 for t in range(threads) for i in range(per_thread))
    # the clock stands still: only two failures of the shared name were counted, the rest had to wait
    assert state["lan"]["failures"] == 2
    messages = sorted(r.message for r in results["shared"])
    assert messages.count(texts.LOGIN_FAILED) == 2
    assert messages.count(texts.LOGIN_WAIT.format(seconds=2)) == threads - 2


WORKER = """
import sys
from argon2 import PasswordHasher
from lib.access import auth
auth._HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
guard = auth.LoginGuard(sys.argv[1], clock=lambda: 1_750_000_000.0)
config = auth.load_config({})
for i in range(int(sys.argv[3])):
    assert guard.attempt(config, f"{sys.argv[2]}-{i}", "sai").message == auth.texts.LOGIN_FAILED
    guard.attempt(config, "chung", "sai")
"""


def test_concurrent_attempts_from_processes(guard_path):
    procs = [subprocess.Popen([sys.executable, "-c", WORKER, str(guard_path), f"p{p}", "15"], cwd=REPO,
                              stderr=subprocess.PIPE, text=True) for p in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    state = json.loads(guard_path.read_text(encoding="utf-8"))["names"]
    assert len(state) == 3 * 15 + 1
    assert state["chung"]["failures"] == 2
    assert not [p for p in guard_path.parent.iterdir() if p.name.endswith(".part")]
