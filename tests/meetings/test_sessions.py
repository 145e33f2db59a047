"""Sessions through the pages: scheduling, invites at the SMTP server read back by other parsers, moves,
cancellations, answers from the email, agendas, notes, reminders, feeds, program events, and access."""
import re
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from conftest import PASSWORD
from mentoring import clock as app_clock
from mentoring.email import replies
from mentoring.models import AgendaItem, Meeting, Pair, PrivateNote, Rsvp, Series
from support.calendars import Parsed
from support.client import csrf_token, logged_in, tampered, text

MENTOR_LINK = "https://meet.example.org/bob"
BERLIN, LOS_ANGELES = ZoneInfo("Europe/Berlin"), ZoneInfo("America/Los_Angeles")


def next_change(zone, at_least, forward=False, back=False):
    """The first day, `at_least` days from now or later, on which the zone's clocks change (go forward, go back)."""
    tz = ZoneInfo(zone)
    day = app_clock.now().date() + timedelta(days=at_least)
    while True:
        before, after = (datetime.combine(day + timedelta(days=d), time(12), tz).utcoffset() for d in (-1, 0))
        if (after > before and not back) or (after < before and not forward):
            return day
        day += timedelta(days=1)


def in_days(days):
    return (app_clock.now() + timedelta(days=days)).date()


@pytest.fixture
def scene(make_user, make_program, join, make_pair):
    """An active pair far apart: Ann (mentee, Berlin) and Bob (mentor, Los Angeles), and a coordinator."""
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator], ends_on=in_days(300))
    ann = make_user(name="Ann Mentee", email="ann@example.org", timezone="Europe/Berlin")
    bob = make_user(name="Bob Mentor", email="bob@example.org", timezone="America/Los_Angeles")
    mentee = join(ann, program, "mentee")
    mentor = join(bob, program, "mentor")
    mentor.video_link = MENTOR_LINK
    mentor.save()
    return program, make_pair(program, mentee, mentor), ann, bob, coordinator


def schedule(visitor, pair, on, at="18:00", **fields):
    return visitor.submit(f"/pairs/{pair.id}/sessions/new",
                          {"title": "Check-in", "day": on.isoformat(), "at": at, "duration": "60",
                           "location": MENTOR_LINK, "repeat": "", "count": "", **fields})


def answers_in(parsed, email):
    """{(uid, UTC start): PARTSTAT} of `email` at every occurrence, each RECURRENCE-ID override in place of the
    rule's; the `ical` package and vobject must agree."""
    by_ical = {(event.uid, event.start.astimezone(UTC)):
               next(a.status for a in event.attendees if a.uri == f"mailto:{email}")
               for event in parsed.by_ical.timeline}
    partstat = lambda event: next(a.params["PARTSTAT"][0] for a in event.attendee_list  # noqa: E731
                                  if a.value == f"mailto:{email}")
    overrides = {(e.uid.value, e.recurrence_id.value.astimezone(UTC)): e
                 for e in parsed.events if hasattr(e, "recurrence_id")}
    by_vobject = {}
    for master in (e for e in parsed.events if not hasattr(e, "recurrence_id")):
        for start in (master.getrruleset() if hasattr(master, "rrule") else [master.dtstart.value]):
            if hasattr(start.tzinfo, "normalize"):  # pytz, as support.calendars reads it
                start = start.replace(tzinfo=ZoneInfo(start.tzinfo.zone))
            event = overrides.pop((master.uid.value, start.astimezone(UTC)), None)
            moment = event.dtstart.value if event else start
            by_vobject[(master.uid.value, moment.astimezone(UTC))] = partstat(event or master)
    for (uid, _), event in overrides.items():  # an instance sent on its own
        by_vobject[(uid, event.dtstart.value.astimezone(UTC))] = partstat(event)
    assert by_ical == by_vobject, (by_ical, by_vobject)
    return by_ical


def invite_of(message):
    """The invite an email carries: the text/calendar part's method must match the file, and the .ics equal it."""
    method, calendar = message.invite
    assert message.ics_attachment == calendar
    parsed = Parsed(calendar)
    assert parsed.method == method
    return parsed


def test_the_schedule_form_shows_common_hours_the_mentors_link_and_the_partners_time(app, make_user, make_program,
                                                                                 join, make_pair):
    program = make_program()
    tokyo = make_user(name="Tomo", timezone="Asia/Tokyo")
    bogota = make_user(name="Bea", timezone="America/Bogota")
    mentee = join(tokyo, program, "mentee", answers={"availability": ["tue-morning"]})
    mentor = join(bogota, program, "mentor", answers={"availability": ["mon-evening"]})
    mentor.video_link = MENTOR_LINK
    mentor.save()
    pair = make_pair(program, mentee, mentor, state=Pair.INTRODUCTION)
    visitor = logged_in(app, tokyo, PASSWORD)
    page = text(visitor.get(f"/pairs/{pair.id}/sessions/new"))
    assert "Tuesday 08:00–11:00" in page  # Tokyo's Tuesday morning meets Bogotá's Monday evening
    assert f'value="{MENTOR_LINK}"' in page and 'value="Introduction"' in page
    day = in_days(10)
    fragment = text(visitor.get(f"/pairs/{pair.id}/sessions/when?day={day.isoformat()}&at=08:00",
                                headers={"HX-Request": "true"}))
    theirs = datetime.combine(day, time(8), ZoneInfo("Asia/Tokyo")).astimezone(ZoneInfo("America/Bogota"))
    assert fragment.startswith('<p id="when"')
    assert f"<strong>{theirs.strftime('%A %d %B, %H:%M')}</strong> for Bea (America/Bogota)" in fragment
    assert theirs.date() == day - timedelta(days=1)


