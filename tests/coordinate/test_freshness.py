"""The health board and the report stay right by construction: every write they read is noted by the database
itself (whoever wrote, even raw SQL or a cascading delete), and times are worked out at the request."""
import re
import threading
from datetime import timedelta

from conftest import PASSWORD, VALID_RAW
from mentoring.auth import service as accounts
from mentoring.coordinate import health, problems
from mentoring.db import db, is_postgres
from mentoring.feedback import service as feedback
from mentoring.library import service as library
from mentoring.matching import requests
from mentoring.meetings import scheduling
from mentoring.models import Feedback, Membership, MentorRequest, ProgramChange, Resource, User
from mentoring.pairs import goals
from mentoring.pairs import service as pairs
from mentoring.programs import service as programs
from support.client import logged_in, text


def board_rows(page):
    """{pair: the words of its row} as the board shows them (tags dropped)."""
    return {re.sub(r"\s+", " ", name): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cells))
            for name, cells in re.findall(r'<tr[^>]*>\s*<td><a href="/pairs/\d+">([^<]+)</a></td>(.*?)</tr>', page,
                                          re.S)}


def figures(page):
    return dict(re.findall(r"<dt>([^<]+)</dt><dd>([^<]+)</dd>", page))


def test_a_session_held_25_minutes_ago_shows_as_the_last_one(app, clock, make_user, make_program, make_pair,
                                                              make_session):
    now = clock.now()
    clock.advance(now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1, minutes=1) - now)
    coordinator = make_user(name="Cora")
    program = make_program(coordinators=[coordinator], cadence_days=14)
    pair = make_pair(program, make_user(name="Mia Mentee"), make_user(name="Max Mentor"), activated_days_ago=3)
    session = make_session(pair, timedelta(minutes=5))
    day = session.starts_at.astimezone(coordinator_zone(coordinator)).strftime("%d %b")
    visitor = logged_in(app, coordinator, PASSWORD)
    board, report = f"/programs/{program.slug}/health", f"/programs/{program.slug}/report"
    row = board_rows(text(visitor.get(board)))["Mia Mentee and Max Mentor"]
    assert "0 / 1" in row and "none yet" in row and day in row
    assert figures(text(visitor.get(report)))["Sessions held"] == "0"

    clock.advance(timedelta(minutes=30))  # the session began 25 minutes ago, within the same hour
    fragment = visitor.get(board, headers={"HX-Request": "true"})
    assert text(fragment).lstrip().startswith('<div id="pairs">')
    row = board_rows(text(fragment))["Mia Mentee and Max Mentor"]
    assert "1 / 1" in row and "none yet" not in row and f"{day} 0 days ago" in row and "none planned" in row
    assert figures(text(visitor.get(report)))["Sessions held"] == "1"


def coordinator_zone(user):
    from zoneinfo import ZoneInfo
    return ZoneInfo(user.timezone)


def test_a_rename_and_a_deleted_account_show_on_the_board_at_once(app, make_user, make_program, make_pair):
    coordinator = make_user(name="Cora")
    program = make_program(coordinators=[coordinator])
    ann, dee = make_user(name="Ann Old"), make_user(name="Dee Leaving")
    make_pair(program, ann, make_user(name="Bo Mentor"), activated_days_ago=3)
    make_pair(program, make_user(name="Cy Mentee"), dee, activated_days_ago=3)
    visitor = logged_in(app, coordinator, PASSWORD)
    board = f"/programs/{program.slug}/health"
    assert set(board_rows(text(visitor.get(board)))) == {"Ann Old and Bo Mentor", "Cy Mentee and Dee Leaving"}
    logged_in(app, ann, PASSWORD).submit("/account/profile", {"name": "Ann New", "timezone": "Europe/Berlin"},
                                         page="/account")
    logged_in(app, dee, PASSWORD).submit("/account/delete", {"password": PASSWORD, "understood": "y"})
    page = text(visitor.get(board))
    assert set(board_rows(page)) == {"Ann New and Bo Mentor"} and "Ann Old" not in page and "Dee" not in page
    report = text(visitor.get(f"/programs/{program.slug}/report"))
    assert figures(report)["Pairs made"] == "2" and "Dee" not in report  # Cy keeps the pair, with a former member


