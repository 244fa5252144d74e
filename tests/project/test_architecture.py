"""The shape of the code, read from the source with ``ast`` (nothing is imported or run).

- ``lib/`` is packages by layer (``docs/architecture.md``); no module sits beside them, and a
  package imports only the layers below it (``LAYERS``).
- No import cycle between the modules of ``lib/``, counting imports inside functions too (an
  import moved into a function hides a cycle, it does not remove it).
- ``lib/core`` imports nothing else of ``lib``; only ``lib/ui`` imports from ``lib/ui``.
- No module uses another ``lib`` module's private names (``mod._name`` of an imported lib module,
  ``from lib.mod import _name``): what modules share is public in its owner.
- No function in ``lib/`` is longer than 120 lines, no class longer than 400.
- Streamlit is imported only by ``lib/ui/``, ``pages/`` and ``dashboard.py``.
- Production code holds no test-only hook (no ``TQT_TEST_*`` environment variable).
"""
from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
LIB = REPO / "lib"
PACKAGES = ["access", "analytics", "cli", "core", "readers", "report", "storage", "ui", "upload", "views"]
MAX_FUNCTION_LINES = 120
MAX_CLASS_LINES = 400


def module_name(path: Path) -> str:
    """``lib/analytics/formulas.py`` → ``analytics.formulas``; ``lib/ui/__init__.py`` → ``ui``."""
    parts = list(path.relative_to(LIB).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


LIB_FILES = sorted(p for p in LIB.rglob("*.py") if p != LIB / "__init__.py")
MODULE_FILES = {module_name(p): p for p in LIB_FILES}
MODULES = sorted(MODULE_FILES)
SOURCES = [*LIB_FILES, *sorted((REPO / "pages").glob("*.py")), REPO / "dashboard.py"]


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _name(path: Path, root: Path = REPO) -> str:
    return path.relative_to(root).as_posix()


def imported_modules(node: ast.AST) -> list[str]:
    """The lib modules one import statement names: ``from lib.ui import auth`` → ``ui.auth`` when
    ``lib/ui/auth.py`` exists, else ``ui``; ``import lib.core.texts`` → ``core.texts``."""
    if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
        if node.module != "lib" and not node.module.startswith("lib."):
            return []
        base = node.module[4:]
        out = []
        for a in node.names:
            sub = f"{base}.{a.name}" if base else a.name
            out.append(sub if sub in MODULE_FILES else base)
        return [m for m in out if m]
    if isinstance(node, ast.Import):
        return [a.name[4:] for a in node.names if a.name.startswith("lib.")]
    return []


def lib_imports(tree: ast.Module) -> dict[str, int]:
    """The lib modules a source imports anywhere (top level or inside a function): name → first line."""
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        for name in imported_modules(node):
            found.setdefault(name, node.lineno)
    return found


def import_graph() -> dict[str, dict[str, int]]:
    graph = {}
    for module in MODULES:
        deps = lib_imports(_tree(MODULE_FILES[module]))
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
    assert graph["analytics.datastore"] and graph["ui"]  # the graph was read
    found = cycles(graph)
    edges = [f"{a} -> {b} (line {graph[a][b]})" for c in found for a in c for b in graph[a] if b in c]
    assert found == [], edges


def private_uses(path: Path, root: Path = REPO) -> list[str]:
    """``mod._x`` where ``mod`` is a lib module the file imported (under any alias) other than the
    file's own, and ``from lib.mod import _x``."""
    tree = _tree(path)
    own = module_name(path) if path.is_relative_to(LIB) else None
    aliases: dict[str, str] = {}  # local name → lib module
    uses = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 and (
                node.module == "lib" or node.module.startswith("lib.")):
            base = node.module[4:]
            for a in node.names:
                sub = f"{base}.{a.name}" if base else a.name
                if sub in MODULE_FILES:
                    aliases[a.asname or a.name] = sub
                elif a.name.startswith("_") and base != own:
                    uses.append(f"{_name(path, root)}:{node.lineno}: from {node.module} import {a.name}")
        elif isinstance(node, ast.Import):
            for a in node.names:
                if a.name.startswith("lib.") and a.asname:
                    aliases[a.asname] = a.name[4:]
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not node.attr.startswith("_") or node.attr.startswith("__"):
            continue
        value, dotted = node.value, []
        while isinstance(value, ast.Attribute):
            dotted.insert(0, value.attr)
            value = value.value
        if isinstance(value, ast.Name) and value.id in aliases and not dotted:
            module = aliases[value.id]
        elif isinstance(value, ast.Name) and value.id == "lib" and ".".join(dotted) in MODULE_FILES:
            module = ".".join(dotted)  # lib.storage.month_store._x after ``import lib.storage.month_store``
        else:
            continue
        if module != own:
            uses.append(f"{_name(path, root)}:{node.lineno}: {module}.{node.attr}")
    return sorted(uses)


def test_the_private_name_finder_finds_them(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text("from lib.storage import month_store as s\nfrom lib import ui\nfrom lib.ui import _store\n"
                    "import lib.analytics.datastore\ns._write_lock(1)\nui.store\n"
                    "lib.analytics.datastore._units_loader\n", encoding="utf-8")
    assert private_uses(fake, tmp_path) == ["fake.py:3: from lib.ui import _store",
                                            "fake.py:5: storage.month_store._write_lock",
                                            "fake.py:7: analytics.datastore._units_loader"]


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
    assert "lib/ui/__init__.py" in importers and "dashboard.py" in importers  # the check sees them
    others = [p for p in importers
              if not (p.startswith("lib/ui") or p.startswith("pages/") or p == "dashboard.py")]
    assert others == []


def test_production_code_has_no_test_hook():
    hooks = [f"{_name(p)}:{n}" for p in SOURCES
             for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1) if "TQT_TEST" in line]
    assert hooks == []


def test_lib_is_packages_by_layer():
    loose = sorted(p.name for p in LIB.glob("*.py") if p.name != "__init__.py")
    assert loose == []
    packages = sorted(p.name for p in LIB.iterdir() if (p / "__init__.py").is_file())
    assert packages == PACKAGES


def test_core_imports_nothing_else_and_only_ui_imports_ui():
    graph = import_graph()
    core_out = sorted(f"{m} -> {d}" for m, deps in graph.items() if m.startswith("core.")
                      for d in deps if not d.startswith("core"))
    assert core_out == []
    into_ui = sorted(f"{m} -> {d}" for m, deps in graph.items() if not (m == "ui" or m.startswith("ui."))
                     for d in deps if d == "ui" or d.startswith("ui."))
    assert into_ui == []


def long_definitions(path: Path, root: Path = REPO) -> list[str]:
    """Functions over ``MAX_FUNCTION_LINES`` and classes over ``MAX_CLASS_LINES`` lines in one file."""
    out = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            lines = node.end_lineno - node.lineno + 1
            limit = MAX_CLASS_LINES if isinstance(node, ast.ClassDef) else MAX_FUNCTION_LINES
            if lines > limit:
                out.append(f"{_name(path, root)}:{node.lineno} {node.name}: {lines} lines")
    return out


def test_the_length_check_sees_a_long_function(tmp_path):
    fake = tmp_path / "fake.py"
    fake.write_text("def f():\n" + "    x = 1\n" * 130 + "\n\ndef g():\n    return 1\n", encoding="utf-8")
    assert long_definitions(fake, tmp_path) == ["fake.py:1 f: 131 lines"]


def test_no_function_over_120_lines_and_no_class_over_400_in_lib():
    assert [line for path in LIB_FILES for line in long_definitions(path)] == []


# The layers, lowest first: a package imports only packages before it in this list (and itself).
# core: settings, texts, formats, the problem type · readers: one source file → a clean table or
# problems · analytics: the Store and the computations over it · storage: durable writes of months,
# tasks and backups · access: accounts and sign-in · upload: checking a month file against the
# catalogue and the stored months · views: figures, tables, templates without Streamlit · report:
# the monthly report and its files · cli and ui: the two front ends.
LAYERS = ["core", "readers", "analytics", "storage", "access", "upload", "views", "report", "cli", "ui"]


def layer(module: str) -> int:
    return LAYERS.index(module.split(".")[0])


def test_every_package_has_a_layer():
    assert sorted(LAYERS) == PACKAGES


def test_packages_import_only_the_layers_below_them():
    graph = import_graph()
    upward = sorted(f"{m} -> {d} (line {line})" for m, deps in graph.items() for d, line in deps.items()
                    if layer(d) > layer(m) or (layer(d) == layer(m) and m.split(".")[0] != d.split(".")[0]))
    assert upward == []
