"""The dashboard: each program's next step in words, and the programs still open to the viewer."""
from support.client import seen


def test_a_mentor_with_several_pairs_reads_one_step_for_each(client, log_in, make_user, make_program, join,
                                                               make_pair):
    program = make_program(max_capacity=4)
    mentor = join(make_user(name="Lea Mentor"), program, "mentor")
    make_pair(program, mentee=make_user(name="Yusuf Silva"), mentor=mentor, state="active")
    make_pair(program, mentee=make_user(name="Nadia Newcomer"), mentor=mentor, state="introduction")
    make_pair(program, mentee=make_user(name="Paula Paused"), mentor=mentor, state="paused")
    make_pair(program, mentee=make_user(name="Enzo Ended"), mentor=mentor, state="ended")
    log_in(mentor.user)
    page = seen(client.get("/"))
    assert "Open your pair with Yusuf Silva." in page
    assert "Meet, then say whether to continue with Nadia Newcomer." in page
    assert "See your paused pair with Paula Paused." in page
    assert "Enzo Ended" not in page and ".And" not in page


def test_a_mentee_with_one_pair_reads_one_sentence(client, log_in, make_user, make_program, make_pair):
    pair = make_pair(make_program(), mentor=make_user(name="Lea Mentor"), state="proposed")
    log_in(pair.mentee.user)
    assert "Next: answer the coordinators' proposal with Lea Mentor." in seen(client.get("/"))


def test_only_programs_the_viewer_can_still_apply_to_are_counted(client, log_in, make_user, make_program, join):
    applied, open_to_me = make_program(name="Rust Mentoring"), make_program(name="Go Mentoring")
    make_program(name="Draft Mentoring", state="draft")
    mia = make_user(name="Mia")
    join(mia, applied, "mentee", state="pending")
    log_in(mia)
    assert "See the programs open for applications: 1 program you can apply to." in seen(client.get("/"))
    join(mia, open_to_me, "mentee", state="pending")
    assert "programs open for applications" not in seen(client.get("/"))
