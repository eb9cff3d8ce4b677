"""The layout the README promises, checked from the source itself (``ast``, nothing imported).

- A record flows one way through the harvester's stages, so a module imports only from its own stage or an
  earlier one: ``indexer.record`` (the shared types) → ``read`` → ``normalise`` → ``works`` → ``store`` →
  ``jobs`` → ``cli``.
- ``catalogue`` is what the indexer and the API share: it imports from neither, and neither imports the
  other; the corpus generator ``synthetic`` uses only the record types.
- No two modules import each other, directly or round a longer loop (function-level imports included).
"""

from __future__ import annotations

import ast
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("catalogue", "indexer", "search_api", "synthetic")
STAGES = ("record", "read", "normalise", "works", "store", "jobs", "cli")
"""The harvester's stages in the order a record passes through them (``indexer.<stage>``)."""

ALLOWED_PACKAGES = {
    "catalogue": {"catalogue"},
    "indexer": {"catalogue", "indexer"},
    "search_api": {"catalogue", "search_api"},
    # The test-corpus generator writes feeds in the record types' vocabulary (municipalities, roles…).
    "synthetic": {"synthetic", "indexer.record"},
}


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {
        _module_name(path): path
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if "__pycache__" not in path.parts
    }


MODULES = _modules()


def _imported(module: str, path: Path) -> Iterator[str]:
    """The project modules ``module`` imports, anywhere in its body (``from a import b``: ``a.b`` if that is
    a module, else ``a``)."""
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = module.split(".") if is_package else module.split(".")[:-1]
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            names = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base for alias in node.names
            ]
        else:
            continue
        for name in names:
            while name and name not in MODULES:
                name = name.rpartition(".")[0]
            if name and name != module:
                yield name


GRAPH = {module: sorted(set(_imported(module, path))) for module, path in MODULES.items()}


def _stage(module: str) -> int | None:
    parts = module.split(".")
    if parts[0] != "indexer" or len(parts) == 1:
        return None
    if parts[1] == "__main__":
        return len(STAGES)
    return STAGES.index(parts[1])


def test_every_indexer_module_belongs_to_a_stage() -> None:
    strays = [m for m in MODULES if m.startswith("indexer.") and m.split(".")[1] not in (*STAGES, "__main__")]
    assert strays == [], f"modules outside the stage folders: {strays}"


@pytest.mark.parametrize("module", sorted(m for m in MODULES if m.startswith("indexer.")))
def test_no_module_imports_from_a_later_stage(module: str) -> None:
    stage = _stage(module)
    assert stage is not None
    later = [imported for imported in GRAPH[module] if (_stage(imported) or 0) > stage]
    assert later == [], f"{module} (stage {STAGES[stage]}) imports from a later stage: {later}"


@pytest.mark.parametrize("module", sorted(MODULES))
def test_packages_import_only_what_sits_below_them(module: str) -> None:
    allowed = ALLOWED_PACKAGES[module.split(".")[0]]
    strays = [
        imported
        for imported in GRAPH[module]
        if not any(imported == entry or imported.startswith(f"{entry}.") for entry in allowed)
    ]
    assert strays == [], f"{module} imports {strays}"


def _cycles() -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for imported in GRAPH[module]:
            if imported not in index:
                visit(imported)
                low[module] = min(low[module], low[imported])
            elif imported in on_stack:
                low[module] = min(low[module], index[imported])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in GRAPH:
        if module not in index:
            visit(module)
    return found


def test_no_import_cycles() -> None:
    assert _cycles() == []


def test_the_checks_fail_on_a_back_edge_and_its_cycle() -> None:
    """The checks above must be able to fail: a made-up import of the reader by the record types is a back
    edge (record → read) and closes a loop (the reader imports the record types)."""
    GRAPH["indexer.record"].append("indexer.read.harvest")
    try:
        assert any({"indexer.record", "indexer.read.harvest"} <= set(cycle) for cycle in _cycles())
        with pytest.raises(AssertionError, match="later stage"):
            test_no_module_imports_from_a_later_stage("indexer.record")
    finally:
        GRAPH["indexer.record"].remove("indexer.read.harvest")


def test_the_import_reader_resolves_submodules() -> None:
    assert "indexer.store.index" in GRAPH["indexer.jobs.reindex"]  # from indexer.store import index
    assert "indexer.read.readers.marc21" in GRAPH["indexer.read.harvest"]
    assert "catalogue.devnode" in GRAPH["catalogue.es"]


def _where_things_are() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Where things are", 1)[1].split("\n## ", 1)[0]


def test_the_readme_lists_every_top_level_folder() -> None:
    section = _where_things_are()
    folders = sorted({path.name for path in ROOT.iterdir() if path.is_dir() and _tracked(path)})
    assert [folder for folder in folders if f"`{folder}/" not in section] == []


def test_the_readme_lists_the_stage_folders_in_the_order_records_pass_through_them() -> None:
    section = _where_things_are()
    folders = [f"`indexer/{stage}/`" for stage in STAGES if (ROOT / "indexer" / stage).is_dir()]
    assert all(folder in section for folder in folders), folders
    positions = [section.index(folder) for folder in folders]
    assert positions == sorted(positions)
    stage_dirs = {p.name for p in (ROOT / "indexer").iterdir() if (p / "__init__.py").is_file()}
    assert stage_dirs == {stage for stage in STAGES if stage != "record"}


def _tracked(folder: Path) -> bool:
    """A folder git keeps (not .git, .venv, caches): one holding a file that is not ignored."""
    if folder.name == ".git":
        return False
    listed = subprocess.run(
        ["git", "ls-files", "--", folder.name], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    return bool(listed.strip())
