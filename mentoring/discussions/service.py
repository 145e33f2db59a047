"""A program's members' board: threads and replies, editing and deleting one's own posts, read marks, reports of
posts, and the coordinators' moderation (hide a post, lock a thread, pin an announcement, emailed to the members
once)."""
from datetime import timedelta
from typing import NamedTuple

from mentoring import audit, clock, privacy
from mentoring.access import is_coordinator
from mentoring.db import db, locked
from mentoring.discussions import files
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError, NotFound
from mentoring.models import (
    Coordinator,
    DiscussionPost,
    DiscussionRead,
    DiscussionThread,
    Membership,
    ProblemReport,
    Program,
    User,
)
from mentoring.programs import service as programs
from mentoring.queue import huey, in_app_context
from mentoring.text import lines
from mentoring.web import external_url

SHOWN = 50  # posts on a page of a thread
THREADS_SHOWN = 30  # threads on a page of the board
EDITABLE = timedelta(minutes=15)
TAGS = DiscussionThread.TAGS
DEACTIVATED = "Your membership was deactivated by the coordinators: you can read the board, not write on it."
ENDED = "The program has ended: its board stays here to read."
OFF = "The members' board is turned off in the program's settings: members cannot see it."
LOCKED = "The coordinators locked this thread: it can be read, not answered."


class Board(NamedTuple):
    """A program's board as one person may use it: whether they run it, and why they cannot write ("" when they
    can)."""

    program: Program
    moderating: bool
    read_only: str


class Listing(NamedTuple):
    """A page of the board: its threads, the ids of those with posts the viewer has not read, and whether more
    threads follow."""

    threads: list
    unread: set
    more: bool


@programs.when_created
def open_the_board(program):
    """A new program has its members' board on (existing programs got it off, so nothing appears unasked)."""
    program.discussion_board = True
    program.save(only=[Program.discussion_board])


def board_for(program, user):
    """The program's board as `user` may use it: its coordinators (even while it is off), and its approved members
    (deactivated ones only read); anyone else, or a member while the board is off: NotFound."""
    ended = ENDED if program.state == Program.CLOSED else ""
    if is_coordinator(program, user):
        return Board(program, True, ended if program.discussion_board else OFF)
    states = {membership.state for membership in Membership.mine(program.id, user.id)}
    if not program.discussion_board or not states & {Membership.APPROVED, Membership.DEACTIVATED}:
        raise NotFound()
    return Board(program, False, ended or ("" if Membership.APPROVED in states else DEACTIVATED))


def listing(board, user, tag="", page=1):
    """One page of the board's threads for `user` (pinned first, then the latest activity), only tagged `tag` when
    given."""
    threads = list(DiscussionThread.listing(board.program, tag if tag in TAGS else "")
                   .paginate(page, THREADS_SHOWN + 1))
    more, threads = len(threads) > THREADS_SHOWN, threads[:THREADS_SHOWN]
    marks = DiscussionRead.marks_of(user, threads)
    return Listing(threads, {thread.id for thread in threads if thread.last_post_id > marks.get(thread.id, 0)}, more)


def thread_in(board, thread_id):
    """The board's thread `thread_id` (another program's, or none: NotFound)."""
    thread = DiscussionThread.get_or_none(DiscussionThread.id == thread_id,
                                          DiscussionThread.program == board.program.id)
    if thread is None:
        raise NotFound()
    return thread


