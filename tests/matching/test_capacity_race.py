"""Twenty accepts at the same moment: a mentor with two seats ends with exactly two pairs."""
import threading

from mentoring.errors import DomainError
from mentoring.matching import requests
from mentoring.models import Membership, MentorRequest, Pair


def test_parallel_accepts_never_go_over_capacity(app, make_user, make_program, join):
    program = make_program(max_open_requests=3)
    mentor = join(make_user(name="Popular Mentor"), program, "mentor")
    Membership.update(capacity=2).where(Membership.id == mentor.id).execute()
    mentees = [join(make_user(name=f"Mentee {n}"), program, "mentee") for n in range(20)]
    with app.test_request_context():
        asked = [requests.request_mentor(mentee, mentor.id, "Please") for mentee in mentees]

    start = threading.Barrier(len(asked))
    outcomes = []

    def accept(request_id):
        with app.test_request_context():
            start.wait()
            try:
                requests.accept(Membership.get_by_id(mentor.id), request_id)
                outcomes.append("accepted")
            except DomainError as error:
                outcomes.append(error.message)
            except Exception as error:  # a crash (a deadlock, a lock timeout) must fail the test, not vanish
                outcomes.append(repr(error))

    threads = [threading.Thread(target=accept, args=(request.id,)) for request in asked]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(outcomes) == 20
    assert Pair.select().where(Pair.mentor == mentor).count() == 2
    assert outcomes.count("accepted") == 2
    assert all(outcome == "accepted" or "no longer open" in outcome or "seats are full" in outcome
               for outcome in outcomes)
    states = [r.state for r in MentorRequest.select()]
    assert states.count("accepted") == 2 and states.count("declined") == 18
