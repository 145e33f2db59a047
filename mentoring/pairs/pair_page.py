"""The pair's page around its sections, as HTML: who the two are, what the pair waits on them to decide (a proposal, the
meet and greet) or why it is paused or over, the coordinators' view of the pair and what it told them, and the ways
to end it or report a problem. Written in Python, as its sections are (pairs.partner_card, pairs.goals_section,
meetings.pair_sessions): names and what people typed are escaped here (pure: no Flask, no database)."""
from typing import NamedTuple

from mentoring.text import escaped

DECIDING = {  # a state in which the two say whether to go on: (the panel's title, its words, yes, no, waiting)
    "proposed": ("The coordinators suggest you work together", None, "Yes, let's work together", "No, thank you",
                 "You said yes. We are waiting for {name}."),
    "introduction": ("Meet and greet", "Meet once to get to know each other. Then tell us whether you would like to "
                     "continue; it is fine to say no.", "Let's continue", "Not a fit", None),
}
ENDABLE = ("introduction", "active", "paused")


class Links(NamedTuple):
    """Where the pair's page leads, escaped for HTML."""

    program: str
    answer: str
    end: str
    report: str
    suggestions: str


def heading_html(pair, side, partner_name, links):
    """The way back to the program, who the pair is (for one of the two, `side`: "You and" the partner) and its
    state."""
    mentee, mentor = escaped(pair.mentee.user.name), escaped(pair.mentor.user.name)
    partner = escaped(partner_name)
    title = f"You and {partner}" if side else f"{mentee} and {mentor}"
    role = f' {partner} is your {"mentor" if side == "mentee" else "mentee"}.' if side else ""
    return (f'<p><a href="{links.program}">← {escaped(pair.program.name)}</a></p>\n<h1>{title}</h1>\n'
            f'<p><span class="badge badge--{pair.state}">{pair.state}</span>{role}</p>\n')


def standing_html(pair, side, partner_name, links, token, when, end_kinds):
    """What the pair waits on the viewer to decide while it is proposed or meeting to greet (for one of the two), or
    why it is paused or over; "" otherwise."""
    if side and pair.state in DECIDING:
        return _deciding_html(pair, side, escaped(partner_name), links, token)
    if pair.state == "paused":
        since = f' since {when(pair.paused_at, "%d %B %Y")}' if pair.paused_at else ""
        return f'<p class="notice">The coordinators have paused this pair{since}. They will be in touch.</p>\n'
    if pair.state == "ended":
        fresh = (f' <a href="{links.suggestions}">See fresh suggestions</a>.' if side == "mentee" else "")
        kind = escaped(end_kinds.get(pair.end_kind, pair.end_kind))
        return (f'<p class="notice">This pair ended on {when(pair.ended_at, "%d %B %Y")} ({kind}).{fresh}</p>\n')
    return ""


def _deciding_html(pair, side, partner, links, token):
    """The panel in which one of the two says yes or no to going on together."""
    title, words, yes, no, waiting = DECIDING[pair.state]
    mine = pair.mentee_says if side == "mentee" else pair.mentor_says
    theirs = pair.mentor_says if side == "mentee" else pair.mentee_says
    panel_id = "proposal-title" if pair.state == "proposed" else "intro-title"
    parts = [f'<section class="panel" aria-labelledby="{panel_id}">\n<h2 id="{panel_id}">{title}</h2>\n']
    if words:
        parts.append(f"<p>{words}</p>\n")
    if mine == "yes" and waiting:
        parts.append(f"<p>{waiting.format(name=partner)}</p>\n")
    elif mine == "yes":
        still = f"; we are waiting for {partner}" if theirs != "yes" else ""
        parts.append(f"<p>You said let's continue{still}.</p>\n")
    else:
        if pair.state == "proposed":
            parts.append(f"<p>Look at {partner}'s profile below, then say whether you would like to.</p>\n")
        parts.append(f'<form method="post" action="{links.answer}" class="actions">\n{token}\n'
                     f'<button type="submit" name="answer" value="yes" class="button">{yes}</button>\n'
                     f'<button type="submit" name="answer" value="no" class="button button--secondary">{no}</button>\n'
                     f"</form>\n")
    parts.append("</section>\n")
    return "".join(parts)


def facts_html(pair, when, face):
    """For the coordinators: who the two are, when and how the pair was made, and why it ended."""
    reason = f"<dt>Reason for ending</dt><dd>{escaped(pair.end_reason)}</dd>\n" if pair.end_reason else ""
    return (f'<dl class="facts">\n'
            f'<dt>Mentee</dt><dd class="person">{face(pair.mentee.user, 24)}{escaped(pair.mentee.user.name)}</dd>\n'
            f'<dt>Mentor</dt><dd class="person">{face(pair.mentor.user, 24)}{escaped(pair.mentor.user.name)}</dd>\n'
            f'<dt>Made</dt><dd>{when(pair.created_at, "%d %b %Y")} ({escaped(pair.origin)})</dd>\n{reason}</dl>\n')


def answered_html(answered, title_of, when):
    """For the coordinators: what the pair told them, each form (`answered`: (form, [(question, answer)])) titled by
    `title_of(form)`, newest first."""
    parts = ['<section aria-labelledby="answered-title">\n'
             '<h2 id="answered-title">What the pair told the coordinators</h2>\n']
    for form, answers in answered:
        shared = ' <span class="muted">· comments shared with the partner</span>' if form.shared else ""
        rows = "".join(f"<dt>{escaped(question.label)}</dt><dd>{escaped(str(answer))}</dd>"
                       for question, answer in answers)
        parts.append(f'<article class="panel">\n<h3>{escaped(title_of(form))}: {escaped(form.user.name)} '
                     f'({escaped(form.role)}), {when(form.submitted_at, "%d %b %Y")}{shared}</h3>\n'
                     f'<dl class="answers">{rows}</dl>\n</article>\n')
    if not answered:
        parts.append("<p>No feedback yet.</p>\n")
    parts.append("</section>\n")
    return "".join(parts)


def actions_html(pair, side, links):
    """The ways to end the pair while it lasts, and for one of the two to report a problem."""
    end = f'<a href="{links.end}">End this pair…</a>\n' if pair.state in ENDABLE else ""
    report = f'<a href="{links.report}">Report a problem to the coordinators…</a>\n' if side else ""
    return f'<p class="actions">\n{end}{report}</p>\n'
