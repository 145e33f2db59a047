"""The coordinator's health board, nudges, pausing and re-matching, the weekly digest, the report and its exports,
and reported problems; set up through the clock and the task queue."""
import csv
import io
import re
from datetime import timedelta

import pytest

from conftest import PASSWORD
from mentoring import clock as app_clock
from mentoring.models import (
    AuditLog,
    Feedback,
    Goal,
    Meeting,
    Membership,
    MentorRequest,
    Pair,
    PrivateNote,
    ProblemReport,
)
from support.client import logged_in, text


def rated(pair, role, user, rating, kind=Feedback.CHECK_IN):
    return Feedback.create(program=pair.program, pair=pair, user=user, role=role, kind=kind, rating=rating,
                           submitted_at=app_clock.now())


@pytest.fixture
def program_scene(make_user, make_program, join, make_pair, make_session):
    """A program meeting every 2 weeks: a thriving pair, a quiet one, an unhappy one, a mentee waiting, a mentor with
    a free seat, and a request nobody answered."""
    coordinator = make_user(name="Cora Coordinator", email="cora@example.org")
    program = make_program(coordinators=[coordinator], cadence_days=14, checkin_weeks=0)
    people = {}

    def pair(mentee_name, mentor_name, days_ago):
        made = make_pair(program, make_user(name=mentee_name), make_user(name=mentor_name),
                         activated_days_ago=days_ago)
        people[mentee_name], people[mentor_name] = made.mentee, made.mentor
        return made

    thriving = pair("Tia Thriving", "Theo Mentor", 40)
    make_session(thriving, *(timedelta(days=-d) for d in (35, 21, 7)), frequency="weekly", interval=2, count=3)
    quiet = pair("Quinn Quiet", "Quentin Mentor", 60)
    make_session(quiet, timedelta(days=-40))
    unhappy = pair("Uma Unhappy", "Ulf Mentor", 20)
    make_session(unhappy, timedelta(days=-6))
    rated(unhappy, "mentee", unhappy.mentee.user, 2)
    rated(thriving, "mentee", thriving.mentee.user, 5)
    waiting = join(make_user(name="Wanda Waiting"), program, "mentee")
    MentorRequest.create(program=program, mentee=waiting, mentor=people["Theo Mentor"], message="Hi",
                         created_at=app_clock.now() - timedelta(days=9),
                         expires_at=app_clock.now() + timedelta(days=12))
    Goal.create(pair=thriving, title="Give a talk", position=1, state=Goal.DONE, done_at=app_clock.now())
    Goal.create(pair=thriving, title="Review PRs", position=2)
    return program, coordinator, {"thriving": thriving, "quiet": quiet, "unhappy": unhappy}


def board_rows(page):
    return {re.sub(r"\s+", " ", name): re.sub(r"<[^>]+>", " ", cells)
            for name, cells in re.findall(r'<tr[^>]*>\s*<td><a href="/pairs/\d+">([^<]+)</a></td>(.*?)</tr>', page,
                                          re.S)}


def test_the_board_shows_each_pair_and_flags_the_quiet_and_the_unhappy(app, program_scene):
    program, coordinator, pairs = program_scene
    page = text(logged_in(app, coordinator, PASSWORD).get(f"/programs/{program.slug}/health"))
    rows = board_rows(page)
    assert list(rows) == ["Quinn Quiet and Quentin Mentor", "Uma Unhappy and Ulf Mentor",
                          "Tia Thriving and Theo Mentor"]  # flagged first, the quietest first
    assert "No session for a while" in rows["Quinn Quiet and Quentin Mentor"]
    assert "Rated 2 or less" in rows["Uma Unhappy and Ulf Mentor"]
    thriving = rows["Tia Thriving and Theo Mentor"]
    assert "3 / 3" in thriving and "5 · –" in thriving and "1 (1)" in thriving and "Rated" not in thriving
    assert "Wanda Waiting" in page and "Wanda Waiting asked Theo Mentor 9 days ago" in page
    assert re.search(r"Mentors with free seats \(\d+\)", page) and "Quentin Mentor" in page
    flagged = logged_in(app, coordinator, PASSWORD).get(f"/programs/{program.slug}/health?show=flagged",
                                              headers={"HX-Request": "true"})
    assert text(flagged).lstrip().startswith('<div id="pairs">') and len(board_rows(text(flagged))) == 2
    restored = text(logged_in(app, coordinator, PASSWORD).get(  # htmx restoring the page from history: all of it
        f"/programs/{program.slug}/health?show=flagged", headers={"HX-Request": "true",
                                                                  "HX-History-Restore-Request": "true"}))
    assert "Wanda Waiting asked Theo Mentor 9 days ago" in restored and "meeting or paused" in restored


