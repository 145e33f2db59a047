"""The program's library through its pages: coordinators keep it, members read what fits their role and stage,
mark it read (with htmx and without), and the coordinators see who did the training."""
import re

import pytest

from conftest import PASSWORD
from mentoring.auth import service as accounts
from mentoring.library import service as library
from mentoring.matching import requests
from mentoring.models import MentorRequest, Resource, ResourceRead
from support.client import logged_in, seen, text

STARTER_TITLES = ["Mentor guide", "Mentee guide", "First meeting agenda", "Goal-setting worksheet",
                  "Closing conversation guide"]


@pytest.fixture
def scene(app, make_user, make_program, join):
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator])
    mia, max_ = make_user(name="Mia Mentee"), make_user(name="Max Mentor")
    return {"app": app, "program": program, "coordinator": coordinator, "mia": mia, "max": max_,
            "mentee": join(mia, program, "mentee"), "mentor": join(max_, program, "mentor"),
            "library": f"/programs/{program.slug}/library"}


def guide(program, key):
    return Resource.guide(program, key)


def test_a_new_program_has_the_starter_set_and_icebreakers_a_coordinator_can_edit(app, scene):
    program, cora = scene["program"], logged_in(app, scene["coordinator"], PASSWORD)
    page = seen(cora.get(scene["library"]))
    assert all(title in page for title in STARTER_TITLES), page
    assert "Library" in page and 'aria-current="page"' in text(cora.get(scene["library"]))
    body = seen(cora.get(f"{scene['library']}/{guide(program, 'mentor_guide').id}"))
    assert "calendar invite" in body and "Report a problem" in body
    assert library.icebreakers(program)[0] == "What made you join this program?"
    response = cora.submit(f"{scene['library']}/icebreakers", {"questions": "What do you cook?\n\n" + "x" * 301})
    assert response.status_code == 422 and "x" * 301 in text(response)  # what was typed stays
    response = cora.submit(f"{scene['library']}/icebreakers", {"questions": "What do you cook?\n\nWhere next?"})
    assert response.status_code == 302
    assert library.icebreakers(program) == ["What do you cook?", "Where next?"]


def test_a_coordinator_adds_edits_and_removes_a_resource(app, scene):
    cora = logged_in(app, scene["coordinator"], PASSWORD)
    new = f"{scene['library']}/new"
    typed = {"kind": "link", "title": "Giving feedback well", "description": "A short read", "link": "",
             "body": "", "tags": "Feedback, Skills", "audience": "mentors", "stage": "mid_way"}
    response = cora.submit(new, typed)
    assert response.status_code == 422
    page = text(response)
    assert "Give the link's address." in page and 'value="Giving feedback well"' in page and "Feedback, Skills" in page
    response = cora.submit(new, {**typed, "link": "javascript:alert(1)"})
    assert response.status_code == 422 and "Enter a full link" in text(response)
    assert cora.submit(new, {**typed, "link": "https://example.org/feedback"}).status_code == 302
    added = Resource.get(Resource.title == "Giving feedback well")
    assert added.tag_list == ["feedback", "skills"] and added.audience == "mentors"
    edit = f"{scene['library']}/{added.id}/edit"
    assert 'value="feedback, skills"' in text(cora.get(edit))
    response = cora.submit(edit, {**typed, "title": "", "link": "https://example.org/feedback"})
    assert response.status_code == 422 and "Give it a title." in text(response)
    assert cora.submit(edit, {**typed, "title": "Feedback that helps",
                              "link": "https://example.org/feedback"}).status_code == 302
    assert "Feedback that helps" in seen(cora.get(scene["library"]))
    assert cora.submit(f"{scene['library']}/{added.id}/remove", page=scene["library"]).status_code == 302
    assert "“Feedback that helps” is removed from the library." in seen(cora.get(scene["library"]))
    assert "Feedback that helps" not in seen(cora.get(scene["library"]))


def test_members_see_the_resources_of_their_role_filtered_by_stage_and_tag(app, scene):
    program = scene["program"]
    mia, max_ = logged_in(app, scene["mia"], PASSWORD), logged_in(app, scene["max"], PASSWORD)
    mentees, mentors = seen(mia.get(scene["library"])), seen(max_.get(scene["library"]))
    assert "Mentee guide" in mentees and "Mentor guide" not in mentees and "First meeting agenda" in mentees
    assert "Mentor guide" in mentors and "Mentee guide" not in mentors
    assert mia.get(f"{scene['library']}/{guide(program, 'mentor_guide').id}").status_code == 404
    assert max_.get(f"{scene['library']}/{guide(program, 'mentor_guide').id}").status_code == 200
    ending = seen(mia.get(f"{scene['library']}?stage=ending"))
    assert "Closing conversation guide" in ending and "Mentee guide" not in ending
    tagged = seen(mia.get(f"{scene['library']}?tag=goals"))
    assert "Goal-setting worksheet" in tagged and "First meeting agenda" not in tagged


def test_the_dashboard_shows_a_few_resources_for_the_role_and_the_stage_of_the_pair(app, scene, make_pair):
    mia = logged_in(app, scene["mia"], PASSWORD)

    def reading():
        page = text(mia.get("/"))
        return re.findall(r'<li><a href="/programs/[^/]+/library/\d+">([^<]+)</a>', page)
    assert reading() == ["Mentee guide"]  # no pair yet: before matching
    pair = make_pair(scene["program"], scene["mentee"], scene["mentor"], state="introduction")
    assert reading() == ["First meeting agenda", "Goal-setting worksheet"]
    pair.state = "ended"
    pair.save()
    assert reading() == ["Closing conversation guide"]
    assert f'href="{scene["library"]}"' in text(mia.get("/"))


