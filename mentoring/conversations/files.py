"""Files a pair shares: uploaded within the site's limits by either of the two, read by them alone (never by the
coordinators), deleted by the one who uploaded them; in a person's data, and gone with their account."""
from mentoring import privacy, storage, text
from mentoring.conversations import service
from mentoring.db import db
from mentoring.errors import DomainError, NotFound
from mentoring.models import Membership, Message, Pair, PairFile
from mentoring.pairs.service import own_pair, side_of
from mentoring.programs import service as programs
from mentoring.words import file_size

NAME_LENGTH = 255


def files_of(pair):
    """The pair's files with who uploaded each, the newest first."""
    return PairFile.of_pair(pair.id)


def why_no_upload(pair, user):
    """Why `user` cannot add a file to the pair now ("" when they can)."""
    if pair.state not in Pair.MEETING:
        return "This pair is not meeting now, so its files can be read but no file can be added."
    membership = pair.mentee if side_of(pair, user) == "mentee" else pair.mentor
    if membership.state == Membership.DEACTIVATED:
        return "Your membership of this program is deactivated, so you cannot add files."
    return ""


def clean_name(name):
    """A file's name as it is shown and sent back: its last path part, on one line, at most 255 characters."""
    name = text.one_line(name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()
    return name[-NAME_LENGTH:] if len(name) > NAME_LENGTH else name


def upload(pair, user, name, stream, max_bytes, quota_bytes):
    """Keep `stream` as a file of the pair, from `user` (one of its two people): its bytes go to the store chunk by
    chunk and its type is read from them; refused past `max_bytes`, or past `quota_bytes` for the pair in all."""
    problem = why_no_upload(pair, user)
    if problem:
        raise DomainError(problem)
    name = clean_name(name)
    if not name:
        raise DomainError("Choose a file to upload.", field="file")
    with storage.taken_in(name, stream, max_bytes) as upload, db.atomic():
        Pair.lock(pair.id)
        used = PairFile.bytes_of(pair)
        if used + upload.size > quota_bytes:
            raise DomainError(f"“{name}” ({file_size(upload.size)}) does not fit: this pair's files may take "
                              f"{file_size(quota_bytes)} in all and {file_size(max(quota_bytes - used, 0))} "
                              "is left. Delete a file you no longer need first.", field="file")
        return PairFile.create(pair=pair, uploaded_by=user, name=name, size=upload.size,
                               content_type=upload.content_type, key=upload.key)


def send(pair, user, text, attachment, max_bytes, quota_bytes):
    """Add `user`'s message to the pair's conversation, with the file `attachment` (a werkzeug FileStorage, or None)
    shared as `upload` does it: the message and the file are kept together or not at all."""
    if attachment is None:
        return service.send(pair, user, text)
    shared = None
    try:
        with db.atomic():
            shared = upload(pair, user, attachment.filename, attachment.stream, max_bytes, quota_bytes)
            return service.send(pair, user, text, attached=shared)
    except Exception:
        if shared is not None:
            storage.current().delete(shared.key)
        raise


def file_for(pair_id, file_id, user):
    """The pair's file `file_id` and its bytes opened for reading, for one of the pair's two people (anyone
    else, coordinators included, and a file whose bytes are gone: NotFound)."""
    pair = own_pair(pair_id, user)
    pair_file = PairFile.in_pair(pair, file_id)
    if pair_file is None:
        raise NotFound()
    try:
        return pair_file, storage.current().open(pair_file.key)
    except FileNotFoundError:
        raise NotFound() from None


def own_file(pair, file_id, user):
    """The pair's file `file_id` when `user` uploaded it (else NotFound)."""
    pair_file = PairFile.in_pair(pair, file_id)
    if pair_file is None or pair_file.uploaded_by_id != user.id:
        raise NotFound()
    return pair_file


def delete(pair, file_id, user):
    """Delete a file `user` uploaded: its row, then its bytes (a message that carried it says it was removed)."""
    with db.atomic():
        pair_file = own_file(pair, file_id, user)
        if Message.select().where(Message.file == pair_file.id).exists():
            Message.update(file=None).where(Message.file == pair_file.id).execute()
        pair_file.delete_instance()
    storage.current().delete(pair_file.key)
    return pair_file


@programs.when_deleting
def _remove_bytes_with(program):
    """The bytes of the program's pairs' files go once the program's deletion commits."""
    keys = [key for (key,) in PairFile.of_program(program).tuples()]
    return lambda: storage.remove(keys)


@storage.holds_keys
def _kept_keys():
    return [key for (key,) in PairFile.select(PairFile.key).tuples()]


# --- the person's data ---------------------------------------------------------------------------------

@privacy.exporter("files")
def export_files(user):
    """The files the person shared with a partner: names, sizes, types and dates (the bytes stay downloadable)."""
    return [{"name": f.name, "bytes": f.size, "type": f.content_type, "pair": f.pair_id,
             "uploaded_at": f.created_at.isoformat()} for f in PairFile.uploaded_by_user(user)]


@privacy.eraser
def erase_files(user):
    """The person's files go (the rows now, the bytes once the account's deletion commits); the partner keeps the pair
    and the files they shared themselves."""
    keys = [pair_file.key for pair_file in PairFile.uploaded_by_user(user)]
    PairFile.delete().where(PairFile.key.in_(keys or [""])).execute()
    return lambda: storage.remove(keys)
