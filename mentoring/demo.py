"""A demo program ten weeks under way, telling one story a newcomer can explore from every side: a coordinator,
mentors and mentees each with a profile of their own, and pairs at every stage (requests waiting, a proposal, an
introduction, pairs meeting with sessions past and planned, a quiet one, an unhappy one, a paused one, ended ones)."""
import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from mentoring import clock
from mentoring.auth import service as accounts
from mentoring.auth.passwords import hash_password
from mentoring.db import db
from mentoring.matching import people, scoring
from mentoring.meetings import ical
from mentoring.meetings.scheduling import add_sessions, new_uid
from mentoring.models import (
    AgendaItem,
    Answer,
    Coordinator,
    Feedback,
    Goal,
    Meeting,
    Membership,
    MentorRequest,
    Milestone,
    Pair,
    Program,
    Question,
    Response,
    Rsvp,
    User,
)
from mentoring.programs import service as programs
from mentoring.questionnaires import engine
from mentoring.questionnaires.service import questionnaire_of

SLUG = "open-source-mentoring-circle"
MENTORS, MENTEES = 30, 80
FIRST_INTAKE = 30  # mentees 1-30 applied before the start; the rest lately, for the matching round under way
WEEKS_UNDER_WAY = 10  # the program started this many weeks ago and runs for six months
CADENCE = 14  # days between a pair's check-ins
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
MENTOR_PROFILES = (  # (headline, bio): what a mentor offers, in their words
    ("Engineering manager, 12 years in fintech",
     "I lead a team of nine engineers at a payments company, after years as a backend developer. I like helping "
     "people through their first promotion, or their first time leading others."),
    ("Staff engineer who loves code review",
     "I have written and reviewed code for fifteen years, mostly Python and Go. Ask me about growing from mid-level "
     "to senior, and about writing that engineers actually read."),
    ("Product lead, formerly a designer",
     "I moved from design into product management six years ago and now lead a product group. Happy to talk about "
     "changing careers, roadmaps, and working well with engineers."),
    ("Data scientist in public health",
     "I build models that help hospitals plan their staff. I came to data from epidemiology, so I know the road "
     "from research into industry."),
    ("Open-source maintainer and conference speaker",
     "I maintain two open-source libraries and speak at a few conferences a year. I can help with a first "
     "contribution, a first talk, or becoming a maintainer."),
    ("Founder of a small design studio",
     "I started my studio eight years ago and we are now twelve people. I mentor on freelancing, starting a "
     "business and pricing your work."),
    ("Security engineer and CTF organiser",
     "I work on application security and organise capture-the-flag events. I enjoy helping developers and "
     "operations people move into security."),
    ("Developer advocate, ex-teacher",
     "I taught maths for ten years before becoming a developer, and now work in developer relations. I know how "
     "daunting a career change is, and how to get through one."),
)
MENTEE_PROFILES = (  # (headline, bio, what they hope to achieve): a mentee's own story
    ("Junior developer, first job",
     "I started my first developer job six months ago, on a web team.",
     "I want to grow into a senior role within two years and learn how to lead projects."),
    ("Career changer from nursing to UX",
     "After eight years as a nurse I am retraining in user experience design.",
     "I am switching careers and need help building a portfolio and getting interviews."),
    ("Computer science student",
     "I am in the last year of a computer science degree.",
     "I would like to contribute to open source regularly and become a maintainer one day."),
    ("Self-taught front-end developer",
     "I taught myself HTML, CSS and JavaScript and build websites for small businesses.",
     "I want to join a product team and learn how larger codebases are run."),
    ("Analyst moving into data engineering",
     "I work as a business analyst and spend more and more of my time on data pipelines.",
     "I want to make the move into data engineering within a year."),
    ("New team lead",
     "I was promoted to lead a team of five this spring.",
     "I am a new manager and want to learn how to give feedback and run one-to-ones."),
    ("Bootcamp graduate",
     "I finished a coding bootcamp last year, after working in hospitality.",
     "I want to become confident in technical interviews and land my first job in tech."),
    ("Researcher learning to ship software",
     "I am a postdoc in biology who writes a lot of analysis code.",
     "I want to learn how software teams work, and find out whether industry is for me."),
)
MOTIVATION = ("Someone mentored me when I started; I want to pass it on.",
              "I enjoy helping people find their direction, and I learn a lot from mentees.",
              "Our community grows when experienced people make time for newcomers.")
ASKING = ("I would love to learn from your experience with open-source communities.",
          "Your path is close to the one I hope to take; could we talk about my next steps?",
          "I am preparing for a change of role and would value your honest feedback.")


