"""Log-in, sign-up and password reset are limited per address and per account."""
from datetime import timedelta

from mentoring.models import OutboxEmail
from conftest import PASSWORD

LIMITED = "Too many attempts. Please wait"


def fail_login(client, email, ip="10.0.0.1"):
    return client.submit("/login", {"email": email, "password": "not the password"}, ip=ip)


def test_ten_wrong_passwords_lock_the_account_for_a_while(client, make_user, clock):
    user = make_user()
    for attempt in range(10):
        response = fail_login(client, user.email, ip=f"10.0.0.{attempt}")
        assert "The email address or password is not right." in response.get_data(as_text=True)

    blocked = client.submit("/login", {"email": user.email, "password": PASSWORD}, ip="10.9.9.9")
    page = blocked.get_data(as_text=True)
    assert blocked.status_code == 422 and LIMITED in page and f'value="{user.email}"' in page

    clock.advance(timedelta(minutes=16))
    assert client.submit("/login", {"email": user.email, "password": PASSWORD}).status_code == 302


def test_one_address_trying_many_accounts_is_stopped(client, make_user):
    for number in range(50):
        fail_login(client, f"guess{number}@example.org", ip="203.0.113.7")
    user = make_user()
    blocked = client.submit("/login", {"email": user.email, "password": PASSWORD}, ip="203.0.113.7")
    assert LIMITED in blocked.get_data(as_text=True)
    assert client.submit("/login", {"email": user.email, "password": PASSWORD}, ip="198.51.100.1").status_code == 302


def test_reset_emails_are_limited_per_account(client, mailbox, make_user):
    user = make_user()
    for attempt in range(3):
        page = client.submit("/password/forgot", {"email": user.email}, ip=f"10.1.0.{attempt}")
        assert "Check your email" in page.get_data(as_text=True)
    fourth = client.submit("/password/forgot", {"email": user.email}, ip="10.1.0.99")
    assert fourth.status_code == 422 and LIMITED in fourth.get_data(as_text=True)
    assert OutboxEmail.select().where(OutboxEmail.kind == "reset_password").count() == 3


def test_sign_ups_are_limited_per_address(app, client):
    for number in range(10):
        app.test_client().submit("/signup", {"name": f"Bot {number}", "email": f"bot{number}@example.org",
                                  "password": PASSWORD, "timezone": "UTC"}, ip="192.0.2.1")
    response = client.submit("/signup", {"name": "Bot", "email": "bot@example.org", "password": PASSWORD,
                                         "timezone": "UTC"}, ip="192.0.2.1")
    assert response.status_code == 422 and LIMITED in response.get_data(as_text=True)
