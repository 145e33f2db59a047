"""The partner's card on the pair's page, written in Python: who they are, their time now, how to reach them while
the pair meets, and what they wrote, escaped."""
from datetime import datetime
from types import SimpleNamespace as Row

import pytest

from mentoring.pairs.partner_card import partner_card_html

NOW = datetime(2027, 3, 1, 18, 0)


def card(state="active", side="mentee", viewer_timezone="Europe/Paris", **membership):
    user = Row(name="Grace <Hopper>", timezone="America/New_York", email="grace@example.org")
    partner = Row(user=user, **{"headline": "", "video_link": "", "bio": "", **membership})
    return str(partner_card_html(partner, side, state, viewer_timezone, NOW, when, face, lambda text: f"<p>{text}</p>"))


def when(moment, fmt, zone):
    return f"{moment:%H:%M} in {zone}"


def face(user, size):
    return f"[face {size}]"


def test_the_card_says_who_the_partner_is_and_their_time_now():
    shown = card(headline="Engineer & <teacher>")
    assert "[face 48]" in shown
    assert '<h2 id="partner-title" class="partner-card__name">Grace &lt;Hopper&gt;</h2>' in shown
    assert '<p class="muted">Your mentor</p>' in shown
    assert '<p class="partner-card__headline">Engineer &amp; &lt;teacher&gt;</p>' in shown
    assert ('Their time now: <strong>18:00 in America/New_York</strong> <span class="muted">(America/New_York)</span>'
            in shown)


def test_the_zone_is_named_only_when_it_is_not_mine_and_a_mentor_sees_a_mentee():
    shown = card(side="mentor", viewer_timezone="America/New_York")
    assert '<p class="muted">Your mentee</p>' in shown and "(America/New_York)" not in shown


@pytest.mark.parametrize("state, reachable", [("introduction", True), ("active", True), ("paused", False),
                                              ("ended", False)])
def test_the_address_and_call_link_show_only_while_the_pair_meets(state, reachable):
    shown = card(state, video_link='https://meet.example.org/"x"')
    assert ('<a href="mailto:grace@example.org">grace@example.org</a>' in shown) is reachable
    assert ('<a href="https://meet.example.org/&#34;x&#34;" rel="noopener">' in shown) is reachable


def test_the_bio_is_folded_under_the_partners_name():
    assert ('<summary>About Grace &lt;Hopper&gt;</summary><div class="prose"><p>Hi</p></div>' in card(bio="Hi"))
    assert "<details" not in card()
