"""The person's calendar: their next sessions and events, and the subscription feed of all of them."""
import secrets
from datetime import datetime, timedelta
from typing import NamedTuple

import peewee as pw

from mentoring import clock
from mentoring.db import Prepared, as_read
from mentoring.errors import NotFound
from mentoring.meetings import ical
from mentoring.meetings.invites import invite_for
from mentoring.models import Meeting, Membership, Pair, Program, User


def _mine(user_id, states):
    """The condition for sessions of the person's pairs (in `states`) and the events of their programs that invite
    them."""
    mine, invited = Membership.alias(), Membership.alias()
    pairs = (Pair.select(Pair.id)
             .join(mine, on=((Pair.mentee == mine.id) | (Pair.mentor == mine.id)))
             .where(mine.user == user_id, Pair.state.in_(states)))
    invites = (invited.select(invited.id)
               .where(invited.program == Meeting.program, invited.user == user_id,
                      invited.state == Membership.APPROVED,
                      (Meeting.audience == "all") | (Meeting.audience == invited.role)))
    return Meeting.pair.in_(pairs) | (Meeting.pair.is_null() & pw.fn.EXISTS(invites))


class Upcoming(NamedTuple):
    """A session or event as a list of them shows it: when, its title, and where to open it."""
    id: int
    pair_id: int | None
    title: str
    starts_at: datetime
    program_slug: str
    program_name: str


_UPCOMING = Prepared(lambda user_id, since, limit:
                     Meeting.select(Meeting.id, Meeting.pair, Meeting.title, Meeting.starts_at,
                                    Meeting.duration_minutes, Program.slug, Program.name).join(Program)
                     .where(_mine(user_id, Pair.MEETING),
                            ~Meeting.cancelled, Meeting.starts_at > since)
                     .order_by(Meeting.starts_at)
                     .limit(limit))


def upcoming_for(user, limit=5):
    """The person's next sessions and program events (those under way too), soonest first."""
    now = clock.now()
    return [Upcoming(meeting_id, pair_id, title, starts_at, slug, name)
            for meeting_id, pair_id, title, starts_at, minutes, slug, name
            in _UPCOMING.rows(user.id, now - timedelta(hours=3), limit + 10)
            if starts_at + timedelta(minutes=minutes) > now][:limit]


def calendar_token(user, reset=False):
    """The secret of the person's calendar subscription (made on first use, replaced when reset)."""
    if user.calendar_token is None or reset:
        made = User.update(calendar_token=secrets.token_urlsafe(24)).where(User.id == user.id)
        if not reset:  # two first visits at once make one address, not one that the other replaces
            made = made.where(User.calendar_token.is_null())
        made.execute()
        as_read(user, calendar_token=User.select(User.calendar_token).where(User.id == user.id).scalar())
    return user.calendar_token


def feed(token):
    """The calendar of the person with this feed token: their pairs' sessions and their programs' events,
    with moves and cancellations."""
    user = User.get_or_none(User.calendar_token == token) if token else None
    if user is None:
        raise NotFound()
    meetings = (Meeting.select()
                .where(_mine(user.id, [*Pair.HOLDING, Pair.ENDED]))
                .order_by(Meeting.starts_at))
    invites, seen = [], set()
    for meeting in meetings:
        if meeting.uid in seen or (meeting.cancelled and not meeting.series_id):
            continue
        seen.add(meeting.uid)
        if meeting.series_id and meeting.series.cancelled:
            continue
        invites.append(invite_for(meeting, attendees=None if meeting.pair_id else [user]))
    return ical.feed(invites, clock.now(), f"Mentoring: {user.name}")