def pages_of(thread):
    """How many pages of posts the thread has."""
    return max(1, -(-thread.posts // SHOWN))


def page_of(thread, post):
    """The page of the thread that shows `post`."""
    before = DiscussionPost.select().where(DiscussionPost.thread == thread, DiscussionPost.id < post.id).count()
    return before // SHOWN + 1


def posts_shown(thread, user, page, mark_read=True):
    """A page of the thread's posts, marking them read for `user` unless told not to."""
    posts = DiscussionPost.page_of(thread, page, SHOWN)
    if posts and mark_read:
        with db.atomic():
            _advance_read(thread, user, posts[-1].id)
    return posts


def why_no_reply(board, thread):
    """Why the viewer cannot answer `thread` now, or "" when they can."""
    return board.read_only or (LOCKED if thread.locked else "")


def start_thread(board, user, title, tag, text, announcement=False, attachment=None):
    """Open a thread with its first post (carrying the file `attachment`, a `files.Offered`, when given); a
    coordinator's announcement is pinned (and emailed once). Returns it."""
    text = lines(text)
    if tag not in TAGS:
        raise DomainError("Choose what kind of thread it is.", field="tag")
    if not text:
        raise DomainError("Write the first post.", field="text")
    if board.read_only:
        raise DomainError(board.read_only)
    with files.taken_in(attachment) as upload, db.atomic():
        now = clock.now()
        thread = DiscussionThread.create(program=board.program, author=user, title=title, tag=tag, created_at=now,
                                         last_post_at=now)
        post = _add_post(thread, user, text)
        if upload is not None:
            files.attach(board.program, post, user, upload, attachment.quota_bytes)
        if announcement and board.moderating:
            _pin(board, user, thread)
    return thread


def reply(board, user, thread_id, text, attachment=None):
    """Add `user`'s post to the thread (carrying the file `attachment`, a `files.Offered`, when given); returns it."""
    text = lines(text)
    if not text:
        raise DomainError("Write your reply first.", field="text")
    with files.taken_in(attachment) as upload, db.atomic():
        thread = _locked_thread(board, thread_id)
        reason = why_no_reply(board, thread)
        if reason:
            raise DomainError(reason)
        post = _add_post(thread, user, text)
        if upload is not None:
            files.attach(board.program, post, user, upload, attachment.quota_bytes)
        return post


def editable(post, user):
    """Whether `user` may still edit or delete `post` (their own, in the 15 minutes after writing it)."""
    return (post.author_id == user.id and post.deleted_at is None and post.hidden_at is None
            and clock.now() - post.created_at < EDITABLE)


def own_post(thread, user, post_id):
    """`user`'s own post in the thread (anyone else's, or another thread's: NotFound)."""
    post = DiscussionPost.get_or_none(DiscussionPost.id == post_id, DiscussionPost.thread == thread.id)
    if post is None or post.author_id != user.id:
        raise NotFound()
    return post


def edit(board, thread, user, post_id, text):
    """Change `user`'s own post, within 15 minutes of writing it."""
    text = lines(text)
    if not text:
        raise DomainError("Write the post, or delete it.", field="text")
    with db.atomic():
        post = _own_recent(board, thread, user, post_id)
        post.text, post.edited_at = text, clock.now()
        post.save()
    return post


def delete(board, thread, user, post_id):
    """Delete `user`'s own post, within 15 minutes of writing it (it shows as deleted; its file goes)."""
    with db.atomic():
        post = _own_recent(board, thread, user, post_id)
        post.text, post.deleted_at = "", clock.now()
        post.save()
        files.detach(post)
    return post


def post_in(thread, post_id):
    """The thread's post `post_id` (another thread's, or none: NotFound)."""
    post = DiscussionPost.get_or_none(DiscussionPost.id == post_id, DiscussionPost.thread == thread.id)
    if post is None:
        raise NotFound()
    return post


def report(board, thread, user, post_id, reason):
    """Tell the coordinators about a post: a reported problem naming it, in their inbox, and an email to each."""
    post = post_in(thread, post_id)
    if post.author_id == user.id:
        raise DomainError("This is your own post: edit or delete it instead.")
    with db.atomic():
        about = (Membership.select()
                 .where(Membership.program == board.program.id, Membership.user == post.author_id)
                 .order_by(Membership.role)
                 .first()) if post.author_id else None
        problem = ProblemReport.create(program=board.program, reporter=user, about=about, discussion_post=post,
                                       text=reason)
        for coordinator in Coordinator.select().where(Coordinator.program == board.program.id):
            queue_email(coordinator.user, "problem_reported", f"A post was reported in {board.program.name}",
                        program=board.program, reporter=user, about=about.user if about else None,
                        link=external_url("coordinate.problem", slug=board.program.slug, report_id=problem.id))
    return problem


def hide(board, actor, thread, post_id, hidden=True):
    """Hide a post from the members (shown as hidden by the coordinators), or show it again (coordinators)."""
    _moderating(board)
    with db.atomic():
        post = post_in(thread, post_id)
        post.hidden_at = clock.now() if hidden else None
        post.save(only=[DiscussionPost.hidden_at])
        audit.record(actor, "discussion.hide" if hidden else "discussion.unhide", f"post {post.id}",
                     program=board.program, thread=thread.title)
    return post


def lock(board, actor, thread_id, locking=True):
    """Close a thread to replies, or open it again (coordinators)."""
    _moderating(board)
    with db.atomic():
        thread = _locked_thread(board, thread_id)
        thread.locked = locking
        thread.save(only=[DiscussionThread.locked])
        audit.record(actor, "discussion.lock" if locking else "discussion.unlock", thread.title, program=board.program)
    return thread


def pin(board, actor, thread_id, pinning=True):
    """Pin a thread to the top of the board as an announcement (emailed to the members the first time only), or
    unpin it (coordinators)."""
    _moderating(board)
    with db.atomic():
        thread = _locked_thread(board, thread_id)
        if pinning:
            _pin(board, actor, thread)
        else:
            thread.pinned = False
            thread.save(only=[DiscussionThread.pinned])
            audit.record(actor, "discussion.unpin", thread.title, program=board.program)
    return thread


def announce(thread_id):
    """Email a pinned thread to every approved member of its program, once however often this runs and whoever
    pinned it; how many emails it wrote (None: it had been announced already)."""
    with db.atomic():
        claimed = (DiscussionThread.update(announced_at=clock.now())
                   .where(DiscussionThread.id == thread_id, DiscussionThread.pinned == True,  # noqa: E712
                          DiscussionThread.announced_at.is_null())
                   .execute())
        if not claimed:
            return None
        thread = DiscussionThread.get_by_id(thread_id)
        program = Program.get_by_id(thread.program_id)
        first = DiscussionPost.select().where(DiscussionPost.thread == thread).order_by(DiscussionPost.id).first()
        members = (User.select()
                   .where(User.id.in_(Membership.select(Membership.user)
                                      .where(Membership.program == program, Membership.state == Membership.APPROVED)))
                   .order_by(User.id))
        link = external_url("discussions.thread", slug=program.slug, thread_id=thread.id)
        return sum(queue_email(member, "discussion_announcement", f"{program.name}: {thread.title}",
                               preference="announcements", program=program, thread=thread, post=first,
                               link=link) is not None
                   for member in members)


@huey.task()
@in_app_context
def email_announcement(thread_id):
    """Email a pinned announcement to the members, in the worker (declared beside its work: pinning queues it)."""
    return announce(thread_id)


def _pin(board, actor, thread):
    thread.pinned = True
    thread.save(only=[DiscussionThread.pinned])
    audit.record(actor, "discussion.pin", thread.title, program=board.program)
    if thread.announced_at is None:
        db.after_commit(lambda: email_announcement(thread.id))


def _moderating(board):
    if not board.moderating:
        raise NotFound()


def _locked_thread(board, thread_id):
    """The board's thread, its row held until commit (replies keep the thread's counts right)."""
    thread = locked(DiscussionThread.select()
                    .where(DiscussionThread.id == thread_id, DiscussionThread.program == board.program.id)).first()
    if thread is None:
        raise NotFound()
    return thread


def _add_post(thread, user, text):
    now = clock.now()
    post = DiscussionPost.create(thread=thread, author=user, text=text, created_at=now)
    (DiscussionThread.update(posts=DiscussionThread.posts + 1, last_post_id=post.id, last_post_at=now)
     .where(DiscussionThread.id == thread.id)
     .execute())
    _advance_read(thread, user, post.id)
    return post


def _advance_read(thread, user, last_id):
    """Move `user`'s read mark of the thread forward to `last_id`."""
    DiscussionRead.insert(thread=thread, user=user, last_read=0).on_conflict_ignore().execute()
    (DiscussionRead.update(last_read=last_id)
     .where(DiscussionRead.thread == thread, DiscussionRead.user == user, DiscussionRead.last_read < last_id)
     .execute())


def _own_recent(board, thread, user, post_id):
    post = own_post(thread, user, post_id)
    if board.read_only:
        raise DomainError(board.read_only)
    if not editable(post, user):
        raise DomainError("A post can be changed or deleted only in the 15 minutes after writing it.")
    return post


@privacy.exporter("discussions")
def _export_posts(user):
    return [{"program": post.thread.program.name, "thread": post.thread.title,
             "written_at": post.created_at.isoformat(), "text": post.text,
             "edited_at": post.edited_at.isoformat() if post.edited_at else None}
            for post in DiscussionPost.select(DiscussionPost, DiscussionThread, Program)
            .join(DiscussionThread).join(Program)
            .where(DiscussionPost.author == user, DiscussionPost.deleted_at.is_null())
            .order_by(DiscussionPost.id)]


@privacy.eraser
def _erase_posts(user):
    """Others keep the threads; what the person wrote is removed, signed by "a former member" (the titles of the
    threads they started too)."""
    DiscussionPost.update(text="", author=None, deleted_at=clock.now()).where(DiscussionPost.author == user).execute()
    (DiscussionThread.update(title="A former member's thread", author=None)
     .where(DiscussionThread.author == user)
     .execute())
