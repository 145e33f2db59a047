"""Limits on attempts per address and per account, counted in the database so every worker agrees."""
from dataclasses import dataclass
from datetime import timedelta

from mentoring import clock
from mentoring.db import db, is_postgres
from mentoring.errors import RateLimited
from mentoring.models import RateLimitEvent

LOCKS = 8_007_001  # PostgreSQL's advisory locks of rate-limit buckets: (LOCKS, hashtext(bucket))


@dataclass(frozen=True)
class Limit:
    """At most `attempts` within `per`, counted separately for each key (a value, or a tuple of values)."""

    name: str
    attempts: int
    per: timedelta

    def bucket(self, key):
        parts = key if isinstance(key, tuple) else (key,)
        return ":".join((self.name, *map(str, parts)))[:300]


def hit(*limits):
    """Count this attempt against each (limit, key) pair; raise RateLimited, counting nothing, when any has used up
    its attempts. Each bucket stays locked from its count to the commit, so of many attempts at once exactly as many
    as allowed get through. Returns the attempt, for `forgive`."""
    moment = clock.now()
    buckets = {limit.bucket(key): limit for limit, key in limits}
    with db.atomic():
        _lock(buckets)
        for bucket, limit in buckets.items():
            recent = list(RateLimitEvent.select(RateLimitEvent.at)
                          .where(RateLimitEvent.bucket == bucket,
                                 RateLimitEvent.at > moment - limit.per)
                          .order_by(RateLimitEvent.at.desc())
                          .limit(limit.attempts))
            if len(recent) >= limit.attempts:
                raise RateLimited(recent[-1].at + limit.per - moment)
        return [RateLimitEvent.create(bucket=bucket, at=moment).id for bucket in buckets]


def forgive(attempt):
    """Stop counting an attempt `hit` returned (it turned out not to be a failure)."""
    RateLimitEvent.delete().where(RateLimitEvent.id.in_(attempt)).execute()


def clear(*limits):
    """Forget the attempts counted against each (limit, key) pair, and those of every longer key beginning with
    `key` (a tuple key's first parts): an account's failures from every address, say."""
    for limit, key in limits:
        bucket = limit.bucket(key)
        (RateLimitEvent.delete()
         .where((RateLimitEvent.bucket == bucket) | RateLimitEvent.bucket.startswith(f"{bucket}:"))
         .execute())


def prune(keep=timedelta(days=1)):
    """Forget attempts older than the longest window."""
    return RateLimitEvent.delete().where(RateLimitEvent.at < clock.now() - keep).execute()


def _lock(buckets):
    """On PostgreSQL, lock each bucket until commit, in one order (no deadlocks); SQLite's transactions begin
    IMMEDIATE, holding the database's write lock already."""
    if is_postgres():
        for bucket in sorted(buckets):
            db.execute_sql("SELECT pg_advisory_xact_lock(%s, hashtext(%s))", (LOCKS, bucket))
