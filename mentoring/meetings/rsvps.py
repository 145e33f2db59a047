"""Answers to sessions (RSVPs): from the session's page or the email's links, without logging in."""
from mentoring import clock, signed
from mentoring.db import db
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError
from mentoring.meetings.invites import ANSWERS, page_url, partner_of, takes_part
from mentoring.models import Meeting, Rsvp, User


def read_rsvp_token(token):
    """(meeting, user) of a token; DomainError for a link that is altered, expired, or no longer theirs."""
    meeting_id, user_id = signed.loads("rsvp", token, "m", "u",
                                       expired="This session is over, so this link no longer works.")
    meeting = Meeting.get_or_none(Meeting.id == meeting_id)
    user = User.get_or_none(User.id == user_id)
    if meeting is None or user is None or not takes_part(meeting, user):
        raise DomainError("This link is not valid any more: the session was removed or you no longer take part.")
    return meeting, user


def answer(meeting, user, reply, proposed=None, note="", via="", alone=False):
    """Record an answer to a session (for a series: to it and every later one, unless `alone`), given `via` the
    person's calendar app or the app itself; the partner is told by email when it is a no or another time."""
    if reply not in ANSWERS and reply != Rsvp.TENTATIVE:
        raise DomainError("Choose accept, decline or another time.", field="answer")
    if meeting.cancelled:
        raise DomainError("This session is cancelled.")
    if reply == Rsvp.PROPOSED and proposed is None:
        raise DomainError("Suggest a day and a time.", field="day")
    if proposed is not None and proposed <= clock.now():
        raise DomainError("Suggest a time in the future.", field="day")
    with db.atomic():
        targets = [meeting]
        if meeting.series_id and reply != Rsvp.PROPOSED and not alone:
            targets = list(Meeting.select().where(Meeting.series == meeting.series_id, ~Meeting.cancelled,
                                                  Meeting.starts_at >= meeting.starts_at))
        save_answers(targets, user, reply, proposed, note, via)
        if meeting.pair_id and reply in (Rsvp.DECLINED, Rsvp.PROPOSED):
            partner = partner_of(meeting.pair, user)
            says = "cannot make" if reply == Rsvp.DECLINED else "suggests another time for"
            queue_email(partner, "rsvp_changed", f"{user.name} {says} {meeting.title}", preference="sessions",
                        meeting=meeting, person=user, reply=reply, proposed=proposed, note=note, zone=partner.timezone,
                        page=page_url(meeting), several=len(targets) > 1)
    return targets


def save_answers(meetings, user, reply, proposed=None, note="", via=""):
    """Store `user`'s answer to each of `meetings`, in place of any earlier one."""
    now = clock.now()
    for meeting in meetings:
        (Rsvp.insert(meeting=meeting, user=user, answer=reply, proposed_start=proposed, note=note, updated_at=now,
                     via=via)
         .on_conflict(conflict_target=[Rsvp.meeting, Rsvp.user],
                      update={Rsvp.answer: reply, Rsvp.proposed_start: proposed, Rsvp.note: note,
                              Rsvp.updated_at: now, Rsvp.via: via})
         .execute())


def answers_to(meetings):
    """{meeting id: {user id: Rsvp}} for sessions."""
    found = {}
    for rsvp in Rsvp.of_meetings([m.id for m in meetings]):
        found.setdefault(rsvp.meeting_id, {})[rsvp.user_id] = rsvp
    return found
