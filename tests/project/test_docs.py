"""The documentation keeps up with the code (modelled on datasette's tests/project/test_docs.py).

* every subcommand of ``python -m lib.cli`` (read from ``lib.cli.build_parser()``) has its section
  in docs/cli.md, and each of its long options appears in that section;
* every column of every file format (read from the modules that read the files) appears as
  ```column``` in that format's section of docs/file-formats.md;
* every docs/*.md page is linked from README.md, and every relative link (and ``#anchor``) in the
  README and the docs resolves.

Each check is one parametrized case, so a failure names the command, option, column or link.
"""
from __future__ import annotations

import argparse
import re
import unicodedata
from pathlib import Path

import pytest

from lib import cli
from lib.analytics import datastore, scoring, tasks
from lib.readers import catalogue, org_units

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
README = REPO / "README.md"
CLI_DOC = DOCS / "cli.md"
FORMATS_DOC = DOCS / "file-formats.md"

FENCE_RE = re.compile(r"^(```|~~~).*?^\1[^\n]*$", re.S | re.M)
HEADING_RE = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")
LINK_RE = re.compile(r"!?\[(?:[^\]\[]|\[[^\]]*\])*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _headings(text: str) -> list[tuple[int, str, int]]:
    """(level, title, line index) of every Markdown heading outside code fences."""
    out, fenced = [], False
    for i, line in enumerate(text.split("\n")):
        if line.startswith(("```", "~~~")):
            fenced = not fenced
            continue
        m = None if fenced else HEADING_RE.match(line)
        if m:
            out.append((len(m.group(1)), m.group(2), i))
    return out


def _section(text: str, matches) -> str | None:
    """The text under the first heading whose title satisfies ``matches``, down to the next heading
    of the same or a higher level; None when there is no such heading."""
    lines = text.split("\n")
    heads = _headings(text)
    for k, (level, title, start) in enumerate(heads):
        if matches(title):
            end = next((i for lv, _, i in heads[k + 1:] if lv <= level), len(lines))
            return "\n".join(lines[start:end])
    return None


def _plain(title: str) -> str:
    """A heading's text as rendered: links to their text, code and emphasis marks dropped."""
    title = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", title)
    return title.replace("`", "").replace("*", "")


def _slug(title: str) -> str:
    """GitHub's anchor for a heading: lower case, punctuation dropped, spaces to hyphens."""
    text = unicodedata.normalize("NFC", _plain(title)).strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    seen: dict[str, int] = {}
    out = set()
    for _, title, _ in _headings(_read(path)):
        slug = _slug(title)
        n = seen.get(slug, 0)
        seen[slug] = n + 1
        out.add(slug if n == 0 else f"{slug}-{n}")
    return out


def _links(path: Path) -> list[str]:
    text = FENCE_RE.sub("", _read(path))
    text = re.sub(r"`[^`\n]*`", "", text)
    return [m.group(1) for m in LINK_RE.finditer(text)]


# --- (a) the command line ------------------------------------------------------------------------

def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    actions = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    assert len(actions) == 1, "lib.cli.build_parser() has no (or several) subcommand groups"
    return dict(actions[0].choices)


SUBCOMMANDS = _subcommands()
OPTIONS = [(name, opt) for name, sub in SUBCOMMANDS.items() for action in sub._actions
           for opt in action.option_strings if opt.startswith("--") and opt != "--help"]


def _command_section(name: str) -> str | None:
    return _section(_read(CLI_DOC), lambda title: _plain(title).strip() in (name, f"python -m lib.cli {name}"))


def test_cli_has_commands():
    assert len(SUBCOMMANDS) >= 10 and "gaps" in SUBCOMMANDS


@pytest.mark.parametrize("name", sorted(SUBCOMMANDS))
def test_cli_command_documented(name):
    text = _read(CLI_DOC)
    code_line = re.search(rf"^\s*python -m lib\.cli {re.escape(name)}(\s|$)", text, re.M)
    assert _command_section(name) is not None or code_line, (
        f"docs/cli.md documents no `python -m lib.cli {name}` (a heading `{name}` or a code line)")


@pytest.mark.parametrize("name, option", OPTIONS, ids=[f"{n} {o}" for n, o in OPTIONS])
def test_cli_option_documented(name, option):
    section = _command_section(name)
    assert section is not None, f"docs/cli.md has no section headed `{name}`"
    assert re.search(rf"(?<![\w-]){re.escape(option)}(?![\w-])", section), (
        f"`{option}` of `python -m lib.cli {name}` is not in its section of docs/cli.md")


# --- (b) the file formats ------------------------------------------------------------------------

FORMATS = {  # a word of the format's heading in docs/file-formats.md → its columns, from the code
    "targets_2025.csv": catalogue.REQUIRED + catalogue.OPTIONAL,
    "actuals/YYYY-MM.csv": datastore.ACTUAL_COLUMNS + [datastore.UNIT_COLUMN],
    "units.csv": org_units.REQUIRED + org_units.OPTIONAL,
    "tasks_2025.csv": tasks.COLUMNS,
    "emulation_rules_2025.csv": scoring.COLUMNS,
}
COLUMNS = [(fmt, column) for fmt, columns in FORMATS.items() for column in dict.fromkeys(columns)]


def test_format_columns_are_read_from_the_code():
    assert "assessed" in FORMATS["targets_2025.csv"]
    assert "demo_figures" in FORMATS["units.csv"]
    assert set(tasks.REQUIRED + tasks.OPTIONAL) == set(tasks.COLUMNS)
    assert set(scoring.REQUIRED) <= set(scoring.COLUMNS)


@pytest.mark.parametrize("fmt, column", COLUMNS, ids=[f"{f}:{c}" for f, c in COLUMNS])
def test_format_column_documented(fmt, column):
    section = _section(_read(FORMATS_DOC), lambda title: fmt in title)
    assert section is not None, f"docs/file-formats.md has no section whose heading names {fmt}"
    assert f"`{column}`" in section, f"column `{column}` of {fmt} is not in its section of docs/file-formats.md"


# --- (c) pages and links -------------------------------------------------------------------------

PAGES = sorted(p.name for p in DOCS.glob("*.md"))
MARKDOWN = [README, *sorted(DOCS.rglob("*.md"))]
LINKS = [(path, link) for path in MARKDOWN for link in _links(path)
         if not re.match(r"^[a-z][a-z0-9+.-]*:", link, re.I)]  # http:, https:, mailto: … left out


def test_docs_exist():
    assert len(PAGES) >= 10


def test_readme_is_short():
    assert len(_read(README).splitlines()) < 300


@pytest.mark.parametrize("page", PAGES)
def test_page_linked_from_readme(page):
    targets = {(README.parent / link.split("#")[0]).resolve() for link in _links(README) if link.split("#")[0]}
    assert (DOCS / page).resolve() in targets, f"README.md does not link docs/{page}"


@pytest.mark.parametrize("page", PAGES)
def test_page_links_back_to_readme(page):
    head = _read(DOCS / page).split("\n\n")[:3]
    assert any("../README.md" in part for part in head), f"docs/{page} does not start with a link back to README.md"


@pytest.mark.parametrize("path, link", LINKS, ids=[f"{p.relative_to(REPO)}->{lk}" for p, lk in LINKS])
def test_relative_link_resolves(path, link):
    target, _, anchor = link.partition("#")
    file = (path.parent / target).resolve() if target else path
    assert file.exists(), f"{path.relative_to(REPO)} links to {link}: no such file"
    if anchor and file.suffix == ".md":
        assert anchor in _anchors(file), f"{path.relative_to(REPO)} links to {link}: no heading with that anchor"
