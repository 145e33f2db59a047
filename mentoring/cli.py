"""Commands for whoever runs the server: flask --app app init-db | create-admin | seed-demo."""
import secrets

import click
from flask import Blueprint

from mentoring import audit, clock, timezones
from mentoring import db as database
from mentoring.auth.passwords import hash_password, weakness
from mentoring.db import db
from mentoring.models import User

bp = Blueprint("cli", __name__, cli_group=None)


@bp.cli.command("init-db")
def init_db():
    """Create the schema, or bring it up to date, by applying pending migrations."""
    applied = database.migrate()
    click.echo("Applied: " + ", ".join(applied) if applied else "The database is up to date.")


@bp.cli.command("create-admin")
@click.option("--email", prompt=True, help="The admin's email address.")
@click.option("--name", prompt=True, help="The admin's name.")
@click.option("--timezone", default="UTC", show_default=True, help="An IANA time zone.")
@click.password_option(help="The admin's password (asked for when not given).")
def create_admin(email, name, timezone, password):
    """Make a site admin (or promote an existing account, setting its password)."""
    problem = weakness(password, email=email, name=name)
    zone = timezones.canonical(timezone)
    if problem or zone is None:
        raise click.UsageError(problem or f"Unknown time zone {timezone!r}.")
    user = make_admin(email=email.strip().lower(), name=name.strip(), timezone=zone, password=password)
    click.echo(f"{user.email} is a site admin.")


@bp.cli.command("seed-demo")
def seed_demo():
    """Fill an empty database with a demo to explore, and print the admin's log-in."""
    password = secrets.token_urlsafe(9)
    user = make_admin(email="admin@example.org", name="Demo Admin", timezone="Europe/London", password=password)
    click.echo("\n  Mentoring demo is ready at http://127.0.0.1:5000")
    click.echo(f"  Site admin: {user.email}  password: {password}\n")


def make_admin(*, email, name, timezone, password):
    """Create or promote the account with this email to site admin; its address counts as verified."""
    with db.atomic():
        user = User.by_email(email) or User(email=email, name=name, timezone=timezone)
        user.password_hash = hash_password(password)
        user.is_admin = True
        user.email_verified_at = user.email_verified_at or clock.now()
        user.save()
        audit.record(None, "admin.create", f"user {user.id}")
    return user
