"""The partner's card on the pair's page, as HTML: their face, name, headline, the time where they are, how to reach
them while the pair meets, and what they wrote about themselves. Written in Python, as the page's other sections
(meetings.pair_sessions): what the partner typed is escaped here (pure: no Flask, no database)."""
from markupsafe import Markup

from mentoring.text import escaped

REACHABLE = ("introduction", "active")  # the pair states in which the two see each other's address


def partner_card_html(partner, side, pair_state, viewer_timezone, now, when, face, paragraphs):
    """The card of `partner` (a membership, its user joined) for the other one of the pair (`side`, living in
    `viewer_timezone`): `when(moment, format, zone)` writes `now` where the partner is, `face(user, size)` a face,
    `paragraphs(text)` their bio."""
    user, zone = partner.user, partner.user.timezone
    name = escaped(user.name)
    parts = [f'<section class="pair-card partner-card" aria-labelledby="partner-title">\n'
             f'<div class="partner-card__head">\n{face(user, 48)}\n<div>\n'
             f'<h2 id="partner-title" class="partner-card__name">{name}</h2>\n'
             f'<p class="muted">Your {"mentor" if side == "mentee" else "mentee"}</p>\n</div>\n</div>\n']
    if partner.headline:
        parts.append(f'<p class="partner-card__headline">{escaped(partner.headline)}</p>\n')
    elsewhere = f' <span class="muted">({escaped(zone)})</span>' if zone != viewer_timezone else ""
    parts.append(f'<p class="partner-card__time">Their time now: <strong>{when(now, "%A %H:%M", zone)}</strong>'
                 f"{elsewhere}</p>\n")
    if pair_state in REACHABLE:
        email = escaped(user.email)
        parts.append(f'<dl class="facts">\n<dt>Email</dt><dd><a href="mailto:{email}">{email}</a></dd>\n')
        if partner.video_link:
            link = escaped(partner.video_link)
            parts.append(f'<dt>Video call</dt><dd><a href="{link}" rel="noopener">{link}</a></dd>\n')
        parts.append("</dl>\n")
    if partner.bio:
        parts.append(f'<details class="partner-card__bio"><summary>About {name}</summary>'
                     f'<div class="prose">{paragraphs(partner.bio)}</div></details>\n')
    parts.append("</section>\n")
    return Markup("".join(parts))
