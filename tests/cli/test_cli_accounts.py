"""``python -m lib.cli add-user / remove-user / list-users`` run as an administrator runs them
(``lib.cli.main`` in this process with the environment, stdin, exit code and output of a new one:
``tests/support/cli.py``).

Every test works on a secrets file in tmp_path (``--secrets`` or ``$TQT_SECRETS``); the
repository's own ``.streamlit/secrets.toml`` is never touched.
"""
from __future__ import annotations

import os
import stat
import subprocess
import tomllib
from pathlib import Path

import pytest

from lib import cli
from lib.access import auth
from lib.core import texts
from tests.support.cli import run_cli

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "mat-khau-rat-dai-2025"
EXISTING = """\
# Cấu hình bí mật của bảng điều khiển: không đưa lên git.
[auth]
redirect_uri = "http://localhost:8501/oauth2callback"  # đổi khi đưa lên máy chủ
cookie_secret = "bi-mat-cookie"

[auth.microsoft]
client_id = "abc-123"
server_metadata_url = "https://login.microsoftonline.com/x/v2.0/.well-known/openid-configuration"

[roles_by_email]
"lan@quangngai.gov.vn" = "editor"
"""


@pytest.fixture
def secrets_file(tmp_path):
    return tmp_path / "conf" / "secrets.toml"


