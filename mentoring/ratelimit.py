"""Limits on attempts per address and per account, counted in the database so every worker agrees."""
from dataclasses import dataclass
from datetime import timedelta

from mentoring import clock
from mentoring.errors import RateLimited
from mentoring.models import RateLimitEvent


@dataclass(frozen=True)
class Limit:
    """At most `attempts` within `per`, counted separately for each key."""

    name: str
    attempts: int
    per: timedelta

    def bucket(self, key):
        return f"{self.name}:{key}"[:300]


def check(*limits):
    """Raise RateLimited when any (limit, key) pair has used up its attempts."""
    moment = clock.now()
    for limit, key in limits:
        recent = list(RateLimitEvent.select(RateLimitEvent.at)
                      .where(RateLimitEvent.bucket == limit.bucket(key),
                             RateLimitEvent.at > moment - limit.per)
                      .order_by(RateLimitEvent.at.desc())
                      .limit(limit.attempts))
        if len(recent) >= limit.attempts:
            raise RateLimited(recent[-1].at + limit.per - moment)


def record(*limits):
    """Count one attempt against each (limit, key) pair."""
    moment = clock.now()
    RateLimitEvent.insert_many(
        [{"bucket": limit.bucket(key), "at": moment} for limit, key in limits]).execute()


def hit(*limits):
    """Check, then count this attempt: for actions where every attempt counts."""
    check(*limits)
    record(*limits)


def prune(keep=timedelta(days=1)):
    """Forget attempts older than the longest window."""
    return RateLimitEvent.delete().where(RateLimitEvent.at < clock.now() - keep).execute()
