"""A new coordinator's checklist on the program's page: each step ticks itself off from the program's data, and the
list is gone once every step is done."""
import re
from datetime import date

import pytest

from conftest import PASSWORD
from mentoring.coordinate import first_run
from mentoring.models import AuditLog, Program
from support.client import logged_in, seen, text

TITLES = ["Write the program's goals", "Make the questionnaires yours", "Set the start and end dates",
          "Invite people", "Open the program for applications"]


@pytest.mark.parametrize("facts, done", [
    (first_run.Facts(False, False, False, False, False), []),
    (first_run.Facts(True, False, False, False, False), [TITLES[0]]),
    (first_run.Facts(False, True, True, False, False), TITLES[1:3]),
    (first_run.Facts(False, False, False, True, True), TITLES[3:]),
    (first_run.Facts(True, True, True, True, True), TITLES),
])
def test_each_step_is_done_when_its_fact_holds(facts, done):
    assert [step.title for step in first_run.steps(facts)] == TITLES
    assert [step.title for step in first_run.steps(facts) if step.done] == done


def ticked(page):
    return re.findall(r'<a href="[^"]+">([^<]+)</a>\s*<span class="visually-hidden">\(done\)</span>', page)


@pytest.mark.parametrize("given, ticks", [
    ({"state": "draft"}, []),
    ({"state": "draft", "goals": "Grow writers", "starts_on": date(2027, 1, 1), "ends_on": date(2027, 6, 30)},
     [TITLES[0], TITLES[2]]),
    ({"state": "draft", "goals": "  ", "starts_on": date(2027, 1, 1)}, []),  # blank goals, one date of two
    ({"state": "open", "tailored": True}, [TITLES[1], TITLES[4]]),
    ({"state": "open", "people": True}, [TITLES[3], TITLES[4]]),
])
def test_the_program_page_shows_its_coordinator_the_steps_ticked_from_the_data(app, make_user, make_program, join,
                                                                               given, ticks):
    coordinator = make_user(name="Cora Coordinator")
    given = dict(given)
    tailored, people = given.pop("tailored", False), given.pop("people", False)
    program = make_program(coordinators=[coordinator], **given)
    if tailored:
        AuditLog.create(actor=coordinator, program=program, action="question.edit", target="Languages")
    if people:
        join(make_user(), program, "mentee", state="pending")
    page = text(logged_in(app, coordinator, PASSWORD).get(f"/programs/{program.slug}"))
    assert "Get your program ready" in page and f"{len(ticks)} of 5 steps done." in page
    assert ticked(page) == ticks
    assert f'href="/programs/{program.slug}/settings#goals"' in page
    assert f'href="/programs/{program.slug}/import"' in page


def test_the_checklist_is_gone_once_every_step_is_done_and_members_never_see_it(app, make_user, make_program, join):
    coordinator, member = make_user(name="Cora Coordinator"), make_user(name="Mia Member")
    program = make_program(coordinators=[coordinator], state="open", goals="Grow writers",
                           starts_on=date(2027, 1, 1), ends_on=date(2027, 6, 30))
    join(member, program, "mentee")
    cora = logged_in(app, coordinator, PASSWORD)
    assert "4 of 5 steps done." in seen(cora.get(f"/programs/{program.slug}"))
    assert "Get your program ready" not in text(logged_in(app, member, PASSWORD).get(f"/programs/{program.slug}"))
    AuditLog.create(actor=coordinator, program=program, action="question.add", target="Hobbies")
    assert "Get your program ready" not in text(cora.get(f"/programs/{program.slug}"))
    Program.update(state=Program.MATCHING, goals="").where(Program.id == program.id).execute()
    assert "Get your program ready" not in text(cora.get(f"/programs/{program.slug}"))  # past its first run


def test_the_console_of_a_draft_program_leads_to_the_first_steps(app, make_user, make_program):
    coordinator = make_user(name="Cora Coordinator")
    draft, running = (make_program(name=name, coordinators=[coordinator], state=state)
                      for name, state in (("Draft One", "draft"), ("Open One", "open")))
    cora = logged_in(app, coordinator, PASSWORD)
    link = f'href="/programs/{draft.slug}#first-run-title">Get it ready: the first steps</a>'
    assert link in text(cora.get(f"/programs/{draft.slug}/settings"))
    assert 'id="first-run-title"' in text(cora.get(f"/programs/{draft.slug}"))
    assert "Get it ready" not in text(cora.get(f"/programs/{running.slug}/settings"))
