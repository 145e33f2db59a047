"""meetings/ical.py against tables of cases, every calendar read back by vobject and the `ical` package."""
import io
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.tz import tzical

from mentoring.meetings import ical
from mentoring.site import local_time
from support.calendars import Parsed

STAMP = datetime(2026, 1, 2, 9, 30, tzinfo=UTC)
ORGANIZER = ical.Person("program@example.org", "Rust Mentoring (Mentoring)")
ANN, BOB = ical.Person("ann@example.org", "Ann Müller"), ical.Person("bob@example.org", "Bob, Jr.")


def utc(*parts):
    return datetime(*parts, tzinfo=UTC)


def local(zone, *parts):
    return datetime(*parts, tzinfo=ZoneInfo(zone)).astimezone(UTC)


def invite(zone, start, frequency="", interval=1, count=None, until=None, minutes=60, **extra):
    return ical.Invite(uid="uid-1@mentoring", sequence=0, title="Check-in", start=start,
                       duration=timedelta(minutes=minutes), tzid=zone, organizer=ORGANIZER,
                       attendees=[(ANN, "needs-action"), (BOB, "accepted")],
                       description="Agenda:\n- Goals; plans, next",
                       location="https://meet.example.org/ann-bob", url="https://mentoring.example.org/pairs/1",
                       frequency=frequency, interval=interval, count=count, until=until, **extra)


SERIES = [
    # name, zone, first start (local), rule (frequency, interval, count, until), the UTC starts calendars show
    ("one session in Berlin", "Europe/Berlin", (2026, 5, 14, 18, 30), ("", 1, None, None),
     [utc(2026, 5, 14, 16, 30)]),
    ("one session at a half-hour offset", "Asia/Kolkata", (2026, 1, 5, 9, 0), ("", 1, None, None),
     [utc(2026, 1, 5, 3, 30)]),
    ("weekly in Berlin across the spring change: 18:00 stays 18:00", "Europe/Berlin", (2026, 3, 17, 18, 0),
     ("weekly", 1, 4, None),
     [utc(2026, 3, 17, 17), utc(2026, 3, 24, 17), utc(2026, 3, 31, 16), utc(2026, 4, 7, 16)]),
    ("every 2 weeks in Los Angeles across the autumn change", "America/Los_Angeles", (2026, 10, 20, 9, 0),
     ("weekly", 2, 3, None),
     [utc(2026, 10, 20, 16), utc(2026, 11, 3, 17), utc(2026, 11, 17, 17)]),
    ("monthly in Auckland across the April change", "Pacific/Auckland", (2026, 3, 10, 8, 0),
     ("monthly", 1, 3, None),
     [utc(2026, 3, 9, 19), utc(2026, 4, 9, 20), utc(2026, 5, 9, 20)]),
    ("weekly in London until a date (the program's end)", "Europe/London", (2026, 10, 19, 12, 0),
     ("weekly", 1, None, local("Europe/London", 2026, 11, 2, 23, 59)),
     [utc(2026, 10, 19, 11), utc(2026, 10, 26, 12), utc(2026, 11, 2, 12)]),
]


@pytest.mark.parametrize("name, zone, first, rule, expected", SERIES, ids=[case[0] for case in SERIES])
def test_every_parser_sees_the_sessions_the_page_shows(name, zone, first, rule, expected):
    frequency, interval, count, until = rule
    start = local(zone, *first)
    parsed = Parsed(ical.request(invite(zone, start, frequency, interval, count, until), STAMP).decode())
    shown = ical.occurrences(start, zone, frequency, interval, count, until) if frequency else [start]
    assert shown == expected
    assert parsed.occurrences() == [("uid-1@mentoring", moment, moment + timedelta(hours=1)) for moment in expected]
    assert {moment.astimezone(ZoneInfo(zone)).strftime("%H:%M") for moment in shown} == \
        {f"{first[3]:02d}:{first[4]:02d}"}  # the organiser's wall-clock time, whatever the season


FAR_APART = [
    # organiser's zone and local start, viewer's zone, what the viewer's page and calendar say
    ("Pacific/Auckland", (2026, 6, 10, 9, 0), "America/Los_Angeles", "Tue 09 Jun 2026, 14:00 PDT"),
    ("America/Los_Angeles", (2026, 1, 15, 17, 0), "Pacific/Auckland", "Fri 16 Jan 2026, 14:00 NZDT"),
    ("Pacific/Kiritimati", (2026, 7, 1, 7, 0), "Pacific/Pago_Pago", "Tue 30 Jun 2026, 06:00 SST"),
    ("Europe/Berlin", (2026, 12, 31, 23, 30), "Asia/Tokyo", "Fri 01 Jan 2027, 07:30 JST"),
]


