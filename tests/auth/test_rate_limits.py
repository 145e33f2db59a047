"""Log-in is limited per account and per address and account (per address for unknown accounts); sign-up and password
reset per address and per account."""
import threading
from datetime import timedelta

import pytest

from conftest import PASSWORD
from mentoring.models import OutboxEmail
from support.client import csrf_token

NEW_PASSWORD = "violet anchor drizzle 42"

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


def test_one_address_guessing_accounts_is_stopped_but_people_behind_it_still_log_in(client, make_user):
    colleague = make_user()
    for _ in range(4):
        fail_login(client, colleague.email, ip="203.0.113.7")  # a colleague forgetting their password
    for number in range(50):
        fail_login(client, f"guess{number}@example.org", ip="203.0.113.7")
    guess = fail_login(client, "guess99@example.org", ip="203.0.113.7")
    assert guess.status_code == 422 and LIMITED in guess.get_data(as_text=True)

    user = make_user()  # the school's other people behind the same address are not locked out
    assert client.submit("/login", {"email": user.email, "password": PASSWORD}, ip="203.0.113.7").status_code == 302


def test_five_wrong_passwords_from_one_address_stop_that_address_only(app, client, make_user):
    user = make_user()
    for _ in range(5):
        assert "The email address or password is not right." in fail_login(client, user.email).get_data(as_text=True)
    blocked = client.submit("/login", {"email": user.email, "password": PASSWORD}, ip="10.0.0.1")
    assert blocked.status_code == 422 and LIMITED in blocked.get_data(as_text=True)
    elsewhere = app.test_client().submit("/login", {"email": user.email, "password": PASSWORD}, ip="10.0.0.2")
    assert elsewhere.status_code == 302


def test_a_locked_account_is_opened_by_the_emailed_reset_link(client, mailbox, make_user):
    user = make_user()
    for attempt in range(10):
        fail_login(client, user.email, ip=f"10.0.0.{attempt}")
    assert LIMITED in client.submit("/login", {"email": user.email, "password": PASSWORD}).get_data(as_text=True)

    client.submit("/password/forgot", {"email": user.email})
    link = mailbox.wait_for(user.email)[0].link_containing("/password/reset/")
    client.submit(link, {"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert client.submit("/login", {"email": user.email, "password": NEW_PASSWORD}, ip="10.0.0.3").status_code == 302


@pytest.mark.parametrize("addresses, allowed", [(30, 10), (1, 5)], ids=["from 30 addresses", "from one address"])
def test_parallel_wrong_guesses_never_get_past_the_limit(app, make_user, addresses, allowed):
    user = make_user()
    guessers = [app.test_client() for _ in range(30)]
    tokens = [csrf_token(guesser.get("/login").get_data(as_text=True)) for guesser in guessers]
    start = threading.Barrier(len(guessers))
    outcomes = []

    def guess(number):
        start.wait()
        try:
            response = guessers[number].post(
                "/login", data={"csrf_token": tokens[number], "email": user.email, "password": f"guess {number}"},
                environ_base={"REMOTE_ADDR": f"10.2.0.{number % addresses}"})
            page = response.get_data(as_text=True)
            outcomes.append("counted" if "The email address or password is not right." in page
                            else "refused" if LIMITED in page else f"{response.status_code}")
        except Exception as error:  # a crash (a deadlock, a lock timeout) must fail the test, not vanish
            outcomes.append(repr(error))

    threads = [threading.Thread(target=guess, args=(number,)) for number in range(len(guessers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["counted"] * allowed + ["refused"] * (30 - allowed)
    late = app.test_client().submit("/login", {"email": user.email, "password": PASSWORD}, ip="10.2.0.0")
    assert LIMITED in late.get_data(as_text=True)


@pytest.mark.parametrize("proxies", [1, 0])
def test_behind_a_proxy_the_limit_counts_the_address_it_reports(make_app, make_user, proxies):
    app = make_app(PROXY_COUNT=proxies)
    client = app.test_client()
    user = make_user()
    for attempt in range(5):  # a client's own X-Forwarded-For is ignored: the proxy appends the address it sees
        client.submit("/login", {"email": user.email, "password": "not the password"}, ip="10.0.0.1",
                      headers={"X-Forwarded-For": f"192.0.2.{attempt}, 198.51.100.7"})

    def log_in_through_the_proxy(client_address):
        return client.submit("/login", {"email": user.email, "password": PASSWORD}, ip="10.0.0.1",
                             headers={"X-Forwarded-For": client_address})

    assert LIMITED in log_in_through_the_proxy("198.51.100.7").get_data(as_text=True)
    neighbour = log_in_through_the_proxy("198.51.100.8")
    if proxies:
        assert neighbour.status_code == 302
    else:  # every visitor seems to come from the proxy, 10.0.0.1
        assert LIMITED in neighbour.get_data(as_text=True)


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
