"""Mentees asking mentors: requests, answers, expiry; accepting never puts a mentor over capacity."""
from datetime import timedelta

from mentoring import clock, privacy
from mentoring.db import Prepared, db
from mentoring.email import replies
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError, NotFound
from mentoring.matching import people
from mentoring.models import Membership, MentorRequest, Pair, Program, RequestNote
from mentoring.web import external_url
from mentoring.words import counted

NOTE_MAX = 2000
DECLINE_REASONS = {
    "full": "My mentoring seats are full right now",
    "fit": "I don't think I'm the best fit for your goals",
    "time": "I don't have enough time at the moment",
    "other": "Another reason",
}
_before_accept = []


_HOLDING = Prepared(lambda mentee_id: Pair.select()
                    .where(Pair.mentee == mentee_id, Pair.state.in_(Pair.HOLDING)))


def holding_pair(mentee):
    """The mentee's pair that is proposed, in introduction or active, if any."""
    return _HOLDING.first(mentee.id)


def open_requests(mentee):
    return (MentorRequest.select()
            .where(MentorRequest.mentee == mentee, MentorRequest.state == MentorRequest.OPEN)
            .order_by(MentorRequest.created_at))


def seats_left(mentor):
    return (mentor.capacity or 0) - people.seats_taken(mentor.program_id, [mentor.id]).get(mentor.id, 0)


def mentor_for(mentee, membership_id):
    """An approved mentor of the mentee's program, with their account (NotFound for anyone else)."""
    mentor = Membership.mentors_of(mentee.program_id).where(Membership.id == membership_id).first()
    if mentor is None:
        raise NotFound()
    return mentor


def received_request(mentor, request_id):
    """A request the mentor received, with its mentee's membership and account (NotFound for any other)."""
    request = MentorRequest.received_by(mentor).where(MentorRequest.id == request_id).first()
    if request is None:
        raise NotFound()
    return request


def sent_request(mentee, request_id):
    """A request the mentee sent, with its mentor's membership and account (NotFound for any other)."""
    request = MentorRequest.sent_by(mentee).where(MentorRequest.id == request_id).first()
    if request is None:
        raise NotFound()
    return request


def request_mentor(mentee, mentor_id, message):
    """Ask a mentor of the same program; the mentor is emailed. Raises DomainError saying why not."""
    program = mentee.program
    mentor = (Membership.get_or_none(Membership.id == mentor_id, Membership.program == program,
                                     Membership.role == Membership.MENTOR, Membership.state == Membership.APPROVED))
    if mentor is None:
        raise NotFound()
    if not program.accepts_requests:
        raise DomainError("This program is not taking requests at the moment.")
    if mentee.state != Membership.APPROVED:
        raise DomainError("You can ask mentors once your application is approved.")
    if mentor.user_id == mentee.user_id:
        raise DomainError("You cannot ask yourself to be your mentor.")
    with db.atomic():
        Membership.lock(mentee.id)  # what follows counts the mentee's pairs and open requests
        if holding_pair(mentee) is not None:
            raise DomainError("You already have a mentor in this program.")
        if Pair.select().where(Pair.mentee == mentee, Pair.mentor == mentor).exists():
            raise DomainError("You were paired with this mentor before; choose someone new.")
        mine = list(open_requests(mentee))
        if any(request.mentor_id == mentor.id for request in mine):
            raise DomainError("You already asked this mentor; they have not answered yet.")
        if len(mine) >= program.max_open_requests:
            raise DomainError(f"You can wait for at most {counted(program.max_open_requests, 'answer')} at a time. "
                              "Withdraw a request to ask someone else.")
        if seats_left(mentor) <= 0:
            raise DomainError("This mentor's seats are full.")
        request = MentorRequest.create(program=program, mentee=mentee, mentor=mentor, message=message,
                                       expires_at=clock.now() + timedelta(days=program.reply_days))
        queue_email(mentor.user, "request_received", f"{mentee.user.name} would like you as their mentor",
                    preference="requests", answers=(replies.REQUEST, request.id), request=request, mentee=mentee,
                    program=program, days=program.reply_days,
                    link=external_url("matching.inbox_request", slug=program.slug, request_id=request.id))
    return request


