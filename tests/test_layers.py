"""The rooms of the house say what they hold: blueprints named after their folders, the queue at the bottom, each
domain's periodic jobs in its own jobs.py and every jobs module on the worker's one list, views that leave queries to
the models and access checks to their domain. Read from the source files themselves."""
import ast

import pytest

from config import ROOT
from mentoring import worker

MENTORING = ROOT / "mentoring"
VIEWS = sorted(MENTORING.glob("*/views.py"))
DOMAINS = {f"mentoring.{views.parent.name}" for views in VIEWS}
BELOW_THE_QUEUE = {"mentoring.email", "mentoring.email.delivery"}  # the queue delivers mail


def imported(path):
    """Every name `path` imports, module and all (`from a import b` gives both a and a.b)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names |= {node.module} | {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def module_of(path):
    return ".".join(path.relative_to(ROOT).with_suffix("").parts)


def test_every_blueprint_is_named_after_its_views_folder(app):
    folders = {name: bp.import_name.removeprefix("mentoring.").removesuffix(".views")
               for name, bp in app.blueprints.items()}
    assert [name for name, folder in folders.items() if name != folder] == []


def test_no_module_imports_the_old_tasks_module():
    assert [module_of(path) for path in MENTORING.rglob("*.py") if "mentoring.tasks" in imported(path)] == []


def test_the_queue_imports_no_domain():
    assert {name for name in imported(MENTORING / "queue.py") if name.startswith(tuple(DOMAINS))} <= BELOW_THE_QUEUE


def test_periodic_jobs_live_in_their_domains_jobs_module():
    modules = {task.__module__ for task in worker.huey._registry._periodic_tasks}
    assert {module for module in modules if not module.endswith(".jobs")} <= {"mentoring.queue"}


def test_the_worker_lists_every_module_that_declares_a_task():
    listed = {module.__name__ for module in worker.JOB_MODULES}
    assert {module_of(path) for path in MENTORING.rglob("jobs.py")} <= listed
    assert {task.__module__ for task in worker.huey._registry._registry.values()} <= listed | {"mentoring.queue"}


def aborts_404(tree):
    """Whether the source calls abort(404)."""
    return any(isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", None)) == "abort"
               and node.args and isinstance(node.args[0], ast.Constant) and node.args[0].value == 404
               for node in ast.walk(tree))


@pytest.mark.parametrize("path", VIEWS, ids=lambda path: str(path.relative_to(MENTORING)))
def test_views_leave_queries_to_models_and_access_checks_to_their_domain(path):
    assert "peewee" not in {name.split(".")[0] for name in imported(path)}, "a view asks a model's class method"
    assert not aborts_404(ast.parse(path.read_text())), "a view asks its domain's access check, which raises NotFound"