def test_a_weekly_check_in_across_a_clock_change_reaches_both_calendars_at_the_organisers_time(app, mailbox, scene):
    program, pair, ann, bob, _ = scene
    change = next_change("Europe/Berlin", at_least=21)
    first = change - timedelta(days=14)
    response = schedule(logged_in(app, ann, PASSWORD), pair, first, repeat="weekly", count="4")
    assert response.status_code == 302
    stored = list(Meeting.select().where(Meeting.pair == pair).order_by(Meeting.starts_at))
    assert len(stored) == 4 and len({m.uid for m in stored}) == 1
    assert {m.starts_at.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M") for m in stored} == {"18:00"}
    assert len({m.starts_at.time() for m in stored}) == 2  # the UTC hour moves with the clocks
    calendars = []
    for person in (ann, bob):
        message = mailbox.find(person.email, f"Check-ins with {(bob if person is ann else ann).name}: Check-in")
        parsed = invite_of(message)
        assert parsed.method == "REQUEST"
        assert parsed.occurrences() == [(stored[0].uid, m.starts_at, m.ends_at) for m in stored]
        event, = parsed.events
        organizer = re.fullmatch(r"mailto:mentoring\+([\w-]+)@example\.org", event.organizer.value)
        with app.app_context():  # the organiser's address brings back this person's answer to this series
            assert replies.opened(organizer.group(1)) == (replies.SERIES, stored[0].series_id, person.id)
        assert {a.value for a in event.attendee_list} == {"mailto:ann@example.org", "mailto:bob@example.org"}
        assert event.location.value == MENTOR_LINK and event.url.value.endswith(f"/pairs/{pair.id}")
        assert message["Reply-To"] == (None if person is ann else "ann@example.org")
        calendars.append(re.sub(r"ORGANIZER[^\r\n]*(\r\n [^\r\n]*)*", "", message.invite[1]))
        shown = stored[0].starts_at.astimezone(ZoneInfo(person.timezone)).strftime("%A %d %B %Y, %H:%M")
        assert f"When: {shown}" in message.text and "then every week (4 sessions)" in message.text
        assert set(answers_in(parsed, ann.email).values()) == {"ACCEPTED"}  # who schedules has accepted
        assert set(answers_in(parsed, bob.email).values()) == {"NEEDS-ACTION"}
    assert calendars[0] == calendars[1]  # one event for both: the same UID and attendees; each its own organiser
    page = text(logged_in(app, bob, PASSWORD).get(f"/pairs/{pair.id}"))
    assert stored[0].starts_at.astimezone(ZoneInfo("America/Los_Angeles")).strftime("%A %d %B %Y, %H:%M") in page
    assert re.search(r"Ann Mentee:\s+accepted", page) and re.search(r"You:\s+not answered yet", page)
    session = text(logged_in(app, bob, PASSWORD).get(f"/pairs/{pair.id}/sessions/{stored[1].id}"))
    assert "<dt>Repeats</dt><dd>Every week</dd>" in session


def test_moving_one_session_then_the_following_ones_and_cancelling(app, mailbox, scene):
    program, pair, ann, bob, _ = scene
    first = in_days(7)
    visitor = logged_in(app, ann, PASSWORD)
    schedule(visitor, pair, first, repeat="weekly", count="4")
    series = Series.get()
    meetings = list(Meeting.select().order_by(Meeting.starts_at))
    second = meetings[1]
    moved_day = second.starts_at.astimezone(ZoneInfo("Europe/Berlin")).date() + timedelta(days=1)
    assert visitor.submit(f"/pairs/{pair.id}/sessions/{second.id}/move",
                          {"day": moved_day.isoformat(), "at": "19:30", "duration": "45", "following": "one"}
                          ).status_code == 302
    update = invite_of(mailbox.find("bob@example.org", "Moved: Check-in"))
    event, = update.events
    assert event.uid.value == series.uid and event.sequence.value == "1"
    assert event.recurrence_id.value.astimezone(UTC) == second.starts_at
    moved = Meeting.get_by_id(second.id)
    assert update.occurrences() == [(series.uid, moved.starts_at, moved.starts_at + timedelta(minutes=45))]
    assert moved.starts_at.astimezone(ZoneInfo("Europe/Berlin")).strftime("%d %H:%M") == \
        f"{moved_day.day:02d} 19:30"

    third = meetings[2]
    assert visitor.submit(f"/pairs/{pair.id}/sessions/{third.id}/move",
                          {"day": third.starts_at.astimezone(ZoneInfo("Europe/Berlin")).date().isoformat(),
                           "at": "08:00", "duration": "60", "following": "following"}).status_code == 302
    shortened = invite_of(mailbox.find("bob@example.org", "Ends earlier: Check-in"))
    master = next(e for e in shortened.events if not hasattr(e, "recurrence_id"))
    assert master.uid.value == series.uid and master.sequence.value == "2" and "UNTIL=" in master.rrule.value
    assert len(shortened.occurrences()) == 2  # the first and the moved second stay
    continued = invite_of(mailbox.find("bob@example.org", "New time: Check-in"))
    new_uid = continued.events[0].uid.value
    assert new_uid != series.uid and [s.astimezone(ZoneInfo("Europe/Berlin")).strftime("%H:%M")
                                      for _, s, _ in continued.occurrences()] == ["08:00", "08:00"]

    last = Meeting.select().where(Meeting.uid == new_uid).order_by(Meeting.starts_at.desc()).first()
    assert visitor.submit(f"/pairs/{pair.id}/sessions/{last.id}/cancel", {"scope": "one"}).status_code == 302
    cancelled = invite_of(mailbox.find("bob@example.org", "Cancelled: Check-in"))
    assert cancelled.method == "CANCEL"
    event, = cancelled.events
    assert event.status.value == "CANCELLED" and event.recurrence_id.value.astimezone(UTC) == last.starts_at
    assert "Check-in" in text(visitor.get(f"/pairs/{pair.id}"))
    assert Meeting.select().where(Meeting.cancelled).count() == 1


def test_cancelling_a_series_not_begun_removes_it_and_one_begun_ends_it(app, mailbox, scene, clock):
    program, pair, ann, bob, _ = scene
    visitor = logged_in(app, ann, PASSWORD)
    schedule(visitor, pair, in_days(2), repeat="weekly", count="3", title="Weekly")
    first = Meeting.select().order_by(Meeting.starts_at).first()
    visitor.submit(f"/pairs/{pair.id}/sessions/{first.id}/cancel", {"scope": "series"})
    removed = invite_of(mailbox.find("ann@example.org", "Cancelled: Weekly"))
    assert removed.method == "CANCEL" and not hasattr(removed.events[0], "recurrence_id")
    assert hasattr(removed.events[0], "rrule")

    schedule(visitor, pair, in_days(2), repeat="weekly", count="3", title="Again")
    clock.advance(timedelta(days=3))
    later = Meeting.select().where(Meeting.title == "Again").order_by(Meeting.starts_at)[1]
    visitor.submit(f"/pairs/{pair.id}/sessions/{later.id}/cancel", {"scope": "series"})
    ended = invite_of(mailbox.find("ann@example.org", "No more sessions: Again"))
    assert ended.method == "REQUEST" and len(ended.occurrences()) == 1  # the session held stays in calendars


def test_answers_from_the_email_need_no_log_in_and_only_work_for_their_person(app, mailbox, scene, clock):
    program, pair, ann, bob, _ = scene
    schedule(logged_in(app, ann, PASSWORD), pair, in_days(5))
    meeting = Meeting.get()
    message = mailbox.find("bob@example.org", "Session with Ann Mentee: Check-in")
    accept = message.link_containing("/rsvp/")
    assert accept.endswith("/accepted")
    stranger = app.test_client()
    page = text(stranger.get(accept))
    assert "Send my answer" in page and not Rsvp.select().where(Rsvp.user == bob).exists()  # a scanner's GET
    response = stranger.submit(accept, {"answer": "accepted"})
    assert "You accepted. See you there!" in text(response) and Rsvp.get(Rsvp.user == bob).answer == "accepted"
    assert re.search(r"Bob Mentor:\s+accepted", text(logged_in(app, ann, PASSWORD).get(f"/pairs/{pair.id}")))

    token = accept.split("/rsvp/")[1].split("/")[0]
    forged = tampered(token)
    assert stranger.get(f"/rsvp/{forged}/accepted").status_code == 404
    ann_link = mailbox.find("ann@example.org", "Session with Bob Mentor: Check-in").link_containing("/declined")
    stranger.submit(ann_link, {"answer": "declined", "note": "Travelling"})
    assert Rsvp.get(Rsvp.user == ann).answer == "declined" and Rsvp.get(Rsvp.user == bob).answer == "accepted"
    told = mailbox.find("bob@example.org", "Ann Mentee cannot make Check-in")
    assert "Travelling" in told.text

    clock.advance(timedelta(days=6))
    expired = stranger.get(accept)
    assert expired.status_code == 404 and "This session is over" in text(expired)
    assert Rsvp.select().where(Rsvp.meeting == meeting).count() == 2


def test_suggesting_another_time_offers_the_partner_a_one_click_move(app, mailbox, scene):
    program, pair, ann, bob, _ = scene
    schedule(logged_in(app, ann, PASSWORD), pair, in_days(5))
    meeting = Meeting.get()
    link = mailbox.find("bob@example.org", "Session with Ann Mentee: Check-in").link_containing("/proposed")
    visitor = app.test_client()
    missing = visitor.submit(link, {"answer": "proposed", "note": "Later?"})
    assert missing.status_code == 422 and "Suggest a day and a time." in text(missing) and "Later?" in text(missing)
    day = in_days(6)
    visitor.submit(link, {"answer": "proposed", "day": day.isoformat(), "at": "10:00", "note": "Later?"})
    proposed = datetime.combine(day, time(10), ZoneInfo("America/Los_Angeles"))
    told = mailbox.find("ann@example.org", "Bob Mentor suggests another time for Check-in")
    assert proposed.astimezone(ZoneInfo("Europe/Berlin")).strftime("%A %d %B, %H:%M") in told.text
    page = text(logged_in(app, ann, PASSWORD).get(f"/pairs/{pair.id}/sessions/{meeting.id}"))
    berlin = proposed.astimezone(ZoneInfo("Europe/Berlin"))
    assert f"day={berlin.date().isoformat()}&at={berlin.strftime('%H:%M')}" in page.replace("&amp;", "&")


def test_the_agenda_works_with_and_without_htmx_and_carries_over(app, scene, scheduler):
    program, pair, ann, bob, _ = scene
    ann_visitor, bob_visitor = logged_in(app, ann, PASSWORD), logged_in(app, bob, PASSWORD)
    schedule(ann_visitor, pair, in_days(1), repeat="weekly", count="2")
    first, second = Meeting.select().order_by(Meeting.starts_at)
    path = f"/pairs/{pair.id}/sessions/{first.id}"
    assert ann_visitor.submit(f"{path}/agenda", {"text": "Career goals"}, page=path).status_code == 302
    fragment = bob_visitor.submit(f"{path}/agenda", {"text": "Code review"}, page=path,
                                  headers={"HX-Request": "true"})
    body = text(fragment)
    assert body.lstrip().startswith('<section id="agenda"') and "Added “Code review”." in body
    empty = bob_visitor.submit(f"{path}/agenda", {"text": "  "}, page=path, headers={"HX-Request": "true"})
    assert empty.status_code == 422 and "Write the item first." in text(empty)
    review = AgendaItem.get(AgendaItem.text == "Code review")
    bob_visitor.submit(f"{path}/agenda/{review.id}", {"action": "up"}, page=path)
    assert [i.text for i in AgendaItem.select().where(AgendaItem.meeting == first).order_by(AgendaItem.position)] \
        == ["Code review", "Career goals"]
    ann_visitor.submit(f"{path}/agenda/{review.id}", {"action": "done"}, page=path)
    assert "☑" in text(ann_visitor.get(path)) and AgendaItem.get_by_id(review.id).done
    assert "Code review" in text(ann_visitor.get(f"/pairs/{pair.id}"))  # the next session's agenda on the pair page

    assert "session_chores" in scheduler.advance(first.ends_at - app_clock.now() + timedelta(minutes=20))
    carried = [i.text for i in AgendaItem.select().where(AgendaItem.meeting == second)]
    assert carried == ["Career goals"]
    scheduler.advance(timedelta(minutes=30))
    assert AgendaItem.select().where(AgendaItem.meeting == second).count() == 1


def test_shared_notes_are_the_pairs_and_a_private_note_its_authors(app, scene):
    program, pair, ann, bob, coordinator = scene
    ann_visitor, bob_visitor = logged_in(app, ann, PASSWORD), logged_in(app, bob, PASSWORD)
    schedule(ann_visitor, pair, in_days(1))
    path = f"/pairs/{pair.id}/sessions/{Meeting.get().id}"
    saved = ann_visitor.submit(f"{path}/notes", {"text": "We agreed on three goals."}, page=path,
                               headers={"HX-Request": "true"})
    assert "Shared notes saved." in text(saved) and text(saved).lstrip().startswith('<form id="notes-form"')
    ann_visitor.submit(f"{path}/private-note", {"text": "Ask about the promotion."}, page=path)
    too_long = ann_visitor.submit(f"{path}/private-note", {"text": "x" * 20_001}, page=path)
    assert too_long.status_code == 422 and PrivateNote.get().text == "Ask about the promotion."
    ann_page = text(ann_visitor.get(path))
    assert "Ask about the promotion." in ann_page  # back in its author's box
    for label, field in (("Add an item", "agenda-item"), ("Shared notes", "shared-notes"),
                         ("My private note", "private-note")):  # each label names its own box
        assert f'for="{field}">{label}</label>' in ann_page and ann_page.count(f'id="{field}"') == 1
    bob_page = text(bob_visitor.get(path))
    assert "We agreed on three goals." in bob_page and "Ask about the promotion." not in bob_page
    coordinator_page = text(logged_in(app, coordinator, PASSWORD).get(path))
    assert "We agreed on three goals." not in coordinator_page and "theirs alone" in coordinator_page
    assert logged_in(app, coordinator, PASSWORD).submit(f"{path}/notes", {"text": "x"}, page=path).status_code == 404


def test_a_reminder_goes_out_the_day_before_unless_turned_off(app, mailbox, scene, scheduler):
    program, pair, ann, bob, _ = scene
    schedule(logged_in(app, ann, PASSWORD), pair, in_days(3), at="12:00")
    bob.email_preferences = {"reminders": False}
    bob.save()
    day_before = Meeting.get().starts_at - timedelta(days=1)
    scheduler.advance(day_before - app_clock.now() - timedelta(minutes=20))
    assert not [m for m in mailbox.to("ann@example.org") if m["Subject"].startswith("Tomorrow")]
    scheduler.advance(timedelta(minutes=40))
    reminder = mailbox.find("ann@example.org", "Tomorrow: Check-in")
    assert "you meet Bob Mentor tomorrow" in reminder.text
    assert len([m for m in mailbox.to("ann@example.org") if m["Subject"] == "Tomorrow: Check-in"]) == 1
    assert not [m for m in mailbox.to("bob@example.org") if m["Subject"].startswith("Tomorrow")]


def test_the_calendar_feed_holds_sessions_and_events_and_can_be_reset(app, scene):
    program, pair, ann, bob, coordinator = scene
    visitor = logged_in(app, ann, PASSWORD)
    schedule(visitor, pair, in_days(3), repeat="weekly", count="3")
    logged_in(app, coordinator, PASSWORD).submit(f"/programs/{program.slug}/events",
                                       {"title": "Kick-off", "day": in_days(4).isoformat(), "at": "17:00",
                                        "duration": "60", "audience": "all"})
    page = text(visitor.get("/calendar"))
    feed = re.search(r'value="(http://[^"]+\.ics)"', page).group(1)
    assert f'href="webcal://{feed.split("://")[1]}"' in page
    response = app.test_client().get(feed)
    assert response.headers["Content-Type"].startswith("text/calendar")
    parsed = Parsed(response.get_data(as_text=True))
    stored = [(m.uid, m.starts_at, m.ends_at) for m in Meeting.select()]
    assert parsed.method == "PUBLISH" and sorted(parsed.occurrences()) == sorted(stored) and len(stored) == 4
    visitor.submit("/calendar/reset", page="/calendar")
    assert app.test_client().get(feed).status_code == 404
    assert app.test_client().get("/calendar/nothing.ics").status_code == 404


def test_a_coordinator_invites_members_to_an_event_and_sees_who_accepted(app, mailbox, scene, join):
    program, pair, ann, bob, coordinator = scene
    join(coordinator, program, "mentor")  # a coordinator who also mentors is invited, and has accepted
    visitor = logged_in(app, coordinator, PASSWORD)
    response = visitor.submit(f"/programs/{program.slug}/events",
                              {"title": "Mentor circle", "day": in_days(8).isoformat(), "at": "18:00",
                               "duration": "90", "location": "Room 4", "audience": "mentor"})
    assert response.status_code == 302
    message = mailbox.find("bob@example.org", f"{program.name}: Mentor circle")
    invite = invite_of(message)
    event, = invite.events
    assert [a.value for a in event.attendee_list] == ["mailto:bob@example.org"]  # nobody else's address
    typed = datetime.combine(in_days(8), time(18), ZoneInfo(coordinator.timezone))  # in the coordinator's zone
    assert invite.occurrences() == [(event.uid.value, typed, typed + timedelta(minutes=90))]
    assert f"When: {typed.astimezone(ZoneInfo(bob.timezone)).strftime('%A %d %B %Y, %H:%M')}" in message.text
    assert answers_in(invite, bob.email) == {(event.uid.value, typed): "NEEDS-ACTION"}
    own = invite_of(mailbox.find(coordinator.email, f"{program.name}: Mentor circle"))
    assert answers_in(own, coordinator.email) == {(event.uid.value, typed): "ACCEPTED"}
    assert not [m for m in mailbox.to("ann@example.org") if m["Subject"].endswith("Mentor circle")]
    meeting = Meeting.get(Meeting.title == "Mentor circle")
    logged_in(app, bob, PASSWORD).submit(f"/programs/{program.slug}/events/{meeting.id}/answer", {"answer": "accepted"},
                               page=f"/programs/{program.slug}/events/{meeting.id}")
    page = text(visitor.get(f"/programs/{program.slug}/events/{meeting.id}"))
    assert "2 of 2 accepted." in page and "Bob Mentor" in page
    assert logged_in(app, ann, PASSWORD).get(f"/programs/{program.slug}/events/{meeting.id}").status_code == 404
    assert "Mentor circle" in text(visitor.get(f"/programs/{program.slug}/events"))


def test_strangers_get_404_and_ending_the_pair_cancels_what_is_planned(app, mailbox, scene, make_user):
    program, pair, ann, bob, _ = scene
    schedule(logged_in(app, ann, PASSWORD), pair, in_days(3), repeat="weekly", count="3")
    meeting = Meeting.select().first()
    stranger = logged_in(app, make_user(name="Sly"), PASSWORD)
    for path in (f"/pairs/{pair.id}/sessions/new", f"/pairs/{pair.id}/sessions/{meeting.id}",
                 f"/pairs/{pair.id}/sessions/{meeting.id}/move", f"/pairs/{pair.id}/sessions/{meeting.id}/cancel",
                 f"/pairs/{pair.id + 1}/sessions/{meeting.id}"):
        assert stranger.get(path).status_code == 404, path
    logged_in(app, bob, PASSWORD).submit(f"/pairs/{pair.id}/end", {"reason": "Moving abroad"}, page=f"/pairs/{pair.id}")
    cancelled = invite_of(mailbox.find("ann@example.org", "Cancelled: Check-in"))
    assert cancelled.method == "CANCEL" and "because the pair has ended" in \
        mailbox.find("ann@example.org", "Cancelled: Check-in").text
    assert Meeting.select().where(~Meeting.cancelled).count() == 0


BAD_PLANS = [
    ({"day": "", "at": "18:00"}, "Choose a date."),
    ({"day": "2026-02-30"}, "Enter a real date, for example 2026-05-14."),
    ({"at": "25:61"}, "Enter a time of day, for example 18:30."),
    ({"title": ""}, "Give the session a title."),
    ({"repeat": "weekly", "count": "1"}, "Choose from 2 to 52 sessions."),
    ({"repeat": "weekly", "count": ""}, "Choose from 2 to 52 sessions."),
    ({"duration": "7"}, "Not a valid choice"),
    ({"day": "9999-12-31"}, "Choose a date within the next three years."),
    ({"location": "x" * 301}, "Field cannot be longer than 300 characters."),
]


@pytest.mark.parametrize("fields, message", BAD_PLANS)
def test_a_plan_that_cannot_be_kept_is_refused_with_the_form_as_typed(app, scene, fields, message):
    program, pair, ann, bob, _ = scene
    response = schedule(logged_in(app, ann, PASSWORD), pair, in_days(3), **{"title": "Kept title", **fields})
    body = text(response)
    assert response.status_code == 422 and message in body
    assert 'value="Kept title"' in body or fields.get("title") == ""
    assert Meeting.select().count() == 0


def test_a_time_the_clocks_skip_or_in_the_past_is_refused(app, scene):
    program, pair, ann, bob, _ = scene
    spring = next_change("Europe/Berlin", at_least=3, forward=True)
    response = schedule(logged_in(app, ann, PASSWORD), pair, spring, at="02:30")
    assert response.status_code == 422 and "the clocks change" in text(response)
    past = schedule(logged_in(app, ann, PASSWORD), pair, in_days(-1))
    assert past.status_code == 422 and "Choose a time in the future." in text(past)
    assert Meeting.select().count() == 0


def test_my_data_holds_my_sessions_and_leaving_cancels_them_for_my_partner(app, mailbox, scene, clock):
    program, pair, ann, bob, _ = scene
    visitor = logged_in(app, ann, PASSWORD)
    schedule(visitor, pair, in_days(1), title="First talk")
    clock.advance(timedelta(days=2))
    visitor = logged_in(app, ann, PASSWORD)
    schedule(visitor, pair, in_days(3))
    meeting = Meeting.get(Meeting.title == "Check-in")
    path = f"/pairs/{pair.id}/sessions/{meeting.id}"
    visitor.submit(f"{path}/private-note", {"text": "Mine only"}, page=path)
    data = visitor.get("/account/export").get_json()
    assert [(session["title"], session["my_private_note"]) for session in data["sessions"]] == [
        ("First talk", ""), ("Check-in", "Mine only")]
    mailbox.clear()
    assert visitor.submit("/account/delete", {"password": PASSWORD, "understood": "y"}).status_code == 302
    told = mailbox.find("bob@example.org", "Cancelled: Check-in")
    assert invite_of(told).method == "CANCEL"
    assert not mailbox.to("ann@example.org")
    held = Meeting.get(Meeting.title == "First talk")  # the session held stays with the pair Bob keeps
    bobs_session = logged_in(app, bob, PASSWORD).get(f"/pairs/{pair.id}/sessions/{held.id}")
    assert bobs_session.status_code == 200 and "First talk" in text(bobs_session)
    assert "Mine only" not in text(logged_in(app, bob, PASSWORD).get(path))


def test_the_answer_link_of_a_cancelled_session_says_it_was_cancelled(app, mailbox, scene):
    program, pair, ann, bob, _ = scene
    ann_visitor = logged_in(app, ann, PASSWORD)
    schedule(ann_visitor, pair, in_days(5))
    meeting = Meeting.get()
    accept = mailbox.find("bob@example.org", "Session with Ann Mentee: Check-in").link_containing("/accepted")
    stranger = app.test_client()
    token = csrf_token(stranger.get(accept).get_data(as_text=True))  # the form was open before the cancellation
    ann_visitor.submit(f"/pairs/{pair.id}/sessions/{meeting.id}/cancel", {"scope": "one"})
    for response in (stranger.get(accept), stranger.post(accept, data={"csrf_token": token, "answer": "accepted"})):
        body = text(response)
        assert response.status_code == 410 and "was cancelled" in body and "Send my answer" not in body
    assert not re.search(r"Bob Mentor:\s+accepted", text(ann_visitor.get(f"/pairs/{pair.id}/sessions/{meeting.id}")))


def shown(moment, fmt="%A %d %B %Y, %H:%M", zone=BERLIN):
    return moment.astimezone(zone).strftime(fmt)


def test_cancelling_this_and_every_later_session_keeps_the_earlier_ones_and_all_the_pair_wrote(app, mailbox, scene,
                                                                                             clock):
    program, pair, ann, bob, _ = scene
    ann_visitor, bob_visitor = logged_in(app, ann, PASSWORD), logged_in(app, bob, PASSWORD)
    schedule(ann_visitor, pair, in_days(2), repeat="weekly", count="6")
    series = Series.get()
    sessions = list(Meeting.select().order_by(Meeting.starts_at))
    paths = [f"/pairs/{pair.id}/sessions/{m.id}" for m in sessions]
    for index, item in ((2, "Bring the draft"), (3, "Plan the talk")):
        ann_visitor.submit(f"{paths[index]}/agenda", {"text": item}, page=paths[index])
    clock.advance(sessions[0].ends_at - app_clock.now() + timedelta(minutes=5))  # the first is held
    assert bob_visitor.submit(f"{paths[3]}/cancel", {"scope": "series"}).status_code == 302
    pages = [text(ann_visitor.get(path)) for path in paths]
    assert ["This session is cancelled." in page for page in pages] == [False] * 3 + [True] * 3
    assert "Bring the draft" in pages[2] and "Plan the talk" in pages[3]
    pair_page = text(ann_visitor.get(f"/pairs/{pair.id}"))
    assert shown(sessions[1].starts_at) in pair_page and shown(sessions[2].starts_at, "%a %d %b %Y, %H:%M") in pair_page
    assert not [m for m in sessions[3:] if shown(m.starts_at, "%a %d %b %Y, %H:%M") in pair_page]
    message = mailbox.find("ann@example.org", "No more sessions: Check-in")
    ended = invite_of(message)
    master, = ended.events
    assert ended.method == "REQUEST" and master.uid.value == series.uid and int(master.sequence.value) > 0
    assert ended.occurrences() == [(series.uid, m.starts_at, m.ends_at) for m in sessions[:3]]
    assert f"from {shown(sessions[3].starts_at)}" in message.text

    schedule(ann_visitor, pair, in_days(20), repeat="weekly", count="3", title="Later")  # none of it held yet
    later = list(Meeting.select().where(Meeting.title == "Later").order_by(Meeting.starts_at))
    ann_visitor.submit(f"/pairs/{pair.id}/sessions/{later[1].id}/cancel", {"scope": "series"})
    kept = invite_of(mailbox.find("bob@example.org", "No more sessions: Later"))
    assert kept.occurrences() == [(later[0].uid, later[0].starts_at, later[0].ends_at)]
    assert "This session is cancelled." not in text(ann_visitor.get(f"/pairs/{pair.id}/sessions/{later[0].id}"))


def test_the_partner_moves_sessions_at_the_time_they_typed_in_their_zone_and_has_accepted_it(app, mailbox, scene):
    program, pair, ann, bob, _ = scene
    ann_visitor = logged_in(app, ann, PASSWORD)
    schedule(ann_visitor, pair, in_days(7), repeat="weekly", count="4")
    series = Series.get()
    second, third, fourth = list(Meeting.select().order_by(Meeting.starts_at))[1:]
    bob_visitor = logged_in(app, bob, PASSWORD)
    path = f"/pairs/{pair.id}/sessions/{second.id}"
    form = text(bob_visitor.get(f"{path}/move"))
    assert re.search(r"in your time zone,\s+America/Los_Angeles", form)
    assert f'value="{shown(second.starts_at, "%H:%M", LOS_ANGELES)}"' in form
    day = second.starts_at.astimezone(LOS_ANGELES).date()
    assert bob_visitor.submit(f"{path}/move", {"day": day.isoformat(), "at": "09:00", "duration": "60",
                                               "following": "one"}).status_code == 302
    typed = datetime.combine(day, time(9), LOS_ANGELES)
    page = text(bob_visitor.get(path))
    assert shown(typed, zone=LOS_ANGELES) in page
    assert re.search(r"You:\s+accepted", page) and re.search(r"Ann Mentee:\s+not answered yet", page)
    message = mailbox.find("ann@example.org", "Moved: Check-in")
    moved = invite_of(message)
    assert moved.occurrences() == [(series.uid, typed, typed + timedelta(hours=1))]
    assert answers_in(moved, bob.email) == {(series.uid, typed): "ACCEPTED"}
    assert answers_in(moved, ann.email) == {(series.uid, typed): "NEEDS-ACTION"}
    assert re.search(rf"When: {shown(typed)} \w+ \(60 minutes\)\r?\n", message.text)  # this session, no rhythm

    path = f"/pairs/{pair.id}/sessions/{third.id}"
    day = third.starts_at.astimezone(LOS_ANGELES).date()
    assert bob_visitor.submit(f"{path}/move", {"day": day.isoformat(), "at": "10:00", "duration": "60",
                                               "following": "following"}).status_code == 302
    typed = datetime.combine(day, time(10), LOS_ANGELES)
    wall = typed.astimezone(BERLIN)  # the series keeps to Berlin's wall clock from there on
    continued = invite_of(mailbox.find("ann@example.org", "New time: Check-in"))
    new_uid = continued.events[0].uid.value
    later = datetime.combine(wall.date() + timedelta(days=7), wall.time(), BERLIN)
    assert continued.occurrences() == [(new_uid, start, start + timedelta(hours=1)) for start in (typed, later)]
    assert "DTSTART;TZID=Europe/Berlin:" in continued.text
    assert set(answers_in(continued, bob.email).values()) == {"ACCEPTED"}
    assert set(answers_in(continued, ann.email).values()) == {"NEEDS-ACTION"}
    page = text(bob_visitor.get(path))
    assert shown(typed, zone=LOS_ANGELES) in page and re.search(r"You:\s+accepted", page)

    path = f"/pairs/{pair.id}/sessions/{fourth.id}"  # Bob suggests a time, in his zone; Ann moves it there
    day = fourth.starts_at.astimezone(LOS_ANGELES).date() + timedelta(days=1)
    bob_visitor.submit(f"{path}/answer", {"answer": "proposed", "day": day.isoformat(), "at": "11:00"}, page=path)
    suggested = datetime.combine(day, time(11), LOS_ANGELES)
    page = text(ann_visitor.get(path))
    assert f"suggests {shown(suggested, '%A %d %B, %H:%M')}" in page
    move = re.search(r'href="([^"]*/move\?[^"]*)">Move it to that time', page).group(1).replace("&amp;", "&")
    form = text(ann_visitor.get(move))
    assert f'value="{shown(suggested, "%H:%M")}"' in form
    assert ann_visitor.submit(move, {"day": shown(suggested, "%Y-%m-%d"), "at": shown(suggested, "%H:%M"),
                                     "duration": "60", "following": "one"}).status_code == 302
    assert shown(suggested, zone=LOS_ANGELES) in text(bob_visitor.get(path))


@pytest.mark.parametrize("direction", ["forward", "back"])
def test_a_series_whose_time_a_clock_change_skips_or_repeats_is_refused_naming_the_dates(app, scene, direction):
    program, pair, ann, bob, _ = scene
    change = next_change("Europe/Berlin", at_least=21, forward=direction == "forward", back=direction == "back")
    first = change - timedelta(days=14)
    ann_visitor = logged_in(app, ann, PASSWORD)
    refused = schedule(ann_visitor, pair, first, at="02:30", repeat="weekly", count="4", title="Early")
    body = text(refused)
    assert refused.status_code == 422 and change.strftime("%d %B %Y") in body
    assert 'value="02:30"' in body and 'value="Early"' in body and Meeting.select().count() == 0

    schedule(ann_visitor, pair, first, at="18:00", repeat="weekly", count="4")
    meeting = Meeting.select().order_by(Meeting.starts_at).first()
    typed = datetime.combine(first, time(2, 30), BERLIN).astimezone(LOS_ANGELES)  # Bob types his own time
    path = f"/pairs/{pair.id}/sessions/{meeting.id}"
    refused = logged_in(app, bob, PASSWORD).submit(f"{path}/move", {
        "day": typed.date().isoformat(), "at": typed.strftime("%H:%M"), "duration": "60", "following": "following"})
    body = text(refused)
    assert refused.status_code == 422 and change.strftime("%d %B %Y") in body
    assert f'value="{typed.strftime("%H:%M")}"' in body
    assert shown(datetime.combine(first, time(18), BERLIN)) in text(ann_visitor.get(path))


def test_the_calendar_feed_carries_each_persons_answer_to_each_session(app, mailbox, scene):
    program, pair, ann, bob, coordinator = scene
    ann_visitor, bob_visitor = logged_in(app, ann, PASSWORD), logged_in(app, bob, PASSWORD)
    schedule(ann_visitor, pair, in_days(3), repeat="weekly", count="4")
    first, second, third, fourth = Meeting.select().order_by(Meeting.starts_at)
    accept = mailbox.find(bob.email, "Check-ins with Ann Mentee: Check-in").link_containing("/accepted")
    app.test_client().submit(accept, {"answer": "accepted"})  # the whole series
    path = f"/pairs/{pair.id}/sessions/{third.id}"
    bob_visitor.submit(f"{path}/answer", {"answer": "declined"}, page=path)  # the third and later
    path = f"/pairs/{pair.id}/sessions/{second.id}"
    ann_visitor.submit(f"{path}/move", {"day": shown(second.starts_at, "%Y-%m-%d"), "at": "20:00", "duration": "60",
                                        "following": "one"})
    moved = datetime.combine(second.starts_at.astimezone(BERLIN).date(), time(20), BERLIN)
    logged_in(app, coordinator, PASSWORD).submit(f"/programs/{program.slug}/events",
                                                 {"title": "Kick-off", "day": in_days(4).isoformat(), "at": "17:00",
                                                  "duration": "60", "audience": "all"})
    kick_off = Meeting.get(Meeting.title == "Kick-off")
    event_path = f"/programs/{program.slug}/events/{kick_off.id}"
    bob_visitor.submit(f"{event_path}/answer", {"answer": "accepted"}, page=event_path)

    def feed_of(visitor):
        address = re.search(r'value="(http://[^"]+\.ics)"', text(visitor.get("/calendar"))).group(1)
        return Parsed(app.test_client().get(address).get_data(as_text=True))

    uid = first.uid
    assert answers_in(feed_of(bob_visitor), bob.email) == {
        (uid, first.starts_at): "ACCEPTED", (uid, moved): "NEEDS-ACTION", (uid, third.starts_at): "DECLINED",
        (uid, fourth.starts_at): "DECLINED", (kick_off.uid, kick_off.starts_at): "ACCEPTED"}
    assert answers_in(feed_of(ann_visitor), ann.email) == {
        (uid, first.starts_at): "ACCEPTED", (uid, moved): "ACCEPTED", (uid, third.starts_at): "ACCEPTED",
        (uid, fourth.starts_at): "ACCEPTED", (kick_off.uid, kick_off.starts_at): "NEEDS-ACTION"}


def test_the_pair_page_follows_every_change_to_its_sessions_at_once(app, scene):
    program, pair, ann, bob, _ = scene
    ann_visitor, bob_visitor = logged_in(app, ann, PASSWORD), logged_in(app, bob, PASSWORD)
    path = f"/pairs/{pair.id}"
    assert "No session planned." in text(bob_visitor.get(path))  # the page as both workers may keep it
    schedule(ann_visitor, pair, in_days(2), title="First talk")
    schedule(ann_visitor, pair, in_days(9), title="Second talk")
    page = text(bob_visitor.get(path))
    assert re.search(r'Next: <a href="[^"]+">First talk</a>', page) and "Second talk" in page
    first = Meeting.get(Meeting.title == "First talk")
    ann_visitor.submit(f"{path}/sessions/{first.id}/cancel", {"scope": "one"})
    page = text(bob_visitor.get(path))
    assert "First talk" not in page and re.search(r'Next: <a href="[^"]+">Second talk</a>', page)
    Meeting.update(title="Renamed by hand").where(Meeting.title == "Second talk").execute()  # no service told
    assert re.search(r'Next: <a href="[^"]+">Renamed by hand</a>', text(bob_visitor.get(path)))