def test_a_pair_goes_quiet_as_the_clock_moves_and_is_nudged(app, mailbox, program_scene, scheduler):
    program, coordinator, pairs = program_scene
    visitor = logged_in(app, coordinator, PASSWORD)
    assert "No session for a while" not in board_rows(text(visitor.get(f"/programs/{program.slug}/health")))[
        "Tia Thriving and Theo Mentor"]
    scheduler.advance(timedelta(days=22))
    rows = board_rows(text(visitor.get(f"/programs/{program.slug}/health")))
    assert "No session for a while" in rows["Tia Thriving and Theo Mentor"]

    nudge = f"/programs/{program.slug}/health/nudge"
    form = text(visitor.get(f"{nudge}?pair={pairs['thriving'].id}"))
    assert "Tia Thriving and Theo Mentor" in form and "{partner}" in form
    preview = visitor.submit(nudge, {"pair": str(pairs["thriving"].id), "action": "preview",
                                     "subject": "Time to meet, {name}?",
                                     "message": "Hello {name}, you and {partner} last met {days} days ago."},
                             page=f"{nudge}?pair={pairs['thriving'].id}")
    assert "Hello Tia Thriving, you and Theo Mentor last met 29 days ago." in text(preview)
    assert not [m for m in mailbox.to(pairs["thriving"].mentee.user.email) if m["Subject"].startswith("Time")]
    sent = visitor.submit(nudge, {"pair": str(pairs["thriving"].id), "action": "send",
                                  "subject": "Time to meet, {name}?",
                                  "message": "Hello {name}, you and {partner} last met {days} days ago."},
                          page=f"{nudge}?pair={pairs['thriving'].id}")
    assert sent.status_code == 302
    email = mailbox.find(pairs["thriving"].mentor.user.email, "Time to meet, Theo Mentor?")
    assert "you and Tia Thriving last met 29 days ago" in email.text and email["Reply-To"] == "cora@example.org"
    assert AuditLog.get(AuditLog.action == "pair.nudge").detail["pairs"] == [pairs["thriving"].id]
    assert "nudged" in board_rows(text(visitor.get(f"/programs/{program.slug}/health")))["Tia Thriving and Theo Mentor"]


def test_pause_resume_and_rematch_from_the_board(app, mailbox, program_scene, make_session):
    program, coordinator, pairs = program_scene
    unhappy = pairs["unhappy"]
    make_session(unhappy, timedelta(days=3), title="Next")
    visitor = logged_in(app, coordinator, PASSWORD)
    board = f"/programs/{program.slug}/health"
    visitor.submit(f"{board}/pairs/{unhappy.id}/pause", page=board)
    assert Pair.get_by_id(unhappy.id).state == Pair.PAUSED
    assert mailbox.find(unhappy.mentee.user.email, "Cancelled: Next").invite[0] == "CANCEL"
    assert "paused" in mailbox.find(unhappy.mentor.user.email, "Your mentoring pair is paused").text
    assert "paused" in board_rows(text(visitor.get(f"{board}?show=paused")))["Uma Unhappy and Ulf Mentor"]
    visitor.submit(f"{board}/pairs/{unhappy.id}/resume", page=board)
    assert Pair.get_by_id(unhappy.id).state == Pair.ACTIVE
    response = visitor.submit(f"{board}/pairs/{unhappy.id}/rematch", page=board)
    assert response.headers["Location"].endswith(f"/programs/{program.slug}/matching")
    assert Pair.get_by_id(unhappy.id).end_kind == "rematch"
    assert [e.action for e in AuditLog.select().order_by(AuditLog.id)][-3:] == ["pair.pause", "pair.resume",
                                                                                "pair.rematch"]


def test_the_weekly_digest_comes_on_monday_from_the_queue(app, mailbox, program_scene, scheduler):
    program, coordinator, pairs = program_scene
    now = app_clock.now()
    monday_morning = (now + timedelta(days=(7 - now.weekday()) % 7)).replace(hour=7, minute=0, second=0)
    if monday_morning <= now:
        monday_morning += timedelta(days=7)
    Goal.update(done_at=monday_morning - timedelta(days=1)).where(Goal.state == Goal.DONE).execute()  # this week
    started = scheduler.advance(monday_morning - now + timedelta(minutes=5))
    assert "weekly_digest" in started
    digest = mailbox.find("cora@example.org", f"{program.name}: your week in mentoring")
    assert "PAIRS THAT HAVE GONE QUIET: 1" in digest.text and "Quinn Quiet and Quentin Mentor" in digest.text
    assert "REQUESTS UNANSWERED FOR A WEEK OR MORE: 1" in digest.text and "MENTEES STILL WITHOUT A MENTOR: 1" in \
        digest.text
    assert "GOALS REACHED THIS WEEK: 1" in digest.text and "Give a talk" in digest.text
    assert f"/programs/{program.slug}/health?show=flagged" in digest.text
    scheduler.advance(timedelta(days=1))
    assert len([m for m in mailbox.to("cora@example.org") if "your week" in m["Subject"]]) == 1


