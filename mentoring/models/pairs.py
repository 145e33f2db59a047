"""Pairs of mentee and mentor, their goals, and the problems they report."""
import peewee as pw

from mentoring import clock
from mentoring.db import Prepared
from mentoring.models.auth import User
from mentoring.models.base import BaseModel, JSONField, UTCDateTimeField
from mentoring.models.discussions import DiscussionPost
from mentoring.models.programs import Membership, Program


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

    @classmethod
    def page_of(cls, program, state, page, size):
        """One page of the program's pairs with their people, the newest first; only those in `state` unless empty."""
        query = (cls.with_people()[0]
                 .where(cls.program == program)
                 .paginate(page, size))
        return query.where(cls.state == state) if state else query

    # Queries on the path of nearly every request, built once (see db.Prepared).
    by_id_with_people = Prepared(lambda pair_id: Pair.with_people()[0]
                                 .select_extend(Program).switch(Pair).join(Program)
                                 .where(Pair.id == pair_id))
    as_talked_in = Prepared(lambda pair_id: _as_talked_in(pair_id))
    as_shown = Prepared(lambda pair_id: _as_shown(pair_id))


def _as_shown(pair_id):
    """The pair as its page reads it: the whole pair, of each membership what its partner's card and the pair's
    rules read, of each person what the page shows (name, face, address, time zone), and the program's name and look
    (pair.mentee.user and pair.program reachable, holding only these columns)."""
    mentee, mentor = Membership.alias(), Membership.alias()
    mentee_user, mentor_user = User.alias(), User.alias()
    people = [column for membership, user in ((mentee, mentee_user), (mentor, mentor_user)) for column in (
        membership.id, membership.user, membership.state, membership.headline, membership.bio, membership.video_link,
        user.id, user.name, user.email, user.timezone, user.photo_key)]
    return (Pair.select(Pair, *people, Program.id, Program.name, Program.slug, Program.accent)
            .join(mentee, on=(Pair.mentee == mentee.id)).join(mentee_user, on=(mentee.user == mentee_user.id))
            .switch(Pair).join(mentor, on=(Pair.mentor == mentor.id))
            .join(mentor_user, on=(mentor.user == mentor_user.id))
            .switch(Pair).join(Program)
            .where(Pair.id == pair_id))


def _as_talked_in(pair_id):
    """The pair as its conversation page reads it: its state, both memberships' states, both people's names and faces,
    and the program's look (pair.mentee.user and pair.program reachable, holding only these columns)."""
    mentee, mentor = Membership.alias(), Membership.alias()
    mentee_user, mentor_user = User.alias(), User.alias()
    return (Pair.select(Pair.id, Pair.state, Pair.program, Pair.mentee, Pair.mentor,
                        mentee.id, mentee.user, mentee.state, mentee_user.id, mentee_user.name, mentee_user.photo_key,
                        mentor.id, mentor.user, mentor.state, mentor_user.id, mentor_user.name, mentor_user.photo_key,
                        Program.id, Program.slug, Program.accent)
            .join(mentee, on=(Pair.mentee == mentee.id)).join(mentee_user, on=(mentee.user == mentee_user.id))
            .switch(Pair).join(mentor, on=(Pair.mentor == mentor.id))
            .join(mentor_user, on=(mentor.user == mentor_user.id))
            .switch(Pair).join(Program)
            .where(Pair.id == pair_id))


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

    # Queries on the path of nearly every request, built once (see db.Prepared).
    of_pair = Prepared(lambda pair_id: Goal.select().where(Goal.pair == pair_id).order_by(Goal.position))


class Milestone(BaseModel):
    """A step on the way to a goal."""

    goal = pw.ForeignKeyField(Goal, backref="milestones", on_delete="CASCADE")
    text = pw.CharField(max_length=300)
    position = pw.IntegerField()
    done_at = UTCDateTimeField(null=True)

    class Meta:
        indexes = ((("goal", "position"), False),)

    # Queries on the path of nearly every request, built once (see db.Prepared).
    of_pair = Prepared(lambda pair_id: Milestone.select().join(Goal).where(Goal.pair == pair_id)
                       .order_by(Milestone.position))


class ProblemReport(BaseModel):
    """A participant's private report of a problem with a person or their pair, for the coordinators."""

    NEW, IN_PROGRESS, RESOLVED = "new", "in_progress", "resolved"
    STATES = {NEW: "New", IN_PROGRESS: "In progress", RESOLVED: "Resolved"}

    program = pw.ForeignKeyField(Program, backref="problem_reports", on_delete="CASCADE")
    reporter = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")
    pair = pw.ForeignKeyField(Pair, null=True, backref="problem_reports", on_delete="SET NULL")
    about = pw.ForeignKeyField(Membership, null=True, backref="+", on_delete="SET NULL")
    discussion_post = pw.ForeignKeyField(DiscussionPost, null=True, backref="+", on_delete="SET NULL")  # reported
    text = pw.TextField()
    state = pw.CharField(max_length=12, default=NEW)
    note = pw.TextField(default="")  # the coordinators' own record of what they did
    # A reported message of the pair's conversation (reported once), and what the coordinators see of it: that message
    # and the five before it as they were when reported, [{"id", "sender", "sent_at", "text", "deleted"}], oldest first
    message = pw.DeferredForeignKey("Message", null=True, unique=True, backref="+", on_delete="SET NULL")
    excerpt = JSONField(null=True)
    created_at = UTCDateTimeField(default=clock.now)
    updated_at = UTCDateTimeField(default=clock.now)

    class Meta:
        indexes = ((("program", "state", "created_at"), False),)
