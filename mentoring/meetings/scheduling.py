"""Sessions of a pair: scheduling, moving, cancelling, who may see them, reminders, and the person's data.

Every change runs in one transaction and writes its emails (with their calendar invite) to the outbox.
Times are stored in UTC; a series is kept at its organiser's local time across daylight saving."""
import secrets
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from typing import NamedTuple
from zoneinfo import ZoneInfo

from mentoring import audit, clock, privacy
from mentoring import db as database
from mentoring.access import is_coordinator
from mentoring.db import as_read, db, read_again
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError, NotFound
from mentoring.meetings import agenda, ical
from mentoring.meetings.invites import (
    notify,
    page_url,
    partner_of,
    people_of,
    recipients,
    takes_part,
)
from mentoring.meetings.rsvps import save_answers
from mentoring.models import (
    Answer,
    Meeting,
    Pair,
    PrivateNote,
    ProgramChange,
    Question,
    Response,
    Rsvp,
    Series,
)
from mentoring.pairs.service import pair_for, pairs_of, sees_pair, when_stopped
from mentoring.questionnaires import engine

DURATIONS = (15, 30, 45, 60, 90, 120)
REPEATS = {"": "Does not repeat", "weekly": "Every week", "biweekly": "Every 2 weeks", "monthly": "Every month"}
RULES = {"weekly": ("weekly", 1), "biweekly": ("weekly", 2), "monthly": ("monthly", 1)}
MAX_OCCURRENCES = 52
FURTHEST = timedelta(days=3 * 366)


@dataclass
class Plan:
    """When and how a session (or the first of a series) takes place, as the form gives it."""

    title: str
    day: date
    at: time
    duration: int
    location: str = ""
    repeat: str = ""
    count: int | None = None
    until_program_end: bool = False


def new_uid():
    return f"{secrets.token_hex(12)}@mentoring"


def local_start(day, at, zone):
    """The UTC moment of a local date and time, refusing a time the clocks skip or repeat and dates years away."""
    if abs(day - clock.now().date()) > FURTHEST:
        raise DomainError("Choose a date within the next three years.", field="day")
    wall = datetime.combine(day, at)
    if not ical.is_clear(wall, ZoneInfo(zone)):
        raise DomainError("That time is skipped or happens twice on that day: the clocks change. Choose another time.",
                          field="at")
    return wall.replace(tzinfo=ZoneInfo(zone)).astimezone(UTC)


def future_start(day, at, zone):
    """The UTC start of a local date and time that must lie ahead."""
    start = local_start(day, at, zone)
    if start <= clock.now():
        raise DomainError("Choose a time in the future.", field="day")
    return start


def _starts(plan, first, zone, program):
    """All starts of a plan: one, or a series limited by a count or by the program's end."""
    if not plan.repeat:
        return [first]
    frequency, interval = RULES[plan.repeat]
    if plan.until_program_end:
        if not program.ends_on:
            raise DomainError("The program has no end date yet; give a number of sessions.", field="count")
        until = datetime.combine(program.ends_on, time(23, 59), tzinfo=ZoneInfo(zone)).astimezone(UTC)
        starts = ical.occurrences(first, zone, frequency, interval, until=until)[:MAX_OCCURRENCES]
        if len(starts) < 2:
            raise DomainError("The program ends before a second session; schedule a single session.",
                              field="repeat")
    elif not plan.count or not 2 <= plan.count <= MAX_OCCURRENCES:
        raise DomainError(f"Choose from 2 to {MAX_OCCURRENCES} sessions.", field="count")
    else:
        starts = ical.occurrences(first, zone, frequency, interval, count=plan.count)
    _refuse_clock_changes(first, zone, frequency, interval, len(starts))
    return starts


def _refuse_clock_changes(first, zone, frequency, interval, count):
    """Refuse a series whose wall-clock time in `zone` a clock change skips or repeats on some of its dates."""
    days = ical.unclear_days(first, zone, frequency, interval, count=count)
    if days:
        at = first.astimezone(ZoneInfo(zone)).strftime("%H:%M")
        named = ", ".join(day.strftime("%d %B %Y") for day in days)
        raise DomainError(f"The clocks change on {named}, so {at} in {zone} is skipped or happens twice that day. "
                          "Choose another time, or fewer sessions.", field="at")


