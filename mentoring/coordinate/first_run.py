"""A new coordinator's first-run checklist: each step ticked off from what the program already holds (derived every
time it is shown, never stored)."""
from typing import NamedTuple

import peewee as pw
from markupsafe import Markup

from mentoring.db import Prepared
from mentoring.models import AuditLog, Membership, Program
from mentoring.text import escaped


class Facts(NamedTuple):
    """What the checklist reads from a program."""

    has_goals: bool
    tailored_questions: bool
    has_dates: bool
    has_people: bool
    is_open: bool


class Step(NamedTuple):
    """One step: what to do, why, whether it is done, and where to do it (endpoint, url_for's values, the part of
    the page to go to: kept out of url_for, which then builds each address once for all requests)."""

    title: str
    hint: str
    done: bool
    endpoint: str
    values: dict
    anchor: str = ""


def steps(facts):
    """The five first-run steps in the order a coordinator takes them (pure)."""
    return [
        Step("Write the program's goals", "Mentees and mentors read them before they apply.", facts.has_goals,
             "programs.settings", {}, "goals"),
        Step("Make the questionnaires yours", "Add, change or remove questions: the answers drive the matching.",
             facts.tailored_questions, "questionnaires.index", {"purpose": "mentee"}),
        Step("Set the start and end dates", "People see them on the program's page and in their invitations.",
             facts.has_dates, "programs.settings", {}, "starts_on"),
        Step("Invite people", "Import a list of mentees and mentors, or send them this page's address.",
             facts.has_people, "coordinate.import_members", {}),
        Step("Open the program for applications", "Set its state to open when the steps above are done.",
             facts.is_open, "programs.settings", {}, "state"),
    ]


_HELD = Prepared(lambda program_id: Program.select(
    pw.fn.EXISTS(AuditLog.select(AuditLog.id).where(AuditLog.program == Program.id,
                                                    AuditLog.action.startswith("question."))),
    pw.fn.EXISTS(Membership.select(Membership.id).where(Membership.program == Program.id)))
    .where(Program.id == program_id))


def facts_of(program):
    """The program's facts, in one small query (built once: the checklist is on the program's page)."""
    (questions_changed, has_people), = _HELD.rows(program.id)
    return Facts(has_goals=bool(program.goals.strip()), tailored_questions=bool(questions_changed),
                 has_dates=bool(program.starts_on and program.ends_on), has_people=bool(has_people),
                 is_open=program.state != Program.DRAFT)


def checklist_of(program):
    """The steps to show a coordinator of `program`, or None once they are all done or the program is past opening."""
    if program.state not in (Program.DRAFT, Program.OPEN):
        return None
    shown = steps(facts_of(program))
    return None if all(step.done for step in shown) else shown


def checklist_html(shown, addresses):
    """The checklist as the program's page shows it: how many steps are done, then each step, its link (`addresses`,
    in the steps' order) and whether it is done."""
    done, total = sum(step.done for step in shown), len(shown)
    items = "".join([_step_html(number, step, address)
                     for number, (step, address) in enumerate(zip(shown, addresses, strict=True), 1)])
    return Markup('<section class="first-run" aria-labelledby="first-run-title">\n'
                  '<h2 id="first-run-title">Get your program ready</h2>\n'
                  f'<p class="muted">{done} of {total} steps done. Each step ticks itself off once it is done.</p>\n'
                  f'<meter class="first-run__meter" min="0" max="{total}" value="{done}" '
                  f'aria-labelledby="first-run-title">{done} of {total}</meter>\n'
                  f'<ol class="first-run__steps">\n{items}</ol>\n</section>')


def _step_html(number, step, address):
    done = " first-run__step--done" if step.done else ""
    return (f'<li class="first-run__step{done}">\n'
            f'<span class="first-run__mark" aria-hidden="true">{"✓" if step.done else number}</span>\n'
            f'<span><a href="{escaped(address)}">{escaped(step.title)}</a>\n'
            f'<span class="visually-hidden">({"done" if step.done else "to do"})</span>\n'
            f'<span class="first-run__hint">{"Done." if step.done else escaped(step.hint)}</span></span>\n</li>\n')
