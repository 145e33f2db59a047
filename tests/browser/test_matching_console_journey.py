"""In a real browser: a coordinator proposes matches with the default choice, reads what the other choices would give
beside it and why a mentee is left out, proposes again with another choice from the keyboard, and publishes."""
from playwright.sync_api import expect

from conftest import PASSWORD
from mentoring.models import Membership, Pair
from support.browser import log_in


def test_propose_compare_choose_another_and_publish(new_page, make_user, make_program, join):
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(name="Writers Circle", coordinators=[coordinator])
    for name, areas in (("Ann", ["leadership"]), ("Ben", ["design"]), ("Cid", ["data", "negotiation"])):
        join(make_user(name=name), program, "mentee", answers={"areas_to_grow": areas})
    for name, areas in (("Lea", ["leadership"]), ("Dan", ["design", "data"])):
        join(make_user(name=name), program, "mentor", answers={"expertise": areas})
    Membership.update(capacity=1).where(Membership.role == "mentor").execute()

    page = new_page()
    log_in(page, coordinator, PASSWORD)
    page.goto(f"/programs/{program.slug}/matching")
    expect(page.get_by_label("Most pairs: give as many people as possible a mentor, then the highest total score "
                             "(recommended)")).to_be_checked()
    page.get_by_role("button", name="Propose matches").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposal 1: most pairs")
    choices = page.get_by_role("table", name="What each choice gives on this run")
    expect(choices.get_by_role("row")).to_have_count(4)
    expect(choices.get_by_role("row").nth(1)).to_contain_text("Most pairs (this proposal)")
    expect(page.locator(".totals")).to_contain_text("2 pairs · mean score 100.0")
    expect(page.get_by_text("Cid: Could be matched only by leaving someone else out")).to_contain_text(
        "To include them, pin them to Dan.")

    page.get_by_role("button", name="Propose with “Fairest” instead").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposal 2: fairest")

    page.goto(f"/programs/{program.slug}/matching")
    page.get_by_label("Most pairs", exact=False).first.focus()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Highest total, even if fewer people get a mentor")).to_be_checked()
    page.get_by_role("button", name="Propose matches").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Proposal 3: highest total")

    page.get_by_role("link", name="Publish: email each pair their proposal…").click()
    page.get_by_role("button", name="Publish").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert Pair.select().where(Pair.state == "proposed").count() == 2
