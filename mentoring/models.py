"""Every table of Mentoring as a peewee model."""
import hashlib
import json
import secrets
from datetime import datetime, timedelta, timezone

import peewee as pw
from flask_login import UserMixin

from mentoring import clock
from mentoring.db import Prepared, db, is_postgres


class UTCDateTimeField(pw.DateTimeField):
    """A moment stored as naive UTC and read back as an aware UTC datetime."""

    def db_value(self, value):
        if value is not None and value.tzinfo is not None:
            value = value.astimezone(timezone.utc).replace(tzinfo=None)
        return super().db_value(value)

    def python_value(self, value):
        if isinstance(value, str):  # SQLite's text; fromisoformat is much faster than peewee's formats
            value = datetime.fromisoformat(value)
        if value is not None:
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

    @classmethod
    def lock(cls, *ids):
        """Hold the rows with these ids until the transaction ends, before reading what a change counts on: FOR UPDATE
        on PostgreSQL, taken in id order so two transactions locking several rows never wait on each other (SQLite's
        IMMEDIATE transactions already hold the whole database)."""
        if ids and is_postgres():
            list(cls.select(cls.id).where(cls.id.in_(sorted(set(ids)))).order_by(cls.id).for_update())


def digest(secret):
    """The SHA-256 of a secret handed out (an emailed link's token, a log-in's cookie secret): only this is kept."""
    return hashlib.sha256(secret.encode("utf-8", "replace")).hexdigest()


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

    sign_in = None  # the SignIn this request is logged in under (set at log-in and by the user loader)
    # The same person whatever log-in they came by: compared as every model is, by id (not Flask-Login's get_id).
    __eq__, __ne__, __hash__ = BaseModel.__eq__, BaseModel.__ne__, BaseModel.__hash__

    class Meta:
        table_name = "users"

    def get_id(self):
        """What Flask-Login keeps in the session and the remember-me cookie: the sign-in's id and secret."""
        return self.sign_in.session_id

    @property
    def is_verified(self):
        return self.email_verified_at is not None

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
    def of(cls, user):
        """Where `user` is logged in, the latest used first."""
        return cls.select().where(cls.user == user).order_by(cls.last_seen_at.desc(), cls.id.desc())

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


class RateLimitEvent(BaseModel):
    """One attempt counted against a rate limit bucket (an address or an account)."""

    bucket = pw.CharField(max_length=300)
    at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("bucket", "at"), False),)


class Program(BaseModel):
    """A mentoring program: its goals, guidelines, dates and rules, run by its coordinators."""

    DRAFT, OPEN, MATCHING, RUNNING, CLOSED = "draft", "open", "matching", "running", "closed"
    STATES = (DRAFT, OPEN, MATCHING, RUNNING, CLOSED)

    name = pw.CharField(max_length=120)
    slug = pw.CharField(max_length=80, unique=True)
    description = pw.CharField(max_length=300, default="")
    goals = pw.TextField(default="")
    guidelines = pw.TextField(default="")
    starts_on = pw.DateField(null=True)
    ends_on = pw.DateField(null=True)
    cadence_days = pw.IntegerField(default=14)
    default_capacity = pw.IntegerField(default=2)
    max_capacity = pw.IntegerField(default=5)
    max_open_requests = pw.IntegerField(default=3)
    requires_approval = pw.BooleanField(default=True)
    allows_both_roles = pw.BooleanField(default=False)
    state = pw.CharField(max_length=12, default=DRAFT)
    created_at = UTCDateTimeField(default=clock.now)
    reply_days = pw.IntegerField(default=14)
    introduction_step = pw.BooleanField(default=True)
    roster_version = pw.IntegerField(default=0)  # grows whenever members, answers or rules change
    checkin_weeks = pw.IntegerField(default=4)  # a check-in survey every N weeks (0: none)
    digest_sent_at = UTCDateTimeField(null=True)

    @property
    def accepts_applications(self):
        return self.state in (self.OPEN, self.MATCHING, self.RUNNING)

    @property
    def accepts_requests(self):
        return self.state in (self.OPEN, self.MATCHING, self.RUNNING)

    @property
    def is_public(self):
        return self.state == self.OPEN

    @classmethod
    def roster_changed(cls, program_id):
        """Note that members, answers or matching rules changed (so cached mentor pools are rebuilt)."""
        cls.update(roster_version=cls.roster_version + 1).where(cls.id == program_id).execute()


