"""Schema through migrations, and the commands whoever runs the server uses."""
import re
from datetime import timedelta

import pytest
from playhouse.migrations import Runner
from playhouse.schema_diff import diff_models

from conftest import PASSWORD
from mentoring import clock, demo
from mentoring.db import MIGRATIONS, db
from mentoring.models import MODELS, Answer, Feedback, Meeting, Membership, Pair, Program, Question, User
from support.client import logged_in, seen


def test_migrations_build_exactly_the_schema_the_models_describe(app):
    difference = diff_models(db.obj, MODELS)
    assert not difference, str(difference)


def test_the_default_rules_of_existing_programs_get_their_filter_labels(app, make_program):
    program = make_program()
    runner = Runner(db.obj, directory=str(MIGRATIONS))
    with db.connection_context():
        runner.down("0006_question_filter_label")
        runner.up()
    labels = {q.key: q.filter_label for q in Question.of(program, "mentee") if q.filter_label}
    assert labels == {"areas_to_grow": "Can help with", "languages": "Speaks"}
    assert not [q for q in Question.of(program, "mentor") if q.filter_label]


def test_init_db_applies_nothing_twice(app):
    result = app.test_cli_runner().invoke(args=["init-db"])
    assert result.exit_code == 0 and "The database is up to date." in result.output


def test_create_admin_makes_or_promotes_an_admin(app, client, make_user):
    runner = app.test_cli_runner()
    weak = runner.invoke(args=["create-admin", "--email", "boss@example.org", "--name", "Boss",
                               "--password", "password123"])
    assert weak.exit_code != 0 and "too easy to guess" in weak.output

    made = runner.invoke(args=["create-admin", "--email", "Boss@Example.org", "--name", "Boss",
                               "--timezone", "europe/rome", "--password", PASSWORD])
    assert made.exit_code == 0 and "boss@example.org is a site admin. Time zone: Europe/Rome." in made.output
    boss = User.by_email("boss@example.org")
    assert boss.is_admin and boss.is_verified and boss.timezone == "Europe/Rome"

    by_city = runner.invoke(args=["create-admin", "--email", "boss@example.org", "--name", "Boss",
                                  "--timezone", "new york", "--password", PASSWORD])
    assert by_city.exit_code == 0 and "Time zone: America/New_York." in by_city.output
    several = runner.invoke(args=["create-admin", "--email", "boss@example.org", "--name", "Boss",
                                  "--timezone", "San", "--password", PASSWORD])
    assert several.exit_code != 0 and "“San” could be 6 time zones:" in several.output

    member = make_user(email="member@example.org")
    runner.invoke(args=["create-admin", "--email", member.email, "--name", "x", "--password", PASSWORD])
    assert User.get_by_id(member.id).is_admin


def demo_log_ins(output):
    """{role: (email, password)} of the log-ins the demo printed."""
    return dict((role, (email, password)) for role, email, password in
                re.findall(r"^  (site admin|coordinator|mentor|mentee)\s+(\S+)\s+password: (\S+)$", output, re.M))


