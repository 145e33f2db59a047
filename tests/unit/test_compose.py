"""The form to write a message and what keeps the conversation live, written in Python: what was typed stays in the
box, errors are tied to their field, the focus returns to the box, the poller carries its address."""
from types import SimpleNamespace as Row

import pytest

from mentoring.conversations.compose import message_form_html
from mentoring.conversations.log import live_html

TOKEN = '<input type="hidden" name="csrf_token" value="tok">'  # the fields as forms.py writes them
KEY = '<input type="hidden" name="submission" value="key">'

def field(id, name, label, data=None, errors=(), required=False):
    return Row(id=id, name=name, label=Row(text=label), data=data, errors=list(errors), flags=Row(required=required))


def form(box_errors=(), attach_errors=(), data="", focus=False):
    box = field("text", "text", "Your message", data, box_errors, required=True)
    attach = field("file", "file", "Attach a file (optional)", errors=attach_errors)
    return str(message_form_html("/pairs/1/conversation", ' data-max-bytes="9"', "[summary]", TOKEN, KEY, box,
                                 attach, 5000, focus))


def test_the_form_sends_to_the_conversation_with_its_token_and_key():
    html = form()
    assert ('<form id="message-form" method="post" action="/pairs/1/conversation" class="form message-form" '
            'novalidate enctype="multipart/form-data" hx-encoding="multipart/form-data" '
            'hx-post="/pairs/1/conversation" hx-target="#conversation" hx-swap="outerHTML" data-upload-progress '
            'data-max-bytes="9">') in html
    assert '<input type="hidden" name="csrf_token" value="tok">' in html
    assert '<input type="hidden" name="submission" value="key">' in html
    assert ('<textarea class="field__input" id="text" maxlength="5000" name="text" required rows="3">\n</textarea>'
            in html)
    assert '<input class="field__input" id="file" name="file" type="file">' in html


@pytest.mark.parametrize("focus, errors, autofocus", [(False, (), False), (True, (), True), (False, ("Empty.",), True)])
def test_the_box_takes_the_focus_after_a_sending_or_an_error(focus, errors, autofocus):
    assert ("<textarea autofocus" in form(box_errors=errors, focus=focus)) is autofocus


def test_what_was_typed_stays_and_errors_are_tied_to_their_fields():
    html = form(box_errors=["Too <long>."], attach_errors=["Too large."], data='Hello <b>"you"</b>')
    assert ('<p class="field__error" id="text-error">Too &lt;long&gt;.</p>\n<textarea autofocus '
            'aria-describedby="text-error" aria-invalid="true" class="field__input"') in html
    assert 'rows="3">\nHello &lt;b&gt;&#34;you&#34;&lt;/b&gt;</textarea>' in html
    assert ('<input aria-describedby="file-error" aria-invalid="true" class="field__input" id="file" name="file" '
            'type="file">') in html
    assert html.count('<div class="field field--invalid">') == 2


@pytest.mark.parametrize("seen, oob", [(True, False), (False, True)])
def test_the_poller_and_the_seen_line(seen, oob):
    html = str(live_html("/pairs/1/conversation/new?after=3&amp;v=4&amp;t=x", seen, oob))
    swap = ' hx-swap-oob="true"' if oob else ""
    assert (f'<div id="poller" hx-get="/pairs/1/conversation/new?after=3&amp;v=4&amp;t=x" hx-trigger="every 2s" '
            f'hx-swap="none"{swap}></div>') in html
    assert f'<p id="seen" class="muted message-log__seen"{swap}>{"Seen" if seen else ""}</p>' in html
