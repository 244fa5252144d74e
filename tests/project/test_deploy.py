"""deploy/: the nginx server block passes ``nginx -t`` (and really proxies), the systemd units parse.

nginx and openssl are Debian packages (.ci/run installs them). Without them the nginx tests are
skipped on a workstation and fail in CI (environment variable CI set), so CI cannot pass without
really checking the configuration.
"""
from __future__ import annotations

import configparser
import gzip
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
NGINX_CONF = DEPLOY / "nginx.conf"
UNIT = DEPLOY / "tqt-dashboard.service"
BACKUP_SERVICE = DEPLOY / "backup.service"
BACKUP_TIMER = DEPLOY / "backup.timer"
HOST = "dashboard.example.gov.vn"
CERT_RE = re.compile(r"^(\s*ssl_certificate(?:_key)?\s+)(/etc/letsencrypt/live/[^;\s]+)(;)", re.M)


def _tool(name: str) -> str:
    """The path of a tool; in CI a missing one fails the test, elsewhere it skips it."""
    path = shutil.which(name) or next((p for p in (f"/usr/sbin/{name}", f"/usr/bin/{name}")
                                       if os.access(p, os.X_OK)), None)
    if path:
        return path
    if os.environ.get("CI"):
        pytest.fail(f"{name} is not installed; CI must install it (.ci/run: apt-get install nginx openssl)")
    pytest.skip(f"{name} is not installed (apt-get install nginx openssl); CI runs this test")


