"""Bad input gets a clear message on the form, keeps what was typed (never the password), never a 500."""
import html

import pytest

from conftest import PASSWORD
from mentoring.models import User
from support.client import csrf_token

GOOD = {"name": "Ada Lovelace", "email": "ada@example.org", "password": PASSWORD, "timezone": "Europe/London"}
LONG_NAME = "N" * 10_000


@pytest.mark.parametrize("changes, message", [
    ({"email": "TAKEN@Example.ORG"}, "An account with this email address already exists."),
    ({"password": "password123"}, "This password is too easy to guess."),
    ({"password": "short"}, "Use at least 10 characters."),
    ({"password": "ada lovelace rocks"}, "Don't use your name or email address in your password."),
    ({"timezone": "Mars/Olympus"}, "“Mars/Olympus” is not a time zone we know. Type a large city in your time zone"),
    ({"name": LONG_NAME}, "Keep your name under 120 characters."),
    ({"name": "   "}, "Enter your name."),
    ({"email": "not-an-address"}, "Enter an email address like name@example.org."),
    ({"csrf_token": ""}, "This form had expired, so nothing was saved."),
    ({"csrf_token": "forged.token.value"}, "This form had expired, so nothing was saved."),
], ids=["duplicate-email-other-case", "common-password", "short-password", "personal-password",
        "unknown-time-zone", "10000-character-name", "blank-name", "malformed-email", "missing-csrf",
        "wrong-csrf"])
def test_sign_up_rejects_with_a_message_and_keeps_what_was_typed(client, make_user, changes, message):
    make_user(email="taken@example.org")
    data = {**GOOD, **changes}
    response = client.post("/signup", data=data) if "csrf_token" in changes else client.submit("/signup", data)
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    assert message in page
    assert 'class="error-summary" role="alert"' in page
    for field in ("name", "email", "timezone"):
        assert f'value="{data[field].strip().lower() if field == "email" else data[field].strip()}"' in page
    assert data["password"] not in page
    assert User.select().count() == 1


def test_errors_are_tied_to_their_fields(client):
    response = client.submit("/signup", {**GOOD, "timezone": "Nowhere/Else"})
    page = response.get_data(as_text=True)
    assert 'id="timezone-error"' in page
    assert 'aria-describedby="timezone-help timezone-error"' in page and 'aria-invalid="true"' in page
    assert '<a href="#timezone">Time zone: “Nowhere/Else” is not a time zone we know.' in page


def test_time_zone_is_stored_in_its_proper_spelling(client):
    client.submit("/signup", {**GOOD, "timezone": "  america/new_york "})
    assert User.by_email(GOOD["email"]).timezone == "America/New_York"


def test_nul_characters_never_reach_the_database(client):
    response = client.submit("/signup", {**GOOD, "name": "Ada\x00 Lovelace"})
    assert response.status_code == 302
    assert User.by_email(GOOD["email"]).name == "Ada Lovelace"


@pytest.mark.parametrize("path", ["/verify/{}", "/password/reset/{}"])
@pytest.mark.parametrize("token", ["tampered-token", "x" * 500, "%00%ff", "..%2F..%2Fetc"])
def test_tampered_links_get_a_clear_message(client, make_user, log_in, path, token):
    log_in(make_user(verified=False))
    response = client.get(path.format(token), follow_redirects=True)
    assert response.status_code in (200, 404)
    assert "This link is not valid" in response.get_data(as_text=True)


def test_bytes_that_are_not_utf8_get_an_answer_not_a_500(client):
    token = csrf_token(client.text("/signup"))
    body = f"csrf_token={token}&name=%FF%FE%00&email=%C0%AF@x.org&password=%80&timezone=%E0%80".encode()
    response = client.post("/signup", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 422