@dataclass(frozen=True)
class Stage:
    """One pair of the story: who (by their number in the log-ins), how it stands, and its days (before today)."""

    mentee: int
    mentor: int
    state: str
    made: int  # days ago the pair was made (a request accepted, or a proposal)
    active: int | None = None  # days ago both confirmed after the introduction
    first_check_in: int | None = None  # days ago of the first check-in; then every CADENCE days
    introduced: int | None = None  # days ago of the introductory meeting (negative: still to come); else made - 3
    stopped: int | None = None  # days ago of the last session of a pair paused, ended or gone quiet
    end_kind: str = ""
    end_reason: str = ""
    low: bool = False  # the mentee rates it poorly


STORY = (
    Stage(5, 1, Pair.ACTIVE, made=66, active=62, first_check_in=55),  # mentor1's mentee: the richest pair
    Stage(6, 2, Pair.PROPOSED, made=2),
    Stage(7, 3, Pair.INTRODUCTION, made=5, introduced=-2),
    Stage(8, 4, Pair.ACTIVE, made=65, active=61, first_check_in=59),
    Stage(10, 5, Pair.ACTIVE, made=51, active=47, first_check_in=45),
    Stage(11, 6, Pair.ACTIVE, made=64, active=60, first_check_in=48, stopped=48),  # quiet since
    Stage(12, 7, Pair.ACTIVE, made=44, active=40, first_check_in=39, low=True),
    Stage(13, 8, Pair.PAUSED, made=54, active=50, first_check_in=49, stopped=10),
    Stage(14, 10, Pair.ENDED, made=67, active=63, first_check_in=62, stopped=21, end_kind="ended",
          end_reason="A new job left no time for mentoring; I would like to join again next year."),
    Stage(15, 11, Pair.ENDED, made=66, stopped=62, end_kind="not_a_fit"),  # after their introduction
    Stage(15, 13, Pair.ACTIVE, made=56, active=52, first_check_in=39),
    Stage(4, 12, Pair.ACTIVE, made=59, active=55, first_check_in=41),  # after mentor1 declined them
    Stage(16, 14, Pair.ACTIVE, made=37, active=33, first_check_in=31),
    Stage(17, 15, Pair.ACTIVE, made=30, active=26, first_check_in=24),
    Stage(19, 16, Pair.ACTIVE, made=23, active=19, first_check_in=17),
    Stage(20, 17, Pair.ACTIVE, made=16, active=12, first_check_in=10),
    *(Stage(mentee, mentor, Pair.ACTIVE, made=made, active=made - 4, first_check_in=made - 6)
      for mentee, mentor, made in ((21, 19, 61), (22, 20, 58), (23, 21, 52), (24, 22, 45), (25, 23, 38),
                                   (26, 24, 29))),
)
WAITING = ((2, 1, 2), (3, 1, 4))  # (mentee, mentor, days ago): requests mentor1 has still to answer
DECLINED = ((4, 1, 64),)


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
    now = clock.now()
    starts_on = now.date() - timedelta(weeks=WEEKS_UNDER_WAY)
    opened = now - timedelta(weeks=WEEKS_UNDER_WAY + 5)  # applications opened five weeks before the start
    with db.atomic():
        program = programs.create_program(admin, name="Open Source Mentoring Circle")
        settings = {name: getattr(program, name) for name in programs.SETTINGS}
        programs.update_program(admin, program, {
            **settings,
            "description": "Six months of mentoring for people growing their careers in and around open source. "
                           "Mentees join in two intakes; the second is being matched now.",
            "goals": "Mentees grow a skill they choose, take a next career step, and leave with a network.\n\n"
                     "Mentors practise leadership and help the community grow.",
            "guidelines": "Meet every two weeks for about an hour, by video or in person.\n\n"
                          "What you talk about stays between you. The relationship lasts six months; either of "
                          "you can end it earlier, kindly, by telling the coordinators.",
            "starts_on": starts_on, "ends_on": starts_on + timedelta(weeks=26), "cadence_days": CADENCE,
            "checkin_weeks": 4, "default_capacity": 2, "max_capacity": 4, "max_open_requests": 3,
            "requires_approval": True, "allows_both_roles": False, "state": Program.RUNNING})
        Program.update(created_at=opened - timedelta(days=7)).where(Program.id == program.id).execute()
        coordinator = User.create(email="coordinator@example.org", name="Priya Raman", password_hash=password_hash,
                                  timezone="Europe/Berlin", email_verified_at=opened, created_at=opened)
        Coordinator.create(program=program, user=coordinator, appointed_at=opened - timedelta(days=7))
        names = iter(rng.sample([f"{first} {last}" for first in FIRST for last in LAST], MENTORS + MENTEES))
        mentors = {number: _person(rng, program, Membership.MENTOR, number, next(names), password_hash, opened)
                   for number in range(1, MENTORS + 1)}
        fits = {stage.mentee: mentors[stage.mentor] for stage in STORY}
        fits.update({mentee: mentors[mentor] for mentee, mentor, _ in WAITING})
        mentees = {number: _person(rng, program, Membership.MENTEE, number, next(names), password_hash, opened,
                                   fits.get(number))
                   for number in range(1, MENTEES + 1)}
        _story(rng, program, mentors, mentees, coordinator, now)


