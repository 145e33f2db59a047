"""Every table of Mentoring as a peewee model."""
import json
import secrets
from datetime import timezone

import peewee as pw
from flask_login import UserMixin

from mentoring import clock
from mentoring.db import db


class UTCDateTimeField(pw.DateTimeField):
    """A moment stored as naive UTC and read back as an aware UTC datetime."""

    def db_value(self, value):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return super().db_value(value)

    def python_value(self, value):
        value = super().python_value(value)
        if value is not None and hasattr(value, "tzinfo"):
            value = value.replace(tzinfo=timezone.utc)
        return value


class JSONField(pw.TextField):
    """A JSON document kept as text, the same on SQLite and PostgreSQL."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, sort_keys=True)

    def python_value(self, value):
        return None if value is None else json.loads(value)


class BaseModel(pw.Model):
    class Meta:
        database = db
        legacy_table_names = False


def new_session_key():
    """A random key; changing a user's key ends every session and remember-me cookie they hold."""
    return secrets.token_urlsafe(24)


class User(UserMixin, BaseModel):
    """A person with an account: participant, coordinator or site admin."""

    email = pw.CharField(max_length=254, unique=True)
    name = pw.CharField(max_length=120)
    password_hash = pw.CharField(max_length=255)
    timezone = pw.CharField(max_length=64)
    email_verified_at = UTCDateTimeField(null=True)
    is_admin = pw.BooleanField(default=False)
    session_key = pw.CharField(max_length=64, default=new_session_key)
    email_preferences = JSONField(default=dict)
    created_at = UTCDateTimeField(default=clock.now)
    last_login_at = UTCDateTimeField(null=True)

    class Meta:
        table_name = "users"

    def get_id(self):
        return f"{self.id}:{self.session_key}"

    @property
    def is_verified(self):
        return self.email_verified_at is not None

    def wants_email(self, kind):
        """Whether this person agreed to notifications of `kind` by email (on unless turned off)."""
        return self.email_preferences.get(kind, True)

    @classmethod
    def by_email(cls, email):
        return cls.get_or_none(cls.email == email.strip().lower())

    @classmethod
    def admins(cls):
        return cls.select().where(cls.is_admin == True)  # noqa: E712


class AccountToken(BaseModel):
    """A one-time link sent by email (verify the address, reset the password); only its hash is kept."""

    user = pw.ForeignKeyField(User, backref="tokens", on_delete="CASCADE")
    purpose = pw.CharField(max_length=20)
    digest = pw.CharField(max_length=64, unique=True)
    created_at = UTCDateTimeField(default=clock.now)
    expires_at = UTCDateTimeField()
    used_at = UTCDateTimeField(null=True)


class OutboxEmail(BaseModel):
    """An email waiting for, or done with, delivery; written in the transaction that caused it."""

    PENDING, SENDING, SENT, FAILED = "pending", "sending", "sent", "failed"

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


class RateLimitEvent(BaseModel):
    """One attempt counted against a rate limit bucket (an address or an account)."""

    bucket = pw.CharField(max_length=300)
    at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("bucket", "at"), False),)


class AuditLog(BaseModel):
    """Who did what and when, for every change a coordinator or admin makes."""

    actor = pw.ForeignKeyField(User, null=True, backref="audit_entries", on_delete="SET NULL")
    action = pw.CharField(max_length=60)
    target = pw.CharField(max_length=200, default="")
    detail = JSONField(default=dict)
    created_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("created_at",), False),)


MODELS = [User, AccountToken, OutboxEmail, RateLimitEvent, AuditLog]
