"""A form that creates something, sent twice (a double click, a retry, ten parallel posts of the same page), creates
once: the repeat is answered with the page the first sending led to. With and without htmx, on both databases."""
import io
from datetime import timedelta

import pytest

from conftest import PASSWORD
from mentoring.matching import requests
from mentoring.models import (
    AgendaItem,
    AuditLog,
    Coordinator,
    Goal,
    MatchConstraint,
    MatchRun,
    Meeting,
    Membership,
    MentorRequest,
    Milestone,
    OutboxEmail,
    Pair,
    ProblemReport,
    Program,
    Question,
)
from mentoring.once import REPEATED
from support.client import csrf_token, logged_in, seen, text
from support.parallel import form_in, form_of, post_at_once, same_session


def schedule_data(clock, **changes):
    day = (clock.now() + timedelta(days=3)).date().isoformat()
    return {"title": "Check-in", "day": day, "at": "10:00", "duration": "60", **changes}


@pytest.fixture
def scene(app, make_user, make_program, make_pair, make_session, join):
    """A program (Cora coordinates it), an active pair (Mia, mentee; Max, mentor, with a free seat) with a session
    and a goal, Nia waiting for Max's answer, Pia without a mentor, Ola's application ready to send, Kai a mentor
    with free seats, and a site admin."""
    cora = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[cora])
    mia, max_ = make_user(name="Mia Mentee"), make_user(name="Max Mentor")
    pair = make_pair(program=program, mentee=mia, mentor=max_, activated_days_ago=10)
    nia = join(make_user(name="Nia Newcomer"), program, "mentee")
    pia = join(make_user(name="Pia Patient"), program, "mentee")
    kai = join(make_user(name="Kai Kind"), program, "mentor")
    ola = join(make_user(name="Ola Applicant"), program, "mentee", state="started")
    with app.test_request_context():
        request = requests.request_mentor(nia, pair.mentor_id, "Please")
    people = {"cora": cora, "mia": mia, "max": max_, "nia": nia.user, "ola": ola.user,
              "admin": make_user(name="Ada Admin", admin=True)}
    return dict(program=program, pair=pair, meeting=make_session(pair, timedelta(days=2)),
                goal=Goal.create(pair=pair, title="Give a talk", position=1), request=request, pia=pia, kai=kai,
                clients={name: logged_in(app, user, PASSWORD) for name, user in people.items()})


def test_ten_sendings_of_the_schedule_form_at_once_make_one_session_and_two_invites(mailbox, scene, clock):
    pair, mia = scene["pair"], scene["clients"]["mia"]
    page = f"/pairs/{pair.id}/sessions/new"
    before = Meeting.select().count()

    clients = same_session(mia, 10)
    responses = post_at_once(clients, page, {**form_of(mia, page), **schedule_data(clock)})

    assert sorted(status for status, _, _ in responses) == [302] + [303] * 9
    assert len({location for _, location, _ in responses}) == 1
    assert Meeting.select().count() == before + 1
    for person in (pair.mentee.user, pair.mentor.user):
        invites = [m for m in mailbox.to(person.email) if m["Subject"].endswith(": Check-in") and m.invite]
        assert len(invites) == 1
    repeated = next(n for n, (status, _, _) in enumerate(responses) if status == 303)
    shown = seen(clients[repeated].get(responses[repeated][1]))
    assert REPEATED in shown and "Check-in" in shown


def test_a_request_sent_twice_at_once_is_one_request(app, mailbox, scene):
    program, kai = scene["program"], scene["kai"]
    nia = scene["clients"]["nia"]
    page = f"/programs/{program.slug}/mentors/{kai.id}"

    responses = post_at_once(same_session(nia, 2), page, {**form_of(nia, page), "message": "Please"})

    assert sorted(status for status, _, _ in responses) == [302, 303]
    assert {location for _, location, _ in responses} == {f"/programs/{program.slug}/requests"}
    assert MentorRequest.select().where(MentorRequest.mentor == kai).count() == 1
    assert [m["Subject"] for m in mailbox.to(kai.user.email)].count("Nia Newcomer would like you as their mentor") == 1


