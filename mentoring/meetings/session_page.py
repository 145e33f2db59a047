"""A session's page as HTML: when and where it is, who answered what, my answer, what the partner shared after it, the
pair's goals, the agenda and the notes. Written in Python rather than a template, as the pair's page is
(meetings.pair_sessions): a template escapes every value it writes and costs a context for each form it draws; what
people typed (titles, places, names, notes, goals, agenda items) is escaped here (pure: no Flask, no database)."""
from typing import NamedTuple

from markupsafe import Markup

from mentoring.text import escaped

WHEN = "%A %d %B %Y, %H:%M"
WHEN_THIS_YEAR = "%A %d %B, %H:%M"


class Links(NamedTuple):
    """Where a session's page leads, escaped for HTML: `item` and `feedback` with `%s` for the agenda item's and the
    feedback form's id (web.url_pattern)."""

    pair: str
    answer: str
    reschedule: str
    cancel: str
    add_item: str
    item: str
    feedback: str


def facts_html(meeting, series, people, answers, viewer, partner, links, when):
    """The way back to the pair, the session's title and its facts: when (for the `partner` too, when they live
    elsewhere; `partner` is None for a coordinator), how it repeats (`series`, or None), where, and what each of
    `people` answered (`answers`: each one's Rsvp by user id), with a way to move it to a time the partner suggests.
    `when(moment, format, zone=None)` writes a time."""
    mentee, mentor = people
    back = f"You and {escaped(partner.name)}" if partner else f"{escaped(mentee.name)} and {escaped(mentor.name)}"
    parts = [f'<p><a href="{links.pair}">← {back}</a></p>\n<h1>{escaped(meeting.title)}</h1>\n']
    if meeting.cancelled:
        parts.append('<p class="notice">This session is cancelled.</p>\n')
    elsewhere = (f' <br><span class="muted">For {escaped(partner.name)}: '
                 f"{when(meeting.starts_at, WHEN_THIS_YEAR, partner.timezone)}</span>"
                 if partner and partner.timezone != viewer.timezone else "")
    parts.append(f'<dl class="facts">\n<dt>When</dt>\n<dd>{when(meeting.starts_at, WHEN)} '
                 f"({meeting.duration_minutes} minutes){elsewhere}</dd>\n")
    if series:
        parts.append(f"<dt>Repeats</dt><dd>{escaped(series.rhythm.capitalize())}</dd>\n")
    if meeting.location:
        place = escaped(meeting.location)
        parts.append(f'<dt>Where</dt><dd><a href="{place}" rel="noopener">{place}</a></dd>\n'
                     if meeting.location.startswith(("https://", "http://")) else f"<dt>Where</dt><dd>{place}</dd>\n")
    parts.append('<dt>Answers</dt>\n<dd><ul class="plain-list">\n')
    for person in people:
        said = answers.get(person.id)
        move = partner is not None and person.id != viewer.id and not meeting.cancelled
        parts.append(f'<li>{"You" if person.id == viewer.id else escaped(person.name)}: '
                     f"{_answer_words(said, links.reschedule if move else None, when)}</li>\n")
    parts.append("</ul></dd>\n</dl>\n")
    return Markup("".join(parts))


def _answer_words(said, reschedule, when):
    """What a person answered, their note, and for a suggested time the link to move the session to it (when
    `reschedule` is given)."""
    if not said:
        return "not answered yet"
    if said.answer in ("accepted", "declined"):
        words = said.answer
    else:
        words = f"suggests {when(said.proposed_start, WHEN_THIS_YEAR)}"
    if said.note:
        words += f" · “{escaped(said.note)}”"
    if reschedule and said.answer == "proposed":
        local = when(said.proposed_start, "%Y-%m-%d %H:%M")
        words += f' <a href="{reschedule}?day={local[:10]}&amp;at={local[11:16]}">Move it to that time</a>'
    return words


