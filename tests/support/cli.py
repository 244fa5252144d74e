"""Run ``python -m lib.cli`` for a test: in this process through ``lib.cli.main(argv)`` (``run_cli``),
or, for the one test that checks the command as a user starts it, in a new Python process
(``run_cli_process``). Both return a ``subprocess.CompletedProcess`` with the exit code and what
was printed, so a test reads the same ``returncode``, ``stdout`` and ``stderr`` either way::

    from tests.support.cli import run_cli

    done = run_cli(["gaps", "--as-of", "2025-06", "--json"], env={"TQT_DATA_DIR": str(folder)})
    assert done.returncode == 0, done.stderr

What a new process would have, ``run_cli`` sets up for the call and puts back afterwards:

* the environment: ``env`` is the whole environment of the call (as ``subprocess.run(env=…)``);
  with ``env=None`` the current one;
* the working directory ``cwd`` (the repository root by default, as ``python -m lib.cli`` needs);
* stdin: ``stdin`` is its text (``--password-stdin``), else empty; never a terminal, so
  ``restore-backup`` without ``--yes`` refuses as it does in a pipe, and ``getpass`` reads the
  same text instead of opening ``/dev/tty``;
* stdout and stderr: captured as bytes (UTF-8, as with ``PYTHONIOENCODING=utf-8``) and, unless
  ``binary``, decoded with universal newlines, as ``subprocess.run(text=True)`` does;
* the exit code: ``main``'s return value, or the code of ``SystemExit`` (argparse exits with 2).
"""
from __future__ import annotations

import contextlib
import getpass
import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Mapping, Sequence

from tests.support import REPO


def _capture() -> io.TextIOWrapper:
    return io.TextIOWrapper(io.BytesIO(), encoding="utf-8", errors="strict", write_through=True)


def _text(raw: bytes) -> str:
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def _exit_code(exc: SystemExit, stderr) -> int:
    code = exc.code
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=stderr)  # what the interpreter does with sys.exit("message")
    return 1


@contextlib.contextmanager
def _environment(env: Mapping[str, str] | None):
    if env is None:
        yield
        return
    saved = dict(os.environ)
    os.environ.clear()
    os.environ.update({k: str(v) for k, v in env.items()})
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def run_cli(args: Sequence[str | os.PathLike], *, env: Mapping[str, str] | None = None,
            cwd: str | os.PathLike = REPO, stdin: str | None = None,
            binary: bool = False) -> subprocess.CompletedProcess:
    """``lib.cli.main(args)`` in this process; see the module's docstring."""
    from lib import cli

    argv = [str(a) for a in args]
    out, err = _capture(), _capture()
    fake_in = io.StringIO(stdin or "")

    def fake_getpass(prompt: str = "Password: ", stream=None) -> str:  # getpass without a terminal
        print(prompt, end="", file=sys.stderr, flush=True)
        line = sys.stdin.readline()
        if not line:
            raise EOFError
        return line.removesuffix("\n")

    saved = sys.stdin, sys.stdout, sys.stderr, getpass.getpass, os.getcwd()
    with _environment(env):
        try:
            os.chdir(cwd)
            sys.stdin, sys.stdout, sys.stderr = fake_in, out, err
            getpass.getpass = fake_getpass
            try:
                code = cli.main(argv)
            except SystemExit as exc:
                code = _exit_code(exc, err)
        finally:
            sys.stdin, sys.stdout, sys.stderr, getpass.getpass, cwd_before = saved
            os.chdir(cwd_before)
    stdout, stderr = out.buffer.getvalue(), err.buffer.getvalue()
    if not binary:
        stdout, stderr = _text(stdout), _text(stderr)
    return subprocess.CompletedProcess([sys.executable, "-m", "lib.cli", *argv], code, stdout, stderr)


def run_cli_process(args: Sequence[str | os.PathLike], *, env: Mapping[str, str] | None = None,
                    cwd: str | os.PathLike = REPO, stdin: str | None = None,
                    timeout: float = 120) -> subprocess.CompletedProcess:
    """``python -m lib.cli *args`` in a new process (text, UTF-8), the repository on ``PYTHONPATH``."""
    full_env = dict(os.environ if env is None else env)
    full_env.update(PYTHONIOENCODING="utf-8", PYTHONPATH=str(Path(REPO)))
    return subprocess.run([sys.executable, "-m", "lib.cli", *map(str, args)], cwd=str(cwd), env=full_env,
                          input=stdin, stdin=None if stdin is not None else subprocess.DEVNULL,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout)
