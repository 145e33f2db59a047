"""Writing emails to the outbox, in the same transaction as the change that causes them."""
from email.utils import make_msgid
from typing import NamedTuple

import peewee as pw
from flask import current_app, render_template

from mentoring import audit, clock, privacy
from mentoring.db import db
from mentoring.email import replies
from mentoring.errors import DomainError, NotFound
from mentoring.models import OutboxEmail, User
from mentoring.queue import schedule_delivery


class Recipient(NamedTuple):
    """Someone to write to who may not have an account yet."""

    name: str
    email: str


def queue_email(recipient, template, subject, *, preference=None, calendar=None, reply_to="", answers=None,
                **context):
    """Render `email/<template>.txt` and `.html` for `recipient` and add them to the outbox, with an
    invite when `calendar` is (method, iCalendar text), and replies coming back to the app when `answers` is
    (what a token names, its id): the recipient's reply to it (replies.address_for, replies.tagged).

    Returns the outbox row, or None when the recipient turned off the `preference` notifications (or is the
    stand-in of a deleted account).
    Delivery is asked for once the surrounding transaction commits.
    """
    user = recipient if isinstance(recipient, User) else None
    if user is not None and (user.is_former_member or preference and not user.wants_email(preference)):
        return None
    if answers is not None:
        subject = replies.tagged(subject, *answers, recipient.id)
        reply_to = replies.address_for(*answers, recipient.id)
    context.update(recipient=recipient, subject=subject)
    sender_domain = current_app.config["MAIL_DEFAULT_SENDER"].rpartition("@")[2].strip(">") or "localhost"
    email = OutboxEmail.create(
        user=user, kind=template, to_address=recipient.email, to_name=recipient.name,
        subject=subject,
        text_body=render_template(f"email/{template}.txt", **context),
        html_body=render_template(f"email/{template}.html", **context),
        message_id=make_msgid("mentoring", domain=sender_domain), reply_to=reply_to,
        calendar_method=calendar[0] if calendar else "", calendar=calendar[1] if calendar else "")
    db.after_commit(schedule_delivery)
    return email


def listing(state, page, page_size):
    """One page of the outbox, newest first, optionally of one state."""
    query = OutboxEmail.select().order_by(OutboxEmail.id.desc())
    if state:
        query = query.where(OutboxEmail.state == state)
    return list(query.paginate(page, page_size))


def counts_by_state():
    """How many emails are in each state."""
    rows = (OutboxEmail.select(OutboxEmail.state, pw.fn.COUNT(OutboxEmail.id))
            .group_by(OutboxEmail.state)
            .tuples())
    return dict(rows)


def email_for(email_id, user):
    """The email, for a site admin to read (anyone else, or an email that is not there: NotFound)."""
    email = OutboxEmail.get_or_none(OutboxEmail.id == email_id) if user.is_admin else None
    if email is None:
        raise NotFound()
    return email


def retry(email_id, actor):
    """Try a failed or waiting email again now (site admin)."""
    with db.atomic():
        email = OutboxEmail.get_or_none(OutboxEmail.id == email_id)
        if email is None:
            raise NotFound()
        if email.state not in (OutboxEmail.FAILED, OutboxEmail.PENDING):
            raise DomainError("Only an email that failed or is waiting can be retried.")
        (OutboxEmail.update(state=OutboxEmail.PENDING, next_attempt_at=clock.now())
         .where(OutboxEmail.id == email.id)
         .execute())
        audit.record(actor, "email.retry", f"email {email.id}", subject=email.subject)
        db.after_commit(schedule_delivery)
    return OutboxEmail.get_by_id(email.id)


@privacy.exporter("emails")
def _export_emails(user):
    return [{"subject": email.subject, "kind": email.kind, "state": email.state,
             "written_at": email.created_at.isoformat(),
             "sent_at": email.sent_at.isoformat() if email.sent_at else None,
             "text": email.text_body}
            for email in OutboxEmail.addressed_to(user)]


@privacy.eraser
def _erase_emails(user):
    OutboxEmail.delete().where(OutboxEmail.id.in_(OutboxEmail.addressed_to(user).select(OutboxEmail.id))).execute()
