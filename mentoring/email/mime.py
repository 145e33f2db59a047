"""Building the MIME message of an outbox email (pure: no Flask, no database)."""
from email import policy
from email.message import EmailMessage
from email.headerregistry import Address
from email.utils import format_datetime


def build_message(*, sender, to_name, to_address, subject, text, html, message_id, date, headers=None,
                  calendar_method="", calendar=""):
    """A multipart/alternative message with its text and HTML parts, lines ending in CRLF; with an invite,
    also a text/calendar alternative (its method in the Content-Type) and the same file attached as .ics."""
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    local, _, domain = to_address.rpartition("@")
    message["To"] = Address(display_name=to_name, username=local, domain=domain)
    message["Subject"] = subject
    message["Date"] = format_datetime(date)
    message["Message-ID"] = message_id
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    if calendar:
        message.add_alternative(calendar, subtype="calendar", params={"method": calendar_method})
        message.add_attachment(calendar.encode("utf-8"), maintype="application", subtype="ics",
                               filename="invite.ics")
    return message
