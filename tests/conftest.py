"""Fixtures: a real database per test, a real SMTP server, the app, a live server and a browser."""
import os
import shutil
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

os.environ["TASK_QUEUE_URL"] = "immediate"  # huey runs jobs in-process; set before mentoring is imported

import pytest  # noqa: E402
from jinja2 import BytecodeCache  # noqa: E402

from mentoring import clock as app_clock  # noqa: E402
from mentoring import create_app  # noqa: E402
from mentoring import db as database
from mentoring.auth.passwords import hash_password  # noqa: E402
from mentoring.db import db  # noqa: E402
from mentoring.models import MODELS, User  # noqa: E402
from support.browser import chromium  # noqa: E402
from support.client import FormClient  # noqa: E402
from support.dovecot import Dovecot  # noqa: E402
from support.live import free_port, serve  # noqa: E402
from support.mailbox import Mailbox  # noqa: E402
from support.scheduler import Scheduler  # noqa: E402
from support.world import build_world  # noqa: E402


def postgres_url(environ):
    """The PostgreSQL database this test process uses: DATABASE_URL's own, or under pytest-xdist a database of each
    worker's own beside it (test_gw0, test_gw1: the workers' tests would otherwise empty each other's tables)."""
    url = environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        return ""
    worker = environ.get("PYTEST_XDIST_WORKER")
    return url if not worker else urlunsplit(urlsplit(url)._replace(path=f"{urlsplit(url).path}_{worker}"))


