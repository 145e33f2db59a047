"""The health board's table rows as HTML: the one place their markup lives. Written in Python rather than a template
because a page shows fifty rows of ten cells and a template escapes every value it writes (about twenty a row, more
than the rest of the page costs); the pair's two names are escaped here, everything else is the app's own words,
numbers and addresses (pure: no Flask, no database)."""
from typing import NamedTuple

from markupsafe import Markup

from mentoring.text import escaped
from mentoring.words import counted

TRAINED = {True: "done", False: "not yet"}


class Links(NamedTuple):
    """The addresses of a row's links and buttons, each with `%s` where the pair's id goes (web.url_pattern)."""

    pair: str
    nudge: str
    pause: str
    resume: str
    rematch: str
    end: str


def rows_html(rows, dates, labels, links):
    """The `<tr>` of each of `rows` (coordinate.health.Row): `dates` gives each pair's (last session, next session,
    last nudge) as written, `labels` each flag's words."""
    links = Links(*(escaped(link) for link in links))
    labels = {flag: escaped(label) for flag, label in labels.items()}
    return Markup("".join([_row(row, dates[row.id], labels, links) for row in rows]))


def _row(row, dates, labels, links):
    pair_id, state = row.id, row.state
    who = escaped(f"{row.mentee} and {row.mentor}")
    hidden = f'<span class="visually-hidden"> {who}</span>'
    last, upcoming, nudged = dates
    quiet = "" if row.quiet_days is None else (
        f'<br><span class="muted">{counted(row.quiet_days, "day")} ago{"" if row.last else " it started"}</span>')
    flags = "".join([f'<span class="flag">{labels[flag]}</span> ' for flag in row.flags])
    if nudged:
        flags += f'<span class="muted board__nudged">nudged {nudged}</span>'
    paused = state == "paused"
    toggle = links.resume if paused else links.pause
    flagged = ' class="row--flagged"' if row.flags else ""
    bouncing = "".join([f'<br><span class="flag">{escaped(name)}’s email bouncing</span>' for name in row.bouncing])
    return (f'<tr{flagged}>\n<td><a href="{links.pair % pair_id}">{who}</a>{bouncing}</td>\n'
            f'<td><span class="badge badge--{state}">{state}</span></td>\n'
            f"<td>{row.held} / {row.expected}</td>\n"
            f'<td>{last or "none yet"}{quiet}</td>\n<td>{upcoming or "none planned"}</td>\n'
            f"<td>{row.mentee_rating} · {row.mentor_rating}</td>\n<td>{row.open_goals} ({row.goals_done})</td>\n"
            f'<td>{TRAINED[row.trained["mentee"]]} · {TRAINED[row.trained["mentor"]]}</td>\n'
            f'<td class="board__flags">{flags}</td>\n<td class="board__actions">\n'
            f'<a href="{links.nudge % pair_id}">Nudge{hidden}</a>\n'
            f'<button type="submit" form="pair-actions" class="link-button" formaction="{toggle % pair_id}">'
            f'{"Resume" if paused else "Pause"}{hidden}</button>\n'
            f'<button type="submit" form="pair-actions" class="link-button" formaction="{links.rematch % pair_id}">'
            f"Re-match{hidden}</button>\n"
            f'<a href="{links.end % pair_id}">End{hidden}…</a>\n</td>\n</tr>\n')