def test_mark_as_read_with_htmx_and_without_and_the_training_shows_on_the_board(app, scene, make_pair):
    program = scene["program"]
    make_pair(program, scene["mentee"], scene["mentor"], activated_days_ago=3)
    cora = logged_in(app, scene["coordinator"], PASSWORD)
    board = f"/programs/{program.slug}/health"
    assert "Training (mentee · mentor)" in seen(cora.get(board))
    assert "not yet · not yet" in seen(cora.get(board))
    mia = logged_in(app, scene["mia"], PASSWORD)
    page = f"{scene['library']}/{guide(program, 'mentee_guide').id}"
    assert "Mark as read" in seen(mia.get(page))
    response = mia.submit(f"{page}/read", page=page, headers={"HX-Request": "true"})
    fragment = text(response)
    assert response.status_code == 200 and fragment.lstrip().startswith('<div id="read-')
    assert 'aria-live="polite"' in fragment and "You have read this." in fragment and "Mark as read" not in fragment
    assert "done · not yet" in seen(cora.get(board))
    max_ = logged_in(app, scene["max"], PASSWORD)
    page = f"{scene['library']}/{guide(program, 'mentor_guide').id}"
    response = max_.submit(f"{page}/read", page=page)
    assert response.status_code == 302 and response.headers["Location"].endswith(page)
    assert "is marked as read" in seen(max_.get(page)) and "You have read this." in seen(max_.get(page))
    max_.submit(f"{page}/read", page=page)  # twice: still once
    assert ResourceRead.select().where(ResourceRead.user == scene["max"]).count() == 1
    assert "done · done" in seen(cora.get(board))
    assert "read" in seen(max_.get(scene["library"]))


def test_a_program_can_ask_mentors_to_read_their_guide_before_accepting(app, scene, make_program):
    program = scene["program"]
    cora = logged_in(app, scene["coordinator"], PASSWORD)
    settings = f"/programs/{program.slug}/settings"
    form = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', text(cora.get(settings))))
    form = {name: value for name, value in form.items() if name not in ("csrf_token", "introduction_step",
                                                                          "requires_approval", "allows_both_roles")}
    form["state"] = "open"
    assert cora.submit(settings, {**form, "mentors_read_guide": "y"}).status_code == 302
    with app.test_request_context():
        requests.request_mentor(scene["mentee"], scene["mentor"].id, "Hello Max")
    asked = MentorRequest.get()
    max_ = logged_in(app, scene["max"], PASSWORD)
    inbox = f"/programs/{program.slug}/inbox/{asked.id}"
    response = max_.submit(f"{inbox}/accept", {"welcome": "Welcome!"}, page=inbox)
    assert response.status_code == 422
    page = text(response)
    the_guide = f"{scene['library']}/{guide(program, 'mentor_guide').id}"
    assert "asks mentors to read the mentor guide" in page
    assert f'<a href="{the_guide}">Read the mentor guide</a>' in page
    assert "Welcome!" in page
    max_.submit(f"{the_guide}/read", page=the_guide)
    response = max_.submit(f"{inbox}/accept", {"welcome": "Welcome!"}, page=inbox)
    assert response.status_code == 302 and "/pairs/" in response.headers["Location"]


def test_what_coordinators_write_is_shown_as_text(app, scene):
    cora = logged_in(app, scene["coordinator"], PASSWORD)
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    assert cora.submit(f"{scene['library']}/new", {
        "kind": "page", "title": payload, "description": payload, "tags": payload, "audience": "everyone",
        "stage": "", "body": f"{payload}\n\n[click](javascript:alert(1)) and https://example.org/a?b=1&c=2"},
    ).status_code == 302
    added = Resource.get(Resource.description == payload)
    mia = logged_in(app, scene["mia"], PASSWORD)
    for path in (scene["library"], f"{scene['library']}/{added.id}"):
        page = mia.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page and "&lt;script&gt;" in page, path
    page = mia.get(f"{scene['library']}/{added.id}").get_data(as_text=True)
    assert 'href="javascript' not in page and 'href="https://example.org/a?b=1&amp;c=2"' in page


def test_strangers_and_other_programs_coordinators_get_404(app, scene, make_user, make_program):
    program = scene["program"]
    other_coordinator = make_user(name="Olga Other")
    make_program(name="Elsewhere", coordinators=[other_coordinator])
    guide_id = guide(program, "mentee_guide").id
    paths = [scene["library"], f"{scene['library']}/{guide_id}", f"{scene['library']}/new",
             f"{scene['library']}/{guide_id}/edit", f"{scene['library']}/icebreakers"]
    for person in (other_coordinator, make_user(name="Stan Stranger")):
        visitor = logged_in(app, person, PASSWORD)
        for path in paths:
            assert visitor.get(path).status_code == 404, (person.name, path)
    mia = logged_in(app, scene["mia"], PASSWORD)
    for path in paths[2:]:
        assert mia.get(path).status_code == 404, path


def test_what_i_read_is_in_my_data_and_goes_with_my_account(app, scene):
    program = scene["program"]
    mia = logged_in(app, scene["mia"], PASSWORD)
    page = f"{scene['library']}/{guide(program, 'mentee_guide').id}"
    mia.submit(f"{page}/read", page=page)
    data = mia.get("/account/export").get_json()
    assert [read["resource"] for read in data["library"]] == ["Mentee guide"]
    with app.test_request_context():
        accounts.delete_account(scene["mia"], password=PASSWORD)
    assert ResourceRead.select().count() == 0
