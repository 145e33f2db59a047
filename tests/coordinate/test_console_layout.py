"""The coordinator's console as a coordinator sees it: the grouped navigation on every console page, the health
board's filters, the report's charts with their tables folded beneath, and the empty states naming the next action."""
import re

import pytest

from conftest import PASSWORD
from support.client import logged_in, text

GROUPS = {"People": ["Applicants", "Import", "Coordinators"], "Matching": ["Matching", "Pairs"],
          "Pairs & health": ["Health", "Problems", "Events"],
          "Program": ["Settings", "Mentee questions", "Mentor questions", "Feedback forms", "Library", "Board"],
          "Reports": ["Report", "Audit log"]}


@pytest.fixture
def cora(app, make_user, make_program):
    """A coordinator's logged-in client and her program (nothing in it yet)."""
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator])
    return logged_in(app, coordinator, PASSWORD), program


def console_nav(page):
    return re.search(r'<nav class="console-nav".*?</nav>', page, re.S).group(0)


@pytest.mark.parametrize("path, current", [("applicants", "Applicants"), ("health", "Health"), ("report", "Report"),
                                           ("audit", "Audit log"), ("questions/mentor", "Mentor questions")])
def test_every_console_page_has_the_grouped_navigation_with_its_own_page_marked(cora, path, current):
    client, program = cora
    nav = console_nav(text(client.get(f"/programs/{program.slug}/{path}")))
    groups = re.findall(r'<p class="console-nav__group" id="([^"]+)">([^<]+)</p>\s*<ul aria-labelledby="\1">(.*?)</ul>',
                        nav, re.S)
    assert {name: re.findall(r">([^<]+)</a>", links) for _, name, links in groups} == GROUPS
    assert re.findall(r'aria-current="page">([^<]+)<', nav) == [current]
    assert "<summary>Console menu</summary>" in nav  # folds above the content on a phone, without JavaScript
