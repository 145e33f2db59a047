"""Parallel requests, as an attacker (or a double click, or two people at the same moment) sends them: whatever reads
and then writes counts right, loses no answer and sends each email once, on SQLite and on PostgreSQL alike.

Each test sends its requests through the real app from threads released at the same moment, then counts what people
see: the answers to the requests, the emails at the SMTP server, the pages."""
import re
from datetime import timedelta

import pytest

from conftest import PASSWORD
from mentoring.models import (
    AgendaItem,
    Coordinator,
    Feedback,
    Goal,
    Meeting,
    Membership,
    MentorRequest,
    Pair,
    Question,
    User,
)
from support.client import csrf_token, logged_in, seen, text
from support.parallel import at_once, post_at_once, same_session


def token(client, page):
    return csrf_token(client.get(page).get_data(as_text=True))


def subjects(mailbox, address, subject, starting=False):
    """How many emails with `subject` (or, `starting`, a subject starting so) reached `address`."""
    return sum(1 for message in mailbox.to(address)
               if (message["Subject"].startswith(subject) if starting else message["Subject"] == subject))


def no_crash(responses):
    """Every parallel request was answered (no 500, no deadlock, no lock timeout)."""
    crashes = [response for response in responses if isinstance(response, str)]
    assert not crashes, crashes
    assert all(status < 500 for status, _, _ in responses), [status for status, _, _ in responses]


HEADER = "name,email,role,goals,areas_to_grow,career_stage,languages,meeting_format,feedback_style,availability"
MENTEE = 'Zara Ali,zara@example.org,mentee,"Learn to lead",data,early,english,video,3,mon-evening'


@pytest.fixture
def coordinated(app, make_user, make_program):
    """A program and its coordinator's logged-in client."""
    coordinator = make_user(name="Cora Coordinator")
    program = make_program(coordinators=[coordinator], max_open_requests=3)
    return program, coordinator, logged_in(app, coordinator, PASSWORD)


# --- pairing actions ------------------------------------------------------------------------------------

def test_ten_publishes_at_once_publish_the_run_once(app, mailbox, make_user, join, coordinated):
    program, _, coordinator = coordinated
    mentors = [join(make_user(name=f"Mentor {n}"), program, "mentor") for n in range(4)]
    Membership.update(capacity=3).where(Membership.role == "mentor").execute()
    mentees = [join(make_user(name=f"Mentee {n}"), program, "mentee") for n in range(10)]
    started = coordinator.submit(f"/programs/{program.slug}/matching/runs", page=f"/programs/{program.slug}/matching")
    publish = started.headers["Location"] + "/publish"
    confirmation = text(coordinator.get(publish))
    emailed = re.search(r'name="emailed" value="(\d+)"', confirmation).group(1)

    responses = post_at_once(same_session(coordinator, 10), publish,
                             {"csrf_token": csrf_token(confirmation), "emailed": emailed})

    no_crash(responses)
    places = sorted(location for _, location, _ in responses)
    assert places == [started.headers["Location"]] * 9 + [f"/programs/{program.slug}/pairs"]
    assert Pair.select().count() == 10
    for mentee in mentees:
        assert subjects(mailbox, mentee.user.email, "A mentoring match for you: ", starting=True) == 1
    seats = [subjects(mailbox, mentor.user.email, "A mentoring match for you: ", starting=True) for mentor in mentors]
    assert sum(seats) == 10 and max(seats) <= 3


def test_twenty_pairings_by_hand_at_once_fill_two_seats(app, mailbox, make_user, join, coordinated):
    program, _, coordinator = coordinated
    mentor = join(make_user(name="Popular Mentor"), program, "mentor")
    mentees = [join(make_user(name=f"Mentee {n}"), program, "mentee") for n in range(20)]
    console = f"/programs/{program.slug}/matching"

    responses = post_at_once(same_session(coordinator, 20), f"{console}/people",
                             [{"csrf_token": token(coordinator, console), "mentee": str(mentee.id),
                               "mentor": str(mentor.id), "kind": "pin", "action": "pair"} for mentee in mentees])

    no_crash(responses)
    assert sorted(status for status, _, _ in responses) == [302] * 2 + [422] * 18
    assert all("This mentor has no free seat." in page for status, _, page in responses if status == 422)
    assert subjects(mailbox, mentor.user.email, "A mentoring match for you: ", starting=True) == 2
    assert Pair.select().where(Pair.mentor == mentor).count() == 2


