"""The health board's sections around its table, as HTML: the counts, the filters, and the people and requests
waiting. Written in Python, as the table's rows are (coordinate.board_rows): the board is the page a coordinator
keeps open, and a template escapes every value it writes; people's names are escaped here, everything else is the
app's own words, numbers and addresses (pure: no Flask, no database)."""
from typing import NamedTuple

from markupsafe import Markup

from mentoring.text import escaped
from mentoring.words import counted

LISTED = 10  # people shown in each list of those waiting; the rest are counted


class Links(NamedTuple):
    """Where the sections lead: `applicant` with `%s` for a membership id (web.url_pattern), `filters` the board's
    address for each filter."""

    reports: str
    nudge: str
    matching: str
    applicant: str
    filters: dict


def summary_html(counts, waiting, unanswered, links):
    """The board's counts (`counts` as health.Board has them) and, when pairs are flagged, the way to nudge them."""
    flagged = counts["flagged"]
    nudge = (f'<p><a class="button" href="{links.nudge}">Nudge every flagged pair ({flagged})…</a></p>\n'
             if flagged else "")
    return Markup(
        f'<ul class="stats">\n<li><strong>{counted(counts["pairs"], "pair")}</strong> meeting or paused</li>\n'
        f"<li><strong>{flagged}</strong> flagged</li>\n"
        f'<li><strong>{counted(waiting, "mentee")}</strong> without a mentor</li>\n'
        f'<li><strong>{counted(unanswered, "request")}</strong> unanswered for a week</li>\n'
        f'<li><a href="{links.reports}"><strong>{counted(counts["open_reports"], "reported problem")}</strong>'
        f" open</a></li>\n</ul>\n{nudge}")


def filters_html(filters, counts, chosen, links):
    """The filters as a segmented navigation, `chosen` marked, each with how many pairs it keeps where counted."""
    items = []
    for value, label in filters.items():
        href = links.filters[value]
        current = ' aria-current="page"' if value == chosen else ""
        count = f" ({counts[value]})" if value in counts else ""
        items.append(f'<li><a href="{href}" hx-get="{href}" hx-target="#pairs" hx-swap="outerHTML" '
                     f'hx-push-url="true"{current}>{label}{count}</a></li>\n')
    return Markup(f'<nav aria-label="Show" class="segmented-nav">\n<ul class="segmented">\n{"".join(items)}'
                  "</ul>\n</nav>\n")


def lists_html(waiting_mentees, free_mentors, unanswered, links, when):
    """The mentees without a mentor (`when(moment)` writes when each was approved), the mentors with free seats and
    the requests unanswered for a week, each list's first few linked to the person."""
    applicant = links.applicant
    if waiting_mentees:
        names = "".join([f'<li><a href="{applicant % member_id}">{escaped(name)}</a>'
                         + (f' <span class="muted">approved {when(since)}</span>' if since else "") + "</li>"
                         for member_id, name, since in waiting_mentees[:LISTED]])
        waiting = (f'<ul class="plain-list">{names}</ul>\n{_more(waiting_mentees)}'
                   f'<p><a href="{links.matching}">Propose matches</a></p>\n')
    else:
        waiting = "<p>Every approved mentee has a mentor.</p>\n"
    if free_mentors:
        names = "".join([f'<li><a href="{applicant % member_id}">{escaped(name)}</a> '
                         f'<span class="muted">{seats} free</span></li>'
                         for member_id, name, seats in free_mentors[:LISTED]])
        free = f'<ul class="plain-list">{names}</ul>\n{_more(free_mentors)}'
    else:
        free = "<p>Every mentor's seats are taken.</p>\n"
    if unanswered:
        asked = "".join([f"<li>{escaped(mentee)} asked {escaped(mentor)} {counted(days, 'day')} ago</li>"
                         for _, mentee, mentor, days in unanswered])
        waiting_requests = f'<ul class="plain-list">{asked}</ul>\n'
    else:
        waiting_requests = "<p>None.</p>\n"
    return Markup(
        f'<div class="two-columns">\n<section aria-labelledby="waiting-title">\n'
        f'<h2 id="waiting-title">Mentees without a mentor ({len(waiting_mentees)})</h2>\n{waiting}</section>\n'
        f'<section aria-labelledby="free-title">\n'
        f'<h2 id="free-title">Mentors with free seats ({len(free_mentors)})</h2>\n{free}</section>\n</div>\n'
        f'<section aria-labelledby="unanswered-title">\n'
        f'<h2 id="unanswered-title">Requests unanswered for a week or more ({len(unanswered)})</h2>\n'
        f"{waiting_requests}</section>\n")


def _more(listed):
    return f'<p class="muted">And {len(listed) - LISTED} more.</p>\n' if len(listed) > LISTED else ""
