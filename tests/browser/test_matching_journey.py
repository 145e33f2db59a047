"""In a real browser: a mentee picks a suggested mentor, the mentor accepts, both continue after meeting."""
from playwright.sync_api import expect

from conftest import PASSWORD
from mentoring.models import Pair
from support.browser import log_in


def test_request_accept_and_continue_after_the_introduction(new_page, mailbox, make_user, make_program, join):
    program = make_program(name="Writers Circle")
    mentee_user = make_user(name="Mo Mentee")
    join(mentee_user, program, "mentee", answers={"areas_to_grow": ["public_speaking"]})
    mentor_user = make_user(name="Rae Mentor")
    join(mentor_user, program, "mentor", answers={"expertise": ["public_speaking", "leadership"]})
    join(make_user(name="Lou Lesser"), program, "mentor", answers={"expertise": ["data"]})

    mentee = new_page()
    log_in(mentee, mentee_user, PASSWORD)
    mentee.get_by_role("link", name="see your suggested mentors").click()
    cards = mentee.locator(".suggestion")
    expect(cards).to_have_count(2)
    expect(cards.first).to_contain_text("Rae Mentor")
    expect(cards.first).to_contain_text("Can help with public speaking")
    mentee.get_by_role("button", name="Not for me: hide Lou Lesser").click()
    expect(cards).to_have_count(1)
    expect(mentee.get_by_role("status").filter(has_text="mentor")).to_contain_text("1 mentor fits")

    mentee.get_by_role("link", name="See why and ask Rae Mentor").click()
    expect(mentee.get_by_role("heading", name="Why Rae Mentor fits you")).to_be_visible()
    mentee.get_by_label("What do you hope to gain from this mentor?").fill("Speak at my first conference.")
    mentee.get_by_role("button", name="Send my request").click()
    expect(mentee.get_by_role("status")).to_contain_text("Your request is on its way to Rae Mentor.")

    assert mailbox.find(mentor_user.email, "Mo Mentee would like you as their mentor")
    mentor = new_page()
    log_in(mentor, mentor_user, PASSWORD)
    mentor.get_by_role("link", name="1 request waiting for your answer").click()
    mentor.get_by_role("link", name="Mo Mentee").click()
    expect(mentor.get_by_text("Speak at my first conference.")).to_be_visible()
    mentor.get_by_label("A welcome message (optional)").fill("Happy to help!")
    mentor.get_by_role("button", name="Accept Mo Mentee").click()
    expect(mentor.get_by_role("heading", name="Meet and greet")).to_be_visible()

    assert "Happy to help!" in mailbox.find(mentee_user.email, "Rae Mentor will be your mentor").text
    mentee.goto("/")
    mentee.get_by_role("link", name="meet, then say whether to continue").click()
    mentee.get_by_role("button", name="Let's continue").click()
    expect(mentee.get_by_role("status")).to_contain_text("waiting for the other person's answer")
    mentor.reload()
    mentor.get_by_role("button", name="Let's continue").click()
    expect(mentor.get_by_role("status")).to_contain_text("You are now a mentoring pair.")
    expect(mentor.locator(".badge")).to_have_text("active")
    assert Pair.get().state == "active"