def test_a_goal_sent_twice_is_one_goal_with_and_without_htmx(app, scene):
    pair, mia = scene["pair"], scene["clients"]["mia"]
    url = f"/pairs/{pair.id}/goals"

    plain = form_of(mia, f"{url}/new")
    first = mia.post(url, data={**plain, "title": "Speak at a meetup"})
    again = mia.post(url, data={**plain, "title": "Speak at a meetup"})
    assert (first.status_code, again.status_code) == (302, 303)
    assert again.headers["Location"] == first.headers["Location"]
    assert REPEATED in seen(mia.get(again.headers["Location"]))

    htmx = {"HX-Request": "true", "HX-Current-URL": f"{app.config['BASE_URL']}/pairs/{pair.id}"}
    fragment = form_in(text(mia.get(f"{url}/new", headers=htmx)))  # the form htmx opens in the goals section
    swapped = mia.post(url, data={**fragment, "title": "Read two books"}, headers=htmx)
    repeat = mia.post(url, data={**fragment, "title": "Read two books"}, headers=htmx)
    assert swapped.status_code == 200 and "Read two books" in text(swapped)
    assert repeat.status_code == 204 and repeat.headers["HX-Redirect"] == f"/pairs/{pair.id}"
    assert [goal.title for goal in Goal.select().order_by(Goal.position)] == [
        "Give a talk", "Speak at a meetup", "Read two books"]


def test_a_form_that_came_back_with_errors_can_be_sent_again_corrected(scene, clock):
    pair, mia = scene["pair"], scene["clients"]["mia"]
    page = f"/pairs/{pair.id}/sessions/new"
    form = form_of(mia, page)
    before = Meeting.select().count()

    wrong = mia.post(page, data={**form, **schedule_data(clock, title="")})
    corrected = mia.post(page, data={**form, **schedule_data(clock)})

    assert wrong.status_code == 422 and "Give the session a title." in text(wrong)
    assert corrected.status_code == 302 and Meeting.select().count() == before + 1


def test_a_key_someone_else_used_is_of_no_use(scene):
    pair, mia, cora = scene["pair"], scene["clients"]["mia"], scene["clients"]["cora"]
    form = form_of(mia, f"/pairs/{pair.id}/goals/new")
    mia.post(f"/pairs/{pair.id}/goals", data={**form, "title": "Speak at a meetup"})
    console = f"/programs/{scene['program'].slug}/matching"

    borrowed = cora.post(f"{console}/runs", data={**form_of(cora, console), "submission": form["submission"]})

    assert borrowed.status_code == 404 and MatchRun.select().count() == 0


def _case(who, page, url=None, count=None, opened=None, **data):
    """A form to send twice: who sends it, the page with the form (or how it is `opened`), where it posts, what is
    typed, and what counts the things it makes."""
    return who, opened or (lambda client: text(client.get(page))), url or page, data, count


def _uploaded(url, csv_text):
    """The import's confirmation: the preview page that uploading the file answers with."""
    return lambda client: text(client.post(url, data={"csrf_token": csrf_token(text(client.get(url))),
                                                      "action": "preview",
                                                      "file": (io.BytesIO(csv_text.encode()), "people.csv")}))


PERSON = ("name,email,role,goals,areas_to_grow,career_stage,languages,meeting_format,feedback_style,availability\n"
          'Zara Ali,zara@example.org,mentee,"Learn to lead",data,early,english,video,3,mon-evening\n')


