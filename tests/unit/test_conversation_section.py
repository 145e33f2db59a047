"""The conversation's section, written in Python: links to earlier and latest messages, the log named after the
partner, what an empty conversation starts with, and the form or why there is none."""
import pytest

from mentoring.conversations.section import conversation_html, starters_html

URL = "/pairs/1/conversation"


def section(**given):
    return str(conversation_html(URL, "Ada <L>", "[log]", "[live]", "[form]", **given))


@pytest.mark.parametrize("given, present, absent", [
    ({}, ["[live]", "[form]", f'<a href="{URL}">Check for new messages</a>'], ["Earlier messages", "whole conversation",
                                                                               "Latest messages", "No messages yet"]),
    ({"earlier": 40}, [f'<p><a href="{URL}">The whole conversation</a></p>'], ["Earlier messages"]),
    ({"earlier": 40, "earlier_url": f"{URL}?before=40"}, [f'<a href="{URL}?before=40">Earlier messages</a>'],
     ["whole conversation"]),
    ({"before": 60, "earlier": 40, "earlier_url": f"{URL}?before=40"},
     [f'<p><a href="{URL}">Latest messages</a></p>', "Earlier messages"], ["[live]", "[form]", "Check for new"]),
    ({"read_only": "The pair has ended & <closed>."},
     ['<p class="muted">The pair has ended &amp; &lt;closed&gt;.</p>'], ["[form]"]),
    ({"starting": True, "starters": "[starters]"},
     ["No messages yet: say hello, or ask what Ada &lt;L&gt; hopes to get from the program.</p>\n[starters]"], []),
])
def test_the_section_shows_what_the_conversation_is_at(given, present, absent):
    shown = section(**given)
    assert '<div role="log" aria-live="polite" aria-label="Messages with Ada &lt;L&gt;">' in shown
    assert '<ol id="message-log" class="message-log">\n[log]</ol>' in shown
    assert all(part in shown for part in present), present
    assert not any(part in shown for part in absent), absent


def test_starters_put_a_question_or_a_goal_in_the_message_box():
    shown = starters_html(URL, ['What brought you "here"?'], ["Learn <Rust>"])
    assert (f'<form method="get" action="{URL}#message-form" class="inline-form starter-form">'
            '<input type="hidden" name="draft" value="What brought you &#34;here&#34;?">'
            '<button type="submit" class="link-button">What brought you &#34;here&#34;?</button>') in shown
    assert '<ul class="starters__list" aria-labelledby="starters-goals">' in shown
    assert 'value="About our goal “Learn &lt;Rust&gt;”: "' in shown and ">Learn &lt;Rust&gt;</button>" in shown
    assert 'aria-labelledby="starters-goals"' not in starters_html(URL, ["Hi?"], [])
    assert starters_html(URL, [], []) == ""
