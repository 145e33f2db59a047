"""Addresses that say what they answer: each names one person and one object, opens to exactly those, and any change
to it opens nothing."""
import pytest

from mentoring.email import replies
from mentoring.inbound import reading


@pytest.mark.parametrize("kind, object_id, person_id", [
    (replies.SESSION, 1, 1), (replies.SERIES, 35, 36), (replies.CONVERSATION, 123_456_789, 0),
])
def test_a_token_opens_to_its_person_and_object(app, kind, object_id, person_id):
    with app.app_context():
        token = replies.token_for(kind, object_id, person_id)
        assert replies.opened(token) == (kind, object_id, person_id)
        assert replies.address_for(kind, object_id, person_id) == f"mentoring+{token}@example.org"


def test_a_changed_token_or_one_made_with_another_key_opens_nothing(app, make_app):
    with app.app_context():
        token = replies.token_for(replies.SESSION, 7, 3)
        other_person = replies.token_for(replies.SESSION, 7, 4)
        forged = token.replace("u3m", "u4m")  # another person's id under this token's signature
        assert replies.opened(forged) is None and replies.opened(other_person) == (replies.SESSION, 7, 4)
        for broken in ("", "s7u3", token[:-1], token + "x", token.upper(), "x7u3m" + token[-12:]):
            assert replies.opened(broken) is None, broken
    with make_app(SECRET_KEY="another key").app_context():
        assert replies.opened(token) is None


def test_the_mailbox_is_the_inbound_address_or_the_senders(make_app):
    with make_app(INBOUND_ADDRESS="Replies <in@mentors.example>").app_context():
        assert replies.address_for(replies.CONVERSATION, 2, 5).startswith("in+c2u5m")
        assert replies.address_for(replies.CONVERSATION, 2, 5).endswith("@mentors.example")


def test_without_plus_addresses_the_subject_carries_the_token_as_a_reply_keeps_it(make_app):
    with make_app(INBOUND_PLUS_ADDRESSES=False).app_context():
        token = replies.token_for(replies.CONVERSATION, 2, 5)
        subject = replies.tagged("Ann wrote to you", replies.CONVERSATION, 2, 5)
        assert subject == f"Ann wrote to you [#{token}]" and replies.token_in_subject(subject) == token
        assert replies.address_for(replies.CONVERSATION, 2, 5) == "mentoring@example.org"
        assert reading.token_in(["mentoring@example.org"], f"Re: {subject}", "", "mentoring") == token
        assert replies.token_in_subject("Ann wrote to you") == ""
    with make_app().app_context():
        assert replies.tagged("Ann wrote to you", replies.CONVERSATION, 2, 5) == "Ann wrote to you"