def write_note(request, user, text):
    """A word from the request's mentee or mentor while it is open (a question before an answer); the other side is
    emailed, and may answer by replying. Raises DomainError saying why not."""
    text = text.strip()
    if not text:
        raise DomainError("Write something first.", field="text")
    if len(text) > NOTE_MAX:
        raise DomainError(f"Keep it under {NOTE_MAX:,} characters.", field="text")
    with db.atomic():
        request = MentorRequest.get_by_id(request.id)
        if request.state != MentorRequest.OPEN:
            raise DomainError(f"This request is {request.state}: it takes no more words.")
        author, reader = ((request.mentee, request.mentor) if user.id == request.mentee.user_id
                          else (request.mentor, request.mentee))
        note = RequestNote.create(request=request, author=user, text=text)
        if reader is request.mentor:
            subject, link = (f"{user.name} wrote about their request",
                             external_url("matching.inbox_request", slug=request.program.slug, request_id=request.id))
        else:
            subject, link = (f"{user.name} wrote about your request",
                             external_url("matching.my_requests", slug=request.program.slug))
        queue_email(reader.user, "request_note", subject, preference="requests", answers=(replies.REQUEST, request.id),
                    request=request, note=note, author=author, program=request.program, link=link)
    return note


def _mine(request_id, **conditions):
    request = MentorRequest.get_or_none(MentorRequest.id == request_id,
                                        *[getattr(MentorRequest, name) == value for name, value in conditions.items()])
    if request is None:
        raise NotFound()
    return request


def withdraw(mentee, request_id):
    """The mentee takes back an open request; the mentor is told."""
    with db.atomic():
        request = _mine(request_id, mentee=mentee)
        if not _close(request, MentorRequest.WITHDRAWN, "request_withdrawn",
                      f"{mentee.user.name} withdrew their request", to="mentor", reason="They withdrew it."):
            raise DomainError("This request was already answered.")


def _answer(request, state, **fields):
    """Move an open request to `state`, setting `fields`; False when it is no longer open: of an accept, a decline, a
    withdrawal and the expiry at the same moment, only the first counts (the others find it answered)."""
    now = clock.now()
    answered = (MentorRequest.update(state=state, answered_at=now, **fields)
                .where(MentorRequest.id == request.id, MentorRequest.state == MentorRequest.OPEN)
                .execute())
    if answered:
        request.state, request.answered_at = state, now
        for name, value in fields.items():
            setattr(request, name, value)
    return bool(answered)


def _close(request, state, template, subject, to, fields=None, **context):
    """End an open request and tell one side by email; False, and no email, when it was no longer open."""
    if not _answer(request, state, **(fields or {})):
        return False
    member = request.mentor if to == "mentor" else request.mentee
    queue_email(member.user, template, subject, preference="requests", request=request, program=request.program,
                link=external_url("matching.suggestions", slug=request.program.slug), **context)
    return True


def before_accept(fn):
    """Register `fn(mentor)`, run before a mentor accepts a request; it raises DomainError to refuse (domains above
    add their conditions: the training a program asks for)."""
    _before_accept.append(fn)
    return fn


