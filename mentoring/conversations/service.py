"""A pair's conversation: sending, editing and deleting messages, reading, and what a poll finds new."""
import hmac
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import NamedTuple

from flask import current_app

from mentoring import clock, privacy
from mentoring.db import db
from mentoring.email import replies
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError, NotFound
from mentoring.models import Conversation, ConversationRead, Membership, Message, Pair, SignIn
from mentoring.models.base import digest
from mentoring.pairs.service import own_pair, side_of
from mentoring.text import lines
from mentoring.web import external_url

SHOWN = 50  # messages on the conversation's page; earlier ones a page back at a time
MESSAGE_MAX = 5000  # characters a message may hold, however it is written (the page, a reply by email)
SHOWN_WITH_THE_PAIR = 10  # the latest messages on the pair's page, under a link to the whole conversation
EDITABLE = timedelta(minutes=15)
QUIET = timedelta(minutes=10)  # unread messages are emailed once the conversation has been quiet this long
LOOKED_BACK = timedelta(days=2)  # conversations written in this long are checked for unread messages
WRITING = (Pair.PROPOSED, Pair.INTRODUCTION, Pair.ACTIVE)


class Shown(NamedTuple):
    """What a person sees of a conversation: its messages as the log shows them (Line), where earlier ones begin, the
    first they had not read, whether their partner has seen their last message, the conversation's version and the
    last message's id (for polls)."""

    lines: list
    earlier: int | None
    first_unread: int | None
    seen: bool
    version: int
    last_id: int


class Line(NamedTuple):
    """One message as the log shows it in one zone: what the log writes of it (the local date where a new day
    begins, else None; when it was sent, ISO 8601, and its time of day in that zone), read from the message once."""

    id: int
    sender_id: int | None
    text: str
    edited: bool
    deleted: bool
    hidden: bool
    file_id: int | None
    file_name: str
    file_size: int | None
    day: date | None
    at: str
    time: str
    sent_at: datetime


def talked_in(pair_id, user):
    """The pair as its conversation page reads it (models.pairs.Pair.as_talked_in), for one of its two people
    (anyone else, coordinators included: NotFound)."""
    pair = Pair.as_talked_in.first(pair_id)
    if pair is None or side_of(pair, user) is None:
        raise NotFound()
    return pair


def conversation_for(pair_id, user):
    """The pair whose conversation `user` may read: one of its two people (coordinators never read it)."""
    return own_pair(pair_id, user)


def read_only_because(pair, user):
    """Why `user` cannot write in the pair's conversation now, or "" when they can."""
    if pair.state == Pair.PAUSED:
        return "The pair is paused: the conversation can be read, not written in, until it resumes."
    if pair.state not in WRITING:
        return "The pair has ended: the conversation stays here to read."
    membership = pair.mentee if side_of(pair, user) == "mentee" else pair.mentor
    if membership.state == Membership.DEACTIVATED:
        return "Your membership was deactivated by the coordinators: you cannot write here."
    return ""


def partner_of(pair, user):
    """The user on the other side of the pair."""
    return pair.mentor.user if pair.mentee.user_id == user.id else pair.mentee.user


def shown_to(pair, user, zone, before=None, count=SHOWN):
    """The conversation as `user` sees it in `zone` (the latest `count` messages, or those before the message id
    `before`), marking what they now see as read (a write only when there is something new to them)."""
    identity, version, reads = Conversation.state_of(pair.id)  # first: what changes after it, the next poll brings
    lines_at = _lines_at if identity else _lines_at.__wrapped__  # kept only when the conversation has an identity
    earlier, lines = lines_at(pair.id, identity, version, before, count, zone)
    me, mine = user.id, reads.get(user.id, 0)
    first_unread = next((line.id for line in lines if line.id > mine and line.sender_id != me), None)
    last_id = lines[-1].id if lines else 0
    if last_id > mine and before is None:
        moved = mark_read(pair, user, last_id)
        if moved == version + 1:  # nothing else changed in between: the page is at the version its reading made
            version = moved
    last_mine = next((line.id for line in reversed(lines) if line.sender_id == me), None)
    seen = last_mine is not None and reads.get(partner_of(pair, user).id, 0) >= last_mine
    return Shown(lines, earlier, first_unread, seen, version, last_id)


