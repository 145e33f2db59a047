"""A pair's sessions as the pair's page shows them, as HTML: the next session's card with my answer as buttons, and
the other sessions. Written in Python rather than templates because the pair page is the pair's home, visited most,
and a template escapes every value it writes; what people typed (titles, places, agenda items, notes, names) is
escaped here (pure: no Flask, no database)."""
from typing import NamedTuple

from markupsafe import Markup

from mentoring.text import escaped

ANSWER_BUTTONS = (("accepted", "Accept"), ("declined", "Decline"))
PLANNING = ("introduction", "active")  # the pair states in which the two plan sessions
WHEN_SUGGESTED = "%a %d %b, %H:%M"


class Links(NamedTuple):
    """Where a pair's sessions lead: `session` and `answer` with `%s` for the session's id (web.url_pattern)."""

    session: str
    answer: str
    schedule: str
    calendar: str


def answer_buttons_html(meeting_id, my_rsvp, back, said, token_field, links, when):
    """My answer to a session as two pressed-or-not buttons, my current answer (`my_rsvp`, or None) pressed, in a form
    (with the form token's field `token_field`, forms.csrf_html) htmx swaps for the server's answer (`said`, read
    out); without JavaScript it goes back to `back`. Another time is suggested on the session's page."""
    action, mine = links.answer % meeting_id, my_rsvp.answer if my_rsvp else None
    buttons = "".join([f'<button type="submit" name="answer" value="{value}" class="segmented__button" '
                       f'aria-pressed="{"true" if mine == value else "false"}">{words}</button>\n'
                       for value, words in ANSWER_BUTTONS])
    suggested = (f"You suggested {when(my_rsvp.proposed_start, WHEN_SUGGESTED)}" if mine == "proposed"
                 else "Suggest another time")
    return Markup(
        f'<form id="answer-{meeting_id}" method="post" action="{action}" class="answer-buttons" hx-post="{action}" '
        f'hx-target="this" hx-swap="outerHTML">\n{token_field}'
        f'<input type="hidden" name="next" value="{escaped(back)}">\n'
        f'<div class="segmented" role="group" aria-labelledby="answer-{meeting_id}-label">\n'
        f'<span class="segmented__label" id="answer-{meeting_id}-label">Your answer</span>\n{buttons}'
        f'<a class="segmented__link" href="{links.session % meeting_id}#answer-title">{suggested}</a>\n</div>\n'
        f'<p class="answer-buttons__said" role="status" aria-live="polite">{escaped(said)}</p>\n</form>\n')


