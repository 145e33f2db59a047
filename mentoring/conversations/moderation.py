"""Moderation of a pair's conversation: either of the two reports a message of the other's to the coordinators, who
see that message and the five before it (as they were when reported, nothing else of the conversation) and may hide
it; the pair then sees that the coordinators hid it."""
from datetime import datetime

import peewee as pw

from mentoring import audit, clock
from mentoring.db import db
from mentoring.errors import DomainError, NotFound
from mentoring.models import Message, ProblemReport
from mentoring.pairs.service import report_problem

SHOWN_BEFORE = 5  # the messages before the reported one that the coordinators see with it
ALREADY_REPORTED = "This message has already been reported: the coordinators have it and will look into it."
HIDDEN = "Hidden by the coordinators"


def reportable(pair, user, message_id):
    """The partner's message `message_id` of the pair's conversation, which `user` may report (their own, a deleted
    one, or another pair's: NotFound)."""
    message = Message.get_or_none(Message.id == message_id, Message.pair == pair)
    if message is None or message.sender_id in (None, user.id) or message.deleted_at is not None:
        raise NotFound()
    return message


def excerpt_of(pair, message):
    """What the coordinators will see of a report of `message`: it and the five messages before it, oldest first, each
    with its sender's name, when it was sent and its text (nothing of a deleted message but that it was deleted)."""
    names = {pair.mentee.user_id: pair.mentee.user.name, pair.mentor.user_id: pair.mentor.user.name}
    shown = Message.latest_of(pair, SHOWN_BEFORE + 1, message.id + 1)
    return [{"id": m.id, "sender": names.get(m.sender_id, "A former member"), "sent_at": m.sent_at,
             "text": "" if m.deleted_at else m.text, "deleted": m.deleted_at is not None} for m in shown]


def reported_excerpt(problem):
    """The messages a report carries, as `excerpt_of` gave them when it was sent ([] for a report of no message)."""
    return [{**shown, "sent_at": datetime.fromisoformat(shown["sent_at"])} for shown in problem.excerpt or []]


def already_reported(message):
    """Whether `message` was reported before."""
    return ProblemReport.select().where(ProblemReport.message == message.id).exists()


def report(pair, user, message_id, note):
    """Report the partner's message to the program's coordinators (emailed as any reported problem), with a frozen
    copy of it and the five before it and `user`'s note; a message is reported once."""
    message = reportable(pair, user, message_id)
    try:
        with db.atomic():
            if already_reported(message):
                raise DomainError(ALREADY_REPORTED)
            problem = report_problem(pair.program, user, note.strip() or "A message of the pair's conversation.",
                                     pair=pair)
            problem.message = message.id
            problem.excerpt = [{**shown, "sent_at": shown["sent_at"].isoformat()}
                               for shown in excerpt_of(pair, message)]
            problem.save(only=[ProblemReport.message, ProblemReport.excerpt])
    except pw.IntegrityError:  # reported at the same moment by another request
        raise DomainError(ALREADY_REPORTED) from None
    return problem


def hide(coordinator, problem, hidden=True):
    """Hide the reported message of `problem` from the pair's conversation (shown as hidden by the coordinators), or
    show it again; open pages of the conversation update."""
    with db.atomic():
        message = Message.get_or_none(Message.id == problem.message_id) if problem.message_id else None
        if message is None:
            raise NotFound()
        if (message.hidden_at is not None) == hidden:
            raise DomainError("The message is already hidden." if hidden else "The message is not hidden.")
        message.hidden_at = clock.now() if hidden else None
        message.save(only=[Message.hidden_at])
        audit.record(coordinator, "message.hide" if hidden else "message.show", f"report {problem.id}",
                     program=problem.program_id, message=message.id)
    return message
