"""A person answers a "wrote to you" email from their mail app: their words (not the quoted history) and the file they
attach become their messages in the pair's conversation; a reply from anyone else is kept for the admin."""
from datetime import timedelta

import pytest

from conftest import PASSWORD
from mentoring.models import InboundMessage, Message, PairFile
from support.client import logged_in, seen
from support.inbound import mail_in, reply
from support.scheduler import Scheduler


@pytest.fixture
def emailed(app, make_user, make_program, make_pair, mailbox, scheduler):
    """Ann wrote to Bob, who left it unread until the quiet-while email went out: (pair, Ann's and Bob's clients and
    accounts, the email Bob got)."""
    ann = make_user(name="Ann Mentee", email="ann@example.org")
    bob = make_user(name="Bob Mentor", email="bob@example.org")
    pair = make_pair(make_program(), ann, bob, activated_days_ago=3)
    ann_visitor = logged_in(app, ann, PASSWORD)
    ann_visitor.submit(f"/pairs/{pair.id}/conversation", {"text": "Are you free on Thursday?"})
    scheduler.advance(timedelta(minutes=11))
    email = mailbox.find(bob.email, "Ann Mentee wrote to you")
    return pair, ann_visitor, logged_in(app, bob, PASSWORD), ann, bob, email


def test_a_reply_by_email_becomes_a_message_with_its_file(app, emailed):
    pair, ann_visitor, bob_visitor, ann, bob, email = emailed
    assert email["Reply-To"].startswith("mentoring+c") and "reply to this email" in email.text
    raw = reply(email, bob.email, "Thursday works, see you at 10.", ("plan.pdf", b"%PDF-1.4 a plan"))
    assert "acted" in mail_in(app, raw)
    conversation = seen(ann_visitor.get(f"/pairs/{pair.id}/conversation"))
    assert "Thursday works, see you at 10." in conversation and "plan.pdf" in conversation
    assert [m.text for m in Message.select().where(Message.sender == bob)] == ["Thursday works, see you at 10.", ""]
    assert "Are you free on Thursday?" not in Message.select().where(Message.sender == bob).first().text
    assert PairFile.get().name == "plan.pdf"


def test_a_reply_from_someone_else_or_to_a_pair_one_has_left_is_kept(app, emailed, make_user):
    pair, ann_visitor, bob_visitor, ann, bob, email = emailed
    assert "kept" in mail_in(app, reply(email, "mallory@example.org", "I am Bob, honestly."))
    pair.state = "ended"
    pair.save()
    assert "kept" in mail_in(app, reply(email, bob.email, "Still there?"))
    assert not Message.select().where(Message.sender == bob).exists()
    notes = [message.note for message in InboundMessage.select().order_by(InboundMessage.id)]
    pair.state = "active"
    pair.save()
    assert "kept" in mail_in(app, reply(email, bob.email, ""))  # only the quoted email: nothing to say
    assert not Message.select().where(Message.sender == bob).exists()
    assert notes[0] == "The reply is not from the person its address was given to."
    assert "ended" in notes[1]


def test_without_plus_addresses_the_subject_and_a_header_carry_the_token(make_app, make_user, make_program, make_pair,
                                                                         mailbox, clock):
    app = make_app(INBOUND_PLUS_ADDRESSES=False)
    ann = make_user(name="Ann Mentee", email="ann@example.org")
    bob = make_user(name="Bob Mentor", email="bob@example.org")
    pair = make_pair(make_program(), ann, bob, activated_days_ago=3)
    logged_in(app, ann, PASSWORD).submit(f"/pairs/{pair.id}/conversation", {"text": "Are you free on Thursday?"})
    Scheduler(app).advance(timedelta(minutes=11))
    email = next(m for m in mailbox.to(bob.email) if m["Subject"].startswith("Ann Mentee wrote to you [#"))
    token = email["Subject"].removeprefix("Ann Mentee wrote to you [#").removesuffix("]")
    assert email["Reply-To"] == "mentoring@example.org" and email["X-Mentoring-Token"] == token
    assert "acted" in mail_in(app, reply(email, bob.email, "Thursday works."))  # to the bare mailbox, "Re: … [#…]"
    assert [m.text for m in Message.select().where(Message.sender == bob)] == ["Thursday works."]
