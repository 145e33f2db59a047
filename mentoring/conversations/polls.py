"""A conversation poll that finds nothing new, answered before Flask builds a request: the page polls every two seconds
while it is open, so most polls are this one. Only the cheapest answer is given here (304, after checking the
browser's log-in and the poll's signed token in one query, as `service.nothing_new` does); any other poll, and any
doubt, goes to the app and its whole checked way."""
import re
from http.cookies import CookieError, SimpleCookie
from urllib.parse import parse_qs

from mentoring import db
from mentoring.conversations.service import nothing_new

POLL = re.compile(r"/pairs/([1-9][0-9]{0,17})/conversation/new")
NOT_MODIFIED = [("Cache-Control", "no-store"), ("Vary", "Cookie, HX-Request"), ("X-Content-Type-Options", "nosniff")]


def answering_quiet_polls(app):
    """`app`'s WSGI callable, with polls that find nothing new answered 304 at once."""
    inner = app.wsgi_app
    cookie_name = app.config["SESSION_COOKIE_NAME"]

    def answer(environ, start_response):
        poll = POLL.fullmatch(environ.get("PATH_INFO", ""))
        if poll is None or environ.get("REQUEST_METHOD") != "GET":
            return inner(environ, start_response)
        with app.app_context():
            quiet = _quiet(app, environ, int(poll.group(1)), cookie_name)
            db.close_request_connection()
        if not quiet:
            return inner(environ, start_response)
        start_response("304 NOT MODIFIED", NOT_MODIFIED)
        return []

    return answer


def _quiet(app, environ, pair_id, cookie_name):
    """Whether the poll in `environ` finds nothing new for the log-in its session cookie names."""
    query = parse_qs(environ.get("QUERY_STRING", ""))
    version, token = query.get("v", [""])[-1], query.get("t", [""])[-1]
    if not version.isdigit() or len(version) > 18 or not token:
        return False
    try:
        cookie = SimpleCookie(environ.get("HTTP_COOKIE", "")).get(cookie_name)
    except CookieError:
        return False
    session = app.session_interface.contents(app, cookie and cookie.value)
    return nothing_new(pair_id, session.get("_user_id"), token, int(version))
