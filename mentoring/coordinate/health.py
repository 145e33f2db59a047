"""The coordinator's health board: every pair with its sessions, ratings, goals and flags, the people still waiting,
and nudges to the pairs that have gone quiet."""
import re
from dataclasses import dataclass, field
from datetime import timedelta

import peewee as pw

from mentoring import audit, clock
from mentoring.coordinate import flags
from mentoring.coordinate.snapshots import Snapshots
from mentoring.db import db
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError
from mentoring.models import (Feedback, Goal, Meeting, Membership, MentorRequest, Pair, ProblemReport, Program,
                              User)
from mentoring.web import external_url
from mentoring.words import counted

PAGE_SIZE = 25
UNANSWERED_DAYS = 7
FILTERS = {"": "All pairs", "flagged": "Flagged", flags.STALLED: "No session for a while",
           flags.LOW_RATING: "Rated 2 or less", "paused": "Paused"}
NUDGE_SUBJECT = "How is your mentoring going?"
NUDGE_MESSAGE = ("Hello {name},\n\nWe noticed that you and {partner} have not met for {days} days. Life gets busy; "
                 "could you find a time for your next session this week? If something is in the way, just reply "
                 "and tell us.\n\nThe coordinators of {program}")
PLACEHOLDERS = re.compile(r"\{(name|partner|days|program)\}")


@dataclass
class Row:
    """One pair on the board."""

    id: int
    state: str
    mentee: str
    mentor: str
    started: object
    held: int = 0
    expected: int = 0
    last: object = None
    next: object = None
    ratings: dict = field(default_factory=dict)  # role -> latest rating
    open_goals: int = 0
    goals_done: int = 0
    flags: list = field(default_factory=list)
    quiet_days: int | None = None
    nudged_at: object = None

    @property
    def mentee_rating(self):
        return self.ratings.get("mentee", "–")

    @property
    def mentor_rating(self):
        return self.ratings.get("mentor", "–")


@dataclass
class Board:
    rows: list
    waiting_mentees: list  # (membership id, name, approved on)
    free_mentors: list  # (membership id, name, free seats)
    unanswered: list  # (request id, mentee name, mentor name, days waiting)
    counts: dict
    rendered: dict = field(default_factory=dict)  # the board's parts as rendered (see the view), kept with it


def _compute(program, now):
    """The whole board of a program, from a handful of grouped queries."""
    mentee_member, mentor_member = Membership.alias(), Membership.alias()
    mentee_user, mentor_user = User.alias(), User.alias()
    pairs = (Pair.select(Pair.id, Pair.state, Pair.activated_at, Pair.created_at, Pair.nudged_at,
                         mentee_user.name, mentor_user.name)
             .join(mentee_member, on=(Pair.mentee == mentee_member.id))
             .join(mentee_user, on=(mentee_member.user == mentee_user.id))
             .switch(Pair).join(mentor_member, on=(Pair.mentor == mentor_member.id))
             .join(mentor_user, on=(mentor_member.user == mentor_user.id))
             .where(Pair.program == program.id, Pair.state.in_(Pair.MEETING + (Pair.PAUSED,)))
             .tuples())
    rows = {pair_id: Row(pair_id, state, mentee, mentor, activated or created, nudged_at=nudged)
            for pair_id, state, activated, created, nudged, mentee, mentor in pairs}
    held = (Meeting.select(Meeting.pair, pw.fn.COUNT(Meeting.id), pw.fn.MAX(Meeting.starts_at))
            .where(Meeting.program == program.id, Meeting.pair.is_null(False), ~Meeting.cancelled,
                   Meeting.starts_at < now)
            .group_by(Meeting.pair).tuples())
    for pair_id, count, last in held:
        if pair_id in rows:
            rows[pair_id].held, rows[pair_id].last = count, Meeting.starts_at.python_value(last)
    upcoming = (Meeting.select(Meeting.pair, pw.fn.MIN(Meeting.starts_at))
                .where(Meeting.program == program.id, Meeting.pair.is_null(False), ~Meeting.cancelled,
                       Meeting.starts_at >= now)
                .group_by(Meeting.pair).tuples())
    for pair_id, first in upcoming:
        if pair_id in rows:
            rows[pair_id].next = Meeting.starts_at.python_value(first)
    for pair_id, role, rating in _latest_ratings(program.id):
        if pair_id in rows:
            rows[pair_id].ratings[role] = rating
    goals = (Goal.select(Goal.pair, Goal.state, pw.fn.COUNT(Goal.id))
             .join(Pair).where(Pair.program == program.id).group_by(Goal.pair, Goal.state).tuples())
    for pair_id, state, count in goals:
        if pair_id in rows:
            if state == Goal.DONE:
                rows[pair_id].goals_done += count
            else:
                rows[pair_id].open_goals += count
    for row in rows.values():
        row.expected = flags.expected_sessions(row.started, now, program.cadence_days)
        row.flags = flags.pair_flags(row.state, row.started, row.last, row.ratings.values(), now, program.cadence_days)
        row.quiet_days = flags.quiet_days(row.started, row.last, now)
    ordered = sorted(rows.values(), key=lambda row: (not row.flags, -(row.quiet_days or 0), row.mentee))
    board = Board(ordered, _waiting_mentees(program), _free_mentors(program), _unanswered(program, now), {})
    board.counts = {"pairs": len(ordered), "flagged": sum(1 for row in ordered if row.flags),
                    **{name: sum(1 for row in ordered if name in row.flags) for name in flags.LABELS},
                    "paused": sum(1 for row in ordered if row.state == Pair.PAUSED),
                    "open_reports": (ProblemReport.select()
                                     .where(ProblemReport.program == program.id,
                                            ProblemReport.state != ProblemReport.RESOLVED).count())}
    return board


