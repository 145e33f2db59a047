"""In a real browser: a pair schedules weekly check-ins, the partner far away moves one session in their own time,
one is cancelled, and the partner answers from the email; every invite is read back from the SMTP server by
parsers other than ours."""
from datetime import UTC, timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from conftest import PASSWORD
from mentoring import clock
from mentoring.models import Meeting
from support.browser import log_in
from support.calendars import Parsed


def invite_in(message):
    method, calendar = message.invite
    parsed = Parsed(calendar)
    assert parsed.method == method and message.ics_attachment == calendar
    return parsed


def test_weekly_check_ins_moved_cancelled_and_answered(new_page, mailbox, make_user, make_program, make_pair):
    program = make_program(name="Writers Circle")
    ann = make_user(name="Ann Mentee", timezone="Europe/Berlin")
    bob = make_user(name="Bob Mentor", timezone="Pacific/Auckland")
    pair = make_pair(program, ann, bob)
    first_day = (clock.now() + timedelta(days=9)).astimezone(ZoneInfo("Europe/Berlin")).date()

    page = new_page(timezone_id="Europe/Berlin")
    log_in(page, ann, PASSWORD)
    page.get_by_role("link", name="open your pair").click()
    page.get_by_role("link", name="Schedule a session").click()
    page.get_by_label("Date").fill(first_day.isoformat())
    page.get_by_label("Start time").fill("19:00")
    expect(page.locator("#when")).to_contain_text("for Bob Mentor (Pacific/Auckland)")
    page.get_by_label("Repeat").select_option(label="Every week")
    page.get_by_label("Number of sessions").fill("4")
    page.get_by_role("button", name="Schedule and send the invitations").click()
    expect(page.get_by_role("status").first).to_contain_text("Scheduled.")

    sessions = list(Meeting.select().order_by(Meeting.starts_at))
    uid = sessions[0].uid
    for person in (ann, bob):
        partner = bob if person is ann else ann
        invite = invite_in(mailbox.find(person.email, f"Check-ins with {partner.name}: Check-in"))
        assert invite.method == "REQUEST" and invite.events[0].sequence.value == "0"
        assert invite.occurrences() == [(uid, m.starts_at, m.ends_at) for m in sessions]

    page.get_by_label("Add an item").fill("What to write next")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.locator("#agenda li")).to_have_text(["☐ What to write next Remove"], use_inner_text=True)
    expect(page.get_by_label("Add an item")).to_be_focused()

    second, third = sessions[1], sessions[2]
    partner = new_page(timezone_id="Pacific/Auckland")  # Bob moves a session in his own time
    log_in(partner, bob, PASSWORD)
    partner.goto(f"/pairs/{pair.id}/sessions/{second.id}")
    partner.get_by_role("link", name="Move…").click()
    expect(partner.get_by_text("in your time zone, Pacific/Auckland")).to_be_visible()
    partner.get_by_label("Start time").fill("08:30")
    partner.get_by_label("Only this session").check()
    partner.get_by_role("button", name="Move and tell Ann Mentee").click()
    expect(partner.get_by_role("status").first).to_contain_text("Moved.")
    expect(partner.get_by_text("You: accepted")).to_be_visible()
    moved = invite_in(mailbox.find(ann.email, "Moved: Check-in"))
    event, = moved.events
    assert moved.method == "REQUEST" and event.uid.value == uid and event.sequence.value == "1"
    assert event.recurrence_id.value.astimezone(UTC) == second.starts_at
    new_start = Meeting.get_by_id(second.id).starts_at
    assert new_start.astimezone(ZoneInfo("Pacific/Auckland")).strftime("%H:%M") == "08:30"
    assert moved.occurrences() == [(uid, new_start, new_start + timedelta(hours=1))]

    page.goto(f"/pairs/{pair.id}/sessions/{third.id}")
    page.get_by_role("link", name="Cancel…").click()
    page.get_by_label("Only this session").check()
    page.get_by_role("button", name="Cancel the session").click()
    expect(page.get_by_role("status").first).to_contain_text("Cancelled.")
    cancelled = invite_in(mailbox.find(bob.email, "Cancelled: Check-in"))
    event, = cancelled.events
    assert cancelled.method == "CANCEL" and event.status.value == "CANCELLED" and event.sequence.value == "2"
    assert event.recurrence_id.value.astimezone(UTC) == third.starts_at

    invitation = mailbox.find(bob.email, "Check-ins with Ann Mentee: Check-in")
    partner.goto(invitation.link_containing("/accepted"))
    expect(partner.get_by_label("Accepted")).to_be_checked()
    partner.get_by_role("button", name="Send my answer").click()
    expect(partner.get_by_text("You accepted. See you there!")).to_be_visible()

    page.goto(f"/pairs/{pair.id}")
    expect(page.locator("#next-title")).to_contain_text("Check-in")
    expect(page.get_by_text("Bob Mentor: accepted")).to_be_visible()
    expect(page.get_by_text("What to write next")).to_be_visible()
    upcoming = [m.starts_at.astimezone(ZoneInfo("Europe/Berlin")).strftime("%a %d %b %Y, %H:%M")
                for m in Meeting.select().where(~Meeting.cancelled).order_by(Meeting.starts_at)]
    expect(page.get_by_role("link", name=upcoming[1])).to_be_visible()
    expect(page.get_by_role("link", name=upcoming[2])).to_be_visible()