@pytest.fixture
def asking(app, make_user, join, coordinated):
    """A mentee who may wait for three answers, logged in, and ten mentors."""
    program = coordinated[0]
    mentee = join(make_user(name="Eager Mentee"), program, "mentee")
    mentors = [join(make_user(name=f"Mentor {n}"), program, "mentor") for n in range(10)]
    return program, mentee, mentors, logged_in(app, mentee.user, PASSWORD)


def test_ten_requests_at_once_keep_to_the_limit_of_open_requests(mailbox, asking):
    program, mentee, mentors, client = asking
    pages = [f"/programs/{program.slug}/mentors/{mentor.id}" for mentor in mentors]

    responses = post_at_once(same_session(client, 10), pages, {"csrf_token": token(client, pages[0]),
                                                               "message": "Please"})

    no_crash(responses)
    assert sorted(status for status, _, _ in responses) == [302] * 3 + [422] * 7
    assert all("You can wait for at most 3 answers at a time." in page
               for status, _, page in responses if status == 422)
    asked = [subjects(mailbox, mentor.user.email, "Eager Mentee would like you as their mentor") for mentor in mentors]
    assert sum(asked) == 3


def test_ten_identical_requests_at_once_make_one(mailbox, asking):
    program, mentee, mentors, client = asking
    page = f"/programs/{program.slug}/mentors/{mentors[0].id}"

    responses = post_at_once(same_session(client, 10), page, {"csrf_token": token(client, page), "message": "Please"})

    no_crash(responses)
    assert sorted(status for status, _, _ in responses) == [302] + [422] * 9
    assert all("You already asked this mentor" in page for status, _, page in responses if status == 422)
    assert MentorRequest.select().count() == 1
    assert subjects(mailbox, mentors[0].user.email, "Eager Mentee would like you as their mentor") == 1


@pytest.fixture
def two_sides(app, make_user, join, coordinated):
    """A mentee and a mentor of the program, each with their own logged-in client."""
    program = coordinated[0]
    mentee = join(make_user(name="Mia Mentee"), program, "mentee")
    mentor = join(make_user(name="Max Mentor"), program, "mentor")
    return program, mentee, mentor, logged_in(app, mentee.user, PASSWORD), logged_in(app, mentor.user, PASSWORD)


@pytest.mark.parametrize("state, becomes, subject", [
    ("proposed", "introduction", "Time to meet: your introduction"),
    ("introduction", "active", "You are now a mentoring pair"),
])
def test_both_saying_yes_at_the_same_moment_both_count(mailbox, make_pair, two_sides, state, becomes, subject):
    """Both say yes to a proposal (or, after the introduction, to going on) at once: neither answer is lost."""
    program, mentee, mentor, mentee_client, mentor_client = two_sides
    for attempt in range(3):
        Pair.update(state=Pair.ENDED).where(Pair.state != Pair.ENDED).execute()
        pair = make_pair(program=program, mentee=mentee, mentor=mentor, state=state)
        url = f"/pairs/{pair.id}/answer"

        responses = post_at_once([mentee_client, mentor_client], url,
                                 [{"csrf_token": token(mentee_client, f"/pairs/{pair.id}"), "answer": "yes"},
                                  {"csrf_token": token(mentor_client, f"/pairs/{pair.id}"), "answer": "yes"}])

        no_crash(responses)
        assert Pair.get_by_id(pair.id).state == becomes, f"attempt {attempt + 1}: an answer was lost"
        for person in (mentee.user, mentor.user):
            assert subjects(mailbox, person.email, subject) == attempt + 1