def _latest_ratings(program_id):
    """(pair id, role, rating) of each person's latest rated form."""
    latest = (Feedback.select(Feedback.pair, Feedback.role, Feedback.rating,
                              pw.fn.ROW_NUMBER().over(partition_by=[Feedback.pair, Feedback.role],
                                                      order_by=[Feedback.submitted_at.desc()]).alias("n"))
              .where(Feedback.program == program_id, Feedback.rating.is_null(False),
                     Feedback.submitted_at.is_null(False)))
    return (pw.Select([latest], [latest.c.pair_id, latest.c.role, latest.c.rating])
            .where(latest.c.n == 1).bind(db).tuples())


def _waiting_mentees(program):
    holding = Pair.select(Pair.mentee).where(Pair.program == program.id, Pair.state.in_(Pair.HOLDING))
    return list(Membership.select(Membership.id, User.name, Membership.decided_at).join(User)
                .where(Membership.program == program.id, Membership.role == Membership.MENTEE,
                       Membership.state == Membership.APPROVED, Membership.id.not_in(holding))
                .order_by(Membership.decided_at).tuples())


def _free_mentors(program):
    taken = (Pair.select(pw.fn.COUNT(Pair.id)).where(Pair.mentor == Membership.id, Pair.state.in_(Pair.HOLDING)))
    free = pw.fn.COALESCE(Membership.capacity, 0) - taken
    return [row for row in (Membership.select(Membership.id, User.name, free)
                            .join(User)
                            .where(Membership.program == program.id, Membership.role == Membership.MENTOR,
                                   Membership.state == Membership.APPROVED)
                            .order_by(User.name).tuples()) if row[2] > 0]


def _unanswered(program, now):
    mentee_member, mentor_member = Membership.alias(), Membership.alias()
    mentee_user, mentor_user = User.alias(), User.alias()
    rows = (MentorRequest.select(MentorRequest.id, mentee_user.name, mentor_user.name, MentorRequest.created_at)
            .join(mentee_member, on=(MentorRequest.mentee == mentee_member.id))
            .join(mentee_user, on=(mentee_member.user == mentee_user.id))
            .switch(MentorRequest).join(mentor_member, on=(MentorRequest.mentor == mentor_member.id))
            .join(mentor_user, on=(mentor_member.user == mentor_user.id))
            .where(MentorRequest.program == program.id, MentorRequest.state == MentorRequest.OPEN,
                   MentorRequest.created_at <= now - timedelta(days=UNANSWERED_DAYS))
            .order_by(MentorRequest.created_at).tuples())
    return [(request_id, mentee, mentor, flags.days_between(MentorRequest.created_at.python_value(created), now))
            for request_id, mentee, mentor, created in rows]


boards = Snapshots(_compute)


def board_of(program):
    return boards.get(program, clock.now())


def page_of(board, chosen, page):
    """The rows the filter keeps, and one page of them: (rows on the page, how many in all)."""
    if chosen == "flagged":
        rows = [row for row in board.rows if row.flags]
    elif chosen == "paused":
        rows = [row for row in board.rows if row.state == Pair.PAUSED]
    elif chosen in flags.LABELS:
        rows = [row for row in board.rows if chosen in row.flags]
    else:
        rows = board.rows
    start = (page - 1) * PAGE_SIZE
    return rows[start:start + PAGE_SIZE], len(rows)


# --- nudges ---------------------------------------------------------------------------------------------

def nudge_targets(program, pair_ids):
    """The pairs of this program to nudge: those named, or every flagged one when none are."""
    board = board_of(program)
    rows = [row for row in board.rows if (row.id in pair_ids if pair_ids else row.flags)]
    if not rows:
        raise DomainError("There is no pair to nudge: choose a pair, or wait until one is flagged.")
    return rows


def nudge_text(template, person, partner, row, program):
    """The message with its placeholders filled in for one person (unknown braces are left as typed)."""
    values = {"name": person, "partner": partner, "days": str(row.quiet_days or 0), "program": program.name}
    return PLACEHOLDERS.sub(lambda match: values[match.group(1)], template)


def nudge_preview(program, row, subject, message):
    """What the first pair's mentee will read."""
    return {"to": f"{row.mentee} (and {row.mentor}, with the names the other way round)",
            "subject": nudge_text(subject, row.mentee, row.mentor, row, program),
            "text": nudge_text(message, row.mentee, row.mentor, row, program)}


def send_nudges(coordinator, program, rows, subject, message):
    """Email both people of each pair the message, note when they were nudged, and log it."""
    query, _, _ = Pair.with_people()
    pairs = {pair.id: pair for pair in query.where(Pair.id.in_([row.id for row in rows]),
                                                   Pair.program == program.id)}
    with db.atomic():
        for row in rows:
            pair = pairs.get(row.id)
            if pair is None:
                continue
            for person, partner in ((pair.mentee.user, pair.mentor.user), (pair.mentor.user, pair.mentee.user)):
                queue_email(person, "nudge", nudge_text(subject, person.name, partner.name, row, program),
                            text=nudge_text(message, person.name, partner.name, row, program), program=program,
                            reply_to=coordinator.email, link=external_url("pairs.show", pair_id=pair.id))
            pair.nudged_at = clock.now()
            pair.save(only=[Pair.nudged_at])
        Program.activity_changed(program.id)
        audit.record(coordinator, "pair.nudge", counted(len(rows), "pair"), program=program,
                     pairs=[row.id for row in rows], subject=subject[:120])
    return len(rows)
