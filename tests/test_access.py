"""Every URL against every kind of visitor: coordinators' pages are theirs alone, no POST skips its CSRF
token, and nothing anyone sends gets a 500."""
from datetime import timedelta

import pytest
from flask import url_for

from mentoring import clock
from mentoring.models import (MODELS, AgendaItem, Feedback, Goal, MatchConstraint, MatchRun, Meeting, MentorRequest,
                              Milestone, OutboxEmail, Pair, ProblemReport, Question)
from conftest import PASSWORD
from support.client import logged_in

COORDINATOR_ENDPOINTS = ("programs.settings", "programs.coordinators", "programs.remove_coordinator", "meetings.events",
                         "meetings.cancel_event")
COORDINATOR_BLUEPRINTS = ("questionnaires", "coordinate")


@pytest.fixture
def world(app, client, mailbox, make_user, make_program, join, make_pair):
    """Two programs with their coordinators, a participant, a stranger, and a value for every URL part."""
    admin = make_user(name="Admin", admin=True)
    coordinator, other_coordinator = make_user(name="Coordinator"), make_user(name="Other coordinator")
    participant, stranger = make_user(name="Participant"), make_user(name="Stranger")
    program = make_program(name="Ours", coordinators=[coordinator])
    other = make_program(name="Theirs", coordinators=[other_coordinator])
    membership = join(participant, program, "mentee", state="approved")
    mentor = join(make_user(name="Mentor"), program, "mentor", state="approved")
    asking = join(make_user(name="Asking mentee"), program, "mentee", state="approved")
    foreign_membership = join(make_user(), other, "mentee", state="pending")
    pair = make_pair(program, membership, mentor, state=Pair.INTRODUCTION)
    request = MentorRequest.create(program=program, mentee=asking, mentor=mentor, message="Hello",
                                   expires_at=clock.now() + timedelta(days=14))
    run = MatchRun.create(program=program, state=MatchRun.DONE,
                          rows=[{"mentee": asking.id, "mentor": mentor.id, "score": 50, "reasons": []}])
    constraint = MatchConstraint.create(program=program, mentee=asking, mentor=mentor, kind="block")
    meeting = Meeting.create(program=program, pair=pair, uid="world@mentoring", title="Check-in", timezone="UTC",
                             starts_at=clock.now() + timedelta(days=2), duration_minutes=60)
    item = AgendaItem.create(meeting=meeting, text="Goals", position=1)
    goal = Goal.create(pair=pair, title="Speak at a meetup", position=1)
    milestone = Milestone.create(goal=goal, text="Write the abstract", position=1)
    report = ProblemReport.create(program=program, reporter=participant, pair=pair, about=mentor, text="Rude")
    feedback = Feedback.create(program=program, pair=pair, meeting=meeting, user=participant, role="mentee",
                               kind=Feedback.SESSION)
    app.test_client().submit("/password/forgot", {"email": stranger.email})
    reset = mailbox.wait_for(stranger.email)[0].link_containing("/password/reset/").rsplit("/", 1)[1]
    return {
        "people": {"admin": admin, "coordinator": coordinator, "other coordinator": other_coordinator,
                   "participant": participant, "stranger": stranger},
        "values": {"slug": program.slug, "purpose": "mentee", "role": "mentee", "number": "1", "token": reset,
                   "question_id": Question.of(program, "mentee").first().id, "membership_id": membership.id,
                   "user_id": coordinator.id, "email_id": OutboxEmail.select().first().id, "pair_id": pair.id,
                   "request_id": request.id, "run_id": run.id, "constraint_id": constraint.id,
                   "meeting_id": meeting.id, "item_id": item.id, "reply": "accepted", "goal_id": goal.id,
                   "milestone_id": milestone.id, "report_id": report.id, "feedback_id": feedback.id,
                   "action": "pause", "name": "members"},
        "foreign": {"question_id": Question.of(other, "mentee").first().id, "membership_id": foreign_membership.id,
                    "run_id": MatchRun.create(program=other).id,
                    "report_id": ProblemReport.create(program=other, reporter=stranger, text="Elsewhere").id},
    }


def url(app, rule, values):
    """The path of `rule` with each of its parts taken from `values`."""
    with app.test_request_context():
        return url_for(rule.endpoint, **{argument: values[argument] for argument in rule.arguments})


def coordinator_rules(app):
    return [rule for rule in app.url_map.iter_rules()
            if rule.endpoint in COORDINATOR_ENDPOINTS or rule.endpoint.split(".")[0] in COORDINATOR_BLUEPRINTS]


def rows():
    return {model.__name__: model.select().count() for model in MODELS}


def test_coordinator_pages_open_for_their_coordinators_and_admins(app, world):
    for who in ("coordinator", "admin"):
        visitor = logged_in(app, world["people"][who], PASSWORD)
        for rule in coordinator_rules(app):
            if "GET" in rule.methods:
                assert visitor.get(url(app, rule, world["values"])).status_code == 200, (who, rule.rule)


