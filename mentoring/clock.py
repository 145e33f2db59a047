"""The one source of the current time, which tests can move forward instead of sleeping."""
from datetime import datetime, timedelta, timezone

_offset = timedelta(0)


def now():
    """The current time in UTC (timezone-aware), shifted when a test has moved the clock."""
    return datetime.now(timezone.utc) + _offset


def advance(delta):
    """Move the clock forward by `delta` (tests only)."""
    global _offset
    _offset += delta


def reset():
    """Bring the clock back to real time (tests only)."""
    global _offset
    _offset = timedelta(0)
