"""The health board's sections around its table, written in Python: its counts, its filters with the chosen one
marked, and the people and requests waiting, names escaped."""
from datetime import datetime

import pytest

from mentoring.coordinate.board_sections import Links, filters_html, lists_html, summary_html

FILTERS = {"": "All pairs", "flagged": "Flagged", "paused": "Paused"}
LINKS = Links("/reports", "/nudge", "/matching", "/applicants/%s",
              {"": "/health", "flagged": "/health?show=flagged", "paused": "/health?show=paused"})
COUNTS = {"pairs": 12, "flagged": 3, "paused": 1, "open_reports": 1}


def test_the_counts_say_how_many_of_each_and_offer_to_nudge_the_flagged():
    html = str(summary_html(COUNTS, 1, 2, LINKS))
    for shown in ("<strong>12 pairs</strong> meeting or paused", "<strong>3</strong> flagged",
                  "<strong>1 mentee</strong> without a mentor", "<strong>2 requests</strong> unanswered for a week",
                  '<a href="/reports"><strong>1 reported problem</strong> open</a>',
                  '<a class="button" href="/nudge">Nudge every flagged pair (3)…</a>'):
        assert shown in html
    assert "Nudge" not in str(summary_html({**COUNTS, "flagged": 0}, 0, 0, LINKS))


@pytest.mark.parametrize("chosen", ["", "flagged", "paused"])
def test_the_filters_mark_the_chosen_one_and_count_what_each_keeps(chosen):
    html = str(filters_html(FILTERS, COUNTS, chosen, LINKS))
    assert html.count('aria-current="page"') == 1
    assert f'href="{LINKS.filters[chosen]}" hx-get="{LINKS.filters[chosen]}" hx-target="#pairs"' in html
    assert f'hx-push-url="true" aria-current="page">{FILTERS[chosen]}' in html
    assert ">All pairs</a>" in html and ">Flagged (3)</a>" in html and ">Paused (1)</a>" in html


def test_the_lists_link_the_first_ten_and_count_the_rest_names_escaped():
    mentees = [(i, f"Mentee {i}", datetime(2027, 3, 1) if i == 1 else None) for i in range(1, 13)]
    html = str(lists_html(mentees, [(50, "<Grace>", 2)], [(7, "Ada", "Bob & Co", 9)], LINKS, lambda moment: "01 Mar"))
    assert "Mentees without a mentor (12)" in html and '<p class="muted">And 2 more.</p>' in html
    assert ('<li><a href="/applicants/1">Mentee 1</a> <span class="muted">approved 01 Mar</span></li>'
            '<li><a href="/applicants/2">Mentee 2</a></li>') in html
    assert "Mentee 11" not in html and '<a href="/matching">Propose matches</a>' in html
    assert '<a href="/applicants/50">&lt;Grace&gt;</a> <span class="muted">2 free</span>' in html
    assert "<li>Ada asked Bob &amp; Co 9 days ago</li>" in html


def test_empty_lists_say_so():
    html = str(lists_html([], [], [], LINKS, str))
    for shown in ("Every approved mentee has a mentor.", "Every mentor's seats are taken.", "<p>None.</p>"):
        assert shown in html
