"""Reading the mailbox that mail comes back to over IMAP: one connection per run, the unseen messages of one folder
(never a folder of sent, deleted, draft or junk mail), each marked seen only once it is stored."""
import imaplib
import logging
import re
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

log = logging.getLogger(__name__)
# Folders that hold the mailbox's own mail, not mail that came back: by their usual names, and by the SPECIAL-USE
# attributes (RFC 6154) a server gives them whatever their name or language.
NOT_INBOUND_NAMES = {"sent", "sent items", "sent mail", "sent messages", "trash", "deleted items", "deleted messages",
                     "bin", "drafts", "junk", "junk e-mail", "junk email", "spam"}
NOT_INBOUND_USES = {"\\sent", "\\trash", "\\drafts", "\\junk"}
LISTED_ATTRIBUTES = re.compile(rb"^\(([^)]*)\)")


class RefusedFolder(ValueError):
    """The folder named holds the mailbox's own mail (sent, deleted, drafts, junk), which the app must never read."""


@dataclass(frozen=True)
class Mailbox:
    """The account and folder an INBOUND_IMAP_URL names."""
    host: str
    port: int
    user: str
    password: str
    folder: str
    secure: bool

    @classmethod
    def from_url(cls, url):
        """`imaps://user:password@host[:port]/folder` (TLS, port 993) or `imap://…` (plain, port 143); the folder is
        INBOX when the URL names none; user, password and folder are percent-decoded."""
        parts = urlsplit(url)
        if parts.scheme not in ("imap", "imaps") or not parts.hostname:
            raise ValueError(f"INBOUND_IMAP_URL must be imaps://user:password@host/INBOX or imap://…, not {url!r}")
        secure = parts.scheme == "imaps"
        return cls(host=parts.hostname, port=parts.port or (993 if secure else 143),
                   user=unquote(parts.username or ""), password=unquote(parts.password or ""),
                   folder=unquote(parts.path.strip("/")) or "INBOX", secure=secure)


@dataclass(frozen=True)
class Reading:
    """What one run did: how many messages were stored (and marked seen), how many stay unseen for the next run."""
    stored: int
    left_unseen: int


def read_unseen(url, receive, timeout):
    """Give each unseen message of the folder `url` names to `receive` (which stores it, or raises when it cannot), and
    mark it seen once stored; a message that could not be stored stays unseen and is read again next run."""
    mailbox = Mailbox.from_url(url)
    connection = imaplib.IMAP4_SSL if mailbox.secure else imaplib.IMAP4
    with connection(mailbox.host, mailbox.port, timeout=timeout) as imap:
        imap.login(mailbox.user, mailbox.password)
        refuse_unless_inbound(imap, mailbox.folder)
        answered(imap.select(quoted(mailbox.folder)))
        stored = left_unseen = 0
        for uid in answered(imap.uid("SEARCH", None, "UNSEEN"))[0].split():
            raw = next(part[1] for part in answered(imap.uid("FETCH", uid, "(BODY.PEEK[])")) if isinstance(part, tuple))
            try:
                receive(raw)
            except Exception:  # the app could not store it: unseen, it is read again next run
                log.exception("IMAP message %s could not be stored; it stays unseen", uid.decode())
                left_unseen += 1
                continue
            answered(imap.uid("STORE", uid, "+FLAGS.SILENT", "(\\Seen)"))
            stored += 1
    return Reading(stored, left_unseen)


def refuse_unless_inbound(imap, folder):
    """Raise RefusedFolder when `folder` is one of sent, deleted, draft or junk mail, by its name or its SPECIAL-USE."""
    if re.split(r"[/.]", folder)[-1].strip().lower() in NOT_INBOUND_NAMES:
        raise RefusedFolder(f"the folder {folder!r} holds the mailbox's own mail, not mail that came back")
    for listed in answered(imap.list('""', quoted(folder))):
        found = LISTED_ATTRIBUTES.match(listed or b"")
        uses = set(found.group(1).decode().lower().split()) & NOT_INBOUND_USES if found else set()
        if uses:
            raise RefusedFolder(f"the folder {folder!r} is marked {', '.join(sorted(uses))}: not mail that came back")


def quoted(folder):
    """`folder` as an IMAP quoted string."""
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def answered(response):
    """The data of an IMAP command's (status, data) answer; raises imaplib.IMAP4.error unless its status is OK."""
    status, data = response
    if status != "OK":
        raise imaplib.IMAP4.error(f"the IMAP server answered {status}: {data!r}")
    return data
