"""Suggestions, requests and pairs through the pages, with the emails they send."""
import re
from datetime import timedelta

import pytest

from mentoring.models import HiddenSuggestion, Membership, MentorRequest, Pair, Question
from support.client import text

WANTS = {"areas_to_grow": ["leadership", "public_speaking"]}


@pytest.fixture
def scene(make_user, make_program, join):
    """An open program with a mentee and three mentors of different fit."""
    program = make_program(max_open_requests=2)
    mentee = join(make_user(name="Mia Mentee"), program, "mentee", answers=WANTS)
    mentors = {
        "strong": join(make_user(name="Sam Strong"), program, "mentor",
                       answers={"expertise": ["leadership", "public_speaking"]}),
        "partial": join(make_user(name="Pat Partial"), program, "mentor", answers={"expertise": ["leadership"]}),
        "other": join(make_user(name="Otto Other"), program, "mentor", answers={"expertise": ["data"]}),
    }
    return program, mentee, mentors


def suggestion_names(page):
    return re.findall(r'class="suggestion__name"><a href="[^"]+">([^<]+)</a>', page)


def test_suggestions_are_ranked_with_reasons(client, log_in, scene):
    program, mentee, mentors = scene
    log_in(mentee.user)
    page = text(client.get(f"/programs/{program.slug}/mentors"))
    assert suggestion_names(page) == ["Sam Strong", "Pat Partial", "Otto Other"]
    assert "Can help with leadership and management and public speaking" in page
    assert "3 mentors fit." in page


def test_filters_and_search_narrow_the_list(client, log_in, scene):
    program, mentee, mentors = scene
    expertise = Question.of(program, "mentor").where(Question.key == "expertise").get()
    log_in(mentee.user)
    page = text(client.get(f"/programs/{program.slug}/mentors?q{expertise.id}=public_speaking"))
    assert suggestion_names(page) == ["Sam Strong"]
    assert suggestion_names(text(client.get(f"/programs/{program.slug}/mentors?search=otto"))) == ["Otto Other"]
    assert suggestion_names(text(client.get(f"/programs/{program.slug}/mentors?when=sun-morning"))) == []
    fragment = text(client.get(f"/programs/{program.slug}/mentors?search=pat", headers={"HX-Request": "true"}))
    assert fragment.lstrip().startswith('<div id="suggestions">') and suggestion_names(fragment) == ["Pat Partial"]


def test_not_for_me_only_hides(client, log_in, scene):
    program, mentee, mentors = scene
    log_in(mentee.user)
    client.submit(f"/programs/{program.slug}/mentors/{mentors['strong'].id}/hide",
                  page=f"/programs/{program.slug}/mentors")
    page = text(client.get(f"/programs/{program.slug}/mentors"))
    assert suggestion_names(page) == ["Pat Partial", "Otto Other"]
    assert "Sam Strong is hidden from your suggestions." in page
    assert HiddenSuggestion.select().count() == 1 and MentorRequest.select().count() == 0


def test_full_mentors_and_other_programs_are_not_suggested(client, log_in, make_user, make_program, join, scene,
                                                          make_pair):
    program, mentee, mentors = scene
    Membership.update(capacity=1).where(Membership.id == mentors["strong"].id).execute()
    make_pair(program, mentor=mentors["strong"])
    elsewhere = make_program(name="Elsewhere")
    join(make_user(name="Elsa Elsewhere"), elsewhere, "mentor", answers={"expertise": ["leadership"]})
    log_in(mentee.user)
    assert suggestion_names(text(client.get(f"/programs/{program.slug}/mentors"))) == ["Pat Partial", "Otto Other"]


def request_from(client, program, mentor, message="I hope to learn to lead a team."):
    return client.submit(f"/programs/{program.slug}/mentors/{mentor.id}", {"message": message})


