"""The pair's goals section, written in Python: each goal's progress and milestones, the buttons only the pair's two
people get, and everything the pair typed escaped."""
from datetime import date, datetime
from types import SimpleNamespace as Row

import pytest

from mentoring.pairs.goals_section import GoalLinks, goals_html

STATES = {"not_started": "Not started", "in_progress": "In progress", "done": "Done"}
LINKS = GoalLinks("/goals/%s", "/goals/%s/milestones", "/milestones/%s", "/goals/new")
REACHED = datetime(2027, 1, 5, 9, 0)


def section(goals, member=True, said="", form_html=""):
    return str(goals_html(goals, STATES, member, LINKS, "[token]", lambda: "[key]", said, form_html))


def goal(goal_id=1, state="in_progress", steps=(), **fields):
    return Row(id=goal_id, state=state, steps=list(steps), **{"title": "Ship <it>", "why": "", "target_date": None,
                                                               **fields})


def step(step_id, done_at=None, text="Draft & send"):
    return Row(id=step_id, done_at=done_at, text=text)


@pytest.mark.parametrize("member, expected", [
    (True, "<p>No goals yet. What do you want to achieve together?"),
    (False, "<p>The pair has written no goals yet.</p>"),
])
def test_an_empty_section_says_what_to_do_next(member, expected):
    shown = section([], member)
    assert expected in shown
    assert ('<a class="button button--secondary" href="/goals/new" hx-get="/goals/new" hx-target="#goals" '
            'hx-swap="outerHTML">Write your first goal</a>' in shown) is member


def test_a_goal_shows_its_title_why_date_and_progress_escaped():
    shown = section([goal(why="Because <b>", target_date=date(2027, 2, 1),
                          steps=[step(7, REACHED), step(8), step(9, text="<script>")])])
    assert 'Ship &lt;it&gt; <span class="badge badge--in_progress">In progress</span></h3>' in shown
    assert "<p>Because &lt;b&gt;</p>" in shown and "By 01 February 2027." in shown
    assert '<label for="goal-1-progress">1 of 3 milestones reached</label>' in shown
    assert '<progress id="goal-1-progress" max="3" value="1">1 of 3</progress>' in shown
    assert '<span class="done">Draft &amp; send</span>' in shown and "<span>&lt;script&gt;</span>" in shown
    assert "Add a goal</a>" in shown


def test_the_pair_changes_a_goal_with_buttons_that_say_which_goal():
    shown = section([goal(steps=[step(7, REACHED), step(8)])])
    assert 'action="/goals/1" class="inline-form" hx-post="/goals/1" hx-target="#goals"' in shown
    assert ('<button type="submit" name="state" value="done" class="button button--small">Mark as done'
            '<span class="visually-hidden">: Ship &lt;it&gt;</span></button>') in shown
    assert 'value="not_started" class="button button--small button--secondary">Not started' in shown
    assert 'value="in_progress"' not in shown  # the state it is in already
    assert 'Remove<span class="visually-hidden"> Ship &lt;it&gt;</span>' in shown
    assert ('<input type="hidden" name="done" value="0">\n<button type="submit" class="tick" aria-pressed="true" '
            'aria-label="Reached: Draft &amp; send">☑</button>') in shown
    assert 'action="/milestones/8"' in shown and 'aria-pressed="false"' in shown
    assert '<label class="field__label" for="milestone-1">Add a milestone to “Ship &lt;it&gt;”</label>' in shown
    assert "[token][key]" in shown


def test_a_goal_done_takes_no_more_milestones_and_a_coordinator_only_reads():
    assert 'for="milestone-1"' not in section([goal(state="done")])
    shown = section([goal(steps=[step(7, REACHED)])], member=False)
    assert "<form" not in shown and "<button" not in shown and "☑" in shown


def test_a_change_is_announced_and_an_open_form_replaces_the_link():
    shown = section([goal()], said="Goal added: “<x>”.", form_html="[the form]")
    assert '<p class="visually-hidden" role="status" aria-live="polite">Goal added: “&lt;x&gt;”.</p>' in shown
    assert "[the form]" in shown and "Add a goal</a>" not in shown
