"""The one source of the current time; tests freeze it at a moment of their choice and move it explicitly."""
from datetime import UTC, datetime

_frozen = None


def now():
    """The current time in UTC (timezone-aware): the frozen moment while the clock is frozen."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def freeze(at):
    """Stop the clock at the aware moment `at` (tests only)."""
    global _frozen
    if at.tzinfo is None:
        raise ValueError("freeze needs an aware moment")
    _frozen = at.astimezone(UTC)


def advance(delta):
    """Move the frozen clock forward by `delta` (tests only)."""
    global _frozen
    if _frozen is None:
        raise RuntimeError("advance needs a frozen clock: call freeze first")
    _frozen += delta


def reset():
    """Let the clock run with real time again (tests only)."""
    global _frozen
    _frozen = None
