"""Replies to the emails of asking and proposing: a mentor's question to a request (by mail or on the page) goes
beside it for the mentee, who answers the same ways; once the request made a pair, and for a coordinators' proposal,
a reply becomes a message in the pair's conversation. Whatever cannot be acted on is kept."""
from zoneinfo import ZoneInfo

import pytest

from conftest import PASSWORD
from mentoring import clock
from mentoring.models import InboundMessage, MentorRequest, Message, Pair, RequestNote
from support.client import logged_in, seen, text
from support.inbound import mail_in, reply


@pytest.fixture
def asked(app, make_user, make_program, join, mailbox):
    """Mia (a mentee in Berlin) asked Sam (a mentor in Los Angeles) through the page: (program, request, Mia's and
    Sam's clients and accounts, the email Sam got)."""
    program = make_program()
    mia = make_user(name="Mia Mentee", email="mia@example.org", timezone="Europe/Berlin")
    sam = make_user(name="Sam Strong", email="sam@example.org", timezone="America/Los_Angeles")
    join(mia, program, "mentee")
    mentor = join(sam, program, "mentor")
    mia_visitor = logged_in(app, mia, PASSWORD)
    response = mia_visitor.submit(f"/programs/{program.slug}/mentors/{mentor.id}",
                                  {"message": "I hope to learn to lead a team."})
    assert response.status_code == 302
    email = mailbox.find(sam.email, "Mia Mentee would like you as their mentor")
    return program, MentorRequest.get(), mia_visitor, logged_in(app, sam, PASSWORD), mia, sam, email


def shown_at(zone):
    """The moment now as a page shows it to a viewer in `zone`."""
    return clock.now().astimezone(ZoneInfo(zone)).strftime("%d %b %Y, %H:%M %Z")


def test_a_question_before_the_answer_goes_back_and_forth_by_mail_and_page(app, asked, mailbox):
    program, request, mia_visitor, sam_visitor, mia, sam, email = asked
    assert email["Reply-To"].startswith("mentoring+q") and "A question first? Reply to this email" in email.text

    assert "acted" in mail_in(app, reply(email, sam.email, "Happy to. Which evenings suit you?"))
    mine = seen(mia_visitor.get(f"/programs/{program.slug}/requests"))
    assert "Sam Strong · " + shown_at("Europe/Berlin") + " Happy to. Which evenings suit you?" in mine
    assert "would like you as their mentor" not in mine  # the quoted email is left out
    to_mia = mailbox.find(mia.email, "Sam Strong wrote about your request")
    assert "Happy to. Which evenings suit you?" in to_mia.text and to_mia["Reply-To"].startswith("mentoring+q")

    assert "acted" in mail_in(app, reply(to_mia, mia.email, "Tuesdays after six."))
    assert "Tuesdays after six." in mailbox.find(sam.email, "Mia Mentee wrote about their request").text
    response = mia_visitor.submit(f"/programs/{program.slug}/requests/{request.id}/notes",
                                  {"text": "Or Thursdays."},
                                  page=f"/programs/{program.slug}/requests")
    assert response.headers["Location"].endswith(f"/programs/{program.slug}/requests#request-{request.id}")
    page = seen(sam_visitor.get(f"/programs/{program.slug}/inbox/{request.id}"))
    at = shown_at("America/Los_Angeles")
    assert (f"Sam Strong · {at} Happy to. Which evenings suit you? Mia Mentee · {at} Tuesdays after six. "
            f"Mia Mentee · {at} Or Thursdays.") in page
    assert MentorRequest.get_by_id(request.id).state == "open"  # words are not an answer

    sam_visitor.submit(f"/programs/{program.slug}/inbox/{request.id}/accept", {"welcome": ""},
                       page=f"/programs/{program.slug}/inbox/{request.id}")
    pair = Pair.get()
    assert "acted" in mail_in(app, reply(email, sam.email, "Great, Tuesday it is."))  # the request's email, late
    accepted = mailbox.find(mia.email, "Sam Strong will be your mentor")
    assert accepted["Reply-To"].startswith("mentoring+c")
    assert "Reply to this email to write to Sam Strong" in accepted.text
    assert "acted" in mail_in(app, reply(accepted, mia.email, "Thank you!"))
    conversation = seen(mia_visitor.get(f"/pairs/{pair.id}/conversation"))
    assert "Great, Tuesday it is." in conversation and "Thank you!" in conversation
    assert RequestNote.select().count() == 3

    assert [note["text"] for note in mia_visitor.get("/account/export").json["request_notes"]] == [
        "Tuesdays after six.", "Or Thursdays."]
    mia_visitor.submit("/account/delete", {"password": PASSWORD, "understood": "y"})
    page = seen(sam_visitor.get(f"/programs/{program.slug}/inbox/{request.id}"))
    assert "Happy to. Which evenings suit you?" in page and "Tuesdays" not in page and "Thursdays" not in page


