"""Links that work without logging in: signed for one purpose and one person, good until a moment."""
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from mentoring import clock
from mentoring.errors import DomainError

ALTERED = "This link is not valid: it may be incomplete or changed."


def dumps(purpose, until, **ids):
    """A token carrying `ids` (whole numbers) for `purpose`, expiring at `until`."""
    return _serializer(purpose).dumps({**ids, "e": int(until.timestamp())})


def loads(purpose, token, *names, expired):
    """The ids `names` a token carries; DomainError for an altered token, or `expired` once it is past."""
    try:
        data = _serializer(purpose).loads(token)
    except BadSignature:
        raise DomainError(ALTERED) from None
    if not isinstance(data, dict) or not all(isinstance(data.get(name), int) for name in (*names, "e")):
        raise DomainError(ALTERED)
    if clock.now().timestamp() > data["e"]:
        raise DomainError(expired)
    return [data[name] for name in names]


def _serializer(purpose):
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=purpose)
