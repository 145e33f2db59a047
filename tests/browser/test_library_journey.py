"""In a real browser: a coordinator writes a page for mentors; a mentor finds it from the dashboard, marks it read
without leaving the page, and the coordinator's board shows the mentor's training done."""
from playwright.sync_api import expect

from conftest import PASSWORD
from support.browser import log_in


def test_a_mentor_reads_the_guide_and_the_board_shows_the_training(new_page, make_user, make_program, join,
                                                                   make_pair):
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(name="Writers Circle", coordinators=[coordinator])
    ann, bob = make_user(name="Ann Mentee"), make_user(name="Bob Mentor")
    make_pair(program, join(ann, program, "mentee"), join(bob, program, "mentor"), activated_days_ago=3)

    console = new_page()
    log_in(console, coordinator, PASSWORD)
    console.goto(f"/programs/{program.slug}/health")
    console.get_by_role("navigation", name="Coordinate Writers Circle").get_by_role("link", name="Library").click()
    console.get_by_role("link", name="Add a resource").click()
    console.get_by_label("Title").fill("Asking good questions")
    console.get_by_label("Page (for a page)").fill("Ask open questions.\n\nMore: https://example.org/questions")
    console.get_by_label("Who it is for").select_option("mentors")
    console.get_by_label("Stage it fits").select_option("mid_way")
    console.get_by_role("button", name="Add to the library").click()
    expect(console.get_by_role("status")).to_contain_text("“Asking good questions” is in the library.")

    mentor = new_page()
    log_in(mentor, bob, PASSWORD)
    mentor.get_by_role("link", name="Asking good questions").click()
    expect(mentor.get_by_role("heading", level=1)).to_have_text("Asking good questions")
    expect(mentor.get_by_role("link", name="https://example.org/questions")).to_be_visible()
    mentor.get_by_role("link", name="← Library of Writers Circle").click()
    mentor.get_by_role("link", name="Mentor guide").click()
    url = mentor.url
    mentor.get_by_role("button", name="Mark as read").click()
    expect(mentor.get_by_text("You have read this.")).to_be_focused()
    expect(mentor.get_by_role("button", name="Mark as read")).to_have_count(0)
    assert mentor.url == url  # swapped in place by htmx

    console.goto(f"/programs/{program.slug}/health")
    expect(console.get_by_role("row").filter(has_text="Ann Mentee and Bob Mentor")).to_contain_text("not yet · done")