class ProgramChange(BaseModel):
    """A write to something the health board or the report reads, noted by the database's own triggers (see
    migration 0006), whatever made it: a service, raw SQL or a cascading delete. A program's latest change is what
    its kept figures are checked against. Rows are only ever inserted (no row of another table is locked), and
    committed in the order of their ids; older rows are pruned."""

    id = pw.BigAutoField()
    program_id = pw.IntegerField()  # no foreign key: noting a change takes no lock on the program

    class Meta:
        table_name = "program_change"
        indexes = ((("program_id", "id"), False),)

    @classmethod
    def prune(cls):
        """Forget every change but each program's latest (the latest is all the kept figures are checked against)."""
        latest = cls.alias()
        newest = latest.select(pw.fn.MAX(latest.id)).where(latest.program_id == cls.program_id)
        return cls.delete().where(cls.id < newest).execute()


class Coordinator(BaseModel):
    """A person who runs a program."""

    program = pw.ForeignKeyField(Program, backref="coordinators", on_delete="CASCADE")
    user = pw.ForeignKeyField(User, backref="coordinating", on_delete="CASCADE")
    appointed_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("program", "user"), True),)


class Membership(BaseModel):
    """A person's place in a program as mentor or mentee: their application, profile and state."""

    MENTOR, MENTEE = "mentor", "mentee"
    ROLES = (MENTEE, MENTOR)
    STARTED, PENDING, APPROVED, REJECTED, WITHDRAWN = "started", "pending", "approved", "rejected", "withdrawn"
    DEACTIVATED = "deactivated"  # by a coordinator, after a report of a problem
    STATES = (STARTED, PENDING, APPROVED, REJECTED, WITHDRAWN, DEACTIVATED)

    program = pw.ForeignKeyField(Program, backref="memberships", on_delete="CASCADE")
    user = pw.ForeignKeyField(User, backref="memberships", on_delete="CASCADE")
    role = pw.CharField(max_length=10)
    state = pw.CharField(max_length=12, default=STARTED)
    headline = pw.CharField(max_length=120, default="")
    bio = pw.TextField(default="")
    video_link = pw.CharField(max_length=300, default="")
    capacity = pw.IntegerField(null=True)
    consent_sensitive = pw.BooleanField(default=False)
    decision_message = pw.TextField(default="")
    created_at = UTCDateTimeField(default=clock.now)
    submitted_at = UTCDateTimeField(null=True)
    decided_at = UTCDateTimeField(null=True)

    class Meta:
        indexes = ((("program", "user", "role"), True), (("program", "role", "state"), False),
                   (("program", "state"), False))

    @classmethod
    def of(cls, program, user):
        return cls.select().where(cls.program == program, cls.user == user)


class Questionnaire(BaseModel):
    """The questions a program asks for one purpose: the mentors' or the mentees' application."""

    program = pw.ForeignKeyField(Program, backref="questionnaires", on_delete="CASCADE")
    purpose = pw.CharField(max_length=20)

    class Meta:
        indexes = ((("program", "purpose"), True),)


