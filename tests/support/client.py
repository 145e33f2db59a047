"""A test client that fills forms the way a browser does: with the page's CSRF token."""
import re
from html import unescape

from flask.testing import FlaskClient

CSRF_INPUT = re.compile(r'<input[^>]*name="csrf_token"[^>]*value="([^"]+)"|"X-CSRFToken": "([^"]+)"')


def csrf_token(html):
    """The page's CSRF token: from a form, or from the header htmx sends (every page has it)."""
    match = CSRF_INPUT.search(html)
    assert match, "the page has no CSRF token"
    return unescape(match.group(1) or match.group(2))


class FormClient(FlaskClient):
    """Requests go to the app's BASE_URL host, so links copied from emails carry the same cookies."""

    def open(self, *args, **kwargs):
        if args and isinstance(args[0], str) and "://" not in args[0]:
            kwargs.setdefault("base_url", self.application.config["BASE_URL"])
        return super().open(*args, **kwargs)

    def submit(self, url, data=None, page=None, headers=None, ip="127.0.0.1"):
        """Open `page` (by default `url`), then post `data` to `url` with that page's CSRF token."""
        token = csrf_token(self.get(page or url).get_data(as_text=True))
        return self.post(url, data={"csrf_token": token, **(data or {})}, headers=headers,
                         environ_base={"REMOTE_ADDR": ip})

    def text(self, url):
        """The page at `url` as text (asserting it answered 200)."""
        response = self.get(url)
        assert response.status_code == 200, (url, response.status_code)
        return response.get_data(as_text=True)


def text(response):
    """A response's body as a person reads it (HTML entities resolved)."""
    return unescape(response.get_data(as_text=True))


def logged_in(app, user, password):
    """A client of its own, logged in as `user` through the log-in form."""
    visitor = app.test_client()
    response = visitor.submit("/login", {"email": user.email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    visitor.get(response.headers["Location"])  # as a browser lands there: the session gets its new CSRF token
    return visitor


BLOCK_TAG = re.compile(r"</?(?:p|div|li|ul|ol|dl|dt|dd|tr|td|th|table|caption|h[1-6]|br|section|header|footer|nav|"
                       r"main|form|fieldset|legend|label|option|select|button|blockquote|title)\b[^>]*>", re.I)


def seen(response):
    """A page's words as a person reads them: tags dropped (a block one leaves a space), entities resolved and
    spaces collapsed, so "<a>Ann</a>.And" reads "Ann.And" as on the screen."""
    html = response if isinstance(response, str) else response.get_data(as_text=True)
    html = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", html, flags=re.S | re.I)
    words = re.sub(r"<[^>]*>", "", BLOCK_TAG.sub(" ", html))
    return " ".join(unescape(words).split())


def tampered(signed):
    """`signed` (itsdangerous's "payload.signature") with one character of its signature changed: one from the middle,
    every bit of which counts (the last character carries padding bits a decoder ignores, so changing it may not)."""
    head, _, signature = signed.rpartition(".")
    middle = len(signature) // 2
    changed = "A" if signature[middle] != "A" else "B"
    return f"{head}.{signature[:middle]}{changed}{signature[middle + 1:]}"