def _person(rng, program, role, number, name, password_hash, opened, fits=None):
    """A member who applied in the weeks before the start (a mentee of the second intake: lately; some are still
    waiting for a decision), with a profile in their own words and answers to every question; a mentee's answers
    suit `fits` (their mentor-to-be)."""
    zone = rng.choice(ZONES)
    pending = number % 9 == 0
    if pending:
        applied = clock.now() - timedelta(days=rng.randint(1, 5), hours=rng.randint(0, 23))
    elif role == Membership.MENTEE and number > FIRST_INTAKE:
        applied = clock.now() - timedelta(days=rng.randint(4, 20), hours=rng.randint(0, 23))
    else:
        applied = opened + timedelta(days=rng.randint(0, 25), hours=rng.randint(0, 23))
    user = User.create(email=f"{role}{number}@example.org", name=name, password_hash=password_hash, timezone=zone,
                       email_verified_at=applied, created_at=applied)
    city = zone.split("/")[-1].replace("_", " ")
    if role == Membership.MENTOR:
        headline, bio = rng.choice(MENTOR_PROFILES)
        bio, goal = f"{bio} I live in {city}.", None
    else:
        headline, story, goal = rng.choice(MENTEE_PROFILES)
        bio = f"{story} {goal} I live in {city}."
    membership = Membership.create(
        program=program, user=user, role=role, state=Membership.PENDING if pending else Membership.APPROVED,
        headline=headline, bio=bio, consent_sensitive=rng.random() < 0.6, created_at=applied,
        capacity=(3 if number == 1 else rng.randint(1, 3)) if role == Membership.MENTOR else None,
        submitted_at=applied, decided_at=None if pending else applied + timedelta(days=2))
    response = Response.create(questionnaire=questionnaire_of(program, role), user=user, membership=membership,
                               updated_at=applied)
    theirs = people.person(fits).answers if fits else {}
    values = {q.id: _answer(rng, q, zone, goal, theirs.get(q.counterpart_id)) for q in Question.of(program, role)}
    Answer.insert_many([{"response": response, "question": question_id, "value": value}
                        for question_id, value in values.items() if value is not None]).execute()
    return membership


def _answer(rng, question, zone, goal, theirs):
    """A plausible answer; when the mentor-to-be's answer to the question it is compared with is given, one that
    shares some of it."""
    keys = [choice["key"] for choice in question.choices]
    if question.key == "languages":
        return ["english"] + rng.sample(keys[1:], rng.choice((0, 0, 1)))
    if question.sensitive and rng.random() < 0.5:
        return None
    if question.kind == engine.SINGLE:
        return rng.choice(keys)
    if question.kind == engine.MULTIPLE:
        chosen = set(rng.sample(keys, rng.randint(1, min(3, len(keys)))))
        if theirs and question.matching == Question.PAIRED:
            chosen = {rng.choice(theirs if isinstance(theirs, list) else [theirs])} | set(list(chosen)[:1])
        return [key for key in keys if key in chosen]
    if question.kind == engine.SCALE:
        return rng.randint(1, 5)
    if question.kind == engine.LONG_TEXT:
        return goal or rng.choice(MOTIVATION)
    if question.kind == engine.AVAILABILITY:
        blocks = rng.sample([f"{day}-{block}" for day in engine.DAYS for block in engine.BLOCKS], rng.randint(3, 8))
        hours = set(engine.clean(question, blocks, zone, clock.now().date()))
        return sorted(hours | set((theirs or [])[:4]))
    return None