def answer_html(links, errors, token, answer, day, at, note, zone):
    """My answer to the session as a form (its error summary `errors`, form token `token` and fields, as forms.py
    writes them; a suggested time is in `zone`), and the ways to move or cancel it."""
    return Markup(
        '<section class="panel" aria-labelledby="answer-title">\n<h2 id="answer-title">Your answer</h2>\n'
        f'<form method="post" action="{links.answer}" class="form" novalidate>\n{errors}{token}\n'
        f'<div class="segmented-radios">{answer}</div>\n<div class="field-row">\n{day}\n{at}\n</div>\n'
        f'<p class="field__help">A suggested time is in your time zone, {escaped(zone)}.</p>\n{note}\n'
        '<button type="submit" class="button">Send my answer</button>\n</form>\n<p class="actions">\n'
        f'<a class="button button--secondary" href="{links.reschedule}">Move…</a>\n'
        f'<a class="button button--danger" href="{links.cancel}">Cancel…</a>\n</p>\n</section>\n')


def after_session_html(my_form, partner, shared, links, paragraphs):
    """The way to my own feedback on the session (`my_form`, or None) and what the `partner` shared after it
    (`shared`: [(question, text)]), `paragraphs(text)` writing their text."""
    parts = []
    if my_form:
        parts.append(f'<p class="notice"><a href="{links.feedback % my_form.id}">Tell us how this session went</a> '
                     "(five short questions).</p>\n")
    if shared:
        answers = "".join([f"<dt>{escaped(question.label)}</dt><dd>{paragraphs(text)}</dd>"
                           for question, text in shared])
        parts.append('<section class="panel" aria-labelledby="shared-title">\n'
                     f'<h2 id="shared-title">What {escaped(partner.name)} shared after the session</h2>\n'
                     f"<dl>{answers}</dl>\n</section>\n")
    return Markup("".join(parts))


def goals_html(goals, links):
    """The pair's open `goals` (each with `.steps`, its milestones), with a way to update them; nothing without."""
    if not goals:
        return ""
    rows = []
    for goal in goals:
        steps = (f", {sum(1 for step in goal.steps if step.done_at)} of {len(goal.steps)} milestones"
                 if goal.steps else "")
        rows.append(f'<li>{escaped(goal.title)} <span class="muted">({escaped(goal.state.replace("_", " "))}{steps})'
                    "</span></li>")
    return Markup('<section aria-labelledby="session-goals-title">\n<h2 id="session-goals-title">Your goals</h2>\n'
                  f'<ul class="plain-list">{"".join(rows)}</ul>\n'
                  f'<p><a href="{links.pair}#goals">Update your goals</a></p>\n</section>\n')


def agenda_html(items_html, said, links, errors, token, key, text):
    """The agenda (`items_html`, agenda_rows.items_html, or "" when empty) and the form to add to it (its error summary
    `errors`, form token `token`, one-time key `key` and text field `text`, as forms.py writes them): the section htmx
    swaps after each change, which says what changed (`said`) to screen readers."""
    status = f'<p class="visually-hidden" role="status" aria-live="polite">{escaped(said)}</p>\n' if said else ""
    listed = (f'<ol class="agenda">\n{items_html}</ol>\n' if items_html
              else "<p>Nothing on the agenda yet. What would you like to talk about?</p>\n")
    return Markup(
        f'<section id="agenda" class="panel" aria-labelledby="agenda-title">\n<h2 id="agenda-title">Agenda</h2>\n'
        f'{status}{listed}<form method="post" action="{links.add_item}" class="form form--inline" novalidate '
        f'hx-post="{links.add_item}" hx-target="#agenda" hx-swap="outerHTML">\n{errors}{token}{key}\n{text}\n'
        '<button type="submit" class="button button--secondary">Add</button>\n</form>\n'
        '<p class="field__help">Items not ticked off move to your next session.</p>\n</section>\n')


def notes_html(shared_notes, private_note):
    """The notes section: the forms of the pair's shared notes and of my private note (forms.swapping_form_html)."""
    return Markup('<section class="panel" aria-labelledby="notes-title">\n<h2 id="notes-title">Notes</h2>\n'
                  f"{shared_notes}\n{private_note}\n</section>\n")


NOT_YOURS = Markup("<p class=\"muted\">The pair's agenda and notes are theirs alone.</p>\n")