def test_request_accept_and_the_others_are_withdrawn(app, client, mailbox, log_in, scene):
    program, mentee, mentors = scene
    log_in(mentee.user)
    assert request_from(client, program, mentors["strong"]).headers["Location"] == f"/programs/{program.slug}/requests"
    request_from(client, program, mentors["partial"])
    asked = mailbox.find(mentors["strong"].user.email, "Mia Mentee would like you as their mentor")
    assert "I hope to learn to lead a team." in asked.text

    mentor = app.test_client()
    mentor.submit("/login", {"email": mentors["strong"].user.email, "password": "correct horse battery staple"})
    inbox = text(mentor.get(f"/programs/{program.slug}/inbox"))
    assert "Waiting for your answer (1)" in inbox and "Mia Mentee" in inbox
    request = MentorRequest.get(MentorRequest.mentor == mentors["strong"])
    page = text(mentor.get(f"/programs/{program.slug}/inbox/{request.id}"))
    assert "They want “Leadership and management” and “Public speaking”; you offer them" in page
    response = mentor.submit(f"/programs/{program.slug}/inbox/{request.id}/accept", {"welcome": "Welcome aboard!"},
                             page=f"/programs/{program.slug}/inbox/{request.id}")
    pair = Pair.get()
    assert response.headers["Location"] == f"/pairs/{pair.id}"
    assert (pair.state, pair.mentee_id, pair.mentor_id) == ("introduction", mentee.id, mentors["strong"].id)

    assert "Welcome aboard!" in mailbox.find(mentee.user.email, "Sam Strong will be your mentor").text
    assert mailbox.find(mentors["partial"].user.email, "Mia Mentee found a mentor")
    assert MentorRequest.get(MentorRequest.mentor == mentors["partial"]).state == "withdrawn"
    assert "You already have a mentor in this program." in text(client.get(f"/programs/{program.slug}/mentors"))


@pytest.mark.parametrize("setup, message", [
    ("full", "This mentor's seats are full."),
    ("limit", "You can wait for at most 2 answers at a time."),
    ("twice", "You already asked this mentor; they have not answered yet."),
    ("before", "You were paired with this mentor before; choose someone new."),
    ("empty", "Tell the mentor what you hope to gain."),
    ("closed", "This program is not taking requests at the moment."),
])
def test_requests_that_cannot_be_made_say_why(client, log_in, make_user, join, make_pair, scene, setup, message):
    program, mentee, mentors = scene
    target = mentors["strong"]
    if setup == "full":
        Membership.update(capacity=1).where(Membership.id == target.id).execute()
        make_pair(program, mentor=target)
    if setup in ("limit", "twice"):
        for name in ("partial", "other") if setup == "limit" else ("strong",):
            MentorRequest.create(program=program, mentee=mentee, mentor=mentors[name], message="x",
                                 expires_at=mentee.created_at + timedelta(days=30))
    if setup == "before":
        make_pair(program, mentee, target, state=Pair.ENDED)
    if setup == "closed":
        program.__class__.update(state="closed").where(program.__class__.id == program.id).execute()
    log_in(mentee.user)
    response = request_from(client, program, target, message="" if setup == "empty" else "Please")
    assert response.status_code == 422 and message in text(response)
    assert MentorRequest.select().where(MentorRequest.mentor == target).count() == (1 if setup == "twice" else 0)


def test_a_mentee_cannot_ask_mentors_of_another_program_or_themself(client, log_in, make_user, make_program, join,
                                                                    scene):
    program, mentee, mentors = scene
    elsewhere = join(make_user(), make_program(name="Elsewhere"), "mentor")
    peer = make_program(name="Peers", allows_both_roles=True)
    me_as_mentee = join(mentee.user, peer, "mentee")
    me_as_mentor = join(mentee.user, peer, "mentor")
    log_in(mentee.user)
    assert request_from(client, program, elsewhere).status_code == 404
    response = client.submit(f"/programs/{peer.slug}/mentors/{me_as_mentor.id}", {"message": "Me?"})
    assert response.status_code == 422 and "You cannot ask yourself to be your mentor." in text(response)
    assert me_as_mentee.user.name not in suggestion_names(text(client.get(f"/programs/{peer.slug}/mentors")))


