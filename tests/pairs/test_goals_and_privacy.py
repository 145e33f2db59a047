"""Goals and milestones through the pages, and who may read what: coordinators see ratings and what people send
them, never a pair's notes; partners see each other's feedback only when it was shared."""
from datetime import timedelta

import pytest

from conftest import PASSWORD
from mentoring import clock as app_clock
from mentoring.models import Feedback, Goal, Milestone, PrivateNote
from support.client import logged_in, text


@pytest.fixture
def scene(make_user, make_program, make_pair, make_session):
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator],
                           goals="- Give a first conference talk\n- Lead a small team\nGrow a network")
    ann, bob = make_user(name="Ann Mentee"), make_user(name="Bob Mentor")
    pair = make_pair(program, ann, bob, activated_days_ago=20)
    meeting = make_session(pair, timedelta(days=-2), organizer=ann)
    return program, pair, meeting, ann, bob, coordinator


def test_a_pair_writes_goals_and_milestones_and_reaching_them_is_celebrated(app, mailbox, scene, make_user):
    program, pair, meeting, ann, bob, coordinator = scene
    visitor, home = logged_in(app, ann, PASSWORD), f"/pairs/{pair.id}"
    assert "Write your first goal" in text(visitor.get(home))
    page = text(visitor.get(f"{home}/goals/new"))
    assert '<option value="Give a first conference talk">' in page and '<option value="Lead a small team">' in page
    inline = text(visitor.get(f"{home}/goals/new", headers={"HX-Request": "true"}))
    assert inline.lstrip().startswith('<section id="goals"') and 'hx-post="/pairs/' in inline
    in_three_months = (app_clock.now() + timedelta(days=90)).date().isoformat()
    fragment = visitor.submit(f"{home}/goals", {"title": "Give a first conference talk", "why": "Confidence",
                                                "target_date": in_three_months},
                              page=home, headers={"HX-Request": "true"})
    assert text(fragment).lstrip().startswith('<section id="goals"') and "Goal added" in text(fragment)
    refused = visitor.submit(f"{home}/goals", {"title": "", "why": "Kept words"}, page=f"{home}/goals/new")
    assert refused.status_code == 422 and "Write the goal." in text(refused) and "Kept words" in text(refused)
    past = visitor.submit(f"{home}/goals", {"title": "Late", "target_date": "2020-01-01"}, page=f"{home}/goals/new",
                          headers={"HX-Request": "true"})
    assert past.status_code == 422 and "still ahead" in text(past) and text(past).lstrip().startswith('<section')
    goal = Goal.get()
    visitor.submit(f"{home}/goals/{goal.id}/milestones", {"text": "Write the abstract"}, page=home)
    visitor.submit(f"{home}/goals/{goal.id}", {"state": "in_progress"}, page=home)
    milestone = Milestone.get()
    logged_in(app, bob, PASSWORD).submit(f"{home}/milestones/{milestone.id}", {"done": "1"}, page=home)
    assert mailbox.find(ann.email, "Milestone reached: Write the abstract")
    visitor.submit(f"{home}/goals/{goal.id}", {"state": "done"}, page=home)
    for person in (ann, bob):
        assert "marked your goal \"Give a first conference talk\" as reached" in mailbox.find(
            person.email, "Goal reached: Give a first conference talk").text
    assert Goal.get().state == Goal.DONE and Goal.get().done_at is not None
    session = text(visitor.get(f"{home}/sessions/{meeting.id}"))
    assert "Your goals" not in session  # a reached goal leaves the session's list
    coordinator_page = text(logged_in(app, coordinator, PASSWORD).get(home))
    assert "Give a first conference talk" in coordinator_page and "Add a goal" not in coordinator_page
    assert logged_in(app, coordinator, PASSWORD).submit(f"{home}/goals", {"title": "x"}, page=home).status_code == 404
    assert logged_in(app, make_user(), PASSWORD).get(home).status_code == 404


def test_coordinators_never_read_a_pairs_notes_and_partners_only_shared_feedback(app, scene):
    program, pair, meeting, ann, bob, coordinator = scene
    meeting.shared_notes = "OUR SHARED NOTE"
    meeting.save()
    PrivateNote.create(meeting=meeting, user=ann, text="ANN'S PRIVATE NOTE")
    Feedback.create(program=program, pair=pair, meeting=meeting, user=ann, role="mentee", kind=Feedback.SESSION,
                    rating=2, submitted_at=app_clock.now(), shared=False,
                    answers={"0": "UNSHARED COMMENT"})
    coordinator_visitor = logged_in(app, coordinator, PASSWORD)
    for path in (f"/pairs/{pair.id}", f"/pairs/{pair.id}/sessions/{meeting.id}",
                 f"/programs/{program.slug}/health", f"/programs/{program.slug}/report"):
        page = text(coordinator_visitor.get(path))
        assert "OUR SHARED NOTE" not in page and "ANN'S PRIVATE NOTE" not in page, path
    assert "2 · –" in text(coordinator_visitor.get(f"/programs/{program.slug}/health"))  # the rating is theirs
    bob_visitor = logged_in(app, bob, PASSWORD)
    for path in (f"/pairs/{pair.id}", f"/pairs/{pair.id}/sessions/{meeting.id}"):
        page = text(bob_visitor.get(path))
        assert "OUR SHARED NOTE" in page and "ANN'S PRIVATE NOTE" not in page and "UNSHARED COMMENT" not in page
    bob_data = str(bob_visitor.get("/account/export").get_json())
    assert "UNSHARED COMMENT" not in bob_data and "ANN'S PRIVATE NOTE" not in bob_data
    ann_data = str(logged_in(app, ann, PASSWORD).get("/account/export").get_json())
    assert "UNSHARED COMMENT" in ann_data and "ANN'S PRIVATE NOTE" in ann_data
