"""The suggested mentors' cards as HTML: the one place their markup lives. Written in Python rather than a template
because a page shows ten to a hundred cards of a dozen values each and a template escapes every value it writes;
what mentors typed (name, headline) and the reasons and chips that quote their answers are escaped here (pure: no
Flask, no database)."""
from functools import lru_cache

from markupsafe import Markup

from mentoring.text import escaped


def cards_html(suggestions, face, mentor_url, hide_url, token):
    """The `<li>` card of each of `suggestions` (matching.suggestions.Suggestion): who the mentor is (`face(person)`
    gives their face as HTML, a pure function of the person), how well they fit and why, and what the mentee can do:
    `mentor_url` and `hide_url` are addresses with `%s` for the mentor's membership id, `token` the session's form
    token."""
    token = escaped(token)
    return Markup("".join([f"{before}{token}{after}" for before, after in
                           [_card(suggestion, face, mentor_url, hide_url) for suggestion in suggestions]]))


@lru_cache(maxsize=4096)
def _card(suggestion, face, mentor_url, hide_url):
    """One card as the HTML before and after its form token (which changes every second): a pure function, kept."""
    mentor_id, score, name = suggestion.mentor_id, suggestion.score, escaped(suggestion.name)
    about, hide = escaped(mentor_url) % mentor_id, escaped(hide_url) % mentor_id
    headline = (f'<p class="suggestion__headline muted">{escaped(suggestion.headline)}</p>\n'
                if suggestion.headline else "")
    reasons = ("" if not suggestion.reasons else
               '<ul class="reasons">' + "".join([f"<li>{escaped(reason)}</li>" for reason in suggestion.reasons])
               + "</ul>\n")
    chips = "".join([f'<li class="chip">{escaped(chip)}</li>' for chip in (*suggestion.chips, suggestion.time_apart)])
    return (f'<li class="card suggestion" id="mentor-{mentor_id}">\n<div class="suggestion__head">\n'
            f'{face(suggestion.person)}\n<div>\n'
            f'<h2 class="suggestion__name"><a href="{about}">{name}</a></h2>\n{headline}</div>\n</div>\n'
            f'<div class="fit">\n<label class="fit__label" for="fit-{mentor_id}">{escaped(suggestion.fit)} · {score}'
            f'<span class="visually-hidden"> out of 100</span></label>\n'
            f'<meter class="fit__meter" id="fit-{mentor_id}" min="0" max="100" low="{suggestion.fit_low}" '
            f'high="{suggestion.fit_high}" optimum="100" value="{score}">{score} of 100</meter>\n</div>\n'
            f'{reasons}<ul class="chips">{chips}</ul>\n<div class="actions suggestion__actions">\n'
            f'<a class="button button--small" href="{about}">See why and ask'
            f'<span class="visually-hidden"> {name}</span></a>\n'
            f'<form method="post" action="{hide}" class="inline-form" hx-post="{hide}" hx-target="#suggestions" '
            f'hx-swap="outerHTML">\n<input type="hidden" name="csrf_token" value="',
            f'">\n<button type="submit" class="button button--small button--secondary" '
            f'aria-label="Not for me: hide {name}">Not for me</button>\n</form>\n</div>\n</li>\n')
