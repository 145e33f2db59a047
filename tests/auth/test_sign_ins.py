"""Each browser's log-in is a sign-in kept on the server: logging out ends it, whatever copies of its cookies exist."""
from datetime import timedelta
from urllib.parse import urlsplit

from conftest import PASSWORD
from mentoring.site import local_time
from support.client import csrf_token, seen, tampered

FIREFOX = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0"
IPHONE = ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.5 Mobile/15E148 Safari/604.1")


def log_in_as(visitor, user, remember=True, user_agent=FIREFOX):
    data = {"email": user.email, "password": PASSWORD, **({"remember": "y"} if remember else {})}
    response = visitor.submit("/login", data, headers={"User-Agent": user_agent})
    assert response.status_code == 302, response.get_data(as_text=True)
    return visitor


def opens_account(app, cookies):
    """Whether a fresh browser holding only `cookies` (name -> value) sees the account page."""
    host = urlsplit(app.config["BASE_URL"]).hostname
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value, domain=host)
    response = thief.get("/account")
    if response.status_code == 302:
        assert response.headers["Location"].startswith("/login")
        return False
    assert response.status_code == 200
    return True


def test_cookies_copied_before_log_out_open_nothing_after(app, client, make_user):
    user = make_user()
    log_in_as(client, user)
    host = urlsplit(app.config["BASE_URL"]).hostname
    copies = [{name: client.get_cookie(name, domain=host).value} for name in ("session", "remember_token")]
    assert [opens_account(app, copy) for copy in copies] == [True, True]

    client.submit("/logout", page="/")
    assert [opens_account(app, copy) for copy in copies] == [False, False]
    assert "Create an account" in client.text("/")


def test_log_out_everywhere_says_what_it_does_then_ends_every_device(app, client, make_user):
    user = make_user()
    phone = log_in_as(app.test_client(), user, user_agent=IPHONE)
    log_in_as(client, user, remember=False)

    assert "Log out everywhere" in client.text("/account")
    confirm = seen(client.get("/account/log-out-everywhere"))
    assert "This logs you out on every device where you are logged in, this one included" in confirm
    assert "Your password stays as it is" in confirm

    response = client.submit("/account/log-out-everywhere")
    assert response.status_code == 302 and response.headers["Location"] == "/login"
    assert "You are logged out on 2 devices." in client.text("/login")
    assert phone.get("/account").status_code == 302
    assert client.get("/account").status_code == 302
    log_in_as(client, user)  # and logging in again works
    assert client.get("/account").status_code == 200


def test_the_account_page_lists_where_you_are_logged_in(app, client, make_user, clock):
    user = make_user(timezone="America/New_York")
    phone = log_in_as(app.test_client(), user, user_agent=IPHONE)
    phone_logged_in = clock.now()
    clock.advance(timedelta(hours=1))
    log_in_as(client, user)

    page = seen(client.get("/account"))
    assert "Firefox on Windows (this device)" in page
    assert f"Safari on iPhone logged in {local_time(phone_logged_in, zone=user.timezone)}" in page

    assert f"last active {local_time(phone_logged_in, zone=user.timezone)}" in page

    phone.get("/")
    phone_seen = clock.now()
    clock.advance(timedelta(minutes=3))
    phone.get("/")  # seen again within five minutes: not noted (no write on every request)
    assert f"last active {local_time(phone_seen, zone=user.timezone)}" in seen(client.get("/account"))
    clock.advance(timedelta(minutes=3))
    phone.get("/")
    assert f"last active {local_time(clock.now(), zone=user.timezone)}" in seen(client.get("/account"))

    phone.submit("/logout", page="/")
    assert "Safari on iPhone" not in seen(client.get("/account"))


def test_a_log_in_unused_for_30_days_has_ended_and_is_forgotten(app, client, make_user, scheduler):
    user = make_user()
    log_in_as(client, user, user_agent=IPHONE)
    scheduler.advance(timedelta(days=29))
    assert client.get("/account").status_code == 200
    scheduler.advance(timedelta(days=30, minutes=1))
    assert client.get("/account").status_code == 302
    laptop = log_in_as(app.test_client(), user)
    assert "Safari on iPhone" not in seen(laptop.get("/account"))


