"""The applicant list's table rows as HTML: the one place their markup lives. Written in Python rather than a
template because the list shows twenty-five rows and a template costs about three times as much for each; every
value a person typed (name, email, headline) is escaped here; role, state and day are the app's own words (pure: no
Flask, no database)."""
from markupsafe import Markup

from mentoring.text import escaped


def rows_html(applicants, link):
    """The `<tr>` of each of `applicants` (coordinate.listing.Applicant); `link` is (head, tail) of an applicant's
    address around their id."""
    head, tail = escaped(link[0]), escaped(link[1])
    return Markup("".join([_row(applicant, head, tail) for applicant in applicants]))


def _row(applicant, head, tail):
    name, state = escaped(applicant.name), applicant.state
    choose = (f'<input type="checkbox" name="membership" value="{applicant.id}" aria-label="Choose {name}">'
              if state == "pending" else "")
    return (f'<tr>\n<td>{choose}</td>\n'
            f'<td><a href="{head}{applicant.id}{tail}">{name}</a><br><span class="muted">{escaped(applicant.email)}'
            f'</span></td>\n<td>{applicant.role}</td>\n'
            f'<td><span class="badge badge--{state}">{state}</span></td>\n'
            f'<td>{escaped(applicant.headline)}</td>\n<td>{applicant.applied}</td>\n</tr>\n')
