"""The outbox: written with the change, delivered by the job queue, retried, never sent twice."""
import threading
from datetime import timedelta

import pytest

from conftest import PASSWORD
from mentoring import queue
from mentoring.db import db
from mentoring.email import delivery
from mentoring.email.outbox import queue_email
from mentoring.models import OutboxEmail, User


def sign_up(client, email):
    return client.submit("/signup", {"name": "Sam Smith", "email": email, "password": PASSWORD,
                                     "timezone": "Europe/Madrid"})


def queue_many(app, user, count):
    """Write `count` emails to `user` in one transaction, as one change would."""
    with app.test_request_context(), db.atomic():
        return [queue_email(user, "password_changed", f"Notice {n}", reset_link="http://x/") for n in range(count)]


def deliver(app):
    with app.app_context():
        return queue.deliver_mail()


def test_mail_written_while_smtp_is_down_is_delivered_once_when_it_is_back(app, client, mailbox, make_user,
                                                                          log_in, clock):
    mailbox.stop()
    assert sign_up(client, "sam@example.org").status_code == 302  # signing up does not wait for mail

    admin_client = app.test_client()
    admin_client.submit("/login", {"email": make_user(admin=True).email, "password": PASSWORD})
    listing = admin_client.text("/admin/outbox/?state=pending")
    assert "Confirm your email address for Mentoring" in listing and "sam@example.org" in listing
    assert "ConnectionRefusedError" in listing
    [email] = OutboxEmail.select()
    assert (email.state, email.attempts) == ("pending", 1)

    mailbox.start()
    deliver(app)
    assert mailbox.to("sam@example.org") == []  # waiting out its back-off
    clock.advance(timedelta(minutes=2))
    deliver(app)
    deliver(app)
    [received] = mailbox.wait_for("sam@example.org")
    assert received["Message-ID"] == email.message_id
    email = OutboxEmail.get_by_id(email.id)
    assert (email.state, email.attempts, email.last_error) == ("sent", 2, "")
    assert "Sent (1)" in admin_client.text("/admin/outbox/")


def test_without_smtp_settings_mail_waits_in_the_outbox_for_the_admin_to_read(make_app, mailbox, make_user):
    app = make_app(MAIL_SERVER="")
    client, admin_client = app.test_client(), app.test_client()
    sign_up(client, "kim@example.org")
    admin_client.submit("/login", {"email": make_user(admin=True).email, "password": PASSWORD})

    listing = admin_client.text("/admin/outbox/")
    assert "No SMTP server is configured" in listing
    [email] = OutboxEmail.select()
    page = admin_client.text(f"/admin/outbox/{email.id}")
    assert "Please confirm that this is your email address" in page and "/verify/" in page
    html = admin_client.get(f"/admin/outbox/{email.id}/html")
    assert "Confirm my email address" in html.get_data(as_text=True)
    assert "sandbox" in html.headers["Content-Security-Policy"]

    response = admin_client.submit(f"/admin/outbox/{email.id}/retry", page=f"/admin/outbox/{email.id}")
    assert "it stays here" in admin_client.get(response.headers["Location"]).get_data(as_text=True)
    assert OutboxEmail.get_by_id(email.id).state == "pending"
    assert mailbox.messages == []


def test_every_email_has_text_and_html_parts_and_a_stable_message_id(client, mailbox):
    sign_up(client, "ray@example.org")
    [received] = mailbox.wait_for("ray@example.org")
    assert received.message.get_content_type() == "multipart/alternative"
    assert "/verify/" in received.text and "/verify/" in received.html
    assert received["To"] == "Sam Smith <ray@example.org>"
    assert received["From"] == "Mentoring <mentoring@example.org>"
    assert received["Message-ID"] == OutboxEmail.get().message_id


def test_a_batch_goes_over_one_smtp_connection(app, mailbox, make_user):
    user = make_user()
    queue_many(app, user, 5)
    received = mailbox.wait_for(user.email, 5)
    assert len({message.peer for message in received}) == 1
    assert [m["Subject"] for m in received] == [f"Notice {n}" for n in range(5)]


def test_a_refused_recipient_fails_at_once_and_the_admin_can_retry(app, client, mailbox, make_user, log_in):
    mailbox.refused.add("gone@example.org")
    sign_up(app.test_client(), "gone@example.org")
    email = OutboxEmail.get()
    assert (email.state, email.attempts) == ("failed", 1)
    assert "550 5.1.1 No such user here" in email.last_error

    log_in(make_user(admin=True))
    assert "No such user here" in client.text(f"/admin/outbox/{email.id}")
    mailbox.refused.clear()
    response = client.submit(f"/admin/outbox/{email.id}/retry", {"back": "/admin/outbox/?state=failed"},
                             page=f"/admin/outbox/{email.id}")
    assert response.headers["Location"] == "/admin/outbox/?state=failed"
    assert "sent." in client.text("/admin/outbox/")
    assert len(mailbox.wait_for("gone@example.org")) == 1
    assert OutboxEmail.get_by_id(email.id).state == "sent"


