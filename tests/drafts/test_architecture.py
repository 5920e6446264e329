"""drafts/ is pure Python: it must never import the web application or its frameworks."""
import ast
from pathlib import Path

import pytest

FORBIDDEN = {"flask", "flask_sqlalchemy", "sqlalchemy", "consult", "werkzeug", "jinja2"}
PACKAGE = Path(__file__).resolve().parents[2] / "drafts"
MODULES = sorted(PACKAGE.glob("*.py"))


def imported_roots(path: Path) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            roots |= {a.name.split(".")[0] for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            roots.add(node.module.split(".")[0])
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "__import__":
            roots |= {a.value.split(".")[0] for a in node.args if isinstance(a, ast.Constant)}
    return roots


def test_package_has_modules():
    assert len(MODULES) >= 10


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_imports_nothing_forbidden(path):
    assert not imported_roots(path) & FORBIDDEN


@pytest.mark.parametrize("path", MODULES, ids=lambda p: p.name)
def test_module_stays_small(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) < 450
