"""Schema through migrations, and the commands whoever runs the server uses."""
import re

from playhouse.schema_diff import diff_models

from mentoring.db import db
from mentoring.models import MODELS, User
from conftest import PASSWORD


def test_migrations_build_exactly_the_schema_the_models_describe(app):
    difference = diff_models(db.obj, MODELS)
    assert not difference, str(difference)


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
    assert made.exit_code == 0 and "boss@example.org is a site admin." in made.output
    boss = User.by_email("boss@example.org")
    assert boss.is_admin and boss.is_verified and boss.timezone == "Europe/Rome"

    member = make_user(email="member@example.org")
    runner.invoke(args=["create-admin", "--email", member.email, "--name", "x", "--password", PASSWORD])
    assert User.get_by_id(member.id).is_admin


def test_seed_demo_prints_a_login_that_works(app, client):
    result = app.test_cli_runner().invoke(args=["seed-demo"])
    assert result.exit_code == 0
    email, password = re.search(r"Site admin: (\S+)\s+password: (\S+)", result.output).groups()
    response = client.submit("/login", {"email": email, "password": password})
    assert response.status_code == 302
    assert "Outbox" in client.text("/")
