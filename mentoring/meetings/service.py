"""Sessions of a pair and program events: scheduling, moving, cancelling, answers, agendas and notes.

Every change runs in one transaction and writes its emails (with their calendar invite) to the outbox.
Times are stored in UTC; a series is kept at its organiser's local time across daylight saving.
"""
import dataclasses
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import peewee as pw
from flask import current_app

from mentoring import audit, clock, privacy, signed
from mentoring.access import is_coordinator
from mentoring.db import Prepared, as_read, db, read_again
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError, NotFound
from mentoring.meetings import agenda, ical
from mentoring.models import (Answer, Meeting, Membership, Pair, PrivateNote, Program, Question, Response, Rsvp,
                              Series, User)
from mentoring.pairs.service import pair_for, pairs_of, when_stopped
from mentoring.questionnaires import engine
from mentoring.web import external_url

DURATIONS = (15, 30, 45, 60, 90, 120)
REPEATS = {"": "Does not repeat", "weekly": "Every week", "biweekly": "Every 2 weeks", "monthly": "Every month"}
RULES = {"weekly": ("weekly", 1), "biweekly": ("weekly", 2), "monthly": ("monthly", 1)}
MAX_OCCURRENCES = 52
FURTHEST = timedelta(days=3 * 366)
EVENT_AUDIENCES = {"all": "Every member", Membership.MENTOR: "Mentors", Membership.MENTEE: "Mentees"}
ANSWERS = {Rsvp.ACCEPTED: "Accepted", Rsvp.DECLINED: "Declined", Rsvp.PROPOSED: "Suggested another time"}


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
    return wall.replace(tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)


def _future_start(day, at, zone):
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
        until = datetime.combine(program.ends_on, time(23, 59), tzinfo=ZoneInfo(zone)).astimezone(timezone.utc)
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


def people_of(pair):
    return [pair.mentee.user, pair.mentor.user]


def partner_of(pair, user):
    return pair.mentor.user if pair.mentee.user_id == user.id else pair.mentee.user


