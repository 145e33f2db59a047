"""The applicant list's queries: prepared once for each combination of filters (it is the console's busiest page)."""
from datetime import UTC, datetime
from functools import lru_cache, partial
from typing import NamedTuple

import peewee as pw

from mentoring import clock
from mentoring.coordinate.snapshots import Snapshots
from mentoring.db import Prepared
from mentoring.models import Membership, User

PAGE_SIZE = 25
_pages = {}


def _applicant_query(shape, program_id, *filters):
    """Members of a program, newest first; `shape` says which filters `filters` holds."""
    has_role, has_state, has_search, has_offset = shape
    values = iter(filters)
    # the moment is read as the database gives it (an alias, which Prepared leaves as it is): its day is written once
    query = (Membership.select(Membership.id, Membership.role, Membership.state, Membership.headline,
                               Membership.submitted_at.alias("applied"), User.name, User.email,
                               User.email_bouncing_since.is_null(False).alias("bouncing"))
             .join(User)
             .where(Membership.program == program_id))
    if has_role:
        query = query.where(Membership.role == next(values))
    if has_state:
        query = query.where(Membership.state == next(values))
    if has_search:
        query = query.where((User.name ** next(values)) | (User.email ** next(values)))
    query = query.order_by(Membership.id.desc()).limit(PAGE_SIZE)
    return query.offset(next(values)) if has_offset else query


class Applicant(NamedTuple):
    id: int
    role: str
    state: str
    headline: str
    applied: str
    name: str
    email: str
    bouncing: bool  # whether mail to `email` comes back undelivered


def applicant_page(program, role, state, search, page, zone):
    """One page of the program's members, as Applicant rows with the day they applied in `zone`."""
    pattern = "%" + search.replace("\\", "").replace("%", "").replace("_", "") + "%"
    offset = (page - 1) * PAGE_SIZE
    shape = (bool(role), bool(state), bool(search), bool(offset))
    params = ([role] if role else []) + ([state] if state else []) + ([pattern, pattern] if search else []) + \
        ([offset] if offset else [])
    prepared = _pages.get(shape) or _pages.setdefault(shape, Prepared(partial(_applicant_query, shape)))
    return [Applicant(*row[:4], _day(row[4], zone), *row[5:7], bool(row[7]))
            for row in prepared.rows(program.id, *params)]


@lru_cache(maxsize=4096)
def _day(stored, zone):
    """The day of `stored` (a moment as the database gives it) in `zone`, written once: the list shows the same
    members at each request."""
    moment = Membership.submitted_at.python_value(stored)
    return moment.astimezone(zone).strftime("%d %b %Y") if moment else "not sent yet"


_counts = Prepared(lambda program_id: Membership.select(Membership.role, Membership.state,
                                                        pw.fn.COUNT(pw.SQL("*")).alias("count"))
                   .where(Membership.program == program_id)
                   .group_by(Membership.role, Membership.state))


def applicant_counts(program):
    """How many members have each role, and each state (every role and state, 0 when none): counted again only when
    the program has changed since (coordinate.snapshots; the database notes every change of a membership)."""
    roles, states = _counted.get(program, clock.now())
    return dict(roles), dict(states)


def _count(program):
    """How many members have each role, and each state, counted now."""
    roles, states = dict.fromkeys(Membership.ROLES, 0), dict.fromkeys(Membership.STATES, 0)
    for role, state, count in _counts.rows(program.id):
        roles[role] += count
        states[state] += count
    return roles, states


_counted = Snapshots(_count, lambda counts, now: (counts, datetime.max.replace(tzinfo=UTC)))
