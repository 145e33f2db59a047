"""A session's page written in Python: when (for both), where, who answered what and the way to a suggested time, my
answer, what the partner shared, the pair's goals, the agenda and the notes, with what people typed escaped."""
from datetime import datetime
from types import SimpleNamespace as Row

import pytest

from mentoring.meetings.session_page import (
    NOT_YOURS,
    Links,
    after_session_html,
    agenda_html,
    answer_html,
    facts_html,
    goals_html,
    notes_html,
)

LINKS = Links("/pairs/1", "/pairs/1/sessions/7/answer", "/pairs/1/sessions/7/move", "/pairs/1/sessions/7/cancel",
              "/pairs/1/sessions/7/agenda", "/pairs/1/sessions/7/agenda/%s", "/feedback/%s")
ADA = Row(id=1, name="Ada", timezone="Europe/Paris")
GRACE = Row(id=2, name="Grace", timezone="America/New_York")
START = datetime(2027, 3, 1, 18, 0)
SUGGESTED = datetime(2027, 3, 2, 9, 30)


def when(moment, fmt, zone=None):
    """Times as the page's `when` writes them: here, the format itself for a form's day and time."""
    if fmt == "%Y-%m-%d %H:%M":
        return f"{moment:%Y-%m-%d %H:%M} CET"
    return f"{moment:%d %b %H:%M} in {zone or 'mine'}"


def meeting(title="Check-in", location="", cancelled=False):
    return Row(title=title, starts_at=START, duration_minutes=45, location=location, cancelled=cancelled)


def facts(viewer=ADA, partner=GRACE, answers=None, series=None, **about):
    return str(facts_html(meeting(**about), series, [ADA, GRACE], answers or {}, viewer, partner, LINKS, when))


def test_the_facts_say_when_for_both_how_it_repeats_and_lead_back_to_the_pair():
    shown = facts(series=Row(rhythm="every 2 weeks"))
    assert '<p><a href="/pairs/1">← You and Grace</a></p>\n<h1>Check-in</h1>' in shown
    assert ("<dd>01 Mar 18:00 in mine (45 minutes) <br><span class=\"muted\">For Grace: 01 Mar 18:00 in "
            "America/New_York</span></dd>") in shown
    assert "<dt>Repeats</dt><dd>Every 2 weeks</dd>" in shown
    assert "cancelled" not in shown


@pytest.mark.parametrize("viewer, partner, back, elsewhere", [
    (ADA, Row(id=2, name="Grace", timezone="Europe/Paris"), "You and Grace", False),  # both in one zone
    (Row(id=9, name="Cora", timezone="Asia/Tokyo"), None, "Ada and Grace", False),  # a coordinator
])
def test_the_partners_time_shows_only_when_it_differs(viewer, partner, back, elsewhere):
    shown = facts(viewer=viewer, partner=partner)
    assert f"← {back}</a>" in shown
    assert ("For Grace" in shown) is elsewhere


@pytest.mark.parametrize("location, shown", [
    ("https://meet.example.org/x", '<dd><a href="https://meet.example.org/x" rel="noopener">'
                                   "https://meet.example.org/x</a></dd>"),
    ("javascript:alert(1)", "<dd>javascript:alert(1)</dd>"),
    ('Café <b>"Nord"</b>', "<dd>Café &lt;b&gt;&#34;Nord&#34;&lt;/b&gt;</dd>"),
])
def test_a_place_is_a_link_only_when_it_is_a_web_address(location, shown):
    assert f"<dt>Where</dt>{shown}" in facts(location=location)


@pytest.mark.parametrize("viewer, partner, cancelled, answers, rows", [
    (ADA, GRACE, False, {}, ["<li>You: not answered yet</li>", "<li>Grace: not answered yet</li>"]),
    (ADA, GRACE, False, {1: Row(answer="accepted", note="<see you>"),
                         2: Row(answer="proposed", proposed_start=SUGGESTED, note="")},
     ["<li>You: accepted · “&lt;see you&gt;”</li>",
      '<li>Grace: suggests 02 Mar 09:30 in mine <a href="/pairs/1/sessions/7/move?day=2027-03-02&amp;at=09:30">'
      "Move it to that time</a></li>"]),
    (ADA, GRACE, True, {2: Row(answer="proposed", proposed_start=SUGGESTED, note="")},  # cancelled: nothing to move
     ["<li>Grace: suggests 02 Mar 09:30 in mine</li>"]),
    (ADA, GRACE, False, {1: Row(answer="proposed", proposed_start=SUGGESTED, note="")},  # my own suggestion
     ["<li>You: suggests 02 Mar 09:30 in mine</li>"]),
    (Row(id=9, name="Cora", timezone="UTC"), None, False,  # a coordinator sees the answers, moves nothing
     {2: Row(answer="proposed", proposed_start=SUGGESTED, note=""), 1: Row(answer="declined", note="")},
     ["<li>Ada: declined</li>", "<li>Grace: suggests 02 Mar 09:30 in mine</li>"]),
])
def test_who_answered_what_and_the_way_to_a_suggested_time(viewer, partner, cancelled, answers, rows):
    shown = facts(viewer=viewer, partner=partner, answers=answers, cancelled=cancelled)
    for row in rows:
        assert row in shown
    assert ('<p class="notice">This session is cancelled.</p>' in shown) is cancelled