def test_ten_applications_at_once_make_one(app, make_user, coordinated):
    program = coordinated[0]
    applicant = make_user(name="Quick Applicant")
    client = logged_in(app, applicant, PASSWORD)
    url = f"/programs/{program.slug}/apply/mentee"

    responses = post_at_once(same_session(client, 10), url, {"csrf_token": token(client, f"/programs/{program.slug}")})

    no_crash(responses)
    assert [location for _, location, _ in responses] == [f"{url}/profile"] * 10
    assert Membership.select().where(Membership.user == applicant).count() == 1


def test_applying_in_both_roles_at_once_makes_one_where_a_person_takes_one_role(app, make_user, coordinated):
    program = coordinated[0]
    applicant = make_user(name="Two Minds")
    client = logged_in(app, applicant, PASSWORD)
    csrf = token(client, f"/programs/{program.slug}")
    urls = [f"/programs/{program.slug}/apply/{role}" for role in ("mentee", "mentor") * 5]

    responses = post_at_once(same_session(client, 10), urls, {"csrf_token": csrf})

    no_crash(responses)
    assert Membership.select().where(Membership.user == applicant).count() == 1


# --- answers, endings and the other read-then-write paths --------------------------------------------------

@pytest.fixture
def meeting_pair(app, make_user, make_pair, coordinated):
    """An active pair of the program with both people logged in (each with their own client)."""
    program = coordinated[0]
    mentee, mentor = make_user(name="Mia Mentee"), make_user(name="Max Mentor")
    pair = make_pair(program=program, mentee=mentee, mentor=mentor, activated_days_ago=10)
    return pair, logged_in(app, mentee, PASSWORD), logged_in(app, mentor, PASSWORD)


def test_ten_withdrawals_at_once_tell_the_mentor_once(mailbox, asking):
    program, mentee, mentors, client = asking
    page = f"/programs/{program.slug}/mentors/{mentors[0].id}"
    client.submit(page, {"message": "Please"})
    request = MentorRequest.get()
    url = f"/programs/{program.slug}/requests/{request.id}/withdraw"

    responses = post_at_once(same_session(client, 10), url, {"csrf_token": token(client, page)})

    no_crash(responses)
    assert subjects(mailbox, mentors[0].user.email, "Eager Mentee withdrew their request") == 1


def test_an_accept_and_a_withdrawal_at_once_leave_one_of_them(app, mailbox, asking):
    """The mentor accepts as the mentee withdraws: either they are a pair (and the mentee is told), or the request is
    withdrawn (and the mentor is told), never both."""
    program, mentee, mentors, mentee_client = asking
    mentor_client = logged_in(app, mentors[0].user, PASSWORD)
    outcomes = []
    for attempt in range(4):
        MentorRequest.delete().execute()
        Pair.delete().execute()  # each attempt starts afresh: no request, no pair
        mentee_client.submit(f"/programs/{program.slug}/mentors/{mentors[0].id}", {"message": "Please"})
        request = MentorRequest.get()
        inbox = f"/programs/{program.slug}/inbox/{request.id}"

        responses = post_at_once(
            [mentor_client, mentee_client],
            [f"{inbox}/accept", f"/programs/{program.slug}/requests/{request.id}/withdraw"],
            [{"csrf_token": token(mentor_client, inbox), "welcome": "Welcome"},
             {"csrf_token": token(mentee_client, f"/programs/{program.slug}/requests")}])

        no_crash(responses)
        outcomes.append((MentorRequest.get_by_id(request.id).state, Pair.select().count()))
        assert outcomes[-1] in (("accepted", 1), ("withdrawn", 0)), f"attempt {attempt + 1}: {outcomes[-1]}"
    assert subjects(mailbox, mentee.user.email, "Mentor 0 will be your mentor") == outcomes.count(("accepted", 1))
    assert subjects(mailbox, mentors[0].user.email, "Eager Mentee withdrew their request") == \
        outcomes.count(("withdrawn", 0))


def test_ten_ends_at_once_end_the_pair_once(mailbox, meeting_pair):
    pair, mentee_client, _ = meeting_pair
    url = f"/pairs/{pair.id}/end"

    responses = post_at_once(same_session(mentee_client, 10), url,
                             {"csrf_token": token(mentee_client, url), "reason": "Moving on"})

    no_crash(responses)
    for person in (pair.mentee.user, pair.mentor.user):
        assert subjects(mailbox, person.email, "Your mentoring pair has ended") == 1