def test_a_mentor_cannot_answer_a_request_that_is_not_theirs(app, client, log_in, scene):
    program, mentee, mentors = scene
    log_in(mentee.user)
    request_from(client, program, mentors["strong"])
    request = MentorRequest.get()
    other = app.test_client()
    other.submit("/login", {"email": mentors["partial"].user.email, "password": "correct horse battery staple"})
    base = f"/programs/{program.slug}/inbox/{request.id}"
    assert other.get(base).status_code == 404
    for action, data in (("accept", {}), ("decline", {"reason": "time"})):
        assert other.submit(f"{base}/{action}", data, page=f"/programs/{program.slug}/inbox").status_code == 404
    assert client.get(base).status_code == 404  # the mentee is not a mentor here at all
    assert MentorRequest.get().state == "open"


def test_declining_kindly_with_a_reason(app, client, mailbox, log_in, scene):
    program, mentee, mentors = scene
    log_in(mentee.user)
    request_from(client, program, mentors["other"])
    request = MentorRequest.get()
    mentor = app.test_client()
    mentor.submit("/login", {"email": mentors["other"].user.email, "password": "correct horse battery staple"})
    base = f"/programs/{program.slug}/inbox/{request.id}"
    missing = mentor.submit(f"{base}/decline", {"note": "Sorry"}, page=base)
    assert missing.status_code == 422 and "Choose a reason." in text(missing) and "Sorry</textarea>" in text(missing)
    mentor.submit(f"{base}/decline", {"reason": "fit", "note": "Pat knows leadership better."}, page=base)
    declined = mailbox.find(mentee.user.email, "Otto Other cannot take you on")
    assert "i don't think i'm the best fit for your goals" in declined.text
    assert "Pat knows leadership better." in declined.text
    assert "“Pat knows leadership better.”" in text(client.get(f"/programs/{program.slug}/requests"))


def test_withdrawing_frees_the_slot_and_tells_the_mentor(client, mailbox, log_in, scene):
    program, mentee, mentors = scene
    log_in(mentee.user)
    request_from(client, program, mentors["strong"])
    request_from(client, program, mentors["partial"])
    assert request_from(client, program, mentors["other"]).status_code == 422
    request = MentorRequest.get(MentorRequest.mentor == mentors["strong"])
    client.submit(f"/programs/{program.slug}/requests/{request.id}/withdraw", page=f"/programs/{program.slug}/requests")
    assert mailbox.find(mentors["strong"].user.email, "Mia Mentee withdrew their request")
    assert request_from(client, program, mentors["other"]).status_code == 302


def test_unanswered_requests_are_reminded_half_way_then_expire(app, client, mailbox, log_in, scene, scheduler):
    program, mentee, mentors = scene
    log_in(mentee.user)
    request_from(client, program, mentors["strong"])
    reminder = "Mia Mentee is waiting for your answer"

    def reminders():
        return [m for m in mailbox.to(mentors["strong"].user.email) if m["Subject"] == reminder]
    assert "expire_requests" in scheduler.advance(timedelta(days=6))
    assert reminders() == []
    scheduler.advance(timedelta(days=2))
    scheduler.advance(timedelta(hours=2))
    assert mailbox.find(mentors["strong"].user.email, reminder) and len(reminders()) == 1
    scheduler.advance(timedelta(days=7))
    assert MentorRequest.get().state == "expired"
    assert mailbox.find(mentee.user.email, "Your request was not answered in time")


def accepted_pair(app, program, mentee, mentor):
    from mentoring.matching import requests
    with app.test_request_context():
        request = requests.request_mentor(mentee, mentor.id, "Hello")
        return requests.accept(mentor, request.id, "Hi")


def say(app, user, pair, answer):
    visitor = app.test_client()
    visitor.submit("/login", {"email": user.email, "password": "correct horse battery staple"})
    visitor.submit(f"/pairs/{pair.id}/answer", {"answer": answer}, page=f"/pairs/{pair.id}")
    return visitor


def test_both_say_continue_after_the_introduction(app, mailbox, scene):
    program, mentee, mentors = scene
    pair = accepted_pair(app, program, mentee, mentors["strong"])
    say(app, mentee.user, pair, "yes")
    assert Pair.get_by_id(pair.id).state == "introduction"
    visitor = say(app, mentors["strong"].user, pair, "yes")
    assert Pair.get_by_id(pair.id).state == "active"
    assert "You are now a mentoring pair." in text(visitor.get(f"/pairs/{pair.id}"))
    assert mailbox.find(mentee.user.email, "You are now a mentoring pair")