@pytest.mark.parametrize("zone, first, viewer, expected", FAR_APART)
def test_a_partner_far_away_sees_their_own_date(zone, first, viewer, expected):
    start = local(zone, *first)
    parsed = Parsed(ical.request(invite(zone, start), STAMP).decode())
    (_, parsed_start, _), = parsed.occurrences()
    assert local_time(parsed_start, "%a %d %b %Y, %H:%M", viewer) == expected
    assert local_time(start, "%a %d %b %Y, %H:%M", viewer) == expected


BERLIN_SERIES = ical.occurrences(local("Europe/Berlin", 2026, 3, 17, 18, 0), "Europe/Berlin", "weekly", count=4)


def test_a_series_with_a_moved_and_a_removed_session_is_one_event_with_an_override():
    moved_start = BERLIN_SERIES[1] + timedelta(hours=2)
    series = invite("Europe/Berlin", BERLIN_SERIES[0], "weekly", count=4, exdates=[BERLIN_SERIES[2]],
                    overrides=[ical.Override(BERLIN_SERIES[1], moved_start, timedelta(minutes=45))])
    parsed = Parsed(ical.request(series, STAMP).decode())
    assert parsed.method == "REQUEST"
    assert parsed.occurrences() == [
        ("uid-1@mentoring", BERLIN_SERIES[0], BERLIN_SERIES[0] + timedelta(hours=1)),
        ("uid-1@mentoring", moved_start, moved_start + timedelta(minutes=45)),
        ("uid-1@mentoring", BERLIN_SERIES[3], BERLIN_SERIES[3] + timedelta(hours=1))]
    master, override = parsed.events
    assert "EXDATE;TZID=Europe/Berlin:20260331T180000" in parsed.text  # in DTSTART's zone, as Outlook needs
    assert "RECURRENCE-ID;TZID=Europe/Berlin:20260324T180000" in parsed.text
    assert not hasattr(override, "rrule")


def answers(parsed, person):
    """{UTC start: PARTSTAT} of `person` at every occurrence, as the `ical` package expands the calendar."""
    return {event.start.astimezone(UTC): next(a.status for a in event.attendees
                                                       if a.uri == f"mailto:{person.email}")
            for event in parsed.by_ical.timeline}


@pytest.mark.parametrize("write", [lambda i: ical.request(i, STAMP), lambda i: ical.feed([i], STAMP, "Ann")],
                         ids=["invite", "feed"])
def test_an_occurrence_answered_otherwise_is_an_override_at_its_own_time_with_its_own_answers(write):
    declined = [(ANN, "declined"), (BOB, "accepted")]
    series = invite("Europe/Berlin", BERLIN_SERIES[0], "weekly", count=4, overrides=[
        ical.Override(BERLIN_SERIES[2], BERLIN_SERIES[2], timedelta(hours=1), declined),
        ical.Override(BERLIN_SERIES[3], BERLIN_SERIES[3] + timedelta(hours=1), timedelta(hours=1))])
    parsed = Parsed(write(series).decode())
    moved = BERLIN_SERIES[3] + timedelta(hours=1)
    assert [start for _, start, _ in parsed.occurrences()] == [*BERLIN_SERIES[:3], moved]
    assert answers(parsed, ANN) == {BERLIN_SERIES[0]: "NEEDS-ACTION", BERLIN_SERIES[1]: "NEEDS-ACTION",
                                    BERLIN_SERIES[2]: "DECLINED", moved: "NEEDS-ACTION"}
    assert set(answers(parsed, BOB).values()) == {"ACCEPTED"}


