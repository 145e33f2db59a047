"""The bar that narrows a mentee's suggested mentors, as HTML: the one place its markup lives. Written in Python
rather than a template because its lists hold fifty options and a template escapes each value and label it writes
(more than the rest of the page around the cards costs); the coordinators' labels and what the mentee typed are
escaped here (pure: no Flask, no database)."""
from functools import lru_cache

from markupsafe import Markup

from mentoring.text import escaped
from mentoring.words import counted


def filter_bar_html(filters, chosen, search, action):
    """The filter bar: a list for each of `filters` (matching.suggestions.Filter) with the option `chosen` names for it
    selected, a search box holding `search`, and a form that asks `action` (the page's own address) for the list
    again, with htmx for the list alone; open and with a way to clear them when any is set."""
    narrowed_by = sum(1 for value in chosen.values() if value) + (1 if search else 0)
    action = escaped(action)
    summary = f" ({counted(narrowed_by, 'filter')} set)" if narrowed_by else ""
    clear = f'<a class="filter-bar__clear" href="{action}">Clear filters</a>\n' if narrowed_by else ""
    selects = "".join([_select(f, chosen.get(f.name)) for f in filters])
    return Markup(
        f'<details class="filter-bar"{" open" if narrowed_by else ""}>\n'
        f'<summary class="filter-bar__summary">Narrow the list{summary}</summary>\n'
        f'<form method="get" class="filters" role="search" aria-label="Narrow your suggested mentors" '
        f'hx-get="{action}" hx-target="#suggestions" hx-swap="outerHTML" hx-push-url="true" '
        f'hx-trigger="change, submit">\n{selects}'
        f'<div class="field">\n<label for="filter-search">Name or words</label>\n'
        f'<input id="filter-search" type="search" name="search" value="{escaped(search)}">\n</div>\n'
        f'<button type="submit" class="button button--secondary">Show mentors</button>\n{clear}</form>\n</details>')


@lru_cache(maxsize=1024)
def _select(f, picked):
    """The field of one filter with `picked` selected (a pure function of the two, kept: written for every page)."""
    name = escaped(f.name)
    options = "".join([f'<option value="{escaped(value)}"{" selected" if value == picked else ""}>{escaped(label)}'
                       "</option>" for value, label in f.options])
    return (f'<div class="field">\n<label for="filter-{name}">{escaped(f.label)}</label>\n'
            f'<select id="filter-{name}" name="{name}">\n<option value="">Any</option>\n{options}\n</select>\n</div>\n')
