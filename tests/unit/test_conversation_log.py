"""The conversation's log as HTML (conversations.log, pure): what each message shows, in tables of cases, and that
everything a person wrote, their name too, stays text."""
from datetime import UTC, date, datetime, timedelta

import pytest

from mentoring.conversations import log
from mentoring.conversations.service import Line

EDITABLE_SINCE = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)
FACES = {1: '<span class="avatar" data-initials="AB"></span>', 2: '<img class="avatar" src="/people/2/photo" alt="">'}
PAGE = log.page(1, EDITABLE_SINCE, {None: "A former member", 1: "Ann <b>", 2: "Bob & co"}, FACES, 12,
                ("/pairs/3/conversation/", "/edit"), ("/pairs/3/conversation/", "/delete"),
                ("/pairs/3/conversation/", "/report"), ("/pairs/3/files/", ""), 'tok"en')


def line(id=10, sender_id=2, text="Hello", edited=False, deleted=False, hidden=False, file_id=None, file_name="",
         file_size=None, day=None, editable=False):
    sent_at = EDITABLE_SINCE + timedelta(minutes=5 if editable else -5)
    return Line(id, sender_id, text, edited, deleted, hidden, file_id, file_name, file_size, day,
                "2027-01-04T09:05:00Z", "10:05 CET", sent_at)


@pytest.mark.parametrize("given, shows, hides", [
    (line(), ['<li id="message-10" class="chat-message">',
              '<p class="chat-message__meta"><img class="avatar" src="/people/2/photo" alt="">'
              "<strong>Bob &amp; co</strong>",
              '<time datetime="2027-01-04T09:05:00Z">10:05 CET</time>', '<p class="chat-message__text">Hello</p>',
              '<a href="/pairs/3/conversation/10/report">Report<span class="visually-hidden"> this message to the '
              'coordinators</span></a>'],
     ["edited", "Edit", "New", "message-log__day", "hx-swap-oob", "File"]),
    (line(hidden=True, text="rude"), ['<p class="chat-message__text muted">Hidden by the coordinators</p>'],
     ["rude", "Report"]),
    (line(text="", file_id=7, file_name="cv<1>.pdf", file_size=2_400_000),
     ['<p class="chat-message__file">File: <a href="/pairs/3/files/7">cv&lt;1&gt;.pdf</a> <span class="muted">'
      "(2.3 MB)</span></p>"], ['class="chat-message__text"']),
    (line(file_name="slides.pdf"), ['<p class="chat-message__file muted">The file “slides.pdf” was removed.</p>'],
     ["/files/"]),
    (line(sender_id=1, editable=True),
     ['class="chat-message chat-message--mine"', "<strong>Ann &lt;b&gt;</strong>",
      '<a href="/pairs/3/conversation/10/edit">Edit<span class="visually-hidden"> this message</span></a>',
      '<form method="post" action="/pairs/3/conversation/10/delete" class="inline-form">',
      '<input type="hidden" name="csrf_token" value="tok&#34;en">'], ["<b>"]),
    (line(sender_id=1, editable=False), ["chat-message--mine"], ["Edit", "csrf_token", "Report"]),
    (line(edited=True), ["10:05 CET</time> · edited</p>"], []),
    (line(deleted=True, edited=True, text="gone"), ['<p class="chat-message__text muted">Message deleted</p>'],
     ["gone", "edited"]),
    (line(sender_id=None), ['<p class="chat-message__meta"><strong>A former member</strong>'], ["Report", "avatar"]),
    (line(text="<script>alert(1)</script>\nsee https://example.org/a?b=1&c=2."),
     ["&lt;script&gt;alert(1)&lt;/script&gt;<br>see <a href=\"https://example.org/a?b=1&amp;c=2\" "
      'rel="nofollow noopener noreferrer">https://example.org/a?b=1&amp;c=2</a>.'], ["<script>"]),
    (line(day=date(2027, 1, 4)), ['<li class="message-log__day">Monday 04 January 2027</li>\n<li id="message-10"'],
     []),
    (line(id=12), ['<li class="message-log__new">New</li>\n<li id="message-12"'], []),
])
def test_a_message_shows_what_it_is_and_only_as_text(given, shows, hides):
    html = log.messages_html([given], PAGE)
    assert all(part in html for part in shows), html
    assert not any(part in html for part in hides), html


def test_a_changed_message_replaces_the_one_shown_and_the_log_is_markup():
    html = log.messages_html([line(), line(id=11)], PAGE, replace=True)
    assert html.count('hx-swap-oob="true"') == 2 and html.__html__() == html
    assert log.messages_html([], PAGE) == ""


def test_the_same_lines_shown_the_same_way_are_written_once_and_each_other_way_afresh():
    lines = [line(id=10, sender_id=1, editable=True), line(id=12)]
    written = {}
    first = log.messages_html(lines, PAGE, written=written)
    assert log.messages_html(lines, PAGE, written=written) is first and len(written) == 1
    later = PAGE._replace(editable_since=EDITABLE_SINCE + timedelta(minutes=10))  # the 15 minutes have passed
    other_token = PAGE._replace(csrf_token="another")
    for shown_another_way, present, absent in [
            (later, ["message-12"], ["/10/edit", "csrf_token"]),
            (other_token, ['value="another"'], ['value="tok&#34;en"']),
            (PAGE._replace(first_unread=None), ["message-12"], ["message-log__new"]),
            (PAGE._replace(me=2), ["/10/report"], ["/10/edit", "/12/report"])]:
        html = log.messages_html(lines, shown_another_way, written=written)
        assert html == log.messages_html(lines, shown_another_way)
        assert all(text in html for text in present) and not any(text in html for text in absent)
    later_token = later._replace(csrf_token="another")  # nothing editable: the token is not in the page, nor its key
    assert log.messages_html(lines, later_token, written=written) is log.messages_html(lines, later, written=written)