@pytest.fixture
def run(tmp_path):
    """``run(*args, stdin=None, env=None)`` → CompletedProcess of ``python -m lib.cli`` (run in-process).
    ``$TQT_SECRETS`` points into tmp_path unless a test sets it."""
    base = {k: v for k, v in os.environ.items() if k not in ("TQT_SECRETS", "TQT_DATA_DIR")}
    base["TQT_SECRETS"] = str(tmp_path / "default" / "secrets.toml")
    base["TQT_DATA_DIR"] = str(tmp_path / "data")
    base["PYTHONIOENCODING"] = "utf-8"

    def go(*args: str, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
        return run_cli(args, cwd=REPO, env={**base, **(env or {})}, stdin=stdin)

    return go


def add(run, path, name, role, password=PASSWORD, *extra):
    return run("add-user", name, "--role", role, "--password-stdin", "--secrets", str(path), *extra,
               stdin=password + "\n")


def test_add_user_keeps_comments_and_other_sections(run, secrets_file):
    secrets_file.parent.mkdir()
    secrets_file.write_text(EXISTING, encoding="utf-8")
    done = add(run, secrets_file, "Lan", "editor", PASSWORD, "--full-name", "Nguyễn Thị Lan")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == texts.CLI_USER_ADDED.format(username="lan", name="Nguyễn Thị Lan",
                                                              role="editor", path=secrets_file)
    assert "$argon2" not in done.stdout + done.stderr

    text = secrets_file.read_text(encoding="utf-8")
    assert text.startswith(EXISTING)  # every byte of the old file is still there, comments included
    stored = tomllib.loads(text)
    assert stored["auth"]["microsoft"]["client_id"] == "abc-123"
    assert stored["roles_by_email"] == {"lan@quangngai.gov.vn": "editor"}
    entry = stored["accounts"]["lan"]
    assert (entry["name"], entry["role"]) == ("Nguyễn Thị Lan", "editor")
    assert entry["password_hash"].startswith("$argon2id$")
    assert PASSWORD not in text

    assert auth.verify_password(entry["password_hash"], PASSWORD)
    assert not auth.verify_password(entry["password_hash"], PASSWORD + "!")
    cfg = auth.load_config(auth.read_secrets(secrets_file))
    assert cfg.problems == [] and cfg.oidc and list(cfg.accounts) == ["lan"]


def test_written_with_mode_0600(run, secrets_file):
    assert add(run, secrets_file, "lan", "viewer").returncode == 0       # a new file (and folder)
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    assert secrets_file.read_text(encoding="utf-8").startswith("# ")    # the "do not commit" header
    secrets_file.chmod(0o644)
    assert add(run, secrets_file, "an", "admin").returncode == 0        # rewritten: 0600 again
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
    assert [p.name for p in secrets_file.parent.iterdir()] == ["secrets.toml"]  # no temp file left


def test_list_users_never_shows_a_hash(run, secrets_file):
    add(run, secrets_file, "lan", "editor", PASSWORD, "--full-name", "Nguyễn Thị Lan")
    add(run, secrets_file, "admin", "admin", PASSWORD, "--full-name", "Trần Văn Bình")
    listed = run("list-users", "--secrets", str(secrets_file))
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == "Tên đăng nhập Họ và tên Vai trò".split()
    assert lines[1].split()[:4] == ["admin", "Trần", "Văn", "Bình"] and "admin" in lines[1].split()[4]
    assert lines[2].split()[:4] == ["lan", "Nguyễn", "Thị", "Lan"] and lines[2].split()[4] == "editor"
    assert "$argon2" not in listed.stdout + listed.stderr
    assert "password_hash" not in listed.stdout


def test_list_users_of_a_missing_file_says_the_dashboard_is_open(run, tmp_path):
    listed = run("list-users", "--secrets", str(tmp_path / "none.toml"))
    assert listed.returncode == 0
    assert texts.CLI_OPEN_MODE in listed.stdout


def test_list_users_reports_broken_entries(run, secrets_file):
    secrets_file.parent.mkdir()
    secrets_file.write_text('[accounts.lan]\nrole = "boss"\npassword_hash = "x"\n', encoding="utf-8")
    listed = run("list-users", "--secrets", str(secrets_file))
    assert listed.returncode == 0
    assert "lan" in listed.stderr and "boss" in listed.stderr
    assert texts.CLI_OPEN_MODE not in listed.stdout  # a broken file does not run open


def test_adding_an_existing_user_replaces_password_and_role(run, secrets_file):
    add(run, secrets_file, "lan", "editor", PASSWORD, "--full-name", "Nguyễn Thị Lan")
    again = add(run, secrets_file, "LAN", "viewer", "mat-khau-moi-2026")
    assert again.returncode == 0, again.stderr
    assert again.stdout.strip() == texts.CLI_USER_REPLACED.format(username="lan", role="viewer",
                                                                  path=secrets_file)
    entry = tomllib.loads(secrets_file.read_text(encoding="utf-8"))["accounts"]["lan"]
    assert (entry["name"], entry["role"]) == ("Nguyễn Thị Lan", "viewer")  # the name is kept
    assert auth.verify_password(entry["password_hash"], "mat-khau-moi-2026")
    assert not auth.verify_password(entry["password_hash"], PASSWORD)


def test_remove_user(run, secrets_file):
    add(run, secrets_file, "lan", "editor")
    add(run, secrets_file, "admin", "admin")
    removed = run("remove-user", "Lan", "--secrets", str(secrets_file))
    assert removed.returncode == 0, removed.stderr
    assert removed.stdout.strip() == texts.CLI_USER_REMOVED.format(username="lan", path=secrets_file)
    assert list(tomllib.loads(secrets_file.read_text(encoding="utf-8"))["accounts"]) == ["admin"]
    assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600

    missing = run("remove-user", "lan", "--secrets", str(secrets_file))
    assert missing.returncode == 1
    assert texts.CLI_USER_NOT_FOUND.format(username="lan", path=secrets_file) in missing.stderr


def test_removing_the_last_account_would_open_the_dashboard(run, secrets_file):
    add(run, secrets_file, "admin", "admin")
    before = secrets_file.read_bytes()
    refused = run("remove-user", "admin", "--secrets", str(secrets_file))
    assert refused.returncode == 1
    assert "--force" in refused.stderr
    assert secrets_file.read_bytes() == before
    forced = run("remove-user", "admin", "--force", "--secrets", str(secrets_file))
    assert forced.returncode == 0, forced.stderr
    assert "accounts" not in tomllib.loads(secrets_file.read_text(encoding="utf-8"))


def test_the_last_account_may_go_when_the_identity_provider_signs_in(run, secrets_file):
    secrets_file.parent.mkdir()
    secrets_file.write_text(EXISTING, encoding="utf-8")
    add(run, secrets_file, "admin", "admin")
    removed = run("remove-user", "admin", "--secrets", str(secrets_file))
    assert removed.returncode == 0, removed.stderr
    assert secrets_file.read_text(encoding="utf-8").startswith(EXISTING)


def test_short_password_is_refused(run, secrets_file):
    add(run, secrets_file, "lan", "editor")
    before = secrets_file.read_bytes()
    short = add(run, secrets_file, "an", "viewer", "ngan12345")  # 9 characters
    assert short.returncode == 1
    assert short.stderr.strip() == texts.CLI_PASSWORD_SHORT.format(n=10)
    assert secrets_file.read_bytes() == before
    empty = run("add-user", "an", "--role", "viewer", "--password-stdin", "--secrets", str(secrets_file), stdin="")
    assert empty.returncode == 1 and texts.CLI_PASSWORD_NONE in empty.stderr
    assert secrets_file.read_bytes() == before


def test_bad_role_and_bad_name_are_usage_errors(run, secrets_file):
    bad_role = add(run, secrets_file, "lan", "boss")
    assert bad_role.returncode == 2
    assert "boss" in bad_role.stderr
    bad_name = add(run, secrets_file, "nguyễn thị lan", "viewer")
    assert bad_name.returncode == 2
    assert "không hợp lệ" in bad_name.stderr
    no_role = run("add-user", "lan", "--password-stdin", "--secrets", str(secrets_file), stdin=PASSWORD + "\n")
    assert no_role.returncode == 2
    assert not secrets_file.exists()


def test_a_broken_secrets_file_is_never_overwritten(run, secrets_file):
    secrets_file.parent.mkdir()
    secrets_file.write_text("[auth\nredirect_uri = 1\n", encoding="utf-8")
    before = secrets_file.read_bytes()
    for result in (add(run, secrets_file, "lan", "editor"), run("remove-user", "lan", "--secrets", str(secrets_file)),
                   run("list-users", "--secrets", str(secrets_file))):
        assert result.returncode == 1
        assert str(secrets_file) in result.stderr
    assert secrets_file.read_bytes() == before


def test_the_secrets_path_comes_from_the_environment(run, tmp_path):
    path = tmp_path / "from-env.toml"
    done = run("add-user", "lan", "--role", "viewer", "--password-stdin", stdin=PASSWORD + "\n",
               env={"TQT_SECRETS": str(path)})
    assert done.returncode == 0, done.stderr
    assert "lan" in tomllib.loads(path.read_text(encoding="utf-8"))["accounts"]
    listed = run("list-users", env={"TQT_SECRETS": str(path)})
    assert listed.stdout.splitlines()[1].startswith("lan ")


def test_interactive_password_asked_twice_without_echo(monkeypatch, secrets_file, capsys):
    answers = iter(["mot-mat-khau-dai", "mot-mat-khau-khac"])
    prompts = []
    monkeypatch.setattr(cli.getpass, "getpass", lambda prompt="": prompts.append(prompt) or next(answers))
    assert cli.main(["add-user", "lan", "--role", "editor", "--secrets", str(secrets_file)]) == 1
    assert texts.CLI_PASSWORD_MISMATCH in capsys.readouterr().err
    assert len(prompts) == 2 and not secrets_file.exists()

    answers = iter(["mot-mat-khau-dai", "mot-mat-khau-dai"])
    assert cli.main(["add-user", "lan", "--role", "editor", "--secrets", str(secrets_file)]) == 0
    entry = tomllib.loads(secrets_file.read_text(encoding="utf-8"))["accounts"]["lan"]
    assert auth.verify_password(entry["password_hash"], "mot-mat-khau-dai")


def test_secrets_are_never_in_git():
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    assert tracked.strip(), "not a git checkout?"
    names = tracked.splitlines()
    assert ".streamlit/secrets.toml" not in names
    assert not [n for n in names if n.endswith("secrets.toml")]
    ignored = subprocess.run(["git", "check-ignore", "-q", ".streamlit/secrets.toml"], cwd=REPO)
    assert ignored.returncode == 0, ".streamlit/secrets.toml must be listed in .gitignore"
