"""Calendars read back by two parsers that are not the one that wrote them: vobject and the `ical` package."""
from datetime import UTC
from zoneinfo import ZoneInfo

import vobject
from ical.calendar_stream import IcsCalendarStream


class Parsed:
    """One iCalendar text as both parsers see it."""

    def __init__(self, text):
        self.text = text
        self.by_ical = IcsCalendarStream.calendar_from_ics(text)
        _forget_time_zones()
        self.by_vobject = vobject.readOne(text)

    @property
    def method(self):
        assert self.by_ical.method == self.by_vobject.method.value
        return self.by_vobject.method.value

    @property
    def events(self):
        """The VEVENTs as vobject reads them."""
        return self.by_vobject.contents.get("vevent", [])

    def occurrences(self):
        """(uid, UTC start, UTC end) of every occurrence, in time order; both parsers must agree."""
        from_ical = sorted((event.uid, _utc(event.start), _utc(event.end)) for event in self.by_ical.timeline)
        assert from_ical == _vobject_occurrences(self.events), (from_ical, _vobject_occurrences(self.events))
        return from_ical


def _forget_time_zones():
    """vobject keeps the first VTIMEZONE it reads for a TZID for good (and reads later calendars with it, wrong for
    years before that one's first change): forget those, so each calendar is read with its own."""
    registry = vars(vobject.icalendar)["__tzidMap"]
    utc = registry["UTC"]
    registry.clear()
    registry["UTC"] = utc


def _utc(moment):
    return moment.astimezone(UTC)


def _wall_clock(start):
    """vobject expands a rule with UNTIL in pytz and keeps the first occurrence's offset for all (no normalize):
    its wall-clock times are right, so read them in the named zone."""
    if hasattr(start.tzinfo, "normalize"):
        return start.replace(tzinfo=ZoneInfo(start.tzinfo.zone))
    return start


def _vobject_occurrences(events):
    """Expand each series' rule (with its EXDATEs), putting its RECURRENCE-ID overrides in place."""
    masters = [e for e in events if not hasattr(e, "recurrence_id")]
    overrides = {(e.uid.value, _utc(e.recurrence_id.value)): e for e in events if hasattr(e, "recurrence_id")}
    found = []
    for master in masters:
        length = master.dtend.value - master.dtstart.value
        starts = [_wall_clock(start) for start in master.getrruleset()] if hasattr(master, "rrule") \
            else [master.dtstart.value]
        for start in starts:
            override = overrides.pop((master.uid.value, _utc(start)), None)
            if override is None:
                found.append((master.uid.value, _utc(start), _utc(start + length)))
            else:
                found.append((master.uid.value, _utc(override.dtstart.value), _utc(override.dtend.value)))
    for (uid, _), override in overrides.items():  # an instance sent on its own
        found.append((uid, _utc(override.dtstart.value), _utc(override.dtend.value)))
    return sorted(found)
