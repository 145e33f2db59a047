"""The coordinator's console as a coordinator sees it: the grouped navigation on every console page, the health
board's filters, the report's charts with their tables folded beneath, and the empty states naming the next action."""
import re

import pytest

from conftest import PASSWORD
from mentoring.models import AuditLog, Resource
from support.client import logged_in, seen, text

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


def filter_links(page):
    return re.findall(r'<a href="[^"]*health[^"]*" hx-get[^>]*?(aria-current="page")?>([^<]+)</a>', page, re.S)


def test_the_board_filters_are_one_segmented_control_that_htmx_swaps_with_the_chosen_one_marked(cora, make_pair):
    client, program = cora
    make_pair(program, activated_days_ago=60)
    board = f"/programs/{program.slug}/health"
    assert filter_links(text(client.get(board))) == [
        ('aria-current="page"', "All pairs"), ("", "Flagged (1)"), ("", "No session for a while (0)"),
        ("", "Rated 2 or less (0)"), ("", "Paused (0)")]
    swapped = text(client.get(f"{board}?show=paused", headers={"HX-Request": "true"}))
    assert swapped.startswith('<div id="pairs">') and 'class="segmented"' in swapped
    assert [name for current, name in filter_links(swapped) if current] == ["Paused (0)"]
    assert "No pair is in “Paused” right now." in swapped and ">Show all pairs</a>" in swapped


def test_an_empty_board_names_the_next_step(cora):
    client, program = cora
    page = seen(client.get(f"/programs/{program.slug}/health"))
    assert "No pair is meeting yet. Pairs show here as soon as a mentee and a mentor agree to meet." in page
    assert "Propose matches" in page


def test_each_report_chart_names_its_axes_and_folds_its_table_beneath(cora, make_pair):
    client, program = cora
    make_pair(program, activated_days_ago=10)
    page = text(client.get(f"/programs/{program.slug}/report"))
    charts = re.findall(r'<h2 id="(\w+)-title">[^<]*</h2>\s*<div class="chart-with-table__chart"[^>]*>'
                        r'(<svg.*?</svg>)</div>\s*<details class="chart-with-table__data">\s*'
                        r'<summary>([^<]+)</summary>\s*<table', page, re.S)
    assert [name for name, _, _ in charts] == ["weekly", "ratings", "scores"]
    assert [re.findall(r'class="chart__title">([^<]+)<', svg) for _, svg, _ in charts] == [
        ["Week starting", "Sessions held"], ["Rating, from 1 to 5", "Sessions"], ["Match score (0 to 100)", "Pairs"]]
    assert {summary for _, _, summary in charts} == {"The figures of this chart as a table"}


@pytest.mark.parametrize("path, sentence, action, target", [
    ("applicants", "Nobody has applied yet.", "Import people", "import"),
    ("applicants?state=pending", "Nobody matches these filters.", "Show everyone", "applicants"),
    ("pairs", "No pairs yet.", "Propose matches", "matching"),
    ("pairs?state=paused", "No pair is paused.", "Show all pairs", "pairs"),
    ("problems", "No reports.", "See how the pairs are doing", "health"),
    ("events", "No events yet.", "Schedule an event", "events#new-title"),
    ("discussions", "No threads yet.", "Start the first thread", "discussions/new"),
])
def test_every_empty_console_list_names_the_next_step_with_a_link_to_it(cora, path, sentence, action, target):
    client, program = cora
    empty_state_shows(client, program, path, sentence, action, target)


@pytest.mark.parametrize("kept, path, sentence, action, target", [
    (AuditLog, "audit", "Nothing yet.", "Review the program's settings", "settings"),
    (Resource, "library", "Nothing in the library yet.", "Add a resource", "library/new"),
])
def test_a_list_a_new_program_starts_with_says_what_to_do_once_emptied(cora, kept, path, sentence, action, target):
    client, program = cora
    kept.delete().where(kept.program == program).execute()  # what a new program is given, gone
    empty_state_shows(client, program, path, sentence, action, target)


def empty_state_shows(client, program, path, sentence, action, target):
    page = text(client.get(f"/programs/{program.slug}/{path}"))
    empty = re.search(r'<div class="empty-state">(.*?)</div>', page, re.S).group(1)
    assert seen(empty).startswith(sentence)
    assert re.search(rf'href="/programs/{program.slug}/{re.escape(target)}[^"]*">{re.escape(action)}</a>', empty)


def test_an_empty_applicant_filter_swapped_by_htmx_offers_to_show_everyone(cora):
    client, program = cora
    fragment = text(client.get(f"/programs/{program.slug}/applicants?role=mentor", headers={"HX-Request": "true"}))
    assert fragment.lstrip().startswith('<div id="applicants">') and "Nobody matches these filters." in fragment
