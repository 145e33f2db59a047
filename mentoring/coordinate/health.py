"""The coordinator's health board: every pair with its sessions, ratings, goals and flags, the people still waiting,
and nudges to the pairs that have gone quiet."""
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import peewee as pw

from mentoring import audit, clock
from mentoring.coordinate import flags
from mentoring.coordinate.snapshots import Snapshots
from mentoring.db import db
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError
from mentoring.library.service import trained
from mentoring.models import Feedback, Goal, Meeting, Membership, MentorRequest, Pair, ProblemReport, User
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
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass
class PairFigures:
    """One meeting or paused pair as gathered: everything about it that does not depend on the time."""

    id: int
    state: str
    mentee: str
    mentor: str
    started: object
    nudged_at: object
    sessions: list = field(default_factory=list)  # the starts of its sessions not cancelled, in order
    ratings: dict = field(default_factory=dict)  # role -> latest rating
    open_goals: int = 0
    goals_done: int = 0
    trained: dict = field(default_factory=dict)  # role -> whether they read the guide of their role
    bouncing: tuple = ()  # the names of its people whose mail comes back undelivered


@dataclass
class Figures:
    """A program's board as gathered, kept until the program changes."""

    cadence_days: int
    pairs: list  # PairFigures
    waiting_mentees: list  # (membership id, name, approved on)
    free_mentors: list  # (membership id, name, free seats)
    requests: list  # (request id, mentee name, mentor name, asked at) of the open requests, oldest first
    open_reports: int


@dataclass
class Row:
    """One pair on the board, at a moment."""

    id: int
    state: str
    mentee: str
    mentor: str
    started: object
    held: int
    expected: int
    last: object
    next: object
    ratings: dict
    open_goals: int
    goals_done: int
    flags: list
    quiet_days: int | None
    nudged_at: object
    trained: dict
    bouncing: tuple = ()  # the names of its people whose mail comes back undelivered

    @property
    def mentee_rating(self):
        return self.ratings.get("mentee", "–")

    @property
    def mentor_rating(self):
        return self.ratings.get("mentor", "–")


@dataclass
class Board:
    """What the board says at a moment."""

    rows: list
    waiting_mentees: list  # (membership id, name, approved on)
    free_mentors: list  # (membership id, name, free seats)
    unanswered: list  # (request id, mentee name, mentor name, days waiting)
    counts: dict
    shown: dict  # filter -> the rows it keeps
    written: dict = field(default_factory=dict)  # HTML written from the board, by all else it depends on


def _gather(program):
    """The figures of a program's board, from a handful of grouped queries."""
    mentee_member, mentor_member = Membership.alias(), Membership.alias()
    mentee_user, mentor_user = User.alias(), User.alias()
    pairs = (Pair.select(Pair.id, Pair.state, Pair.activated_at, Pair.created_at, Pair.nudged_at,
                         mentee_user.name, mentor_user.name, mentee_user.id, mentor_user.id,
                         mentee_user.email_bouncing_since, mentor_user.email_bouncing_since)
             .join(mentee_member, on=(Pair.mentee == mentee_member.id))
             .join(mentee_user, on=(mentee_member.user == mentee_user.id))
             .switch(Pair).join(mentor_member, on=(Pair.mentor == mentor_member.id))
             .join(mentor_user, on=(mentor_member.user == mentor_user.id))
             .where(Pair.program == program.id, Pair.state.in_(Pair.MEETING + (Pair.PAUSED,)))
             .tuples())
    readers = trained(program)
    found = {pair_id: PairFigures(pair_id, state, mentee, mentor, activated or created, nudged,
                                  trained={"mentee": mentee_id in readers["mentee"],
                                           "mentor": mentor_id in readers["mentor"]},
                                  bouncing=tuple(name for name, since in ((mentee, mentee_bouncing),
                                                                          (mentor, mentor_bouncing)) if since))
             for pair_id, state, activated, created, nudged, mentee, mentor, mentee_id, mentor_id, mentee_bouncing,
             mentor_bouncing in pairs}
    for pair_id, start in (Meeting.select(Meeting.pair, Meeting.starts_at)
                           .where(Meeting.program == program.id, Meeting.pair.is_null(False), ~Meeting.cancelled)
                           .order_by(Meeting.starts_at).tuples()):
        if pair_id in found:
            found[pair_id].sessions.append(Meeting.starts_at.python_value(start))
    for pair_id, role, rating in _latest_ratings(program.id):
        if pair_id in found:
            found[pair_id].ratings[role] = rating
    goals = (Goal.select(Goal.pair, Goal.state, pw.fn.COUNT(Goal.id))
             .join(Pair).where(Pair.program == program.id).group_by(Goal.pair, Goal.state).tuples())
    for pair_id, state, count in goals:
        if pair_id in found:
            if state == Goal.DONE:
                found[pair_id].goals_done += count
            else:
                found[pair_id].open_goals += count
    open_reports = (ProblemReport.select()
                    .where(ProblemReport.program == program.id, ProblemReport.state != ProblemReport.RESOLVED).count())
    return Figures(program.cadence_days, list(found.values()), _waiting_mentees(program), _free_mentors(program),
                   _open_requests(program), open_reports)


