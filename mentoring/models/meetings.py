"""Sessions and series, answers to them, agendas and private notes."""
from datetime import timedelta

import peewee as pw

from mentoring import clock
from mentoring.db import Prepared
from mentoring.models.auth import User
from mentoring.models.base import BaseModel, UTCDateTimeField
from mentoring.models.pairs import Pair
from mentoring.models.programs import Membership, Program


class Series(BaseModel):
    """Recurring check-ins: one calendar event with a rule, kept at the organiser's local time."""

    uid = pw.CharField(max_length=120, unique=True)
    sequence = pw.IntegerField(default=0)
    program = pw.ForeignKeyField(Program, backref="series", on_delete="CASCADE")
    pair = pw.ForeignKeyField(Pair, null=True, backref="series", on_delete="CASCADE")
    organizer = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    title = pw.CharField(max_length=200)
    timezone = pw.CharField(max_length=64)
    first_start = UTCDateTimeField()
    duration_minutes = pw.IntegerField()
    frequency = pw.CharField(max_length=10)  # weekly or monthly
    interval = pw.IntegerField(default=1)
    count = pw.IntegerField(null=True)
    until = UTCDateTimeField(null=True)
    location = pw.CharField(max_length=300, default="")
    cancelled = pw.BooleanField(default=False)
    created_at = UTCDateTimeField(default=clock.now)

    @property
    def rhythm(self):
        """"every week", "every 2 weeks", "every month"."""
        unit = {"weekly": "week", "monthly": "month"}[self.frequency]
        return f"every {unit}" if self.interval == 1 else f"every {self.interval} {unit}s"


class Meeting(BaseModel):
    """A session: of a pair (alone or one occurrence of a series), or a program event for its members."""

    program = pw.ForeignKeyField(Program, backref="meetings", on_delete="CASCADE")
    pair = pw.ForeignKeyField(Pair, null=True, backref="meetings", on_delete="CASCADE")
    series = pw.ForeignKeyField(Series, null=True, backref="meetings", on_delete="CASCADE")
    uid = pw.CharField(max_length=120)
    recurrence_id = UTCDateTimeField(null=True)  # the occurrence's start in its series, before any move
    sequence = pw.IntegerField(default=0)
    organizer = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    title = pw.CharField(max_length=200)
    starts_at = UTCDateTimeField()
    duration_minutes = pw.IntegerField()
    timezone = pw.CharField(max_length=64)
    location = pw.CharField(max_length=300, default="")
    audience = pw.CharField(max_length=10, default="")  # program events: all, mentor or mentee
    cancelled = pw.BooleanField(default=False)
    shared_notes = pw.TextField(default="")
    reminded_at = UTCDateTimeField(null=True)
    carried_over_at = UTCDateTimeField(null=True)
    feedback_asked_at = UTCDateTimeField(null=True)
    created_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("pair", "starts_at"), False), (("program", "starts_at"), False), (("uid",), False),
                   (("series", "recurrence_id"), False), (("starts_at",), False))

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    # Queries on the path of nearly every request, built once (see db.Prepared).
    by_id = Prepared(lambda meeting_id: Meeting.select().where(Meeting.id == meeting_id))
    of_pair = Prepared(lambda pair_id: Meeting.select(
                           Meeting.id, Meeting.title, Meeting.starts_at, Meeting.duration_minutes, Meeting.location,
                           Meeting.shared_notes)
                       .where(Meeting.pair == pair_id, ~Meeting.cancelled)
                       .order_by(Meeting.starts_at))
    as_shown = Prepared(lambda meeting_id: _as_shown(meeting_id))


def _as_shown(meeting_id):
    """A pair's session as its page reads it: what it says of itself, the series it repeats in, the pair's two people
    (names and time zones) and the program's look (meeting.series, meeting.pair.mentee.user and meeting.pair.program
    reachable, holding only these columns); a program event, which has no pair, is not found."""
    mentee, mentor = Membership.alias(), Membership.alias()
    mentee_user, mentor_user = User.alias(), User.alias()
    return (Meeting.select(Meeting.id, Meeting.program, Meeting.pair, Meeting.series, Meeting.title, Meeting.starts_at,
                           Meeting.duration_minutes, Meeting.location, Meeting.cancelled, Meeting.shared_notes,
                           Series.id, Series.frequency, Series.interval,
                           Pair.id, Pair.program, Pair.mentee, Pair.mentor,
                           mentee.id, mentee.user, mentee_user.id, mentee_user.name, mentee_user.timezone,
                           mentor.id, mentor.user, mentor_user.id, mentor_user.name, mentor_user.timezone,
                           Program.id, Program.slug, Program.accent)
            .join(Series, pw.JOIN.LEFT_OUTER)
            .switch(Meeting).join(Pair)
            .join(mentee, on=(Pair.mentee == mentee.id)).join(mentee_user, on=(mentee.user == mentee_user.id))
            .switch(Pair).join(mentor, on=(Pair.mentor == mentor.id))
            .join(mentor_user, on=(mentor.user == mentor_user.id))
            .switch(Pair).join(Program)
            .where(Meeting.id == meeting_id))


class Rsvp(BaseModel):
    """A person's answer to a session: accepted, declined, or another time suggested."""

    ACCEPTED, DECLINED, PROPOSED = "accepted", "declined", "proposed"
    TENTATIVE = "tentative"  # "maybe", which only a calendar app's own buttons say

    meeting = pw.ForeignKeyField(Meeting, backref="rsvps", on_delete="CASCADE")
    user = pw.ForeignKeyField(User, backref="rsvps", on_delete="CASCADE")
    answer = pw.CharField(max_length=10)
    proposed_start = UTCDateTimeField(null=True)
    note = pw.TextField(default="")
    updated_at = UTCDateTimeField(default=clock.now)
    via = pw.CharField(max_length=10, default="")  # CALENDAR when it came from the person's calendar app

    CALENDAR = "calendar"

    class Meta:
        indexes = ((("meeting", "user"), True),)

    # Queries on the path of nearly every request, built once (see db.Prepared).
    of_meetings = Prepared(lambda meeting_ids: Rsvp.select().where(Rsvp.meeting.in_(meeting_ids)),
                           lists=["meeting_ids"])


class AgendaItem(BaseModel):
    """Something to talk about in a session; unfinished items move on to the next session."""

    meeting = pw.ForeignKeyField(Meeting, backref="agenda", on_delete="CASCADE")
    text = pw.CharField(max_length=500)
    position = pw.IntegerField()
    done = pw.BooleanField(default=False)
    added_by = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    created_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("meeting", "position"), False),)

    # Queries on the path of nearly every request, built once (see db.Prepared).
    of_meeting = Prepared(lambda meeting_id: AgendaItem.select()
                          .where(AgendaItem.meeting == meeting_id)
                          .order_by(AgendaItem.position))


class PrivateNote(BaseModel):
    """A note about a session that only its author can read."""

    meeting = pw.ForeignKeyField(Meeting, backref="private_notes", on_delete="CASCADE")
    user = pw.ForeignKeyField(User, backref="private_notes", on_delete="CASCADE")
    text = pw.TextField(default="")
    updated_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("meeting", "user"), True),)

    # A query on the path of the session page, built once (see db.Prepared).
    text_of = Prepared(lambda meeting_id, user_id: PrivateNote.select(PrivateNote.text)
                       .where(PrivateNote.meeting == meeting_id, PrivateNote.user == user_id))
