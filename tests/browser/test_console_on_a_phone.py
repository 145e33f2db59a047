"""In a real browser at a phone's width (390 px): the coordinator's health board and report fit the screen (the
board's table scrolls in its own box), the console's menu folds above the content and opens with the keyboard."""
from datetime import timedelta

from playwright.sync_api import expect

from conftest import PASSWORD
from support.browser import log_in

PHONE = {"width": 390, "height": 844}


def test_the_board_and_the_report_do_not_scroll_sideways_on_a_phone(new_page, make_user, make_program, make_pair,
                                                                   make_session):
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(name="Writers Circle", coordinators=[coordinator], cadence_days=14, checkin_weeks=0)
    for number, days_ago in enumerate((10, 45, 80)):
        pair = make_pair(program, make_user(name=f"Maximilian Mentee-Number{number}"),
                         make_user(name=f"Bartholomew Mentor-Number{number}"), activated_days_ago=days_ago)
        make_session(pair, timedelta(days=-days_ago + 3))
    page = new_page()
    page.set_viewport_size(PHONE)
    log_in(page, coordinator, PASSWORD)

    for path, heading in (("health", "How the pairs are doing"), ("report", "Writers Circle: report")):
        page.goto(f"/programs/{program.slug}/{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        assert page.evaluate("document.documentElement.scrollWidth <= innerWidth"), path

    page.goto(f"/programs/{program.slug}/health")
    expect(page.get_by_role("link", name="Report", exact=True)).to_be_hidden()  # folded on a phone
    page.get_by_text("Console menu").focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name="Health", exact=True)).to_have_attribute("aria-current", "page")
    page.get_by_role("link", name="No session for a while").click()
    expect(page.get_by_role("link", name="No session for a while")).to_have_attribute("aria-current", "page")
    assert page.evaluate("document.documentElement.scrollWidth <= innerWidth")