class Question(BaseModel):
    """One question: its kind, wording, choices and how it counts for matching."""

    NONE, EQUAL, SIMILAR, PAIRED = "none", "equal", "similar", "paired"
    MATCHING = (NONE, EQUAL, SIMILAR, PAIRED)

    questionnaire = pw.ForeignKeyField(Questionnaire, backref="questions", on_delete="CASCADE")
    key = pw.CharField(max_length=40)
    position = pw.IntegerField()
    kind = pw.CharField(max_length=20)
    label = pw.CharField(max_length=200)
    help = pw.TextField(default="")
    section = pw.CharField(max_length=80, default="")
    required = pw.BooleanField(default=False)
    choices = JSONField(default=list)
    matching = pw.CharField(max_length=10, default=NONE)
    weight = pw.IntegerField(default=5)
    counterpart = pw.ForeignKeyField("self", null=True, backref="counterpart_of", on_delete="SET NULL")
    sensitive = pw.BooleanField(default=False)
    filter_label = pw.CharField(max_length=40, default="")  # a matching rule's filter, as mentees read it

    class Meta:
        indexes = ((("questionnaire", "key"), True), (("questionnaire", "position"), False))

    @property
    def choice_labels(self):
        return {choice["key"]: choice["label"] for choice in self.choices}

    @classmethod
    def of(cls, program, purpose):
        """The questions of a program's questionnaire, in order."""
        return (cls.select()
                .join(Questionnaire)
                .where(Questionnaire.program == program, Questionnaire.purpose == purpose)
                .order_by(cls.position))


class Response(BaseModel):
    """One person's answers to one questionnaire (an application's answers)."""

    questionnaire = pw.ForeignKeyField(Questionnaire, backref="responses", on_delete="CASCADE")
    user = pw.ForeignKeyField(User, backref="responses", on_delete="CASCADE")
    membership = pw.ForeignKeyField(Membership, null=True, unique=True, backref="responses", on_delete="CASCADE")
    updated_at = UTCDateTimeField(default=clock.now)


class Answer(BaseModel):
    """The value given to one question, in the engine's stored form (see questionnaires.engine)."""

    response = pw.ForeignKeyField(Response, backref="answers", on_delete="CASCADE")
    question = pw.ForeignKeyField(Question, backref="answers", on_delete="CASCADE")
    value = JSONField()

    class Meta:
        indexes = ((("response", "question"), True),)


class Pair(BaseModel):
    """A mentee and a mentor together: proposed, meeting for an introduction, active, or ended."""

    PROPOSED, INTRODUCTION, ACTIVE, PAUSED, ENDED = "proposed", "introduction", "active", "paused", "ended"
    HOLDING = (PROPOSED, INTRODUCTION, ACTIVE, PAUSED)  # these take a mentor's seat and the mentee's place
    MEETING = (INTRODUCTION, ACTIVE)  # these schedule sessions and are asked for feedback

    program = pw.ForeignKeyField(Program, backref="pairs", on_delete="CASCADE")
    mentee = pw.ForeignKeyField(Membership, backref="mentee_pairs", on_delete="CASCADE")
    mentor = pw.ForeignKeyField(Membership, backref="mentor_pairs", on_delete="CASCADE")
    state = pw.CharField(max_length=14)
    origin = pw.CharField(max_length=10, default="request")
    score = pw.IntegerField(null=True)
    mentee_says = pw.CharField(max_length=4, default="")
    mentor_says = pw.CharField(max_length=4, default="")
    created_at = UTCDateTimeField(default=clock.now)
    activated_at = UTCDateTimeField(null=True)
    ended_at = UTCDateTimeField(null=True)
    end_kind = pw.CharField(max_length=20, default="")
    end_reason = pw.TextField(default="")
    ended_by = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    paused_at = UTCDateTimeField(null=True)
    nudged_at = UTCDateTimeField(null=True)

    class Meta:
        indexes = ((("program", "state"), False), (("mentor", "state"), False), (("mentee", "state"), False))

    @classmethod
    def with_people(cls):
        """Pairs with both memberships and both users loaded (pair.mentee.user, pair.mentor.user), newest first;
        returns the query and the two membership aliases to filter on."""
        mentee, mentor = Membership.alias(), Membership.alias()
        mentee_user, mentor_user = User.alias(), User.alias()
        query = (cls.select(cls, mentee, mentor, mentee_user, mentor_user)
                 .join(mentee, on=(cls.mentee == mentee.id)).join(mentee_user, on=(mentee.user == mentee_user.id))
                 .switch(cls).join(mentor, on=(cls.mentor == mentor.id))
                 .join(mentor_user, on=(mentor.user == mentor_user.id))
                 .order_by(cls.created_at.desc()))
        return query, mentee, mentor


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


