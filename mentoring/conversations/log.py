"""The conversation's log as HTML: the one place a message's markup lives (the conversation page, the pair's page and
a poll's answer all write their messages here). Written in Python rather than a template because a page shows fifty
messages and a template costs three times as much for each; what a person wrote goes through `message_html`, which
escapes it, and names come escaped (pure: no Flask, no database)."""
from datetime import datetime
from typing import NamedTuple

from markupsafe import Markup, escape

from mentoring.text import message_html
from mentoring.words import file_size

FOR_SCREEN_READERS = '<span class="visually-hidden"> this message</span>'
UNSIGNED = '<p class="chat-message__meta"><strong></strong>\n'  # a sender the page does not name (none should be)


class Page(NamedTuple):
    """What every message of one page needs, worked out once: the viewer's id, the moment after which their messages
    may still be edited or deleted, each sender's name and face as HTML (None: a former member, who has no face), the
    first message they had not read, the edit, delete, report and file addresses around an id, and the form token."""

    me: int
    editable_since: datetime
    names: dict
    faces: dict
    first_unread: int | None
    edit: tuple[str, str]
    delete: tuple[str, str]
    report: tuple[str, str]
    download: tuple[str, str]
    csrf_token: str


def page(me, editable_since, names, faces, first_unread, edit, delete, report, download, csrf_token):
    """A Page, its names and addresses escaped once here (`faces` is markup already: the avatar macro's)."""
    def escaped(parts):
        return tuple(str(escape(part)) for part in parts)
    return Page(me, editable_since, {sender: str(escape(name)) for sender, name in names.items()},
                {sender: str(face) for sender, face in faces.items()}, first_unread, escaped(edit),
                escaped(delete), escaped(report), escaped(download), str(escape(csrf_token)))


WRITTEN_KEPT = 16  # ways of showing one list of lines kept in its `written` (viewers, unread markers, tokens)


def messages_html(lines, page, replace=False, written=None):
    """The `<li>` items of `lines` (conversations.service.Line) as `page` shows them; with `replace`, each replaces
    the message already shown (htmx, out of band). `written`, a dict that lives as long as `lines` do unchanged,
    keeps the HTML by everything of `page` it depends on (which of the viewer's messages may still change among it),
    so the same lines shown the same way are written once."""
    if written is None:
        return _written(lines, page, replace)
    editable = tuple(line.id for line in lines if line.sender_id == page.me and line.sent_at > page.editable_since)
    key = (page.me, page.first_unread, editable, page.csrf_token if editable else "", replace, page.edit,
           page.delete, page.report, page.download, tuple(page.names.items()), tuple(page.faces.items()))
    html = written.get(key)
    if html is None:
        if len(written) >= WRITTEN_KEPT:
            written.clear()
        html = written[key] = _written(lines, page, replace)
    return html


def _written(lines, page, replace):
    oob = ' hx-swap-oob="true"' if replace else ""
    signed = {sender: f'<p class="chat-message__meta">{page.faces.get(sender, "")}<strong>{name}</strong>\n'
              for sender, name in page.names.items()}  # each sender's face and name, written once a page
    return Markup("".join([_item(line, page, oob, signed) for line in lines]))


def _item(line, page, oob, signed):
    message_id, sender_id, text, edited, deleted, hidden, file_id, file_name, size, day, at, time, sent_at = line
    head = "" if day is None else f'<li class="message-log__day">{day.strftime("%A %d %B %Y")}</li>\n'
    if message_id == page.first_unread:
        head += '<li class="message-log__new">New</li>\n'
    mine = sender_id == page.me
    if deleted:
        edited, body = "", '<p class="chat-message__text muted">Message deleted</p>'
    elif hidden:
        edited, body = "", '<p class="chat-message__text muted">Hidden by the coordinators</p>'
    else:
        edited = " · edited" if edited else ""
        body = f'<p class="chat-message__text">{message_html(text)}</p>' if text else ""
        if file_id is not None:
            body += (f'\n  <p class="chat-message__file">File: <a href="{page.download[0]}{file_id}'
                     f'{page.download[1]}">{escape(file_name)}</a> '
                     f'<span class="muted">({escape(file_size(size or 0))})</span></p>')
        elif file_name:
            body += f'\n  <p class="chat-message__file muted">The file “{escape(file_name)}” was removed.</p>'
        if mine and sent_at > page.editable_since:
            body += _actions(message_id, page)
        elif not mine and sender_id is not None:
            body += (f'\n  <div class="chat-message__actions"><a href="{page.report[0]}{message_id}{page.report[1]}">'
                     'Report<span class="visually-hidden"> this message to the coordinators</span></a></div>')
    return (f'{head}<li id="message-{message_id}" class="chat-message{" chat-message--mine" if mine else ""}"{oob}>\n'
            f'  {signed.get(sender_id, UNSIGNED)}    <time datetime="{at}">{time}</time>{edited}</p>\n'
            f'  {body}\n</li>\n')


def _actions(message_id, page):
    """Edit and Delete, for a message its sender may still change."""
    return (f'\n  <div class="chat-message__actions">\n'
            f'    <a href="{page.edit[0]}{message_id}{page.edit[1]}">Edit{FOR_SCREEN_READERS}</a>\n'
            f'    <form method="post" action="{page.delete[0]}{message_id}{page.delete[1]}" class="inline-form">'
            f'<input type="hidden" name="csrf_token" value="{page.csrf_token}">'
            f'<button type="submit" class="link-button">Delete{FOR_SCREEN_READERS}</button></form>\n  </div>')


def live_html(poll_address, seen, oob=False):
    """What keeps an open conversation page up to date, as the page writes it and as each poll's answer brings it up
    to date (`oob`): the poller, which asks every 2 seconds at `poll_address` what changed since the version it names
    (nothing new is a 304 and swaps nothing), and the "Seen" line under the viewer's last message."""
    swap = ' hx-swap-oob="true"' if oob else ""
    return Markup(f'<div id="poller" hx-get="{poll_address}" hx-trigger="every 2s" hx-swap="none"{swap}></div>\n'
                  f'<p id="seen" class="muted message-log__seen"{swap}>{"Seen" if seen else ""}</p>')
