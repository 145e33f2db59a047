"""Who reads a program's library: members everything for their role (a deactivated one too), applicants waiting for
an answer only what is meant for before matching, on the library's pages and on their dashboard alike; an application
not sent, refused or withdrawn, and anyone outside the program, gets 404."""
import pytest

from conftest import PASSWORD
from mentoring.models import Resource
from support.client import logged_in, seen

BEFORE_MATCHING_FOR_MENTEES = ["Mentee guide"]
LATER_FOR_EVERYONE = ["First meeting agenda", "Goal-setting worksheet", "Closing conversation guide"]


@pytest.fixture
def program(make_user, make_program):
    return make_program(coordinators=[make_user(name="Cora Coordinator")])


def library_of(program):
    return f"/programs/{program.slug}/library"


def resource_url(program, title):
    return f"{library_of(program)}/{Resource.get(Resource.program == program, Resource.title == title).id}"


def test_a_pending_applicant_reads_only_what_is_meant_for_before_matching(app, program, make_user, join):
    paula = make_user(name="Paula Pending")
    join(paula, program, "mentee", state="pending")
    visitor = logged_in(app, paula, PASSWORD)
    page = seen(visitor.get(library_of(program)))
    assert all(title in page for title in BEFORE_MATCHING_FOR_MENTEES)
    assert not any(title in page for title in LATER_FOR_EVERYONE + ["Mentor guide"])
    assert visitor.get(resource_url(program, "Mentee guide")).status_code == 200
    for title in LATER_FOR_EVERYONE + ["Mentor guide"]:
        assert visitor.get(resource_url(program, title)).status_code == 404, title
        assert visitor.post(f"{resource_url(program, title)}/read").status_code in (400, 404)
    dashboard = seen(visitor.get("/"))
    assert "To read now Mentee guide" in dashboard and "First meeting agenda" not in dashboard


@pytest.mark.parametrize("state", ["started", "rejected", "withdrawn"])
def test_an_application_not_sent_refused_or_withdrawn_reads_nothing(app, program, make_user, join, state):
    person = make_user(name="Rita Applicant")
    join(person, program, "mentee", state=state)
    visitor = logged_in(app, person, PASSWORD)
    assert visitor.get(library_of(program)).status_code == 404
    assert visitor.get(resource_url(program, "Mentee guide")).status_code == 404
    assert "To read now" not in seen(visitor.get("/"))


def test_members_read_everything_for_their_role_and_outsiders_nothing(app, program, make_user, join):
    mia, dora = make_user(name="Mia Mentee"), make_user(name="Dora Deactivated")
    join(mia, program, "mentee")
    join(dora, program, "mentor", state="deactivated")
    for person, own, other in ((mia, "Mentee guide", "Mentor guide"), (dora, "Mentor guide", "Mentee guide")):
        visitor = logged_in(app, person, PASSWORD)
        page = seen(visitor.get(library_of(program)))
        assert all(title in page for title in [own, *LATER_FOR_EVERYONE]) and other not in page
        assert visitor.get(resource_url(program, LATER_FOR_EVERYONE[0])).status_code == 200
        assert visitor.get(resource_url(program, other)).status_code == 404
    outsider = logged_in(app, make_user(name="Olga Outsider"), PASSWORD)
    assert outsider.get(library_of(program)).status_code == 404
    assert outsider.get(resource_url(program, "Mentee guide")).status_code == 404


def test_one_pending_role_does_not_narrow_an_approved_one(app, make_user, make_program, join):
    program = make_program(allows_both_roles=True)
    both = make_user(name="Bea Both")
    join(both, program, "mentee")
    join(both, program, "mentor", state="pending")
    page = seen(logged_in(app, both, PASSWORD).get(library_of(program)))
    assert all(title in page for title in ["Mentee guide", "Mentor guide", *LATER_FOR_EVERYONE])
