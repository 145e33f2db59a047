"""Which pairs need a coordinator's attention, how many sessions a pair should have held, and when either can next
be different (pure)."""
import math
from datetime import timedelta

DAY = timedelta(days=1)
STALLED, LOW_RATING, NEVER_MET = "stalled", "low_rating", "never_met"
LABELS = {STALLED: "No session for a while", LOW_RATING: "Rated 2 or less", NEVER_MET: "Has not met yet"}
LOW = 2  # a rating of this or less is flagged


def expected_sessions(started, now, cadence_days):
    """Sessions a pair meeting every `cadence_days` should have held since `started` (the first one included)."""
    if started is None or started > now:
        return 0
    return (now - started).days // cadence_days + 1


def pair_flags(state, started, last_session, ratings, now, cadence_days):
    """The flags of a meeting pair: no session for twice the cadence (or none since it started that long ago),
    and a latest rating of either person of 2 or less. A paused pair is not flagged."""
    if state not in ("introduction", "active"):
        return []
    flags = []
    quiet_since = last_session or started
    if quiet_since is not None and now - quiet_since >= timedelta(days=2 * cadence_days):
        flags.append(STALLED if last_session else NEVER_MET)
    if any(rating is not None and rating <= LOW for rating in ratings):
        flags.append(LOW_RATING)
    return flags


def quiet_days(started, last_session, now):
    """Days since the last session (or since the pair started, when it has not met), to the nearest day."""
    since = last_session or started
    return None if since is None else days_between(since, now)


def days_between(earlier, later):
    """Days from one moment to another, to the nearest day (half a day rounds up)."""
    return math.floor((later - earlier) / DAY + 0.5)


def days_between_changes(earlier, now):
    """The first moment after `now` at which days_between(earlier, …) is another number."""
    return earlier + (days_between(earlier, now) + 0.5) * DAY


def next_change(state, started, last_session, now, cadence_days):
    """The first moment after `now` at which a pair's expected sessions, flags or quiet days can differ (the next
    session aside); None when none can."""
    moments = []
    if started is not None:
        moments.append(started if started > now else
                       started + ((now - started).days // cadence_days + 1) * cadence_days * DAY)
    quiet_since = last_session or started
    if quiet_since is not None:
        moments.append(days_between_changes(quiet_since, now))
        stalls = quiet_since + 2 * cadence_days * DAY
        if state in ("introduction", "active") and stalls > now:
            moments.append(stalls)
    return min(moments, default=None)