def schedule(pair, organizer, plan):
    """Schedule one session or recurring check-ins for a pair at the organiser's local time; both get the invite by
    email, in which the organiser has accepted."""
    zone = organizer.timezone
    first = _future_start(plan.day, plan.at, zone)
    starts = _starts(plan, first, zone, pair.program)
    frequency, interval = RULES[plan.repeat] if plan.repeat else ("", 1)
    with db.atomic():
        Pair.lock(pair.id)  # a pair that ends or pauses meanwhile gets no session
        if Pair.select(Pair.state).where(Pair.id == pair.id).scalar() not in Pair.MEETING:
            raise DomainError("Sessions can be scheduled while the pair is meeting (not before it starts, while it "
                              "is paused, or after it ends).")
        meetings = add_sessions(pair, organizer, starts, plan.title, plan.duration, plan.location, frequency,
                                interval, len(starts) if plan.repeat else None)
        _save_answers(meetings, organizer, Rsvp.ACCEPTED)
        agenda.carry_over_into(pair, meetings[0])
        kind = "Check-ins" if plan.repeat else "Session"
        _notify(meetings[0], people_of(pair), "meeting_invite",
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


def _organizer(program):
    """The app-owned address every invite names as organiser, so neither person of a pair ever is."""
    sender = current_app.config["MAIL_DEFAULT_SENDER"]
    address = sender.rpartition("<")[2].rstrip(">").strip() or sender
    return ical.Person(address, f"{program.name} (Mentoring)")


def invite_for(meeting, whole_series=True, attendees=None):
    """The calendar event of a session, or of its whole series with moves and cancellations, naming the pair (or the
    users `attendees` lists: a program event's invite names whom it is for) with each one's answer; an occurrence
    answered otherwise than the series' first standing one is an override of its own."""
    users = attendees if attendees is not None else people_of(meeting.pair) if meeting.pair_id else []
    url = _home_url(meeting)
    description = _description(meeting, url)
    series = meeting.series if whole_series and meeting.series_id else None
    if series is None:
        return ical.Invite(uid=meeting.uid, sequence=meeting.series.sequence if meeting.series_id else meeting.sequence,
                           title=meeting.title, start=meeting.starts_at,
                           duration=timedelta(minutes=meeting.duration_minutes), tzid=meeting.timezone,
                           organizer=_organizer(meeting.program), attendees=_answered([meeting], users)[meeting.id],
                           description=description, location=meeting.location, url=url)
    occurrences = list(Meeting.select().where(Meeting.series == series).order_by(Meeting.recurrence_id))
    answered = _answered(occurrences, users)
    standing = [m for m in occurrences if not m.cancelled]
    usual = answered[(standing or occurrences)[0].id]
    return ical.Invite(
        uid=series.uid, sequence=series.sequence, title=series.title, start=series.first_start,
        duration=timedelta(minutes=series.duration_minutes), tzid=series.timezone,
        organizer=_organizer(meeting.program), attendees=usual, description=description,
        location=series.location, url=url, frequency=series.frequency, interval=series.interval,
        count=series.count, until=series.until,
        exdates=[m.recurrence_id for m in occurrences
                 if m.cancelled and (series.until is None or m.recurrence_id <= series.until)],
        overrides=[ical.Override(m.recurrence_id, m.starts_at, timedelta(minutes=m.duration_minutes), answered[m.id])
                   for m in standing if m.starts_at != m.recurrence_id or answered[m.id] != usual
                   or m.duration_minutes != series.duration_minutes])


def _answered(meetings, users):
    """{meeting id: [(Person, partstat)]}: each of `users` with their answer to each of `meetings`."""
    answers = {(r.meeting_id, r.user_id): r.answer
               for r in Rsvp.select().where(Rsvp.meeting.in_([m.id for m in meetings]),
                                            Rsvp.user.in_([user.id for user in users]))}
    return {meeting.id: [(ical.Person(user.email, user.name), _partstat(answers.get((meeting.id, user.id))))
                         for user in users]
            for meeting in meetings}


def _partstat(answer):
    return {Rsvp.ACCEPTED: "accepted", Rsvp.DECLINED: "declined"}.get(answer, "needs-action")


def _home_url(meeting):
    """Where an invite links back to: the pair's page, or the program event's page."""
    if meeting.pair_id:
        return external_url("pairs.show", pair_id=meeting.pair_id)
    return external_url("meetings.event", slug=meeting.program.slug, meeting_id=meeting.id)


def page_url(meeting):
    """The session's own page (agenda, notes, answers), for emails."""
    if meeting.pair_id:
        return external_url("meetings.show", pair_id=meeting.pair_id, meeting_id=meeting.id)
    return external_url("meetings.event", slug=meeting.program.slug, meeting_id=meeting.id)


def _description(meeting, url):
    items = [item.text for item in agenda.items_of(meeting)]
    listed = ("Agenda:\n" + "\n".join(f"- {text}" for text in items) + "\n\n") if items else ""
    place = f"Where: {meeting.location}\n\n" if meeting.location else ""
    return f"{listed}{place}{'Your pair' if meeting.pair_id else 'The event'}: {url}"


def _calendar(meeting, invite, method, moved, cancel_one):
    stamp = clock.now()
    if method == "CANCEL":
        return ical.cancel(invite, stamp, recurrence_id=meeting.recurrence_id if cancel_one else None)
    if moved is not None:
        return ical.request_occurrence(invite, stamp, moved)
    return ical.request(invite, stamp)


def _notify(meeting, users, template, subject, method="REQUEST", moved=None, cancel_one=False, **context):
    """Email each person about a session with the invite (or cancellation) their calendar takes.

    A pair's two emails carry one and the same invite; each member invited to a program event gets one
    naming only them, so nobody's address reaches the whole program.
    """
    one = bool(moved or cancel_one)  # one occurrence of a series, not the whole of it
    invite = invite_for(meeting, whole_series=not one)
    shared = None if not meeting.pair_id else _calendar(meeting, invite, method, moved, cancel_one)
    answers = {} if meeting.pair_id else {r.user_id: r.answer for r in Rsvp.select().where(Rsvp.meeting == meeting)}
    for user in users:
        calendar = shared or _calendar(meeting, dataclasses.replace(
            invite, attendees=[(ical.Person(user.email, user.name), _partstat(answers.get(user.id)))]),
            method, moved, cancel_one)
        preference = "sessions" if meeting.pair_id else "program"
        queue_email(user, template, subject(user) if callable(subject) else subject, preference=preference,
                    calendar=(method, calendar.decode("utf-8")),
                    reply_to=meeting.organizer.email if meeting.organizer_id not in (None, user.id) else "",
                    meeting=meeting, zone=user.timezone, links=rsvp_links(meeting, user) if method != "CANCEL" else {},
                    page=page_url(meeting), partner=partner_of(meeting.pair, user) if meeting.pair_id else None,
                    agenda=agenda.items_of(meeting), series=meeting.series if meeting.series_id and not one else None,
                    **context)


# --- answers from the email, without logging in ----------------------------------------------------------

def rsvp_token(meeting, user):
    """A link token for one person and one session (with the later ones of its series), good until the
    last of them ends."""
    last = meeting.ends_at
    if meeting.series_id:
        last = max(m.ends_at for m in Meeting.select().where(Meeting.series == meeting.series_id))
    return signed.dumps("rsvp", last, m=meeting.id, u=user.id)


def rsvp_links(meeting, user):
    token = rsvp_token(meeting, user)
    return {reply: external_url("meetings.rsvp", token=token, reply=reply) for reply in ANSWERS}


def read_rsvp_token(token):
    """(meeting, user) of a token; DomainError for a link that is altered, expired, or no longer theirs."""
    meeting_id, user_id = signed.loads("rsvp", token, "m", "u",
                                       expired="This session is over, so this link no longer works.")
    meeting = Meeting.get_or_none(Meeting.id == meeting_id)
    user = User.get_or_none(User.id == user_id)
    if meeting is None or user is None or not takes_part(meeting, user):
        raise DomainError("This link is not valid any more: the session was removed or you no longer take part.")
    return meeting, user


def takes_part(meeting, user):
    """Whether `user` is one of the pair, or one of the members a program event invites."""
    if meeting.pair_id:
        return user.id in (meeting.pair.mentee.user_id, meeting.pair.mentor.user_id)
    return (Membership.select()
            .where(Membership.program == meeting.program_id, Membership.user == user,
                   Membership.role.in_(_roles(meeting.audience)), Membership.state == Membership.APPROVED)
            .exists())


def _roles(audience):
    return list(Membership.ROLES) if audience == "all" else [audience]


def answer(meeting, user, reply, proposed=None, note=""):
    """Record an answer to a session (for a series: to it and every later one); the partner is told by
    email when it is a no or another time."""
    if reply not in ANSWERS:
        raise DomainError("Choose accept, decline or another time.", field="answer")
    if meeting.cancelled:
        raise DomainError("This session is cancelled.")
    if reply == Rsvp.PROPOSED and proposed is None:
        raise DomainError("Suggest a day and a time.", field="day")
    if proposed is not None and proposed <= clock.now():
        raise DomainError("Suggest a time in the future.", field="day")
    with db.atomic():
        targets = [meeting]
        if meeting.series_id and reply != Rsvp.PROPOSED:
            targets = list(Meeting.select().where(Meeting.series == meeting.series_id, ~Meeting.cancelled,
                                                  Meeting.starts_at >= meeting.starts_at))
        _save_answers(targets, user, reply, proposed, note)
        if meeting.pair_id and reply != Rsvp.ACCEPTED:
            partner = partner_of(meeting.pair, user)
            says = "cannot make" if reply == Rsvp.DECLINED else "suggests another time for"
            queue_email(partner, "rsvp_changed", f"{user.name} {says} {meeting.title}", preference="sessions",
                        meeting=meeting, person=user, reply=reply, proposed=proposed, note=note, zone=partner.timezone,
                        page=page_url(meeting), several=len(targets) > 1)
    return targets


def _save_answers(meetings, user, reply, proposed=None, note=""):
    """Store `user`'s answer to each of `meetings`, in place of any earlier one."""
    now = clock.now()
    for meeting in meetings:
        (Rsvp.insert(meeting=meeting, user=user, answer=reply, proposed_start=proposed, note=note, updated_at=now)
         .on_conflict(conflict_target=[Rsvp.meeting, Rsvp.user],
                      update={Rsvp.answer: reply, Rsvp.proposed_start: proposed, Rsvp.note: note,
                              Rsvp.updated_at: now})
         .execute())


def answers_to(meetings):
    """{meeting id: {user id: Rsvp}} for sessions."""
    found = {}
    for rsvp in Rsvp.of_meetings([m.id for m in meetings]):
        found.setdefault(rsvp.meeting_id, {})[rsvp.user_id] = rsvp
    return found


# --- moving and cancelling -----------------------------------------------------------------------------

def reschedule(meeting, actor, day, at, duration, following=False):
    """Move one session (an override of its series), or it and every later one of its series, to a day and time
    in the actor's own zone (the one the form shows); who moves it has accepted the new time."""
    start = _future_start(day, at, actor.timezone)
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
        _save_answers([meeting], actor, Rsvp.ACCEPTED)
        if meeting.series_id:
            _raise_sequence(meeting.series)
            meeting.save()
            moved = ical.Override(meeting.recurrence_id, start, timedelta(minutes=duration))
            _notify(meeting, _recipients(meeting), "meeting_update", f"Moved: {meeting.title}", change="moved",
                    moved=moved, actor=actor)
        else:
            meeting.sequence += 1
            meeting.save()
            _notify(meeting, _recipients(meeting), "meeting_update", f"Moved: {meeting.title}", change="moved",
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
    for occurrence, new_start in zip(occurrences, starts):
        occurrence.starts_at = occurrence.recurrence_id = new_start
        occurrence.duration_minutes, occurrence.reminded_at = duration, None
        occurrence.save()
    Rsvp.delete().where(Rsvp.meeting.in_([o.id for o in occurrences])).execute()
    _save_answers(occurrences, actor, Rsvp.ACCEPTED)


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
        _notify(kept[0], _recipients(meeting), "meeting_update", f"Moved: {old.title}", change="series", actor=actor)
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
    people = _recipients(meeting)
    _notify(first, people, "meeting_update", f"Ends earlier: {old.title}", change="shortened", actor=actor)
    _notify(kept[0], people, "meeting_invite", f"New time: {old.title}", change="continued",
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
            return _cancel_rest(meeting.series, actor, meeting, _recipients(meeting))
        meeting.cancelled = True
        if meeting.series_id:
            _raise_sequence(meeting.series)
        else:
            meeting.sequence += 1
        meeting.save()
        _notify(meeting, _recipients(meeting), "meeting_cancelled", f"Cancelled: {meeting.title}", method="CANCEL",
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
        _notify(chosen, people, "meeting_cancelled", f"Cancelled: {series.title}", method="CANCEL",
                change="series", actor=actor, reason=reason)
    else:
        series.count, series.until = None, chosen.recurrence_id - timedelta(seconds=1)
        series.save()
        _notify(chosen, people, "meeting_update", f"No more sessions: {series.title}", change="ended",
                actor=actor, reason=reason)
    return chosen


def _recipients(meeting):
    return people_of(meeting.pair) if meeting.pair_id else event_audience(meeting)


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
            _notify(meeting, people, "meeting_cancelled", f"Cancelled: {meeting.title}", method="CANCEL",
                    actor=None, reason=reason)
        elif meeting.series_id not in rests or meeting.recurrence_id < rests[meeting.series_id].recurrence_id:
            rests[meeting.series_id] = meeting
    for meeting in rests.values():
        _cancel_rest(meeting.series, None, meeting, people, reason=reason)


# --- who may see what ------------------------------------------------------------------------------------

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


def in_pair(meeting, user):
    """Whether `user` is one of the meeting's pair (who alone may change it and read its notes)."""
    return bool(meeting.pair_id) and user.id in (meeting.pair.mentee.user_id, meeting.pair.mentor.user_id)


# --- the pair's page and the person's calendar ----------------------------------------------------------

def sessions_of(pair):
    """The pair's sessions: (upcoming in time order, past most recent first), cancelled ones left out; each
    holds what a list of sessions shows (see Meeting.of_pair)."""
    now = clock.now()
    meetings = Meeting.of_pair(pair.id)
    upcoming = [m for m in meetings if m.ends_at > now]
    past = [m for m in reversed(meetings) if m.ends_at <= now]
    return upcoming, past


def _mine(user_id, states):
    """The condition for sessions of the person's pairs (in `states`) and the events of their programs that invite
    them."""
    mine, invited = Membership.alias(), Membership.alias()
    pairs = (Pair.select(Pair.id)
             .join(mine, on=((Pair.mentee == mine.id) | (Pair.mentor == mine.id)))
             .where(mine.user == user_id, Pair.state.in_(states)))
    invites = (invited.select(invited.id)
               .where(invited.program == Meeting.program, invited.user == user_id,
                      invited.state == Membership.APPROVED,
                      (Meeting.audience == "all") | (Meeting.audience == invited.role)))
    return Meeting.pair.in_(pairs) | (Meeting.pair.is_null() & pw.fn.EXISTS(invites))


_UPCOMING = Prepared(lambda user_id, since, limit:
                     Meeting.select(Meeting, Program).join(Program)
                     .where(_mine(user_id, Pair.MEETING),
                            ~Meeting.cancelled, Meeting.starts_at > since)
                     .order_by(Meeting.starts_at)
                     .limit(limit))


def upcoming_for(user, limit=5):
    """The person's next sessions and program events (those under way too), soonest first, with their program."""
    now = clock.now()
    meetings = _UPCOMING(user.id, now - timedelta(hours=3), limit + 10)
    return [meeting for meeting in meetings if meeting.ends_at > now][:limit]


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
            for user in _recipients(meeting):
                sent += queue_email(user, "meeting_reminder", f"Tomorrow: {meeting.title}", preference="reminders",
                                    meeting=meeting, zone=user.timezone, agenda=items, page=page_url(meeting),
                                    partner=partner_of(meeting.pair, user) if meeting.pair_id else None) is not None
            meeting.reminded_at = now
            meeting.save(only=[Meeting.reminded_at])
    return sent


# --- program events ------------------------------------------------------------------------------------

def event_audience(meeting):
    """The approved members a program event invites, by name."""
    return list(User.select().join(Membership)
                .where(Membership.program == meeting.program_id, Membership.role.in_(_roles(meeting.audience)),
                       Membership.state == Membership.APPROVED)
                .distinct().order_by(User.name))


def schedule_event(program, coordinator, plan, audience):
    """A group session (kick-off, networking hour, workshop) for every member or one role, at the coordinator's
    local time; each gets the invite."""
    if audience not in EVENT_AUDIENCES:
        raise DomainError("Choose who is invited.", field="audience")
    start = _future_start(plan.day, plan.at, coordinator.timezone)
    with db.atomic():
        meeting = Meeting.create(program=program, uid=new_uid(), organizer=coordinator, title=plan.title,
                                 starts_at=start, duration_minutes=plan.duration, timezone=coordinator.timezone,
                                 location=plan.location, audience=audience)
        if takes_part(meeting, coordinator):  # a coordinator who is also one of the members invited
            _save_answers([meeting], coordinator, Rsvp.ACCEPTED)
        invited = event_audience(meeting)
        _notify(meeting, invited, "event_invite", f"{program.name}: {plan.title}", organizer=coordinator)
        audit.record(coordinator, "event.schedule", plan.title, program=program, invited=len(invited))
    return meeting


def events_of(program):
    """The program's events, soonest first, with how many accepted and declined."""
    accepted = pw.fn.COUNT(Rsvp.id).filter(Rsvp.answer == Rsvp.ACCEPTED)
    declined = pw.fn.COUNT(Rsvp.id).filter(Rsvp.answer == Rsvp.DECLINED)
    return list(Meeting.select(Meeting, accepted.alias("accepted"), declined.alias("declined"))
                .join(Rsvp, pw.JOIN.LEFT_OUTER)
                .where(Meeting.program == program, Meeting.pair.is_null())
                .group_by(Meeting.id)
                .order_by(Meeting.starts_at.desc()))


def event_answers(meeting):
    """[(user, Rsvp or None)] of everyone invited to a program event."""
    answers = {r.user_id: r for r in Rsvp.select().where(Rsvp.meeting == meeting)}
    return [(user, answers.get(user.id)) for user in event_audience(meeting)]


# --- the calendar feed ---------------------------------------------------------------------------------

def calendar_token(user, reset=False):
    """The secret of the person's calendar subscription (made on first use, replaced when reset)."""
    if user.calendar_token is None or reset:
        made = User.update(calendar_token=secrets.token_urlsafe(24)).where(User.id == user.id)
        if not reset:  # two first visits at once make one address, not one that the other replaces
            made = made.where(User.calendar_token.is_null())
        made.execute()
        as_read(user, calendar_token=User.select(User.calendar_token).where(User.id == user.id).scalar())
    return user.calendar_token


def feed(token):
    """The calendar of the person with this feed token: their pairs' sessions and their programs' events,
    with moves and cancellations."""
    user = User.get_or_none(User.calendar_token == token) if token else None
    if user is None:
        raise NotFound()
    meetings = (Meeting.select()
                .where(_mine(user.id, [*Pair.HOLDING, Pair.ENDED]))
                .order_by(Meeting.starts_at))
    invites, seen = [], set()
    for meeting in meetings:
        if meeting.uid in seen or (meeting.cancelled and not meeting.series_id):
            continue
        seen.add(meeting.uid)
        if meeting.series_id and meeting.series.cancelled:
            continue
        invites.append(invite_for(meeting, attendees=None if meeting.pair_id else [user]))
    return ical.feed(invites, clock.now(), f"Mentoring: {user.name}")


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
def remove_sessions_of_leaver(user):
    """Someone who deletes their account leaves no sessions in their partners' calendars, and their pairs'
    sessions go with them (before the pairs do: PostgreSQL refuses one row both cascaded and set to null)."""
    pairs = pairs_of(user)
    for pair in pairs:
        if pair.state in Pair.HOLDING:
            cancel_when_pair_ends(pair, leaving={user.id})
    pair_ids = [pair.id for pair in pairs]
    if pair_ids:
        Meeting.delete().where(Meeting.pair.in_(pair_ids)).execute()
        Series.delete().where(Series.pair.in_(pair_ids)).execute()