@lru_cache(maxsize=256)
def _lines_at(pair_id, identity, version, before, count, zone):
    """(where earlier messages begin, the Lines in `zone`) of the pair's conversation `identity` at `version`: the
    latest `count` messages, or those before the message id `before`. Kept by each worker for the conversations read
    most lately: every change of a message grows the version in the same transaction, so a kept answer is never
    older than its version (it may show a change made after it, which the next poll brings anyway)."""
    rows = Message.logged(pair_id, count + 1, before)  # one more than shown tells whether earlier ones exist
    earlier = None
    if len(rows) > count:
        del rows[0]
        earlier = rows[0][0]
    return earlier, KeptLines(lines_of(rows, zone))


class KeptLines(list):
    """A conversation's Lines at one version as a worker keeps them (`_lines_at`), never changed once made, with the
    log's HTML written from them (conversations.log.messages_html's `written`)."""

    __slots__ = ("written",)

    def __init__(self, lines):
        super().__init__(lines)
        self.written = {}


def lines_of(messages, zone, days=True):
    """Each message (a row of models.conversations.LOGGED) as the log shows it in `zone` (with the day separators
    when `days`), worked out here once per message."""
    shown, day = [], None
    for (message_id, sender_id, text, sent_at, edited_at, deleted_at, hidden_at, file_id, file_name,
         file_size) in messages:
        local_date, at, time = _stamp(sent_at, zone)
        shown.append(Line(message_id, sender_id, text, edited_at is not None, deleted_at is not None,
                          hidden_at is not None, file_id, file_name, file_size,
                          local_date if days and local_date != day else None, at, time, sent_at))
        day = local_date
    return shown


@lru_cache(maxsize=8192)
def _stamp(sent_at, zone):
    """(the local date, the ISO 8601 time, the time of day as shown) of a message sent at `sent_at`, read in `zone`
    (strftime and isoformat take ten times as long as formatting by hand, fifty times a page; a pure function, kept
    for the messages a page shows again)."""
    local = sent_at.astimezone(zone)
    return (local.date(), f"{sent_at.year:04d}-{sent_at.month:02d}-{sent_at.day:02d}T{sent_at.hour:02d}:"
                          f"{sent_at.minute:02d}:{sent_at.second:02d}Z",
            f"{local.hour:02d}:{local.minute:02d} {local.tzname()}")


def poll_token(pair, user):
    """What the page's poll carries: a signature of the pair, `user` and the log-in they read it under, so a poll that
    finds nothing new is answered without loading the person or the pair (`nothing_new`)."""
    return _poll_signature(current_app.secret_key, pair.id, user.id, user.sign_in.id)


def nothing_new(pair_id, session_id, token, version):
    """Whether a poll can be answered "nothing new" at once: `token` was signed for this pair and the log-in the
    browser's session names (`session_id`, "<sign-in id>:<secret>"), that log-in still lasts and was seen lately,
    and the conversation is still at `version`. One query; False sends the poll the whole checked way."""
    sign_in_id, _, secret = (session_id or "").partition(":")
    if not token or not sign_in_id.isdigit() or len(sign_in_id) > 18:
        return False
    polled = Conversation.as_polled(pair_id, int(sign_in_id), digest(secret))
    if polled is None:
        return False
    user_id, last_seen_at, current = polled
    return (current == version and last_seen_at > clock.now() - SignIn.SEEN_EVERY
            and hmac.compare_digest(token, _poll_signature(current_app.secret_key, pair_id, user_id, int(sign_in_id))))


@lru_cache(maxsize=4096)
def _poll_signature(secret, pair_id, user_id, sign_in_id):
    """The signature of a poll of the pair's conversation by `user_id` under the log-in `sign_in_id` (a pure function,
    kept for the pages and polls of the log-ins seen lately)."""
    message = f"conversation-poll:{pair_id}:{user_id}:{sign_in_id}".encode()
    return hmac.digest(secret.encode(), message, "sha256").hex()[:32]


def send(pair, user, text, attached=None):
    """Add `user`'s message to the pair's conversation (with the pair's file `attached`, if any); returns its id."""
    text = lines(text)
    if not text and attached is None:
        raise DomainError("Write a message first.", field="text")
    with db.atomic():
        reason = read_only_because(pair, user)
        if reason:
            raise DomainError(reason)
        message_id = Message.new.inserted(pair.id, user.id, text, clock.now(), attached.id if attached else None,
                                          attached.name if attached else "", attached.size if attached else None)
        ConversationRead.read_up_to(pair.id, user.id, message_id)
    return message_id


