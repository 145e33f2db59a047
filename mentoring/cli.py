"""Commands for whoever runs the server: flask --app app init-db | create-admin | demo | mail-in."""
import secrets
import signal
import sys
import threading

import click
from flask import Blueprint, current_app

from mentoring import db as database
from mentoring import demo, timezones
from mentoring.auth import service as accounts
from mentoring.auth.passwords import weakness
from mentoring.inbound import lmtp
from mentoring.inbound import service as inbound
from mentoring.text import one_line

bp = Blueprint("cli", __name__, cli_group=None)


@bp.cli.command("init-db")
def init_db():
    """Create the schema, or bring it up to date, by applying pending migrations."""
    applied = database.migrate()
    click.echo("Applied: " + ", ".join(applied) if applied else "The database is up to date.")


@bp.cli.command("create-admin")
@click.option("--email", prompt=True, help="The admin's email address.")
@click.option("--name", prompt=True, help="The admin's name.")
@click.option("--timezone", default="UTC", show_default=True, help="An IANA time zone, or a city in it.")
@click.password_option(help="The admin's password (asked for when not given).")
def create_admin(email, name, timezone, password):
    """Make a site admin (or promote an existing account, setting its password)."""
    problem = weakness(password, email=email, name=name)
    if problem:
        raise click.UsageError(problem)
    try:
        zone = timezones.find(timezone)
    except timezones.ZoneNotFound as error:
        raise click.UsageError(str(error)) from None
    user = accounts.make_admin(email=one_line(email).lower(), name=one_line(name), timezone=zone, password=password)
    click.echo(f"{user.email} is a site admin. Time zone: {zone}.")


@bp.cli.command("demo")
def demo_command():
    """Seed a demo program (a coordinator, 30 mentors, 80 mentees) and print log-ins that work."""
    password = secrets.token_urlsafe(9)
    logins = demo.seed(password)
    click.echo(f"\n  The Mentoring demo is ready at {current_app.config['BASE_URL']} "
               "(every demo account has this password)")
    for role, email in logins.items():
        click.echo(f"  {role:<12} {email:<32} password: {password}")
    click.echo("")


@bp.cli.command("mail-in")
@click.argument("message", type=click.File("rb"), default="-")
@click.option("--lmtp", "lmtp_address", metavar="HOST:PORT",
              help="Listen for LMTP on HOST:PORT (a mail server's delivery) until stopped, instead of reading MESSAGE.")
def mail_in(message, lmtp_address):
    """Take one message (a file, or standard input as a mail server's pipe hands it over) and act on it; exit 75 (try
    again later, to a mail server) when it could not even be stored. With --lmtp, take every message delivered over
    LMTP until SIGTERM or Ctrl-C."""
    if lmtp_address:
        listen_for_lmtp(lmtp_address)
        return
    raw = message.read()
    try:
        stored, new = inbound.receive(raw)
    except Exception as error:  # the mail server keeps the message and tries again: nothing is lost
        click.echo(f"Not stored, try again later: {error}", err=True)
        sys.exit(75)
    click.echo(f"{stored.outcome}: {stored.note}" if new else f"Already received (Inbox message {stored.id}).")


def listen_for_lmtp(address):
    """Run the LMTP listener on `address` (HOST:PORT) until SIGTERM or SIGINT."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit():
        raise click.BadParameter(f"{address!r} is not HOST:PORT", param_hint="--lmtp")
    stopping = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stopping.set())
    listener = lmtp.Listener(current_app._get_current_object(), host, int(port))
    listener.start()
    click.echo(f"Listening for LMTP on {host}:{port}", err=True)
    stopping.wait()
    listener.stop()
    click.echo("Stopped.", err=True)