def schedule(pair, organizer, plan):
    """Schedule one session or recurring check-ins for a pair at the organiser's local time; both get the invite by
    email, in which the organiser has accepted."""
    zone = organizer.timezone
    first = future_start(plan.day, plan.at, zone)
    starts = _starts(plan, first, zone, pair.program)
    frequency, interval = RULES[plan.repeat] if plan.repeat else ("", 1)
    with db.atomic():
        Pair.lock(pair.id)  # a pair that ends or pauses meanwhile gets no session
        if Pair.select(Pair.state).where(Pair.id == pair.id).scalar() not in Pair.MEETING:
            raise DomainError("Sessions can be scheduled while the pair is meeting (not before it starts, while it "
                              "is paused, or after it ends).")
        meetings = add_sessions(pair, organizer, starts, plan.title, plan.duration, plan.location, frequency,
                                interval, len(starts) if plan.repeat else None)
        save_answers(meetings, organizer, Rsvp.ACCEPTED)
        agenda.carry_over_into(pair, meetings[0])
        kind = "Check-ins" if plan.repeat else "Session"
        notify(meetings[0], people_of(pair), "meeting_invite",
               lambda user: f"{kind} with {partner_of(pair, user).name}: {plan.title}", occurrences=len(meetings),
               organizer=organizer)
    return meetings[0]


def add_sessions(pair, organizer, starts, title, duration, location="", frequency="", interval=1, count=None,
                 until=None):
    """Store one session, or a series (`frequency` given) with an occurrence at each of `starts`; no email."""
    common = dict(program=pair.program, pair=pair, organizer=organizer, title=title, timezone=organizer.timezone,
                  duration_minutes=duration, location=location)
    series = Series.create(uid=new_uid(), first_start=starts[0], frequency=frequency, interval=interval, count=count,
                           until=until, **common) if frequency else None
    return [Meeting.create(series=series, uid=series.uid if series else new_uid(),
                           recurrence_id=start if series else None, starts_at=start, **common)
            for start in starts]


# --- moving and cancelling -----------------------------------------------------------------------------

def reschedule(meeting, actor, day, at, duration, following=False):
    """Move one session (an override of its series), or it and every later one of its series, to a day and time
    in the actor's own zone (the one the form shows); who moves it has accepted the new time."""
    start = future_start(day, at, actor.timezone)
    with db.atomic():
        _afresh(meeting)
        if meeting.cancelled:
            raise DomainError("This session is cancelled.")
        if meeting.ends_at <= clock.now():
            raise DomainError("This session is over; schedule a new one instead.")
        if meeting.series_id and following:
            return _move_following(meeting, actor, start, duration)
        meeting.starts_at, meeting.duration_minutes, meeting.reminded_at = start, duration, None
        Rsvp.delete().where(Rsvp.meeting == meeting).execute()
        save_answers([meeting], actor, Rsvp.ACCEPTED)
        if meeting.series_id:
            _raise_sequence(meeting.series)
            meeting.save()
            moved = ical.Override(meeting.recurrence_id, start, timedelta(minutes=duration))
            notify(meeting, recipients(meeting), "meeting_update", f"Moved: {meeting.title}", change="moved",
                   moved=moved, actor=actor)
        else:
            meeting.sequence += 1
            meeting.save()
            notify(meeting, recipients(meeting), "meeting_update", f"Moved: {meeting.title}", change="moved",
                   actor=actor)
    return meeting


def _afresh(meeting):
    """Hold the session (and its series) until the transaction ends and read it again: of two moves or cancellations
    sent at once, the second sees what the first did, and each invite carries a higher SEQUENCE than the last."""
    if meeting.series_id:
        Series.lock(meeting.series_id)
    Meeting.lock(meeting.id)
    return read_again(meeting, Meeting.by_id.first(meeting.id), stale=["series"])


