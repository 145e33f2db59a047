"""Counts, lists and empty states as a person words them, on the pages that show them."""
from conftest import PASSWORD
from mentoring.models import Membership, Program
from support.client import logged_in, seen


def test_a_count_of_one_takes_the_singular_on_every_page(app, client, make_user, make_program, join):
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator], default_capacity=1, max_open_requests=1)
    mentee = join(make_user(name="Mia Mentee"), program, "mentee", answers={"areas_to_grow": ["leadership"]})
    mentor = join(make_user(name="Lea Mentor"), program, "mentor", answers={"expertise": ["leadership"]})
    Membership.update(capacity=1).where(Membership.id == mentor.id).execute()
    Program.update(max_capacity=1).where(Program.id == program.id).execute()
    assert "Mentors take up to 1 mentee each" in seen(client.get(f"/programs/{program.slug}"))

    mia = logged_in(app, mentee.user, PASSWORD)
    assert "You can wait for up to 1 answer at a time." in seen(mia.get(f"/programs/{program.slug}/requests"))

    client = logged_in(app, coordinator, PASSWORD)
    assert "Capacity 1 mentee" in seen(client.get(f"/programs/{program.slug}/applicants/{mentor.id}"))
    run = client.submit(f"/programs/{program.slug}/matching/runs", page=f"/programs/{program.slug}/matching")
    page = seen(client.get(run.headers["Location"]))
    assert "1 pair · mean score" in page and "0 mentees left without a mentor" in page


def test_a_program_of_one_mentee_per_mentor_says_so(client, make_user, make_program, join, log_in):
    program = make_program(default_capacity=1, max_capacity=1)
    mentor = make_user(name="Lea Mentor")
    log_in(mentor)
    client.submit(f"/programs/{program.slug}/apply/mentor", page=f"/programs/{program.slug}")
    response = client.submit(f"/programs/{program.slug}/apply/mentor/profile",
                             {"headline": "Engineer", "capacity": "2"})
    assert response.status_code == 422
    assert "Mentors in this program take 1 mentee: enter 1." in seen(response)
