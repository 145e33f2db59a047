"""The pair's page around its sections, written in Python: who the pair is, what it waits on the viewer to decide,
why it is paused or over, the coordinators' view of it and the ways to end it, with names and reasons escaped."""
from datetime import datetime
from types import SimpleNamespace as Row

import pytest

from mentoring.pairs.pair_page import Links, actions_html, answered_html, facts_html, heading_html, standing_html

LINKS = Links("/programs/rust", "/pairs/1/answer", "/pairs/1/end", "/pairs/1/problem", "/programs/rust/mentors")
MOMENT = datetime(2027, 1, 5, 9, 0)


def pair(state="active", mentee_says="", mentor_says="", **fields):
    mentee, mentor = Row(user=Row(name="Ann <M>")), Row(user=Row(name="Bob & Co"))
    return Row(state=state, mentee=mentee, mentor=mentor, program=Row(name="Rust <Circle>"), mentee_says=mentee_says,
               mentor_says=mentor_says, **{"paused_at": None, "ended_at": MOMENT, "end_kind": "completed",
                                           "end_reason": "", "created_at": MOMENT, "origin": "request", **fields})


def when(moment, fmt="%d %b %Y", zone=None):
    return moment.strftime(fmt)


def standing(state, side="mentee", **fields):
    return standing_html(pair(state, **fields), side, "Bob & Co", LINKS, "[token]", when,
                         {"completed": "completed", "not_a_fit": "not a fit <yet>"})


def test_the_heading_says_who_the_pair_is_for_one_of_the_two_and_for_a_coordinator():
    mine = heading_html(pair(), "mentee", "Bob & Co", LINKS)
    assert '<p><a href="/programs/rust">← Rust &lt;Circle&gt;</a></p>\n<h1>You and Bob &amp; Co</h1>' in mine
    assert '<span class="badge badge--active">active</span> Bob &amp; Co is your mentor.</p>' in mine
    theirs = heading_html(pair(), None, "Bob & Co", LINKS)
    assert "<h1>Ann &lt;M&gt; and Bob &amp; Co</h1>" in theirs and "is your" not in theirs


@pytest.mark.parametrize("state, says, present, absent", [
    ("proposed", {}, ["<h2 id=\"proposal-title\">The coordinators suggest you work together</h2>",
                      "Look at Bob &amp; Co's profile below", '<form method="post" action="/pairs/1/answer"',
                      "[token]", 'value="yes" class="button">Yes, let\'s work together</button>'], ["waiting"]),
    ("proposed", {"mentee_says": "yes"}, ["<p>You said yes. We are waiting for Bob &amp; Co.</p>"], ["<form"]),
    ("introduction", {}, ['<h2 id="intro-title">Meet and greet</h2>', "<p>Meet once to get to know each other.",
                          ">Let's continue</button>", ">Not a fit</button>"], ["Look at"]),
    ("introduction", {"mentee_says": "yes"}, ["<p>You said let's continue; we are waiting for Bob &amp; Co.</p>"],
     ["<form"]),
    ("introduction", {"mentee_says": "yes", "mentor_says": "yes"}, ["<p>You said let's continue.</p>"], ["<form"]),
    ("paused", {"paused_at": MOMENT}, ['<p class="notice">The coordinators have paused this pair since 05 January '
                                       "2027. They will be in touch.</p>"], []),
    ("ended", {"end_kind": "not_a_fit"}, ["This pair ended on 05 January 2027 (not a fit &lt;yet&gt;).",
                                          '<a href="/programs/rust/mentors">See fresh suggestions</a>.'], []),
    ("active", {}, [], ["<"]),
])
def test_what_the_pair_waits_on_or_why_it_stopped(state, says, present, absent):
    shown = standing(state, **says)
    assert all(part in shown for part in present), shown
    assert not any(part in shown for part in absent), shown


def test_a_mentor_gets_no_fresh_suggestions_and_a_coordinator_decides_nothing():
    assert "fresh suggestions" not in standing("ended", side="mentor")
    assert standing("proposed", side=None) == ""


def test_the_coordinators_see_the_facts_and_what_the_pair_told_them():
    facts = facts_html(pair(end_reason="Moved <away>", origin="proposal"), when, lambda user, size: f"[{size}]")
    assert '<dd class="person">[24]Ann &lt;M&gt;</dd>' in facts and "<dd>05 Jan 2027 (proposal)</dd>" in facts
    assert "<dt>Reason for ending</dt><dd>Moved &lt;away&gt;</dd>" in facts
    form = Row(shared=True, user=Row(name="Ann <M>"), role="mentee", submitted_at=MOMENT)
    told = answered_html([(form, [(Row(label="How <was> it?"), "Good & useful")])], lambda form: "Check-in", when)
    assert ("<h3>Check-in: Ann &lt;M&gt; (mentee), 05 Jan 2027 <span class=\"muted\">· comments shared with the "
            "partner</span></h3>") in told
    assert "<dt>How &lt;was&gt; it?</dt><dd>Good &amp; useful</dd>" in told
    assert "<p>No feedback yet.</p>" in answered_html([], str, when)


@pytest.mark.parametrize("state, side, end, report", [
    ("active", "mentee", True, True), ("paused", None, True, False), ("ended", "mentor", False, True),
    ("proposed", None, False, False),
])
def test_the_ways_to_end_the_pair_or_report_a_problem(state, side, end, report):
    shown = actions_html(pair(state), side, LINKS)
    assert ('<a href="/pairs/1/end">End this pair…</a>' in shown) is end
    assert ('<a href="/pairs/1/problem">Report a problem to the coordinators…</a>' in shown) is report