def _raise_sequence(series):
    series.sequence += 1
    series.save(only=[Series.sequence])


def _retime(occurrences, starts, duration, actor):
    """Put a series' occurrences at new rule times: earlier answers no longer hold, and `actor`, who moved them, has
    accepted."""
    for occurrence, new_start in zip(occurrences, starts, strict=True):
        occurrence.starts_at = occurrence.recurrence_id = new_start
        occurrence.duration_minutes, occurrence.reminded_at = duration, None
        occurrence.save()
    Rsvp.delete().where(Rsvp.meeting.in_([o.id for o in occurrences])).execute()
    save_answers(occurrences, actor, Rsvp.ACCEPTED)


def _move_following(meeting, actor, start, duration):
    """Move this occurrence and the later ones: the series ends before it (same UID, higher SEQUENCE) and a
    new series (a new UID) continues at the new time; from the first occurrence, the whole series moves. Either way
    the sessions keep to the series' zone: `start`'s wall-clock time there, on every date."""
    old = meeting.series
    later = list(Meeting.select().where(Meeting.series == old, Meeting.recurrence_id >= meeting.recurrence_id)
                 .order_by(Meeting.recurrence_id))
    kept = [m for m in later if not m.cancelled]
    _refuse_clock_changes(start, old.timezone, old.frequency, old.interval, len(kept))
    starts = ical.occurrences(start, old.timezone, old.frequency, old.interval, count=len(kept))
    Meeting.delete().where(Meeting.id.in_([m.id for m in later if m.cancelled])).execute()
    first = Meeting.select().where(Meeting.series == old).order_by(Meeting.recurrence_id).first()
    if first.id == meeting.id:
        old.sequence += 1
        old.first_start, old.duration_minutes, old.count, old.until = start, duration, len(kept), None
        old.save()
        _retime(kept, starts, duration, actor)
        notify(kept[0], recipients(meeting), "meeting_update", f"Moved: {old.title}", change="series", actor=actor)
        return kept[0]
    old.sequence += 1
    old.count, old.until = None, meeting.recurrence_id - timedelta(seconds=1)
    old.save()
    new = Series.create(uid=new_uid(), program=old.program, pair=old.pair, organizer=actor, title=old.title,
                        timezone=old.timezone, first_start=start, duration_minutes=duration, frequency=old.frequency,
                        interval=old.interval, count=len(kept), location=old.location)
    Meeting.update(series=new, uid=new.uid).where(Meeting.id.in_([m.id for m in kept])).execute()
    for occurrence in kept:
        occurrence.series, occurrence.uid = new, new.uid
    _retime(kept, starts, duration, actor)
    people = recipients(meeting)
    notify(first, people, "meeting_update", f"Ends earlier: {old.title}", change="shortened", actor=actor)
    notify(kept[0], people, "meeting_invite", f"New time: {old.title}", change="continued",
           occurrences=len(kept), organizer=actor)
    return kept[0]


def cancel(meeting, actor, whole_series=False):
    """Cancel one session (of a series: by its RECURRENCE-ID), or it and every later session of its series."""
    with db.atomic():
        _afresh(meeting)
        if meeting.cancelled:
            raise DomainError("This session is already cancelled.")
        if meeting.ends_at <= clock.now():
            raise DomainError("This session is over.")
        if meeting.series_id and whole_series:
            return _cancel_rest(meeting.series, actor, meeting, recipients(meeting))
        meeting.cancelled = True
        if meeting.series_id:
            _raise_sequence(meeting.series)
        else:
            meeting.sequence += 1
        meeting.save()
        notify(meeting, recipients(meeting), "meeting_cancelled", f"Cancelled: {meeting.title}", method="CANCEL",
               cancel_one=bool(meeting.series_id), actor=actor)
        if not meeting.pair_id:
            audit.record(actor, "event.cancel", meeting.title, program=meeting.program)
    return meeting