class MatchRun(BaseModel):
    """One "propose matches" computation: its progress, then the proposal a coordinator edits and publishes."""

    QUEUED, RUNNING, DONE, FAILED, PUBLISHED = "queued", "running", "done", "failed", "published"

    program = pw.ForeignKeyField(Program, backref="match_runs", on_delete="CASCADE")
    created_by = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    fairest = pw.BooleanField(default=False)
    state = pw.CharField(max_length=10, default=QUEUED)
    progress = pw.IntegerField(default=0)
    message = pw.TextField(default="")
    rows = JSONField(default=list)
    unmatched = JSONField(default=dict)
    created_at = UTCDateTimeField(default=clock.now)
    finished_at = UTCDateTimeField(null=True)


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


class Rsvp(BaseModel):
    """A person's answer to a session: accepted, declined, or another time suggested."""

    ACCEPTED, DECLINED, PROPOSED = "accepted", "declined", "proposed"

    meeting = pw.ForeignKeyField(Meeting, backref="rsvps", on_delete="CASCADE")
    user = pw.ForeignKeyField(User, backref="rsvps", on_delete="CASCADE")
    answer = pw.CharField(max_length=10)
    proposed_start = UTCDateTimeField(null=True)
    note = pw.TextField(default="")
    updated_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("meeting", "user"), True),)


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


class PrivateNote(BaseModel):
    """A note about a session that only its author can read."""

    meeting = pw.ForeignKeyField(Meeting, backref="private_notes", on_delete="CASCADE")
    user = pw.ForeignKeyField(User, backref="private_notes", on_delete="CASCADE")
    text = pw.TextField(default="")
    updated_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("meeting", "user"), True),)


class Goal(BaseModel):
    """What a pair works toward: what, why, by when, and how far along it is."""

    NOT_STARTED, IN_PROGRESS, DONE = "not_started", "in_progress", "done"
    STATES = {NOT_STARTED: "Not started", IN_PROGRESS: "In progress", DONE: "Done"}

    pair = pw.ForeignKeyField(Pair, backref="goals", on_delete="CASCADE")
    title = pw.CharField(max_length=200)
    why = pw.TextField(default="")
    target_date = pw.DateField(null=True)
    state = pw.CharField(max_length=12, default=NOT_STARTED)
    position = pw.IntegerField()
    created_by = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    created_at = UTCDateTimeField(default=clock.now)
    done_at = UTCDateTimeField(null=True)

    class Meta:
        indexes = ((("pair", "position"), False), (("state", "done_at"), False))


class Milestone(BaseModel):
    """A step on the way to a goal."""

    goal = pw.ForeignKeyField(Goal, backref="milestones", on_delete="CASCADE")
    text = pw.CharField(max_length=300)
    position = pw.IntegerField()
    done_at = UTCDateTimeField(null=True)

    class Meta:
        indexes = ((("goal", "position"), False),)


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


class ProblemReport(BaseModel):
    """A participant's private report of a problem with a person or their pair, for the coordinators."""

    NEW, IN_PROGRESS, RESOLVED = "new", "in_progress", "resolved"
    STATES = {NEW: "New", IN_PROGRESS: "In progress", RESOLVED: "Resolved"}

    program = pw.ForeignKeyField(Program, backref="problem_reports", on_delete="CASCADE")
    reporter = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    pair = pw.ForeignKeyField(Pair, null=True, backref="problem_reports", on_delete="SET NULL")
    about = pw.ForeignKeyField(Membership, null=True, backref="+", on_delete="SET NULL")
    text = pw.TextField()
    state = pw.CharField(max_length=12, default=NEW)
    note = pw.TextField(default="")  # the coordinators' own record of what they did
    created_at = UTCDateTimeField(default=clock.now)
    updated_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("program", "state", "created_at"), False),)


