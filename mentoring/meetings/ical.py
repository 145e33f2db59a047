"""Calendar invites and feeds (pure: the icalendar library and the standard library only).

Follows INVITES.md beside the design map: one VCALENDAR with one iTIP object per email, METHOD before
the event, UTC DTSTAMP, a real TZID with its VTIMEZONE (UTC for a single time the clocks repeat), ORGANIZER
that is never the recipient, every person an ATTENDEE with RSVP=TRUE, one UID for good with a SEQUENCE that
only grows, RECURRENCE-ID to move or cancel one occurrence (or to give it its own answers), METHOD:CANCEL with
STATUS:CANCELLED to remove, no alarm in a CANCEL.
"""
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import MONTHLY, WEEKLY, rrule
from icalendar import (
    Alarm,
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vCalAddress,
    vText,
)

PRODID = "-//Mentoring//Mentoring sessions//EN"
FREQUENCIES = {"weekly": WEEKLY, "monthly": MONTHLY}


@dataclass(frozen=True)
class Person:
    email: str
    name: str


@dataclass
class Invite:
    """One calendar event (a session, or a series with its moved occurrences) as the invite describes it."""

    uid: str
    sequence: int
    title: str
    start: datetime  # aware; written in `tzid`
    duration: timedelta
    tzid: str
    organizer: Person
    attendees: list  # (Person, partstat)
    description: str = ""
    location: str = ""
    url: str = ""
    frequency: str = ""  # "" for one session, or weekly / monthly
    interval: int = 1
    count: int | None = None
    until: datetime | None = None  # aware
    exdates: list = field(default_factory=list)  # aware original starts of removed occurrences
    overrides: list = field(default_factory=list)  # Override
    alarm_minutes: int | None = 30


@dataclass
class Override:
    """One occurrence of a series that differs from its rule: at another time, or with other answers."""

    recurrence_id: datetime  # the occurrence's original start, aware
    start: datetime
    duration: timedelta
    attendees: list | None = None  # (Person, partstat); None: the series' own


def _wall_clock_rule(first_start, tzid, frequency, interval, count, until):
    """The series' local wall-clock starts (naive, in `tzid`): the first start's time of day on each date."""
    zone = ZoneInfo(tzid)
    local = first_start.astimezone(zone).replace(tzinfo=None)
    limit = until.astimezone(zone).replace(tzinfo=None) if until else None
    return zone, rrule(FREQUENCIES[frequency], dtstart=local, interval=interval, count=count, until=limit)


def occurrences(first_start, tzid, frequency, interval=1, count=None, until=None):
    """The UTC starts of a series kept at the same local wall-clock time in `tzid`, daylight saving or not."""
    zone, rule = _wall_clock_rule(first_start, tzid, frequency, interval, count, until)
    return [moment.replace(tzinfo=zone).astimezone(UTC) for moment in rule]


def is_clear(wall, zone):
    """Whether a naive local time names exactly one moment in `zone` (the clocks neither skip nor repeat it)."""
    return wall.replace(tzinfo=zone, fold=0).utcoffset() == wall.replace(tzinfo=zone, fold=1).utcoffset()


def unclear_days(first_start, tzid, frequency, interval=1, count=None, until=None):
    """The dates on which a clock change skips or repeats the series' wall-clock time in `tzid`."""
    zone, rule = _wall_clock_rule(first_start, tzid, frequency, interval, count, until)
    return [moment.date() for moment in rule if not is_clear(moment, zone)]


def transitions(tzid, first_year, last_year):
    """The zone's clock changes in those years: (UTC instant, offset before, offset after, name after)."""
    zone = ZoneInfo(tzid)
    found = []
    day = datetime(first_year, 1, 1, tzinfo=UTC)
    while day.year <= last_year:
        after = day + timedelta(days=1)
        if day.astimezone(zone).utcoffset() != after.astimezone(zone).utcoffset():
            moment = day
            while moment.astimezone(zone).utcoffset() == day.astimezone(zone).utcoffset():
                moment += timedelta(minutes=15)
            before = (moment - timedelta(minutes=15)).astimezone(zone)
            found.append((moment, before.utcoffset(), moment.astimezone(zone).utcoffset(),
                          moment.astimezone(zone).tzname()))
        day = after
    return found


