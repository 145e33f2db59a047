"""In a real browser: a mentee writes to her mentor, who has the conversation open on the other side of the world;
the message appears for him without a reload, in his own time, and his answer goes with the Enter key."""
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from conftest import PASSWORD
from mentoring.models import Message
from support.browser import log_in


def test_a_message_appears_for_the_partner_without_a_reload(new_page, make_user, make_program, make_pair):
    ann = make_user(name="Ann Mentee", timezone="America/Los_Angeles")
    bob = make_user(name="Bob Mentor", timezone="Asia/Tokyo")
    pair = make_pair(make_program(), ann, bob)

    his = new_page(timezone_id="Asia/Tokyo")
    log_in(his, bob, PASSWORD)
    his.goto(f"/pairs/{pair.id}/conversation")
    expect(his.get_by_text("No messages yet")).to_be_visible()

    hers = new_page(timezone_id="America/Los_Angeles")
    log_in(hers, ann, PASSWORD)
    hers.goto(f"/pairs/{pair.id}")
    hers.get_by_role("textbox", name="Message").fill("Hello Bob! My slides: https://example.org/slides")
    hers.get_by_role("button", name="Send").click()
    expect(hers.locator("#message-log")).to_contain_text("Hello Bob!")
    expect(hers.get_by_role("textbox", name="Message")).to_be_focused()
    expect(hers.get_by_role("textbox", name="Message")).to_have_value("")

    log = his.get_by_role("log")
    expect(log).to_contain_text("Hello Bob!", timeout=3000)
    sent_at = Message.get().sent_at.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%H:%M")
    expect(log).to_contain_text(f"Ann Mentee {sent_at}")
    expect(log.get_by_role("link", name="https://example.org/slides")).to_have_attribute(
        "href", "https://example.org/slides")

    his.get_by_role("textbox", name="Message").fill("Welcome, Ann")
    his.get_by_role("textbox", name="Message").press("Enter")
    expect(hers.get_by_role("log")).to_contain_text("Welcome, Ann", timeout=3000)
    expect(hers.locator("#seen")).to_have_text("Seen", timeout=3000)
