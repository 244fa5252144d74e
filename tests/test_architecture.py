"""The shape of the code, read from the source with ``ast`` (nothing is imported or run).

- No import cycle between the modules of ``lib/``, counting imports inside functions too (an
  import moved into a function hides a cycle, it does not remove it).
- No module uses another ``lib`` module's private names (``mod._name`` of an imported lib module,
  ``from lib.mod import _name``): what modules share is public in its owner.
- Streamlit is imported only by ``lib/ui*.py``, ``pages/`` and ``dashboard.py``.
- Production code holds no test-only hook (no ``TQT_TEST_*`` environment variable).
"""
from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
LIB = REPO / "lib"
MODULES = sorted(p.stem for p in LIB.glob("*.py") if p.stem != "__init__")
SOURCES = [*sorted(LIB.glob("*.py")), *sorted((REPO / "pages").glob("*.py")), REPO / "dashboard.py"]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _name(path: Path, root: Path = REPO) -> str:
    return path.relative_to(root).as_posix()


def lib_imports(tree: ast.Module) -> dict[str, int]:
    """The lib modules a source imports anywhere (top level or inside a function): name → first line."""
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "lib":
                names = [a.name for a in node.names if a.name in MODULES]
            elif node.module.startswith("lib."):
                names = [node.module.split(".")[1]]
            else:
                names = []
        elif isinstance(node, ast.Import):
            names = [a.name.split(".")[1] for a in node.names if a.name.startswith("lib.")]
        else:
            names = []
        for name in names:
            found.setdefault(name, node.lineno)
    return found


def import_graph() -> dict[str, dict[str, int]]:
    graph = {}
    for module in MODULES:
        deps = lib_imports(_tree(LIB / f"{module}.py"))
        deps.pop(module, None)
        graph[module] = deps
    return graph


def cycles(graph: dict[str, dict[str, int]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph.get(v, {}):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_the_cycle_finder_finds_a_cycle():
    graph = {"a": {"b": 1}, "b": {"c": 1}, "c": {"a": 1}, "d": {"a": 1}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b": 1}, "b": {}}) == []


def test_no_import_cycle_in_lib():
    graph = import_graph()
    assert graph["data"] and graph["ui"]  # the graph was read
    found = cycles(graph)
    edges = [f"{a} -> {b} (line {graph[a][b]})" for c in found for a in c for b in graph[a] if b in c]
    assert found == [], edges


def private_uses(path: Path, root: Path = REPO) -> list[str]:
    """``mod._x`` where ``mod`` is a lib module the file imported (under any alias) other than the
    file's own, and ``from lib.mod import _x``."""
    tree = _tree(path)
    own = path.stem if path.parent == LIB else None
    aliases: dict[str, str] = {}  # local name → lib module
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "lib":
                aliases.update({a.asname or a.name: a.name for a in node.names if a.name in MODULES})
            elif node.module.startswith("lib."):
                module = node.module.split(".")[1]
                uses += [f"{_name(path, root)}:{node.lineno}: from {node.module} import {a.name}"
                         for a in node.names if a.name.startswith("_") and module != own]
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("lib.") and a.asname:
                    aliases[a.asname] = a.name.split(".")[1]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_") or node.attr.startswith("__"):
            continue
        value = node.value
        if isinstance(value, ast.Name) and value.id in aliases:
            module = aliases[value.id]
        elif (isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name) and value.value.id == "lib"
              and value.attr in MODULES):
            module = value.attr  # lib.storage._x after ``import lib.storage``
        else:
            continue
        if module != own:
            uses.append(f"{_name(path, root)}:{node.lineno}: {module}.{node.attr}")
    return sorted(uses)


def test_the_private_name_finder_finds_them(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text("from lib import storage as s, ui\nfrom lib.ui import _store\nimport lib.data\n"
                    "s._write_lock(1)\nui.store\nlib.data._units_loader\n", encoding="utf-8")
    assert private_uses(fake, tmp_path) == ["fake.py:2: from lib.ui import _store",
                                            "fake.py:4: storage._write_lock", "fake.py:6: data._units_loader"]


def test_no_module_uses_another_modules_private_names():
    uses = [use for path in SOURCES for use in private_uses(path)]
    assert uses == []


def streamlit_importers() -> list[str]:
    out = []
    for path in SOURCES:
        for node in ast.walk(_tree(path)):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "streamlit" or n.startswith("streamlit.") for n in names):
                out.append(_name(path))
                break
    return out


def test_only_the_ui_modules_and_the_pages_import_streamlit():
    importers = streamlit_importers()
    assert "lib/ui.py" in importers and "dashboard.py" in importers  # the check sees them
    others = [p for p in importers
              if not (p.startswith("lib/ui") or p.startswith("pages/") or p == "dashboard.py")]
    assert others == []


def test_production_code_has_no_test_hook():
    hooks = [f"{_name(p)}:{n}" for p in SOURCES
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1) if "TQT_TEST" in line]
    assert hooks == []
