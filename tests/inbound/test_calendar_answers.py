"""A person presses Accept, Decline or "propose a new time" in their calendar app: the app's answer comes back by mail
to the address the invite named as organiser, is taken in by `flask mail-in` (as a mail server's pipe hands it
over), and the pair's page shows it. Anything else is kept in the admin's Inbox, never acted on."""
import re
from datetime import timedelta

from conftest import PASSWORD
from mentoring.models import InboundMessage, Meeting, Rsvp
from support.calendars import Parsed
from support.client import logged_in, text
from support.inbound import calendar_answer, mail_in, organizer_in, schedule


def test_accept_and_decline_from_the_calendar_reach_the_pair_page(app, mailbox, ann_and_bob):
    program, pair, ann, bob = ann_and_bob
    ann_visitor = logged_in(app, ann, PASSWORD)
    schedule(ann_visitor, pair, 3)
    address, uid = organizer_in(mailbox, bob, ann)
    assert "acted" in mail_in(app, calendar_answer(bob.email, address, uid))
    page = text(ann_visitor.get(f"/pairs/{pair.id}"))
    assert re.search(r"Bob Mentor:\s+accepted from their calendar", page)
    rsvp = Rsvp.get(Rsvp.user == bob)
    assert (rsvp.answer, rsvp.via) == (Rsvp.ACCEPTED, Rsvp.CALENDAR)

    again = calendar_answer(bob.email, address, uid, partstat="DECLINED")
    assert "acted" in mail_in(app, again)
    assert "Already received" in mail_in(app, again)  # the same message twice is acted on once
    assert Rsvp.get(Rsvp.user == bob).answer == Rsvp.DECLINED and InboundMessage.select().count() == 2
    told = mailbox.find(ann.email, "Bob Mentor cannot make Check-in")  # as a Decline by the email's link tells her
    assert "Bob Mentor" in told.text


def test_a_new_time_proposed_from_outlook_becomes_a_suggestion(app, mailbox, ann_and_bob):
    program, pair, ann, bob = ann_and_bob
    schedule(logged_in(app, ann, PASSWORD), pair, 3)
    address, uid = organizer_in(mailbox, bob, ann)
    later = Meeting.get().starts_at + timedelta(days=1)
    mail_in(app, calendar_answer(bob.email, address, uid, partstat="NEEDS-ACTION", method="COUNTER", start=later))
    rsvp = Rsvp.get(Rsvp.user == bob)
    assert (rsvp.answer, rsvp.proposed_start, rsvp.via) == (Rsvp.PROPOSED, later, Rsvp.CALENDAR)


def test_answers_that_are_not_the_addressees_own_are_kept_and_never_acted_on(app, mailbox, ann_and_bob, make_user):
    program, pair, ann, bob = ann_and_bob
    schedule(logged_in(app, ann, PASSWORD), pair, 3)
    bobs_address, uid = organizer_in(mailbox, bob, ann)
    anns_address, _ = organizer_in(mailbox, ann, bob)
    forged = bobs_address.replace("+", "+x", 1)
    refused = {
        "another person's answer on Bob's address": calendar_answer(ann.email, bobs_address, uid, attendee=ann.email),
        "Bob's answer on Ann's address": calendar_answer(bob.email, anns_address, uid),
        "an altered address": calendar_answer(bob.email, forged, uid),
        "no token at all": calendar_answer(bob.email, "mentoring@example.org", uid),
        "another session's UID": calendar_answer(bob.email, bobs_address, "someone-else@example.org"),
    }
    for why, raw in refused.items():
        assert "kept" in mail_in(app, raw), why
    assert not Rsvp.select().where(Rsvp.user == bob).exists()
    assert Rsvp.get(Rsvp.user == ann).via == ""  # her own, from scheduling; nothing came from a calendar

    admin = make_user(name="Ada Admin", admin=True)
    inbox = text(logged_in(app, admin, PASSWORD).get("/admin/inbox/"))
    assert inbox.count('badge--kept') == len(refused) and "not from the person its address was given to" in inbox
    kept = InboundMessage.select().order_by(InboundMessage.id).first()
    shown = text(logged_in(app, admin, PASSWORD).get(f"/admin/inbox/{kept.id}"))
    assert "From: ann@example.org" in shown and 'text/calendar; method="REPLY"' in shown  # as it arrived
    assert logged_in(app, bob, PASSWORD).get("/admin/inbox/").status_code == 404


def test_an_answer_to_one_occurrence_of_a_series_changes_that_one_alone(app, mailbox, ann_and_bob):
    program, pair, ann, bob = ann_and_bob
    schedule(logged_in(app, ann, PASSWORD), pair, 3, repeat="weekly", count="3")
    message = mailbox.find(bob.email, "Check-ins with Ann Mentee: Check-in")
    event = Parsed(message.invite[1]).events[0]
    address, uid = event.organizer.value.removeprefix("mailto:"), event.uid.value
    first, second, third = Meeting.select().order_by(Meeting.starts_at)
    mail_in(app, calendar_answer(bob.email, address, uid, partstat="DECLINED", recurrence_id=second.recurrence_id))
    answered = {rsvp.meeting_id: rsvp.answer for rsvp in Rsvp.select().where(Rsvp.user == bob)}
    assert answered == {second.id: Rsvp.DECLINED}
    mail_in(app, calendar_answer(bob.email, address, uid))  # the whole series, from the next one on
    answered = {rsvp.meeting_id: rsvp.answer for rsvp in Rsvp.select().where(Rsvp.user == bob)}
    assert answered == dict.fromkeys((first.id, second.id, third.id), Rsvp.ACCEPTED)


def test_a_maybe_from_the_calendar_is_recorded_as_tentative_and_troubles_nobody(app, mailbox, ann_and_bob):
    program, pair, ann, bob = ann_and_bob
    ann_visitor = logged_in(app, ann, PASSWORD)
    schedule(ann_visitor, pair, 3)
    address, uid = organizer_in(mailbox, bob, ann)
    mail_in(app, calendar_answer(bob.email, address, uid, partstat="TENTATIVE"))
    assert re.search(r"Bob Mentor:\s+tentative from their calendar", text(ann_visitor.get(f"/pairs/{pair.id}")))
    assert [m["Subject"] for m in mailbox.to(ann.email) if "Bob Mentor" in m["Subject"]
            and "Session with" not in m["Subject"]] == []  # no "cannot make" email for a maybe