def test_the_report_counts_charts_and_exports_what_coordinators_may_see(app, program_scene, make_user):
    program, coordinator, pairs = program_scene
    thriving = pairs["thriving"]
    meeting = Meeting.select().where(Meeting.pair == thriving).first()
    meeting.shared_notes = "SECRET SHARED NOTE"
    meeting.save()
    PrivateNote.create(meeting=meeting, user=thriving.mentee.user, text="SECRET PRIVATE NOTE")
    Feedback.create(program=program, pair=thriving, meeting=meeting, user=thriving.mentor.user, role="mentor",
                    kind=Feedback.SESSION, rating=4, took_place="yes", submitted_at=app_clock.now(),
                    answers={"x": "Went well"})
    Feedback.create(program=program, pair=thriving, user=thriving.mentee.user, role="mentee", kind=Feedback.FINAL,
                    recommend=10, submitted_at=app_clock.now())
    visitor = logged_in(app, coordinator, PASSWORD)
    page = text(visitor.get(f"/programs/{program.slug}/report"))
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page))
    assert figures["Pairs made"] == "3" and figures["Pairs active now"] == "3" and figures["Sessions held"] == "5"
    assert figures["Goals reached"] == "1" and figures["Approved"] == "7"
    assert page.count("<svg") == 3 and page.count('role="img"') == 3
    assert re.search(r"<th scope=\"row\">Mentees</th><td>3.5</td><td>2</td>", page)
    assert "a net score of 100" in page
    printable = text(visitor.get(f"/programs/{program.slug}/report?print=1"))
    assert 'class="print-page"' in printable and "site-nav" not in printable
    for name in ("members", "pairs", "sessions", "feedback"):
        response = visitor.get(f"/programs/{program.slug}/report/{name}.csv")
        body = response.get_data(as_text=True)
        assert response.headers["Content-Type"].startswith("text/csv") and "SECRET" not in body
        rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
        assert len(rows) > 1, name
    sessions = list(csv.DictReader(io.StringIO(visitor.get(f"/programs/{program.slug}/report/sessions.csv")
                                               .get_data(as_text=True).lstrip("\ufeff"))))
    assert len(sessions) == 5 and {row["mentor's rating"] for row in sessions} >= {"4"}
    assert logged_in(app, make_user(), PASSWORD).get(f"/programs/{program.slug}/report/pairs.csv").status_code == 404


def test_a_reported_problem_reaches_the_coordinators_only_and_can_end_in_deactivation(app, mailbox, program_scene):
    program, coordinator, pairs = program_scene
    unhappy = pairs["unhappy"]
    reporter, reported = unhappy.mentee.user, unhappy.mentor.user
    page = f"/pairs/{unhappy.id}/report"
    empty = logged_in(app, reporter, PASSWORD).submit(page, {"text": ""})
    assert empty.status_code == 422 and "Tell the coordinators what happened." in text(empty)
    logged_in(app, reporter, PASSWORD).submit(page, {"text": "He was rude in our last session."})
    email = mailbox.find("cora@example.org", f"A problem was reported in {program.name}")
    assert "rude" not in email.text and "Uma Unhappy reported a problem" in email.text
    assert not [m for m in mailbox.to(reported.email) if "problem" in m["Subject"].lower()]
    report = ProblemReport.get()
    assert logged_in(app, reported, PASSWORD).get(f"/programs/{program.slug}/problems/{report.id}").status_code == 404
    visitor = logged_in(app, coordinator, PASSWORD)
    inbox = text(visitor.get(f"/programs/{program.slug}/problems"))
    assert "He was rude in our last session." in inbox and "New" in inbox
    visitor.submit(f"/programs/{program.slug}/problems/{report.id}",
                   {"state": "resolved", "note": "Talked to both; Ulf leaves.", "deactivate": "y"})
    assert ProblemReport.get().state == "resolved"
    assert Membership.get_by_id(unhappy.mentor_id).state == Membership.DEACTIVATED
    assert Pair.get_by_id(unhappy.id).end_kind == "deactivated"
    assert {e.action for e in AuditLog.select()} >= {"member.deactivate", "report.update", "pair.deactivated"}
