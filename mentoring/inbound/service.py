"""Mail that comes back, whichever way it arrives (a mailbox read over IMAP, an MTA's pipe, LMTP): each message is
stored first, once (by its Message-ID), then acted on in one transaction: a calendar's answer to a session updates
that person's answer as the email's links would. Whatever cannot be acted on is kept for the admin to read, with why."""
import hashlib
import io
import logging

from flask import current_app
from werkzeug.datastructures import FileStorage

from mentoring import clock
from mentoring.conversations import files
from mentoring.conversations import service as conversations
from mentoring.db import db
from mentoring.email import replies
from mentoring.errors import DomainError, NotFound
from mentoring.inbound import bounces, reading
from mentoring.matching import requests
from mentoring.meetings import rsvps
from mentoring.models import InboundMessage, Meeting, MentorRequest, Rsvp, Series, User
from mentoring.words import counted

log = logging.getLogger(__name__)
ANSWERED = {"ACCEPTED": Rsvp.ACCEPTED, "DECLINED": Rsvp.DECLINED, "TENTATIVE": Rsvp.TENTATIVE}  # PARTSTAT → answer


def receive(raw):
    """Store the message `raw` (bytes) unless it came before, then act on it: (the stored message, or the earlier one
    with the same Message-ID; whether it is new)."""
    incoming = reading.read(raw, replies.mailbox().partition("@")[0])
    fingerprint = incoming.message_id or "sha256:" + hashlib.sha256(raw).hexdigest()
    with db.atomic():
        stored = InboundMessage.get_or_none(InboundMessage.fingerprint == fingerprint)
        if stored is not None:
            return stored, False
        stored = InboundMessage.create(fingerprint=fingerprint, raw=raw, sender=incoming.sender[:254],
                                       subject=incoming.subject[:300], kind=incoming.kind)
    try:
        with db.atomic():
            outcome, note, user = _acted_on(incoming)
            _settle(stored, outcome, note, user)
    except Exception:  # a fault of ours must not lose the message: it stays, kept, for the admin to read
        log.exception("inbound message %s could not be acted on", stored.id)
        _settle(stored, InboundMessage.KEPT, "It could not be acted on (an error of the app's; see its log).", None)
    return stored, True


def _settle(stored, outcome, note, user):
    """Note what came of a stored message."""
    stored.outcome, stored.note, stored.user, stored.processed_at = outcome, note, user, clock.now()
    stored.save(only=[InboundMessage.outcome, InboundMessage.note, InboundMessage.user, InboundMessage.processed_at])


def _acted_on(incoming):
    """(outcome, what was done or why not, the person its token (or a bounce's address) names) for a message."""
    if incoming.kind == "auto":
        return InboundMessage.KEPT, "An automatic reply: nothing to do.", None
    if incoming.kind == "unreadable":
        return InboundMessage.KEPT, "The message could not be read.", None
    if incoming.kind == "bounce":
        return bounces.bounce(incoming)
    if not incoming.token:
        return InboundMessage.KEPT, "It answers nothing the app sent (no token in its address).", None
    named = replies.opened(incoming.token)
    user = User.get_or_none(User.id == named[2]) if named else None
    if user is None:
        return InboundMessage.KEPT, "Its token was not signed by this app, or its person is gone.", None
    if incoming.kind == "calendar" and named[0] in (replies.SESSION, replies.SERIES):
        return _calendar_answer(incoming, named, user)
    if incoming.kind == "reply" and named[0] == replies.CONVERSATION:
        return _conversation_reply(incoming, named[1], user)
    if incoming.kind == "reply" and named[0] == replies.REQUEST:
        return _request_reply(incoming, named[1], user)
    return InboundMessage.KEPT, f"A {incoming.kind} the app does not act on yet.", user


def _conversation_reply(incoming, pair_id, user):
    """A reply to an email about the pair's conversation, from the person it was sent to: their words (quoted history
    left out) and each file become their messages there, as if written on the page."""
    if incoming.sender != user.email.lower():
        return InboundMessage.KEPT, "The reply is not from the person its address was given to.", user
    if not (incoming.text or incoming.attachments):
        return InboundMessage.KEPT, "The reply holds no words of its own and no file.", user
    try:
        pair = conversations.conversation_for(pair_id, user)
    except NotFound:
        return InboundMessage.KEPT, "Its person is no longer one of that pair.", user
    config = current_app.config
    try:
        with db.atomic():  # the words and every file, or nothing (a file refused takes back the rest)
            if incoming.text:
                conversations.send(pair, user, incoming.text[:conversations.MESSAGE_MAX])
            for name, content_type, data in incoming.attachments:
                files.send(pair, user, "", FileStorage(io.BytesIO(data), filename=name, content_type=content_type),
                           config["FILE_MAX_BYTES"], config["FILE_PAIR_QUOTA_BYTES"])
    except DomainError as error:
        return InboundMessage.KEPT, error.message, user
    shared = f" and {counted(len(incoming.attachments), 'file')}" if incoming.attachments else ""
    return InboundMessage.ACTED, f"A message in the conversation{shared}.", user


