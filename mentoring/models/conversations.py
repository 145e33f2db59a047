"""A pair's conversation: its messages, and how far each of the two has read."""
import peewee as pw

from mentoring import clock
from mentoring.db import Prepared
from mentoring.models.auth import User
from mentoring.models.base import BaseModel, UTCDateTimeField
from mentoring.models.files import PairFile
from mentoring.models.pairs import Pair
from mentoring.models.programs import Membership


class Conversation(BaseModel):
    """One pair's conversation; `version` grows with every message, edit, deletion and reading, so a poll that
    finds it unchanged is answered with one indexed look-up."""

    pair = pw.ForeignKeyField(Pair, unique=True, backref="+", on_delete="CASCADE")
    version = pw.IntegerField(default=0)

    @classmethod
    def version_of(cls, pair_id):
        """The conversation's version (0 before its first message)."""
        row = cls.select(cls.version).where(cls.pair == pair_id).tuples().first()
        return row[0] if row else 0


class Message(BaseModel):
    """One message of a pair's conversation; `version` is the conversation's version when it last changed."""

    pair = pw.ForeignKeyField(Pair, backref="+", on_delete="CASCADE")
    sender = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")  # None: a former member
    text = pw.TextField()
    sent_at = UTCDateTimeField(default=clock.now)
    edited_at = UTCDateTimeField(null=True)
    deleted_at = UTCDateTimeField(null=True)
    version = pw.IntegerField()
    hidden_at = UTCDateTimeField(null=True)  # hidden by the coordinators after a report: the pair sees it was hidden
    file = pw.ForeignKeyField(PairFile, null=True, backref="+", on_delete="SET NULL")  # a file sent with it
    file_name = pw.CharField(max_length=255, default="")  # the file's name and size, kept to say it was removed
    file_size = pw.BigIntegerField(null=True)

    class Meta:
        indexes = ((("pair", "id"), False), (("pair", "version"), False), (("sent_at",), False))

    @classmethod
    def latest_of(cls, pair, count, before=None):
        """The pair's last `count` messages (before the message id `before` when given), oldest first."""
        query = cls.select().where(cls.pair == pair)
        if before:
            query = query.where(cls.id < before)
        return list(reversed(query.order_by(cls.id.desc()).limit(count)))

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

    @classmethod
    def changed_since(cls, pair, version):
        """The pair's messages written or changed after the conversation's `version`, oldest first."""
        return list(cls.select()
                    .where(cls.pair == pair, cls.version > version)
                    .order_by(cls.id))


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
    def of(cls, pair):
        """{user id: last message id read} for the pair's readers."""
        return dict(cls.select(cls.user, cls.last_read).where(cls.pair == pair).tuples())

    @classmethod
    def marks_of(cls, pair):
        """{user id: (last message id read, last message id emailed)} for the pair's readers."""
        return {user_id: (last_read, emailed) for user_id, last_read, emailed
                in cls.select(cls.user, cls.last_read, cls.emailed_up_to).where(cls.pair == pair).tuples()}

    @classmethod
    def emailed(cls, pair, user, last_id):
        """Note that `user` was emailed the pair's unread messages up to `last_id`."""
        (cls.insert(pair=pair, user=user, emailed_up_to=last_id)
         .on_conflict(conflict_target=[cls.pair, cls.user], update={cls.emailed_up_to: last_id})
         .execute())


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