SCRIPT = "<script>alert(1)</script>"


def test_names_are_escaped_on_the_board_and_the_applicant_list(app, make_user, make_program, make_pair, join):
    coordinator = make_user(name="Cora")
    program = make_program(coordinators=[coordinator])
    make_pair(program, make_user(name=SCRIPT), make_user(name="Bo <b>Mentor</b>"), activated_days_ago=3)
    join(make_user(name=f"Applicant {SCRIPT}"), program, "mentee", state="pending")
    visitor = logged_in(app, coordinator, PASSWORD)
    pages = [visitor.get(f"/programs/{program.slug}/health"),
             visitor.get(f"/programs/{program.slug}/health?show=", headers={"HX-Request": "true"}),
             visitor.get(f"/programs/{program.slug}/applicants"),
             visitor.get(f"/programs/{program.slug}/applicants?state=pending", headers={"HX-Request": "true"})]
    for response in pages:
        html = response.get_data(as_text=True)
        assert "<script>alert" not in html and "<b>Mentor" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; and Bo &lt;b&gt;Mentor&lt;/b&gt;" in pages[1].get_data(as_text=True)
    assert "Applicant &lt;script&gt;" in pages[3].get_data(as_text=True)


def test_a_change_that_commits_after_a_later_one_still_reaches_the_board(app, make_user, make_program, make_pair,
                                                                          make_session):
    coordinator, ann = make_user(name="Cora"), make_user(name="Ann Old")
    program = make_program(coordinators=[coordinator])
    make_pair(program, ann, make_user(name="Bo Mentor"), activated_days_ago=3)
    other = make_pair(program, make_user(name="Cy Mentee"), make_user(name="Di Mentor"), activated_days_ago=3)
    visitor = logged_in(app, coordinator, PASSWORD)
    board = f"/programs/{program.slug}/health"
    renaming, commit = threading.Event(), threading.Event()

    def slow_rename():
        with app.app_context(), db.atomic():
            User.update(name="Ann New").where(User.id == ann.id).execute()
            renaming.set()
            commit.wait(10)

    thread = threading.Thread(target=slow_rename)
    thread.start()
    renaming.wait(10)
    if is_postgres():  # meanwhile another change commits first (SQLite lets one writer at a time)
        make_session(other, timedelta(days=1))
    assert "Ann Old and Bo Mentor" in board_rows(text(visitor.get(board)))
    commit.set()
    thread.join()
    assert "Ann New and Bo Mentor" in board_rows(text(visitor.get(board)))


