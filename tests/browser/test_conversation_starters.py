"""In a real browser: a mentee opens an empty conversation, picks one of the program's icebreakers, and it is in the
message box at once, focused, ready to send with Enter."""
from playwright.sync_api import expect

from conftest import PASSWORD
from mentoring.library import service as library
from support.browser import log_in


def test_an_icebreaker_goes_into_the_message_box_and_is_sent(new_page, make_user, make_program, make_pair):
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator])
    library.set_icebreakers(coordinator, program, ["What made you join this program?"])
    ann = make_user(name="Ann Mentee", timezone="America/Los_Angeles")
    pair = make_pair(program, ann, make_user(name="Bob Mentor", timezone="Asia/Tokyo"))

    page = new_page(timezone_id="America/Los_Angeles")
    log_in(page, ann, PASSWORD)
    page.goto(f"/pairs/{pair.id}/conversation")
    expect(page.get_by_role("heading", name="Not sure how to begin? Try one of these")).to_be_visible()
    page.get_by_role("button", name="What made you join this program?").click()
    box = page.get_by_role("textbox", name="Message")
    expect(box).to_have_value("What made you join this program?")
    expect(box).to_be_focused()
    assert "draft=" not in page.url  # filled in place, without a reload
    box.press("Enter")
    expect(page.get_by_role("log")).to_contain_text("What made you join this program?")
    expect(page.get_by_role("heading", name="Not sure how to begin? Try one of these")).to_have_count(0)
