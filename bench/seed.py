"""Data generators for the benchmarks (and the query-count test): programs of a chosen size, written in bulk."""
import json
import random
from datetime import timedelta
from functools import cache
from typing import NamedTuple

from mentoring import clock
from mentoring.db import db, is_postgres
from mentoring.models import (
    AgendaItem,
    Answer,
    ConversationRead,
    Coordinator,
    Feedback,
    Goal,
    Meeting,
    Membership,
    Message,
    Pair,
    Question,
    Response,
    Rsvp,
    User,
)
from mentoring.questionnaires import engine
from mentoring.questionnaires.service import questionnaire_of

BENCH_PASSWORD = "benchmark pass phrase"
CONVERSATION = 2000  # messages between the pair of the pair page
LOGINS = {"admin": "bench-admin@example.org", "coordinator": "bench-coordinator@example.org",
          "mentee": "bench-mentee@example.org", "pair": "bench-pair@example.org"}
PROGRAM = "bench-program"
BIG_PROGRAM = "bench-mentors"
ZONES = ("Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles", "Asia/Kolkata",
         "Asia/Singapore", "Africa/Lagos", "Australia/Sydney", "America/Sao_Paulo", "Asia/Tokyo")
CHUNK = 900
GRID = [f"{day}-{block}" for day in engine.DAYS for block in engine.BLOCKS]  # an availability question's blocks


def new_program(actor, name, password_hash=None, coordinator_email=None):
    """An open program with the default questionnaires (and its coordinator, when an email is given)."""
    from mentoring.programs import service as programs
    program = programs.create_program(actor, name=name)
    settings = {key: getattr(program, key) for key in programs.SETTINGS}
    programs.update_program(actor, program, {**settings, "state": "open", "goals": "Grow.\n\nTogether.",
                                             "guidelines": "Meet every two weeks.", "max_open_requests": 3})
    if coordinator_email:
        coordinator = User.create(name="Bench Coordinator", email=coordinator_email, password_hash=password_hash,
                                  timezone="Europe/Berlin", email_verified_at=clock.now())
        Coordinator.create(program=program, user=coordinator)
    return program


def bulk_members(program, people, password_hash, seed=1):
    """Members written in bulk with explicit ids: `people` lists (role, state, capacity or None).
    Answers are random but valid, varied by `seed`. Returns the new membership ids in order."""
    rng = random.Random(seed)
    now = User.created_at.db_value(clock.now())  # as a moment column stores it
    stored = json.JSONEncoder(sort_keys=True).encode  # JSONField's json.dumps(value, sort_keys=True), made once
    questions = {role: [Asked.of(question) for question in Question.of(program, role)] for role in Membership.ROLES}
    questionnaires = {role: questionnaire_of(program, role).id for role in Membership.ROLES}
    first = {model: (model.select(model.id).order_by(model.id.desc()).scalar() or 0) + 1
             for model in (User, Membership, Response)}
    users, members, responses, answers = [], [], [], []
    for offset, (role, state, capacity) in enumerate(people):
        user_id, member_id, response_id = (first[User] + offset, first[Membership] + offset,
                                           first[Response] + offset)
        zone = rng.choice(ZONES)
        users.append((user_id, f"Member {user_id}", f"member{user_id}@bench.example.org", password_hash, zone, now,
                      False, "{}", now))
        members.append((member_id, program.id, user_id, role, state, f"Headline of member {user_id}", "", "", capacity,
                        rng.random() < 0.6, "", now, now, now))
        responses.append((response_id, questionnaires[role], user_id, member_id, now))
        for question in questions[role]:
            value = random_answer(rng, question, zone)
            if value is not None:
                answers.append((response_id, question.id, stored(value)))
    with db.atomic():
        _write(User, USER_COLUMNS, users)
        _write(Membership, MEMBER_COLUMNS, members)
        _write(Response, RESPONSE_COLUMNS, responses)
        _write(Answer, ANSWER_COLUMNS, answers)
        if is_postgres():  # explicit ids: move the sequences past them
            for model in (User, Membership, Response):
                table = model._meta.table_name
                db.execute_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
        program.__class__.roster_changed(program.id)
    return [member[0] for member in members]


