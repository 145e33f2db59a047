"""Feedback through the pages and the task queue: after sessions, check-ins, the last survey; answered from the
email without logging in; what is shared with the partner and what only coordinators read."""
import re
from datetime import timedelta

import pytest

from conftest import PASSWORD
from mentoring.models import Feedback, Question
from support.client import logged_in, tampered, text


@pytest.fixture
def scene(make_user, make_program, make_pair, make_session):
    """An active pair (Ann, mentee; Bob, mentor) with a session starting in an hour, and the coordinator."""
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator], checkin_weeks=4)
    ann = make_user(name="Ann Mentee", email="ann@example.org")
    bob = make_user(name="Bob Mentor", email="bob@example.org", timezone="America/New_York")
    pair = make_pair(program, ann, bob, activated_days_ago=0)
    meeting = make_session(pair, timedelta(hours=1), organizer=ann)
    return program, pair, meeting, ann, bob, coordinator


def answers_for(program, kind, **chosen):
    """Form fields for a feedback form: the question keys given, by their field names."""
    questions = {q.key: q for q in Question.of(program, kind)}
    return {f"q{questions[key].id}": value for key, value in chosen.items()}


def test_a_session_that_ends_asks_both_from_the_queue_and_sharing_is_their_choice(app, mailbox, scene, scheduler):
    program, pair, meeting, ann, bob, coordinator = scene
    scheduler.advance(timedelta(minutes=50))
    assert not Feedback.select().exists()  # the session is under way: nobody is asked yet
    assert "feedback_chores" in scheduler.advance(timedelta(hours=2))
    ann_email = mailbox.find(ann.email, "How was your session with Bob Mentor?")
    bob_email = mailbox.find(bob.email, "How was your session with Ann Mentee?")
    scheduler.advance(timedelta(minutes=30))
    assert Feedback.select().count() == 2  # asked once
    session = f"/pairs/{pair.id}/sessions/{meeting.id}"
    ann_client = logged_in(app, ann, PASSWORD)
    assert "Tell us how this session went" in text(ann_client.get(session))  # her form waits on the session page
    visitor = app.test_client()
    form = visitor.get(ann_email.link_containing("/feedback/"))
    assert "Did the session take place?" in text(form) and "Share my written comments with Bob Mentor" in text(form)
    answered = visitor.submit(ann_email.link_containing("/feedback/"), {
        **answers_for(program, "session_feedback", took_place="yes", usefulness="4",
                      went_well="We planned my talk.", could_be_better="Start on time."), "shared": "y"})
    assert "Thank you, Ann Mentee" in text(answered)
    app.test_client().submit(bob_email.link_containing("/feedback/"), answers_for(
        program, "session_feedback", took_place="yes", usefulness="2", went_well="Ann was prepared."))
    ann_feedback, bob_feedback = Feedback.get(Feedback.user == ann), Feedback.get(Feedback.user == bob)
    assert (ann_feedback.rating, ann_feedback.took_place, ann_feedback.shared) == (4, "yes", True)
    assert (bob_feedback.rating, bob_feedback.shared) == (2, False)

    bob_sees = text(logged_in(app, bob, PASSWORD).get(session))
    assert "What Ann Mentee shared after the session" in bob_sees and "We planned my talk." in bob_sees
    assert "4" not in re.findall(r"shared after the session</h2>(.*?)</section>", bob_sees, re.S)[0]  # no rating
    ann_sees = text(ann_client.get(session))
    assert "Ann was prepared." not in ann_sees and "shared after the session" not in ann_sees
    assert "Tell us how this session went" not in ann_sees  # answered
    coordinator_sees = text(logged_in(app, coordinator, PASSWORD).get(f"/pairs/{pair.id}"))
    assert "What the pair told the coordinators" in coordinator_sees and "Ann was prepared." in coordinator_sees
    assert "Start on time." in coordinator_sees and "2 of 5" in coordinator_sees
    again = app.test_client().submit(ann_email.link_containing("/feedback/"), answers_for(
        program, "session_feedback", took_place="no_show"))
    assert "Thank you" in text(again) and Feedback.get(Feedback.user == ann).took_place == "yes"