UNCLEAR = [
    # name, zone, first start (UTC), rule (frequency, interval, count), the dates the clocks skip or repeat that time
    ("02:30 in Berlin meets the spring gap", "Europe/Berlin", local("Europe/Berlin", 2026, 3, 15, 2, 30),
     ("weekly", 1, 3), [date(2026, 3, 29)]),
    ("02:30 in Berlin meets the autumn overlap", "Europe/Berlin", local("Europe/Berlin", 2026, 10, 11, 2, 30),
     ("weekly", 1, 3), [date(2026, 10, 25)]),
    ("18:00 in Berlin is clear all year", "Europe/Berlin", local("Europe/Berlin", 2026, 3, 15, 18, 0),
     ("weekly", 1, 52), []),
    ("the first session is the second 02:30 of the autumn night", "Europe/Berlin", utc(2026, 10, 25, 1, 30),
     ("weekly", 1, 2), [date(2026, 10, 25)]),
    ("01:30 every 2 weeks in Los Angeles repeats in November", "America/Los_Angeles",
     local("America/Los_Angeles", 2026, 10, 18, 1, 30), ("weekly", 2, 3), [date(2026, 11, 1)]),
    ("monthly in Auckland meets the September gap", "Pacific/Auckland", local("Pacific/Auckland", 2026, 7, 27, 2, 30),
     ("monthly", 1, 3), [date(2026, 9, 27)]),
    ("Lord Howe skips half an hour", "Australia/Lord_Howe", local("Australia/Lord_Howe", 2026, 9, 20, 2, 15),
     ("weekly", 1, 3), [date(2026, 10, 4)]),
    ("Kolkata never changes", "Asia/Kolkata", local("Asia/Kolkata", 2026, 1, 4, 2, 30), ("weekly", 1, 52), []),
]


@pytest.mark.parametrize("name, zone, first, rule, expected", UNCLEAR, ids=[case[0] for case in UNCLEAR])
def test_the_dates_on_which_a_series_time_is_skipped_or_repeated(name, zone, first, rule, expected):
    frequency, interval, count = rule
    assert ical.unclear_days(first, zone, frequency, interval, count=count) == expected


WRITTEN = [
    # a one-off session's start, how DTSTART is written: in its zone, or in UTC where the zone's wall clock repeats
    (local("Europe/Berlin", 2026, 10, 25, 18, 0), "DTSTART;TZID=Europe/Berlin:20261025T180000"),
    (utc(2026, 10, 25, 0, 30), "DTSTART:20261025T003000Z"),  # the first 02:30 of the night
    (utc(2026, 10, 25, 1, 30), "DTSTART:20261025T013000Z"),  # the second
]


@pytest.mark.parametrize("start, line", WRITTEN, ids=["plain", "first 02:30", "second 02:30"])
def test_a_one_off_session_in_an_hour_the_clocks_repeat_is_written_in_utc(start, line):
    parsed = Parsed(ical.request(invite("Europe/Berlin", start), STAMP).decode())
    assert line in parsed.text.split("\r\n")
    assert parsed.occurrences() == [("uid-1@mentoring", start, start + timedelta(hours=1))]


UPDATES = [
    # name, how the calendar is made, METHOD, what the one VEVENT says: RECURRENCE-ID, STATUS, RRULE?, alarm?
    ("move one session of a series",
     lambda s: ical.request_occurrence(s, STAMP, ical.Override(BERLIN_SERIES[2], BERLIN_SERIES[2] + timedelta(days=1),
                                                            timedelta(hours=1))),
     "REQUEST", BERLIN_SERIES[2], "CONFIRMED", False, True),
    ("cancel one session of a series", lambda s: ical.cancel(s, STAMP, recurrence_id=BERLIN_SERIES[1]),
     "CANCEL", BERLIN_SERIES[1], "CANCELLED", False, False),
    ("cancel the whole series", lambda s: ical.cancel(s, STAMP), "CANCEL", None, "CANCELLED", True, False),
]


@pytest.mark.parametrize("name, make, method, recurrence_id, status, has_rule, has_alarm", UPDATES,
                         ids=[case[0] for case in UPDATES])
def test_updates_keep_the_uid_and_name_what_they_change(name, make, method, recurrence_id, status, has_rule,
                                                        has_alarm):
    series = invite("Europe/Berlin", BERLIN_SERIES[0], "weekly", count=4)
    series.sequence = 3
    parsed = Parsed(make(series).decode())
    assert parsed.method == method
    event, = parsed.events
    assert event.uid.value == "uid-1@mentoring" and event.sequence.value == "3"
    assert event.status.value == status
    assert (event.recurrence_id.value.astimezone(UTC) if hasattr(event, "recurrence_id") else None) \
        == recurrence_id
    assert hasattr(event, "rrule") == has_rule
    assert hasattr(event, "valarm") == has_alarm
    if method == "REQUEST":
        assert parsed.occurrences() == [("uid-1@mentoring", BERLIN_SERIES[2] + timedelta(days=1),
                                         BERLIN_SERIES[2] + timedelta(days=1, hours=1))]