def test_ten_pauses_at_once_pause_the_pair_once(mailbox, meeting_pair, coordinated):
    pair, _, _ = meeting_pair
    program, _, coordinator = coordinated
    board = f"/programs/{program.slug}/health"

    responses = post_at_once(same_session(coordinator, 10), f"{board}/pairs/{pair.id}/pause",
                             {"csrf_token": token(coordinator, board)})

    no_crash(responses)
    for person in (pair.mentee.user, pair.mentor.user):
        assert subjects(mailbox, person.email, "Your mentoring pair is paused") == 1


def test_ten_sendings_of_a_feedback_form_at_once_count_once(app, meeting_pair):
    pair, mentee_client, _ = meeting_pair
    form = Feedback.create(program=pair.program, pair=pair, user=pair.mentee.user, role="mentee", kind="check_in")
    questions = {q.key: q for q in Question.of(pair.program, "check_in")}
    url = f"/feedback/mine/{form.id}"
    csrf = token(mentee_client, url)

    responses = post_at_once(same_session(mentee_client, 10), url, [
        {"csrf_token": csrf, f"q{questions['satisfaction'].id}": str(1 + n % 5),
         f"q{questions['as_planned'].id}": "yes"} for n in range(10)])

    no_crash(responses)
    assert sorted(status for status, _, _ in responses) == [200] + [422] * 9  # the repeats: it was sent already
    assert all("Thank you" in seen(page) for _, _, page in responses)  # thanks, or "You already sent this form."
    thanked = next(n for n, (status, _, _) in enumerate(responses) if status == 200)
    assert Feedback.get_by_id(form.id).rating == 1 + thanked % 5


def test_a_goal_reached_ten_times_at_once_is_celebrated_once(mailbox, meeting_pair):
    pair, mentee_client, _ = meeting_pair
    goal = Goal.create(pair=pair, title="Give a talk", position=1)
    page = f"/pairs/{pair.id}"

    responses = post_at_once(same_session(mentee_client, 10), f"/pairs/{pair.id}/goals/{goal.id}",
                             {"csrf_token": token(mentee_client, page), "state": "done"})

    no_crash(responses)
    for person in (pair.mentee.user, pair.mentor.user):
        assert subjects(mailbox, person.email, "Goal reached: Give a talk") == 1


def test_ten_agenda_items_added_at_once_each_take_a_place_of_their_own(make_session, meeting_pair):
    pair, mentee_client, _ = meeting_pair
    meeting = make_session(pair, timedelta(days=2))
    page = f"/pairs/{pair.id}/sessions/{meeting.id}"

    responses = post_at_once(same_session(mentee_client, 10), f"{page}/agenda",
                             [{"csrf_token": token(mentee_client, page), "text": f"Topic {n}"} for n in range(10)])

    no_crash(responses)
    shown = re.findall(r'<span class="agenda__text">([^<]+)</span>', text(mentee_client.get(page)))
    assert sorted(shown) == sorted(f"Topic {n}" for n in range(10))
    assert len({item.position for item in AgendaItem.select()}) == 10
    last = AgendaItem.get(AgendaItem.text == shown[-1])
    for _ in range(9):  # the last one moves up, one place at a time, to the top
        mentee_client.submit(f"{page}/agenda/{last.id}", {"action": "up"}, page=page)
    assert re.findall(r'<span class="agenda__text">([^<]+)</span>', text(mentee_client.get(page)))[0] == shown[-1]


def test_ten_goals_added_at_once_each_take_a_place_of_their_own(meeting_pair):
    pair, mentee_client, _ = meeting_pair
    url = f"/pairs/{pair.id}/goals"

    responses = post_at_once(same_session(mentee_client, 10), url,
                             [{"csrf_token": token(mentee_client, f"{url}/new"), "title": f"Goal {n}"}
                              for n in range(10)])

    no_crash(responses)
    assert len({goal.position for goal in Goal.select()}) == 10
    assert all(f"Goal {n}" in text(mentee_client.get(f"/pairs/{pair.id}")) for n in range(10))


