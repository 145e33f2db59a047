"""The ways mail comes back in: the worker reading an IMAP mailbox (a real dovecot) every minute, a mail server
delivering over LMTP to `flask mail-in --lmtp`, and a mail server's pipe to `flask mail-in`. Each takes the same
calendar answer to the same effect, once, whichever ways it comes by."""
import os
import re
import signal
import smtplib
import subprocess
import sys
from contextlib import contextmanager
from datetime import timedelta
from email.message import EmailMessage

import pytest

from config import ROOT
from conftest import PASSWORD
from mentoring.inbound import imap, jobs
from mentoring.inbound.lmtp import Listener
from mentoring.models import InboundMessage, Meeting, Rsvp
from support.client import logged_in, text
from support.inbound import calendar_answer, mail_in, organizer_in, schedule
from support.live import free_port
from support.scheduler import Scheduler


@contextmanager
def lmtp_listener(app):
    """The app's LMTP listener on a free port of 127.0.0.1, in a thread of the test (its port)."""
    listener = Listener(app, "127.0.0.1", free_port())
    listener.start()
    try:
        yield listener.port
    finally:
        listener.stop()


def on_the_wire(raw):
    """The message with CRLF line ends, as SMTP and LMTP carry it (smtplib sends bytes as they are)."""
    return raw.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")


def by_imap(app, dovecot, raw, to):
    dovecot.append("INBOX", raw)
    Scheduler(app).advance(timedelta(minutes=1))


def by_lmtp(app, dovecot, raw, to):
    with lmtp_listener(app) as port, smtplib.LMTP("127.0.0.1", port) as client:
        client.sendmail("bob@example.org", [to], on_the_wire(raw))


def by_pipe(app, dovecot, raw, to):
    mail_in(app, raw)


@pytest.fixture
def answered_by_bob(make_app, dovecot, mailbox, ann_and_bob):
    """(the app reading dovecot's INBOX, Ann and Bob's pair, Bob, Google's Accept of the session Ann scheduled, the
    address it is sent to)."""
    app = make_app(INBOUND_IMAP_URL=dovecot.url())
    program, pair, ann, bob = ann_and_bob
    schedule(logged_in(app, ann, PASSWORD), pair, 3)
    address, uid = organizer_in(mailbox, bob, ann)
    return app, pair, bob, calendar_answer(bob.email, address, uid), address


@pytest.mark.parametrize("way_in", [by_imap, by_lmtp, by_pipe], ids=["imap", "lmtp", "pipe"])
def test_a_calendar_answer_reaches_the_pair_page_by_each_way_in(answered_by_bob, dovecot, ann_and_bob, way_in):
    app, pair, bob, accepted, address = answered_by_bob
    way_in(app, dovecot, accepted, address)
    rsvp = Rsvp.get(Rsvp.user == bob)
    assert (rsvp.answer, rsvp.via) == (Rsvp.ACCEPTED, Rsvp.CALENDAR)
    assert [message.outcome for message in InboundMessage.select()] == [InboundMessage.ACTED]
    page = text(logged_in(app, ann_and_bob[2], PASSWORD).get(f"/pairs/{pair.id}"))
    assert re.search(r"Bob Mentor:\s+accepted from their calendar", page)


def test_the_same_answer_by_every_way_in_is_recorded_once(answered_by_bob, dovecot):
    app, pair, bob, accepted, address = answered_by_bob
    for way_in in (by_imap, by_lmtp):
        way_in(app, dovecot, accepted, address)
    assert "Already received" in mail_in(app, accepted)
    assert InboundMessage.select().count() == 1 and Rsvp.select().where(Rsvp.user == bob).count() == 1
    assert dovecot.flags("INBOX") == [{"\\Seen"}]


def test_the_job_reads_the_inbox_never_sent_mail_and_nothing_twice(answered_by_bob, dovecot):
    app, pair, bob, accepted, address = answered_by_bob
    declined = calendar_answer(bob.email, address, Meeting.get().uid, partstat="DECLINED")
    dovecot.append("Sent", declined)
    dovecot.append("INBOX", accepted)
    scheduler = Scheduler(app)
    assert "read_the_mailbox" in scheduler.advance(timedelta(minutes=1))  # every minute
    assert Rsvp.get(Rsvp.user == bob).answer == Rsvp.ACCEPTED
    assert dovecot.flags("INBOX") == [{"\\Seen"}] and dovecot.flags("Sent") == [set()]

    with app.app_context():
        assert jobs.read_the_mailbox.call_local() == imap.Reading(stored=0, left_unseen=0)
    scheduler.advance(timedelta(minutes=1))
    assert InboundMessage.select().count() == 1


