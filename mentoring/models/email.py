"""The outbox: every email, written before it is sent."""
import peewee as pw

from mentoring import clock
from mentoring.models.auth import User
from mentoring.models.base import BaseModel, UTCDateTimeField


class OutboxEmail(BaseModel):
    """An email waiting for, or done with, delivery; written in the transaction that caused it."""

    PENDING, SENDING, SENT, FAILED, BOUNCED = "pending", "sending", "sent", "failed", "bounced"  # bounced: came back

    user = pw.ForeignKeyField(User, null=True, backref="emails", on_delete="SET NULL")
    kind = pw.CharField(max_length=40)
    to_address = pw.CharField(max_length=254)
    to_name = pw.CharField(max_length=200, default="")
    subject = pw.CharField(max_length=300)
    text_body = pw.TextField()
    html_body = pw.TextField()
    message_id = pw.CharField(max_length=250, unique=True)
    state = pw.CharField(max_length=12, default=PENDING)
    attempts = pw.IntegerField(default=0)
    last_error = pw.TextField(default="")
    created_at = UTCDateTimeField(default=clock.now)
    next_attempt_at = UTCDateTimeField(default=clock.now)
    claimed_at = UTCDateTimeField(null=True)
    sent_at = UTCDateTimeField(null=True)
    calendar_method = pw.CharField(max_length=10, default="")  # REQUEST or CANCEL when an invite rides along
    calendar = pw.TextField(default="")
    reply_to = pw.CharField(max_length=254, default="")

    class Meta:
        indexes = ((("state", "next_attempt_at"), False),)

    @classmethod
    def addressed_to(cls, user):
        return (cls.select()
                .where((cls.user == user) | (cls.to_address == user.email))
                .order_by(cls.id))

    @classmethod
    def due(cls, moment):
        return (cls.select(cls.id)
                .where(cls.state == cls.PENDING, cls.next_attempt_at <= moment)
                .order_by(cls.id))
