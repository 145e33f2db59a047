"""Requests, hidden suggestions, coordinators' constraints and matching runs."""
import peewee as pw

from mentoring import clock
from mentoring.models.auth import User
from mentoring.models.base import BaseModel, JSONField, UTCDateTimeField
from mentoring.models.pairs import Pair
from mentoring.models.programs import Membership, Program


class MentorRequest(BaseModel):
    """A mentee asking a mentor, with a message; answered, withdrawn or expired."""

    OPEN, ACCEPTED, DECLINED, WITHDRAWN, EXPIRED = "open", "accepted", "declined", "withdrawn", "expired"

    program = pw.ForeignKeyField(Program, backref="requests", on_delete="CASCADE")
    mentee = pw.ForeignKeyField(Membership, backref="sent_requests", on_delete="CASCADE")
    mentor = pw.ForeignKeyField(Membership, backref="received_requests", on_delete="CASCADE")
    message = pw.TextField(default="")
    state = pw.CharField(max_length=10, default=OPEN)
    created_at = UTCDateTimeField(default=clock.now)
    expires_at = UTCDateTimeField()
    reminded_at = UTCDateTimeField(null=True)
    answered_at = UTCDateTimeField(null=True)
    decline_reason = pw.CharField(max_length=40, default="")
    decline_note = pw.TextField(default="")
    welcome_message = pw.TextField(default="")
    pair = pw.ForeignKeyField(Pair, null=True, backref="requests", on_delete="SET NULL")

    class Meta:
        indexes = ((("mentor", "state"), False), (("mentee", "state"), False), (("state", "expires_at"), False))

    @classmethod
    def sent_by(cls, mentee):
        """The mentee's requests, the newest first, each with its mentor's membership and account."""
        return (cls.select(cls, Membership, User)
                .join(Membership, on=(cls.mentor == Membership.id))
                .join(User)
                .where(cls.mentee == mentee)
                .order_by(cls.created_at.desc()))

    @classmethod
    def received_by(cls, mentor):
        """The requests the mentor received, the newest first, each with its mentee's membership and account."""
        return (cls.select(cls, Membership, User)
                .join(Membership, on=(cls.mentee == Membership.id))
                .join(User)
                .where(cls.mentor == mentor)
                .order_by(cls.created_at.desc()))

    @classmethod
    def waiting_per_mentor(cls, memberships):
        """{membership id: how many open requests wait for its answer} of these memberships (none: no query)."""
        if not memberships:
            return {}
        return dict(cls.select(cls.mentor, pw.fn.COUNT(pw.SQL("*")))
                    .where(cls.mentor.in_([membership.id for membership in memberships]), cls.state == cls.OPEN)
                    .group_by(cls.mentor)
                    .tuples())


class RequestNote(BaseModel):
    """A word about an open request from its mentee or its mentor (a question before an answer), on the page or by
    replying to the request's email."""

    request = pw.ForeignKeyField(MentorRequest, backref="notes", on_delete="CASCADE")
    author = pw.ForeignKeyField(User, backref="+", on_delete="CASCADE")
    text = pw.TextField()
    written_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("request", "written_at"), False),)

    @classmethod
    def of(cls, request_ids):
        """{request id: its notes, the oldest first, each with its author} of these requests."""
        notes = {}
        for note in (cls.select(cls, User).join(User).where(cls.request.in_(list(request_ids)))
                     .order_by(cls.written_at, cls.id)):
            notes.setdefault(note.request_id, []).append(note)
        return notes


class HiddenSuggestion(BaseModel):
    """A mentor the mentee said "not for me" to: only hidden from their suggestions."""

    mentee = pw.ForeignKeyField(Membership, backref="hidden", on_delete="CASCADE")
    mentor = pw.ForeignKeyField(Membership, backref="+", on_delete="CASCADE")
    created_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("mentee", "mentor"), True),)


class MatchConstraint(BaseModel):
    """A coordinator's pin (these two must be paired), block (never these two) or allow (these two may be proposed,
    although one of them said no to the other)."""

    PIN, BLOCK, ALLOW = "pin", "block", "allow"

    program = pw.ForeignKeyField(Program, backref="constraints", on_delete="CASCADE")
    mentee = pw.ForeignKeyField(Membership, backref="+", on_delete="CASCADE")
    mentor = pw.ForeignKeyField(Membership, backref="+", on_delete="CASCADE")
    kind = pw.CharField(max_length=6)
    created_by = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    created_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("mentee", "mentor"), True),)

    @classmethod
    def pins_and_blocks(cls, program):
        """The program's constraints but its allows (an allow only lifts a refusal)."""
        return (cls.select()
                .where(cls.program == program, cls.kind != cls.ALLOW))


class MatchRun(BaseModel):
    """One "propose matches" computation: its progress, then the proposal a coordinator edits and publishes."""

    QUEUED, RUNNING, DONE, FAILED, PUBLISHED = "queued", "running", "done", "failed", "published"

    program = pw.ForeignKeyField(Program, backref="match_runs", on_delete="CASCADE")
    created_by = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    objective = pw.CharField(max_length=16, default="most_pairs")  # one of matching.assign.OBJECTIVES
    state = pw.CharField(max_length=10, default=QUEUED)
    progress = pw.IntegerField(default=0)
    message = pw.TextField(default="")
    rows = JSONField(default=list)
    unmatched = JSONField(default=dict)
    comparison = JSONField(default=dict)  # {objective: pairs, total, mean, lowest, unmatched} of each on this run
    created_at = UTCDateTimeField(default=clock.now)
    finished_at = UTCDateTimeField(null=True)

    @classmethod
    def latest_of(cls, program, count):
        """The program's last `count` runs, the newest first."""
        return (cls.select()
                .where(cls.program == program)
                .order_by(cls.id.desc())
                .limit(count))
