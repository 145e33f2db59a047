"""Account journeys through the pages, with the emails read from the real SMTP server."""
import json
from datetime import timedelta
from html import unescape

import pytest

from conftest import PASSWORD
from mentoring.models import AuditLog, OutboxEmail, User

NEW_PASSWORD = "violet anchor drizzle 42"


def sign_up(client, email="ada@example.org", name="Ada Lovelace", password=PASSWORD, timezone="Europe/London"):
    return client.submit("/signup", {"name": name, "email": email, "password": password, "timezone": timezone})


def test_sign_up_sends_a_link_that_verifies_the_address_once(client, mailbox):
    response = sign_up(client)
    assert response.status_code == 302
    dashboard = client.text("/")
    assert "Confirm your email address" in dashboard
    assert "Hello, Ada Lovelace" in dashboard

    [email] = mailbox.wait_for("ada@example.org")
    assert email["Subject"] == "Confirm your email address for Mentoring"
    assert email.html and "Confirm my email address" in email.html
    link = email.link_containing("/verify/")

    page = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "ada@example.org is confirmed" in page
    assert "Confirm your email address" not in page
    assert User.by_email("ada@example.org").is_verified

    again = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "already confirmed" in again


def test_resending_the_link_replaces_the_first(client, mailbox):
    sign_up(client)
    first = mailbox.wait_for("ada@example.org")[0].link_containing("/verify/")
    response = client.submit("/verify/resend", page="/")
    assert "We sent a new link" in client.text("/")
    assert response.status_code == 302
    second = mailbox.wait_for("ada@example.org", 2)[1].link_containing("/verify/")

    assert "newer link replaced it" in client.get(first, follow_redirects=True).get_data(as_text=True)
    assert "is confirmed" in client.get(second, follow_redirects=True).get_data(as_text=True)


def test_a_verification_link_expires_after_a_week(client, mailbox, clock):
    sign_up(client)
    link = mailbox.wait_for("ada@example.org")[0].link_containing("/verify/")
    clock.advance(timedelta(days=7, minutes=1))
    page = client.get(link, follow_redirects=True).get_data(as_text=True)
    assert "This link has expired. Please ask for a new one." in page
    assert "Send the link again" in page
    assert not User.by_email("ada@example.org").is_verified


def test_log_in_and_out_with_a_remembered_session(client, make_user, log_in):
    user = make_user(name="Grace Hopper", email="grace@example.org")
    response = log_in(user, remember=True)
    cookies = response.headers.getlist("Set-Cookie")
    remember = next(c for c in cookies if c.startswith("remember_token="))
    session = next(c for c in cookies if c.startswith("session="))
    for cookie in (remember, session):
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
        assert "Secure" not in cookie  # served over plain http here
    assert "Hello, Grace Hopper" in client.text("/")

    client.submit("/logout", page="/")
    home = client.text("/")
    assert "Create an account" in home and "Grace Hopper" not in home


