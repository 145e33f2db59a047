"""A pair's conversation: its messages, and how far each of the two has read."""
import secrets

import peewee as pw

from mentoring import clock
from mentoring.db import Prepared
from mentoring.models.auth import SignIn, User
from mentoring.models.base import BaseModel, UTCDateTimeField
from mentoring.models.files import PairFile
from mentoring.models.pairs import Pair
from mentoring.models.programs import Membership


class Conversation(BaseModel):
    """One pair's conversation; `version` grows with every message, edit, deletion (counted by the database itself,
    migration 0018) and reading, so a poll that finds it unchanged is answered with one indexed look-up; `identity`
    is random, so (identity, version) names what the conversation held at that version, whatever pair reuses its id
    later."""

    pair = pw.ForeignKeyField(Pair, unique=True, backref="+", on_delete="CASCADE")
    version = pw.IntegerField(default=0)
    identity = pw.CharField(max_length=16, default=lambda: secrets.token_hex(8))

    @classmethod
    def version_of(cls, pair_id):
        """The conversation's version (0 before its first message)."""
        rows = cls.version_by_pair.rows(pair_id)
        return rows[0][0] if rows else 0

    @classmethod
    def state_of(cls, pair_id):
        """(the conversation's identity, its version, {user id: the last message they read}) in one query: ("", 0, {})
        before its first message (no one has read anything before it)."""
        rows = cls.state_by_pair.rows(pair_id)
        if not rows:
            return "", 0, {}
        return rows[0][0], rows[0][1], {user_id: last for _, _, user_id, last in rows if user_id is not None}

    @classmethod
    def as_polled(cls, pair_id, sign_in_id, secret_digest):
        """(the user, when the log-in was last seen, the conversation's version) for a poll made under the log-in
        `sign_in_id` whose cookie's secret has `secret_digest`, in one query; None when that log-in has ended."""
        rows = cls.poll_check.rows(pair_id, sign_in_id, secret_digest)
        if not rows:
            return None
        user_id, last_seen_at, version = rows[0]
        return user_id, last_seen_at, version or 0

    # Queries on the path of every look at a conversation and every poll, built once (see db.Prepared).
    version_by_pair = Prepared(lambda pair_id: Conversation.select(Conversation.version)
                               .where(Conversation.pair == pair_id))
    state_by_pair = Prepared(lambda pair_id: Conversation
                             .select(Conversation.identity, Conversation.version, ConversationRead.user,
                                     ConversationRead.last_read)
                             .join(ConversationRead, pw.JOIN.LEFT_OUTER,
                                   on=(ConversationRead.pair == Conversation.pair))
                             .where(Conversation.pair == pair_id))
    poll_check = Prepared(lambda pair_id, sign_in_id, secret_digest: SignIn
                          .select(SignIn.user, SignIn.last_seen_at, Conversation.version)
                          .join(Conversation, pw.JOIN.LEFT_OUTER, on=(Conversation.pair == pair_id))
                          .where(SignIn.id == sign_in_id, SignIn.digest == secret_digest))


class Message(BaseModel):
    """One message of a pair's conversation; `version` is the conversation's version when it last changed."""

    pair = pw.ForeignKeyField(Pair, backref="+", on_delete="CASCADE")
    sender = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")  # None: a former member
    text = pw.TextField()
    sent_at = UTCDateTimeField(default=clock.now)
    edited_at = UTCDateTimeField(null=True)
    deleted_at = UTCDateTimeField(null=True)
    version = pw.IntegerField(default=0)  # set by the database at each change (migration 0018)
    hidden_at = UTCDateTimeField(null=True)  # hidden by the coordinators after a report: the pair sees it was hidden
    file = pw.ForeignKeyField(PairFile, null=True, backref="+", on_delete="SET NULL")  # a file sent with it
    file_name = pw.CharField(max_length=255, default="")  # the file's name and size, kept to say it was removed
    file_size = pw.BigIntegerField(null=True)

    class Meta:
        indexes = ((("pair", "id"), False), (("pair", "version"), False), (("sent_at",), False))

    @classmethod
    def logged(cls, pair_id, count, before=None):
        """The pair's last `count` messages as the log reads them, rows of `LOGGED` (before the message id `before`
        when given), oldest first."""
        rows = cls.log_before.rows(pair_id, before, count) if before else cls.log_latest.rows(pair_id, count)
        rows.reverse()
        return rows

    @classmethod
    def logged_since(cls, pair, version):
        """The pair's messages written or changed after the conversation's `version`, as the log reads them (rows of
        `LOGGED`), oldest first."""
        return cls.log_since.rows(pair.id, version)

    @classmethod
    def latest_of(cls, pair, count, before=None):
        """The pair's last `count` messages (before the message id `before` when given), oldest first."""
        pair_id = pair if isinstance(pair, int) else pair.id
        rows = cls.latest_before(pair_id, before, count) if before else cls.latest(pair_id, count)
        rows.reverse()
        return rows

    @classmethod
    def unread_by(cls, user, pair_ids):
        """{pair id: how many of the partner's messages `user` has not read} for the pairs that have some."""
        if not pair_ids:
            return {}
        read = ConversationRead.alias()
        return dict(cls.select(cls.pair, pw.fn.COUNT(cls.id))
                    .join(read, pw.JOIN.LEFT_OUTER, on=((read.pair == cls.pair) & (read.user == user.id)))
                    .where(cls.pair.in_(pair_ids), cls.sender != user.id, cls.deleted_at.is_null(),
                           cls.id > pw.fn.COALESCE(read.last_read, 0))
                    .group_by(cls.pair)
                    .tuples())

    @classmethod
    def pairs_written_since(cls, moment):
        """The ids of the pairs whose conversations have a message sent after `moment`."""
        return [pair_id for (pair_id,) in cls.select(cls.pair).where(cls.sent_at > moment).distinct().tuples()]

    latest = Prepared(lambda pair_id, count: Message.select()
                      .where(Message.pair == pair_id)
                      .order_by(Message.id.desc())
                      .limit(count))
    latest_before = Prepared(lambda pair_id, before, count: Message.select()
                             .where(Message.pair == pair_id, Message.id < before)
                             .order_by(Message.id.desc())
                             .limit(count))
    log_latest = Prepared(lambda pair_id, count: Message.select(*_logged_columns())
                          .where(Message.pair == pair_id)
                          .order_by(Message.id.desc())
                          .limit(count))
    log_before = Prepared(lambda pair_id, before, count: Message.select(*_logged_columns())
                          .where(Message.pair == pair_id, Message.id < before)
                          .order_by(Message.id.desc())
                          .limit(count))
    log_since = Prepared(lambda pair_id, version: Message.select(*_logged_columns())
                         .where(Message.pair == pair_id, Message.version > version)
                         .order_by(Message.id))
    # Writing one: its SQL built once (peewee takes longer to write an INSERT than the database to run it).
    new = Prepared(lambda pair_id, sender_id, text, sent_at, file_id, file_name, file_size: Message.insert(
        pair=pair_id, sender=sender_id, text=text, sent_at=sent_at, file=file_id, file_name=file_name,
        file_size=file_size))


