"""A pair's sessions as its page shows them, written in Python: the next session's card (when for both, where, who
answered what, my answer as pressed-or-not buttons, the agenda), the other sessions, with what people typed escaped."""
from datetime import datetime
from types import SimpleNamespace as Row

import pytest

from mentoring.meetings.pair_sessions import Links, answer_buttons_html, next_session_html, sessions_html

LINKS = Links("/pairs/1/sessions/%s", "/pairs/1/sessions/%s/answer", "/pairs/1/sessions/new", "/calendar")
ADA = Row(id=1, name="Ada", timezone="Europe/Paris")
GRACE = Row(id=2, name="Grace", timezone="America/New_York")
START = datetime(2027, 3, 1, 18, 0)
TOKEN = '<input type="hidden" name="csrf_token" value="tok">'  # as forms.csrf_html writes it


def when(moment, fmt, zone=None):
    return f"{moment:%d %b %H:%M} in {zone or 'mine'} ({fmt})"


def face(user, size):
    return f"[{user.name} {size}]"


def pair(state="active"):
    return Row(state=state, mentee=Row(user=ADA), mentor=Row(user=GRACE))


def meeting(id=7, title="Career chat", location="", shared_notes="", starts_at=START):
    return Row(id=id, title=title, starts_at=starts_at, duration_minutes=45, location=location,
               shared_notes=shared_notes)


def card(meeting=None, side="mentee", viewer=ADA, answers=None, items=(), state="active"):
    return str(next_session_html(meeting, pair(state), side, viewer, answers or {}, list(items), "[buttons]", LINKS,
                                 when, face))


def test_the_next_session_says_when_for_both_and_who_answered_what():
    shown = card(meeting(), answers={2: Row(answer="proposed", proposed_start=START, via="")})
    assert '<h2 id="next-title">Next: <a href="/pairs/1/sessions/7">Career chat</a></h2>' in shown
    assert "<strong>01 Mar 18:00 in mine (%A %d %B %Y, %H:%M)</strong> · 45 minutes" in shown
    assert "Grace's time: 01 Mar 18:00 in America/New_York" in shown
    assert '<li class="person">[Ada 24]<span>You: not answered yet</span></li>' in shown
    assert "<span>Grace: suggests 01 Mar 18:00 in mine (%a %d %b, %H:%M)</span>" in shown
    assert "[buttons]" in shown and '<a class="button button--secondary" href="/pairs/1/sessions/new">' in shown


def test_an_answer_from_a_calendar_app_says_so():
    shown = card(meeting(), answers={1: Row(answer="accepted", via="calendar"),
                                     2: Row(answer="proposed", proposed_start=START, via="calendar")})
    assert "<span>You: accepted from your calendar</span>" in shown
    assert "<span>Grace: suggests 01 Mar 18:00 in mine (%a %d %b, %H:%M) from their calendar</span>" in shown


@pytest.mark.parametrize("location, shown", [
    ("https://meet.example.org/x", '<a class="button button--small" href="https://meet.example.org/x" '
                                   'rel="noopener">Join the call</a>'),
    ("javascript:alert(1)", "<p>Where: javascript:alert(1)</p>"),
    ('Café <b>"Nord"</b>', "<p>Where: Café &lt;b&gt;&#34;Nord&#34;&lt;/b&gt;</p>"),
])
def test_a_place_is_a_call_link_only_when_it_is_a_web_address(location, shown):
    assert shown in card(meeting(location=location))


@pytest.mark.parametrize("side, viewer, items, shown, not_shown", [
    ("mentee", ADA, [Row(text="Goals", done=True), Row(text="<CV>", done=False)],
     '<ol class="next-session__agenda"><li><s>Goals</s> (done)</li><li>&lt;CV&gt;</li></ol>', "Nothing on the"),
    ("mentee", ADA, [], '<p class="muted">Nothing on the agenda yet.</p>', "<ol"),
    (None, Row(id=9, name="Coordinator", timezone="UTC"), [], "<span>Ada: not answered yet</span>", "[buttons]"),
])
def test_only_the_two_see_their_buttons_and_agenda(side, viewer, items, shown, not_shown):
    html = card(meeting(), side=side, viewer=viewer, items=items)
    assert shown in html and not_shown not in html


@pytest.mark.parametrize("state, side, shown, not_shown", [
    ("active", "mentor", "No session planned. Pick a time that suits you both; Ada gets an invitation",
     "button--secondary"),
    ("paused", "mentor", "<p>No session planned.</p>", "Schedule a session"),
    ("active", None, "<p>No session planned.</p>", "Schedule a session"),
])
def test_without_a_session_the_two_are_asked_to_schedule_one_while_they_plan(state, side, shown, not_shown):
    html = card(None, side=side, viewer=GRACE, state=state)
    assert '<h2 id="next-title">Next session</h2>' in html
    assert shown in html and not_shown not in html


@pytest.mark.parametrize("mine, pressed, link", [
    (None, (), "Suggest another time"),
    (Row(answer="accepted"), ("accepted",), "Suggest another time"),
    (Row(answer="declined"), ("declined",), "Suggest another time"),
    (Row(answer="proposed", proposed_start=START), (), "You suggested 01 Mar 18:00 in mine"),
])
def test_my_answer_is_the_pressed_button(mine, pressed, link):
    html = str(answer_buttons_html(7, mine, "/pairs/1?x=<a>", "Saved & sent", TOKEN, LINKS, when))
    assert TOKEN in html
    for value in ("accepted", "declined"):
        assert (f'value="{value}" class="segmented__button" '
                f'aria-pressed="{"true" if value in pressed else "false"}"') in html
    assert 'action="/pairs/1/sessions/7/answer"' in html and 'hx-post="/pairs/1/sessions/7/answer"' in html
    assert '<input type="hidden" name="next" value="/pairs/1?x=&lt;a&gt;">' in html
    assert f'<a class="segmented__link" href="/pairs/1/sessions/7#answer-title">{link}' in html
    assert 'aria-live="polite">Saved &amp; sent</p>' in html


def test_other_sessions_list_the_next_ones_and_fold_the_past_with_shared_notes():
    upcoming = [meeting(id=i, title=f"Upcoming {i}") for i in range(1, 8)]
    past = [meeting(id=20, title="<Kick-off>", shared_notes="We met.")]
    html = str(sessions_html(upcoming, past, 5, LINKS, when, lambda text: f"[{text}]"))
    assert [f"Upcoming {i}" in html for i in range(1, 8)] == [False, True, True, True, True, False, False]
    assert '<p class="muted">And 2 more.</p>' in html
    assert "Past sessions (1)</h3></summary>" in html
    assert ('<a href="/pairs/1/sessions/20">01 Mar 18:00 in mine (%a %d %b %Y)</a> · &lt;Kick-off&gt;\n'
            '<div class="prose">[We met.]</div>') in html


def test_a_coordinator_sees_no_notes_and_a_pair_with_one_session_no_list():
    past = [meeting(id=20, shared_notes="We met.")]
    assert "We met." not in str(sessions_html([], past, 5, LINKS, when, None))
    assert str(sessions_html([meeting()], [], 5, LINKS, when, None)) == ""