def _cancel_rest(series, actor, chosen, people, reason=""):
    """Cancel `chosen` and the later sessions of its series (what the pair wrote for them stays), and tell `people`.

    The series ends before `chosen` (its rule gets an UNTIL; same UID, higher SEQUENCE), so the sessions before it
    stay in people's calendars; with none of those left, the series is cancelled outright.
    """
    series.sequence += 1
    (Meeting.update(cancelled=True)
     .where(Meeting.series == series, Meeting.recurrence_id >= chosen.recurrence_id).execute())
    if not Meeting.select().where(Meeting.series == series, ~Meeting.cancelled).exists():
        series.cancelled = True
        series.save()
        notify(chosen, people, "meeting_cancelled", f"Cancelled: {series.title}", method="CANCEL",
               change="series", actor=actor, reason=reason)
    else:
        series.count, series.until = None, chosen.recurrence_id - timedelta(seconds=1)
        series.save()
        notify(chosen, people, "meeting_update", f"No more sessions: {series.title}", change="ended",
               actor=actor, reason=reason)
    return chosen


@when_stopped
def cancel_when_pair_ends(pair, leaving=()):
    """A pair that ends or pauses keeps no sessions: those still to come are cancelled in the calendars (of
    both, or of the one who stays when the other is `leaving`)."""
    upcoming = list(Meeting.select().where(Meeting.pair == pair, ~Meeting.cancelled,
                                           Meeting.starts_at > clock.now())
                    .order_by(Meeting.starts_at))
    Series.lock(*{meeting.series_id for meeting in upcoming if meeting.series_id})  # first, as moving a session does
    reason = "paused" if pair.state == Pair.PAUSED else "ended"
    people = [user for user in people_of(pair) if user.id not in leaving]
    rests = {}  # series id: the first of its occurrences still to come, in the order of its rule
    for meeting in upcoming:
        if not meeting.series_id:
            meeting.cancelled = True
            meeting.sequence += 1
            meeting.save()
            notify(meeting, people, "meeting_cancelled", f"Cancelled: {meeting.title}", method="CANCEL",
                   actor=None, reason=reason)
        elif meeting.series_id not in rests or meeting.recurrence_id < rests[meeting.series_id].recurrence_id:
            rests[meeting.series_id] = meeting
    for meeting in rests.values():
        _cancel_rest(meeting.series, None, meeting, people, reason=reason)


# --- who may see what ----------------------------------------------------------------------------------

def meeting_for(meeting_id, user, pair_id=None):
    """A session `user` may see: one of their pair's, or (for coordinators) any of their program's."""
    meeting = Meeting.by_id.first(meeting_id)
    if meeting is None or (pair_id is not None and meeting.pair_id != pair_id):
        raise NotFound()
    if meeting.pair_id:
        pair = pair_for(meeting.pair_id, user)  # its two people and the program's coordinators
        return as_read(meeting, pair=pair, program=pair.program)
    if is_coordinator(meeting.program, user) or takes_part(meeting, user):
        return meeting
    raise NotFound()


def session_shown(meeting_id, pair_id, user):
    """The pair's session as its page shows it (Meeting.as_shown: one query), when `user` may see it: one of the pair's
    two people or the program's coordinators (anyone else: NotFound)."""
    meeting = Meeting.as_shown.first(meeting_id)
    if meeting is None or meeting.pair_id != pair_id or not sees_pair(meeting.pair, user):
        raise NotFound()
    return meeting


def series_of(meeting):
    """The series a session is one occurrence of, or None (read with the session by `session_shown`, else one
    query)."""
    return meeting.series if meeting.series_id else None


def in_pair(meeting, user):
    """Whether `user` is one of the meeting's pair (who alone may change it and read its notes)."""
    return bool(meeting.pair_id) and user.id in (meeting.pair.mentee.user_id, meeting.pair.mentor.user_id)


# --- the pair's page and the reminders -----------------------------------------------------------------

class ListedSession(NamedTuple):
    """A session as the pair's page lists it (Meeting.of_pair's columns), with when it ends."""

    id: int
    title: str
    starts_at: datetime
    duration_minutes: int
    location: str
    shared_notes: str
    ends_at: datetime


