"""The number of SQL queries a page makes stays the same as the program grows from 50 to 500 members."""
import contextlib
import logging

import pytest

from bench.seed import seed_members, seed_pair
from conftest import PASSWORD
from mentoring.models import Membership, Pair


@contextlib.contextmanager
def counting_queries():
    """Collect the SQL statements peewee runs (it logs each one on the "peewee" logger)."""
    statements = []
    handler = logging.Handler()
    handler.emit = lambda record: statements.append(record) if record.name == "peewee" else None
    logger = logging.getLogger("peewee")
    level = logger.level
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    try:
        yield statements
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


def queries(client, path):
    with counting_queries() as statements:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(statements)


PAGES = ["/programs/{slug}/applicants", "/programs/{slug}/applicants?state=pending&role=mentee",
         "/programs/{slug}", "/", "/programs/{slug}/applicants/{member}", "/programs/{slug}/audit"]


@pytest.mark.parametrize("page", PAGES)
def test_queries_per_page_do_not_grow_with_the_program(app, client, make_user, log_in, make_program, page):
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    log_in(coordinator)
    counts = []
    for size in (50, 500):
        seed_members(program, size - Membership.select().count(), coordinator.password_hash,
                     start=Membership.select().count())
        member = Membership.select().order_by(Membership.id.desc()).first()
        counts.append(queries(client, page.format(slug=program.slug, member=member.id)))
    assert Membership.select().count() == 500
    assert 0 < counts[0] == counts[1], counts


def test_a_pairs_pages_make_as_many_queries_with_2_sessions_as_with_24(app, make_user, make_program, join):
    program = make_program()
    counts = []
    for sessions in (2, 24):
        mentee = join(make_user(), program, "mentee")
        pair = seed_pair(mentee, join(make_user(), program, "mentor"), sessions=sessions)
        visitor = app.test_client()
        visitor.submit("/login", {"email": mentee.user.email, "password": PASSWORD})
        upcoming = pair.meetings.order_by(pair.meetings.model.starts_at.desc()).first()
        counts.append([queries(visitor, path) for path in
                       (f"/pairs/{pair.id}", f"/pairs/{pair.id}/sessions/{upcoming.id}", "/calendar", "/")])
    assert Pair.select().count() == 2
    assert counts[0] == counts[1], counts


def test_the_health_board_and_the_report_make_as_many_queries_with_10_pairs_as_with_60(app, make_user, make_program):
    from bench.seed import seed_health
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    visitor = app.test_client()
    visitor.submit("/login", {"email": coordinator.email, "password": PASSWORD})
    pages = [f"/programs/{program.slug}/health", f"/programs/{program.slug}/health?show=flagged&page=2",
             f"/programs/{program.slug}/report"]
    counts = []
    for pairs in (10, 50):
        seed_health(program, pairs, 6, coordinator.password_hash)
        fresh = [queries(visitor, page) for page in pages]  # the figures computed again
        kept = [queries(visitor, page) for page in pages]  # then served as they are kept
        counts.append((fresh, kept))
    assert Pair.select().count() == 60
    assert counts[0] == counts[1], counts
