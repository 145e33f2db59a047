"""A demo program with varied, realistic people, so a newcomer can explore every screen."""
import random
from datetime import datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from mentoring import clock
from mentoring.auth import service as accounts
from mentoring.auth.passwords import hash_password
from mentoring.db import db
from mentoring.meetings import ical
from mentoring.meetings.service import add_sessions, new_uid
from mentoring.models import (AgendaItem, Answer, Coordinator, Feedback, Goal, Meeting, Membership, MentorRequest,
                              Milestone, Pair, Program, Question, Response, Rsvp, User)
from mentoring.programs import service as programs
from mentoring.questionnaires import engine
from mentoring.questionnaires.service import questionnaire_of

SLUG = "open-source-mentoring-circle"
MENTORS, MENTEES = 30, 80
FIRST = ("Amara", "Bao", "Carlos", "Dana", "Elif", "Farah", "Gustavo", "Hana", "Ibrahim", "Jia", "Kofi", "Lena",
         "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "Uma", "Victor", "Wen", "Ximena",
         "Yusuf", "Zoe", "Aiko", "Bruno", "Chioma", "Diego", "Esther", "Felix", "Grace", "Hiro", "Ines", "Jonas",
         "Kavya", "Luis", "Maya", "Noah", "Olga", "Pedro", "Rania", "Samir", "Tomas", "Valentina", "Wanjiru", "Yara")
LAST = ("Okafor", "Nguyen", "García", "Schmidt", "Yılmaz", "Haddad", "Silva", "Tanaka", "Mensah", "Li", "Kowalski",
        "Rossi", "Dubois", "Patel", "Johansson", "Moreau", "Ivanova", "Costa", "Andersen", "Khan", "Fischer",
        "Reyes", "Sato", "Adeyemi", "O'Brien", "Novak", "Lopez", "Chen", "Mwangi", "Kaur")
ZONES = ("Europe/Berlin", "Europe/London", "America/New_York", "America/Los_Angeles", "America/Sao_Paulo",
         "Asia/Kolkata", "Asia/Singapore", "Africa/Lagos", "Africa/Nairobi", "Australia/Sydney", "Europe/Madrid",
         "Asia/Tokyo")
MENTOR_HEADLINES = ("Engineering manager, 12 years in fintech", "Staff engineer who loves code review",
                    "Product lead, formerly a designer", "Data scientist in public health",
                    "Open-source maintainer and conference speaker", "Founder of a small design studio",
                    "Security engineer and CTF organiser", "Developer advocate, ex-teacher")
MENTEE_HEADLINES = ("Junior developer, first job", "Career changer from nursing to UX",
                    "Computer science student", "Self-taught front-end developer",
                    "Analyst moving into data engineering", "New team lead", "Bootcamp graduate",
                    "Researcher learning to ship software")
GOALS = ("I want to grow into a senior role within two years and learn how to lead projects.",
         "I am switching careers and need help building a portfolio and getting interviews.",
         "I would like to contribute to open source regularly and become a maintainer one day.",
         "I want to become confident speaking at meetups and in meetings.",
         "I am a new manager and want to learn how to give feedback and run one-to-ones.")
MOTIVATION = ("Someone mentored me when I started; I want to pass it on.",
              "I enjoy helping people find their direction, and I learn a lot from mentees.",
              "Our community grows when experienced people make time for newcomers.")


def seed(password):
    """Create the demo (once) and give every demo account `password`; returns {role: email}."""
    password_hash = hash_password(password)
    admin = accounts.make_admin(email="admin@example.org", name="Ada Admin", timezone="Europe/London",
                                password_hash=password_hash)
    program = Program.get_or_none(Program.slug == SLUG)
    if program is None:
        _create(admin, password_hash)
    else:
        emails = [user.email for user in User.select(User.email).join(Membership)
                  .where(Membership.program == program)] + ["coordinator@example.org"]
        User.update(password_hash=password_hash).where(User.email.in_(emails)).execute()
    return {"site admin": admin.email, "coordinator": "coordinator@example.org",
            "mentor": "mentor1@example.org", "mentee": "mentee1@example.org"}


