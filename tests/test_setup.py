"""Schema through migrations, and the commands whoever runs the server uses."""
import re
from datetime import timedelta

from playhouse.migrations import Runner
from playhouse.schema_diff import diff_models

from mentoring.db import MIGRATIONS, db
from mentoring.models import MODELS, Answer, Membership, Program, Question, User
from conftest import PASSWORD


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


def test_demo_seeds_a_program_and_prints_log_ins_that_work(app):
    result = app.test_cli_runner().invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    logins = dict((role, (email, password)) for role, email, password in
                  re.findall(r"^  (site admin|coordinator|mentor|mentee)\s+(\S+)\s+password: (\S+)$",
                             result.output, re.M))
    assert set(logins) == {"site admin", "coordinator", "mentor", "mentee"}
    program = Program.get(Program.slug == "open-source-mentoring-circle")
    assert program.state == "open"
    members = Membership.select().where(Membership.program == program)
    assert members.where(Membership.role == "mentor").count() == 30
    assert members.where(Membership.role == "mentee").count() == 80
    assert Answer.select().count() > 110 * 8
    landing = {"site admin": "Outbox", "coordinator": "Programs I coordinate", "mentor": "Coming up",
               "mentee": "Open Source Mentoring Circle"}
    for role, (email, password) in logins.items():
        visitor = app.test_client()
        assert visitor.submit("/login", {"email": email, "password": password}).status_code == 302, role
        assert landing[role] in visitor.text("/"), role
    again = app.test_cli_runner().invoke(args=["demo"])
    assert again.exit_code == 0 and Program.select().count() == 1


def test_every_test_starts_on_the_frozen_clock_and_only_the_test_moves_it(request, clock):
    from conftest import start_moment
    start = start_moment(request.config)
    assert clock.now() == start and clock.now() == start  # frozen: no time passes by itself
    clock.advance(timedelta(minutes=5))
    assert clock.now() == start + timedelta(minutes=5)