def test_a_form_with_a_missing_answer_keeps_what_was_typed(app, mailbox, scene, scheduler):
    program, pair, meeting, ann, bob, _ = scene
    scheduler.advance(timedelta(hours=3))
    link = mailbox.find(ann.email, "How was your session with Bob Mentor?").link_containing("/feedback/")
    response = app.test_client().submit(link, answers_for(program, "session_feedback", usefulness="5",
                                                          went_well="Great questions"))
    page = text(response)
    assert response.status_code == 422 and "Choose one of the options." in page
    assert "Great questions" in page and re.search(r'value="5"\s+checked', page)
    assert Feedback.get(Feedback.user == ann).submitted_at is None


def test_links_are_personal_and_close_after_a_month(app, mailbox, scene, scheduler):
    program, pair, meeting, ann, bob, _ = scene
    scheduler.advance(timedelta(hours=3))
    link = mailbox.find(ann.email, "How was your session with Bob Mentor?").link_containing("/feedback/")
    token = link.rsplit("/", 1)[1]
    visitor = app.test_client()
    assert visitor.get(link[:-len(token)] + tampered(token)).status_code == 404
    bob_form = Feedback.get(Feedback.user == bob)
    assert logged_in(app, ann, PASSWORD).get(f"/feedback/mine/{bob_form.id}").status_code == 404
    assert logged_in(app, bob, PASSWORD).get(f"/feedback/mine/{bob_form.id}").status_code == 200
    assert "Tell us how it went" in text(logged_in(app, bob, PASSWORD).get("/"))
    scheduler.advance(timedelta(days=31))
    closed = visitor.get(link)
    assert closed.status_code == 404 and "This form has closed" in text(closed)


def test_check_ins_come_every_n_weeks_and_the_last_survey_when_the_pair_ends(app, mailbox, scene, scheduler):
    program, pair, meeting, ann, bob, coordinator = scene
    scheduler.advance(timedelta(weeks=3))
    assert not Feedback.select().where(Feedback.kind == Feedback.CHECK_IN).exists()
    scheduler.advance(timedelta(weeks=1, hours=1))
    link = mailbox.find(ann.email, "How is your mentoring going? (a 2-minute check-in)").link_containing("/feedback/")
    assert "Only the program's coordinators read your answers." in text(app.test_client().get(link))
    app.test_client().submit(link, answers_for(program, "check_in", satisfaction="5", as_planned="yes"))
    scheduler.advance(timedelta(weeks=2))
    assert Feedback.select().where(Feedback.kind == Feedback.CHECK_IN).count() == 2
    scheduler.advance(timedelta(weeks=2, hours=1))
    assert Feedback.select().where(Feedback.kind == Feedback.CHECK_IN).count() == 4

    logged_in(app, bob, PASSWORD).submit(f"/pairs/{pair.id}/end", {"reason": "We reached our goals"})
    final = mailbox.find(ann.email, "Your mentoring with Bob Mentor: a last look back")
    page = app.test_client().submit(final.link_containing("/feedback/"), answers_for(
        program, "final", goals_reached="all", recommend="9", comments="Thank you!"))
    assert "Thank you" in text(page)
    assert Feedback.get(Feedback.kind == Feedback.FINAL, Feedback.user == ann).recommend == 9
    scheduler.advance(timedelta(weeks=5))
    assert Feedback.select().where(Feedback.kind == Feedback.CHECK_IN).count() == 4  # an ended pair is not asked


def test_coordinators_edit_the_forms_but_keep_what_the_board_counts(app, client, log_in, scene, scheduler, mailbox):
    program, pair, meeting, ann, bob, coordinator = scene
    log_in(coordinator)
    path = f"/programs/{program.slug}/questions/session_feedback"
    assert "Feedback after each session" in text(client.get(path))
    client.submit(f"{path}/new", {"label": "Which topic did you cover?", "kind": "short_text"})
    rating = Question.get(Question.key == "usefulness")
    refused = client.submit(f"{path}/{rating.id}/remove", {"confirmed": "1"}, page=f"{path}/{rating.id}")
    assert "the health board and the report count the answers" in text(refused).lower()
    assert Question.get_or_none(Question.id == rating.id) is not None
    scheduler.advance(timedelta(hours=3))
    link = mailbox.find(ann.email, "How was your session with Bob Mentor?").link_containing("/feedback/")
    assert "Which topic did you cover?" in text(app.test_client().get(link))
