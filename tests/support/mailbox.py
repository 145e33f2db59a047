"""A real SMTP server (aiosmtpd on 127.0.0.1) that keeps every message it receives."""
import re
import threading
import time
from email import message_from_bytes, policy

from aiosmtpd.controller import Controller

LINK = re.compile(r"https?://[^\s<>\"']+")


class Received:
    """One delivered message, parsed back from the bytes that crossed the wire."""

    def __init__(self, envelope, peer):
        self.peer = peer
        self.envelope_to = list(envelope.rcpt_tos)
        self.message = message_from_bytes(envelope.original_content, policy=policy.default)

    def __getitem__(self, header):
        return self.message[header]

    @property
    def text(self):
        return self.message.get_body(preferencelist=("plain",)).get_content()

    @property
    def html(self):
        return self.message.get_body(preferencelist=("html",)).get_content()

    @property
    def invite(self):
        """The text/calendar alternative as (its Content-Type method, its text); None without one."""
        for part in self.message.walk():
            if part.get_content_type() == "text/calendar":
                return part.get_param("method"), part.get_content()
        return None

    @property
    def ics_attachment(self):
        """The attached .ics file's text, or None."""
        for part in self.message.iter_attachments():
            if part.get_filename("").endswith(".ics"):
                content = part.get_content()
                return content.decode("utf-8") if isinstance(content, bytes) else content
        return None

    def links(self):
        return LINK.findall(self.text)

    def link_containing(self, fragment):
        return next(link for link in self.links() if fragment in link)


class Mailbox:
    """Start, stop and read a local SMTP server; `port` stays the same across restarts."""

    def __init__(self, port):
        self.port = port
        self.messages = []
        self.refused = set()
        self._lock = threading.Lock()
        self._controller = None

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refused:
            return "550 5.1.1 No such user here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self._lock:
            self.messages.append(Received(envelope, session.peer))
        return "250 Message accepted for delivery"

    def start(self):
        if self._controller is None:
            self._controller = Controller(self, hostname="127.0.0.1", port=self.port)
            self._controller.start()

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    def clear(self):
        with self._lock:
            self.messages.clear()
            self.refused.clear()

    def to(self, address):
        """Messages delivered to `address`, oldest first."""
        with self._lock:
            return [m for m in self.messages if address in m.envelope_to]

    def wait_for(self, address, count=1, timeout=10):
        """The messages to `address` once `count` have arrived (mail from another process takes a moment)."""
        deadline = time.monotonic() + timeout
        while len(self.to(address)) < count and time.monotonic() < deadline:
            time.sleep(0.05)
        messages = self.to(address)
        assert len(messages) >= count, f"{len(messages)} of {count} messages to {address} arrived"
        return messages

    def find(self, address, subject, timeout=10):
        """The newest message to `address` with `subject`, once it has arrived."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = [m for m in self.to(address) if m["Subject"] == subject]
            if found:
                return found[-1]
            time.sleep(0.05)
        raise AssertionError(f"no message “{subject}” to {address}; got {[m['Subject'] for m in self.to(address)]}")
