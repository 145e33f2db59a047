"""Pages are never stored by a browser or a proxy (they hold notes, feedback, answers, someone's data), static files
keep their caching, the calendar feed its own; a site served over https asks for https only and sends its cookies
over nothing else."""
import re

import pytest

from conftest import PASSWORD
from support.client import logged_in
from support.world import url

# Pages with private notes, feedback, and a person's data.
PRIVATE = ("meetings.show", "feedback.answer", "auth.export_data", "auth.account", "pairs.show")


def test_every_page_a_member_sees_is_never_stored(app, world):
    shown = set()
    for who in ("admin", "participant"):
        visitor = logged_in(app, world["people"][who], PASSWORD)
        for rule in app.url_map.iter_rules():
            if "GET" not in rule.methods or rule.endpoint in ("static", "meetings.feed"):
                continue
            response = visitor.get(url(app, rule, world["values"]))
            assert response.headers["Cache-Control"] == "no-store", (who, rule.rule, response.status_code)
            if response.status_code == 200:
                shown.add(rule.endpoint)
    assert set(PRIVATE) <= shown and len(shown) >= 50
    assert app.test_client().get("/login").headers["Cache-Control"] == "no-store"


def test_static_files_and_the_calendar_feed_keep_their_own_caching(app, client, make_user, log_in):
    log_in(make_user())
    style = client.get("/static/css/app.css")
    assert style.status_code == 200 and style.headers["Cache-Control"] == "no-cache" and style.headers["ETag"]
    feed = re.search(r'value="(http://[^"]+\.ics)"', client.get("/calendar").get_data(as_text=True)).group(1)
    assert app.test_client().get(feed).headers["Cache-Control"] == "private, max-age=300"


@pytest.mark.parametrize("base_url, secure", [("https://mentoring.example.org", True),
                                              ("http://mentoring.example.org", False)])
def test_a_site_served_over_https_asks_for_https_and_keeps_its_cookies_to_it(make_app, make_user, base_url, secure):
    app = make_app(BASE_URL=base_url)
    response = app.test_client().submit("/login", {"email": make_user().email, "password": PASSWORD,
                                                   "remember": "y"})
    assert response.status_code == 302
    cookies = {cookie.split("=", 1)[0]: cookie for cookie in response.headers.getlist("Set-Cookie")}
    assert {"session", "remember_token"} <= set(cookies)
    assert all(("; Secure" in cookie) == secure for cookie in cookies.values()), cookies
    assert ("Strict-Transport-Security" in response.headers) == secure
    if secure:
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
