"""Accounts: people, the links emailed to them, and each browser's log-in."""
import secrets
from datetime import timedelta

import peewee as pw
from flask_login import UserMixin

from mentoring import clock
from mentoring.db import Prepared
from mentoring.models.base import BaseModel, JSONField, UTCDateTimeField, digest


class User(UserMixin, BaseModel):
    """A person with an account: participant, coordinator or site admin."""

    email = pw.CharField(max_length=254, unique=True)
    name = pw.CharField(max_length=120)
    password_hash = pw.CharField(max_length=255)
    timezone = pw.CharField(max_length=64)
    email_verified_at = UTCDateTimeField(null=True)
    is_admin = pw.BooleanField(default=False)
    email_preferences = JSONField(default=dict)
    created_at = UTCDateTimeField(default=clock.now)
    last_login_at = UTCDateTimeField(null=True)
    calendar_token = pw.CharField(max_length=64, null=True, unique=True)
    photo_key = pw.CharField(max_length=32, null=True)  # the profile photo, 256 px square (None: initials instead)
    photo_small_key = pw.CharField(max_length=32, null=True)  # the same photo at 64 px
    email_bouncing_since = UTCDateTimeField(null=True)  # since mail to `email` comes back (None: it arrives)

    FORMER_MEMBER_DOMAIN = "former-member.invalid"  # the address of a stand-in for a deleted account (never mailed)

    sign_in = None  # the SignIn this request is logged in under (set at log-in and by the user loader)
    # The same person whatever log-in they came by: compared as every model is, by id (not Flask-Login's get_id).
    __eq__, __ne__, __hash__ = BaseModel.__eq__, BaseModel.__ne__, BaseModel.__hash__

    class Meta:
        table_name = "users"

    def get_id(self):
        """What Flask-Login keeps in the session and the remember-me cookie: the sign-in's id and secret."""
        return self.sign_in.session_id

    @property
    def photo_version(self):
        """What a photo's address carries, changing whenever the photo does (None without a photo)."""
        return self.photo_key[:12] if self.photo_key else None

    @property
    def is_verified(self):
        return self.email_verified_at is not None

    @property
    def is_former_member(self):
        """Whether this is the stand-in a deleted account left in its partners' pairs: no one, never emailed."""
        return self.email.endswith("@" + self.FORMER_MEMBER_DOMAIN)

    @property
    def has_password(self):
        """False for someone invited by email who has not yet chosen a password."""
        return bool(self.password_hash)

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


class SignIn(BaseModel):
    """One browser's log-in: its cookies carry "<id>:<secret>", the table only the secret's hash. Deleting the row
    (log-out, log-out everywhere, a new password) ends it, whatever copies of those cookies exist."""

    IDLE_LIMIT = timedelta(days=30)  # a log-in unused this long has ended (a remember-me cookie lasts as long)
    SEEN_EVERY = timedelta(minutes=5)  # last_seen_at is noted at most this often: not a write on every request

    user = pw.ForeignKeyField(User, backref="sign_ins", on_delete="CASCADE")
    digest = pw.CharField(max_length=64)
    device = pw.CharField(max_length=80)
    created_at = UTCDateTimeField(default=clock.now)
    last_seen_at = UTCDateTimeField(default=clock.now)

    @classmethod
    def start(cls, user, device):
        """Log `user` in on one more browser (`device` names it); returns the user, carrying the new sign-in."""
        secret = secrets.token_urlsafe(24)
        user.sign_in = cls.create(user=user, digest=digest(secret), device=device[:80])
        user.sign_in.session_id = f"{user.sign_in.id}:{secret}"
        return user

    @classmethod
    def user_of(cls, session_id):
        """The user logged in under `session_id` (read from a cookie), or None once that log-in has ended; the
        sign-in is noted as seen when SEEN_EVERY has passed since it last was."""
        sign_in_id, _, secret = session_id.partition(":")
        if not sign_in_id.isdigit() or len(sign_in_id) > 18:
            return None
        rows = cls.with_user.joined(int(sign_in_id), digest(secret))
        moment = clock.now()
        if not rows or rows[0][0].last_seen_at <= moment - cls.IDLE_LIMIT:
            return None
        sign_in, user = rows[0]
        if sign_in.last_seen_at <= moment - cls.SEEN_EVERY:
            cls.update(last_seen_at=moment).where(cls.id == sign_in.id).execute()
            sign_in.last_seen_at = moment
        sign_in.session_id, user.sign_in = session_id, sign_in
        return user

    @classmethod
    def end(cls, user, keeping=None):
        """End every log-in of `user` (but the sign-in `keeping`); returns how many ended."""
        query = cls.delete().where(cls.user == user)
        if keeping is not None:
            query = query.where(cls.id != keeping.id)
        return query.execute()

    @classmethod
    def prune(cls):
        """Forget log-ins unused for IDLE_LIMIT (they open nothing any more)."""
        return cls.delete().where(cls.last_seen_at <= clock.now() - cls.IDLE_LIMIT).execute()

    # Queries on the path of nearly every request, built once (see db.Prepared).
    with_user = Prepared(lambda sign_in_id, secret_digest: SignIn.select(SignIn, User)
                        .join(User)
                        .where(SignIn.id == sign_in_id, SignIn.digest == secret_digest))
    of = Prepared(lambda user_id: SignIn.select()  # where the user is logged in, the latest used first
                  .where(SignIn.user == user_id)
                  .order_by(SignIn.last_seen_at.desc(), SignIn.id.desc()))
