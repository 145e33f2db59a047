"""Fragments rendered on their own (`render(..., block=...)` for htmx) see none of their template's top-level
imports and sets: jinja2-fragments renders a block in a fresh context. A block that uses one works as a full page
and fails (500) only when htmx asks for it; so every fragment block (a block inside a page's block) must import what
it uses itself, or include a `_fragment.html` that does."""
from pathlib import Path

from jinja2 import nodes

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def _top_level_names(tree):
    """Names a template binds outside its blocks: its imports, sets and macros."""
    names = set()
    for node in tree.body:
        if isinstance(node, nodes.FromImport):
            names |= {alias if isinstance(alias, str) else alias[1] for alias in node.names}
        elif isinstance(node, nodes.Import):
            names.add(node.target)
        elif isinstance(node, (nodes.Assign, nodes.AssignBlock)):
            names |= {name.name for name in node.target.find_all(nodes.Name)}
        elif isinstance(node, nodes.Macro):
            names.add(node.name)
    return names


def _bound_inside(block):
    """Names a block binds itself (imports, sets, loop variables, macros)."""
    names = set()
    for node in block.find_all((nodes.FromImport, nodes.Import, nodes.Assign, nodes.AssignBlock, nodes.For,
                                nodes.Macro)):
        if isinstance(node, nodes.FromImport):
            names |= {alias if isinstance(alias, str) else alias[1] for alias in node.names}
        elif isinstance(node, nodes.Import):
            names.add(node.target)
        elif isinstance(node, nodes.Macro):
            names.add(node.name)
        else:
            names |= {name.name for name in node.target.find_all(nodes.Name)}
    return names


def _fragment_blocks(tree):
    """The blocks inside another block: those a view renders alone for htmx."""
    for page_block in tree.find_all(nodes.Block):
        yield from page_block.find_all(nodes.Block)


def test_no_block_uses_a_name_only_its_template_imports(app):
    environment = app.jinja_env
    problems = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        name = path.relative_to(TEMPLATES).as_posix()
        tree = environment.parse(path.read_text(), name=name)
        outside = _top_level_names(tree)
        if not outside:
            continue
        for block in _fragment_blocks(tree):
            used = {node.name for node in block.find_all(nodes.Name) if node.ctx == "load"}
            missing = (used & outside) - _bound_inside(block)
            if missing:
                problems.append(f"{name}, block {block.name}: {', '.join(sorted(missing))}")
    assert not problems, "blocks that would fail when rendered alone:\n" + "\n".join(problems)


def test_the_check_finds_a_block_using_a_top_level_import(app):
    tree = app.jinja_env.parse('{% extends "base.html" %}{% from "_macros/forms.html" import csrf %}'
                               "{% block content %}<h1>Run</h1>{% block run %}{{ csrf() }}{% endblock %}{% endblock %}")
    block = next(_fragment_blocks(tree))
    used = {node.name for node in block.find_all(nodes.Name) if node.ctx == "load"}
    assert (used & _top_level_names(tree)) - _bound_inside(block) == {"csrf"}
