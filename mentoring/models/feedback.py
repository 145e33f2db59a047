"""Feedback after sessions, at check-ins and at a program's end."""
import peewee as pw

from mentoring import clock
from mentoring.models.auth import User
from mentoring.models.base import BaseModel, JSONField, UTCDateTimeField
from mentoring.models.meetings import Meeting
from mentoring.models.pairs import Pair
from mentoring.models.programs import Program


class Feedback(BaseModel):
    """A form someone is asked to fill in (after a session, a periodic check-in, the end of the program) and what
    they answered; the rating, whether the session took place and the 0-10 recommendation are kept apart for the
    health board and the report."""

    SESSION, CHECK_IN, FINAL = "session_feedback", "check_in", "final"  # the questionnaires' purposes

    program = pw.ForeignKeyField(Program, backref="feedback", on_delete="CASCADE")
    pair = pw.ForeignKeyField(Pair, backref="feedback", on_delete="CASCADE")
    meeting = pw.ForeignKeyField(Meeting, null=True, backref="feedback", on_delete="CASCADE")
    user = pw.ForeignKeyField(User, backref="feedback", on_delete="CASCADE")
    role = pw.CharField(max_length=10)  # the person's side of the pair
    kind = pw.CharField(max_length=20)
    asked_at = UTCDateTimeField(default=clock.now)
    submitted_at = UTCDateTimeField(null=True)
    answers = JSONField(default=dict)  # question id (as text) -> stored value
    shared = pw.BooleanField(default=False)  # the person lets their partner read their comments
    rating = pw.IntegerField(null=True)
    took_place = pw.CharField(max_length=12, default="")
    recommend = pw.IntegerField(null=True)

    class Meta:
        indexes = ((("pair", "kind", "submitted_at"), False), (("user", "submitted_at"), False),
                   (("program", "kind", "submitted_at"), False), (("meeting", "user"), False))