def test_demo_seeds_a_program_and_prints_log_ins_that_work(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    assert f"The Mentoring demo is ready at {app.config['BASE_URL']} (every demo account has this password)" \
        in result.output
    logins = demo_log_ins(result.output)
    assert set(logins) == {"site admin", "coordinator", "mentor", "mentee"}
    program = Program.get(Program.slug == "open-source-mentoring-circle")
    members = Membership.select().where(Membership.program == program)
    assert members.where(Membership.role == "mentor").count() == 30
    assert members.where(Membership.role == "mentee").count() == 80
    assert Answer.select().count() > 110 * 8
    landing = {"site admin": "Outbox", "coordinator": "Programs I coordinate", "mentor": "Coming up",
               "mentee": "Open Source Mentoring Circle"}
    visitors = {}
    for role, (email, password) in logins.items():
        visitors[role] = app.test_client()
        assert visitors[role].submit("/login", {"email": email, "password": password}).status_code == 302, role
        assert landing[role] in visitors[role].text("/"), role
    again = app.test_cli_runner().invoke(args=["demo"])
    assert again.exit_code == 0 and Program.select().count() == 1
    assert demo_log_ins(again.output)["mentor"][1] != logins["mentor"][1]  # a new password for every account


def test_the_demo_prints_the_address_it_is_served_at(make_app):
    result = make_app(BASE_URL="https://mentoring.example.org").test_cli_runner().invoke(args=["demo"])
    assert "The Mentoring demo is ready at https://mentoring.example.org (every" in result.output
    assert ":5000" not in result.output


def test_the_demo_tells_one_story_of_a_program_under_way(app):
    logins = demo_log_ins(app.test_cli_runner().invoke(args=["demo"]).output)
    program = Program.get(Program.slug == "open-source-mentoring-circle")
    now, today = clock.now(), clock.now().date()
    assert program.state == "running" and program.starts_on < today - timedelta(weeks=8) < today < program.ends_on

    pairs = list(Pair.select().where(Pair.program == program))
    assert {pair.state for pair in pairs} == {"proposed", "introduction", "active", "paused", "ended"}
    for pair in pairs:  # no pair is older than the program, nor meets before it was made or after it stopped
        assert program.starts_on <= pair.created_at.date() and pair.created_at <= now
        assert pair.activated_at is None or pair.created_at < pair.activated_at <= now
        stopped = pair.ended_at or pair.paused_at
        for meeting in Meeting.select().where(Meeting.pair == pair):
            assert pair.created_at < meeting.starts_at and meeting.starts_at.date() <= program.ends_on
            assert stopped is None or meeting.starts_at < stopped
    for feedback in Feedback.select().where(Feedback.submitted_at.is_null(False)):
        assert feedback.submitted_at <= now

    names = [user.name for user in User.select()]
    assert len(names) == len(set(names)), "two demo people share a name"
    mentor_bios = {m.bio for m in Membership.select().where(Membership.program == program, Membership.role == "mentor")}
    mentee_bios = {m.bio for m in Membership.select().where(Membership.program == program, Membership.role == "mentee")}
    mentee_words = {sentence for _, story, goal in demo.MENTEE_PROFILES for sentence in (story, goal)}
    assert not [bio for bio in mentor_bios if any(words in bio for words in mentee_words)]
    assert not [bio for bio in mentee_bios if any(mentor_bio in bio for _, mentor_bio in demo.MENTOR_PROFILES)]

    coordinator = logged_in(app, User.by_email(logins["coordinator"][0]), logins["coordinator"][1])
    slug = program.slug
    matching = coordinator.text(f"/programs/{slug}/matching")
    for select in ("mentee", "mentor"):
        options = re.findall(r"<option[^>]*>([^<]+)</option>",
                             re.search(rf'<select[^>]*name="{select}".*?</select>', matching, re.S).group())
        assert len(options) == len(set(options)), f"the {select} list names someone twice"
    board = seen(coordinator.get(f"/programs/{slug}/health"))
    assert "No session for a while (1)" in board and "Rated 2 or less (1)" in board and "Paused (1)" in board
    for days in re.findall(r"(\d+) days? ago", board):
        assert int(days) <= (today - program.starts_on).days
    assert "Waiting for your answer (2)" in seen(logged_in(app, User.by_email(logins["mentor"][0]),
                                                            logins["mentor"][1]).get(f"/programs/{slug}/inbox"))

    mentor = logged_in(app, User.by_email(logins["mentor"][0]), logins["mentor"][1])
    pair = Pair.get(Pair.mentor == Membership.get(Membership.user == User.by_email(logins["mentor"][0])),
                    Pair.state == "active")
    sessions = list(Meeting.select().where(Meeting.pair == pair))
    assert [m for m in sessions if m.starts_at < now] and [m for m in sessions if m.starts_at > now]
    assert Feedback.select().where(Feedback.pair == pair, Feedback.submitted_at.is_null(False)).count() >= 4
    home = seen(mentor.get("/"))
    assert "Tell us how it went" in home and "Coming up" in home
    page = seen(mentor.get(f"/pairs/{pair.id}"))
    assert "Next: Check-in" in page and "Past sessions" in page and "Outlined the talk together." in page
    assert "Give a first talk at a meetup" in page


def test_every_test_starts_on_the_frozen_clock_and_only_the_test_moves_it(request, clock):
    from conftest import start_moment
    start = start_moment(request.config)
    assert clock.now() == start and clock.now() == start  # frozen: no time passes by itself
    clock.advance(timedelta(minutes=5))
    assert clock.now() == start + timedelta(minutes=5)


@pytest.mark.parametrize("base_url, listens_on", [
    ("http://127.0.0.1:5000", ("127.0.0.1", 5000)),
    ("http://localhost:8080", ("127.0.0.1", 8080)),
    ("http://0.0.0.0:7000", ("0.0.0.0", 7000)),
    ("https://mentoring.example.org", ("127.0.0.1", 5000)),
])
def test_make_run_serves_where_base_url_says(base_url, listens_on):
    from scripts.serve import address
    assert address(base_url) == listens_on
