"""Sessions in signed cookies, as Flask keeps them, each cookie checked once: a browser sends the same cookie with
every request until its session changes, so each worker keeps what the cookies it checked hold (signature verified,
payload decoded) and checks only their age again. A cookie's contents are a pure function of its text and the
secret keys, so nothing kept can go stale; the clock is the app's, so a frozen clock ages sessions too."""
import copy
from functools import lru_cache

from flask.sessions import SecureCookieSessionInterface
from itsdangerous import BadSignature, TimestampSigner, URLSafeTimedSerializer

from mentoring import clock

KEPT = 4096  # cookies a worker keeps checked: more than the browsers a small program has open at once


class ClockSigner(TimestampSigner):
    """Signs with the app's clock (itsdangerous reads the system's)."""

    def get_timestamp(self):
        return int(clock.now().timestamp())


class CheckedOnceSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with each cookie's check and decoding kept per worker."""

    def get_signing_serializer(self, app):
        if not app.secret_key:
            return None
        return _serializer((*(app.config["SECRET_KEY_FALLBACKS"] or ()), app.secret_key), self.salt)

    def open_session(self, app, request):
        if not app.secret_key:
            return None
        return self.session_class(self.contents(app, request.cookies.get(self.get_cookie_name(app))))

    def contents(self, app, cookie):
        """What the session cookie `cookie` holds, as a dict of its own: empty when the cookie is missing, forged,
        altered, or older than the session's lifetime."""
        if not cookie:
            return {}
        checked = _checked(self.get_signing_serializer(app), cookie)
        if checked is None:
            return {}
        data, signed_at = checked
        if clock.now().timestamp() - signed_at > app.permanent_session_lifetime.total_seconds():
            return {}  # (a cookie signed "later" than now is kept: another machine's clock may run a little ahead)
        return {key: copy.deepcopy(value) if isinstance(value, list | dict) else value for key, value in data.items()}


@lru_cache(maxsize=8)
def _serializer(keys, salt):
    """The serializer of session cookies for these secret keys (the current one last), built once."""
    return URLSafeTimedSerializer(list(keys), salt=salt, signer=ClockSigner, serializer=CheckedOnceSessions.serializer,
                                  signer_kwargs={"key_derivation": CheckedOnceSessions.key_derivation,
                                                 "digest_method": CheckedOnceSessions.digest_method})


@lru_cache(maxsize=KEPT)
def _checked(serializer, cookie):
    """(the dict `cookie` carries, when it was signed) if `serializer` finds it genuine, else None; kept, and never
    handed out (`contents` copies it)."""
    try:
        data, signed_at = serializer.loads(cookie, return_timestamp=True)
    except BadSignature:
        return None
    return (data, signed_at.timestamp()) if isinstance(data, dict) else None
