"""Mail handed over by a mail server over LMTP (RFC 2033): each message is stored by the inbound service and every
recipient gets its answer, 250 once stored or 451 (the server keeps it and tries again) when it could not be."""
import asyncio
import logging

from aiosmtpd.controller import Controller
from aiosmtpd.lmtp import LMTP

from mentoring.inbound import service

log = logging.getLogger(__name__)
STORED = "250 2.0.0 Stored"
NOT_STORED = "451 4.3.0 Not stored, try again later"


class Delivery:
    """aiosmtpd's handler: the message's bytes to `service.receive`, in the app's context, off the event loop."""

    def __init__(self, app):
        self.app = app

    def store(self, raw):
        """Store and act on one message."""
        with self.app.app_context():
            return service.receive(raw)

    async def handle_DATA(self, server, session, envelope):
        """One answer per recipient (LMTP's rule): the same for all, as the message is stored once for all."""
        try:
            await asyncio.to_thread(self.store, envelope.original_content)
            answer = STORED
        except Exception:  # nothing is lost: the mail server keeps the message and tries again
            log.exception("a message from %s over LMTP could not be stored", envelope.mail_from)
            answer = NOT_STORED
        return "\r\n".join([answer] * len(envelope.rcpt_tos))


class Listener(Controller):
    """An LMTP server on `host`:`port` in a thread of its own: `start()`, `stop()`."""

    def __init__(self, app, host, port):
        super().__init__(Delivery(app), hostname=host, port=port)

    def factory(self):
        return LMTP(self.handler, **self.SMTP_kwargs)
