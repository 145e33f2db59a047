"""Program events: group sessions for every member or one role, and who answered."""
import peewee as pw

from mentoring import audit
from mentoring.db import db
from mentoring.errors import DomainError
from mentoring.meetings.invites import event_audience, notify, takes_part
from mentoring.meetings.rsvps import save_answers
from mentoring.meetings.scheduling import future_start, new_uid
from mentoring.models import Meeting, Membership, Rsvp

EVENT_AUDIENCES = {"all": "Every member", Membership.MENTOR: "Mentors", Membership.MENTEE: "Mentees"}


def schedule_event(program, coordinator, plan, audience):
    """A group session (kick-off, networking hour, workshop) for every member or one role, at the coordinator's
    local time; each gets the invite."""
    if audience not in EVENT_AUDIENCES:
        raise DomainError("Choose who is invited.", field="audience")
    start = future_start(plan.day, plan.at, coordinator.timezone)
    with db.atomic():
        meeting = Meeting.create(program=program, uid=new_uid(), organizer=coordinator, title=plan.title,
                                 starts_at=start, duration_minutes=plan.duration, timezone=coordinator.timezone,
                                 location=plan.location, audience=audience)
        if takes_part(meeting, coordinator):  # a coordinator who is also one of the members invited
            save_answers([meeting], coordinator, Rsvp.ACCEPTED)
        invited = event_audience(meeting)
        notify(meeting, invited, "event_invite", f"{program.name}: {plan.title}", organizer=coordinator)
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
