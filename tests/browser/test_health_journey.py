"""In a real browser: a session ends, both people answer the feedback from their emails, the coordinator's board shows
their ratings, and a pair that went quiet (set up through the clock) is flagged, nudged, and the nudge arrives."""
from datetime import timedelta

from playwright.sync_api import expect

from conftest import PASSWORD
from support.browser import log_in


def test_feedback_reaches_the_board_and_a_quiet_pair_is_nudged(new_page, mailbox, scheduler, make_user, make_program,
                                                              make_pair, make_session):
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(name="Writers Circle", coordinators=[coordinator], cadence_days=14, checkin_weeks=0)
    ann, bob = make_user(name="Ann Mentee"), make_user(name="Bob Mentor")
    sam, tom = make_user(name="Sam Mentee"), make_user(name="Tom Mentor")
    talking = make_pair(program, ann, bob, activated_days_ago=10)
    quiet = make_pair(program, sam, tom, activated_days_ago=30)
    make_session(talking, timedelta(minutes=30))
    make_session(quiet, timedelta(days=-14))

    assert "feedback_chores" in scheduler.advance(timedelta(hours=2))
    for person, partner, rating in ((ann, bob, "5"), (bob, ann, "3")):
        email = mailbox.find(person.email, f"How was your session with {partner.name}?")
        page = new_page()
        page.goto(email.link_containing("/feedback/"))
        page.get_by_label("Yes", exact=True).check()
        page.get_by_role("group", name="How useful was it?").get_by_label(rating, exact=True).check()
        page.get_by_label("What went well?").fill(f"{person.name} says: a good session.")
        page.get_by_role("button", name="Send").click()
        expect(page.get_by_text(f"Thank you, {person.name}")).to_be_visible()

    board = new_page()
    log_in(board, coordinator, PASSWORD)
    board.goto(f"/programs/{program.slug}/health")
    talking_row = board.get_by_role("row").filter(has_text="Ann Mentee and Bob Mentor")
    expect(talking_row).to_contain_text("5 · 3")
    expect(talking_row).not_to_contain_text("No session for a while")

    scheduler.advance(timedelta(days=15))
    board.reload()
    quiet_row = board.get_by_role("row").filter(has_text="Sam Mentee and Tom Mentor")
    expect(quiet_row).to_contain_text("No session for a while")
    expect(board.get_by_role("row").filter(has_text="Ann Mentee and Bob Mentor")).not_to_contain_text(
        "No session for a while")
    board.get_by_role("link", name="Flagged (1)").click()
    expect(board.get_by_role("row")).to_have_count(2)  # the header and the quiet pair
    quiet_row.get_by_role("link", name="Nudge Sam Mentee and Tom Mentor").click()
    expect(board.get_by_label("Message")).to_contain_text("{partner}")
    board.get_by_role("button", name="Preview").click()
    expect(board.get_by_role("heading", name="Preview: what Sam Mentee")).to_be_visible()
    expect(board.locator(".email-text")).to_contain_text("you and Tom Mentor have not met for 29 days")
    board.get_by_role("button", name="Send to 1 pair").click()
    expect(board.get_by_text("Nudge sent to 1 pair.")).to_be_visible()
    nudge = mailbox.find(tom.email, "How is your mentoring going?")
    assert "you and Sam Mentee have not met for 29 days" in nudge.text
    assert mailbox.find(sam.email, "How is your mentoring going?")