def next_session_html(meeting, pair, side, viewer, answers, agenda_items, buttons, links, when, face):
    """The card of the pair's next session (`meeting`, or None): when (for both of them), where, who answered what
    (`answers`: each person's answer by user id), and for one of the two (`side`) my answer as `buttons` and the
    agenda; the way to schedule one while the pair plans sessions. `when(moment, format, zone=None)` writes a time,
    `face(user, size)` a face."""
    planning = side and pair.state in PLANNING
    partner = (pair.mentor if side == "mentee" else pair.mentee).user
    parts = ['<section class="pair-card next-session" aria-labelledby="next-title">\n']
    if meeting is None:
        invite = (f" Pick a time that suits you both; {escaped(partner.name)} gets an invitation for their calendar."
                  if planning else "")
        parts.append(f'<h2 id="next-title">Next session</h2>\n<p>No session planned.{invite}</p>\n')
    else:
        session = links.session % meeting.id
        theirs = (f'<br><span class="muted">{escaped(partner.name)}\'s time: '
                  f'{when(meeting.starts_at, "%A %d %B, %H:%M", partner.timezone)}</span>'
                  if side and partner.timezone != viewer.timezone else "")
        parts.append(f'<h2 id="next-title">Next: <a href="{session}">{escaped(meeting.title)}</a></h2>\n'
                     f'<p class="next-session__when"><strong>{when(meeting.starts_at, "%A %d %B %Y, %H:%M")}</strong>'
                     f" · {meeting.duration_minutes} minutes{theirs}</p>\n")
        if meeting.location:
            place = escaped(meeting.location)
            parts.append(f'<p><a class="button button--small" href="{place}" rel="noopener">Join the call</a></p>\n'
                         if meeting.location.startswith(("https://", "http://")) else f"<p>Where: {place}</p>\n")
        parts.append('<ul class="next-session__answers">\n')
        for person in (pair.mentee.user, pair.mentor.user):
            mine = person.id == viewer.id
            parts.append(f'<li class="person">{face(person, 24)}<span>'
                         f'{"You" if mine else escaped(person.name)}: '
                         f"{_answer_words(answers.get(person.id), when, 'your' if mine else 'their')}</span></li>\n")
        parts.append("</ul>\n")
        if side:
            items = "".join([f"<li><s>{escaped(item.text)}</s> (done)</li>" if item.done
                             else f"<li>{escaped(item.text)}</li>" for item in agenda_items])
            agenda = (f'<ol class="next-session__agenda">{items}</ol>' if items
                      else '<p class="muted">Nothing on the agenda yet.</p>')
            parts.append(f'{buttons}<h3 class="next-session__agenda-title">Agenda</h3>\n{agenda}\n'
                         f'<p><a href="{session}#agenda">Add to the agenda, move or cancel</a></p>\n')
    if planning:
        secondary = " button--secondary" if meeting else ""
        parts.append(f'<p class="actions"><a class="button{secondary}" href="{links.schedule}">Schedule a session</a>\n'
                     f'<a href="{links.calendar}">Add all your sessions to your calendar app</a></p>\n')
    parts.append("</section>\n")
    return Markup("".join(parts))


def _answer_words(said, when, whose):
    """What someone answered, and whether it came from `whose` ("your", "their") calendar app."""
    if said is None:
        return "not answered yet"
    calendar = f" from {whose} calendar" if said.via == "calendar" else ""
    if said.answer == "proposed":
        return f"suggests {when(said.proposed_start, WHEN_SUGGESTED)}{calendar}"
    return f"{said.answer}{calendar}"


def sessions_html(upcoming, past, shown, links, when, notes):
    """The pair's other sessions: those coming up after the next (at most `shown` in all, the rest counted) and the
    past ones folded away; with `notes(text)`, a past session's shared notes show under it (for the two of them)."""
    if len(upcoming) < 2 and not past:
        return Markup("")
    session = links.session
    parts = ['<section aria-labelledby="sessions-title">\n<h2 id="sessions-title">Sessions</h2>\n']
    if len(upcoming) > 1:
        parts.append('<h3>Coming up</h3>\n<ul class="plain-list">\n')
        parts += [f'<li><a href="{session % meeting.id}">{when(meeting.starts_at, "%a %d %b %Y, %H:%M")}</a>'
                  f" · {escaped(meeting.title)}</li>\n" for meeting in upcoming[1:shown]]
        parts.append("</ul>\n")
        if len(upcoming) > shown:
            parts.append(f'<p class="muted">And {len(upcoming) - shown} more.</p>\n')
    if past:
        parts.append(f'<details class="past-sessions">\n<summary><h3 class="past-sessions__title">Past sessions '
                     f'({len(past)})</h3></summary>\n<ul class="plain-list">\n')
        for meeting in past:
            shared = (f'\n<div class="prose">{notes(meeting.shared_notes)}</div>'
                      if notes and meeting.shared_notes else "")
            parts.append(f'<li><a href="{session % meeting.id}">{when(meeting.starts_at, "%a %d %b %Y")}</a>'
                         f" · {escaped(meeting.title)}{shared}</li>\n")
        parts.append("</ul>\n</details>\n")
    parts.append("</section>\n")
    return Markup("".join(parts))
