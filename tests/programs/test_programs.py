"""A program's life through its pages: created, coordinated, configured, applied to, decided."""

import pytest

from conftest import PASSWORD, VALID_RAW
from mentoring.models import AuditLog, Coordinator, Membership, Program, Question, User
from support.client import text

SETTINGS = {"name": "Rust Mentoring", "description": "Learn Rust with a mentor", "goals": "Ship a crate.",
            "guidelines": "Meet every two weeks.", "starts_on": "2027-01-10", "ends_on": "2027-06-30",
            "cadence_days": "14", "default_capacity": "2", "max_capacity": "4", "max_open_requests": "3",
            "checkin_weeks": "4", "reply_days": "14", "introduction_step": "y",
            "requires_approval": "y", "state": "open"}


def test_admin_creates_a_program_with_the_default_questionnaires(client, make_user, log_in):
    log_in(make_user(admin=True))
    response = client.submit("/admin/programs", {"name": "Women in Data"})
    assert response.headers["Location"] == "/programs/women-in-data/coordinators"
    program = Program.get(Program.slug == "women-in-data")
    assert program.state == "draft"
    mentee = {q.key: q for q in Question.of(program, "mentee")}
    mentor = {q.key: q for q in Question.of(program, "mentor")}
    assert {"areas_to_grow", "goals", "career_stage", "industry", "languages", "meeting_format",
            "availability", "shared_background"} <= set(mentee)
    assert mentee["areas_to_grow"].matching == "paired" and mentee["areas_to_grow"].counterpart == mentor["expertise"]
    assert mentee["languages"].matching == "equal" and mentee["languages"].counterpart == mentor["languages"]
    assert mentee["shared_background"].sensitive and mentor["background"].sensitive
    assert [e.action for e in AuditLog.select().where(AuditLog.program == program)] == ["program.create"]
    assert client.submit("/admin/programs", {"name": "Women in Data"}).headers["Location"].endswith(
        "/programs/women-in-data-2/coordinators")


def test_an_invited_coordinator_makes_an_account_and_lands_in_the_program(app, client, mailbox, make_user, log_in,
                                                                         make_program):
    program = make_program(state="draft")
    log_in(make_user(admin=True))
    response = client.submit(f"/programs/{program.slug}/coordinators", {"email": "Lea@Example.org", "name": "Léa"})
    assert response.status_code == 302
    [invitation] = mailbox.wait_for("lea@example.org")
    assert invitation["Subject"] == "You are invited to coordinate Rust Mentoring"
    link = invitation.link_containing("/invitation/")

    newcomer = app.test_client()
    page = text(newcomer.get(link))
    assert "You were invited as <strong>lea@example.org</strong>" in page and 'value="Léa"' in page
    response = newcomer.submit(link, {"name": "Léa Martin", "timezone": "Europe/Paris", "password": PASSWORD})
    assert response.headers["Location"] == f"/programs/{program.slug}/settings"
    assert "Program settings" in newcomer.text(response.headers["Location"])
    lea = User.by_email("lea@example.org")
    assert lea.is_verified and lea.name == "Léa Martin" and lea.timezone == "Europe/Paris"
    assert newcomer.get(link).status_code == 404  # the invitation works once


def test_an_existing_person_appointed_coordinator_is_told_by_email(client, mailbox, make_user, log_in, make_program):
    program = make_program()
    member = make_user(email="sam@example.org")
    coordinator = make_user()
    Coordinator.create(program=program, user=coordinator)
    log_in(coordinator)
    client.submit(f"/programs/{program.slug}/coordinators", {"email": "sam@example.org"})
    [email] = mailbox.wait_for("sam@example.org")
    assert email["Subject"] == "You now coordinate Rust Mentoring"
    again = client.submit(f"/programs/{program.slug}/coordinators", {"email": "sam@example.org"})
    assert again.status_code == 422 and "sam@example.org already coordinates this program." in text(again)
    assert Coordinator.select().where(Coordinator.program == program).count() == 2
    assert member.id in [c.user_id for c in Coordinator.select()]


def test_coordinator_edits_settings_and_bad_values_keep_what_was_typed(client, make_user, log_in, make_program):
    coordinator = make_user()
    program = make_program(state="draft", coordinators=[coordinator])
    log_in(coordinator)
    url = f"/programs/{program.slug}/settings"
    bad = client.submit(url, {**SETTINGS, "goals": "Grow as engineers", "ends_on": "2026-12-01",
                              "default_capacity": "9", "max_capacity": "4"})
    page = text(bad)
    assert bad.status_code == 422 and "The end date must come after the start date." in page
    assert "Grow as engineers</textarea>" in page
    bad = client.submit(url, {**SETTINGS, "default_capacity": "9"})
    assert "cannot be more than the most a mentor may take" in text(bad)
    bad = client.submit(url, {**SETTINGS, "max_capacity": "99", "name": ""})
    assert "Enter a number from 1 to 20." in text(bad) and "Give the program a name." in text(bad)

    assert client.submit(url, SETTINGS).status_code == 302
    program = Program.get_by_id(program.id)
    assert (program.goals, program.state, program.max_capacity, str(program.ends_on)) == (
        "Ship a crate.", "open", 4, "2027-06-30")
    [entry] = AuditLog.select().where(AuditLog.action == "program.edit")
    assert entry.actor == coordinator and "goals" in entry.detail["changed"] and "state" in entry.detail["changed"]