def sessions_of(pair):
    """The pair's sessions as ListedSessions: (upcoming in time order, past most recent first), cancelled ones left
    out; for a page that changes nothing (a change is noted only when it commits, on PostgreSQL)."""
    now = clock.now()
    latest = ProgramChange.latest.rows(pair.program_id)[0][0]  # read first: a later change moves it on
    listed = _listed_sessions(pair.id, pair.created_at, database.generation, latest)
    return [session for session in listed if session.ends_at > now], \
        [session for session in reversed(listed) if session.ends_at <= now]


@lru_cache(maxsize=1024)
def _listed_sessions(pair_id, made_at, generation, latest_change):
    """The pair's sessions in time order at the program's latest change (the database notes each write to a session,
    migration 0006): kept by each worker while that change is the latest, so never older than it (the pair's id, when
    it was made and the database's generation name the pair: ids repeat across databases)."""
    return tuple(ListedSession(*row, row[2] + timedelta(minutes=row[3])) for row in Meeting.of_pair.rows(pair_id))


def common_hours(pair, zone, today=None):
    """The hours of the week both usually have free (from their answers), as local runs in `zone`."""
    rows = (Answer.select(Response.membership, Answer.value)
            .join(Response).switch(Answer).join(Question)
            .where(Response.membership.in_([pair.mentee_id, pair.mentor_id]), Question.kind == engine.AVAILABILITY)
            .tuples())
    hours = {pair.mentee_id: set(), pair.mentor_id: set()}
    for membership_id, value in rows:
        hours[membership_id].update(value or [])
    both = hours[pair.mentee_id] & hours[pair.mentor_id]
    return engine.local_hour_ranges(both, zone, engine.usual_week(today or clock.now().date(), zone))


def send_reminders(now=None):
    """Email both people (or every member invited to an event) the day before a session."""
    now = now or clock.now()
    sent = 0
    with db.atomic():
        due = (Meeting.select().where(~Meeting.cancelled, Meeting.reminded_at.is_null(),
                                      Meeting.starts_at > now, Meeting.starts_at <= now + timedelta(days=1)))
        for meeting in due:
            items = agenda.items_of(meeting)
            for user in recipients(meeting):
                sent += queue_email(user, "meeting_reminder", f"Tomorrow: {meeting.title}", preference="reminders",
                                    meeting=meeting, zone=user.timezone, agenda=items, page=page_url(meeting),
                                    partner=partner_of(meeting.pair, user) if meeting.pair_id else None) is not None
            meeting.reminded_at = now
            meeting.save(only=[Meeting.reminded_at])
    return sent


# --- the person's data ---------------------------------------------------------------------------------

@privacy.exporter("sessions")
def export_sessions(user):
    """The sessions of the person's pairs with their agendas and shared notes, their private notes and answers."""
    pair_ids = [pair.id for pair in pairs_of(user)]
    meetings = list(Meeting.select().where(Meeting.pair.in_(pair_ids)).order_by(Meeting.starts_at)) if pair_ids else []
    notes = {n.meeting_id: n.text for n in PrivateNote.select().where(PrivateNote.user == user)}
    answers = {r.meeting_id: r for r in Rsvp.select().where(Rsvp.user == user)}
    return [{"title": m.title, "starts_at": m.starts_at.isoformat(), "minutes": m.duration_minutes,
             "cancelled": m.cancelled, "location": m.location, "agenda": [i.text for i in agenda.items_of(m)],
             "shared_notes": m.shared_notes, "my_private_note": notes.get(m.id, ""),
             "my_answer": answers[m.id].answer if m.id in answers else None}
            for m in meetings]


@privacy.eraser
def cancel_sessions_of_leaver(user):
    """Someone who deletes their account leaves no planned session in their partners' calendars; the sessions held
    stay with the pair their partner keeps (the person's answers and private notes go with the account)."""
    for pair in pairs_of(user):
        if pair.state in Pair.HOLDING:
            cancel_when_pair_ends(pair, leaving={user.id})