def test_a_session_cancelled_ten_times_at_once_is_cancelled_once(mailbox, make_session, meeting_pair):
    pair, mentee_client, _ = meeting_pair
    meeting = make_session(pair, timedelta(days=2), title="Check-in")
    url = f"/pairs/{pair.id}/sessions/{meeting.id}/cancel"

    responses = post_at_once(same_session(mentee_client, 10), url,
                             {"csrf_token": token(mentee_client, url), "scope": "one"})

    no_crash(responses)
    for person in (pair.mentee.user, pair.mentor.user):
        assert subjects(mailbox, person.email, "Cancelled: Check-in") == 1


def test_two_sessions_scheduled_at_once_take_over_the_unfinished_items_once(make_session, meeting_pair, clock):
    pair, mentee_client, _ = meeting_pair
    earlier = make_session(pair, timedelta(days=-2))
    AgendaItem.create(meeting=earlier, text="Unfinished topic", position=1)
    url = f"/pairs/{pair.id}/sessions/new"
    csrf = token(mentee_client, url)
    days = [(clock.now() + timedelta(days=n)).date().isoformat() for n in (3, 4)]

    responses = post_at_once(same_session(mentee_client, 2), url, [
        {"csrf_token": csrf, "title": "Check-in", "day": day, "at": "10:00", "duration": "60"} for day in days])

    no_crash(responses)
    assert [status for status, _, _ in responses] == [302, 302]
    agendas = [re.findall(r'<span class="agenda__text">([^<]+)</span>', text(mentee_client.get(location)))
               for _, location, _ in responses]
    assert sorted(agendas) == [[], ["Unfinished topic"]]


def test_a_session_scheduled_as_the_pair_ends_is_not_left_behind(mailbox, meeting_pair, clock):
    """One of the pair schedules a session as the other ends the pair: either the session comes first and the ending
    cancels it, or the ending comes first and scheduling is refused; an ended pair never keeps a planned session."""
    pair, mentee_client, mentor_client = meeting_pair
    schedule, end = f"/pairs/{pair.id}/sessions/new", f"/pairs/{pair.id}/end"
    for attempt in range(4):
        Pair.update(state=Pair.ACTIVE, ended_at=None).where(Pair.id == pair.id).execute()

        responses = post_at_once(
            [mentee_client, mentor_client], [schedule, end],
            [{"csrf_token": token(mentee_client, schedule), "title": f"Session {attempt}", "at": "10:00",
              "day": (clock.now() + timedelta(days=3)).date().isoformat(), "duration": "60"},
             {"csrf_token": token(mentor_client, end), "reason": "Done"}])

        no_crash(responses)
        planned = Meeting.select().where(Meeting.pair == pair, ~Meeting.cancelled).count()
        assert planned == 0, f"attempt {attempt + 1}: the ended pair keeps {planned} planned session"


def test_ten_approvals_at_once_welcome_once(app, mailbox, make_user, join, coordinated):
    program, _, coordinator = coordinated
    applicant = join(make_user(name="Pending Person"), program, "mentee", state="pending")
    applicants = f"/programs/{program.slug}/applicants"

    responses = post_at_once(same_session(coordinator, 10), f"{applicants}/approve",
                             {"csrf_token": token(coordinator, applicants), "membership": str(applicant.id)})

    no_crash(responses)
    assert subjects(mailbox, applicant.user.email, f"Welcome to {program.name}") == 1


def test_an_application_sent_ten_times_at_once_is_received_once(app, mailbox, make_user, join, coordinated):
    program = coordinated[0]
    applicant = join(make_user(name="Keen Applicant"), program, "mentee", state="started")
    client = logged_in(app, applicant.user, PASSWORD)
    url = f"/programs/{program.slug}/apply/mentee/review"

    responses = post_at_once(same_session(client, 10), url, {"csrf_token": token(client, url)})

    no_crash(responses)
    assert subjects(mailbox, applicant.user.email, f"We received your application to {program.name}") == 1