def test_every_kind_of_write_the_board_and_the_report_read_is_noted(app, clock, make_user, make_program, join,
                                                                     make_session):
    coordinator = make_user(name="Cora")
    program = make_program(coordinators=[coordinator], requires_approval=True)
    elsewhere = make_program(name="Elsewhere")
    mia, max_, ned = (join(make_user(name=name), program, role) for name, role in
                      (("Mia", "mentee"), ("Max", "mentor"), ("Ned", "mentor")))
    later = join(make_user(name="Lou"), program, "mentee", state="started")
    state = {}

    def latest(of=program):
        return ProgramChange.latest.rows(of.id)[0][0] or 0

    def pair():
        return Membership.get_by_id(mia.id).mentee_pairs.order_by(-1).get()

    def meeting():
        return state["meeting"]

    def first_feedback():
        return Feedback.select().where(Feedback.submitted_at.is_null()).order_by(Feedback.id).first()

    def answer_feedback():
        form = first_feedback()
        raw = {q.id: VALID_RAW[q.kind](q) if q.kind in VALID_RAW else ["7"]
               for q in feedback.questions_for(program.id, form.kind)}
        feedback.answer(form, raw, False, "Europe/Berlin")

    def schedule():
        state["meeting"] = make_session(pair(), timedelta(days=1))

    writes = [
        ("an application sent", lambda: programs.submit_application(later, [])),
        ("an application decided", lambda: programs.decide(coordinator, Membership.get_by_id(later.id),
                                                            approve=True)),
        ("an application withdrawn", lambda: programs.withdraw(Membership.get_by_id(later.id))),
        ("a request", lambda: requests.request_mentor(mia, max_.id, "Hello")),
        ("a request withdrawn", lambda: requests.withdraw(mia, MentorRequest.get().id)),
        ("a request declined", lambda: (requests.request_mentor(mia, max_.id, "Again"),
                                        requests.decline(max_, MentorRequest.get(state="open").id, "time"))),
        ("a request expired", lambda: (requests.request_mentor(mia, ned.id, "Hi"),
                                       requests.expire_and_remind(clock.now() + timedelta(days=30)))),
        ("a request accepted", lambda: (requests.request_mentor(mia, ned.id, "Please"),
                                        requests.accept(ned, MentorRequest.get(state="open").id))),
        ("an introduction answered", lambda: pairs.answer(pair().id, mia.user, True)),
        ("a session planned", schedule),
        ("a session moved", lambda: scheduling.reschedule(meeting(), ned.user, (clock.now() + timedelta(days=2)).date(),
                                                          meeting().starts_at.time(), 45)),
        ("a session cancelled", lambda: scheduling.cancel(meeting(), ned.user)),
        ("a goal", lambda: state.update(goal=goals.add_goal(pair(), mia.user, "Speak at a meetup"))),
        ("a milestone", lambda: state.update(step=goals.add_milestone(pair(), state["goal"].id, "Write an abstract"))),
        ("a milestone reached", lambda: goals.set_milestone(pair(), mia.user, state["step"].id, True)),
        ("a goal reached", lambda: goals.set_state(pair(), mia.user, state["goal"].id, "done")),
        ("a goal removed", lambda: goals.remove_goal(pair(), state["goal"].id)),
        ("feedback asked", lambda: (make_session(pair(), timedelta(hours=-3)),
                                    feedback.ask_after_sessions(clock.now()))),
        ("feedback given", answer_feedback),
        ("a nudge", lambda: health.send_nudges(coordinator, program, health.board_of(program).rows, "Hi", "Hi")),
        ("a pause", lambda: pairs.pause(pair().id, coordinator)),
        ("a resumption", lambda: pairs.pause(pair().id, coordinator, paused=False)),
        ("a problem reported", lambda: state.update(report=pairs.report_problem(program, mia.user, "Late",
                                                                                pair()))),
        ("a problem resolved", lambda: problems.update(coordinator, state["report"], "resolved", "Talked")),
        ("the cadence", lambda: programs.update_program(coordinator, program, {
            **{name: getattr(program, name) for name in programs.SETTINGS}, "cadence_days": 7})),
        ("a rename", lambda: accounts.update_profile(ned.user, name="Ned Renamed", timezone="Europe/Berlin")),
        ("raw SQL", lambda: db.execute_sql("UPDATE meeting SET location = 'Room 2' WHERE program_id = %s"
                                           .replace("%s", str(program.id)))),
        ("a guide read", lambda: library.mark_read(Resource.guide(program, Resource.MENTOR_GUIDE), ned.user)),
        ("a guide removed", lambda: library.remove(coordinator, program, Resource.guide(program,
                                                                                          Resource.MENTOR_GUIDE))),
        ("a pair ended", lambda: pairs.end(pair().id, mia.user, "Done")),
        ("an account deleted", lambda: accounts.delete_account(ned.user, password=PASSWORD)),
    ]
    untouched = latest(elsewhere)
    for what, write in writes:
        before = latest()
        with app.test_request_context():
            write()
        assert latest() > before, what
    assert latest(elsewhere) == untouched


def test_a_periodic_job_forgets_all_but_each_programs_latest_change(app, make_program, make_pair, scheduler):
    first, second = make_program(name="First"), make_program(name="Second")
    for program in (first, second, first):
        make_pair(program)

    def latest():
        return {program.id: ProgramChange.latest.rows(program.id)[0][0] for program in (first, second)}
    kept = latest()
    assert ProgramChange.select().count() > 2
    assert "forget_old_program_changes" in scheduler.advance(timedelta(minutes=10))
    assert sorted(ProgramChange.select(ProgramChange.id).tuples()) == sorted((i,) for i in kept.values())
    assert latest() == kept