def test_retries_back_off_and_give_up_after_the_last_attempt(app, mailbox, make_user, clock):
    mailbox.stop()
    user = make_user()
    [email] = queue_many(app, user, 1)  # the first attempt happens as soon as it is written
    waits = []
    while (email := OutboxEmail.get_by_id(email.id)).state == "pending":
        waits.append(round((email.next_attempt_at - clock.now()).total_seconds() / 60))
        deliver(app)  # not due yet: nothing happens
        clock.advance(email.next_attempt_at - clock.now() + timedelta(seconds=1))
        deliver(app)
    assert waits == [1, 5, 15, 60, 180, 360, 720]
    assert (email.state, email.attempts) == ("failed", delivery.MAX_ATTEMPTS)


def test_two_workers_at_once_send_each_email_exactly_once(app, mailbox, make_user):
    mailbox.stop()
    user = make_user()
    queue_many(app, user, 30)
    OutboxEmail.update(next_attempt_at=OutboxEmail.created_at).execute()
    mailbox.start()
    barrier = threading.Barrier(3)

    def worker():
        with app.app_context():
            barrier.wait()
            for _ in range(3):
                delivery.deliver_due(batch_size=4)

    threads = [threading.Thread(target=worker) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    received = mailbox.wait_for(user.email, 30)
    subjects = sorted(message["Subject"] for message in received)
    assert subjects == sorted(f"Notice {n}" for n in range(30))
    assert OutboxEmail.select().where(OutboxEmail.state == "sent").count() == 30


def test_a_worker_that_stopped_mid_batch_hands_its_emails_back(app, mailbox, make_user, clock):
    mailbox.stop()
    [email] = queue_many(app, make_user(), 1)
    OutboxEmail.update(state="sending", claimed_at=clock.now(), attempts=0).execute()
    clock.advance(timedelta(minutes=16))
    mailbox.start()
    with app.app_context():
        queue.release_stale_claims()
    assert OutboxEmail.get_by_id(email.id).state == "pending"
    deliver(app)
    assert len(mailbox.wait_for(email.to_address)) == 1


def test_an_email_that_stops_every_worker_taking_it_fails_in_the_end(app, mailbox, make_user, clock):
    mailbox.stop()
    [email] = queue_many(app, make_user(), 1)
    for _ in range(delivery.MAX_ATTEMPTS):  # each time, a worker claims it and dies mid-send
        OutboxEmail.update(state="sending", claimed_at=clock.now()).where(OutboxEmail.id == email.id).execute()
        clock.advance(timedelta(minutes=16))
        with app.app_context():
            queue.release_stale_claims()
        email = OutboxEmail.get_by_id(email.id)
        if email.state == "failed":
            break
    assert (email.state, email.attempts) == ("failed", delivery.MAX_ATTEMPTS)
    assert "interrupted every time" in email.last_error


@pytest.mark.parametrize("path", ["/admin/outbox/", "/admin/outbox/1", "/admin/outbox/1/html"])
def test_only_site_admins_see_the_outbox(app, client, mailbox, make_user, log_in, path):
    sign_up(app.test_client(), "someone@example.org")
    assert app.test_client().get(path).status_code == 302  # visitors are asked to log in
    log_in(make_user())
    response = client.get(path)
    assert response.status_code == 404 and "someone@example.org" not in response.get_data(as_text=True)
    assert client.submit("/admin/outbox/1/retry", page="/").status_code == 404


def test_retrying_an_email_that_does_not_exist_is_404(client, make_user, log_in):
    log_in(make_user(admin=True))
    assert client.submit("/admin/outbox/999/retry", page="/admin/outbox/").status_code == 404
    assert client.get("/admin/outbox/999").status_code == 404


def test_opting_out_of_a_notification_writes_no_email(app, mailbox, make_user):
    user = make_user()
    User.update(email_preferences={"reminders": False}).where(User.id == user.id).execute()
    user = User.get_by_id(user.id)
    with app.test_request_context():
        assert queue_email(user, "password_changed", "Reminder", preference="reminders", reset_link="x") is None
        assert queue_email(user, "password_changed", "Request", preference="requests", reset_link="x") is not None
    assert [e.subject for e in OutboxEmail.select()] == ["Request"]
