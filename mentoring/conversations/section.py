"""The conversation's section, as HTML, on its own page and on the pair's: links to earlier and latest messages, the
log, what to start with while it is empty, the poller and the message form. Written in Python, as the log is
(conversations.log): names and texts are escaped here (pure: no Flask, no database)."""
from markupsafe import Markup

from mentoring.text import escaped


def conversation_html(url, partner_name, log_html, live_html, form_html, *, earlier=None, earlier_url=None,
                      before=None, starting=False, starters="", read_only=""):
    """The section around the log `log_html` of the conversation with `partner_name` at `url` (escaped): `earlier`
    (an id) when older messages exist, linked by `earlier_url` on the conversation's page (else the whole
    conversation is); `before` when the page shows older messages (then neither poller nor form); `starters` while
    it is `starting`; `read_only` says why nobody writes, in place of the form `form_html`."""
    name = escaped(partner_name)
    parts = ['<section id="conversation" class="conversation" aria-labelledby="conversation-title">\n'
             '<h2 id="conversation-title">Messages</h2>\n']
    if earlier and earlier_url:
        parts.append(f'<p><a href="{earlier_url}">Earlier messages</a></p>\n')
    elif earlier:
        parts.append(f'<p><a href="{url}">The whole conversation</a></p>\n')
    if before:
        parts.append(f'<p><a href="{url}">Latest messages</a></p>\n')
    parts.append(f'<div role="log" aria-live="polite" aria-label="Messages with {name}">\n'
                 f'<ol id="message-log" class="message-log">\n{log_html}</ol>\n</div>\n')
    if starting:
        parts.append(f'<div id="conversation-start">\n<p class="muted">No messages yet: say hello, or ask what {name} '
                     f'hopes to get from the program.</p>\n{starters}</div>\n')
    if not before:
        parts.append(live_html)
        parts.append(f'<p class="muted">{escaped(read_only)}</p>\n' if read_only else form_html)
        parts.append(f'<p class="muted"><a href="{url}">Check for new messages</a> (they also appear by themselves '
                     f'while this page is open).</p>\n')
    parts.append("</section>\n")
    return Markup("".join(parts))


def starters_html(url, icebreakers, goal_titles):
    """While a conversation is empty: the program's icebreakers and the pair's goals, each a button that puts its words
    in the message box of the conversation at `url` (with JavaScript at once; without, the page comes back with them
    in the box); "" when there are neither."""
    if not (icebreakers or goal_titles):
        return ""
    parts = ['<div id="starters" class="starters">\n'
             '<h3 id="starters-title">Not sure how to begin? Try one of these</h3>\n']
    if icebreakers:
        parts.append(_starter_list("starters-title", url, ((question, question) for question in icebreakers)))
    if goal_titles:
        parts.append('<h4 id="starters-goals">Or talk about one of the goals you set together</h4>\n')
        parts.append(_starter_list("starters-goals", url,
                                   ((f"About our goal “{title}”: ", title) for title in goal_titles)))
    parts.append("</div>\n")
    return "".join(parts)


def _starter_list(labelled_by, url, drafts):
    """A list of buttons, each sending (draft, label) of `drafts` to the conversation at `url` as its draft."""
    items = "".join(f'<li><form method="get" action="{url}#message-form" class="inline-form starter-form">'
                    f'<input type="hidden" name="draft" value="{escaped(draft)}">'
                    f'<button type="submit" class="link-button">{escaped(label)}</button></form></li>\n'
                    for draft, label in drafts)
    return f'<ul class="starters__list" aria-labelledby="{labelled_by}">\n{items}</ul>\n'