class AuditLog(BaseModel):
    """Who did what and when, for every change a coordinator or admin makes."""

    actor = pw.ForeignKeyField(User, null=True, backref="audit_entries", on_delete="SET NULL")
    program = pw.ForeignKeyField(Program, null=True, backref="audit_entries", on_delete="CASCADE")
    action = pw.CharField(max_length=60)
    target = pw.CharField(max_length=200, default="")
    detail = JSONField(default=dict)
    created_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("created_at",), False), (("program", "created_at"), False))


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
    def prune(cls):
        """Forget the keys of forms sent long ago."""
        return cls.delete().where(cls.created_at < clock.now() - cls.KEPT).execute()


# Queries on the path of nearly every request, built once (see db.Prepared).
SignIn.with_user = Prepared(lambda sign_in_id, secret_digest: SignIn.select(SignIn, User)
                           .join(User)
                           .where(SignIn.id == sign_in_id, SignIn.digest == secret_digest))
ProgramChange.latest = Prepared(lambda program_id: ProgramChange.select(pw.fn.MAX(ProgramChange.id))
                               .where(ProgramChange.program_id == program_id))
Program.by_slug = Prepared(lambda slug: Program.select().where(Program.slug == slug))
Program.run_by = Prepared(lambda slug, user_id: Program.select().join(Coordinator)
                          .where(Program.slug == slug, Coordinator.user == user_id))
Coordinator.of = Prepared(lambda program_id, user_id: Coordinator.select(Coordinator.id)
                          .where(Coordinator.program == program_id, Coordinator.user == user_id))
Question.rules_of = Prepared(lambda program_id, purpose, none: Question.select(
                                 Question.label, Question.matching, Question.weight, Question.sensitive)
                             .join(Questionnaire)
                             .where(Questionnaire.program == program_id, Questionnaire.purpose == purpose,
                                    Question.matching != none)
                             .order_by(Question.position))
Membership.mine = Prepared(lambda program_id, user_id: Membership.select()
                           .where(Membership.program == program_id, Membership.user == user_id)
                           .order_by(Membership.role))
Pair.by_id_with_people = Prepared(lambda pair_id: Pair.with_people()[0]
                                  .select_extend(Program).switch(Pair).join(Program)
                                  .where(Pair.id == pair_id))
Meeting.by_id = Prepared(lambda meeting_id: Meeting.select().where(Meeting.id == meeting_id))
Meeting.of_pair = Prepared(lambda pair_id: Meeting.select(
                               Meeting.id, Meeting.pair, Meeting.series, Meeting.title, Meeting.starts_at,
                               Meeting.duration_minutes, Meeting.location, Meeting.shared_notes, Meeting.cancelled)
                           .where(Meeting.pair == pair_id, ~Meeting.cancelled)
                           .order_by(Meeting.starts_at))
Rsvp.of_five = Prepared(lambda a, b, c, d, e: Rsvp.select().where(Rsvp.meeting.in_([a, b, c, d, e])))
Goal.of_pair = Prepared(lambda pair_id: Goal.select().where(Goal.pair == pair_id).order_by(Goal.position))
Milestone.of_pair = Prepared(lambda pair_id: Milestone.select().join(Goal).where(Goal.pair == pair_id)
                             .order_by(Milestone.position))
AgendaItem.of_meeting = Prepared(lambda meeting_id: AgendaItem.select()
                                 .where(AgendaItem.meeting == meeting_id)
                                 .order_by(AgendaItem.position))


MODELS = [User, SignIn, AccountToken, OutboxEmail, RateLimitEvent, Program, Coordinator, Membership,
          Questionnaire, Question, Response, Answer, Pair, MentorRequest, HiddenSuggestion, MatchConstraint, MatchRun,
          Series, Meeting, Rsvp, AgendaItem, PrivateNote, Goal, Milestone, Feedback, ProblemReport, AuditLog,
          ProgramChange, Submission]