@pytest.mark.parametrize("state, public", [("draft", False), ("open", True), ("matching", False),
                                           ("running", False), ("closed", False)])
def test_the_program_page_is_public_while_open(client, make_user, log_in, make_program, state, public):
    program = make_program(state=state, goals="Grow together")
    assert (client.get(f"/programs/{program.slug}").status_code == 200) == public
    log_in(make_user())
    assert (client.get(f"/programs/{program.slug}").status_code == 200) == public


def test_the_program_page_tells_how_matching_works_and_offers_both_roles(client, make_user, log_in, make_program):
    program = make_program(goals="Grow as engineers.\n\nAnd as people.")
    page = text(client.get(f"/programs/{program.slug}"))
    assert "<p>Grow as engineers.</p><p>And as people.</p>" in page
    assert "Must match: “Which languages can you have a mentoring conversation in”" in page
    assert "Sign up to apply" in page
    log_in(make_user())
    page = text(client.get(f"/programs/{program.slug}"))
    assert "Apply as mentee" in page and "Apply as mentor" in page


def apply_through_the_pages(client, program, role="mentee"):
    """Walk the application form: profile, every section with valid answers, then send it."""
    slug = program.slug
    response = client.submit(f"/programs/{slug}/apply/{role}", page=f"/programs/{slug}")
    assert response.headers["Location"] == f"/programs/{slug}/apply/{role}/profile"
    response = client.submit(f"/programs/{slug}/apply/{role}/profile",
                             {"headline": "Learning Rust", "bio": "Hi!", "capacity": "2", "consent_sensitive": "y"})
    number = 1
    while response.headers["Location"].endswith(f"/{number}"):
        page = client.text(response.headers["Location"])
        data = {f"q{q.id}": VALID_RAW[q.kind](q) for q in Question.of(program, role) if f'name="q{q.id}"' in page}
        response = client.submit(response.headers["Location"], data)
        assert response.status_code == 302, text(response)
        number += 1
    assert response.headers["Location"] == f"/programs/{slug}/apply/{role}/review"
    return client.submit(response.headers["Location"])


def test_applying_step_by_step_then_the_coordinator_decides(app, client, mailbox, make_user, log_in, make_program):
    coordinator = make_user(name="Cora")
    program = make_program(coordinators=[coordinator])
    mentee = make_user(name="Mina", email="mina@example.org")
    log_in(mentee)
    response = apply_through_the_pages(client, program)
    assert response.headers["Location"] == "/"
    assert "Your application is sent." in client.text("/")
    assert "the coordinators are looking at your application" in client.text("/")
    membership = Membership.get(Membership.user == mentee)
    assert membership.state == "pending" and membership.headline == "Learning Rust"
    assert mailbox.wait_for("mina@example.org")[0]["Subject"] == "We received your application to Rust Mentoring"

    console = app.test_client()
    console.submit("/login", {"email": coordinator.email, "password": PASSWORD})
    listing = console.text(f"/programs/{program.slug}/applicants?state=pending")
    assert "Mina" in listing and "Learning Rust" in listing
    page = console.text(f"/programs/{program.slug}/applicants/{membership.id}")
    assert "Which areas do you want to grow in?" in page and "Leadership and management" in page
    console.submit(f"/programs/{program.slug}/applicants/{membership.id}",
                   {"decision": "approve", "message": "Glad to have you!"})
    assert Membership.get_by_id(membership.id).state == "approved"
    welcome = mailbox.wait_for("mina@example.org", 2)[1]
    assert welcome["Subject"] == "Welcome to Rust Mentoring" and "Glad to have you!" in welcome.text
    assert "see your suggested mentors" in client.text("/")


def test_a_section_with_bad_answers_shows_them_and_keeps_the_rest(client, make_user, log_in, make_program):
    program = make_program()
    log_in(make_user())
    client.submit(f"/programs/{program.slug}/apply/mentee", page=f"/programs/{program.slug}")
    questions = {q.key: q for q in Question.of(program, "mentee")}
    goals, areas = questions["goals"], questions["areas_to_grow"]
    response = client.submit(f"/programs/{program.slug}/apply/mentee/1",
                             {f"q{goals.id}": "Become a maintainer", f"q{areas.id}": ["leadership", "bogus"]})
    page = text(response)
    assert response.status_code == 422
    assert "Which areas do you want to grow in?: Choose only from the options given." in page
    assert "Become a maintainer</textarea>" in page
    assert 'value="leadership" checked' in page