@pytest.mark.parametrize("folder", ["Sent", "Trash", "Outgoing"])  # Outgoing: \Sent by its SPECIAL-USE alone
def test_a_folder_of_the_mailboxs_own_mail_is_never_read(make_app, dovecot, folder):
    dovecot.append(folder, bytes(plain_message("mentoring@example.org")))
    with make_app(INBOUND_IMAP_URL=dovecot.url(folder)).app_context():
        assert jobs.read_the_mailbox.call_local() is None
        with pytest.raises(imap.RefusedFolder):
            imap.read_unseen(dovecot.url(folder), receive=lambda raw: None, timeout=5)
    assert dovecot.flags(folder) == [set()] and not InboundMessage.select().exists()


def test_another_folder_named_in_the_url_is_read(make_app, dovecot):
    dovecot.append("Calendar", bytes(plain_message("mentoring@example.org")))
    with make_app(INBOUND_IMAP_URL=dovecot.url("Calendar")).app_context():
        assert jobs.read_the_mailbox.call_local() == imap.Reading(stored=1, left_unseen=0)
    assert InboundMessage.get().outcome == InboundMessage.KEPT


def test_a_message_the_app_cannot_store_stays_unseen_and_is_read_next_run(answered_by_bob, make_app, dovecot):
    app, pair, bob, accepted, address = answered_by_bob
    dovecot.append("INBOX", accepted)
    unreachable = f"postgresql://mentoring@127.0.0.1:{free_port()}/gone"  # nothing listens there
    with make_app(INBOUND_IMAP_URL=dovecot.url(), DATABASE_URL=unreachable).app_context():
        assert jobs.read_the_mailbox.call_local() == imap.Reading(stored=0, left_unseen=1)
    assert dovecot.flags("INBOX") == [set()]

    Scheduler(make_app(INBOUND_IMAP_URL=dovecot.url())).advance(timedelta(minutes=1))  # the database is back
    assert Rsvp.get(Rsvp.user == bob).answer == Rsvp.ACCEPTED and dovecot.flags("INBOX") == [{"\\Seen"}]


def test_a_mailbox_that_is_down_is_logged_and_tried_next_run(make_app, caplog):
    with make_app(INBOUND_IMAP_URL=f"imap://mentoring:secret@127.0.0.1:{free_port()}/").app_context():
        assert jobs.read_the_mailbox.call_local() is None
    assert "tried again next run" in caplog.text


def test_lmtp_answers_each_recipient_and_451_when_the_message_cannot_be_stored(answered_by_bob, make_app):
    app, pair, bob, accepted, address = answered_by_bob
    unreachable = f"postgresql://mentoring@127.0.0.1:{free_port()}/gone"
    for database_url, answer in ((unreachable, 451), (app.config["DATABASE_URL"], 250)):
        with lmtp_listener(make_app(DATABASE_URL=database_url)) as port, smtplib.LMTP("127.0.0.1", port) as client:
            client.ehlo()
            client.mail("bob@example.org")
            client.rcpt(address)
            client.rcpt("mentoring@example.org")
            assert (client.data(on_the_wire(accepted))[0], client.getreply()[0]) == (answer, answer)
    assert Rsvp.get(Rsvp.user == bob).answer == Rsvp.ACCEPTED and InboundMessage.select().count() == 1


def plain_message(to):
    """A person's plain reply, which the app keeps for the admin."""
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "carol@example.org", to, "Thanks!"
    message["Message-ID"] = "<thanks@example.org>"
    message.set_content("Thank you for the session.")
    return message


def test_flask_mail_in_lmtp_listens_until_sigterm(app, tmp_path):
    port = free_port()
    environment = {**os.environ, "MENTORING_INSTANCE": str(tmp_path),
                   **{name: app.config[name] for name in ("DATABASE_URL", "SECRET_KEY", "MAIL_DEFAULT_SENDER")}}
    listener = subprocess.Popen([sys.executable, "-m", "flask", "--app", "app", "mail-in", "--lmtp",
                                 f"127.0.0.1:{port}"], cwd=ROOT, env=environment, stderr=subprocess.PIPE, text=True)
    try:
        assert any(line.startswith(f"Listening for LMTP on 127.0.0.1:{port}")
                   for line in iter(listener.stderr.readline, ""))
        with smtplib.LMTP("127.0.0.1", port) as client:
            assert client.sendmail("carol@example.org", ["mentoring@example.org"],
                                   on_the_wire(bytes(plain_message("mentoring@example.org")))) == {}
        listener.send_signal(signal.SIGTERM)
        assert listener.wait(timeout=10) == 0 and "Stopped." in listener.stderr.read()
    finally:
        if listener.poll() is None:
            listener.kill()
    assert InboundMessage.get().outcome == InboundMessage.KEPT