def test_login_returns_to_the_page_asked_for_but_never_off_site(client, make_user):
    user = make_user()
    response = client.get("/account")
    assert response.status_code == 302 and "/login?next=%2Faccount" in response.headers["Location"]
    response = client.submit("/login?next=/account", {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/account"

    client.submit("/logout", page="/")
    response = client.submit("/login?next=//evil.example/", {"email": user.email, "password": PASSWORD})
    assert response.headers["Location"] == "/"


def test_forgotten_password_link_works_once_and_ends_other_sessions(app, client, mailbox, make_user, log_in):
    user = make_user(email="lin@example.org")
    other_device = app.test_client()
    other_device.submit("/login", {"email": user.email, "password": PASSWORD})
    assert "Hello," in other_device.text("/")

    page = client.submit("/password/forgot", {"email": "LIN@example.org"}).get_data(as_text=True)
    assert "Check your email" in page
    [email] = mailbox.wait_for("lin@example.org")
    link = email.link_containing("/password/reset/")

    response = client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "Log in with your new password" in client.text("/login")
    assert "Create an account" in other_device.text("/")  # logged out everywhere

    reused = client.get(link)
    assert reused.status_code == 404 and "already been used" in reused.get_data(as_text=True)
    changed = mailbox.wait_for("lin@example.org", 2)[1]
    assert changed["Subject"] == "Your Mentoring password was changed"

    log_in(user, password=NEW_PASSWORD)
    client.submit("/logout", page="/")
    old = client.submit("/login", {"email": user.email, "password": PASSWORD})
    assert old.status_code == 422 and "The email address or password is not right." in old.get_data(as_text=True)


def test_reset_link_expires_after_an_hour(client, mailbox, make_user, clock):
    user = make_user()
    client.submit("/password/forgot", {"email": user.email})
    link = mailbox.wait_for(user.email)[0].link_containing("/password/reset/")
    clock.advance(timedelta(minutes=61))
    response = client.get(link)
    assert response.status_code == 410
    assert "This link has expired" in response.get_data(as_text=True)


def test_forgot_password_says_the_same_for_unknown_addresses(client, mailbox):
    page = client.submit("/password/forgot", {"email": "nobody@example.org"}).get_data(as_text=True)
    assert "If an account exists for" in page
    assert OutboxEmail.select().count() == 0


def test_account_settings_save_name_zone_and_preferences(client, make_user, log_in):
    user = make_user(name="Old Name")
    log_in(user)
    response = client.submit("/account/profile", {"name": "New Name", "timezone": "asia/kolkata"}, page="/account")
    assert response.status_code == 302
    page = client.text("/account")
    assert "Your profile is saved." in page and 'value="New Name"' in page and 'value="Asia/Kolkata"' in page

    client.submit("/account/preferences", {"requests": "y", "sessions": "y"}, page="/account")
    user = User.get_by_id(user.id)
    assert user.wants_email("requests") and user.wants_email("sessions")
    assert not user.wants_email("reminders") and not user.wants_email("program")


def test_settings_fragments_swap_in_place_for_htmx(client, make_user, log_in):
    log_in(make_user())
    htmx = {"HX-Request": "true", "HX-Target": "profile-form"}
    response = client.submit("/account/profile", {"name": "Someone", "timezone": "Europe/Paris"},
                             page="/account", headers=htmx)
    body = response.get_data(as_text=True)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert body.lstrip().startswith('<form id="profile-form"') and "<html" not in body
    assert "Your profile is saved." in body

    response = client.submit("/account/profile", {"name": "", "timezone": "Mars/Olympus"},
                             page="/account", headers=htmx)
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and body.lstrip().startswith('<form id="profile-form"')
    assert "Enter your name." in body and "“Mars/Olympus” is not a time zone we know." in body
    assert 'value="Mars/Olympus"' in body


def test_changing_the_password_keeps_this_session_and_ends_the_others(app, client, mailbox, make_user, log_in):
    user = make_user()
    other_device = app.test_client()
    other_device.submit("/login", {"email": user.email, "password": PASSWORD})
    log_in(user)

    wrong = client.submit("/account/password", {"current_password": "not it at all", "password": NEW_PASSWORD,
                                                "confirm": NEW_PASSWORD}, page="/account")
    assert wrong.status_code == 422 and "Your current password is not right." in wrong.get_data(as_text=True)

    client.submit("/account/password", {"current_password": PASSWORD, "password": NEW_PASSWORD,
                                        "confirm": NEW_PASSWORD}, page="/account")
    assert "Other devices are logged out." in client.text("/account")
    assert "Create an account" in other_device.text("/")
    assert mailbox.wait_for(user.email)[0]["Subject"] == "Your Mentoring password was changed"


def test_download_my_data_holds_my_account_and_my_emails(client, mailbox, make_user, log_in):
    sign_up(client, email="mo@example.org", name="Mo")
    response = client.get("/account/export")
    assert response.headers["Content-Disposition"].startswith('attachment; filename="mentoring-data-')
    data = json.loads(response.get_data(as_text=True))
    assert data["account"]["email"] == "mo@example.org" and data["account"]["name"] == "Mo"
    assert data["account"]["time_zone"] == "Europe/London"
    assert data["account"]["email_preferences"]["reminders"] is True
    assert [e["subject"] for e in data["emails"]] == ["Confirm your email address for Mentoring"]
    assert "password" not in json.dumps(data).replace("password was", "")


def test_delete_my_account_removes_it_and_what_others_could_read(client, mailbox, make_user, log_in):
    sign_up(client, email="del@example.org")
    mailbox.wait_for("del@example.org")
    unticked = client.submit("/account/delete", {"password": PASSWORD})
    assert unticked.status_code == 422 and "Tick the box to confirm." in unticked.get_data(as_text=True)
    assert User.by_email("del@example.org") is not None

    response = client.submit("/account/delete", {"password": PASSWORD, "understood": "y"})
    assert response.status_code == 302
    assert "Your account and your data are deleted." in client.text("/")
    assert User.by_email("del@example.org") is None
    assert OutboxEmail.select().where(OutboxEmail.to_address == "del@example.org").count() == 0
    assert client.submit("/login", {"email": "del@example.org", "password": PASSWORD}).status_code == 422


def test_the_only_admin_cannot_delete_their_account(client, make_user, log_in):
    admin = make_user(admin=True)
    log_in(admin)
    response = client.submit("/account/delete", {"password": PASSWORD, "understood": "y"})
    assert response.status_code == 422
    assert "You are the only site admin" in response.get_data(as_text=True)
    assert User.get_or_none(User.id == admin.id) is not None

    make_user(admin=True)
    AuditLog.create(actor=admin, action="email.retry", target="email 1")
    client.submit("/account/delete", {"password": PASSWORD, "understood": "y"})
    assert User.get_or_none(User.id == admin.id) is None
    assert [entry.actor for entry in AuditLog.select()] == [None]


def test_a_new_email_address_is_confirmed_again_and_the_old_one_no_longer_logs_in(client, make_user, log_in, mailbox):
    user = make_user(email="ann@old.example")
    log_in(user)
    response = client.submit("/account/email", {"email": "Ann@New.example", "current_password": PASSWORD},
                             page="/account")
    assert response.status_code == 302
    assert "Your email address is ann@new.example. Follow the link we emailed there to confirm it." in client.text(
        "/account")
    changed = User.get_by_id(user.id)
    assert (changed.email, changed.is_verified) == ("ann@new.example", False)
    client.get(mailbox.find("ann@new.example", "Confirm your email address for Mentoring").link_containing("/verify/"))
    assert User.get_by_id(user.id).is_verified
    told = mailbox.find("ann@old.example", "Your Mentoring email address was changed")
    assert "changed to ann@new.example" in told.text and "If this was not you, reply to this email" in told.text
    assert told["Reply-To"] == "mentoring@example.org"


@pytest.mark.parametrize("email, password, error", [
    ("ann@new.example", "wrong password", "Your password is not right."),
    ("bea@example.org", PASSWORD, "Another account has this email address."),
    ("not an address", PASSWORD, "Enter an email address like name@example.org."),
])
def test_an_email_address_is_changed_only_with_the_password_and_to_a_free_address(client, make_user, log_in, email,
                                                                                   password, error):
    make_user(email="bea@example.org")
    user = make_user(email="ann@example.org")
    log_in(user)
    response = client.submit("/account/email", {"email": email, "current_password": password}, page="/account",
                             headers={"HX-Request": "true", "HX-Target": "email-form"})
    body = response.get_data(as_text=True)
    assert response.status_code == 422 and body.lstrip().startswith('<form id="email-form"')
    assert error in unescape(body)
    assert User.get_by_id(user.id).email == "ann@example.org"


def test_the_same_address_again_stays_confirmed_and_is_no_longer_taken_to_bounce(client, make_user, log_in, clock):
    user = make_user(email="ann@example.org")
    User.update(email_bouncing_since=clock.now()).where(User.id == user.id).execute()
    log_in(user)
    client.submit("/account/email", {"email": "ann@example.org", "current_password": PASSWORD}, page="/account")
    checked = User.get_by_id(user.id)
    assert checked.is_verified and checked.email_bouncing_since is None and OutboxEmail.select().count() == 0