def test_replies_that_cannot_go_beside_the_request_are_kept(app, asked, mailbox):
    program, request, mia_visitor, sam_visitor, mia, sam, email = asked
    assert "kept" in mail_in(app, reply(email, "mallory@example.org", "I am Sam, honestly."))
    assert "kept" in mail_in(app, reply(email, sam.email, ""))  # only the quoted email
    sam_visitor.submit(f"/programs/{program.slug}/inbox/{request.id}/decline", {"reason": "time", "note": ""},
                       page=f"/programs/{program.slug}/inbox/{request.id}")
    assert "kept" in mail_in(app, reply(email, sam.email, "Sorry, after all."))
    notes = [message.note for message in InboundMessage.select().order_by(InboundMessage.id)]
    assert notes == ["The reply is not from the person its address was given to.",
                     "The reply holds no words of its own.",
                     "This request is declined: it takes no more words."]
    assert not RequestNote.select().exists()
    assert "Sorry, after all." not in seen(mia_visitor.get(f"/programs/{program.slug}/requests"))


def test_words_on_the_page_keep_what_was_typed_and_stay_with_the_two(app, asked, make_user, join):
    program, request, mia_visitor, sam_visitor, mia, sam, email = asked
    mentor_url = f"/programs/{program.slug}/inbox/{request.id}/notes"
    empty = sam_visitor.submit(mentor_url, {"text": "  "}, page=f"/programs/{program.slug}/inbox/{request.id}")
    assert empty.status_code == 422 and "Write something first." in text(empty)
    long = sam_visitor.submit(mentor_url, {"text": "Why? " * 500}, page=f"/programs/{program.slug}/inbox/{request.id}")
    assert long.status_code == 422 and "Keep it under 2,000 characters." in text(long)
    assert "Why? Why? Why?" in text(long)  # what was typed stays in the box
    mentee_url = f"/programs/{program.slug}/requests/{request.id}/notes"
    long = mia_visitor.submit(mentee_url, {"text": "When? " * 400}, page=f"/programs/{program.slug}/requests")
    assert long.status_code == 422 and "Keep it under 2,000 characters." in text(long)
    assert f'id="request-{request.id}-text"' in text(long) and "When? When? When?" in text(long)

    olga = make_user(name="Olga Other", email="olga@example.org")
    max_ = make_user(name="Max Mentor", email="max@example.org")
    join(olga, program, "mentee")
    join(max_, program, "mentor")
    olga_visitor, max_visitor = logged_in(app, olga, PASSWORD), logged_in(app, max_, PASSWORD)
    elsewhere = olga_visitor.submit(mentee_url, {"text": "Me too"}, page=f"/programs/{program.slug}/requests")
    assert elsewhere.status_code == 404
    assert max_visitor.submit(mentor_url, {"text": "Hello"}, page=f"/programs/{program.slug}/inbox").status_code == 404
    assert not RequestNote.select().exists()


def test_a_reply_to_a_proposal_becomes_a_message_in_the_pair_conversation(app, make_user, make_program, join, mailbox):
    coordinator = make_user(name="Cora Coordinator", email="cora@example.org")
    program = make_program(coordinators=[coordinator])
    mia = make_user(name="Mia Mentee", email="mia@example.org")
    sam = make_user(name="Sam Strong", email="sam@example.org")
    mentee, mentor = join(mia, program, "mentee"), join(sam, program, "mentor")
    logged_in(app, coordinator, PASSWORD).submit(
        f"/programs/{program.slug}/matching/people",
        {"mentee": str(mentee.id), "mentor": str(mentor.id), "kind": "pin", "action": "pair"},
        page=f"/programs/{program.slug}/matching")
    proposal = mailbox.find(sam.email, "A mentoring match for you: Mia Mentee")
    assert proposal["Reply-To"].startswith("mentoring+c")
    assert "Reply to this email to write to Mia Mentee" in proposal.text
    assert "acted" in mail_in(app, reply(proposal, sam.email, "Glad to meet you. What do you hope to learn?"))
    pair = Pair.get()
    assert pair.state == "proposed"
    conversation = seen(logged_in(app, mia, PASSWORD).get(f"/pairs/{pair.id}/conversation"))
    assert "Glad to meet you. What do you hope to learn?" in conversation
    assert [m.text for m in Message.select()] == ["Glad to meet you. What do you hope to learn?"]
