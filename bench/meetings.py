"""Meetings benchmark: invites built per second, scheduling through the service, and mail delivered per second to a
local SMTP server over one connection per batch against one connection per message.

Runs on a fresh SQLite file with aiosmtpd on 127.0.0.1, and no task worker: the benchmark delivers the outbox
itself. Usage: python -m bench.meetings
"""
import os
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

SECONDS = 0.5
MESSAGES = 200


def rate(work, seconds=SECONDS):
    """Calls of `work` per second, over at least `seconds`."""
    calls, started = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - started) < seconds:
        work()
        calls += 1
    return calls / elapsed


def invite(sessions):
    from mentoring.meetings import ical
    start = datetime(2027, 3, 2, 17, tzinfo=UTC)
    return ical.Invite(uid="bench@mentoring", sequence=1, title="Check-in", start=start, duration=timedelta(hours=1),
                       tzid="Europe/Berlin", organizer=ical.Person("program@example.org", "Bench program"),
                       attendees=[(ical.Person("ann@example.org", "Ann"), "needs-action"),
                                  (ical.Person("bob@example.org", "Bob"), "accepted")],
                       description="Agenda:\n- Topic 1\n- Topic 2\n\nYour pair: https://example.org/pairs/1",
                       location="https://meet.example.org/bench", url="https://example.org/pairs/1",
                       frequency="weekly" if sessions > 1 else "", count=sessions if sessions > 1 else None)


def measure_invites():
    """Invites built per second, the zone's VTIMEZONE built on the first and reused after."""
    from mentoring.meetings import ical
    stamp = datetime(2026, 11, 21, tzinfo=UTC)
    rows = []
    for sessions in (1, 12):
        ical._vtimezone.cache_clear()
        started = time.perf_counter()
        ical.request(invite(sessions), stamp)
        first = time.perf_counter() - started
        rows.append((f"invite, {'one session' if sessions == 1 else f'a {sessions}-session series'}",
                     rate(lambda sessions=sessions: ical.request(invite(sessions), stamp)), first * 1000))
    return rows


def measure_scheduling(app, pair, organizer):
    """schedule() per second: the session or series stored and both emails, each with its invite, in the outbox."""
    from mentoring.meetings import scheduling
    rows = []
    day = datetime.now(UTC).date() + timedelta(days=30)
    for sessions in (1, 12):
        def one(sessions=sessions):
            plan = scheduling.Plan(title="Check-in", day=day, at=datetime.min.time().replace(hour=18), duration=60,
                                   location="https://meet.example.org/bench", repeat="weekly" if sessions > 1 else "",
                                   count=sessions if sessions > 1 else None)
            scheduling.schedule(pair, organizer, plan)
        with app.test_request_context():
            rows.append((f"schedule through the service, {'one session' if sessions == 1 else f'{sessions} sessions'}"
                         " (2 emails with invites)", rate(one), None))
    return rows


def measure_delivery(app, pair, smtp):
    """Mail per second through the outbox to a local SMTP server: batches on one connection, and one per message."""
    from mentoring.email import delivery
    from mentoring.models import OutboxEmail
    rows = []
    for label, batch in (("one connection per batch of 50", 50), ("one connection per message", 1)):
        with app.test_request_context():
            meeting = _sessions_to_send(pair)
        OutboxEmail.update(state=OutboxEmail.SENT).where(OutboxEmail.state == OutboxEmail.PENDING).execute()
        _queue(app, meeting, MESSAGES)
        smtp.clear()
        started = time.perf_counter()
        with app.app_context():
            sent = delivery.deliver_due(batch_size=batch)
        elapsed = time.perf_counter() - started
        assert sent == MESSAGES == len(smtp.messages), (sent, len(smtp.messages))
        rows.append((f"delivery of {MESSAGES} emails with invites, {label}", sent / elapsed, None))
    return rows


def measure_messages(app, pair):
    """Messages sent per second through the conversation's form (a logged-in POST with its CSRF token and one-time
    key, stored and the conversation's version counted), one after another."""
    import re

    from bench.seed import BENCH_PASSWORD
    from mentoring.auth.passwords import hash_password
    from mentoring.once import new_key
    person = pair.mentee.user
    with app.app_context():
        person.password_hash = hash_password(BENCH_PASSWORD)
        person.save()
    client = app.test_client()
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"csrf_token": token, "email": person.email, "password": BENCH_PASSWORD})
    url = f"/pairs/{pair.id}/conversation"
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)

    def send():
        response = client.post(url, data={"csrf_token": token, "submission": new_key(), "text": "See you Tuesday"})
        assert response.status_code == 302, response.status_code
    return [("message sent through the conversation's form (POST, stored, redirected)", rate(send), None)]


def _sessions_to_send(pair):
    from mentoring.meetings.scheduling import add_sessions
    start = datetime.now(UTC) + timedelta(days=40)
    return add_sessions(pair, pair.mentor.user, [start], "Check-in", 60)[0]


def _queue(app, meeting, count):
    """`count` invitation emails in the outbox, as scheduling writes them (the same text and invite each)."""
    from mentoring.meetings import invites
    with app.test_request_context():
        for _ in range(count // 2):
            invites.notify(meeting, invites.people_of(meeting.pair), "meeting_invite", "Session: Check-in",
                           occurrences=1, organizer=meeting.organizer)


def main():
    with tempfile.TemporaryDirectory(prefix="mentoring-bench-") as instance:
        sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
        from support.live import free_port
        from support.mailbox import Mailbox
        smtp = Mailbox(free_port())
        smtp.start()
        os.environ.update(MENTORING_INSTANCE=instance, SECRET_KEY="bench",
                          DATABASE_URL=f"sqlite:///{instance}/mentoring.db",
                          TASK_QUEUE_URL=f"sqlite:///{instance}/tasks.db")  # no worker: the benchmark delivers
        from bench.seed import bulk_members, new_program, seed_pair
        from mentoring import create_app
        from mentoring import db as database
        app = create_app({"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": smtp.port, "MAIL_TIMEOUT": 10,
                          "BASE_URL": "http://127.0.0.1:5000"})
        database.migrate()
        from mentoring.models import Membership
        with app.test_request_context():
            program = new_program(None, "Bench meetings")
            mentor_id, mentee_id = bulk_members(program, [("mentor", "approved", 2), ("mentee", "approved", None)],
                                                "x")
            pair = seed_pair(Membership.get_by_id(mentee_id), Membership.get_by_id(mentor_id), sessions=2)
        try:
            rows = measure_invites() + measure_scheduling(app, pair, pair.mentee.user) + \
                measure_delivery(app, pair, smtp) + measure_messages(app, pair)
        finally:
            smtp.stop()
    print("\nmeetings and messages: invites, mail and conversation (one process, SQLite, aiosmtpd on 127.0.0.1)")
    print("| what | per second | first, ms |")
    print("| --- | ---: | ---: |")
    for what, per_second, first in rows:
        print(f"| {what} | {per_second:,.0f} | {'' if first is None else f'{first:.1f}'} |")


if __name__ == "__main__":
    main()