def test_one_coordinator_appointed_ten_times_at_once_is_appointed_once(mailbox, coordinated):
    program, _, coordinator = coordinated
    url = f"/programs/{program.slug}/coordinators"

    responses = post_at_once(same_session(coordinator, 10), url,
                             {"csrf_token": token(coordinator, url), "email": "new@example.org", "name": "Nell"})

    no_crash(responses)
    assert subjects(mailbox, "new@example.org", f"You are invited to coordinate {program.name}") == 1
    assert text(coordinator.get(url)).count("new@example.org") == 1


def test_two_coordinators_removing_each_other_at_once_leave_one(app, make_user, coordinated):
    program, first, first_client = coordinated
    second = make_user(name="Second Coordinator")
    Coordinator.create(program=program, user=second)
    second_client = logged_in(app, second, PASSWORD)
    url = f"/programs/{program.slug}/coordinators"

    responses = post_at_once([first_client, second_client],
                             [f"{url}/{second.id}/remove", f"{url}/{first.id}/remove"],
                             [{"csrf_token": token(first_client, url)}, {"csrf_token": token(second_client, url)}])

    no_crash(responses)
    assert Coordinator.select().where(Coordinator.program == program).count() == 1


def test_ten_equal_rules_at_once_keep_one(make_user, join, coordinated):
    program, _, coordinator = coordinated
    mentee = join(make_user(name="Mentee"), program, "mentee")
    mentor = join(make_user(name="Mentor"), program, "mentor")
    console = f"/programs/{program.slug}/matching"

    responses = post_at_once(same_session(coordinator, 10), f"{console}/people",
                             {"csrf_token": token(coordinator, console), "mentee": str(mentee.id),
                              "mentor": str(mentor.id), "kind": "pin", "action": "rule"})

    no_crash(responses)
    assert [status for status, _, _ in responses] == [302] * 10
    assert text(coordinator.get(console)).count("must be paired") == 1


def test_two_rows_left_out_at_once_are_both_left_out(make_user, join, coordinated):
    program, _, coordinator = coordinated
    mentees = [join(make_user(name=f"Mentee {n}"), program, "mentee") for n in range(3)]
    [join(make_user(name=f"Mentor {n}"), program, "mentor") for n in range(2)]
    run = coordinator.submit(f"/programs/{program.slug}/matching/runs",
                             page=f"/programs/{program.slug}/matching").headers["Location"]

    responses = post_at_once(same_session(coordinator, 2), f"{run}/remove",
                             [{"csrf_token": token(coordinator, run), "mentee": str(mentee.id)}
                              for mentee in mentees[:2]])

    no_crash(responses)
    proposal = seen(coordinator.get(run))
    assert "Mentee 2" in proposal and proposal.count("Left out by a coordinator.") == 2


def test_ten_imports_of_one_file_at_once_import_once(mailbox, coordinated):
    program, _, coordinator = coordinated
    url = f"/programs/{program.slug}/import"
    csv_text = f"{HEADER}\n{MENTEE}\n"

    responses = post_at_once(same_session(coordinator, 10), url,
                             {"csrf_token": token(coordinator, url), "csv_text": csv_text, "action": "import"})

    no_crash(responses)
    assert sorted(status for status, _, _ in responses) == [302] + [422] * 9
    assert all("The file has 1 problem; nothing was imported." in seen(page)
               for status, _, page in responses if status == 422)
    assert subjects(mailbox, "zara@example.org", f"You are invited to {program.name}") == 1


def test_a_calendar_address_made_at_two_first_visits_at_once_is_one(meeting_pair):
    pair, mentee_client, _ = meeting_pair
    for attempt in range(5):
        User.update(calendar_token=None).where(User.id == pair.mentee.user_id).execute()

        pages = at_once(*[lambda client=client: text(client.get("/calendar"))
                          for client in same_session(mentee_client, 10)])

        addresses = {re.search(r"/calendar/([\w-]+)\.ics", page).group(1) for page in pages}
        assert len(addresses) == 1, f"attempt {attempt + 1}: {len(addresses)} addresses"
        assert mentee_client.get(f"/calendar/{addresses.pop()}.ics").status_code == 200
