"""Mail that comes back, written as the clients write it: a session scheduled through the pair's page, the organiser
address its invite names, and a calendar's answer to it; a reply to an email; `mail_in` gives a message to `flask
mail-in`."""
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from icalendar import Calendar, Event, vCalAddress

from mentoring import clock
from support.calendars import Parsed


def schedule(visitor, pair, days, **fields):
    on = (clock.now() + timedelta(days=days)).date()
    response = visitor.submit(f"/pairs/{pair.id}/sessions/new",
                              {"title": "Check-in", "day": on.isoformat(), "at": "18:00", "duration": "60",
                               "location": "", "repeat": "", "count": "", **fields})
    assert response.status_code == 302


def organizer_in(mailbox, person, partner):
    """(organiser address, UID) of the invite `person` was sent for a session with `partner`."""
    message = mailbox.find(person.email, f"Session with {partner.name}: Check-in")
    event = Parsed(message.invite[1]).events[0]
    return event.organizer.value.removeprefix("mailto:"), event.uid.value


def calendar_answer(sender, to, uid, partstat="ACCEPTED", method="REPLY", attendee=None, start=None,
                    recurrence_id=None):
    """A reply as Google Calendar writes one (RFC 6047: a text/calendar part with the method in its parameters too,
    the ATTENDEE who answers with their PARTSTAT, the organiser as the invite named it)."""
    calendar = Calendar()
    calendar.add("prodid", "-//Google Inc//Google Calendar 70.9054//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", clock.now())
    event.add("organizer", vCalAddress(f"mailto:{to}"))
    answering = vCalAddress(f"mailto:{attendee or sender}")
    answering.params["PARTSTAT"] = partstat
    event.add("attendee", answering)
    if start is not None:
        event.add("dtstart", start)
        event.add("dtend", start + timedelta(hours=1))
    if recurrence_id is not None:
        event.add("recurrence-id", recurrence_id)
    calendar.add_component(event)
    message = EmailMessage()
    message["From"], message["To"] = sender, to
    message["Subject"] = f"{'Accepted' if partstat == 'ACCEPTED' else 'Declined'}: Check-in"
    message["Message-ID"] = make_msgid(domain="google.com")
    message.set_content(f"{sender} has {partstat.lower()} this invitation.")
    message.add_alternative(calendar.to_ical(), maintype="text", subtype="calendar", params={"method": method})
    return bytes(message)


def mail_in(app, raw):
    result = app.test_cli_runner().invoke(args=["mail-in"], input=raw)
    assert result.exit_code == 0, result.output
    return result.output


def reply(to_email, sender, body, attachment=None):
    """A reply as Gmail writes one: Re: the subject, the answer above "On … wrote:" and the quoted email."""
    message = EmailMessage()
    message["From"], message["To"] = sender, to_email["Reply-To"]
    message["Subject"] = f"Re: {to_email['Subject']}"
    message["Message-ID"], message["In-Reply-To"] = make_msgid(domain="mail.gmail.com"), to_email["Message-ID"]
    quoted = "\n".join(f"> {line}" for line in to_email.text.splitlines())
    message.set_content(f"{body}\n\nOn Tue, 1 Dec 2026 at 10:00, Mentoring <mentoring@example.org> wrote:\n{quoted}\n")
    if attachment:
        message.add_attachment(attachment[1], maintype="application", subtype="pdf", filename=attachment[0])
    return bytes(message)
