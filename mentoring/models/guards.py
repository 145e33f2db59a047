"""What guards the forms keep: counted attempts and one-time submission keys."""
from datetime import timedelta

import peewee as pw

from mentoring import clock
from mentoring.db import Prepared
from mentoring.models.auth import User
from mentoring.models.base import BaseModel, UTCDateTimeField


class RateLimitEvent(BaseModel):
    """One attempt counted against a rate limit bucket (an address or an account)."""

    bucket = pw.CharField(max_length=300)
    at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("bucket", "at"), False),)


class Submission(BaseModel):
    """A form that creates something, as it was first sent: its one-time key, who sent it, and the page its sending
    led to. A repeat of the key (a double click, a retry) is answered with that page and creates nothing."""

    KEPT = timedelta(days=2)  # long enough for any retry of a form

    key = pw.CharField(max_length=64, unique=True)
    user = pw.ForeignKeyField(User, null=True, backref="+", on_delete="CASCADE")
    outcome = pw.CharField(max_length=500, default="")
    created_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("created_at",), False),)

    @classmethod
    def first(cls, key, user_id):
        """Note the first sending of `key` (by `user_id`, or None); its id. IntegrityError when the key was sent
        before, once that sending has finished."""
        return cls.noted.inserted(key, user_id, clock.now())

    @classmethod
    def settle(cls, submission_id, outcome):
        """Keep the page the sending led to, or forget the sending when it made nothing (`outcome` None)."""
        if outcome is None:
            cls.delete_by_id(submission_id)
        else:
            cls.settled.changed(outcome, submission_id)

    @classmethod
    def prune(cls):
        """Forget the keys of forms sent long ago."""
        return cls.delete().where(cls.created_at < clock.now() - cls.KEPT).execute()

    # On the path of every form that creates something, their SQL built once (see db.Prepared).
    noted = Prepared(lambda key, user_id, created_at: Submission.insert(key=key, user=user_id, created_at=created_at))
    settled = Prepared(lambda outcome, submission_id: Submission.update(outcome=outcome)
                       .where(Submission.id == submission_id))