def _request_reply(incoming, request_id, user):
    """A reply to an email about a request, from the person it was sent to: while the request is open, their words
    (quoted history left out) go beside it for the other side to read; once it made a pair, to the pair's
    conversation."""
    if incoming.sender != user.email.lower():
        return InboundMessage.KEPT, "The reply is not from the person its address was given to.", user
    request = MentorRequest.get_or_none(MentorRequest.id == request_id)
    if request is None or user.id not in (request.mentee.user_id, request.mentor.user_id):
        return InboundMessage.KEPT, "Its person is no longer one of that request's two people.", user
    if request.state == MentorRequest.ACCEPTED and request.pair_id is not None:
        return _conversation_reply(incoming, request.pair_id, user)
    if not incoming.text:
        return InboundMessage.KEPT, "The reply holds no words of its own.", user
    try:
        requests.write_note(request, user, incoming.text[:requests.NOTE_MAX])
    except DomainError as error:
        return InboundMessage.KEPT, error.message, user
    left_out = (f" ({counted(len(incoming.attachments), 'file')} left out: files are shared once you are a pair)"
                if incoming.attachments else "")
    return InboundMessage.ACTED, f"A note on the request{left_out}.", user


def _calendar_answer(incoming, named, user):
    """Record the person's answers from their calendar app to the session (or occurrences of the series) their token
    names: only answers that are theirs, for that session, while it is still to come; all of them or none."""
    kind, object_id, _ = named
    answering = []
    for calendar in incoming.calendars:
        if calendar.attendee != user.email.lower():
            return InboundMessage.KEPT, "The answer is not from the person its address was given to.", user
        meeting = _answered_meeting(kind, object_id, calendar)
        if meeting is None:
            return InboundMessage.KEPT, "It answers a session this address was not given for.", user
        if meeting.cancelled or meeting.ends_at <= clock.now():
            return InboundMessage.KEPT, "The session it answers is over or cancelled.", user
        if not (calendar.proposed_start if calendar.method == "COUNTER" else calendar.partstat in ANSWERED):
            return InboundMessage.KEPT, f"A calendar answer the app does not record ({calendar.partstat}).", user
        answering.append((meeting, calendar))
    if not answering:
        return InboundMessage.KEPT, "The calendar part holds no answer.", user
    try:
        with db.atomic():  # (a refusal of a later one takes back the earlier ones)
            for meeting, calendar in answering:
                if calendar.method == "COUNTER":
                    rsvps.answer(meeting, user, Rsvp.PROPOSED, calendar.proposed_start, calendar.comment[:500],
                                 via=Rsvp.CALENDAR)
                else:
                    rsvps.answer(meeting, user, ANSWERED[calendar.partstat], note=calendar.comment[:500],
                                 via=Rsvp.CALENDAR, alone=calendar.recurrence_id is not None)
    except DomainError as error:
        return InboundMessage.KEPT, error.message, user
    return InboundMessage.ACTED, "; ".join(f"{calendar.method} {calendar.partstat or 'new time'} for “{meeting.title}”"
                                           for meeting, calendar in answering), user


def _answered_meeting(kind, object_id, calendar):
    """The session a calendar answer is for: the token's session (its UID), or the occurrence of the token's series
    its RECURRENCE-ID names (else the series' next one still to come); None when the UID is another's."""
    if kind == replies.SESSION:
        meeting = Meeting.get_or_none(Meeting.id == object_id)
        return meeting if meeting is not None and meeting.uid == calendar.uid else None
    series = Series.get_or_none(Series.id == object_id)
    if series is None or series.uid != calendar.uid:
        return None
    occurrences = Meeting.select().where(Meeting.series == series.id)
    if calendar.recurrence_id is not None:
        return occurrences.where(Meeting.recurrence_id == calendar.recurrence_id).first()
    now = clock.now()
    return next((meeting for meeting in occurrences.where(~Meeting.cancelled).order_by(Meeting.starts_at)
                 if meeting.ends_at > now), None)


PAGE_SIZE = 50


def listing(page, page_size):
    """One page of the messages that came back, newest first (without their raw bytes)."""
    return list(InboundMessage.select(*[field for field in InboundMessage._meta.sorted_fields
                                        if field is not InboundMessage.raw])
                .order_by(InboundMessage.id.desc())
                .paginate(page, page_size))


def message(message_id):
    """One message that came back, or None."""
    return InboundMessage.get_or_none(InboundMessage.id == message_id)


def raw_text(message):
    """The message as it arrived, as text to read (bytes that are not UTF-8 shown as replacement characters)."""
    return bytes(message.raw).decode("utf-8", errors="replace")
