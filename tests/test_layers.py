"""The rules of the house's layers, read from the source files themselves."""
import ast
from pathlib import Path

import pytest

MENTORING = Path(__file__).resolve().parent.parent / "mentoring"
VIEWS = sorted(MENTORING.glob("*/views.py"))


def _imported(tree):
    """The top-level package of every module a source file imports."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            yield node.module.split(".")[0]


def _aborts_404(tree):
    """Whether the source calls abort(404) (an access check belongs to its domain's one place, raising NotFound)."""
    return any(isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "abort"
               and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value == 404
               for node in ast.walk(tree))


@pytest.mark.parametrize("path", VIEWS, ids=lambda path: str(path.relative_to(MENTORING)))
def test_views_leave_queries_to_models_and_access_checks_to_their_domain(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert "peewee" not in set(_imported(tree)), "a view asks a model's class method, not peewee"
    assert not _aborts_404(tree), "a view asks its domain's access check, which raises NotFound"
