"""What waits unread: the count in the top menu on every page, and the one email per person a quiet conversation
brings when both of its people have messages waiting."""
import re
from datetime import timedelta

import pytest

from conftest import PASSWORD
from mentoring.models import ConversationRead, Pair
from support.client import logged_in, seen


@pytest.fixture
def talk(app, make_user, make_program, make_pair):
    """An active pair, Ann (mentee, in Los Angeles) and Bob (mentor, in Berlin), each logged in."""
    program = make_program()
    ann = make_user(name="Ann Mentee", timezone="America/Los_Angeles")
    bob = make_user(name="Bob Mentor", timezone="Europe/Berlin")
    pair = make_pair(program, ann, bob, activated_days_ago=3)
    return pair, logged_in(app, ann, PASSWORD), logged_in(app, bob, PASSWORD), ann, bob


def menu(response):
    """The top menu's unread link as (its accessible name, its address, the words shown), or None."""
    found = re.search(r'<nav class="site-nav"[^>]*>.*?</nav>', response.get_data(as_text=True), re.S).group(0)
    link = re.search(r'<a href="([^"]*)" aria-label="([^"]*unread[^"]*)">(.*?)</a>', found, re.S)
    return (link.group(2), link.group(1), seen(link.group(3))) if link else None


def test_the_menu_counts_the_partners_unread_messages_until_they_are_read(talk):
    pair, ann, bob, _, _ = talk
    conversation = f"/pairs/{pair.id}/conversation"
    assert menu(bob.get("/about")) is None
    ann.submit(conversation, {"text": "Hello Bob"})
    ann.submit(conversation, {"text": "Are you free on Thursday?"})
    assert menu(bob.get("/about")) == ("2 unread messages", conversation, "Messages 2")
    assert menu(bob.get("/calendar")) == ("2 unread messages", conversation, "Messages 2")  # on every page
    assert menu(ann.get("/about")) is None  # her own messages are never hers to read
    bob.get(conversation)
    assert menu(bob.get("/about")) is None
    bob.submit(conversation, {"text": "Thursday suits me"})
    assert menu(ann.get("/about")) == ("1 unread message", conversation, "Messages 1")


def test_messages_in_two_pairs_lead_to_the_dashboard_and_an_ended_pair_counts_none(app, talk, make_user, make_pair):
    pair, ann, bob, _, bob_user = talk
    cleo = make_user(name="Cleo Mentee")
    other = make_pair(pair.program, cleo, pair.mentor, activated_days_ago=1)
    cleo_client = logged_in(app, cleo, PASSWORD)
    ann.submit(f"/pairs/{pair.id}/conversation", {"text": "Hello Bob"})
    cleo_client.submit(f"/pairs/{other.id}/conversation", {"text": "Hello from Cleo"})
    cleo_client.submit(f"/pairs/{other.id}/conversation", {"text": "And again"})
    assert menu(bob.get("/about")) == ("3 unread messages", "/#programs-title", "Messages 3")
    dashboard = seen(bob.get("/"))
    assert "(1 unread message)" in dashboard and "(2 unread messages)" in dashboard
    with app.app_context():
        Pair.update(state=Pair.ENDED).where(Pair.id == other.id).execute()
    # An ended pair's messages no longer count: the dashboard does not list the pair, the unread email told them.
    assert menu(bob.get("/about")) == ("1 unread message", f"/pairs/{pair.id}/conversation", "Messages 1")


def test_a_visitor_sees_no_count(client):
    assert "unread" not in client.get("/about").get_data(as_text=True)


def test_when_both_have_messages_waiting_each_gets_exactly_one_email(app, talk, mailbox, scheduler):
    pair, ann, bob, ann_user, bob_user = talk
    conversation = f"/pairs/{pair.id}/conversation"

    def unread_emails(person):
        return [m for m in mailbox.to(person.email) if m["Subject"].endswith(" wrote to you")]

    ann.submit(conversation, {"text": "Are you free on Thursday?"}, page="/about")
    bob.submit(conversation, {"text": "Can we move to Friday?"}, page="/about")
    # Sending moves the sender's read mark past what came before, so here Bob's mark is put back where it was
    # before he wrote: both then have the other's message waiting unread at once.
    with app.app_context():
        ConversationRead.update(last_read=0).where(ConversationRead.user == bob_user.id).execute()
    scheduler.advance(timedelta(minutes=11))
    bob_email = mailbox.find(bob_user.email, "Ann Mentee wrote to you")
    ann_email = mailbox.find(ann_user.email, "Bob Mentor wrote to you")
    assert "Are you free on Thursday?" in bob_email.text and "Can we move to Friday?" not in bob_email.text
    assert "Can we move to Friday?" in ann_email.text and "Are you free on Thursday?" not in ann_email.text
    scheduler.advance(timedelta(minutes=30))
    assert len(unread_emails(bob_user)) == 1 and len(unread_emails(ann_user)) == 1