LOGGED = ("id", "sender", "text", "sent_at", "edited_at", "deleted_at", "hidden_at", "file", "file_name", "file_size")


def _logged_columns():
    """The columns of a message the conversation's log reads (`LOGGED`)."""
    return [getattr(Message, name) for name in LOGGED]


class ConversationRead(BaseModel):
    """How far one of the pair has read its conversation (the last message id they have seen), and up to which
    message they were emailed what they had not read."""

    pair = pw.ForeignKeyField(Pair, backref="+", on_delete="CASCADE")
    user = pw.ForeignKeyField(User, backref="+", on_delete="CASCADE")
    last_read = pw.IntegerField(default=0)
    emailed_up_to = pw.IntegerField(default=0)

    class Meta:
        table_name = "conversation_read"
        indexes = ((("pair", "user"), True),)

    @classmethod
    def marks_of(cls, pair):
        """{user id: (last message id read, last message id emailed)} for the pair's readers."""
        return {user_id: (last_read, emailed) for user_id, last_read, emailed
                in cls.select(cls.user, cls.last_read, cls.emailed_up_to).where(cls.pair == pair).tuples()}

    @classmethod
    def read_up_to(cls, pair_id, user_id, last_id):
        """Move the person's read mark forward to `last_id` (made if they have none yet); whether it moved."""
        return cls.moved_forward.changed(pair_id, user_id, last_id) > 0

    @classmethod
    def emailed(cls, pair, user, last_id):
        """Note that `user` was emailed the pair's unread messages up to `last_id`."""
        (cls.insert(pair=pair, user=user, emailed_up_to=last_id)
         .on_conflict(conflict_target=[cls.pair, cls.user], update={cls.emailed_up_to: last_id})
         .execute())

    # On the path of every message sent and every conversation read, its SQL built once (see db.Prepared).
    moved_forward = Prepared(lambda pair_id, user_id, last_id: ConversationRead
                             .insert(pair=pair_id, user=user_id, last_read=last_id)
                             .on_conflict(conflict_target=[ConversationRead.pair, ConversationRead.user],
                                          update={ConversationRead.last_read: pw.EXCLUDED.last_read},
                                          where=ConversationRead.last_read < pw.EXCLUDED.last_read)
                             .as_rowcount())


def _unread_per_pair(user_id):
    """(pair id, how many of the partner's messages the person has not read) for each pair of theirs that has not
    ended and has some: from their memberships, through the pairs' indexes, to the messages after their read mark."""
    read = ConversationRead.alias()
    return (Membership.select(Pair.id, pw.fn.COUNT(Message.id))
            .join(Pair, on=((Pair.mentee == Membership.id) | (Pair.mentor == Membership.id)))
            .join(read, pw.JOIN.LEFT_OUTER, on=((read.pair == Pair.id) & (read.user == Membership.user)))
            .join(Message, on=((Message.pair == Pair.id) & (Message.id > pw.fn.COALESCE(read.last_read, 0))))
            .where(Membership.user == user_id, Pair.state != Pair.ENDED, Message.sender != user_id,
                   Message.deleted_at.is_null())
            .group_by(Pair.id))


unread_per_pair = Prepared(_unread_per_pair)  # on every page a logged-in person sees (the top menu)