@pytest.mark.parametrize("who", ["other coordinator", "participant", "stranger"])
def test_coordinator_pages_are_404_for_everyone_else(app, world, who):
    visitor = logged_in(app, world["people"][who], PASSWORD)
    before = rows()
    rules = coordinator_rules(app)
    assert len(rules) >= 12
    for rule in rules:
        path = url(app, rule, world["values"])
        if "GET" in rule.methods:
            response = visitor.get(path)
            assert response.status_code == 404, (who, path)
            assert world["people"]["participant"].email not in response.get_data(as_text=True)
        if "POST" in rule.methods:
            assert visitor.submit(path, {"membership": "1", "direction": "up", "confirmed": "1", "label": "x",
                                         "kind": "single", "email": "x@example.org"},
                                  page="/account").status_code == 404, (who, path)
    assert rows() == before


def test_visitors_who_are_not_logged_in_are_asked_to(app, world):
    for rule in coordinator_rules(app):
        if "GET" in rule.methods:
            response = app.test_client().get(url(app, rule, world["values"]))
            assert response.status_code == 302 and "/login?next=" in response.headers["Location"], rule.rule


def test_ids_of_another_program_are_404_even_for_a_coordinator(app, world):
    visitor = logged_in(app, world["people"]["coordinator"], PASSWORD)
    values = {**world["values"], **world["foreign"]}
    for rule in coordinator_rules(app):
        if set(rule.arguments) & set(world["foreign"]) and "GET" in rule.methods:
            assert visitor.get(url(app, rule, values)).status_code == 404, rule.rule


def test_every_post_without_a_csrf_token_changes_nothing(app, world):
    anonymous, admin = app.test_client(), logged_in(app, world["people"]["admin"], PASSWORD)
    before = rows()
    posts = [rule for rule in app.url_map.iter_rules() if "POST" in rule.methods]
    assert len(posts) >= 25
    for rule in posts:
        path = url(app, rule, world["values"])
        for who in (anonymous, admin):
            response = who.post(path, data={"name": "x", "password": PASSWORD, "understood": "y", "direction": "up",
                                             "membership": "1", "confirmed": "1", "decision": "approve"})
            if response.status_code == 302:  # members sent home from visitor pages, visitors to log in
                location = response.headers["Location"]
                assert location == "/" if who is admin else location.startswith("/login?next="), path
                continue
            assert response.status_code in (400, 404, 422), (path, response.status_code)
            if response.status_code != 404:  # 404: an invitation link that is not valid, checked first
                assert "expired" in response.get_data(as_text=True), path
    assert rows() == before


GARBAGE = ["", "x" * 100_000, "\x00\x01\x02", "☃" * 300, "<script>alert(1)</script>", "' OR 1=1 --", "-1",
           "99999999999999999999", "2026-02-30", "../../etc/passwd"]
FIELDS = ["name", "email", "password", "timezone", "remember", "current_password", "confirm", "understood",
          "requests", "back", "label", "help", "section", "kind", "required", "sensitive", "new_choices", "matching",
          "counterpart", "weight", "direction", "confirmed", "headline", "bio", "video_link", "capacity",
          "consent_sensitive", "message", "decision", "membership", "description", "goals", "guidelines",
          "starts_on", "ends_on", "cadence_days", "checkin_weeks", "default_capacity", "max_capacity",
          "max_open_requests",
          "requires_approval", "allows_both_roles", "state", "csv_text", "action", "q1", "q2", "q3", "title", "day",
          "at", "duration", "location", "repeat", "count", "until_program_end", "audience", "following", "scope",
          "answer", "note", "text"]


@pytest.mark.parametrize("turn", range(4))
def test_no_post_answers_a_500_whatever_is_sent(app, world, turn):
    """Every form gets garbage in every field (each turn another kind per field, all kinds each turn), and
    nothing at all."""
    garbage = {field: GARBAGE[(index + 3 * turn) % len(GARBAGE)] for index, field in enumerate(FIELDS)}
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods or rule.endpoint in ("auth.logout", "auth.delete_account"):
            continue
        path = url(app, rule, world["values"])
        for who in ("admin", "participant"):
            visitor = logged_in(app, world["people"][who], PASSWORD)  # afresh: a password reset logs the visitor out
            for data in (garbage, {}) if turn == 0 else (garbage,):
                response = visitor.submit(path, data, page="/")
                assert response.status_code < 500, (path, response.status_code)


def test_no_page_answers_a_500_whatever_the_address_says(app, world):
    admin = logged_in(app, world["people"]["admin"], PASSWORD)
    query = "?page=99999999999999999999&state=%3Cscript%3E&role=%00&q=%25%27%22&purpose=x"
    for rule in app.url_map.iter_rules():
        if "GET" in rule.methods and rule.endpoint not in ("static", "auth.export_data"):
            response = admin.get(url(app, rule, world["values"]) + query)
            assert response.status_code < 500, (rule.rule, response.status_code)
    for path in ("/admin/outbox/99999999999999999999", "/programs/ours/applicants/99999999999999999999",
                 "/programs/%00/settings", "/programs/ours/questions/nobody", "/programs/ours/apply/coach/profile"):
        assert admin.get(path).status_code == 404, path