def test_not_a_fit_ends_kindly_and_fresh_suggestions_leave_that_mentor_out(app, mailbox, scene):
    program, mentee, mentors = scene
    pair = accepted_pair(app, program, mentee, mentors["strong"])
    visitor = say(app, mentee.user, pair, "no")
    assert Pair.get_by_id(pair.id).state == "ended" and Pair.get_by_id(pair.id).end_kind == "not_a_fit"
    assert mailbox.find(mentors["strong"].user.email, "Your pairing will not continue")
    assert suggestion_names(text(visitor.get(f"/programs/{program.slug}/mentors"))) == ["Pat Partial", "Otto Other"]


def test_without_the_introduction_step_a_pair_is_active_at_once(app, make_user, make_program, join):
    program = make_program(introduction_step=False)
    mentee, mentor = join(make_user(), program, "mentee"), join(make_user(), program, "mentor")
    assert accepted_pair(app, program, mentee, mentor).state == "active"


def test_ending_a_pair_keeps_the_reason_for_coordinators_only(app, make_user, scene):
    program, mentee, mentors = scene
    coordinator = make_user()
    from mentoring.models import Coordinator
    Coordinator.create(program=program, user=coordinator)
    pair = accepted_pair(app, program, mentee, mentors["strong"])
    mentor = app.test_client()
    mentor.submit("/login", {"email": mentors["strong"].user.email, "password": "correct horse battery staple"})
    mentor.submit(f"/pairs/{pair.id}/end", {"reason": "We never found a time that works."}, page=f"/pairs/{pair.id}")
    assert Pair.get_by_id(pair.id).state == "ended"
    mentee_view = say(app, mentee.user, pair, "yes").get(f"/pairs/{pair.id}")
    assert "never found a time" not in text(mentee_view)
    console = app.test_client()
    console.submit("/login", {"email": coordinator.email, "password": "correct horse battery staple"})
    assert "We never found a time that works." in text(console.get(f"/pairs/{pair.id}"))
    stranger = app.test_client()
    stranger.submit("/login", {"email": mentors["other"].user.email, "password": "correct horse battery staple"})
    assert stranger.get(f"/pairs/{pair.id}").status_code == 404


def test_a_mentor_who_fills_their_last_seat_declines_the_rest(app, mailbox, make_user, join, scene):
    program, mentee, mentors = scene
    Membership.update(capacity=1).where(Membership.id == mentors["strong"].id).execute()
    mentor = Membership.get_by_id(mentors["strong"].id)
    waiting = join(make_user(name="Wendy Waiting"), program, "mentee")
    from mentoring.matching import requests
    with app.test_request_context():
        requests.request_mentor(waiting, mentor.id, "Me too")
    accepted_pair(app, program, mentee, mentor)
    assert MentorRequest.get(MentorRequest.mentee == waiting).state == "declined"
    assert mailbox.find(waiting.user.email, "Sam Strong cannot take you on")


def test_how_matching_works_is_written_from_the_rules(client, scene):
    program, _, _ = scene
    page = text(client.get(f"/programs/{program.slug}/how-matching-works"))
    assert "Must match: “Which languages can you have a mentoring conversation in”" in page
    assert "Your answer to “Which areas do you want to grow in” is compared with what mentors offer" in page
    assert "% of the score)" in page


def test_suggestions_follow_the_mentors_who_join(app, client, log_in, make_user, join, scene, monkeypatch):
    """A mentee's scores are kept until the program's roster changes, even when a new mentor pool is given the
    address of the old one (CPython reuses freed memory: a key on id() would take the new pool for the old)."""
    from mentoring.matching import suggestions
    monkeypatch.setattr(suggestions, "id", lambda anything: 1, raising=False)
    program, mentee, mentors = scene
    log_in(mentee.user)
    url = f"/programs/{program.slug}/mentors"
    assert suggestion_names(text(client.get(url))) == ["Sam Strong", "Pat Partial", "Otto Other"]
    join(make_user(name="Nina New"), program, "mentor", answers={"expertise": ["leadership", "public_speaking"]})
    page = client.get(url)
    assert page.status_code == 200 and "Nina New" in suggestion_names(text(page))