def _create(admin, password_hash):
    rng = random.Random(2026)
    with db.atomic():
        program = programs.create_program(admin, name="Open Source Mentoring Circle")
        today = clock.now().date()
        settings = {name: getattr(program, name) for name in programs.SETTINGS}
        programs.update_program(admin, program, {
            **settings,
            "description": "Six months of mentoring for people growing their careers in and around open source.",
            "goals": "Mentees grow a skill they choose, take a next career step, and leave with a network.\n\n"
                     "Mentors practise leadership and help the community grow.",
            "guidelines": "Meet every two weeks for about an hour, by video or in person.\n\n"
                          "What you talk about stays between you. The relationship lasts six months; either of "
                          "you can end it earlier, kindly, by telling the coordinators.",
            "starts_on": today + timedelta(days=14), "ends_on": today + timedelta(days=200), "cadence_days": 14,
            "default_capacity": 2, "max_capacity": 4, "max_open_requests": 3, "requires_approval": True,
            "allows_both_roles": False, "state": Program.OPEN})
        coordinator = User.create(email="coordinator@example.org", name="Priya Raman", password_hash=password_hash,
                                  timezone="Europe/Berlin", email_verified_at=clock.now())
        Coordinator.create(program=program, user=coordinator)
        members = {}
        for role, count in ((Membership.MENTOR, MENTORS), (Membership.MENTEE, MENTEES)):
            questions = list(Question.of(program, role))
            members[role] = [_person(rng, program, role, number, questions, password_hash)
                             for number in range(1, count + 1)]
        _pairs_and_requests(members)


def _pairs_and_requests(members):
    """Some pairs at every stage, and requests waiting for mentor1 (mentee1 is left to explore)."""
    mentors = [m for m in members[Membership.MENTOR] if m.state == Membership.APPROVED]
    mentees = [m for m in members[Membership.MENTEE] if m.state == Membership.APPROVED]
    now = clock.now()
    for index, (mentee, mentor) in enumerate(zip(mentees[10:22], mentors[2:14])):
        state = (Pair.ACTIVE, Pair.ACTIVE, Pair.INTRODUCTION, Pair.PROPOSED)[index % 4]
        Pair.create(program=mentee.program, mentee=mentee, mentor=mentor, state=state, score=60 + index,
                    origin="request" if state != Pair.PROPOSED else "proposal",
                    activated_at=now - timedelta(days=20 + 8 * index) if state == Pair.ACTIVE else None)
    _sessions(Pair.create(program=mentors[0].program, mentee=mentees[4], mentor=mentors[0], state=Pair.ACTIVE,
                          score=81, activated_at=now - timedelta(days=30)))
    for mentee in mentees[1:4]:
        MentorRequest.create(program=mentee.program, mentee=mentee, mentor=mentors[0], expires_at=now +
                             timedelta(days=12), message="I would love to learn from your experience with open "
                                                         "source communities.")


def _person(rng, program, role, number, questions, password_hash):
    zone = rng.choice(ZONES)
    user = User.create(email=f"{role}{number}@example.org", name=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
                       password_hash=password_hash, timezone=zone, email_verified_at=clock.now())
    pending = number % 9 == 0
    now = clock.now()
    membership = Membership.create(
        program=program, user=user, role=role, state=Membership.PENDING if pending else Membership.APPROVED,
        headline=rng.choice(MENTOR_HEADLINES if role == Membership.MENTOR else MENTEE_HEADLINES),
        bio="I live in " + zone.split("/")[-1].replace("_", " ") + ". " + rng.choice(GOALS + MOTIVATION),
        capacity=rng.randint(1, 3) if role == Membership.MENTOR else None, consent_sensitive=rng.random() < 0.6,
        submitted_at=now, decided_at=None if pending else now)
    response = Response.create(questionnaire=questionnaire_of(program, role), user=user, membership=membership)
    values = {q.id: _answer(rng, q, zone) for q in questions}
    Answer.insert_many([{"response": response, "question": question_id, "value": value}
                        for question_id, value in values.items() if value is not None]).execute()
    return membership


