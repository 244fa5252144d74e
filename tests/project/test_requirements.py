"""Lean installs: requirements.txt holds what the dashboard runs on, requirements-dev.txt adds the
test tools, deploy/requirements.lock pins every package of a deployment with its hashes.

No network: the files are read and the code's imports are parsed (ast), nothing is installed.
"""
from __future__ import annotations

import ast
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[2]
REQS = REPO / "requirements.txt"
DEV_REQS = REPO / "requirements-dev.txt"
LOCK = REPO / "deploy" / "requirements.lock"
TEST_ONLY = {"pytest", "playwright", "pypdf", "pypdfium2"}
# Our own top-level packages and modules (imports of them are not third-party).
LOCAL = {"lib", "pages", "tests", "bench", "dashboard"}
# Import name -> distribution name where they differ (the rest: the import name, normalised).
DISTRIBUTION = {
    "docx": "python-docx",
    "fpdf": "fpdf2",
    "argon2": "argon2-cffi",
    "yaml": "pyyaml",
    "PIL": "pillow",
    "fontTools": "fonttools",
    "dateutil": "python-dateutil",
    "google": "protobuf",
    "pypdfium2_raw": "pypdfium2",
}
HASH_RE = re.compile(r"--hash=sha256:[0-9a-f]{64}\b")


def _norm(name: str) -> str:
    """A distribution name as PEP 503 compares it."""
    return re.sub(r"[-_.]+", "-", name).lower()


def _lines(path: Path) -> list[str]:
    """The requirement lines of a requirements file: comments and blanks dropped, continuations
    joined."""
    text = path.read_text(encoding="utf-8").replace("\\\n", " ")
    return [line.split(" #")[0].strip() for line in text.splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _pins(path: Path) -> dict[str, str]:
    """{normalised name: version} of the `name==version` lines of one file (not of the files it
    includes with -r)."""
    pins = {}
    for line in _lines(path):
        if line.startswith("-"):
            continue
        req = Requirement(line.split(" --hash")[0])
        (spec,) = req.specifier  # every line pins exactly one version
        assert spec.operator == "==", f"{path.name}: {line!r} is not pinned with =="
        pins[_norm(req.name)] = spec.version
    return pins


def _lock() -> dict[str, tuple[str, list[str]]]:
    """{normalised name: (version, sha256 hashes)} of deploy/requirements.lock."""
    entries = {}
    for line in _lines(LOCK):
        if line.startswith("-"):
            continue
        req = Requirement(line.split(" --hash")[0].strip())
        (spec,) = req.specifier
        entries[_norm(req.name)] = (spec.version, HASH_RE.findall(line))
    return entries


def _imports(*roots: str) -> dict[str, set[str]]:
    """{top-level module: files importing it} for the third-party imports of the .py files under
    the given folders or files of the repository (absolute imports only; stdlib and ours left
    out)."""
    found: dict[str, set[str]] = {}
    for root in roots:
        path = REPO / root
        for file in [path] if path.is_file() else sorted(path.rglob("*.py")):
            tree = ast.parse(file.read_text(encoding="utf-8"), filename=str(file))
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in sys.stdlib_module_names and top not in LOCAL | {"__future__"}:
                        found.setdefault(top, set()).add(str(file.relative_to(REPO)))
    return found


def _unlisted(imports: dict[str, set[str]], allowed: set[str]) -> dict[str, list[str]]:
    """The imports whose distribution is not among the allowed names, with the files."""
    return {f"{mod} (→ {_norm(DISTRIBUTION.get(mod, mod))})": sorted(files)
            for mod, files in sorted(imports.items())
            if _norm(DISTRIBUTION.get(mod, mod)) not in allowed}


def test_dev_requirements_include_the_runtime_ones():
    assert "-r requirements.txt" in _lines(DEV_REQS)
    assert not any(line.startswith("-r") for line in _lines(REQS))


def test_no_test_tool_in_the_runtime_requirements_or_the_lock():
    runtime, dev = _pins(REQS), _pins(DEV_REQS)
    assert TEST_ONLY <= set(dev), "the test tools are pinned in requirements-dev.txt"
    assert not TEST_ONLY & set(runtime)
    assert not TEST_ONLY & set(_lock())
    assert not set(runtime) & set(dev), "each package is pinned in one file only"


def test_every_runtime_pin_is_locked_with_the_same_version_and_hashes():
    lock = _lock()
    runtime = _pins(REQS)
    assert len(runtime) >= 13
    for name, version in runtime.items():
        assert name in lock, f"{name} is missing from deploy/requirements.lock"
        assert lock[name][0] == version, f"{name}: {version} in requirements.txt, {lock[name][0]} in the lock"
    for name, (version, hashes) in lock.items():
        assert hashes, f"{name}=={version} has no --hash=sha256: in the lock"
    # Test tools that are also runtime dependencies (lxml, fonttools) are the deployed versions.
    for name, version in _pins(DEV_REQS).items():
        if name in lock:
            assert lock[name][0] == version, f"{name}: {version} in requirements-dev.txt, {lock[name][0]} in the lock"


def test_the_lock_says_how_it_is_regenerated():
    head = LOCK.read_text(encoding="utf-8")[:1000]
    command = re.search(r"^#\s+(pip-compile .*)$", head, re.M)
    assert command, "the lock starts with the pip-compile command that made it"
    assert "--generate-hashes" in command.group(1)
    assert command.group(1).endswith(" requirements.txt")
    assert "--output-file=deploy/requirements.lock" in command.group(1)


def test_the_lock_is_closed_over_the_dependencies_installed_here():
    """Each locked package installed here at the locked version has its dependencies (for this
    Python, without extras) in the lock too."""
    lock = _lock()
    checked = 0
    for name, (version, _) in lock.items():
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        if dist.version != version:
            continue
        checked += 1
        for text in dist.requires or []:
            req = Requirement(text)
            if req.marker is None or req.marker.evaluate({"extra": ""}):
                assert _norm(req.name) in lock, f"{name} needs {req.name}, which the lock lacks"
    if not checked:
        pytest.skip("none of the locked versions is installed here")


def test_every_runtime_import_is_a_runtime_requirement():
    imports = _imports("lib", "pages", "dashboard.py")
    assert {"streamlit", "pandas", "duckdb", "docx", "fpdf"} <= set(imports)
    assert _unlisted(imports, set(_pins(REQS))) == {}


def test_every_test_and_bench_import_is_a_requirement():
    imports = _imports("tests", "bench")
    assert {"pytest", "playwright", "pypdf"} <= set(imports)
    assert _unlisted(imports, set(_pins(REQS)) | set(_pins(DEV_REQS))) == {}


def test_installs_use_the_right_file():
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -q --require-hashes -r deploy/requirements.lock" in ci
    assert "pip install -q -r requirements-dev.txt" in ci
    unit = (REPO / "deploy" / "tqt-dashboard.service").read_text(encoding="utf-8")
    assert "pip install --require-hashes -r /opt/tqt-dashboard/deploy/requirements.lock" in unit
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "pip install -r requirements.txt && streamlit run dashboard.py" in readme
    assert "pip install --require-hashes -r /opt/tqt-dashboard/deploy/requirements.lock" in readme
    assert "bash .ci/run" in readme
