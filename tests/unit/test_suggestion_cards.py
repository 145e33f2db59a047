"""The suggested mentors' cards, written in Python: who each mentor is, a fit a screen reader reads, the reasons and
chips, the two actions each naming the mentor, and what mentors typed escaped."""
import pytest
from markupsafe import Markup

from mentoring.matching.briefs import HIGH, LOW
from mentoring.matching.cards import cards_html
from mentoring.matching.suggestions import Suggestion


def face(person):
    """A stand-in face: one function for every card, as the page's."""
    return Markup(f"<face of {person.id}>")


def card(name="Grace Hopper", headline="Compilers & teams", score=63, reasons=("You both speak English",),
         chips=("English", "4 h a week free together"), token="token&1"):
    suggestion = Suggestion(12, name, headline, score, reasons, chips, "1 hour ahead", 3, None)
    return str(cards_html([suggestion], face, "/p/mentors/%s", "/p/mentors/%s/hide", token))


def test_a_card_names_the_mentor_and_links_to_why_and_ask():
    shown = card()
    assert '<li class="card suggestion" id="mentor-12">' in shown and "<face of 3>" in shown
    assert '<h2 class="suggestion__name"><a href="/p/mentors/12">Grace Hopper</a></h2>' in shown
    assert '<p class="suggestion__headline muted">Compilers &amp; teams</p>' in shown
    assert ('<a class="button button--small" href="/p/mentors/12">See why and ask'
            '<span class="visually-hidden"> Grace Hopper</span></a>') in shown


@pytest.mark.parametrize("score, words", [(63, "Strong fit"), (45, "Good fit"), (10, "Some fit")])
def test_the_fit_is_a_labelled_meter(score, words):
    shown = card(score=score)
    assert (f'<label class="fit__label" for="fit-12">{words} · {score}<span class="visually-hidden"> out of 100'
            '</span></label>') in shown
    assert (f'<meter class="fit__meter" id="fit-12" min="0" max="100" low="{LOW}" high="{HIGH}" optimum="100" '
            f'value="{score}">{score} of 100</meter>') in shown


def test_reasons_and_chips_are_lists_and_the_time_apart_is_the_last_chip():
    shown = card()
    assert '<ul class="reasons"><li>You both speak English</li></ul>' in shown
    assert ('<ul class="chips"><li class="chip">English</li><li class="chip">4 h a week free together</li>'
            '<li class="chip">1 hour ahead</li></ul>') in shown
    assert '<ul class="reasons">' not in card(reasons=())
    assert "suggestion__headline" not in card(headline="")


def test_not_for_me_posts_with_the_token_and_names_the_mentor():
    shown = card()
    assert ('<form method="post" action="/p/mentors/12/hide" class="inline-form" hx-post="/p/mentors/12/hide" '
            'hx-target="#suggestions" hx-swap="outerHTML">') in shown
    assert '<input type="hidden" name="csrf_token" value="token&amp;1">' in shown
    assert 'aria-label="Not for me: hide Grace Hopper">Not for me</button>' in shown


def test_a_card_shown_again_carries_the_token_of_its_request():
    assert 'value="first"' in card(token="first") and 'value="second"' in card(token="second")


def test_what_mentors_typed_is_escaped():
    shown = card(name='<script>"x"</script>', headline="<b>hi</b>", reasons=("<i>why</i>",), chips=("<u>c</u>",))
    assert "<script>" not in shown and "<b>" not in shown and "<i>" not in shown and "<u>" not in shown
    assert "&lt;script&gt;&#34;x&#34;&lt;/script&gt;" in shown and "&lt;b&gt;hi&lt;/b&gt;" in shown


def test_no_suggestions_no_cards():
    assert cards_html([], str, "/%s", "/%s/hide", "t") == ""
