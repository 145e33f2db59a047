"""Pinned announcements: shown at the top of the board and emailed to every approved member once, through the outbox and
the worker, whatever happens twice (the job, a re-pin, two coordinators pinning at the same moment), on SQLite and on
PostgreSQL alike; a person who turned announcements off gets none."""
import pytest

from conftest import PASSWORD
from mentoring.discussions import service
from mentoring.models import DiscussionThread, OutboxEmail, User
from support.client import csrf_token, logged_in, seen
from support.parallel import at_once, post_at_once, same_session


@pytest.fixture
def members(app, make_user, make_program, join):
    """A program with two coordinators (Cora, Cole), three approved members (Ann is a mentor and a mentee), Pia
    waiting for approval and Dan deactivated; the coordinators logged in."""
    cora, cole = make_user(name="Cora Coordinator"), make_user(name="Cole Coordinator")
    program = make_program(coordinators=[cora, cole], allows_both_roles=True)
    approved = [make_user(name=name) for name in ("Ann Both", "Bob Mentor", "Mia Mentee")]
    join(approved[0], program, "mentor")
    join(approved[0], program, "mentee")
    join(approved[1], program, "mentor")
    join(approved[2], program, "mentee")
    pia, dan = make_user(name="Pia Pending"), make_user(name="Dan Deactivated")
    join(pia, program, "mentee", state="pending")
    join(dan, program, "mentee", state="deactivated")
    return (program, approved, [pia, dan], logged_in(app, cora, PASSWORD), logged_in(app, cole, PASSWORD),
            f"/programs/{program.slug}/discussions")


def announcements(mailbox, person, program, title):
    return [m for m in mailbox.to(person.email) if m["Subject"] == f"{program.name}: {title}"]


def test_an_announcement_is_pinned_and_emailed_once_to_each_approved_member(app, members, mailbox):
    program, approved, left_out, cora, cole, url = members
    response = cora.submit(f"{url}/new", {"title": "Kick-off on Friday", "tag": "general",
                                         "text": "Join us at https://example.org/call", "announcement": "y"})
    assert response.status_code == 302
    assert "Your announcement is pinned and on its way to the members." in seen(cora.get(response.headers["Location"]))
    for person in approved:
        mail = mailbox.find(person.email, f"{program.name}: Kick-off on Friday")
        assert "Join us at https://example.org/call" in mail.text
        assert mail.link_containing(url)
    thread = DiscussionThread.get()
    assert service.announce(thread.id) is None  # the job running again writes nothing
    thread_url = f"{url}/{thread.id}"
    assert cora.submit(f"{thread_url}/unpin", page=thread_url).status_code == 302
    assert cole.submit(f"{thread_url}/pin", page=thread_url).status_code == 302  # pinned again: not emailed again
    assert "Pinned Kick-off on Friday" in seen(logged_in(app, approved[2], PASSWORD).get(url))
    assert [len(announcements(mailbox, person, program, "Kick-off on Friday")) for person in approved] == [1, 1, 1]
    assert all(not announcements(mailbox, person, program, "Kick-off on Friday") for person in left_out)
    assert OutboxEmail.select().where(OutboxEmail.kind == "discussion_announcement").count() == 3


def test_a_member_who_turned_announcements_off_gets_none(app, members, mailbox):
    program, approved, _, cora, _, url = members
    User.update(email_preferences={"announcements": False}).where(User.id == approved[1].id).execute()
    cora.submit(f"{url}/new", {"title": "Rules", "tag": "general", "text": "Be kind.", "announcement": "y"})
    mailbox.find(approved[0].email, f"{program.name}: Rules")
    mailbox.find(approved[2].email, f"{program.name}: Rules")
    assert not announcements(mailbox, approved[1], program, "Rules")


def test_a_member_cannot_make_an_announcement(app, members, mailbox):
    program, approved, _, _, _, url = members
    bob = logged_in(app, approved[1], PASSWORD)
    assert "An announcement" not in seen(bob.get(f"{url}/new"))
    bob.submit(f"{url}/new", {"title": "Me first", "tag": "general", "text": "Hi", "announcement": "y"})
    thread = DiscussionThread.get()
    assert not thread.pinned and thread.announced_at is None
    assert bob.submit(f"{url}/{thread.id}/pin", page=f"{url}/{thread.id}").status_code == 404
    assert OutboxEmail.select().where(OutboxEmail.kind == "discussion_announcement").count() == 0


def test_two_coordinators_pinning_at_once_email_each_member_once(app, members, mailbox):
    """Ten pins by two coordinators at the same moment (on SQLite and on PostgreSQL): one email to each member."""
    program, approved, _, cora, cole, url = members
    cora.submit(f"{url}/new", {"title": "Mid-way survey", "tag": "general", "text": "Please answer it."})
    thread = DiscussionThread.get()
    thread_url = f"{url}/{thread.id}"
    clients = same_session(cora, 5) + same_session(cole, 5)
    tokens = [csrf_token(client.get(thread_url).get_data(as_text=True)) for client in clients]
    responses = post_at_once(clients, f"{thread_url}/pin", [{"csrf_token": token} for token in tokens])
    assert [status for status, _, _ in responses] == [302] * 10, responses
    for person in approved:
        mailbox.find(person.email, f"{program.name}: Mid-way survey")
    assert [len(announcements(mailbox, person, program, "Mid-way survey")) for person in approved] == [1, 1, 1]
    assert OutboxEmail.select().where(OutboxEmail.kind == "discussion_announcement").count() == 3
    assert DiscussionThread.get_by_id(thread.id).pinned


def test_the_emailing_job_run_ten_times_at_once_emails_each_member_once(app, members, mailbox):
    """As when two workers pick up the job of one pin, or the pins of two coordinators: the job claims the
    announcement in its own transaction, on SQLite and on PostgreSQL alike."""
    program, approved, _, cora, _, url = members
    cora.submit(f"{url}/new", {"title": "Closing party", "tag": "general", "text": "Bring a friend."})
    thread = DiscussionThread.get()
    DiscussionThread.update(pinned=True).where(DiscussionThread.id == thread.id).execute()

    def run_the_job():
        with app.app_context():
            return service.email_announcement.call_local(thread.id)
    written = at_once(*[run_the_job] * 10)

    assert sorted(written, key=str) == [3] + [None] * 9, written
    for person in approved:
        mailbox.find(person.email, f"{program.name}: Closing party")
    assert [len(announcements(mailbox, person, program, "Closing party")) for person in approved] == [1, 1, 1]
