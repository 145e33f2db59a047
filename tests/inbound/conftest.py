import pytest


@pytest.fixture
def scene(make_user, make_program, join, make_pair):
    """An active pair: Ann (mentee, Berlin) and Bob (mentor, Los Angeles)."""
    program = make_program()
    ann = make_user(name="Ann Mentee", email="ann@example.org", timezone="Europe/Berlin")
    bob = make_user(name="Bob Mentor", email="bob@example.org", timezone="America/Los_Angeles")
    return program, make_pair(program, join(ann, program, "mentee"), join(bob, program, "mentor")), ann, bob
