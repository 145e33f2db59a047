"""A line break in a name or a title never reaches a mail header, and one email that cannot be sent never holds up
the others: it fails alone, with its error, and the rest of its batch goes out."""
from datetime import timedelta

import pytest

from conftest import PASSWORD
from mentoring import clock
from mentoring.db import db
from mentoring.email import delivery
from mentoring.email.outbox import Recipient, queue_email
from mentoring.models import MentorRequest, OutboxEmail, User
from support.client import logged_in, seen

INJECTED = "A\r\nBcc: x@example.com"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


@pytest.fixture
def scene(make_user, make_program, join):
    """A program with its coordinator, a mentee with an open request to a mentor, and two more members."""
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator])
    mentee = join(make_user(name="Mia Mentee"), program, "mentee")
    mentor = join(make_user(name="Sam Mentor"), program, "mentor")
    others = [join(make_user(name=name), program, role)
              for name, role in (("Olga Other", "mentee"), ("Otto Other", "mentor"))]
    return program, coordinator, mentee, mentor, others


def sent_to(mailbox, address):
    return [message["Subject"] for message in mailbox.to(address)]


def test_a_renamed_mentee_cannot_inject_headers_and_holds_up_nobody_s_mail(app, mailbox, scene):
    program, coordinator, mentee, mentor, others = scene
    visitor = logged_in(app, mentee.user, PASSWORD)
    visitor.submit(f"/programs/{program.slug}/mentors/{mentor.id}", {"message": "I hope to learn to lead."})

    saved = visitor.submit("/account/profile", {"name": INJECTED + BIDI, "timezone": "Europe/Berlin"},
                           page="/account")
    assert saved.status_code == 302
    assert 'value="A Bcc: x@example.com"' in visitor.get("/account").get_data(as_text=True)

    request = MentorRequest.get(MentorRequest.mentee == mentee)
    visitor.submit(f"/programs/{program.slug}/requests/{request.id}/withdraw",
                   page=f"/programs/{program.slug}/requests")
    told = mailbox.find(mentor.user.email, "A Bcc: x@example.com withdrew their request")
    assert told["Bcc"] is None and told.envelope_to == [mentor.user.email]

    coordinating = logged_in(app, coordinator, PASSWORD)
    day = (clock.now() + timedelta(days=5)).date().isoformat()
    scheduled = coordinating.submit(f"/programs/{program.slug}/events",
                                    {"title": "Kick-off", "day": day, "at": "17:00", "duration": "60",
                                     "audience": "all"})
    assert scheduled.status_code == 302
    subject = f"{program.name}: Kick-off"
    for member in [mentee, mentor, *others]:
        assert mailbox.find(member.user.email, subject)
    invite = mailbox.find(mentee.user.email, subject)
    assert invite["To"].addresses[0].display_name == "A Bcc: x@example.com" and invite["Bcc"] is None
    assert mailbox.to("x@example.com") == []
    assert set(OutboxEmail.select(OutboxEmail.state).tuples()) == {("sent",)}


def test_a_stored_line_break_is_flattened_and_an_unsendable_email_fails_alone(app, mailbox, make_user, log_in,
                                                                             client):
    """Rows written before the forms refused line breaks: names and subjects are sent on one line; an address that
    cannot be a header fails with its error, and the emails after it in the same batch are delivered."""
    people = [make_user(name=f"Person {n}") for n in range(3)]
    User.update(name=INJECTED).where(User.id == people[0].id).execute()
    mailbox.stop()  # the emails wait in one batch
    with app.test_request_context(), db.atomic():
        queue_email(User.get_by_id(people[0].id), "password_changed", "Hello\r\nBcc: x@example.com",
                    reset_link="http://x/")
        broken = queue_email(Recipient("Eve", "eve@example.org\r\nBcc: x@example.com"), "password_changed",
                             "Notice", reset_link="http://x/")
        for person in people[1:]:
            queue_email(person, "password_changed", "Notice", reset_link="http://x/")
    OutboxEmail.update(next_attempt_at=clock.now(), attempts=0).execute()
    mailbox.start()
    with app.app_context():
        assert delivery.deliver_due() == 3

    flattened = mailbox.find(people[0].email, "Hello Bcc: x@example.com")
    assert flattened["To"].addresses[0].display_name == "A Bcc: x@example.com"
    for person in people[1:]:
        assert mailbox.find(person.email, "Notice")
    assert mailbox.to("x@example.com") == [] and mailbox.to("eve@example.org") == []
    broken = OutboxEmail.get_by_id(broken.id)
    assert (broken.state, broken.attempts) == ("failed", 1)
    log_in(make_user(admin=True))
    shown = seen(client.get(f"/admin/outbox/{broken.id}"))
    assert "could not be built" in shown and broken.last_error in shown