def _answer(rng, question, zone):
    keys = [choice["key"] for choice in question.choices]
    if question.key == "languages":
        return ["english"] + rng.sample(keys[1:], rng.choice((0, 0, 1)))
    if question.sensitive and rng.random() < 0.5:
        return None
    if question.kind == engine.SINGLE:
        return rng.choice(keys)
    if question.kind == engine.MULTIPLE:
        return [key for key in keys if key in rng.sample(keys, rng.randint(1, min(3, len(keys))))]
    if question.kind == engine.SCALE:
        return rng.randint(1, 5)
    if question.kind == engine.LONG_TEXT:
        return rng.choice(GOALS if question.key == "goals" else MOTIVATION)
    if question.kind == engine.AVAILABILITY:
        blocks = rng.sample([f"{day}-{block}" for day in engine.DAYS for block in engine.BLOCKS], rng.randint(3, 8))
        return engine.clean(question, blocks, zone, clock.now().date())
    return None


NOTES = ("We got to know each other and agreed on two goals: a first talk at a meetup, and reviewing pull "
         "requests with confidence.",
         "Outlined the talk together. Next: a first draft of the slides.")
AGENDAS = (("Introductions", "What I hope to get out of mentoring"),
           ("Talk outline", "How to review a large pull request"),
           ("Slides: first draft", "Practise the opening"))


def _sessions(pair):
    """Check-ins every two weeks since a month ago, with notes and agendas, and the program's kick-off event."""
    now = clock.now()
    mentor = pair.mentor.user
    zone = ZoneInfo(mentor.timezone)
    first = datetime.combine((now - timedelta(days=28)).astimezone(zone).date(), time(18), zone)
    starts = ical.occurrences(first, mentor.timezone, "weekly", 2, count=6)
    meetings = add_sessions(pair, mentor, starts, "Check-in", 60, "https://meet.example.org/open-source-circle",
                            "weekly", interval=2, count=6)
    for number, meeting in enumerate(meetings):
        held = meeting.starts_at < now
        if held:
            meeting.shared_notes, meeting.carried_over_at = NOTES[number] if number < len(NOTES) else "", now
            meeting.save()
        for position, text in enumerate(AGENDAS[number] if number < len(AGENDAS) else (), 1):
            AgendaItem.create(meeting=meeting, text=text, position=position, done=held, added_by=mentor)
        for person, role in ((pair.mentee.user, "mentee"), (mentor, "mentor")):
            Rsvp.create(meeting=meeting, user=person, answer=Rsvp.ACCEPTED)
            if held:
                Feedback.create(program=pair.program, pair=pair, meeting=meeting, user=person, role=role,
                                kind=Feedback.SESSION, asked_at=meeting.ends_at, submitted_at=meeting.ends_at,
                                rating=5 - number, took_place="yes", shared=role == "mentee")
        if held:
            meeting.feedback_asked_at = meeting.ends_at
            meeting.save()
    talk = Goal.create(pair=pair, title="Give a first talk at a meetup", why="To share what I learn, and grow "
                       "confident speaking", position=1, state=Goal.IN_PROGRESS, created_by=pair.mentee.user)
    for position, (text, done) in enumerate((("Choose a topic", True), ("Outline the talk", True),
                                             ("Rehearse with my mentor", False)), 1):
        Milestone.create(goal=talk, text=text, position=position, done_at=now if done else None)
    Goal.create(pair=pair, title="Review a large pull request with confidence", position=2, state=Goal.DONE,
                done_at=now - timedelta(days=3), created_by=pair.mentee.user)
    kickoff = datetime.combine((now + timedelta(days=10)).date(), time(17), ZoneInfo("Europe/Berlin"))
    coordinator = Coordinator.get(Coordinator.program == pair.program).user
    Meeting.create(program=pair.program, uid=new_uid(), organizer=coordinator,
                   title="Kick-off: meet the whole circle", starts_at=kickoff.astimezone(timezone.utc),
                   duration_minutes=60, timezone="Europe/Berlin", audience="all",
                   location="https://meet.example.org/open-source-circle-kickoff")
