"""In a real browser: a mentor starts a tip on the members' board, a mentee finds it from the dashboard and replies
without leaving the page (htmx), and the mentor's board marks the thread as having new posts."""
from playwright.sync_api import expect

from conftest import PASSWORD
from support.browser import log_in


def test_a_tip_and_a_reply_on_the_members_board(new_page, make_user, make_program, join):
    program = make_program(name="Writers Circle", coordinators=[make_user(name="Cora Coordinator")])
    ann, bob = make_user(name="Ann Mentee"), make_user(name="Bob Mentor")
    join(ann, program, "mentee")
    join(bob, program, "mentor")

    mentor = new_page()
    log_in(mentor, bob, PASSWORD)
    mentor.get_by_role("link", name="Members' board").click()
    mentor.get_by_role("link", name="Start a thread").click()
    mentor.get_by_label("Title").fill("Ask for feedback early")
    mentor.get_by_label("Kind of thread").select_option("tips")
    mentor.get_by_label("First post").fill("After each session.\nMore: https://example.org/feedback")
    mentor.get_by_role("button", name="Post the thread").click()
    expect(mentor.get_by_role("heading", level=1)).to_have_text("Ask for feedback early")
    expect(mentor.get_by_role("link", name="https://example.org/feedback")).to_be_visible()

    mentee = new_page(timezone_id="Asia/Tokyo")
    log_in(mentee, ann, PASSWORD)
    mentee.get_by_role("link", name="Members' board").click()
    mentee.get_by_role("link", name="Tips from mentors").click()
    mentee.get_by_role("link", name="Ask for feedback early").click()
    url = mentee.url
    mentee.get_by_label("Your reply").fill("Thank you, I will.")
    mentee.get_by_role("button", name="Post your reply").click()
    expect(mentee.get_by_text("Your reply is posted.")).to_be_focused()
    expect(mentee.get_by_text("Thank you, I will.")).to_be_visible()
    assert mentee.url == url  # swapped in place by htmx

    mentor.get_by_role("link", name="← Members' board of Writers Circle").click()
    expect(mentor.get_by_role("row").filter(has_text="Ask for feedback early")).to_contain_text("New posts")