POSTGRES_URL = postgres_url(os.environ)
PASSWORD = "correct horse battery staple"
# Every test starts at this moment (a plain Wednesday morning) unless FAKE_NOW or --now names another:
# `make test-moments` runs the whole suite at the awkward ones (midnight, Sunday to Monday, clock changes).
DEFAULT_NOW = "2026-05-13T10:00:00+00:00"


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory for the whole run, shared by every test's app."""

    def __init__(self):
        self.compiled = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.compiled:
            bucket.bytecode_from_string(self.compiled[bucket.key])

    def dump_bytecode(self, bucket):
        self.compiled[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


def pytest_addoption(parser):
    parser.addoption("--now", default=os.environ.get("FAKE_NOW") or DEFAULT_NOW,
                     help="the moment (ISO 8601 with an offset) at which every test's clock starts")


def start_moment(config):
    """The moment every test's clock starts at, from --now (or FAKE_NOW)."""
    moment = datetime.fromisoformat(config.getoption("--now").replace("Z", "+00:00"))
    if moment.tzinfo is None:
        raise pytest.UsageError("--now needs an offset, for example 2026-12-01T00:20:00Z")
    return moment


def pytest_report_header(config):
    return f"clock frozen at {start_moment(config).isoformat()} at the start of every test"


@pytest.fixture(autouse=True)
def frozen_clock(request):
    """Every test runs on a frozen clock, started at the same moment; it moves only when the test moves it."""
    app_clock.freeze(start_moment(request.config))
    yield app_clock
    app_clock.reset()


@pytest.fixture(scope="session")
def mailbox_server():
    server = Mailbox(free_port())
    server.start()
    yield server
    server.stop()


@pytest.fixture
def mailbox(mailbox_server):
    """The SMTP server, empty and running at the start of each test."""
    mailbox_server.start()
    mailbox_server.clear()
    yield mailbox_server
    mailbox_server.start()


@pytest.fixture(scope="session")
def dovecot_server():
    server = Dovecot(free_port()).start()
    yield server
    server.stop()


@pytest.fixture
def dovecot(dovecot_server):
    """A real IMAP server (dovecot on 127.0.0.1, see support.dovecot) with one user, its folders empty."""
    dovecot_server.empty()
    return dovecot_server


@pytest.fixture(scope="session")
def migrated_database(tmp_path_factory):
    """A migrated schema made once: an SQLite file to copy, or a fresh PostgreSQL schema."""
    if POSTGRES_URL:
        if os.environ["DATABASE_URL"] != POSTGRES_URL:
            create_database(os.environ["DATABASE_URL"], urlsplit(POSTGRES_URL).path.lstrip("/"))
        database.bind(POSTGRES_URL)
        with db.connection_context():
            db.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
            db.execute_sql("CREATE SCHEMA public")
        database.migrate()
        db.obj.close_all()
        return POSTGRES_URL
    path = tmp_path_factory.mktemp("template") / "mentoring.db"
    database.bind(f"sqlite:///{path}")
    database.migrate()
    db.obj.close_all()
    return path


def create_database(url, name):
    """Create the database `name` on the server of `url` unless it is there."""
    database.bind(url)
    with db.connection_context():
        if not db.execute_sql("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            db.execute_sql(f'CREATE DATABASE "{name}"')
    db.obj.close_all()


def empty_postgresql():
    """Delete every row and restart every id (ten times faster than TRUNCATE, which rewrites each table's files):
    children first, the change log last, as its triggers fire at once while emptying."""
    tables = [model._meta.table_name for model in reversed(MODELS)]
    sequences = [name for name, in db.execute_sql(
        "SELECT pg_get_serial_sequence(table_name, 'id') FROM unnest(%s::text[]) AS table_name", (tables,))]
    with db.atomic():
        db.execute_sql("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            db.execute_sql(f'DELETE FROM "{table}"')
        db.execute_sql('DELETE FROM "program_change"')
        db.execute_sql("SELECT " + ", ".join(f"setval('{name}', 1, false)" for name in sequences))


@pytest.fixture
def database_url(migrated_database, tmp_path):
    """A database of this test's own: a copy of the template file, or emptied PostgreSQL tables."""
    if POSTGRES_URL:
        database.bind(POSTGRES_URL)
        with db.connection_context():
            empty_postgresql()
        return POSTGRES_URL
    path = tmp_path / "mentoring.db"
    shutil.copy(migrated_database, path)
    return f"sqlite:///{path}"


@pytest.fixture
def settings(database_url, mailbox_server, tmp_path):
    port = free_port()
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "DATABASE_URL": database_url,
        "BASE_URL": f"http://127.0.0.1:{port}",
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": mailbox_server.port,
        "MAIL_TIMEOUT": 5,
        "MAIL_DEFAULT_SENDER": "Mentoring <mentoring@example.org>",
        "PASSWORD_TIME_COST": 1,
        "PASSWORD_MEMORY_COST": 1024,
        "SERVER_PORT": port,
        "FILE_STORAGE_PATH": str(tmp_path / "files"),
    }


@pytest.fixture
def make_app(settings, mailbox):
    """Build the app on this test's database, with settings changed by `overrides`."""
    def make(**overrides):
        app = create_app({**settings, **overrides})
        app.test_client_class = FormClient
        app.jinja_env.bytecode_cache = COMPILED_TEMPLATES  # each test's app compiles no template twice
        return app
    yield make
    db.obj.close_all()


@pytest.fixture
def app(make_app):
    return make_app()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def clock(frozen_clock):
    """The app's frozen clock, which a test moves forward instead of sleeping."""
    return frozen_clock


@pytest.fixture
def scheduler(app, clock):
    """Periodic jobs started from the task queue as the test moves the clock (see support.scheduler)."""
    return Scheduler(app)


@pytest.fixture
def make_user(app):
    """Create an account directly: verified unless told otherwise."""
    counter = iter(range(1, 10_000))

    def make(name=None, email=None, password=PASSWORD, timezone="Europe/Berlin", verified=True, admin=False):
        number = next(counter)
        with app.app_context():
            password_hash = hash_password(password)
        return User.create(
            name=name or f"Person {number}", email=(email or f"person{number}@example.org").lower(),
            password_hash=password_hash, timezone=timezone, is_admin=admin,
            email_verified_at=app_clock.now() - timedelta(days=1) if verified else None)
    return make


@pytest.fixture
def log_in(client):
    """Log `user` in through the log-in form."""
    def log_in(user, password=PASSWORD, remember=False):
        data = {"email": user.email, "password": password}
        if remember:
            data["remember"] = "y"
        response = client.submit("/login", data)
        assert response.status_code == 302, response.get_data(as_text=True)
        return response
    return log_in


@pytest.fixture
def live_server(app):
    with serve(app, app.config["SERVER_PORT"]) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def new_page(browser, live_server):
    """A page in a browser context of its own (one per person), closed after the test."""
    contexts = []

    def new_page(timezone_id="America/Los_Angeles"):
        context = browser.new_context(base_url=live_server, timezone_id=timezone_id)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()
    yield new_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


VALID_RAW = {"single": lambda q: [q.choices[0]["key"]], "multiple": lambda q: [q.choices[0]["key"]],
             "scale": lambda q: ["3"], "short_text": lambda q: ["A short answer"],
             "long_text": lambda q: ["A longer answer."], "timezone": lambda q: ["Europe/Berlin"],
             "availability": lambda q: ["mon-evening", "wed-evening"]}


@pytest.fixture
def make_program(app, make_user):
    """A program made through the services, with the default questionnaires and its coordinators."""
    from mentoring.models import Coordinator
    from mentoring.programs import service as programs

    def make(name="Rust Mentoring", state="open", coordinators=(), **settings):
        with app.test_request_context():
            program = programs.create_program(None, name=name)
            current = {name: getattr(program, name) for name in programs.SETTINGS}
            programs.update_program(None, program, {**current, "state": state, **settings})
        for user in coordinators:
            Coordinator.create(program=program, user=user)
        return program
    return make


@pytest.fixture
def join(app):
    """Apply `user` to `program` as `role` with valid answers to every question; submitted unless told."""
    from mentoring.models import Membership, Question
    from mentoring.programs import service as programs
    from mentoring.questionnaires import service as questionnaires

    def join(user, program, role="mentee", state="approved", answers=None):
        with app.test_request_context():
            membership = programs.start_application(user, program, role)
            questions = list(Question.of(program, role))
            raw = {q.id: (answers or {}).get(q.key) or VALID_RAW[q.kind](q) for q in questions}
            questionnaires.save_answers(programs.response_of(membership), questions, raw, user.timezone)
            programs.save_profile(membership, headline=f"{user.name} headline", bio="About me", video_link="",
                                  capacity=2 if role == "mentor" else None, consent_sensitive=True)
            if state != "started":
                programs.submit_application(membership, [])
                Membership.update(state=state).where(Membership.id == membership.id).execute()
        return Membership.get_by_id(membership.id)
    return join


@pytest.fixture
def make_pair(make_user, make_program, join):
    """A pair made directly (as a coordinator's proposal or an accepted request leaves it): people and program are
    made when not given; `mentee` and `mentor` are users or memberships."""
    from mentoring.models import Membership, Pair

    def make(program=None, mentee=None, mentor=None, state="active", activated_days_ago=None, **fields):
        program = program or make_program()
        sides = {}
        for role, person in (("mentee", mentee), ("mentor", mentor)):
            if not isinstance(person, Membership):
                person = join(person or make_user(name=f"{role.title()} {next(_numbers)}"), program, role)
            sides[role] = person
        if activated_days_ago is not None:
            fields["activated_at"] = app_clock.now() - timedelta(days=activated_days_ago)
        return Pair.create(program=program, state=state, **sides, **fields)
    return make


_numbers = iter(range(1, 1_000_000))


@pytest.fixture
def make_session(app):
    """A session of a pair (or, with several `starts`, a series) stored directly, with no email; the first
    session is returned (all of them with `every=True`). `at` is a moment or a delta from now."""
    from mentoring.meetings.scheduling import add_sessions

    def make(pair, *starts, organizer=None, title="Check-in", minutes=60, every=False, **series):
        moments = [app_clock.now() + start if isinstance(start, timedelta) else start for start in starts]
        organizer = organizer or pair.mentor.user
        meetings = add_sessions(pair, organizer, moments, title, minutes, **series)
        return meetings if every else meetings[0]
    return make


@pytest.fixture
def ann_and_bob(make_user, make_program, join, make_pair):
    """An active pair (the inbound tests'): (program, pair, Ann the mentee in Berlin, Bob the mentor in Los Angeles)."""
    program = make_program()
    ann = make_user(name="Ann Mentee", email="ann@example.org", timezone="Europe/Berlin")
    bob = make_user(name="Bob Mentor", email="bob@example.org", timezone="America/Los_Angeles")
    return program, make_pair(program, join(ann, program, "mentee"), join(bob, program, "mentor")), ann, bob


@pytest.fixture
def world(app, mailbox, make_user, make_program, join, make_pair):
    """Two programs with their coordinators, a participant, a stranger, and a value for every URL part."""
    return build_world(app, mailbox, make_user, make_program, join, make_pair)
