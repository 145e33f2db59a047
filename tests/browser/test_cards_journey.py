"""In a real browser: a mentee's suggestion cards at phone width (one column, the filters folded away, the fit read as
a meter), and the pair's home answering the next session with buttons that show the answer."""
from datetime import timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import expect

from conftest import PASSWORD
from mentoring import clock
from support.browser import log_in

PHONE = {"width": 390, "height": 844}


def test_suggestion_cards_on_a_phone(new_page, make_user, make_program, join):
    program = make_program(name="Writers Circle")
    mentee_user = make_user(name="Mo Mentee")
    join(mentee_user, program, "mentee", answers={"areas_to_grow": ["public_speaking"]})
    join(make_user(name="Rae Mentor"), program, "mentor", answers={"expertise": ["public_speaking"]})
    join(make_user(name="Lou Lesser"), program, "mentor", answers={"expertise": ["data"]})

    page = new_page()
    page.set_viewport_size(PHONE)
    log_in(page, mentee_user, PASSWORD)
    page.goto(f"/programs/{program.slug}/mentors")
    cards = page.locator(".suggestion")
    expect(cards).to_have_count(2)
    first, second = (cards.nth(i).bounding_box() for i in range(2))
    assert first["x"] == second["x"] and second["y"] > first["y"] + first["height"] - 1  # one column
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    expect(cards.first.get_by_role("meter", name="Strong fit")).to_be_visible()
    expect(cards.first).to_contain_text("Can help with public speaking")

    search = page.get_by_label("Name or words")
    expect(search).to_be_hidden()
    page.get_by_text("Narrow the list").click()
    search.fill("lou")
    search.press("Enter")
    expect(cards).to_have_count(1)
    expect(cards.first).to_contain_text("Lou Lesser")


def test_the_next_session_is_answered_from_the_pairs_home(new_page, make_user, make_program, make_pair):
    ann = make_user(name="Ann Mentee", timezone="Europe/Berlin")
    bob = make_user(name="Bob Mentor", timezone="America/Los_Angeles")
    pair = make_pair(make_program(name="Writers Circle"), ann, bob)
    day = (clock.now() + timedelta(days=4)).astimezone(ZoneInfo("Europe/Berlin")).date()

    page = new_page(timezone_id="Europe/Berlin")
    log_in(page, ann, PASSWORD)
    page.goto(f"/pairs/{pair.id}/sessions/new")
    page.get_by_label("Date").fill(day.isoformat())
    page.get_by_label("Start time").fill("19:00")
    page.get_by_role("button", name="Schedule and send the invitations").click()
    page.get_by_label("Add an item").fill("First item")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("button", name="Done: First item")).to_be_visible()  # the agenda swapped in, its box empty
    page.get_by_label("Add an item").fill("Second item")
    page.get_by_role("button", name="Add", exact=True).click()
    move_up = page.get_by_role("button", name="Move up: Second item")
    box = move_up.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24

    partner = new_page()
    log_in(partner, bob, PASSWORD)
    partner.goto(f"/pairs/{pair.id}")
    accept = partner.get_by_role("button", name="Accept")
    expect(accept).to_have_attribute("aria-pressed", "false")
    accept.click()
    expect(partner.get_by_role("status").filter(has_text="You accepted")).to_be_visible()
    expect(partner.get_by_role("button", name="Accept")).to_have_attribute("aria-pressed", "true")
    partner.get_by_role("button", name="Decline").click()
    expect(partner.get_by_role("button", name="Decline")).to_have_attribute("aria-pressed", "true")
    expect(partner.get_by_role("button", name="Accept")).to_have_attribute("aria-pressed", "false")
    partner.reload()
    expect(partner.get_by_role("button", name="Decline")).to_have_attribute("aria-pressed", "true")
    expect(partner.get_by_text("You: declined")).to_be_visible()