def test_a_csrf_token_from_before_log_in_is_refused_after(client, make_user):
    user = make_user(name="Before Name")
    before = csrf_token(client.get("/login").get_data(as_text=True))
    log_in_as(client, user)
    assert csrf_token(client.get("/account").get_data(as_text=True)) != before

    stale = client.post("/account/profile", data={"csrf_token": before, "name": "Planted Name", "timezone": "UTC"})
    assert stale.status_code == 422 and "This form had expired" in stale.get_data(as_text=True)
    assert "Before Name" in client.text("/account") and "Planted Name" not in client.text("/account")


def test_changing_the_password_ends_the_remembered_log_ins_of_other_devices(app, client, make_user):
    user = make_user()
    phone = log_in_as(app.test_client(), user, user_agent=IPHONE)
    host = urlsplit(app.config["BASE_URL"]).hostname
    remembered = {"remember_token": phone.get_cookie("remember_token", domain=host).value}
    log_in_as(client, user)
    client.submit("/account/password", {"current_password": PASSWORD, "password": "violet anchor drizzle 42",
                                        "confirm": "violet anchor drizzle 42"}, page="/account")
    assert not opens_account(app, remembered)
    assert phone.get("/account").status_code == 302
    assert client.get("/account").status_code == 200
    assert "Safari on iPhone" not in seen(client.get("/account"))


def test_download_my_data_lists_my_devices(client, make_user):
    user = make_user()
    log_in_as(client, user)
    devices = client.get("/account/export").get_json()["logged_in_on"]
    assert [device["device"] for device in devices] == ["Firefox on Windows"]


def test_a_session_cookie_opens_the_account_only_while_genuine_and_within_its_lifetime(make_app, make_user, clock):
    app = make_app(PERMANENT_SESSION_LIFETIME=timedelta(hours=1))  # shorter than a sign-in lasts: the cookie decides
    user = make_user()
    browser = log_in_as(app.test_client(), user, remember=False)
    session = browser.get_cookie("session", domain=urlsplit(app.config["BASE_URL"]).hostname).value
    altered = tampered(session)

    assert [opens_account(app, {"session": cookie}) for cookie in (session, session, altered)] == [True, True, False]
    clock.advance(timedelta(hours=1))
    assert opens_account(app, {"session": session})
    clock.advance(timedelta(seconds=1))
    assert not opens_account(app, {"session": session})
    clock.advance(-timedelta(hours=2))  # signed "later" than this clock says it is, as another machine's clock may
    assert opens_account(app, {"session": session})


def test_what_a_session_holds_is_handed_to_each_request_as_its_own(app, client, make_user):
    log_in_as(client, make_user(), remember=False)
    host = urlsplit(app.config["BASE_URL"]).hostname
    with client.session_transaction(base_url=f"http://{host}") as session:
        session["_flashes"] = [("info", "Welcome back.")]
    cookie = client.get_cookie("session", domain=host).value
    with app.app_context():
        app.session_interface.contents(app, cookie)["_flashes"].append(("info", "Changed by one request."))
        assert app.session_interface.contents(app, cookie)["_flashes"] == [("info", "Welcome back.")]
    assert "Welcome back." in client.text("/account")
    assert "Welcome back." not in client.text("/account")


def test_a_form_token_opens_only_its_own_sessions_forms(app, make_user):
    first, second = (log_in_as(app.test_client(), make_user(name=name)) for name in ("First Name", "Second Name"))
    first_token, second_token = (csrf_token(browser.get("/account").get_data(as_text=True))
                                 for browser in (first, second))
    assert first_token != second_token  # signed in the same second, each for its own session

    crossed = second.post("/account/profile", data={"csrf_token": first_token, "name": "Crossed", "timezone": "UTC"})
    assert crossed.status_code == 422 and "This form had expired" in crossed.get_data(as_text=True)
    own = second.post("/account/profile", data={"csrf_token": second_token, "name": "Own Name", "timezone": "UTC"})
    assert own.status_code == 302 and "Own Name" in second.text("/account") and "Crossed" not in second.text("/account")