def _board_as_of(figures, now):
    """What the figures say at `now`, and the first moment they can say something else."""
    rows, changes = [], []
    for pair in figures.pairs:
        held = bisect_right(pair.sessions, now)  # a session is held from the moment it starts
        last = pair.sessions[held - 1] if held else None
        upcoming = pair.sessions[held] if held < len(pair.sessions) else None
        pair_flags = flags.pair_flags(pair.state, pair.started, last, pair.ratings.values(), now,
                                      figures.cadence_days)
        rows.append(Row(pair.id, pair.state, pair.mentee, pair.mentor, pair.started, held,
                        flags.expected_sessions(pair.started, now, figures.cadence_days), last, upcoming,
                        pair.ratings, pair.open_goals, pair.goals_done, pair_flags,
                        flags.quiet_days(pair.started, last, now), pair.nudged_at, pair.trained, pair.bouncing))
        changes += [upcoming, flags.next_change(pair.state, pair.started, last, now, figures.cadence_days)]
    rows.sort(key=lambda row: (not row.flags, -(row.quiet_days or 0), row.mentee))
    unanswered = []
    for request_id, mentee, mentor, asked in figures.requests:
        overdue = asked + timedelta(days=UNANSWERED_DAYS)
        if overdue <= now:
            unanswered.append((request_id, mentee, mentor, flags.days_between(asked, now)))
            changes.append(flags.days_between_changes(asked, now))
        else:
            changes.append(overdue)
    shown = {"": rows, "flagged": [row for row in rows if row.flags],
             **{name: [row for row in rows if name in row.flags] for name in flags.LABELS},
             "paused": [row for row in rows if row.state == Pair.PAUSED]}
    counts = {"pairs": len(rows), **{name: len(kept) for name, kept in shown.items() if name},
              "open_reports": figures.open_reports}
    board = Board(rows, figures.waiting_mentees, figures.free_mentors, unanswered, counts, shown)
    return board, min((moment for moment in changes if moment is not None), default=FOREVER)


FOREVER = datetime.max.replace(tzinfo=UTC)


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


def _open_requests(program):
    mentee_member, mentor_member = Membership.alias(), Membership.alias()
    mentee_user, mentor_user = User.alias(), User.alias()
    rows = (MentorRequest.select(MentorRequest.id, mentee_user.name, mentor_user.name, MentorRequest.created_at)
            .join(mentee_member, on=(MentorRequest.mentee == mentee_member.id))
            .join(mentee_user, on=(mentee_member.user == mentee_user.id))
            .switch(MentorRequest).join(mentor_member, on=(MentorRequest.mentor == mentor_member.id))
            .join(mentor_user, on=(mentor_member.user == mentor_user.id))
            .where(MentorRequest.program == program.id, MentorRequest.state == MentorRequest.OPEN)
            .order_by(MentorRequest.created_at).tuples())
    return [(request_id, mentee, mentor, MentorRequest.created_at.python_value(created))
            for request_id, mentee, mentor, created in rows]


boards = Snapshots(_gather, _board_as_of)


def day_and_month(moment, zone):
    """'03 Nov': the day of `moment` on the calendar of `zone`, as strftime("%d %b") writes it at a quarter of its
    cost (a board writes three a row); "" for no moment."""
    if not moment:
        return ""
    local = moment.astimezone(zone)
    return f"{local.day:02d} {MONTHS[local.month - 1]}"


def board_of(program):
    """The program's board now."""
    return boards.get(program, clock.now())


def page_of(board, chosen, page):
    """The rows the filter keeps, and one page of them, the last when `page` is past it: (rows on the page, how many
    in all, the page's number)."""
    rows = board.shown[chosen]
    page = max(1, min(page, -(-len(rows) // PAGE_SIZE)))
    start = (page - 1) * PAGE_SIZE
    return rows[start:start + PAGE_SIZE], len(rows), page


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
        audit.record(coordinator, "pair.nudge", counted(len(rows), "pair"), program=program,
                     pairs=[row.id for row in rows], subject=subject[:120])
    return len(rows)
