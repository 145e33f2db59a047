"""The applicant list as HTML: its filters, its table and its pager, the one place their markup lives. Written in
Python rather than a template because the list shows twenty-five rows and a template costs about three times as much
for each, and the filters and pager as many calls again; every value a person typed (name, email, headline, the
search) is escaped here; roles, states, days, counts and addresses are the app's own (pure: no Flask, no database)."""
from typing import NamedTuple

from markupsafe import Markup

from mentoring.text import escaped


class Links(NamedTuple):
    """Where the list leads, escaped: `applicant` is (head, tail) of an applicant's address around their id,
    `previous` and `next` the pages around this one ("" when there is none)."""

    list: str
    approve: str
    import_people: str
    applicant: tuple
    previous: str
    next: str


class Filters(NamedTuple):
    """What the list is narrowed to ("" for any), and how many members each role and each state holds."""

    role: str
    state: str
    search: str
    role_counts: dict
    state_counts: dict


def list_html(applicants, filters, token, links):
    """The whole list (what htmx swaps when a filter changes): the filters, the form that approves the chosen
    applications (`token` its form token field) around the rows of `applicants`, or what to do when there are none,
    and the pager."""
    if applicants:
        head, tail = links.applicant
        rows = "".join([_row(applicant, head, tail) for applicant in applicants])
        role = f", {filters.role}s" if filters.role else ""
        state = f", {filters.state}" if filters.state else ""
        approve = ('<button type="submit" class="button">Approve the chosen applications</button>\n'
                   if filters.state_counts["pending"] else "")
        body = ('<div class="table-scroll">\n<table class="table">\n'
                f'<caption class="visually-hidden">Applicants{role}{state}</caption>\n'
                '<thead><tr>\n<th scope="col"><input type="checkbox" data-check-all="membership" '
                'aria-label="Choose every pending application on this page" hidden></th><th scope="col">Name</th>'
                '<th scope="col">Role</th>\n<th scope="col">State</th><th scope="col">Headline</th>'
                f'<th scope="col">Applied</th></tr></thead>\n<tbody>\n{rows}</tbody>\n</table>\n</div>\n{approve}')
    elif filters.role or filters.state or filters.search:
        body = _empty("Nobody matches these filters.", "", "Show everyone", links.list)
    else:
        body = _empty("Nobody has applied yet. Import your list of mentees and mentors, or send them the "
                      "program&#39;s page.", 'class="button" ', "Import people", links.import_people)
    previous = f'<a href="{links.previous}">Previous page</a>\n' if links.previous else ""
    following = f'<a href="{links.next}">Next page</a>\n' if links.next else ""
    return Markup(f'<div id="applicants">\n{_filters_html(filters, links.list)}\n'
                  f'<form method="post" action="{links.approve}">\n{token}\n{body}</form>\n'
                  f'<nav aria-label="Pages" class="pager">\n{previous}{following}</nav>\n</div>\n')


def _filters_html(filters, action):
    roles = "".join([_option(role, filters.role, f"{role.capitalize()}s ({count})")
                     for role, count in filters.role_counts.items()])
    states = "".join([_option(state, filters.state, f"{state.capitalize()} ({count})")
                      for state, count in filters.state_counts.items()])
    return (f'<form method="get" action="{action}" class="filters"\nhx-get="{action}" hx-target="#applicants" '
            'hx-swap="outerHTML"\nhx-push-url="true" hx-trigger="change, submit">\n'
            '<div class="field">\n<label for="filter-role">Role</label>\n<select id="filter-role" name="role">\n'
            f'<option value="">Mentors and mentees</option>\n{roles}\n</select>\n</div>\n'
            '<div class="field">\n<label for="filter-state">State</label>\n<select id="filter-state" name="state">\n'
            f'<option value="">Any state</option>\n{states}\n</select>\n</div>\n'
            '<div class="field">\n<label for="filter-q">Name or email</label>\n'
            f'<input id="filter-q" type="search" name="q" value="{escaped(filters.search)}">\n</div>\n'
            '<button type="submit" class="button button--secondary">Filter</button>\n</form>\n')


def _option(value, chosen, label):
    selected = " selected" if value == chosen else ""
    return f'<option value="{value}"{selected}>{label}</option>'


def _empty(sentence, style, action, href):
    return (f'<div class="empty-state">\n<p>{sentence}</p>\n<p><a {style}href="{href}">{action}</a></p>\n'
            "</div>\n")


def _row(applicant, head, tail):
    name, state = escaped(applicant.name), applicant.state
    bouncing = ' <span class="flag">email bouncing</span>' if applicant.bouncing else ""
    choose = (f'<input type="checkbox" name="membership" value="{applicant.id}" aria-label="Choose {name}">'
              if state == "pending" else "")
    return (f'<tr>\n<td>{choose}</td>\n'
            f'<td><a href="{head}{applicant.id}{tail}">{name}</a><br><span class="muted">{escaped(applicant.email)}'
            f'</span>{bouncing}</td>\n<td>{applicant.role}</td>\n'
            f'<td><span class="badge badge--{state}">{state}</span></td>\n'
            f'<td>{escaped(applicant.headline)}</td>\n<td>{applicant.applied}</td>\n</tr>\n')