def accept(mentor, request_id, welcome=""):
    """Accept a request: the pair begins, the mentee's other requests are withdrawn, and when this fills
    the mentor's last seat, their other open requests are declined. Safe when many accepts race."""
    with db.atomic():
        request = _mine(request_id, mentor=mentor)
        for fn in _before_accept:
            fn(mentor)
        mentee = request.mentee
        Membership.lock(mentor.id, mentee.id)  # what follows counts the mentor's seats and the mentee's pairs
        request = MentorRequest.get_by_id(request.id)
        if request.state != MentorRequest.OPEN:
            raise DomainError("This request is no longer open.")
        mentor = Membership.get_by_id(mentor.id)
        if seats_left(mentor) <= 0:
            raise DomainError("Your seats are full: you cannot accept more mentees. Raise your capacity first, "
                              "or decline this request.")
        if holding_pair(mentee) is not None:
            raise DomainError("This mentee already has a mentor.")
        program = request.program
        pair = Pair.create(program=program, mentee=mentee, mentor=mentor, origin="request",
                           state=Pair.INTRODUCTION if program.introduction_step else Pair.ACTIVE,
                           activated_at=None if program.introduction_step else clock.now())
        if not _answer(request, MentorRequest.ACCEPTED, welcome_message=welcome, pair=pair):
            raise DomainError("This request is no longer open.")  # withdrawn or expired meanwhile: no pair is made
        queue_email(mentee.user, "request_accepted", f"{mentor.user.name} will be your mentor",
                    preference="requests", answers=(replies.CONVERSATION, pair.id), request=request, pair=pair,
                    program=program, link=external_url("pairs.show", pair_id=pair.id))
        for other in open_requests(mentee):
            _close(other, MentorRequest.WITHDRAWN, "request_withdrawn", f"{mentee.user.name} found a mentor",
                   to="mentor", reason="They found a mentor.")
        if seats_left(mentor) <= 0:
            for other in (MentorRequest.select()
                          .where(MentorRequest.mentor == mentor, MentorRequest.state == MentorRequest.OPEN)):
                _close(other, MentorRequest.DECLINED, "request_declined", f"{mentor.user.name} cannot take you on",
                       to="mentee", fields={"decline_reason": "full"}, reason=DECLINE_REASONS["full"])
    return pair


def decline(mentor, request_id, reason, note=""):
    """Say no kindly, with a reason from the short list and an optional note."""
    if reason not in DECLINE_REASONS:
        raise DomainError("Choose a reason.", field="reason")
    with db.atomic():
        request = _mine(request_id, mentor=mentor)
        if not _close(request, MentorRequest.DECLINED, "request_declined", f"{mentor.user.name} cannot take you on",
                      to="mentee", fields={"decline_reason": reason, "decline_note": note},
                      reason=DECLINE_REASONS[reason], note=note):
            raise DomainError("This request is no longer open.")


def expire_and_remind(now=None):
    """Expire requests past their time (freeing the mentee's slot) and remind mentors half way."""
    now = now or clock.now()
    expired = reminded = 0
    with db.atomic():
        for request in (MentorRequest.select()
                        .where(MentorRequest.state == MentorRequest.OPEN, MentorRequest.expires_at <= now)):
            expired += _close(request, MentorRequest.EXPIRED, "request_expired",
                              "Your request was not answered in time", to="mentee",
                              reason="It was not answered in time.")
        for request in (MentorRequest.select(MentorRequest, Program).join(Program)
                        .where(MentorRequest.state == MentorRequest.OPEN, MentorRequest.reminded_at.is_null())):
            half_way = request.created_at + (request.expires_at - request.created_at) / 2
            if half_way <= now:
                request.reminded_at = now
                request.save(only=[MentorRequest.reminded_at])
                queue_email(request.mentor.user, "request_reminder",
                            f"{request.mentee.user.name} is waiting for your answer", preference="requests",
                            answers=(replies.REQUEST, request.id), request=request, program=request.program,
                            mentee=request.mentee, link=external_url("matching.inbox_request",
                                                                     slug=request.program.slug, request_id=request.id))
                reminded += 1
    return expired, reminded


def close_all_of(membership):
    """Close every open request from or to a member who leaves the program; the other side is told."""
    for request in (MentorRequest.select()
                    .where(MentorRequest.state == MentorRequest.OPEN,
                           (MentorRequest.mentee == membership.id) | (MentorRequest.mentor == membership.id))):
        if request.mentee_id == membership.id:
            _close(request, MentorRequest.WITHDRAWN, "request_withdrawn",
                   f"{request.mentee.user.name} withdrew their request", to="mentor", reason="They left the program.")
        else:
            _close(request, MentorRequest.DECLINED, "request_declined",
                   f"{request.mentor.user.name} cannot take you on", to="mentee", reason="They left the program.")


@privacy.exporter("request_notes")
def _export_request_notes(user):
    return [{"request": note.request_id, "written_at": note.written_at.isoformat(), "text": note.text}
            for note in RequestNote.select().where(RequestNote.author == user).order_by(RequestNote.id)]


@privacy.eraser
def _erase_request_notes(user):
    """What the person wrote about requests goes with them."""
    RequestNote.delete().where(RequestNote.author == user).execute()