def _story(rng, program, mentors, mentees, coordinator, now):
    """The pairs, requests, sessions, feedback and goals of the program so far, and its events."""
    rules = people.rules_of(program.id)
    for mentee, mentor, days in DECLINED:
        _request(rng, mentees[mentee], mentors[mentor], now - timedelta(days=days), MentorRequest.DECLINED)
    for stage in STORY:
        mentee, mentor = mentees[stage.mentee], mentors[stage.mentor]
        score, _, _ = scoring.explain(rules, people.person(mentee), people.person(mentor))
        pair = _pair(rng, stage, mentee, mentor, score, now)
        _meet(rng, pair, stage, now)
        if stage.mentor == 1:
            _agendas_notes_and_goals(pair, now)
        elif stage.state == Pair.ACTIVE and not stage.low:
            Goal.create(pair=pair, title="Agree on a first goal for the next three months", position=1,
                        state=Goal.IN_PROGRESS, created_by=mentee.user, created_at=pair.activated_at)
    for mentee, mentor, days in WAITING:
        _request(rng, mentees[mentee], mentors[mentor], now - timedelta(days=days))
    _events(program, coordinator, now)


def _request(rng, mentee, mentor, asked, state=MentorRequest.OPEN, pair=None):
    answered = None if state == MentorRequest.OPEN else asked + timedelta(days=2)
    return MentorRequest.create(program=mentee.program, mentee=mentee, mentor=mentor, message=rng.choice(ASKING),
                                state=state, created_at=asked, answered_at=answered, pair=pair,
                                expires_at=asked + timedelta(days=mentee.program.reply_days),
                                decline_reason="time" if state == MentorRequest.DECLINED else "")


def _pair(rng, stage, mentee, mentor, score, now):
    made = now - timedelta(days=stage.made)
    proposal = stage.state == Pair.PROPOSED
    ended = stage.state == Pair.ENDED
    pair = Pair.create(
        program=mentee.program, mentee=mentee, mentor=mentor, state=stage.state, score=score, created_at=made,
        origin="proposal" if proposal else "request", mentor_says="yes" if proposal else "",
        activated_at=now - timedelta(days=stage.active) if stage.active else None,
        paused_at=now - timedelta(days=stage.stopped) if stage.state == Pair.PAUSED else None,
        ended_at=now - timedelta(days=stage.stopped) if ended else None, end_kind=stage.end_kind,
        end_reason=stage.end_reason, ended_by=mentee.user if ended else None)
    if not proposal:
        _request(rng, mentee, mentor, made - timedelta(days=2), MentorRequest.ACCEPTED, pair)
    return pair


def _local_evening(zone, days_ago, now):
    """18:00 in `zone` on the local day `days_ago` days before today (negative: after)."""
    day = (now - timedelta(days=days_ago)).astimezone(ZoneInfo(zone)).date()
    return datetime.combine(day, time(18), ZoneInfo(zone)).astimezone(UTC)


def _meet(rng, pair, stage, now):
    """The pair's introduction, then check-ins every CADENCE days until the program ends (or until it stopped
    meeting), each past one with both people's feedback."""
    if stage.state == Pair.PROPOSED:
        return
    mentor, link = pair.mentor.user, "https://meet.example.org/open-source-circle"
    introduced = stage.made - 3 if stage.introduced is None else stage.introduced
    sessions = add_sessions(pair, mentor, [_local_evening(mentor.timezone, introduced, now)], "Introduction", 45, link)
    if stage.first_check_in is not None:
        first = _local_evening(mentor.timezone, stage.first_check_in, now)
        last = (datetime.combine(pair.program.ends_on, time(23), UTC) if stage.stopped is None
                else _local_evening(mentor.timezone, stage.stopped, now))
        starts = [start for start in ical.occurrences(first, mentor.timezone, "weekly", 2, count=14) if start <= last]
        sessions += add_sessions(pair, mentor, starts, "Check-in", 60, link, "weekly", interval=2, count=len(starts))
    past = [meeting for meeting in sessions if meeting.ends_at < now]
    for meeting in sessions:
        for person in (pair.mentee.user, mentor):
            Rsvp.create(meeting=meeting, user=person, answer=Rsvp.ACCEPTED, updated_at=pair.created_at)
    for number, meeting in enumerate(past):
        meeting.feedback_asked_at = meeting.ends_at
        meeting.save()
        for person, role in ((pair.mentee.user, "mentee"), (mentor, "mentor")):
            rating = 2 if stage.low and role == "mentee" and number else rng.randint(4, 5)
            unanswered = meeting is past[-1] and stage.mentor == 1 and role == "mentor"  # mentor1 has a form to fill
            _feedback(pair, meeting, person, role, Feedback.SESSION, meeting.ends_at,
                      None if unanswered else {"took_place": "yes", "usefulness": rating,
                                               "went_well": rng.choice(WENT_WELL)})
    _check_ins(rng, pair, stage, now)


