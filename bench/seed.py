"""Data generators for the benchmarks: a database of a chosen size, written fast."""
from mentoring import clock
from mentoring.db import db
from mentoring.models import User

BENCH_PASSWORD = "benchmark pass phrase"
LOGINS = {"admin": "bench-admin@example.org", "coordinator": "bench-coordinator@example.org"}
PROGRAM = "bench-program"


def seed_program(members, password_hash):
    """A site admin, and an open program of `members` people run by a coordinator (all one password)."""
    from mentoring.models import Coordinator
    from mentoring.programs import service as programs

    now = clock.now()
    admin = User.create(name="Bench Admin", email=LOGINS["admin"], password_hash=password_hash,
                        timezone="Europe/Berlin", is_admin=True, email_verified_at=now)
    coordinator = User.create(name="Bench Coordinator", email=LOGINS["coordinator"], password_hash=password_hash,
                              timezone="Europe/Berlin", email_verified_at=now)
    program = programs.create_program(admin, name="Bench program")
    settings = {name: getattr(program, name) for name in programs.SETTINGS}
    programs.update_program(admin, program, {**settings, "state": "open", "goals": "Grow.\n\nTogether.",
                                             "guidelines": "Meet every two weeks."})
    Coordinator.create(program=program, user=coordinator)
    seed_members(program, members, password_hash)
    return program


def seed_members(program, count, password_hash, start=0):
    """`count` members of `program` (a mentor for every two mentees, every fifth pending), with answers
    to every question, written in bulk."""
    from mentoring.models import Answer, Membership, Question, Response
    from mentoring.questionnaires import engine
    from mentoring.questionnaires.service import questionnaire_of

    now = clock.now()
    questions = {role: list(Question.of(program, role)) for role in Membership.ROLES}
    questionnaires = {role: questionnaire_of(program, role) for role in Membership.ROLES}
    with db.atomic():
        for number in range(start, start + count):
            role = Membership.MENTOR if number % 3 == 0 else Membership.MENTEE
            user = User.create(name=f"Member {number}", email=f"member{number}-{program.id}@example.org",
                               password_hash=password_hash, timezone="Europe/Berlin", email_verified_at=now)
            membership = Membership.create(
                program=program, user=user, role=role, headline=f"Headline of member {number}",
                state=Membership.PENDING if number % 5 == 0 else Membership.APPROVED,
                capacity=2 if role == Membership.MENTOR else None, submitted_at=now)
            response = Response.create(questionnaire=questionnaires[role], user=user, membership=membership)
            Answer.insert_many([{"response": response, "question": q,
                                 "value": engine.clean(q, _valid(q, number), "Europe/Berlin", now.date())}
                                for q in questions[role]]).execute()


def _valid(question, number):
    """A valid answer to any question, varied by `number`."""
    from mentoring.questionnaires import engine

    keys = [choice["key"] for choice in question.choices]
    if question.kind in engine.CHOICE_KINDS:
        return [keys[number % len(keys)]]
    if question.kind == engine.SCALE:
        return [str(number % 5 + 1)]
    if question.kind == engine.AVAILABILITY:
        return [f"{engine.DAYS[number % 7]}-evening", f"{engine.DAYS[(number + 3) % 7]}-morning"]
    if question.kind == engine.TIMEZONE:
        return ["Europe/Berlin"]
    return [f"Answer {number}"]


def prepare(members):
    """An empty database (PostgreSQL's schema is dropped first), migrated and seeded (python -c entry)."""
    from mentoring import create_app
    from mentoring import db as database
    from mentoring.auth.passwords import hash_password

    app = create_app()
    if database.is_postgres():
        with db.connection_context():
            db.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
            db.execute_sql("CREATE SCHEMA public")
    database.migrate()
    with app.test_request_context():
        seed_program(members, hash_password(BENCH_PASSWORD))
