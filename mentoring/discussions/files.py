"""Files on the members' board: the one a new thread or a reply may carry (within the site's limit for a file and the
program's quota for board files), downloaded by whoever reads the board and hidden with its post; gone with the post,
the account or the program (the rows in the transaction, the bytes once it commits). The store and the download's
headers are the conversations' (`storage`)."""
from contextlib import nullcontext
from typing import NamedTuple

from mentoring import privacy, storage
from mentoring.conversations.files import clean_name
from mentoring.db import db, is_postgres
from mentoring.errors import DomainError, NotFound
from mentoring.models import BoardFile, Program
from mentoring.programs import service as programs
from mentoring.words import file_size


class Offered(NamedTuple):
    """A file sent with a post: its name as given, its stream, the site's limit for a file and the program's quota
    for the files of its board."""

    name: str
    stream: object
    max_bytes: int
    quota_bytes: int


def offered(chosen, max_bytes, quota_bytes):
    """The file chosen in a form's file field (a werkzeug FileStorage) as `Offered`; None when none was chosen."""
    if not chosen or not chosen.filename:
        return None
    return Offered(chosen.filename, chosen.stream, max_bytes, quota_bytes)


def taken_in(attachment):
    """A block in which the offered file is kept in the store (as `storage.taken_in` does, its bytes going again if
    the block fails), giving its `storage.Upload`; with no file, a block giving None."""
    if attachment is None:
        return nullcontext()
    name = clean_name(attachment.name)
    if not name:
        raise DomainError("That file has no name that can be shown: rename it and choose it again.", field="file")
    return storage.taken_in(name, attachment.stream, attachment.max_bytes)


def attach(program, post, user, upload, quota_bytes):
    """Record the file taken in as `post`'s, if it fits in the program's quota for board files (the program's row held
    while its files are counted, so two posts cannot both take the last room)."""
    _hold(program)
    used = BoardFile.bytes_of(program)
    if used + upload.size > quota_bytes:
        raise DomainError(f"“{upload.name}” ({file_size(upload.size)}) does not fit: the files of this board may take "
                          f"{file_size(quota_bytes)} in all and {file_size(max(quota_bytes - used, 0))} is left. "
                          "Post without it, or ask the coordinators to make room.", field="file")
    return BoardFile.create(post=post, program=program, uploaded_by=user, name=upload.name, size=upload.size,
                            content_type=upload.content_type, key=upload.key)


def _hold(program):
    """Hold the program's row until commit (SQLite's IMMEDIATE holds it already). FOR NO KEY UPDATE on PostgreSQL:
    posts counting the board's files wait for each other, and rows that only point to the program (a new thread, an
    audit line) do not wait; FOR UPDATE would deadlock two new threads, each holding the key share its insert took."""
    if is_postgres():
        list(Program.select(Program.id).where(Program.id == program.id).for_update("FOR NO KEY UPDATE"))


def attached_to(posts):
    """{post id: its file} for these posts."""
    return BoardFile.of_posts(posts) if posts else {}


def file_for(board, thread, post_id):
    """The file of the thread's post `post_id` and its bytes opened for reading, for whoever reads the board; a post
    with no file, deleted, or hidden by the coordinators (for all but them), and bytes that are gone: NotFound."""
    kept = BoardFile.of_post_in(thread, post_id)
    if kept is None or kept.post.deleted_at is not None or (kept.post.hidden_at is not None and not board.moderating):
        raise NotFound()
    try:
        return kept, storage.current().open(kept.key)
    except FileNotFoundError:
        raise NotFound() from None


def detach(post):
    """Remove the post's file, in the caller's transaction; its bytes go once that transaction commits."""
    kept = BoardFile.get_or_none(BoardFile.post == post.id)
    if kept is not None:
        kept.delete_instance()
        db.after_commit(lambda: storage.remove([kept.key]))


@programs.when_deleting
def _remove_bytes_with(program):
    """The bytes of the board's files go once the program's deletion commits."""
    keys = [key for (key,) in BoardFile.of_program(program).tuples()]
    return lambda: storage.remove(keys)


@storage.holds_keys
def _kept_keys():
    return [key for (key,) in BoardFile.select(BoardFile.key).tuples()]


@privacy.exporter("discussion_files")
def _export_files(user):
    """The files the person posted on members' boards: name, size, type, when, and the post that carries each."""
    return [{"name": kept.name, "bytes": kept.size, "type": kept.content_type,
             "uploaded_at": kept.created_at.isoformat(), "program": kept.post.thread.program.name,
             "thread": kept.post.thread.title, "post": kept.post_id}
            for kept in BoardFile.uploaded_by_user(user)]


@privacy.eraser
def _erase_files(user):
    """The files the person posted go with their posts (the rows now, the bytes once the account's deletion
    commits)."""
    keys = [key for (key,) in BoardFile.select(BoardFile.key).where(BoardFile.uploaded_by == user).tuples()]
    BoardFile.delete().where(BoardFile.uploaded_by == user).execute()
    return lambda: storage.remove(keys)