# Every form that creates something: (who sends it, the page with the form, where it posts, what is typed, and
# what counts the things it makes). Scheduling, requests and goals have tests of their own above.
FORMS = {
    "program event": lambda s, clock: _case(
        "cora", f"/programs/{s['program'].slug}/events", count=lambda: Meeting.select().count(),
        **schedule_data(clock, title="Kick-off"), audience="all"),
    "agenda item": lambda s, clock: _case(
        "mia", f"/pairs/{s['pair'].id}/sessions/{s['meeting'].id}",
        f"/pairs/{s['pair'].id}/sessions/{s['meeting'].id}/agenda", lambda: AgendaItem.select().count(),
        text="Talk about talks"),
    "milestone": lambda s, clock: _case(
        "mia", f"/pairs/{s['pair'].id}", f"/pairs/{s['pair'].id}/goals/{s['goal'].id}/milestones",
        lambda: Milestone.select().count(), text="Write an outline"),
    "report about a pair": lambda s, clock: _case(
        "mia", f"/pairs/{s['pair'].id}/report", count=lambda: ProblemReport.select().count(), text="Help"),
    "report in a program": lambda s, clock: _case(
        "mia", f"/programs/{s['program'].slug}/report-a-problem", count=lambda: ProblemReport.select().count(),
        text="Help"),
    "accepting a request": lambda s, clock: _case(
        "max", f"/programs/{s['program'].slug}/inbox/{s['request'].id}",
        f"/programs/{s['program'].slug}/inbox/{s['request'].id}/accept", lambda: Pair.select().count(),
        welcome="Welcome!"),
    "sending an application": lambda s, clock: _case(
        "ola", f"/programs/{s['program'].slug}/apply/mentee/review",
        count=lambda: OutboxEmail.select().where(OutboxEmail.kind == "application_received").count()),
    "creating a program": lambda s, clock: _case(
        "admin", "/admin/programs", count=lambda: Program.select().count(), name="Design Mentoring"),
    "appointing a coordinator": lambda s, clock: _case(
        "cora", f"/programs/{s['program'].slug}/coordinators", count=lambda: Coordinator.select().count(),
        email="nell@example.org", name="Nell"),
    "pairing by hand": lambda s, clock: _case(
        "cora", f"/programs/{s['program'].slug}/matching", f"/programs/{s['program'].slug}/matching/people",
        lambda: Pair.select().count(), mentee=str(s["pia"].id), mentor=str(s["kai"].id), kind="pin", action="pair"),
    "a rule for matching": lambda s, clock: _case(
        "cora", f"/programs/{s['program'].slug}/matching", f"/programs/{s['program'].slug}/matching/people",
        lambda: MatchConstraint.select().count(), mentee=str(s["pia"].id), mentor=str(s["kai"].id), kind="block",
        action="rule"),
    "proposing matches": lambda s, clock: _case(
        "cora", f"/programs/{s['program'].slug}/matching", f"/programs/{s['program'].slug}/matching/runs",
        lambda: MatchRun.select().count()),
    "nudging": lambda s, clock: _case(
        "cora", f"/programs/{s['program'].slug}/health/nudge?pair={s['pair'].id}",
        f"/programs/{s['program'].slug}/health/nudge", lambda: AuditLog.select().where(
            AuditLog.action == "pair.nudge").count(), pair=str(s["pair"].id), subject="Hello {name}",
        message="How are you?", action="send"),
    "importing people": lambda s, clock: _case(
        "cora", None, f"/programs/{s['program'].slug}/import", lambda: Membership.select().count(),
        _uploaded(f"/programs/{s['program'].slug}/import", PERSON), csv_text=PERSON, action="import"),
    "adding a question": lambda s, clock: _case(
        "cora", f"/programs/{s['program'].slug}/questions/mentee/new", count=lambda: Question.select().count(),
        label="Favourite tool?", kind="short_text", matching="none", weight="5", counterpart="0"),
}


@pytest.mark.parametrize("form", FORMS)
def test_every_form_that_creates_something_creates_once_when_sent_twice(scene, clock, form):
    who, opened, url, data, count = FORMS[form](scene, clock)
    client = scene["clients"][who]
    fields = form_in(opened(client))
    before = count()

    first = client.post(url, data={**fields, **data})
    again = client.post(url, data={**fields, **data})

    assert first.status_code == 302, (first.status_code, seen(first)[:500])
    assert again.status_code == 303 and again.headers["Location"] == first.headers["Location"]
    assert REPEATED in seen(client.get(again.headers["Location"]))
    assert count() == before + 1
