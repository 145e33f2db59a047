"""A pair's conversation: sending, editing and deleting messages, reading, and what a poll finds new."""
from datetime import timedelta
from typing import NamedTuple

from mentoring import clock, privacy
from mentoring.db import db
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError, NotFound
from mentoring.models import Conversation, ConversationRead, Membership, Message, Pair
from mentoring.pairs.service import own_pair, side_of
from mentoring.text import lines
from mentoring.web import external_url

SHOWN = 50  # messages on the conversation's page; earlier ones a page back at a time
SHOWN_WITH_THE_PAIR = 10  # the latest messages on the pair's page, under a link to the whole conversation
EDITABLE = timedelta(minutes=15)
QUIET = timedelta(minutes=10)  # unread messages are emailed once the conversation has been quiet this long
LOOKED_BACK = timedelta(days=2)  # conversations written in this long are checked for unread messages
WRITING = (Pair.PROPOSED, Pair.INTRODUCTION, Pair.ACTIVE)


class Shown(NamedTuple):
    """What a person sees of a conversation: its messages, where earlier ones begin, the first they had not read,
    their partner's last read message, and the conversation's version (for polls)."""

    messages: list
    earlier: int | None
    first_unread: int | None
    partner_read: int
    version: int


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


def shown_to(pair, user, before=None, count=SHOWN):
    """The conversation as `user` sees it (the latest `count` messages, or those before the message id `before`),
    marking what they now see as read."""
    messages = Message.latest_of(pair, count, before)
    reads = ConversationRead.of(pair)
    mine = reads.get(user.id, 0)
    earlier = messages[0].id if messages and Message.latest_of(pair, 1, messages[0].id) else None
    first_unread = next((m.id for m in messages if m.id > mine and m.sender_id != user.id), None)
    if messages and before is None:
        mark_read(pair, user, messages[-1].id)
    return Shown(messages, earlier, first_unread, reads.get(partner_of(pair, user).id, 0),
                 Conversation.version_of(pair.id))


def send(pair, user, text, attached=None):
    """Add `user`'s message to the pair's conversation (with the pair's file `attached`, if any); returns it."""
    text = lines(text)
    if not text and attached is None:
        raise DomainError("Write a message first.", field="text")
    with db.atomic():
        reason = read_only_because(pair, user)
        if reason:
            raise DomainError(reason)
        message = Message.create(pair=pair, sender=user, text=text, version=_next_version(pair), file=attached,
                                 file_name=attached.name if attached else "",
                                 file_size=attached.size if attached else None)
        _advance_read(pair, user, message.id)
    return message


def edit(pair, user, message_id, text):
    """Change `user`'s own message, within 15 minutes of sending it."""
    text = lines(text)
    if not text:
        raise DomainError("Write the message, or delete it.")
    with db.atomic():
        message = _own_recent(pair, user, message_id)
        message.text, message.edited_at, message.version = text, clock.now(), _next_version(pair)
        message.save()
    return message


def delete(pair, user, message_id):
    """Delete `user`'s own message, within 15 minutes of sending it (it shows as deleted)."""
    with db.atomic():
        message = _own_recent(pair, user, message_id)
        message.text, message.deleted_at, message.version = "", clock.now(), _next_version(pair)
        message.save()
    return message


def editable(message, user):
    """Whether `user` may still edit or delete `message`."""
    return (message.sender_id == user.id and message.deleted_at is None
            and clock.now() - message.sent_at < EDITABLE)


def mark_read(pair, user, last_id):
    """Note that `user` has seen the pair's messages up to `last_id` (the partner's page then shows "Seen")."""
    with db.atomic():
        if _advance_read(pair, user, last_id):
            _next_version(pair)


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
                        partner=partner, messages=unread,
                        link=external_url("conversations.conversation", pair_id=pair.id))
            written += 1
    return written


def _advance_read(pair, user, last_id):
    """Move `user`'s read mark forward to `last_id`; whether it moved."""
    ConversationRead.insert(pair=pair, user=user, last_read=0).on_conflict_ignore().execute()
    return (ConversationRead.update(last_read=last_id)
            .where(ConversationRead.pair == pair, ConversationRead.user == user, ConversationRead.last_read < last_id)
            .execute()) > 0


def _next_version(pair):
    """Count one more change of the pair's conversation, holding it until commit (so messages keep their order)."""
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
    for (pair_id,) in Message.select(Message.pair).where(Message.sender == user).distinct().tuples():
        (Message.update(text="", sender=None, deleted_at=clock.now(), file_name="", file_size=None,
                        version=_next_version(Pair(id=pair_id)))
         .where(Message.sender == user, Message.pair == pair_id)
         .execute())


def by_day(messages, zone):
    """(the local date where a new day begins, else None; message) for each message, in `zone`."""
    shown, day = [], None
    for message in messages:
        local = message.sent_at.astimezone(zone).date()
        shown.append((local if local != day else None, message))
        day = local
    return shown
