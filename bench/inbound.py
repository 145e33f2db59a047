"""Inbound mail benchmark: messages taken in per second by the one function every way in calls (inbound.service.
receive: read, store, act in one transaction), on a fresh SQLite file, for each kind of message: a calendar's answer to
a session (which records the answer, and for a decline emails the partner), a reply that becomes a conversation
message, and one kept for the admin (no token). Usage: python -m bench.inbound [--messages N]"""
import argparse
import os
import tempfile
import time
from datetime import timedelta
from email.message import EmailMessage


def calendar_answer(sender, to, uid, partstat, number):
    """A calendar app's REPLY to a session, as RFC 6047 shapes it."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, f"{partstat.title()}: Check-in"
    message["Message-ID"] = f"<answer-{number}@bench.example>"
    message.set_content(f"{sender} has answered.")
    message.add_alternative(
        "BEGIN:VCALENDAR\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\nVERSION:2.0\r\nMETHOD:REPLY\r\n"
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20261201T100000Z\r\nORGANIZER:mailto:{to}\r\n"
        f"ATTENDEE;PARTSTAT={partstat}:mailto:{sender}\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n".encode(),
        maintype="text", subtype="calendar", params={"method": "REPLY"})
    return bytes(message)


def plain(sender, to, body, number):
    """A reply as a mail app writes one, the quoted email under "On … wrote:"."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = sender, to, "Re: Ann wrote to you"
    message["Message-ID"] = f"<reply-{number}@bench.example>"
    message.set_content(f"{body}\n\nOn Tue, 1 Dec 2026 at 10:00, Mentoring wrote:\n> Are you free on Thursday?\n")
    return bytes(message)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--messages", type=int, default=200, help="messages of each kind")
    count = parser.parse_args(argv).messages
    with tempfile.TemporaryDirectory(prefix="mentoring-bench-") as instance:
        os.environ.update(MENTORING_INSTANCE=instance, SECRET_KEY="bench",
                          DATABASE_URL=f"sqlite:///{instance}/mentoring.db",
                          TASK_QUEUE_URL=f"sqlite:///{instance}/tasks.db")
        from bench.seed import bulk_members, new_program
        from mentoring import clock, create_app
        from mentoring import db as database
        from mentoring.email import replies
        from mentoring.inbound import service
        from mentoring.models import Meeting, Membership, Pair, User
        app = create_app({"BASE_URL": "http://127.0.0.1:5000"})
        database.migrate()
        with app.test_request_context():
            program = new_program(None, "Bench inbound")
            mentor_id, mentee_id = bulk_members(program, [("mentor", "approved", 2), ("mentee", "approved", None)],
                                                "x")
            mentor, mentee = (User.get_by_id(Membership.get_by_id(member).user_id) for member in (mentor_id, mentee_id))
            pair = Pair.create(program=program, mentee=mentee_id, mentor=mentor_id, state=Pair.ACTIVE)
            meeting = Meeting.create(program=program, pair=pair, uid="bench-session@mentoring", organizer=mentee,
                                     title="Check-in", starts_at=clock.now() + timedelta(days=3), duration_minutes=60,
                                     timezone="UTC")
            kinds = {
                "calendar answer (accept / decline)": [
                    calendar_answer(mentor.email, replies.address_for(replies.SESSION, meeting.id, mentor.id),
                                    meeting.uid, ("ACCEPTED", "DECLINED")[number % 2], number)
                    for number in range(count)],
                "reply to a conversation email": [
                    plain(mentor.email, replies.address_for(replies.CONVERSATION, pair.id, mentor.id),
                          f"Thursday works ({number}).", number) for number in range(count)],
                "kept for the admin (no token)": [
                    plain(mentor.email, "mentoring@localhost", "Hello?", count + number) for number in range(count)],
            }
            print(f"\nInbound messages through inbound.service.receive, one process, SQLite, {count} of each kind")
            print("| kind | messages | seconds | messages/s |")
            print("| --- | ---: | ---: | ---: |")
            for kind, messages in kinds.items():
                started = time.perf_counter()
                outcomes = {service.receive(raw)[0].outcome for raw in messages}
                seconds = time.perf_counter() - started
                assert outcomes == {"kept" if "kept" in kind else "acted"}, (kind, outcomes)
                print(f"| {kind} | {count:,} | {seconds:.2f} | {count / seconds:,.0f} |")


if __name__ == "__main__":
    main()