@pytest.fixture
def nginx_site(tmp_path):
    """(nginx binary, folder) with the server block's certificate paths pointing at a fresh
    self-signed certificate, and a main nginx.conf whose every writable path is in the folder."""
    nginx = _tool("nginx")
    openssl = _tool("openssl")
    cert, key = tmp_path / "fullchain.pem", tmp_path / "privkey.pem"
    subprocess.run([openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", f"/CN={HOST}", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True, timeout=120)
    text = NGINX_CONF.read_text(encoding="utf-8")
    paths = CERT_RE.findall(text)
    assert {p[1] for p in paths} == {f"/etc/letsencrypt/live/{HOST}/fullchain.pem",
                                     f"/etc/letsencrypt/live/{HOST}/privkey.pem"}
    site = CERT_RE.sub(lambda m: m.group(1) + str(key if m.group(1).strip().endswith("_key") else cert)
                       + m.group(3), text)
    assert "/etc/letsencrypt" not in site
    (tmp_path / "site.conf").write_text(site, encoding="utf-8")
    return nginx, tmp_path


def main_conf(folder: Path, site: Path, extra: str = "") -> Path:
    temp = "\n".join(f"    {kind}_temp_path {folder / kind};"
                     for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi"))
    conf = folder / "nginx-main.conf"
    conf.write_text(f"""{extra}
pid {folder / 'nginx.pid'};
error_log {folder / 'error.log'};
events {{}}
http {{
    access_log {folder / 'access.log'};
{temp}
    include {site};
}}
""", encoding="utf-8")
    return conf


def test_nginx_accepts_the_server_block(nginx_site):
    nginx, folder = nginx_site
    conf = main_conf(folder, folder / "site.conf")
    result = subprocess.run([nginx, "-t", "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)],
                            capture_output=True, text=True, timeout=60)
    print(result.stdout + result.stderr)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "test is successful" in result.stderr


def test_server_block_has_the_required_settings():
    text = NGINX_CONF.read_text(encoding="utf-8")
    code = "\n".join(line.split("#", 1)[0] for line in text.splitlines())  # comments out
    for directive in [
        "listen 80;", "return 301 https://$host$request_uri;", "listen 443 ssl",
        f"server_name {HOST};", "server_tokens off;", "ssl_protocols TLSv1.2 TLSv1.3;",
        "proxy_pass http://127.0.0.1:8501;", "location /_stcore/stream", "proxy_http_version 1.1;",
        "proxy_set_header Upgrade $http_upgrade;", 'proxy_set_header Connection "upgrade";',
        "proxy_read_timeout 86400s;", "gzip on;", "client_max_body_size 2m;",
        'add_header Strict-Transport-Security "max-age=31536000; includeSubDomains" always;',
        'add_header X-Content-Type-Options "nosniff" always;', "add_header Referrer-Policy",
        'add_header X-Frame-Options "SAMEORIGIN" always;',
    ]:
        assert directive in code, directive
    types = re.search(r"gzip_types([^;]*);", code).group(1).split()
    assert {"text/css", "application/javascript", "text/javascript", "application/json", "text/plain"} <= set(types)
    assert "TLSv1 " not in code and "TLSv1.1" not in code
    # add_header in a location would silently drop the server's security headers there.
    for block in re.findall(r"location[^{]*\{([^}]*)\}", code):
        assert "add_header" not in block


# --- the proxy for real: a backend standing in for Streamlit on a free port ----------------------

class _Backend(BaseHTTPRequestHandler):
    seen: list[dict] = []
    body = (b"function f(){return 'B\xe1\xba\xa3ng \xc4\x91i\xe1\xbb\x81u khi\xe1\xbb\x83n';}\n" * 2000)

    def log_message(self, *args):  # quiet
        pass

    def do_GET(self):
        self.seen.append({"path": self.path, **{k.lower(): v for k, v in self.headers.items()}})
        if self.path.startswith("/_stcore/stream"):
            self.send_response(101)
            self.send_header("Upgrade", "websocket")
            self.send_header("Connection", "Upgrade")
            self.end_headers()
            self.close_connection = True
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/javascript")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def do_POST(self):
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.05)
    raise AssertionError(f"nothing listens on {port}")


@pytest.fixture
def running_proxy(nginx_site):
    nginx, folder = nginx_site
    backend = ThreadingHTTPServer(("127.0.0.1", 0), _Backend)
    _Backend.seen = []
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    http_port, https_port = _free_port(), _free_port()
    site = (folder / "site.conf").read_text(encoding="utf-8")
    site = re.sub(r"^\s*listen \[::\].*$", "", site, flags=re.M)
    site = site.replace("listen 80;", f"listen 127.0.0.1:{http_port};")
    site = site.replace("listen 443 ssl", f"listen 127.0.0.1:{https_port} ssl")
    site = site.replace("127.0.0.1:8501", f"127.0.0.1:{backend.server_address[1]}")
    (folder / "site-test.conf").write_text(site, encoding="utf-8")
    extra = "daemon off;\nworker_processes 1;\n" + ("user root;\n" if os.geteuid() == 0 else "")
    conf = main_conf(folder, folder / "site-test.conf", extra)
    proc = subprocess.Popen([nginx, "-p", str(folder), "-e", str(folder / "error.log"), "-c", str(conf)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        _wait_port(https_port)
        yield http_port, https_port
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        backend.shutdown()
        backend.server_close()


def _https(port: int) -> http.client.HTTPSConnection:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    return http.client.HTTPSConnection("127.0.0.1", port, context=ctx, timeout=10)


def test_proxy_redirects_compresses_sets_headers_and_limits_uploads(running_proxy):
    http_port, https_port = running_proxy
    con = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
    con.request("GET", "/budget?thang=2025-06", headers={"Host": HOST})
    res = con.getresponse()
    res.read()
    assert res.status == 301
    assert res.getheader("Location") == f"https://{HOST}/budget?thang=2025-06"
    assert res.getheader("Server") == "nginx"   # no version

    con = _https(https_port)
    con.request("GET", "/static/js/main.js", headers={"Host": HOST, "Accept-Encoding": "gzip"})
    res = con.getresponse()
    raw = res.read()
    assert res.status == 200
    assert res.getheader("Content-Encoding") == "gzip"
    assert gzip.decompress(raw) == _Backend.body and len(raw) < len(_Backend.body) / 5
    assert res.getheader("Strict-Transport-Security").startswith("max-age=31536000")
    assert res.getheader("X-Content-Type-Options") == "nosniff"
    assert res.getheader("X-Frame-Options") == "SAMEORIGIN"
    assert res.getheader("Referrer-Policy")
    assert res.getheader("Server") == "nginx"
    seen = _Backend.seen[-1]
    assert seen["host"] == HOST and seen["x-forwarded-proto"] == "https"

    con = _https(https_port)
    con.request("POST", "/_stcore/upload_file/x", body=b"x" * 1_500_000, headers={"Host": HOST})
    res = con.getresponse()
    res.read()
    assert res.status == 200
    con = _https(https_port)
    con.request("POST", "/_stcore/upload_file/x", body=b"x" * 3_000_000, headers={"Host": HOST})
    res = con.getresponse()
    res.read()
    assert res.status == 413


def test_proxy_forwards_the_websocket_upgrade(running_proxy):
    _, https_port = running_proxy
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", https_port), timeout=10) as raw:
        with ctx.wrap_socket(raw, server_hostname=HOST) as s:
            s.sendall((f"GET /_stcore/stream HTTP/1.1\r\nHost: {HOST}\r\nUpgrade: websocket\r\n"
                       "Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                       "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").encode())
            head = s.recv(4096).decode("latin-1")
    assert head.startswith("HTTP/1.1 101"), head
    seen = _Backend.seen[-1]
    assert seen["path"] == "/_stcore/stream"
    assert seen["upgrade"] == "websocket" and seen["connection"].lower() == "upgrade"
    assert seen["host"] == HOST


# --- systemd --------------------------------------------------------------------------------------

def _unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None, delimiters=("=",),
                                       comment_prefixes=("#", ";"), empty_lines_in_values=False)
    parser.optionxform = str   # keys are case-sensitive
    # Repeated keys (SystemCallFilter=…) are allowed in systemd; keep the last, like a dict.
    parser.read_string(path.read_text(encoding="utf-8"), source=str(path))
    return parser


def test_dashboard_unit_settings():
    unit = _unit(UNIT)
    svc = unit["Service"]
    assert svc["User"] == "tqt-dashboard" and svc["User"] != "root"
    assert svc["WorkingDirectory"] == "/opt/tqt-dashboard"
    exec_start = svc["ExecStart"].split()
    assert exec_start[:3] == ["/opt/tqt-dashboard/.venv/bin/streamlit", "run", "dashboard.py"]
    args = dict(zip(exec_start[3::2], exec_start[4::2]))
    assert args["--server.address"] == "127.0.0.1" and args["--server.port"] == "8501"
    assert "Environment=TQT_DATA_DIR=/var/lib/tqt-dashboard" in UNIT.read_text(encoding="utf-8")
    assert svc["Restart"] == "on-failure"
    assert svc["UMask"] == "0077"
    for key, value in {"NoNewPrivileges": "yes", "ProtectSystem": "strict", "PrivateTmp": "yes",
                       "ProtectHome": "yes", "PrivateDevices": "yes", "RestrictSUIDSGID": "yes",
                       "CapabilityBoundingSet": ""}.items():
        assert svc[key] == value, key
    assert "/var/lib/tqt-dashboard" in svc["ReadWritePaths"].split()
    assert unit["Install"]["WantedBy"] == "multi-user.target"


def test_backup_units_settings():
    svc = _unit(BACKUP_SERVICE)["Service"]
    assert svc["Type"] == "oneshot" and svc["User"] == "tqt-dashboard"
    assert svc["ExecStart"].split()[:5] == ["/opt/tqt-dashboard/.venv/bin/python", "-m", "lib.cli", "backup", "-o"]
    assert svc["ExecStart"].split()[5].startswith("/var/backups/tqt-dashboard/")
    assert set(svc["ReadWritePaths"].split()) >= {"/var/lib/tqt-dashboard", "/var/backups/tqt-dashboard"}
    timer = _unit(BACKUP_TIMER)
    assert timer["Timer"]["Unit"] == "tqt-dashboard-backup.service"
    assert timer["Timer"]["Persistent"] == "true"
    assert timer["Install"]["WantedBy"] == "timers.target"


def test_systemd_analyze_verify(tmp_path):
    """``systemd-analyze verify`` on copies whose executables are stubs (/opt is not installed
    here): any warning about our units (unknown key, bad value) fails."""
    tool = shutil.which("systemd-analyze")
    if not tool:
        pytest.skip("systemd-analyze is not installed; the INI checks above still ran")
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name in ("streamlit", "python"):
        (stubs / name).write_text("#!/bin/sh\n")
        (stubs / name).chmod(0o755)
    units = tmp_path / "units"
    units.mkdir()
    names = {UNIT: "tqt-dashboard.service", BACKUP_SERVICE: "tqt-dashboard-backup.service",
             BACKUP_TIMER: "tqt-dashboard-backup.timer"}
    for source, name in names.items():
        text = source.read_text(encoding="utf-8").replace("/opt/tqt-dashboard/.venv/bin/", f"{stubs}/")
        (units / name).write_text(text, encoding="utf-8")
    result = subprocess.run([tool, "verify", "--man=no", *(str(units / n) for n in names.values())],
                            capture_output=True, text=True, timeout=120,
                            env={**os.environ, "SYSTEMD_LOG_LEVEL": "warning"})
    output = result.stdout + result.stderr
    ours = [line for line in output.splitlines() if "tqt-dashboard" in line]
    if result.returncode != 0 and not ours and ("Failed to" in output or "not booted" in output):
        pytest.skip(f"systemd-analyze cannot verify in this environment: {output.strip()[:300]}")
    assert result.returncode == 0 and not ours, output
