"""Who a session invites, and the emails that carry its calendar invite (with links to answer it)."""
import dataclasses
from datetime import timedelta

from flask import current_app

from mentoring import clock, signed
from mentoring.email import replies
from mentoring.email.outbox import queue_email
from mentoring.meetings import agenda, ical
from mentoring.models import Meeting, Membership, Rsvp, User
from mentoring.web import external_url

ANSWERS = {Rsvp.ACCEPTED: "Accepted", Rsvp.DECLINED: "Declined", Rsvp.PROPOSED: "Suggested another time"}


def people_of(pair):
    return [pair.mentee.user, pair.mentor.user]


def partner_of(pair, user):
    return pair.mentor.user if pair.mentee.user_id == user.id else pair.mentee.user


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


def event_audience(meeting):
    """The approved members a program event invites, by name."""
    return list(User.select().join(Membership)
                .where(Membership.program == meeting.program_id, Membership.role.in_(_roles(meeting.audience)),
                       Membership.state == Membership.APPROVED)
                .distinct().order_by(User.name))


def recipients(meeting):
    return people_of(meeting.pair) if meeting.pair_id else event_audience(meeting)


def _reply_address(meeting, user):
    """The organiser's address in `user`'s copy of the invite: where their calendar's answer comes back, bound to them
    and the session (or its whole series), the same in every update."""
    if meeting.series_id:
        return replies.address_for(replies.SERIES, meeting.series_id, user.id)
    return replies.address_for(replies.SESSION, meeting.id, user.id)


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
    return {Rsvp.ACCEPTED: "accepted", Rsvp.DECLINED: "declined", Rsvp.TENTATIVE: "tentative"}.get(answer,
                                                                                                  "needs-action")


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


def notify(meeting, users, template, subject, method="REQUEST", moved=None, cancel_one=False, **context):
    """Email each person about a session with the invite (or cancellation) their calendar takes.

    A pair's two emails carry the same event, each naming as organiser the address that brings back its person's
    answer (email.replies); each member invited to a program event gets one naming only them, so nobody's address
    reaches the whole program.
    """
    one = bool(moved or cancel_one)  # one occurrence of a series, not the whole of it
    invite = invite_for(meeting, whole_series=not one)
    answers = {} if meeting.pair_id else {r.user_id: r.answer for r in Rsvp.select().where(Rsvp.meeting == meeting)}
    for user in users:
        organizer = dataclasses.replace(invite.organizer, email=_reply_address(meeting, user))
        attendees = (invite.attendees if meeting.pair_id
                     else [(ical.Person(user.email, user.name), _partstat(answers.get(user.id)))])
        calendar = _calendar(meeting, dataclasses.replace(invite, organizer=organizer, attendees=attendees), method,
                             moved, cancel_one)
        preference = "sessions" if meeting.pair_id else "program"
        queue_email(user, template, subject(user) if callable(subject) else subject, preference=preference,
                    calendar=(method, calendar.decode("utf-8")),
                    reply_to=meeting.organizer.email if meeting.organizer_id not in (None, user.id) else "",
                    meeting=meeting, zone=user.timezone, links=rsvp_links(meeting, user) if method != "CANCEL" else {},
                    page=page_url(meeting), partner=partner_of(meeting.pair, user) if meeting.pair_id else None,
                    agenda=agenda.items_of(meeting), series=meeting.series if meeting.series_id and not one else None,
                    **context)


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
