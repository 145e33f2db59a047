"""The coordinator's matching console: propose, adjust, publish, pair by hand; everything audited."""
import re
import threading

import pytest

from conftest import PASSWORD
from mentoring.coordinate import match_runs
from mentoring.errors import DomainError
from mentoring.models import AuditLog, MatchConstraint, MatchRun, Membership, MentorRequest, Pair, User
from support.client import csrf_token, logged_in, seen, text


@pytest.fixture
def console(client, make_user, log_in, make_program, join):
    """A program with three mentees and two single-seat mentors, and its coordinator logged in."""
    coordinator = make_user(name="Cora")
    program = make_program(coordinators=[coordinator])
    mentees = [join(make_user(name=name), program, "mentee", answers={"areas_to_grow": areas})
               for name, areas in (("Ann", ["leadership"]), ("Ben", ["design"]), ("Cid", ["data", "negotiation"]))]
    mentors = [join(make_user(name=name), program, "mentor", answers={"expertise": areas})
               for name, areas in (("Lea", ["leadership"]), ("Dan", ["design", "data"]))]
    Membership.update(capacity=1).where(Membership.role == "mentor").execute()
    log_in(coordinator)
    return program, mentees, mentors, coordinator


def visible(page):
    """The page's words as a person (or a screen reader) reads them: no tags, single spaces."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page))


def rows_of(page):
    """(mentee, mentor, score) of each proposed row, as the table shows them."""
    return re.findall(r"<tr>\s*<td>(\w+)</td><td>(\w+)</td><td>(\d+)</td>", page)


def propose(client, program, **data):
    response = client.submit(f"/programs/{program.slug}/matching/runs", data, page=f"/programs/{program.slug}/matching")
    return text(client.get(response.headers["Location"])), MatchRun.select().order_by(MatchRun.id.desc()).first()


def proposals_in(mailbox):
    return [message for message in mailbox.messages if message["Subject"].startswith("A mentoring match for you")]


def publish(client, program, run):
    """Publish a run as a coordinator does: open the confirmation, then confirm the number of people it emails."""
    base = f"/programs/{program.slug}/matching/runs/{run.id}"
    confirmation = text(client.get(f"{base}/publish"))
    emailed = re.search(r'name="emailed" value="(\d+)"', confirmation).group(1)
    return client.submit(f"{base}/publish", {"emailed": emailed}, page=f"{base}/publish")


def test_propose_matches_shows_pairs_totals_and_who_is_left(client, console):
    program, mentees, mentors, _ = console
    page, run = propose(client, program)
    assert run.state == "done" and run.objective == "most_pairs" and "Proposal 1: most pairs" in page
    assert sorted(rows_of(page)) == [("Ann", "Lea", "100"), ("Ben", "Dan", "100")]
    assert "2 pairs · mean score 100.0 · lowest score 100 · 1 mentee left without a mentor" in page
    assert ("<strong>Cid</strong>: Could be matched only by leaving someone else out: every seat of the mentors "
            "who fit them (Dan and Lea) is needed for as many pairs as there are. To include them, pin them to Dan."
            ) in page
    assert "The mentee wants “Leadership and management”; the mentor offers it" in page
    shown = seen(page)
    assert "Most pairs (this proposal) 2 100.0 100 1 Fairest 2 100.0 100 1 Highest total 2 100.0 100 1" in shown
    assert "“Highest total” would match as many people and keep the mean score." in shown


def test_pins_and_blocks_are_honoured(client, console):
    program, mentees, mentors, _ = console
    url = f"/programs/{program.slug}/matching/people"
    client.submit(url, {"mentee": str(mentees[2].id), "mentor": str(mentors[1].id), "kind": "pin", "action": "rule"},
                  page=f"/programs/{program.slug}/matching")
    client.submit(url, {"mentee": str(mentees[0].id), "mentor": str(mentors[0].id), "kind": "block", "action": "rule"},
                  page=f"/programs/{program.slug}/matching")
    assert MatchConstraint.select().count() == 2
    page, _ = propose(client, program)
    pairs = [(mentee, mentor) for mentee, mentor, _ in rows_of(page)]
    assert ("Cid", "Dan") in pairs and ("Ann", "Lea") not in pairs


def test_what_people_said_no_to_keeps_them_out_of_proposals_until_lifted(app, client, console):
    program, mentees, mentors, _ = console
    ann, ben = (logged_in(app, mentee.user, PASSWORD) for mentee in mentees[:2])
    ann.submit(f"/programs/{program.slug}/mentors/{mentors[0].id}/hide", page=f"/programs/{program.slug}/mentors")
    ben.submit(f"/programs/{program.slug}/mentors/{mentors[1].id}", {"message": "Hello"})
    dan = logged_in(app, mentors[1].user, PASSWORD)
    request = MentorRequest.get()
    dan.submit(f"/programs/{program.slug}/inbox/{request.id}/decline", {"reason": "time"},
               page=f"/programs/{program.slug}/inbox/{request.id}")
    console_page = f"/programs/{program.slug}/matching"
    said = text(client.get(console_page))
    assert "Ann said “not for me” to Lea" in said
    assert "Dan declined Ben's request: I don't have enough time at the moment" in said

    page, run = propose(client, program)
    assert {(mentee, mentor) for mentee, mentor, _ in rows_of(page)} == {("Ben", "Lea"), ("Cid", "Dan")}
    base = f"/programs/{program.slug}/matching/runs/{run.id}"
    client.submit(f"{base}/swap", {"mentee": str(mentees[1].id), "with": str(mentees[2].id)}, page=base)
    assert "That swap would pair people one of whom said no to the other" in text(client.get(base))

    client.submit(f"/programs/{program.slug}/matching/refusals/lift",
                  {"mentee": str(mentees[0].id), "mentor": str(mentors[0].id)}, page=console_page)
    said = text(client.get(console_page))
    assert "Ann said “not for me” to Lea · lifted Block again: Ann and Lea" in visible(said)
    page, _ = propose(client, program)
    assert ("Ann", "Lea", "100") in rows_of(page)
    assert ("Ben", "Dan") not in {(mentee, mentor) for mentee, mentor, _ in rows_of(page)}
    assert client.post(f"/programs/{program.slug}/matching/refusals/lift",
                       data={"csrf_token": csrf_token(said), "mentee": "x"}).status_code == 404


def test_each_choice_can_be_proposed_and_a_choice_that_is_not_one_is_refused(client, console):
    program, *_ = console
    page, run = propose(client, program, objective="fairest")
    assert run.objective == "fairest" and f"Proposal {run.id}: fairest" in page and len(rows_of(page)) == 2
    assert "Propose with “Most pairs” instead" in page
    page, run = propose(client, program, objective="highest_total")
    assert run.objective == "highest_total" and len(rows_of(page)) == 2
    refused = client.submit(f"/programs/{program.slug}/matching/runs", {"objective": "luck"},
                            page=f"/programs/{program.slug}/matching")
    assert refused.status_code == 422 and "Not a valid choice." in text(refused)
    assert MatchRun.select().count() == 2


def test_remove_swap_and_publish_then_both_accept(app, client, mailbox, console):
    program, mentees, mentors, _ = console
    page, run = propose(client, program)
    base = f"/programs/{program.slug}/matching/runs/{run.id}"
    client.submit(f"{base}/swap", {"mentee": str(mentees[0].id), "with": str(mentees[1].id)}, page=base)
    page = text(client.get(base))
    assert "The two mentees have swapped mentors." in page
    assert sorted((mentee, mentor) for mentee, mentor, _ in rows_of(page)) == [("Ann", "Dan"), ("Ben", "Lea")]
    client.submit(f"{base}/remove", {"mentee": str(mentees[1].id)}, page=base)
    assert [r[0] for r in rows_of(text(client.get(base)))] == ["Ann"]

    response = publish(client, program, run)
    assert response.headers["Location"] == f"/programs/{program.slug}/pairs"
    pair = Pair.get()
    assert (pair.state, pair.origin, pair.mentee_id) == ("proposed", "proposal", mentees[0].id)
    for person in (mentees[0], mentors[1]):
        assert mailbox.find(person.user.email, f"A mentoring match for you: "
                            f"{(mentors[1] if person is mentees[0] else mentees[0]).user.name}")
    for person in (mentees[0], mentors[1]):
        visitor = app.test_client()
        visitor.submit("/login", {"email": person.user.email, "password": PASSWORD})
        assert "The coordinators suggest you work together" in text(visitor.get(f"/pairs/{pair.id}"))
        visitor.submit(f"/pairs/{pair.id}/answer", {"answer": "yes"}, page=f"/pairs/{pair.id}")
    assert Pair.get_by_id(pair.id).state == "introduction"
    assert client.submit(f"{base}/publish", {"emailed": "2"}, page=base).status_code == 302
    assert Pair.select().count() == 1  # a published run cannot be published again
    assert "This proposal can no longer be changed." in text(client.get(base))


def test_publishing_asks_first_saying_how_many_people_are_emailed(client, mailbox, console):
    program, mentees, mentors, _ = console
    User.update(email_preferences={"requests": False}).where(User.id == mentors[0].user_id).execute()
    page, run = propose(client, program)
    base = f"/programs/{program.slug}/matching/runs/{run.id}"
    asked = client.submit(f"{base}/publish", page=base)  # a form posted without the confirmation
    assert asked.status_code == 200 and "Email 3 people?" in text(asked)
    assert "Publishing sends 2 proposals: 3 people are emailed" in text(asked)
    assert "1 person turned these emails off" in text(asked)
    assert Pair.select().count() == 0 and not proposals_in(mailbox)

    assert f'href="{base}/publish"' in page  # the run page links to the question (it works without JavaScript)
    fragment = client.get(f"{base}/publish", headers={"HX-Request": "true"})
    assert fragment.status_code == 200 and text(fragment).lstrip().startswith('<section id="publish"')
    assert "Yes, publish and email 3 people" in text(fragment) and "<h1>" not in text(fragment)

    client.submit(f"/programs/{program.slug}/matching/people",  # meanwhile, Ben is paired by hand
                  {"mentee": str(mentees[1].id), "mentor": str(mentors[1].id), "action": "pair", "kind": "pin"},
                  page=f"/programs/{program.slug}/matching")
    assert len(proposals_in(mailbox)) == 2
    changed = client.submit(f"{base}/publish", {"emailed": "3"}, page=base)
    assert changed.status_code == 422 and "publishing now emails 1 person. Nothing was sent" in text(changed)
    assert "1 row is skipped" in text(changed) and Pair.select().count() == 1
    assert len(proposals_in(mailbox)) == 2

    done = client.submit(f"{base}/publish", {"emailed": "1"}, page=base)
    assert done.headers["Location"] == f"/programs/{program.slug}/pairs"
    assert "1 proposal sent; 1 person was emailed to accept. 1 row was skipped" in \
        text(client.get(done.headers["Location"]))
    assert mailbox.find(mentees[0].user.email, "A mentoring match for you: Lea")
    assert len(proposals_in(mailbox)) == 3


def test_a_swap_that_breaks_a_must_match_rule_is_refused(client, console, make_user, join):
    program, mentees, mentors, _ = console
    page, run = propose(client, program)
    from mentoring.models import Answer, Question, Response
    languages = Question.of(program, "mentor").where(Question.key == "languages").get()
    (Answer.update(value=["spanish"]).where(Answer.question == languages,
                                            Answer.response == Response.get(Response.membership == mentors[1]))
     .execute())
    base = f"/programs/{program.slug}/matching/runs/{run.id}"
    client.submit(f"{base}/swap", {"mentee": str(mentees[0].id), "with": str(mentees[1].id)}, page=base)
    assert "That swap would pair people who do not pass the program's must-match rules." in text(client.get(base))


def test_declining_a_proposal_ends_it_kindly(app, client, mailbox, console):
    program, mentees, mentors, _ = console
    client.submit(f"/programs/{program.slug}/matching/people",
                  {"mentee": str(mentees[2].id), "mentor": str(mentors[1].id), "kind": "pin", "action": "pair"},
                  page=f"/programs/{program.slug}/matching")
    pair = Pair.get()
    assert (pair.state, pair.origin, pair.score) == ("proposed", "manual", 87)
    visitor = app.test_client()
    visitor.submit("/login", {"email": mentors[1].user.email, "password": PASSWORD})
    visitor.submit(f"/pairs/{pair.id}/answer", {"answer": "no"}, page=f"/pairs/{pair.id}")
    assert (Pair.get_by_id(pair.id).state, Pair.get_by_id(pair.id).end_kind) == ("ended", "declined")
    assert "one of you said no" in mailbox.find(mentees[2].user.email, "Your pairing will not continue").text


def test_pairing_by_hand_checks_the_people(client, console, make_user, join):
    program, mentees, mentors, _ = console
    url = f"/programs/{program.slug}/matching/people"
    data = {"mentee": str(mentees[0].id), "mentor": str(mentors[0].id), "kind": "pin", "action": "pair"}
    client.submit(url, data, page=f"/programs/{program.slug}/matching")
    again = client.submit(url, data, page=f"/programs/{program.slug}/matching")
    assert again.status_code == 422 and "This mentee already has a mentor or a proposal." in text(again)
    full = client.submit(url, {**data, "mentee": str(mentees[1].id)}, page=f"/programs/{program.slug}/matching")
    assert "This mentor has no free seat." in text(full)
    nobody = client.submit(url, {**data, "mentee": "0"}, page=f"/programs/{program.slug}/matching")
    assert nobody.status_code == 422 and "Choose a mentee." in text(nobody)


def test_a_long_run_shows_its_progress_without_blocking(client, console):
    program, *_ = console
    run = MatchRun.create(program=program, state=MatchRun.RUNNING, progress=40, message="Scoring")
    page = text(client.get(f"/programs/{program.slug}/matching/runs/{run.id}"))
    assert "Scoring… 40%" in page and 'hx-trigger="every 1s"' in page
    fragment = text(client.get(f"/programs/{program.slug}/matching/runs/{run.id}", headers={"HX-Request": "true"}))
    assert fragment.lstrip().startswith('<div id="run">') and "Scoring… 40%" in fragment


def test_the_polled_run_shows_the_proposal_when_the_worker_is_done(client, console):
    program, *_ = console
    _, run = propose(client, program)
    polled = client.get(f"/programs/{program.slug}/matching/runs/{run.id}", headers={"HX-Request": "true"})
    fragment = text(polled)
    assert polled.status_code == 200 and fragment.lstrip().startswith('<div id="run">')
    assert "2 pairs · mean score 100.0" in fragment and "<h1>" not in fragment
    assert sorted(rows_of(fragment)) == [("Ann", "Lea", "100"), ("Ben", "Dan", "100")]
    assert 'name="csrf_token"' in fragment and "Publish: email" in fragment


def test_every_console_action_is_audited(client, console):
    program, mentees, mentors, coordinator = console
    page, run = propose(client, program)
    base = f"/programs/{program.slug}/matching/runs/{run.id}"
    client.submit(f"{base}/remove", {"mentee": str(mentees[1].id)}, page=base)
    publish(client, program, run)
    client.submit(f"/programs/{program.slug}/matching/people",
                  {"mentee": str(mentees[2].id), "mentor": str(mentors[1].id), "kind": "block", "action": "rule"},
                  page=f"/programs/{program.slug}/matching")
    constraint = MatchConstraint.get()
    client.submit(f"/programs/{program.slug}/matching/constraints/{constraint.id}/remove",
                  page=f"/programs/{program.slug}/matching")
    pair = Pair.get()
    client.submit(f"/pairs/{pair.id}/end", {"reason": "Coordinator ended it"}, page=f"/pairs/{pair.id}")
    actions = [e.action for e in AuditLog.select().where(AuditLog.actor == coordinator).order_by(AuditLog.id)]
    assert actions == ["matching.run", "matching.remove", "matching.publish", "matching.block",
                       "matching.unconstrain", "pair.end"]


def test_two_publishes_at_once_propose_each_pair_once(app, client, console):
    """A double click, or two coordinators: one publish proposes, the other is told it is too late."""
    program, mentees, mentors, coordinator = console
    _, run = propose(client, program)
    start, outcomes = threading.Barrier(4), []

    def publish_now():
        with app.test_request_context():
            start.wait()
            try:
                match_runs.publish(coordinator, MatchRun.get_by_id(run.id), 4)
                outcomes.append("published")
            except DomainError as error:
                outcomes.append(error.message)
            except Exception as error:  # a deadlock or lock timeout must fail the test, not vanish
                outcomes.append(repr(error))

    threads = [threading.Thread(target=publish_now) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["This proposal can no longer be changed."] * 3 + ["published"]
    assert Pair.select().count() == 2 and MatchRun.get_by_id(run.id).state == "published"


@pytest.mark.parametrize("mine, theirs, sentence", [
    ((6, 70.0, 40), (3, 71.2, 40), "“Highest total” would match 3 people fewer and raise the mean score by 1.2."),
    ((3, 71.2, 40), (6, 70.0, 30), "“Highest total” would match 3 more people and lower the mean score by 1.2, with "
                                   "the lowest score 30 rather than 40."),
    ((5, 70.0, 40), (5, 70.0, 40), "“Highest total” would match as many people and keep the mean score."),
    ((5, 70.0, 40), (4, 70.0, 55), "“Highest total” would match 1 person fewer and keep the mean score, with the "
                                   "lowest score 55 rather than 40."),
    ((1, 70.0, 40), (2, 70.1, 40), "“Highest total” would match 1 more person and raise the mean score by 0.1."),
])
def test_what_a_choice_would_change_is_said_in_one_sentence(mine, theirs, sentence):
    def summary(matched, mean, lowest):
        return {"matched": matched, "mean": mean, "lowest": lowest}
    assert match_runs.what_it_changes("Highest total", summary(*mine), summary(*theirs)) == sentence


def test_a_large_run_is_shown_a_page_of_pairs_and_of_mentees_left_out_at_a_time(client, console):
    program, mentees, mentors, _ = console
    rows = [{"mentee": 1000 + n, "mentor": mentors[n % 2].id, "score": 100 - n % 90} for n in range(120)]
    left = {str(2000 + n): "Every mentor who fits them is full: Lea." for n in range(60)}
    run = MatchRun.create(program=program, state=MatchRun.DONE, rows=rows, unmatched={"mentees": left, "mentors": {}},
                          comparison={"most_pairs": {"matched": 120, "total": 1, "mean": 55.5, "lowest": 11,
                                                     "unmatched": 60}})
    base = f"/programs/{program.slug}/matching/runs/{run.id}"
    first = seen(client.get(base))
    assert "Pairs 1 to 50 of 120" in first and "1 to 50 of 60" in first and "Lower scores" in first
    removable = f'action="{base}/remove"'  # one form a row
    assert text(client.get(base)).count(removable) == 50
    second = client.get(f"{base}?page=2&left=2", headers={"HX-Request": "true", "HX-Target": "run"})
    fragment = text(second)
    assert fragment.lstrip().startswith('<div id="run">')
    assert "Pairs 51 to 100 of 120" in seen(fragment) and "51 to 60 of 60" in seen(fragment)
    assert fragment.count(removable) == 50 and "Higher scores" in fragment
    last = text(client.get(f"{base}?page=3&left=abc"))
    assert "Pairs 101 to 120 of 120" in seen(last) and last.count(removable) == 20 and "Lower scores" not in last
    assert client.get(f"{base}?page=99999999999999999999").status_code == 200
