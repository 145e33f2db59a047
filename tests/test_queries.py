"""The number of SQL queries a page makes stays the same as the program grows from 50 to 500 members."""
import contextlib
import logging

import pytest

from bench.seed import seed_members
from mentoring.models import Membership


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