def test_typed_names_and_titles_are_escaped():
    shown = str(facts_html(meeting(title="<i>Chat</i>"), None, [ADA, Row(id=2, name="<b>G</b>", timezone="UTC")], {},
                           Row(id=9, timezone="UTC"), None, LINKS, when))
    assert "<h1>&lt;i&gt;Chat&lt;/i&gt;</h1>" in shown
    assert "← Ada and &lt;b&gt;G&lt;/b&gt;</a>" in shown and "<li>&lt;b&gt;G&lt;/b&gt;: not answered yet</li>" in shown


def test_my_answer_is_a_form_with_its_pieces_and_the_ways_to_move_or_cancel():
    shown = str(answer_html(LINKS, "[errors]", "[token]", "[radios]", "[day]", "[at]", "[note]", "Europe/Paris"))
    assert '<section class="panel" aria-labelledby="answer-title">\n<h2 id="answer-title">Your answer</h2>' in shown
    assert ('<form method="post" action="/pairs/1/sessions/7/answer" class="form" novalidate>\n[errors][token]\n'
            '<div class="segmented-radios">[radios]</div>\n<div class="field-row">\n[day]\n[at]\n</div>') in shown
    assert "A suggested time is in your time zone, Europe/Paris." in shown
    assert '<a class="button button--secondary" href="/pairs/1/sessions/7/move">Move…</a>' in shown
    assert '<a class="button button--danger" href="/pairs/1/sessions/7/cancel">Cancel…</a>' in shown


@pytest.mark.parametrize("my_form, shared, shown, not_shown", [
    (None, [], [], ["<p", "<section"]),
    (Row(id=5), [], ['<a href="/feedback/5">Tell us how this session went</a> (five short questions).'],
     ["<section"]),
    (None, [(Row(label="What <went> well?"), "Lots")],
     ['<h2 id="shared-title">What Grace shared after the session</h2>',
      "<dt>What &lt;went&gt; well?</dt><dd>[Lots]</dd>"], ["Tell us"]),
])
def test_my_feedback_and_what_the_partner_shared(my_form, shared, shown, not_shown):
    html = str(after_session_html(my_form, GRACE, shared, LINKS, lambda text: f"[{text}]"))
    assert all(part in html for part in shown) and not any(part in html for part in not_shown)


def test_the_goals_count_their_milestones_and_lead_to_the_pair_page():
    shown = str(goals_html([Row(title="<Speak>", state="in_progress", steps=[Row(done_at=START), Row(done_at=None)]),
                            Row(title="Write", state="not_started", steps=[])], LINKS))
    assert ('<li>&lt;Speak&gt; <span class="muted">(in progress, 1 of 2 milestones)</span></li>'
            '<li>Write <span class="muted">(not started)</span></li>') in shown
    assert '<a href="/pairs/1#goals">Update your goals</a>' in shown
    assert goals_html([], LINKS) == ""


@pytest.mark.parametrize("items, said, shown, not_shown", [
    ("", "", ["<p>Nothing on the agenda yet. What would you like to talk about?</p>"], ["role=\"status\"", "<ol"]),
    ("[items]", "Added “<b>”.", ['<ol class="agenda">\n[items]</ol>',
                                 '<p class="visually-hidden" role="status" aria-live="polite">Added “&lt;b&gt;”.</p>'],
     ["Nothing on the agenda"]),
])
def test_the_agenda_lists_its_items_and_reads_out_what_changed(items, said, shown, not_shown):
    html = str(agenda_html(items, said, LINKS, "[errors]", "[token]", "[key]", "[text]"))
    assert html.startswith('<section id="agenda" class="panel" aria-labelledby="agenda-title">\n'
                           '<h2 id="agenda-title">Agenda</h2>')
    assert ('<form method="post" action="/pairs/1/sessions/7/agenda" class="form form--inline" novalidate '
            'hx-post="/pairs/1/sessions/7/agenda" hx-target="#agenda" hx-swap="outerHTML">\n'
            "[errors][token][key]\n[text]\n") in html
    assert all(part in html for part in shown) and not any(part in html for part in not_shown)


def test_the_notes_hold_both_forms_and_others_see_neither():
    assert ('<h2 id="notes-title">Notes</h2>\n[shared]\n[private]\n</section>'
            in str(notes_html("[shared]", "[private]")))
    assert "theirs alone" in NOT_YOURS