def edit(pair, user, message_id, text):
    """Change `user`'s own message, within 15 minutes of sending it."""
    text = lines(text)
    if not text:
        raise DomainError("Write the message, or delete it.")
    with db.atomic():
        message = _own_recent(pair, user, message_id)
        message.text, message.edited_at = text, clock.now()
        message.save(only=[Message.text, Message.edited_at])
    return message


def delete(pair, user, message_id):
    """Delete `user`'s own message, within 15 minutes of sending it (it shows as deleted)."""
    with db.atomic():
        message = _own_recent(pair, user, message_id)
        message.text, message.deleted_at = "", clock.now()
        message.save(only=[Message.text, Message.deleted_at])
    return message


def editable(message, user):
    """Whether `user` may still edit or delete `message`."""
    return (message.sender_id == user.id and message.deleted_at is None
            and clock.now() - message.sent_at < EDITABLE)


def mark_read(pair, user, last_id):
    """Note that `user` has seen the pair's messages up to `last_id` (the partner's page then shows "Seen"); the
    conversation's new version when the mark moved, else None."""
    with db.atomic():
        if ConversationRead.read_up_to(pair.id, user.id, last_id):
            return _next_version(pair)
    return None


def email_unread():
    """Email each person whose partner's messages have waited unread while the conversation was quiet for 10 minutes:
    one email per conversation and quiet period, carrying every unread message. Returns how many were written."""
    written = 0
    for pair_id in Message.pairs_written_since(clock.now() - LOOKED_BACK):
        with db.atomic():
            Pair.lock(pair_id)
            written += _email_unread_in(pair_id)
    return written


def _email_unread_in(pair_id):
    """Email each of the pair's two people the partner's messages they have neither read nor been emailed, when the
    conversation is quiet: one pass over the pair (its latest message, both marks, the messages after the earlier
    mark); how many emails it wrote."""
    latest = Message.latest_of(pair_id, 1)
    if not latest or clock.now() - latest[0].sent_at < QUIET:
        return 0
    pair = Pair.by_id_with_people.first(pair_id)
    people = (pair.mentee.user, pair.mentor.user)
    marks = ConversationRead.marks_of(pair)
    seen = {person.id: max(marks.get(person.id, (0, 0))) for person in people}
    if latest[0].id <= min(seen.values()):
        return 0
    after = list(Message.select()
                 .where(Message.pair == pair, Message.deleted_at.is_null(), Message.hidden_at.is_null(),
                        Message.id > min(seen.values()))
                 .order_by(Message.id))
    written = 0
    for person in people:
        unread = [message for message in after if message.id > seen[person.id] and message.sender_id != person.id]
        if unread:
            ConversationRead.emailed(pair, person, unread[-1].id)
            partner = partner_of(pair, person)
            queue_email(person, "unread_messages", f"{partner.name} wrote to you", preference="messages",
                        answers=(replies.CONVERSATION, pair.id), partner=partner, messages=unread,
                        link=external_url("conversations.conversation", pair_id=pair.id))
            written += 1
    return written


def _next_version(pair):
    """Count one more change of the pair's conversation, one that is not a message's (a reading: the database counts
    each message written or changed itself, migration 0018), holding it until commit."""
    Conversation.insert(pair=pair, version=0).on_conflict_ignore().execute()
    Conversation.update(version=Conversation.version + 1).where(Conversation.pair == pair).execute()
    return Conversation.version_of(pair.id)


def own_message(pair, user, message_id):
    """`user`'s own message in the pair's conversation (anyone else's, or another pair's: NotFound)."""
    message = Message.get_or_none(Message.id == message_id, Message.pair == pair)
    if message is None or message.sender_id != user.id:
        raise NotFound()
    return message


def _own_recent(pair, user, message_id):
    message = own_message(pair, user, message_id)
    if not editable(message, user):
        raise DomainError("A message can be changed or deleted only in the 15 minutes after sending it.")
    return message


@privacy.exporter("messages")
def _export_messages(user):
    return [{"pair": message.pair_id, "sent_at": message.sent_at.isoformat(), "text": message.text,
             "edited_at": message.edited_at.isoformat() if message.edited_at else None}
            for message in Message.select().where(Message.sender == user, Message.deleted_at.is_null())
            .order_by(Message.id)]


@privacy.eraser
def _erase_messages(user):
    """The partner keeps the conversation; what the person wrote is removed, signed by "a former member" (open pages
    of the conversation update)."""
    (Message.update(text="", sender=None, deleted_at=clock.now(), file_name="", file_size=None)
     .where(Message.sender == user)
     .execute())