def yearly_rule(onsets):
    """BYMONTH and BYDAY of local onsets that follow one yearly rule ("the last Sunday of March"), or None."""
    if len(onsets) < 2:
        return None
    months = {onset.month for onset in onsets}
    weekdays = {onset.weekday() for onset in onsets}
    times = {onset.time() for onset in onsets}
    if len(months) != 1 or len(weekdays) != 1 or len(times) != 1:
        return None
    day = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][weekdays.pop()]
    if all((onset + timedelta(days=7)).month != onset.month for onset in onsets):
        return {"freq": "YEARLY", "bymonth": months.pop(), "byday": f"-1{day}"}
    ordinals = {(onset.day - 1) // 7 + 1 for onset in onsets}
    if len(ordinals) == 1:
        return {"freq": "YEARLY", "bymonth": months.pop(), "byday": f"{ordinals.pop()}{day}"}
    return None


@lru_cache(maxsize=64)
def _vtimezone(tzid, first_year, last_year):
    """A VTIMEZONE written as yearly rules, as Outlook and Google write theirs; a zone whose changes follow no
    yearly rule gets one part per change (a list of dates in one part is misread by some readers)."""
    changes = transitions(tzid, first_year, last_year)
    kinds = {}
    for moment, before, after, name in changes:
        kinds.setdefault((before, after), []).append((moment + before, name))
    rules = {kind: yearly_rule([onset.replace(tzinfo=None) for onset, _ in onsets]) for kind, onsets in kinds.items()}
    component = Timezone()
    component.add("tzid", tzid)
    if not changes:
        steady = datetime(first_year, 7, 1, tzinfo=ZoneInfo(tzid))
        component.add_component(_zone_part(datetime(1970, 1, 1), steady.utcoffset(), steady.utcoffset(),
                                           steady.tzname()))
    elif all(rules.values()):
        for (before, after), onsets in kinds.items():
            component.add_component(_zone_part(onsets[0][0], before, after, onsets[-1][1], rules[(before, after)]))
    else:
        for moment, before, after, name in changes:
            component.add_component(_zone_part(moment + before, before, after, name))
    return component


def _zone_part(onset, before, after, name, rule=None):
    """One STANDARD or DAYLIGHT part: from `onset` (local time, before the change) the offset is `after`."""
    part = TimezoneDaylight() if after > before else TimezoneStandard()  # clocks forward: summer time
    part.add("dtstart", onset.replace(tzinfo=None))
    part.add("tzoffsetfrom", before)
    part.add("tzoffsetto", after)
    part.add("tzname", name)
    if rule:
        part.add("rrule", rule)
    return part


def vtimezone(tzid, years):
    """The zone's VTIMEZONE covering `years` (built once per zone and span, then reused)."""
    return _vtimezone(tzid, min(years) - 1, max(years) + 1)


def _address(person, **params):
    address = vCalAddress(f"mailto:{person.email}")
    address.params["CN"] = vText(person.name)
    for key, value in params.items():
        address.params[key] = value
    return address


def _calendar(method):
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    return calendar


def _local(moment, tzid):
    return moment.astimezone(ZoneInfo(tzid))


def _written(moment, tzid):
    """A moment as a DTSTART or DTEND without a rule gives it: in `tzid`, or in UTC where the clocks skip or repeat
    its wall-clock time (which calendars would read as the first of the two)."""
    local = _local(moment, tzid)
    return local if is_clear(local.replace(tzinfo=None), local.tzinfo) else moment.astimezone(UTC)


def _people(event, invite, attendees=None, cancelled=False):
    event.add("organizer", _address(invite.organizer))
    for person, partstat in invite.attendees if attendees is None else attendees:
        event.add("attendee", _address(person, ROLE="REQ-PARTICIPANT",
                                      PARTSTAT="NEEDS-ACTION" if cancelled else partstat.upper(), RSVP="TRUE"))


def _event(invite, dtstamp, start, duration, status, recurrence_id=None, with_rule=True, alarm=True, attendees=None):
    event = Event()
    event.add("uid", invite.uid)
    event.add("dtstamp", dtstamp.astimezone(UTC))
    event.add("sequence", invite.sequence)
    if recurrence_id is not None:
        event.add("recurrence-id", _local(recurrence_id, invite.tzid))
    ruled = with_rule and invite.frequency
    event.add("dtstart", _local(start, invite.tzid) if ruled else _written(start, invite.tzid))
    event.add("dtend", _written(start + duration, invite.tzid))
    event.add("summary", invite.title)
    if invite.description:
        event.add("description", invite.description)
    if invite.location:
        event.add("location", invite.location)
    if invite.url:
        event.add("url", invite.url)
    event.add("status", status)
    event.add("transp", "OPAQUE")
    if ruled:
        rule = {"freq": invite.frequency.upper(), "interval": invite.interval}
        if invite.count:
            rule["count"] = invite.count
        elif invite.until:
            rule["until"] = invite.until.astimezone(UTC)
        event.add("rrule", rule)
        for excluded in invite.exdates:
            event.add("exdate", _local(excluded, invite.tzid))
    _people(event, invite, attendees, cancelled=status == "CANCELLED")
    if alarm and invite.alarm_minutes and status != "CANCELLED":
        reminder = Alarm()
        reminder.add("action", "DISPLAY")
        reminder.add("description", f"Reminder: {invite.title}")
        reminder.add("trigger", timedelta(minutes=-invite.alarm_minutes))
        event.add_component(reminder)
    return event


def _years(invite, extra=()):
    moments = [invite.start, *extra] + ([invite.until] if invite.until else [])
    return {moment.astimezone(ZoneInfo(invite.tzid)).year for moment in moments} | \
        {(invite.start + timedelta(days=400)).year if invite.frequency else invite.start.year}


def _override(invite, dtstamp, override, alarm=True):
    """The VEVENT of one occurrence of a series (by RECURRENCE-ID) at its own time, with its own answers."""
    return _event(invite, dtstamp, override.start, override.duration, "CONFIRMED",
                  recurrence_id=override.recurrence_id, with_rule=False, alarm=alarm, attendees=override.attendees)


def request(invite, dtstamp):
    """METHOD:REQUEST for the whole event: the series with its overridden occurrences, or one session."""
    calendar = _calendar("REQUEST")
    calendar.add_component(vtimezone(invite.tzid, _years(invite, [o.start for o in invite.overrides])))
    calendar.add_component(_event(invite, dtstamp, invite.start, invite.duration, "CONFIRMED"))
    for override in invite.overrides:
        calendar.add_component(_override(invite, dtstamp, override))
    return calendar.to_ical()


def request_occurrence(invite, dtstamp, moved):
    """METHOD:REQUEST moving one occurrence of a series (that instance only, by RECURRENCE-ID)."""
    calendar = _calendar("REQUEST")
    calendar.add_component(vtimezone(invite.tzid, _years(invite, [moved.start, moved.recurrence_id])))
    calendar.add_component(_override(invite, dtstamp, moved))
    return calendar.to_ical()


def cancel(invite, dtstamp, recurrence_id=None):
    """METHOD:CANCEL for the whole event, or for the one occurrence that starts at `recurrence_id`."""
    calendar = _calendar("CANCEL")
    start = recurrence_id or invite.start
    calendar.add_component(vtimezone(invite.tzid, _years(invite, [start])))
    calendar.add_component(_event(invite, dtstamp, start, invite.duration, "CANCELLED",
                                  recurrence_id=recurrence_id, with_rule=recurrence_id is None, alarm=False))
    return calendar.to_ical()


def feed(invites, dtstamp, name):
    """A subscription calendar (METHOD:PUBLISH) of many events, each with its own VTIMEZONE once."""
    calendar = _calendar("PUBLISH")
    calendar.add("x-wr-calname", name)
    zones = {}
    for invite in invites:
        zones.setdefault(invite.tzid, set()).update(_years(invite, [o.start for o in invite.overrides]))
    for tzid, years in sorted(zones.items()):
        calendar.add_component(vtimezone(tzid, years))
    for invite in invites:
        calendar.add_component(_event(invite, dtstamp, invite.start, invite.duration, "CONFIRMED", alarm=False))
        for override in invite.overrides:
            calendar.add_component(_override(invite, dtstamp, override, alarm=False))
    return calendar.to_ical()
