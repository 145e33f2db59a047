"""A session's agenda items, written in Python: each a form to tick it off, move it or remove it, every button named
with the item for screen readers, the item's text escaped."""
from types import SimpleNamespace

import pytest

from mentoring.meetings.agenda_rows import items_html

ACTION = "/pairs/1/sessions/7/agenda/%s"

TOKEN_FIELD = '<input type="hidden" name="csrf_token" value="tok&amp;en">'  # as forms.csrf_html writes it

def items(*texts, done=()):
    return [SimpleNamespace(id=index + 10, text=text, done=index in done) for index, text in enumerate(texts)]


def written(*texts, done=()):
    return str(items_html(items(*texts, done=done), ACTION, TOKEN_FIELD))


def test_an_item_is_a_form_posting_to_its_own_address_with_the_token():
    html = written("Goals")
    assert ('<form method="post" action="/pairs/1/sessions/7/agenda/10" class="inline-form" '
            'hx-post="/pairs/1/sessions/7/agenda/10" hx-target="#agenda" hx-swap="outerHTML">') in html
    assert '<input type="hidden" name="csrf_token" value="tok&amp;en">' in html
    assert '<span class="agenda__text">Goals</span>' in html
    assert ('<button type="submit" name="action" value="remove" class="link-button" aria-label="Remove: Goals">'
            "Remove</button>") in html


@pytest.mark.parametrize("done, css, value, pressed, mark", [
    ((), "agenda__item", "done", "false", "☐"),
    ((0,), "agenda__item agenda__item--done", "undone", "true", "☑"),
])
def test_ticking_an_item_off_and_back(done, css, value, pressed, mark):
    html = written("Goals", done=done)
    assert html.startswith(f'<li class="{css}">')
    assert (f'<button type="submit" name="action" value="{value}" class="tick" aria-pressed="{pressed}" '
            f'aria-label="Done: Goals">{mark}</button>') in html


def test_the_first_item_cannot_move_up_nor_the_last_down():
    first, middle, last = written("One", "Two", "Three").split("</li>\n")[:3]
    assert 'aria-label="Move down: One">↓' in first and "Move up" not in first
    assert 'aria-label="Move up: Two">↑' in middle and 'aria-label="Move down: Two">↓' in middle
    assert 'aria-label="Move up: Three">↑' in last and "Move down" not in last
    assert "Move" not in written("Alone").replace("agenda__move", "")


def test_no_items_write_nothing():
    assert written() == ""


def test_what_was_typed_is_escaped_everywhere_it_is_written():
    html = written('<b>"Pay" & go</b>')
    assert "<b>" not in html
    shown = "&lt;b&gt;&#34;Pay&#34; &amp; go&lt;/b&gt;"
    assert html.count(shown) == 3  # its text, and the names of its Done and Remove buttons (alone, it never moves)
    assert f'aria-label="Done: {shown}"' in html and f'<span class="agenda__text">{shown}</span>' in html