# The columns bulk_members writes, in the order of its rows' values (those peewee would fill from a default included).
USER_COLUMNS = ("id", "name", "email", "password_hash", "timezone", "email_verified_at", "is_admin",
                "email_preferences", "created_at")
MEMBER_COLUMNS = ("id", "program", "user", "role", "state", "headline", "bio", "video_link", "capacity",
                  "consent_sensitive", "decision_message", "submitted_at", "created_at", "decided_at")
RESPONSE_COLUMNS = ("id", "questionnaire", "user", "membership", "updated_at")
ANSWER_COLUMNS = ("response", "question", "value")


def _write(model, columns, rows):
    """Insert `rows`, tuples of values as the database stores them for the fields named in `columns`, in one
    executemany (a COPY on PostgreSQL): the statement is written once (peewee's query building for each row costs
    more than the insert)."""
    if not rows:
        return
    fields = [model._meta.fields[name] for name in columns]
    if is_postgres():  # COPY: psycopg's executemany sends a statement for each row
        names = ", ".join(f'"{field.column_name}"' for field in fields)
        with db.cursor().copy(f'COPY "{model._meta.table_name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        return
    sql, _ = model.insert_many(rows[:1], fields=fields).returning().sql()
    db.cursor().executemany(sql, rows)


class Asked(NamedTuple):
    """What random_answer reads of a question, read once for all the members (a model's fields cost more to read)."""

    id: int
    key: str
    kind: str
    sensitive: bool
    keys: list  # its choices' keys, in order

    @classmethod
    def of(cls, question):
        return cls(question.id, question.key, question.kind, question.sensitive,
                   [choice["key"] for choice in question.choices])


def random_answer(rng, question, zone):
    """A valid answer to any question (as Asked), varied the way real people's answers are."""
    keys = question.keys
    if question.key == "languages":
        return ["english"] + rng.sample(keys[1:], rng.choice((0, 0, 1))) if rng.random() < 0.9 else [rng.choice(keys)]
    if question.sensitive and rng.random() < 0.5:
        return None
    if question.kind == engine.SINGLE:
        return rng.choice(keys)
    if question.kind == engine.MULTIPLE:
        picked = set(rng.sample(keys, rng.randint(1, min(3, len(keys)))))
        return [key for key in keys if key in picked]
    if question.kind == engine.SCALE:
        return rng.randint(1, 5)
    if question.kind == engine.AVAILABILITY:
        blocks = rng.sample(GRID, rng.randint(2, 8))  # stored as engine.clean stores ticked blocks: their UTC hours
        return sorted({hour for block in blocks for hour in _utc_hours(block, zone, clock.now().date())})
    if question.kind == engine.TIMEZONE:
        return zone
    return "I would like to grow as a professional and as a person."


@cache
def _utc_hours(block, zone, today):
    """The UTC hours of the week a block of the availability grid ("mon-morning") covers in `zone` (the engine's
    conversion, made once for each block and zone rather than for each answer)."""
    day, _, part = block.partition("-")
    return engine.local_block_to_utc_hours(day, part, zone, today)


def seed_members(program, count, password_hash, start=0):
    """`count` members of `program`: a mentor for every two mentees, every fifth pending."""
    return bulk_members(program, [("mentor" if n % 3 == 0 else "mentee", "pending" if n % 5 == 0 else "approved",
                                   2 if n % 3 == 0 else None) for n in range(start, start + count)], password_hash)


def seed_program(members, password_hash):
    """The page benchmark's data: an admin; a program of `members` people run by a coordinator; and a program
    with 5,000 approved mentors where the benchmark's mentee looks for a mentor (all one password)."""
    now = clock.now()
    admin = User.create(name="Bench Admin", email=LOGINS["admin"], password_hash=password_hash,
                        timezone="Europe/Berlin", is_admin=True, email_verified_at=now)
    program = new_program(admin, "Bench program", password_hash, LOGINS["coordinator"])
    seed_members(program, members, password_hash)
    big = new_program(admin, "Bench mentors")
    bulk_members(big, [("mentor", "approved", 1 + n % 3) for n in range(5000)], password_hash, seed=2)
    mentee = User.create(name="Bench Mentee", email=LOGINS["mentee"], password_hash=password_hash,
                         timezone="Europe/Berlin", email_verified_at=now)
    [member_id] = bulk_members(big, [("mentee", "approved", None)], password_hash, seed=3)
    Membership.update(user=mentee).where(Membership.id == member_id).execute()
    Response.update(user=mentee).where(Response.membership == member_id).execute()
    pair_user = User.create(name="Bench Pair", email=LOGINS["pair"], password_hash=password_hash,
                            timezone="America/New_York", email_verified_at=now)
    [paired_id] = bulk_members(big, [("mentee", "approved", None)], password_hash, seed=4)
    Membership.update(user=pair_user).where(Membership.id == paired_id).execute()
    Response.update(user=pair_user).where(Response.membership == paired_id).execute()
    pair = seed_pair(Membership.get_by_id(paired_id),
                     Membership.select().where(Membership.program == big, Membership.role == "mentor").first())
    seed_conversation(pair, CONVERSATION)
    return program


def seed_conversation(pair, count):
    """`count` messages between the pair, one every ten minutes until now, read by both."""
    now, people = clock.now(), (pair.mentee.user_id, pair.mentor.user_id)
    Message.insert_many([{"pair": pair.id, "sender": people[number % 2], "version": number + 1,
                          "text": f"Message {number}: how did the talk go? Here are my notes: https://example.org/n",
                          "sent_at": now - timedelta(minutes=10 * (count - number))}
                         for number in range(count)]).execute()
    last = Message.select(Message.id).where(Message.pair == pair).order_by(Message.id.desc()).scalar()
    ConversationRead.insert_many([{"pair": pair.id, "user": user, "last_read": last} for user in people]).execute()


def seed_pair(mentee, mentor, sessions=12):
    """An active pair (the first, id 1 in a fresh database) meeting weekly: half its sessions held, with notes,
    every one with an agenda of three items and both answers."""
    from mentoring.meetings import ical
    from mentoring.meetings.scheduling import add_sessions
    pair = Pair.create(program=mentee.program, mentee=mentee, mentor=mentor, state=Pair.ACTIVE)
    now = clock.now()
    organizer = mentor.user
    starts = ical.occurrences(now - timedelta(weeks=sessions // 2) + timedelta(hours=2), organizer.timezone,
                              "weekly", count=sessions)
    meetings = add_sessions(pair, organizer, starts, "Check-in", 60, "https://meet.example.org/bench", "weekly",
                            count=sessions)
    for meeting in meetings:
        if meeting.starts_at < now:
            meeting.shared_notes = "We talked about the next steps and agreed on a plan for the coming weeks."
            meeting.save()
        AgendaItem.insert_many([{"meeting": meeting, "text": f"Topic {n}", "position": n,
                                 "done": meeting.starts_at < now} for n in (1, 2, 3)]).execute()
        Rsvp.insert_many([{"meeting": meeting, "user": user, "answer": Rsvp.ACCEPTED, "updated_at": now}
                          for user in (mentee.user, organizer)]).execute()
    return pair


def seed_health(program, pairs, sessions_per_pair, password_hash, seed=5):
    """`pairs` active pairs in `program`, each with `sessions_per_pair` sessions every 2 weeks (the last two still
    ahead; one pair in five went quiet two months ago), both people's feedback on every session held (a rating
    from 1 to 5), a check-in every 4 weeks and two goals, one reached; written in bulk."""
    rng = random.Random(seed)
    now = clock.now()
    people = bulk_members(program, [(role, "approved", 1 if role == "mentor" else None)
                                    for _ in range(pairs) for role in ("mentee", "mentor")], password_hash, seed=seed)
    members = {member.id: member for member in Membership.select(Membership.id, Membership.user)
               .where(Membership.id.in_(people))}
    first_pair = (Pair.select(Pair.id).order_by(Pair.id.desc()).scalar() or 0) + 1
    pair_rows, meeting_rows, goal_rows = [], [], []
    for number in range(pairs):
        pair_id = first_pair + number
        quiet = number % 5 == 0
        pair_rows.append({"id": pair_id, "program": program.id, "mentee": people[2 * number],
                          "mentor": people[2 * number + 1], "state": Pair.ACTIVE, "origin": "request",
                          "score": rng.randint(30, 100), "created_at": now, "mentee_says": "", "mentor_says": "",
                          "end_kind": "", "end_reason": "",
                          "activated_at": now - timedelta(weeks=2 * sessions_per_pair)})
        last = now - timedelta(days=60) if quiet else now + timedelta(weeks=4)
        for session in range(sessions_per_pair):
            start = last - timedelta(weeks=2 * (sessions_per_pair - 1 - session))
            meeting_rows.append({"program": program.id, "pair": pair_id, "uid": f"bench-{pair_id}-{session}@mentoring",
                                 "title": "Check-in", "starts_at": start, "duration_minutes": 60, "timezone": "UTC",
                                 "sequence": 0, "location": "", "audience": "", "cancelled": False,
                                 "shared_notes": "", "created_at": now,
                                 "feedback_asked_at": start + timedelta(hours=1) if start < now else None})
        goal_rows += [{"pair": pair_id, "title": "Give a talk", "why": "", "position": 1, "state": Goal.DONE,
                       "created_at": now, "done_at": now - timedelta(days=rng.randint(0, 60))},
                      {"pair": pair_id, "title": "Lead a project", "why": "", "position": 2,
                       "state": Goal.IN_PROGRESS, "created_at": now}]
    with db.atomic():
        for model, rows in ((Pair, pair_rows), (Meeting, meeting_rows), (Goal, goal_rows)):
            for start in range(0, len(rows), CHUNK):
                model.insert_many(rows[start:start + CHUNK]).execute()
        feedback_rows = []
        for meeting_id, pair_id, start in (Meeting.select(Meeting.id, Meeting.pair, Meeting.starts_at)
                                           .where(Meeting.program == program.id, Meeting.starts_at < now).tuples()):
            start = Meeting.starts_at.python_value(start)
            pair = pair_rows[pair_id - first_pair]
            for role in ("mentee", "mentor"):
                feedback_rows.append({"program": program.id, "pair": pair_id, "meeting": meeting_id, "role": role,
                                      "user": members[pair[role]].user_id, "kind": Feedback.SESSION,
                                      "asked_at": start, "submitted_at": start + timedelta(hours=3),
                                      "rating": rng.choice((2, 3, 4, 4, 5, 5)), "took_place": "yes",
                                      "answers": {}, "shared": False})
                if (start - pair["activated_at"]).days % 28 < 14:
                    feedback_rows.append({**feedback_rows[-1], "meeting": None, "kind": Feedback.CHECK_IN,
                                          "rating": rng.choice((1, 3, 4, 5, 5))})
        for start in range(0, len(feedback_rows), CHUNK):
            Feedback.insert_many(feedback_rows[start:start + CHUNK]).execute()
        if is_postgres():
            for model in (Pair, Meeting, Goal, Feedback):
                table = model._meta.table_name
                db.execute_sql(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))")
    return len(meeting_rows), len(feedback_rows)


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