def test_an_invite_has_what_every_calendar_needs():
    text = ical.request(invite("Europe/Berlin", BERLIN_SERIES[0], "weekly", count=4), STAMP).decode()
    lines = text.split("\r\n")
    assert "\n" not in text.replace("\r\n", "") and all(len(line.encode()) <= 75 for line in lines)
    assert lines.index("METHOD:REQUEST") < lines.index("BEGIN:VEVENT") and "VERSION:2.0" in lines
    parsed = Parsed(text)
    event, = parsed.events
    assert event.dtstamp.value == STAMP and "DTSTART;TZID=Europe/Berlin:20260317T180000" in text
    assert parsed.by_vobject.vtimezone.tzid.value == "Europe/Berlin"
    assert event.organizer.value == "mailto:program@example.org"
    attendees = {a.value: a.params for a in event.attendee_list}
    assert set(attendees) == {"mailto:ann@example.org", "mailto:bob@example.org"}
    assert all(params["RSVP"] == ["TRUE"] for params in attendees.values())
    assert attendees["mailto:bob@example.org"]["PARTSTAT"] == ["ACCEPTED"]
    assert attendees["mailto:ann@example.org"]["CN"] == ["Ann Müller"]
    assert event.location.value == "https://meet.example.org/ann-bob"
    assert event.url.value == "https://mentoring.example.org/pairs/1"
    assert event.description.value == "Agenda:\n- Goals; plans, next"
    assert event.valarm.trigger.value == timedelta(minutes=-30)
    assert event.rrule.value == "FREQ=WEEKLY;COUNT=4;INTERVAL=1"


def test_a_feed_holds_every_event_with_one_time_zone_each():
    berlin = invite("Europe/Berlin", BERLIN_SERIES[0], "weekly", count=4)
    auckland = invite("Pacific/Auckland", local("Pacific/Auckland", 2026, 3, 10, 8, 0))
    auckland.uid = "uid-2@mentoring"
    parsed = Parsed(ical.feed([berlin, auckland], STAMP, "Mentoring: Ann").decode())
    assert parsed.method == "PUBLISH"
    assert sorted(z.tzid.value for z in parsed.by_vobject.vtimezone_list) == ["Europe/Berlin", "Pacific/Auckland"]
    hour = timedelta(hours=1)
    assert parsed.occurrences() == [("uid-1@mentoring", start, start + hour) for start in BERLIN_SERIES] + \
        [("uid-2@mentoring", utc(2026, 3, 9, 19), utc(2026, 3, 9, 20))]
    assert not any(hasattr(event, "valarm") for event in parsed.events)


ZONES = [
    # zone, how its VTIMEZONE says when clocks change
    ("Europe/Berlin", ["RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"]),
    ("America/Los_Angeles", ["RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11"]),
    ("Pacific/Auckland", ["RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=9"]),
    ("Europe/Dublin", ["RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3", "RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10"]),
    ("Australia/Lord_Howe", ["RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=4", "RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=10"]),
    ("Asia/Kolkata", []),
    ("America/Sao_Paulo", []),
    ("Africa/Casablanca", []),  # Ramadan moves its changes: one part per change
]


@pytest.mark.parametrize("zone, rules", ZONES, ids=[zone for zone, _ in ZONES])
def test_a_time_zone_reads_back_with_the_offsets_of_the_time_zone_database(zone, rules):
    component = ical.vtimezone(zone, {2026, 2027})
    assert component is ical.vtimezone(zone, {2027, 2026})  # built once, reused
    written = component.to_ical().decode()
    assert [line for line in written.split("\r\n") if line.startswith(("RRULE", "RDATE"))] == rules
    read = tzical(io.StringIO(written)).get()  # the VTIMEZONE reader vobject uses, not the zone's name
    moment, hours = datetime(2026, 1, 1, tzinfo=UTC), []
    while moment.year < 2028:
        local = moment.astimezone(ZoneInfo(zone))
        hours.append((local.replace(tzinfo=None), local.utcoffset()))
        moment += timedelta(hours=5)
    assert [(wall, read.utcoffset(wall)) for wall, _ in hours if not _near_change(wall, zone)] == \
        [(wall, offset) for wall, offset in hours if not _near_change(wall, zone)]


def _near_change(wall, zone):
    """Wall-clock times within a day of a change are ambiguous or skipped: compare the plain ones."""
    tz = ZoneInfo(zone)
    return len({(wall + timedelta(hours=h)).replace(tzinfo=tz).utcoffset() for h in (-26, 0, 26)}) > 1
