"""Delivering the outbox over SMTP: batches on one connection, retries with back-off, never twice."""
import logging
import smtplib
from datetime import timedelta

import peewee as pw
from flask import current_app
from flask_mail import Connection, Message, sanitize_addresses

from mentoring import clock
from mentoring.db import db, locked
from mentoring.email import replies
from mentoring.email.mime import build_message
from mentoring.models import OutboxEmail
from mentoring.text import one_line

log = logging.getLogger(__name__)

BACKOFF = [timedelta(minutes=minutes) for minutes in (1, 5, 15, 60, 180, 360, 720)]
MAX_ATTEMPTS = len(BACKOFF) + 1
BATCH_SIZE = 50
STALE_CLAIM = timedelta(minutes=15)


def smtp_configured():
    """Whether an SMTP server is set; without one, mail stays in the outbox for the admin to read."""
    return bool(current_app.config["MAIL_SERVER"])


class Unsendable(Exception):
    """An outbox row that cannot be made into a message as it is stored: trying again would not help."""


def _headers(email):
    """The headers an outbox row adds: where replies go, and the token its subject ends with, for a mailbox that
    drops plus-addresses (email.replies.tagged)."""
    headers = {"Auto-Submitted": "auto-generated"}
    if email.reply_to:
        headers["Reply-To"] = email.reply_to
    if token := replies.token_in_subject(email.subject):
        headers["X-Mentoring-Token"] = token
    return headers


class OutboxMessage(Message):
    """A Flask-Mail message whose MIME body is the outbox row, sent with its stable Message-ID; built whole when made,
    so an email that cannot be built raises Unsendable before it reaches the SMTP conversation."""

    def __init__(self, email):
        try:
            super().__init__(subject=one_line(email.subject), recipients=[(one_line(email.to_name), email.to_address)])
            self._built = build_message(
                sender=self.sender, to_name=email.to_name, to_address=email.to_address,
                subject=email.subject, text=email.text_body, html=email.html_body,
                message_id=email.message_id, date=email.created_at,
                headers=_headers(email),
                calendar_method=email.calendar_method, calendar=email.calendar)
            self._bytes = self._built.as_bytes()
            if self.has_bad_headers():
                raise ValueError("a header would hold a line break")
            for address in sanitize_addresses([self.sender, *self.send_to]):
                address.encode("ascii")  # SMTP without SMTPUTF8 takes no other envelope address
        except Exception as error:
            raise Unsendable(f"The message could not be built ({type(error).__name__}: {error})") from error

    def _message(self):
        return self._built

    def as_bytes(self):
        return self._bytes


class SMTPConnection(Connection):
    """Flask-Mail's connection, with a timeout so a silent server cannot hang the worker."""

    def configure_host(self):
        mail, timeout = self.mail, current_app.config["MAIL_TIMEOUT"]
        if mail.use_ssl:
            host = smtplib.SMTP_SSL(mail.server, mail.port, timeout=timeout)
        else:
            host = smtplib.SMTP(mail.server, mail.port, timeout=timeout)
        if mail.use_tls:
            host.starttls()
        if mail.username and mail.password:
            host.login(mail.username, mail.password)
        return host


def deliver_due(batch_size=BATCH_SIZE):
    """Send every email that is due, one SMTP connection per batch; returns how many were sent."""
    if not smtp_configured():
        return 0
    sent = 0
    while batch := claim_due(batch_size):
        sent += send_batch(batch)
        if len(batch) < batch_size:
            break
    return sent


def claim_due(limit):
    """Mark up to `limit` due emails as being sent by this worker, so no other worker sends them."""
    moment = clock.now()
    with db.atomic():
        ids = [row.id for row in locked(OutboxEmail.due(moment).limit(limit), skip_locked=True)]
        if not ids:
            return []
        (OutboxEmail.update(state=OutboxEmail.SENDING, claimed_at=moment)
         .where(OutboxEmail.id.in_(ids), OutboxEmail.state == OutboxEmail.PENDING)
         .execute())
        return list(OutboxEmail.select().where(OutboxEmail.id.in_(ids)).order_by(OutboxEmail.id))


# What goes wrong with one message alone: the connection stays good for the next.
MESSAGE_ERRORS = (Unsendable, smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError,
                  smtplib.SMTPNotSupportedError)


def send_batch(emails):
    """Send claimed emails over one connection: one that cannot be built or is refused fails alone, and a broken
    connection puts the rest back for later."""
    remaining = list(emails)
    sent = 0
    try:
        with SMTPConnection(current_app.extensions["mail"]) as connection:
            while remaining:
                email = remaining[0]
                try:
                    connection.send(OutboxMessage(email))
                except MESSAGE_ERRORS as error:
                    remaining.pop(0)
                    _record_failure(email, error, permanent=_is_permanent(error))
                    continue
                remaining.pop(0)
                _record_sent(email)
                sent += 1
    except (smtplib.SMTPException, OSError) as error:
        log.warning("SMTP delivery interrupted: %s", error)
        for email in remaining:
            _record_failure(email, error, permanent=False)
    return sent


def _is_permanent(error):
    """A 5xx answer, or no answer at all (a message that cannot be built or sent as it is), will never change."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    return getattr(error, "smtp_code", 500) >= 500


def _record_sent(email):
    (OutboxEmail.update(state=OutboxEmail.SENT, sent_at=clock.now(), last_error="",
                        attempts=OutboxEmail.attempts + 1)
     .where(OutboxEmail.id == email.id)
     .execute())


def _record_failure(email, error, permanent):
    """Count a failed attempt: try again after the back-off, or give up after the last one."""
    attempts = email.attempts + 1
    gave_up = permanent or attempts >= MAX_ATTEMPTS
    next_attempt = clock.now() + BACKOFF[min(attempts, len(BACKOFF)) - 1]
    (OutboxEmail.update(state=OutboxEmail.FAILED if gave_up else OutboxEmail.PENDING,
                        attempts=attempts, last_error=_describe(error)[:2000],
                        next_attempt_at=next_attempt, claimed_at=None)
     .where(OutboxEmail.id == email.id)
     .execute())


def _describe(error):
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(f"{address}: {code} {text.decode(errors='replace')}"
                         for address, (code, text) in error.recipients.items())
    if isinstance(error, smtplib.SMTPResponseException):
        return f"{error.smtp_code} {error.smtp_error.decode(errors='replace')}"
    if isinstance(error, Unsendable):
        return str(error)
    return f"{type(error).__name__}: {error}"


def release_stale_claims():
    """Put back emails whose worker stopped mid-batch (their send never completed), counting an attempt: an email
    that stops every worker taking it fails after the last one instead of coming back for ever."""
    gave_up = OutboxEmail.attempts + 1 >= MAX_ATTEMPTS
    return (OutboxEmail.update(state=pw.Case(None, [(gave_up, OutboxEmail.FAILED)], OutboxEmail.PENDING),
                               attempts=OutboxEmail.attempts + 1, claimed_at=None,
                               last_error=pw.Case(None, [(gave_up, "Delivery was interrupted every time.")],
                                                  "Delivery was interrupted; it will be tried again."))
            .where(OutboxEmail.state == OutboxEmail.SENDING,
                   OutboxEmail.claimed_at < clock.now() - STALE_CLAIM)
            .execute())