def test_sending_an_incomplete_application_lists_what_is_missing(client, make_user, log_in, make_program):
    program = make_program()
    log_in(make_user())
    client.submit(f"/programs/{program.slug}/apply/mentee", page=f"/programs/{program.slug}")
    review = client.submit(f"/programs/{program.slug}/apply/mentee/review")
    page = text(review)
    assert review.status_code == 422 and "Please answer: What do you hope to achieve through mentoring?" in page
    assert Membership.get().state == "started"


def test_without_approval_an_application_is_accepted_at_once(client, mailbox, make_user, log_in, make_program):
    program = make_program(requires_approval=False)
    user = make_user()
    log_in(user)
    apply_through_the_pages(client, program, role="mentor")
    assert Membership.get().state == "approved" and Membership.get().capacity == 2
    assert mailbox.wait_for(user.email)[0]["Subject"] == "Welcome to Rust Mentoring"
    assert "You are in! Welcome to Rust Mentoring." in client.text("/")


@pytest.mark.parametrize("state, allowed", [("draft", False), ("open", True), ("matching", True),
                                            ("running", True), ("closed", False)])
def test_the_state_decides_whether_people_can_apply(client, make_user, log_in, make_program, join, state, allowed):
    program = make_program(state="open")
    member = make_user()
    join(member, program, "mentee")  # a member can still see the page in every state
    Program.update(state=state).where(Program.id == program.id).execute()
    log_in(member)
    client.submit(f"/programs/{program.slug}/apply/mentee/withdraw", page=f"/programs/{program.slug}")
    response = client.submit(f"/programs/{program.slug}/apply/mentee", page=f"/programs/{program.slug}")
    if allowed:
        assert response.headers["Location"].endswith("/apply/mentee/profile")
    else:
        assert "This program is not taking applications at the moment." in client.text(f"/programs/{program.slug}")


def test_unverified_people_cannot_apply(client, make_user, log_in, make_program):
    program = make_program()
    log_in(make_user(verified=False))
    client.submit(f"/programs/{program.slug}/apply/mentee", page=f"/programs/{program.slug}")
    assert "Please confirm your email address first" in client.text(f"/programs/{program.slug}")
    assert Membership.select().count() == 0


def test_one_role_per_person_unless_the_program_is_a_peer_program(client, make_user, log_in, make_program, join):
    user = make_user()
    program = make_program()
    join(user, program, "mentee", state="pending")
    log_in(user)
    page = client.text(f"/programs/{program.slug}")
    assert "Apply as mentor" not in page and "You applied as a mentee: <strong>pending</strong>" in page
    client.submit(f"/programs/{program.slug}/apply/mentor", page=f"/programs/{program.slug}")
    assert "You already applied with the other role" in client.text(f"/programs/{program.slug}")

    peer = make_program(name="Peer circle", allows_both_roles=True)
    join(user, peer, "mentee")
    assert "Apply as mentor" in client.text(f"/programs/{peer.slug}")
    response = client.submit(f"/programs/{peer.slug}/apply/mentor", page=f"/programs/{peer.slug}")
    assert response.headers["Location"].endswith("/apply/mentor/profile")


def test_bulk_approval_and_a_rejection_with_a_message(client, mailbox, make_user, log_in, make_program, join):
    coordinator = make_user()
    program = make_program(coordinators=[coordinator])
    people = [make_user(name=f"Applicant {n}") for n in range(4)]
    memberships = [join(person, program, "mentee", state="pending") for person in people]
    log_in(coordinator)
    assert "Pending (4)" in client.text(f"/programs/{program.slug}/applicants")
    client.submit(f"/programs/{program.slug}/applicants/approve",
                  {"membership": [str(m.id) for m in memberships[:3]]}, page=f"/programs/{program.slug}/applicants")
    listing = client.text(f"/programs/{program.slug}/applicants")
    assert "3 applications approved." in listing
    assert "Pending (1)" in listing and "Approved (3)" in listing  # the counts follow the change at once
    assert [Membership.get_by_id(m.id).state for m in memberships] == ["approved"] * 3 + ["pending"]

    client.submit(f"/programs/{program.slug}/applicants/{memberships[3].id}",
                  {"decision": "reject", "message": "We are full this round."})
    rejection = mailbox.wait_for(people[3].email, 2)[-1]
    assert rejection["Subject"] == "Your application to Rust Mentoring" and "We are full this round." in rejection.text
    actions = [e.action for e in AuditLog.select().where(AuditLog.program == program, AuditLog.actor == coordinator)]
    assert actions == ["application.bulk_approve", "application.reject"]


def test_dashboard_shows_my_programs_and_what_to_do_next(client, make_user, log_in, make_program, join):
    user = make_user()
    started = make_program(name="Started one")
    approved = make_program(name="Approved one")
    coordinated = make_program(name="Run by me", coordinators=[user])
    join(user, started, "mentee", state="started")
    join(user, approved, "mentor", state="approved")
    join(make_user(), coordinated, "mentee", state="pending")
    log_in(user)
    page = text(client.get("/"))
    assert "Programs I coordinate" in page and "1 application to decide" in page
    assert "finish and send your application" in page
    assert "Mentees will ask you to mentor them" in page
