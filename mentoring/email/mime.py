"""Building the MIME message of an outbox email (pure: no Flask, no database)."""
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime

from mentoring.text import one_line


def build_message(*, sender, to_name, to_address, subject, text, html, message_id, date, headers=None,
                  calendar_method="", calendar=""):
    """A multipart/alternative message with its text and HTML parts, lines ending in CRLF; with an invite,
    also a text/calendar alternative (its method in the Content-Type) and the same file attached as .ics.
    Names, the subject and other header values are put on one line, whatever is stored."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    local, _, domain = to_address.rpartition("@")
    message["To"] = Address(display_name=one_line(to_name), username=local, domain=domain)
    message["Subject"] = one_line(subject)
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        message[name] = one_line(value)
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    if calendar:
        message.add_alternative(calendar, subtype="calendar", params={"method": calendar_method})
        message.add_attachment(calendar.encode("utf-8"), maintype="application", subtype="ics",
                               filename="invite.ics")
    return message
