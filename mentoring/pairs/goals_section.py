"""The pair's goals, as HTML, on the pair's page and in each htmx swap of the section: each goal with its progress and
milestones, and for the pair's two people the buttons that change them. Written in Python, as the page's other
sections (pairs.partner_card): what the pair typed is escaped here (pure: no Flask, no database)."""
from typing import NamedTuple

from markupsafe import Markup

from mentoring.text import escaped
from mentoring.words import counted


class GoalLinks(NamedTuple):
    """The section's addresses, escaped: each pattern takes an id with `%`."""

    change_goal: str  # a goal's id
    add_milestone: str  # a goal's id
    tick_milestone: str  # a milestone's id
    new_goal: str


def goals_html(goals, states, member, links, token, key, said="", form_html=""):
    """The section of `goals` (each with `.steps`, its milestones), named by `states`; `member`: a viewer who is one of
    the pair, who gets the buttons (each form carries `token`, and a form that adds one `key()`) and the form
    `form_html` to add a goal when it is open (else a link opens it); `said` is announced after a change."""
    parts = ['<section id="goals" aria-labelledby="goals-title">\n<h2 id="goals-title">Goals</h2>\n']
    if said:
        parts.append(f'<p class="visually-hidden" role="status" aria-live="polite">{escaped(said)}</p>\n')
    if goals:
        parts.append('<ol class="goals">\n')
        parts.extend(_goal_html(goal, states, member, links, token, key) for goal in goals)
        parts.append("</ol>\n")
    elif member:
        parts.append("<p>No goals yet. What do you want to achieve together? A goal with a few milestones shows how "
                     "far you have come.</p>\n")
    else:
        parts.append("<p>The pair has written no goals yet.</p>\n")
    if member:
        parts.append(form_html or (
            f'<p><a class="button button--secondary" href="{links.new_goal}" hx-get="{links.new_goal}" '
            f'hx-target="#goals" hx-swap="outerHTML">{"Add a goal" if goals else "Write your first goal"}</a></p>\n'))
    parts.append("</section>\n")
    return Markup("".join(parts))


def _goal_html(goal, states, member, links, token, key):
    """One goal: its title and state, why, when by, progress, the buttons that change it and its milestones."""
    title, steps = escaped(goal.title), goal.steps
    parts = [f'<li class="goal goal--{goal.state}">\n<h3 class="goal__title">{title} '
             f'<span class="badge badge--{goal.state}">{states[goal.state]}</span></h3>\n']
    if goal.why:
        parts.append(f"<p>{escaped(goal.why)}</p>\n")
    if goal.target_date:
        parts.append(f'<p class="muted">By {goal.target_date.strftime("%d %B %Y")}.</p>\n')
    if steps:
        done = sum(1 for step in steps if step.done_at)
        parts.append(f'<div class="goal__progress">\n<label for="goal-{goal.id}-progress">{done} of '
                     f'{counted(len(steps), "milestone")} reached</label>\n'
                     f'<progress id="goal-{goal.id}-progress" max="{len(steps)}" value="{done}">{done} of '
                     f"{len(steps)}</progress>\n</div>\n")
    if member:
        url = links.change_goal % goal.id
        buttons = "".join(
            f'<button type="submit" name="state" value="{value}" class="button button--small'
            f'{"" if value == "done" else " button--secondary"}">{"Mark as done" if value == "done" else label}'
            f'<span class="visually-hidden">: {title}</span></button>\n'
            for value, label in states.items() if value != goal.state)
        parts.append(f'<form method="post" action="{url}" class="inline-form" hx-post="{url}" hx-target="#goals" '
                     f'hx-swap="outerHTML">\n{token}\n{buttons}<button type="submit" name="action" value="remove" '
                     f'class="link-button">Remove<span class="visually-hidden"> {title}</span></button>\n</form>\n')
    if steps:
        parts.append('<ul class="milestones">\n')
        parts.extend(_milestone_html(step, member, links, token) for step in steps)
        parts.append("</ul>\n")
    if member and goal.state != "done":
        url = links.add_milestone % goal.id
        parts.append(f'<form method="post" action="{url}" class="form form--inline" hx-post="{url}" '
                     f'hx-target="#goals" hx-swap="outerHTML" novalidate>\n{token}{key()}\n<div class="field">\n'
                     f'<label class="field__label" for="milestone-{goal.id}">Add a milestone to “{title}”</label>\n'
                     f'<input class="field__input" id="milestone-{goal.id}" name="text" maxlength="300" '
                     f'autocomplete="off">\n</div>\n'
                     f'<button type="submit" class="button button--secondary button--small">Add</button>\n</form>\n')
    parts.append("</li>\n")
    return "".join(parts)


def _milestone_html(step, member, links, token):
    """One milestone, reached or not, with the button that ticks it for the pair's two people."""
    text, box = escaped(step.text), "☑" if step.done_at else "☐"
    if member:
        url = links.tick_milestone % step.id
        box = (f'<form method="post" action="{url}" class="inline-form" hx-post="{url}" hx-target="#goals" '
               f'hx-swap="outerHTML">\n{token}<input type="hidden" name="done" value="{"0" if step.done_at else "1"}">'
               f'\n<button type="submit" class="tick" aria-pressed="{"true" if step.done_at else "false"}" '
               f'aria-label="Reached: {text}">{box}</button>\n</form>\n')
    done = ' class="done"' if step.done_at else ""
    return f"<li>\n{box}\n<span{done}>{text}</span>\n</li>\n"
