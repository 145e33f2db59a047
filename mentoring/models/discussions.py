"""A program's members' board: its threads, their posts, and how far each person has read each thread."""
import peewee as pw

from mentoring import clock
from mentoring.models.auth import User
from mentoring.models.base import BaseModel, StoredFile, UTCDateTimeField
from mentoring.models.programs import Program


class DiscussionThread(BaseModel):
    """A thread of a program's board: a title, a tag, its posts (the first one opens it); a pinned thread is an
    announcement, emailed to the members once (`announced_at`)."""

    TAGS = {"tips": "Tips from mentors", "questions": "Questions", "general": "General"}

    program = pw.ForeignKeyField(Program, backref="+", on_delete="CASCADE")
    author = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")  # None: a former member
    title = pw.CharField(max_length=200)
    tag = pw.CharField(max_length=12, default="general")
    pinned = pw.BooleanField(default=False)
    locked = pw.BooleanField(default=False)
    announced_at = UTCDateTimeField(null=True)  # when the announcement was written to the members' outboxes
    posts = pw.IntegerField(default=0)
    last_post_id = pw.IntegerField(default=0)
    last_post_at = UTCDateTimeField(default=clock.now)
    created_at = UTCDateTimeField(default=clock.now)

    class Meta:
        table_name = "discussion_thread"
        indexes = ((("program", "pinned", "last_post_at"), False), (("program", "last_post_id"), False))

    @property
    def replies(self):
        return max(0, self.posts - 1)

    @classmethod
    def listing(cls, program, tag=""):
        """The program's threads, pinned first, then the latest activity first, each with its author (while their
        account lasts); only those tagged `tag` when given."""
        query = (cls.select(cls, User)
                 .join(User, pw.JOIN.LEFT_OUTER, on=(cls.author == User.id))
                 .where(cls.program == program)
                 .order_by(cls.pinned.desc(), cls.last_post_at.desc(), cls.id.desc()))
        return query.where(cls.tag == tag) if tag else query

    @classmethod
    def with_new_posts(cls, user, program_ids):
        """{program id: how many of its threads have posts `user` has not read} for these programs, in one query."""
        if not program_ids:
            return {}
        read = DiscussionRead.alias()
        return dict(cls.select(cls.program, pw.fn.COUNT(cls.id))
                    .join(read, pw.JOIN.LEFT_OUTER, on=((read.thread == cls.id) & (read.user == user.id)))
                    .where(cls.program.in_(program_ids), cls.last_post_id > pw.fn.COALESCE(read.last_read, 0))
                    .group_by(cls.program)
                    .tuples())


class DiscussionPost(BaseModel):
    """One post of a thread; shown as deleted once its author deleted it (or their account), and as hidden while
    the coordinators hide it."""

    thread = pw.ForeignKeyField(DiscussionThread, backref="+", on_delete="CASCADE")
    author = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")  # None: a former member
    text = pw.TextField()
    created_at = UTCDateTimeField(default=clock.now)
    edited_at = UTCDateTimeField(null=True)
    deleted_at = UTCDateTimeField(null=True)
    hidden_at = UTCDateTimeField(null=True)

    class Meta:
        table_name = "discussion_post"
        indexes = ((("thread", "id"), False), (("author",), False))

    @classmethod
    def page_of(cls, thread, page, size):
        """One page of the thread's posts in order, each with its author (while their account lasts)."""
        return list(cls.select(cls, User)
                    .join(User, pw.JOIN.LEFT_OUTER, on=(cls.author == User.id))
                    .where(cls.thread == thread)
                    .order_by(cls.id)
                    .paginate(page, size))


class DiscussionRead(BaseModel):
    """How far a person has read a thread: the id of the last post they saw."""

    thread = pw.ForeignKeyField(DiscussionThread, backref="+", on_delete="CASCADE")
    user = pw.ForeignKeyField(User, backref="+", on_delete="CASCADE")
    last_read = pw.IntegerField(default=0)

    class Meta:
        table_name = "discussion_read"
        indexes = ((("thread", "user"), True), (("user",), False))

    @classmethod
    def marks_of(cls, user, threads):
        """{thread id: last post id read} of `user` for these threads."""
        return dict(cls.select(cls.thread, cls.last_read)
                    .where(cls.user == user, cls.thread.in_([thread.id for thread in threads]))
                    .tuples())


class BoardFile(StoredFile):
    """A file a post of the board carries (one at most); its bytes are kept in the site's store under `key`. It names
    its program too, so the program's quota for board files is one indexed sum."""

    post = pw.ForeignKeyField(DiscussionPost, unique=True, backref="+", on_delete="CASCADE")
    program = pw.ForeignKeyField(Program, backref="+", on_delete="CASCADE")
    uploaded_by = pw.ForeignKeyField(User, null=True, backref="+", on_delete="SET NULL")

    class Meta:
        table_name = "board_file"

    @classmethod
    def of_posts(cls, posts):
        """{post id: its file} for these posts."""
        return {kept.post_id: kept for kept in cls.select().where(cls.post.in_([post.id for post in posts]))}

    @classmethod
    def of_post_in(cls, thread, post_id):
        """The file of the thread's post `post_id`, with the post (None when it has none)."""
        return (cls.select(cls, DiscussionPost)
                .join(DiscussionPost)
                .where(cls.post == post_id, DiscussionPost.thread == thread)
                .first())

    @classmethod
    def bytes_of(cls, program):
        """How many bytes the files of the program's board take in all."""
        return (cls.select(pw.fn.COALESCE(pw.fn.SUM(cls.size), 0))
                .where(cls.program == program)
                .scalar())

    @classmethod
    def uploaded_by_user(cls, user):
        """The files `user` put on boards, the oldest first, each with its post, thread and program."""
        return (cls.select(cls, DiscussionPost, DiscussionThread, Program)
                .join(DiscussionPost)
                .join(DiscussionThread)
                .join(Program)
                .where(cls.uploaded_by == user)
                .order_by(cls.created_at, cls.id))

    @classmethod
    def of_program(cls, program):
        """The keys of the files of the program's board."""
        return cls.select(cls.key).where(cls.program == program)
