"""A new coordinator's first-run checklist: each step ticked off from what the program already holds (derived every
time it is shown, never stored)."""
from typing import NamedTuple

from mentoring.db import Prepared
from mentoring.models import AuditLog, Membership, Program


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


_QUESTION_CHANGED = Prepared(lambda program_id: AuditLog.select(AuditLog.id)
                             .where(AuditLog.program == program_id, AuditLog.action.startswith("question."))
                             .limit(1))
_A_MEMBER = Prepared(lambda program_id: Membership.select(Membership.id).where(Membership.program == program_id)
                     .limit(1))


def facts_of(program):
    """The program's facts, in two small queries (built once: the checklist is on the program's page)."""
    return Facts(has_goals=bool(program.goals.strip()),
                 tailored_questions=bool(_QUESTION_CHANGED.rows(program.id)),
                 has_dates=bool(program.starts_on and program.ends_on),
                 has_people=bool(_A_MEMBER.rows(program.id)),
                 is_open=program.state != Program.DRAFT)


def checklist_of(program):
    """The steps to show a coordinator of `program`, or None once they are all done or the program is past opening."""
    if program.state not in (Program.DRAFT, Program.OPEN):
        return None
    shown = steps(facts_of(program))
    return None if all(step.done for step in shown) else shown
