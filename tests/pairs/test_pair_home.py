"""The pair's home as a dashboard: the partner's card with their local time, the next session with my answer as
buttons that show it (with and without htmx), goals with progress bars, past sessions folded away."""
import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import PASSWORD
from mentoring.models import Goal, Meeting, Milestone
from support.client import logged_in, seen, text


@pytest.fixture
def scene(app, clock, make_user, make_program, join, make_pair):
    """Ann (mentee, Berlin) and Bob (mentor, Los Angeles), with a session Ann planned in five days."""
    program = make_program(ends_on=(clock.now() + timedelta(days=300)).date())
    ann = make_user(name="Ann Mentee", timezone="Europe/Berlin")
    bob = make_user(name="Bob Mentor", timezone="America/Los_Angeles")
    pair = make_pair(program, join(ann, program, "mentee"), join(bob, program, "mentor"))
    ann_visitor = logged_in(app, ann, PASSWORD)
    day = (clock.now() + timedelta(days=5)).astimezone(ZoneInfo("Europe/Berlin")).date()
    ann_visitor.submit(f"/pairs/{pair.id}/sessions/new", {"title": "Check-in", "day": day.isoformat(), "at": "18:00",
                                                         "duration": "60", "location": "", "repeat": "", "count": ""})
    return pair, ann_visitor, logged_in(app, bob, PASSWORD), Meeting.get()


def pressed(html):
    """The answer buttons' words with whether each is pressed."""
    return re.findall(r'value="(?:accepted|declined)" class="segmented__button"\s+aria-pressed="(\w+)">(\w+)<', html)


def test_my_answer_to_the_next_session_shows_and_changes_through_htmx(scene):
    pair, _, bob, meeting = scene
    home = f"/pairs/{pair.id}"
    page = text(bob.get(home))
    assert "Next: Check-in" in seen(page) and pressed(page) == [("false", "Accept"), ("false", "Decline")]
    assert "Ann Mentee: accepted" in seen(page) and "You: not answered yet" in seen(page)

    fragment = text(bob.submit(f"{home}/sessions/{meeting.id}/answer", {"answer": "accepted", "next": home},
                               page=home, headers={"HX-Request": "true"}))
    assert fragment.lstrip().startswith(f'<form id="answer-{meeting.id}"')
    assert pressed(fragment) == [("true", "Accept"), ("false", "Decline")]
    assert re.search(r'role="status" aria-live="polite">You accepted. See you there!<', fragment)
    assert pressed(text(bob.get(home))) == [("true", "Accept"), ("false", "Decline")]


def test_without_javascript_an_answer_comes_back_to_the_pair_page_and_the_session_page_shows_it(scene):
    pair, _, bob, meeting = scene
    home = f"/pairs/{pair.id}"
    response = bob.submit(f"{home}/sessions/{meeting.id}/answer", {"answer": "declined", "next": home}, page=home)
    assert response.status_code == 302 and response.headers["Location"].endswith(home)
    page = text(bob.get(home))
    assert pressed(page) == [("false", "Accept"), ("true", "Decline")] and "You declined" in page
    session = text(bob.get(f"{home}/sessions/{meeting.id}"))
    assert re.search(r'<input checked id="answer-1" name="answer"[^>]*value="declined"> <label for="answer-1">Declined',
                     session)
    elsewhere = bob.submit(f"{home}/sessions/{meeting.id}/answer", {"answer": "accepted", "next": "https://evil.test/"},
                           page=home)
    assert "evil" not in elsewhere.headers["Location"]


def test_the_partners_card_goals_with_progress_and_past_sessions_folded(scene, clock):
    pair, ann, _, meeting = scene
    goal = Goal.create(pair=pair, title="Give a talk", position=1)
    Milestone.create(goal=goal, text="Pick a topic", position=1, done_at=clock.now())
    Milestone.create(goal=goal, text="Rehearse", position=2)
    page = text(ann.get(f"/pairs/{pair.id}"))
    bobs_time = clock.now().astimezone(ZoneInfo("America/Los_Angeles")).strftime("%A %H:%M")
    assert f"Their time now: {bobs_time} P" in seen(page) and "(America/Los_Angeles)" in page
    assert re.search(rf'<label for="goal-{goal.id}-progress">1 of 2 milestones reached</label>\s*'
                     rf'<progress id="goal-{goal.id}-progress" max="2" value="1">', page)
    assert "Past sessions" not in page and "Nothing on the agenda yet." in page

    clock.advance(timedelta(days=6))
    page = text(ann.get(f"/pairs/{pair.id}"))
    assert re.search(r'<details class="past-sessions">\s*<summary><h3[^>]*>Past sessions \(1\)</h3></summary>', page)
    assert "No session planned. Pick a time that suits you both" in seen(page)


def test_each_message_shows_its_senders_face(scene):
    pair, ann, bob, _ = scene
    ann.submit(f"/pairs/{pair.id}/conversation", {"text": "Hello Bob"}, page=f"/pairs/{pair.id}")
    bob.submit(f"/pairs/{pair.id}/conversation", {"text": "Hello Ann"}, page=f"/pairs/{pair.id}")
    fragment = text(bob.get(f"/pairs/{pair.id}/conversation", headers={"HX-Request": "true"}))
    faces = re.findall(r'<p class="chat-message__meta"><span class="avatar avatar--24 avatar--tone-\d" '
                       r'data-initials="(\w+)" aria-hidden="true"></span><strong>([^<]+)</strong>', fragment)
    assert faces == [("AM", "Ann Mentee"), ("BM", "Bob Mentor")]


def test_without_javascript_every_form_of_the_pair_page_and_the_session_page_carries_the_form_token(scene):
    pair, ann, _, meeting = scene
    session = f"/pairs/{pair.id}/sessions/{meeting.id}"
    assert ann.submit(f"{session}/agenda", {"text": "Career goals"}, page=session).status_code == 302
    for path in (f"/pairs/{pair.id}", session):
        page = text(ann.get(path))
        token = re.search(r'"X-CSRFToken": "([^"]+)"', page)[1]
        forms = re.findall(r'<form[^>]*method="post".*?</form>', page, flags=re.S)
        assert len(forms) >= 4
        assert all(f'name="csrf_token" value="{token}"' in form or f'name="csrf_token" type="hidden" value="{token}"'
                   in form for form in forms), path
