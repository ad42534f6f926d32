"""The package tree is the architecture: imports point one way, from higher layers to lower.

Every import in ``diagrules/`` is read from the source (runtime imports, imports inside
functions and ``TYPE_CHECKING`` blocks alike) and checked against the layer order below. A
module may import its own layer and any lower one. ``builtin`` and ``testing`` are clients:
they use the public API (``from diagrules import ...``) like a third-party plugin would.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "diagrules"

#: Lowest first. A module in layer i may import layers 0..i.
LAYERS = ["core", "authoring", "io", "history", "plugins", "config", "engine", "render", "fleet", "catalogue",
          "portfolio", "batch", "cli"]
#: Clients of the public API, above every layer.
CLIENTS = {"builtin": len(LAYERS), "testing": len(LAYERS)}
#: Modules at the package root that any layer may import.
ROOT_MODULES = {"_version"}


def _layer(module: str) -> int | None:
    """The layer index of ``diagrules.<part>...``; ``None`` for root modules and the package itself."""
    parts = module.split(".")
    if parts[0] != "diagrules" or len(parts) == 1 or parts[1] in ROOT_MODULES:
        return None
    if parts[1] in CLIENTS:
        return CLIENTS[parts[1]]
    return LAYERS.index(parts[1]) if parts[1] in LAYERS else None


def _module_name(path: Path, package: Path) -> str:
    rel = path.relative_to(package.parent).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path, root: Path) -> list[tuple[int, str]]:
    """Every ``diagrules`` module imported by ``path`` (absolute or relative), with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _module_name(path, root)
    package = module if path.name == "__init__.py" else module.rsplit(".", 1)[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if a.name.startswith("diagrules")]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                name = ".".join(base + ([node.module] if node.module else []))
            else:
                name = node.module or ""
            if name == "diagrules":  # "from diagrules import x": x may be a sub-package
                found += [(node.lineno, f"diagrules.{a.name}") if a.name in LAYERS or a.name in CLIENTS
                          else (node.lineno, "diagrules") for a in node.names]
            elif name.startswith("diagrules."):
                found.append((node.lineno, name))
    return found


def violations(root: Path = PACKAGE) -> list[str]:
    out = []
    for path in sorted(root.rglob("*.py")):
        module = _module_name(path, root)
        own = _layer(module)
        if own is None:
            continue
        for line, target in _imports(path, root):
            theirs = _layer(target)
            rel = path.relative_to(root.parent)
            if target == "diagrules" and own < len(LAYERS):
                out.append(f"{rel}:{line} imports the public API from inside layer {LAYERS[own]}")
            elif theirs is not None and theirs > own:
                out.append(f"{rel}:{line} {module} imports {target} (a higher layer)")
    return out


def test_every_layer_is_a_documented_package() -> None:
    for name in [*LAYERS, *CLIENTS]:
        init = PACKAGE / name / "__init__.py"
        assert init.exists(), name
        doc = ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))
        assert doc and len(doc) > 60, f"diagrules/{name}/__init__.py needs a docstring saying what it owns"


def test_no_module_sits_outside_a_layer() -> None:
    loose = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert loose == ["__init__.py", "__main__.py", "_version.py"]
    packages = sorted(p.name for p in PACKAGE.iterdir() if p.is_dir() and p.name != "__pycache__"
                      and p.name != "examples")
    assert packages == sorted([*LAYERS, *CLIENTS])


def test_imports_point_down_the_layers() -> None:
    assert violations() == []


@pytest.mark.parametrize(
    ("source", "where", "expected"),
    [
        ("from diagrules.cli.main import main\n", "core/x.py", 1),
        ("from diagrules.core.i18n import Text\n", "cli/x.py", 0),
        ("if TYPE_CHECKING:\n    from diagrules.engine.plan import CompiledRule\n", "authoring/x.py", 1),
        ("def f():\n    from ..render import base\n", "engine/x.py", 1),
        ("from diagrules import Engine\n", "render/x.py", 1),
        ("from diagrules import Engine\n", "builtin/x.py", 0),
    ],
)
def test_the_checker_sees_every_kind_of_import(tmp_path: Path, source: str, where: str, expected: int) -> None:
    root = tmp_path / "diagrules"
    target = root / where
    target.parent.mkdir(parents=True)
    target.write_text(source, encoding="utf-8")
    assert len(violations(root)) == expected