WENT_WELL = ("We made a clear plan for the next two weeks.", "Honest feedback on my draft; very helpful.",
             "We talked through a hard conversation I have to have at work.", "Good questions that made me think.")


def _check_ins(rng, pair, stage, now):
    """The check-in survey every four weeks of working together, answered by both."""
    if pair.activated_at is None:
        return
    asked = pair.activated_at + timedelta(weeks=4)
    stopped = now - timedelta(days=stage.stopped) if stage.stopped else now
    while asked < stopped:
        for person, role in ((pair.mentee.user, "mentee"), (pair.mentor.user, "mentor")):
            satisfaction = 2 if stage.low and role == "mentee" else rng.randint(4, 5)
            _feedback(pair, None, person, role, Feedback.CHECK_IN, asked,
                      {"satisfaction": satisfaction, "as_planned": "yes" if satisfaction > 2 else "mostly"})
        asked += timedelta(weeks=4)


def _feedback(pair, meeting, person, role, kind, asked, answers):
    """A form asked for at `asked`, answered a few hours later with `answers` (by question key), or not yet."""
    questions = {question.key: question for question in Question.of(pair.program_id, kind)}
    answered = asked + timedelta(hours=3) if answers is not None else None
    answers = answers or {}
    Feedback.create(program=pair.program_id, pair=pair, meeting=meeting, user=person, role=role, kind=kind,
                    asked_at=asked, submitted_at=answered, shared=role == "mentee" and kind == Feedback.SESSION,
                    answers={str(questions[key].id): value for key, value in answers.items() if key in questions},
                    rating=answers.get("usefulness", answers.get("satisfaction")),
                    took_place=answers.get("took_place", ""))


NOTES = ("We got to know each other and agreed on two goals: a first talk at a meetup, and reviewing pull "
         "requests with confidence.",
         "Outlined the talk together. Next: a first draft of the slides.",
         "Went through the slides; the story is clear now. Next: rehearse the opening.")
AGENDAS = (("Introductions", "What I hope to get out of mentoring"),
           ("Talk outline", "How to review a large pull request"),
           ("Slides: first draft", "Practise the opening"),
           ("Rehearsal", "Questions the audience may ask"))


def _agendas_notes_and_goals(pair, now):
    """mentor1's pair keeps agendas and shared notes, and works toward two goals (one reached)."""
    meetings = list(Meeting.select().where(Meeting.pair == pair).order_by(Meeting.starts_at))
    for number, meeting in enumerate(meetings[:len(AGENDAS)]):
        held = meeting.starts_at < now
        if held and number < len(NOTES):
            meeting.shared_notes, meeting.carried_over_at = NOTES[number], meeting.ends_at
            meeting.save()
        for position, text in enumerate(AGENDAS[number], 1):
            AgendaItem.create(meeting=meeting, text=text, position=position, done=held, added_by=pair.mentor.user,
                              created_at=meeting.starts_at - timedelta(days=2))
    talk = Goal.create(pair=pair, title="Give a first talk at a meetup", why="To share what I learn, and grow "
                       "confident speaking", position=1, state=Goal.IN_PROGRESS, created_by=pair.mentee.user,
                       created_at=pair.activated_at, target_date=pair.program.ends_on)
    for position, (text, done_days_ago) in enumerate((("Choose a topic", 40), ("Outline the talk", 26),
                                                      ("Rehearse with my mentor", None)), 1):
        Milestone.create(goal=talk, text=text, position=position,
                         done_at=now - timedelta(days=done_days_ago) if done_days_ago else None)
    Goal.create(pair=pair, title="Review a large pull request with confidence", position=2, state=Goal.DONE,
                done_at=now - timedelta(days=20), created_by=pair.mentee.user, created_at=pair.activated_at)


def _events(program, coordinator, now):
    """The kick-off on the first day, and a get-together half way through the program."""
    zone, planned = ZoneInfo("Europe/Berlin"), now - timedelta(weeks=WEEKS_UNDER_WAY + 1)
    for title, day, link in (("Kick-off: meet the whole circle", program.starts_on, "kickoff"),
                             ("Half-way get-together", program.starts_on + timedelta(weeks=13), "halfway")):
        starts = datetime.combine(day, time(17), zone).astimezone(UTC)
        Meeting.create(program=program, uid=new_uid(), organizer=coordinator, title=title, starts_at=starts,
                       duration_minutes=60, timezone="Europe/Berlin", audience="all", created_at=planned,
                       location=f"https://meet.example.org/open-source-circle-{link}")
