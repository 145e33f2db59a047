"""Feedback: the forms people are asked to fill in after each session, every few weeks (check-ins) and at the end,
built with the questionnaire engine; their answers go to the coordinators, comments to the partner when shared."""
from datetime import timedelta

import peewee as pw

from mentoring import clock, privacy, signed
from mentoring.db import Prepared, db
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError, NotFound
from mentoring.models import Feedback, Meeting, Pair, Program, Question, Questionnaire, User
from mentoring.pairs.service import when_stopped
from mentoring.questionnaires import engine
from mentoring.questionnaires.service import FEEDBACK_PURPOSES, PURPOSES, AnswersInvalid
from mentoring.web import external_url

LINK_DAYS = 30  # an emailed form can be answered for this long
SESSION_WINDOW = timedelta(days=3)  # sessions that ended longer ago than this are not asked about any more
SUBJECTS = {Feedback.SESSION: "How was your session with {partner}?",
            Feedback.CHECK_IN: "How is your mentoring going? (a 2-minute check-in)",
            Feedback.FINAL: "Your mentoring with {partner}: a last look back"}
COMMENT_KINDS = (engine.SHORT_TEXT, engine.LONG_TEXT)
ALREADY_SENT = "You already sent this form. Thank you!"


def questions_for(program_id, kind):
    """The form's questions, in order."""
    return list(Question.of(program_id, kind))


def _ask(pair, kind, meeting=None, now=None):
    """Ask both people of the pair for a form, by email (with a link that needs no log-in) and on their dashboard."""
    now = now or clock.now()
    for side, member in (("mentee", pair.mentee), ("mentor", pair.mentor)):
        partner = pair.mentor.user if side == "mentee" else pair.mentee.user
        feedback = Feedback.create(program=pair.program_id, pair=pair, meeting=meeting, user=member.user_id,
                                   role=side, kind=kind, asked_at=now)
        queue_email(member.user, "feedback_request", SUBJECTS[kind].format(partner=partner.name),
                    preference="feedback", feedback=feedback, kind=kind, partner=partner, meeting=meeting,
                    zone=member.user.timezone, link=link_for(feedback), program=pair.program)


def link_for(feedback):
    """The emailed form's address: signed for its person, good for LINK_DAYS."""
    token = signed.dumps("feedback", feedback.asked_at + timedelta(days=LINK_DAYS), f=feedback.id,
                         u=feedback.user_id)
    return external_url("feedback.answer_by_link", token=token)


def read_link(token):
    """The feedback a link is for; DomainError when the link is altered or too old."""
    feedback_id, user_id = signed.loads("feedback", token, "f", "u",
                                        expired="This form has closed: it could be answered for a month.")
    feedback = Feedback.get_or_none(Feedback.id == feedback_id, Feedback.user == user_id)
    if feedback is None:
        raise DomainError("This form is no longer there.")
    return feedback


def feedback_for(feedback_id, user):
    """One of the person's own forms (anyone else: NotFound)."""
    feedback = Feedback.get_or_none(Feedback.id == feedback_id, Feedback.user == user.id)
    if feedback is None:
        raise NotFound()
    return feedback


def ask_after_sessions(now=None):
    """Both people of each pair session that has just ended are asked how it went (once)."""
    now = now or clock.now()
    asked = 0
    with db.atomic():
        ended = (Meeting.select(Meeting, Pair).join(Pair)
                 .where(Meeting.feedback_asked_at.is_null(), ~Meeting.cancelled, Pair.state.in_(Pair.MEETING),
                        Meeting.starts_at < now, Meeting.starts_at > now - SESSION_WINDOW - timedelta(hours=4)))
        for meeting in ended:
            if meeting.ends_at > now:
                continue
            _ask(meeting.pair, Feedback.SESSION, meeting=meeting, now=now)
            meeting.feedback_asked_at = now
            meeting.save(only=[Meeting.feedback_asked_at])
            asked += 1
    return asked


def ask_check_ins(now=None):
    """Pairs that are meeting get the check-in survey every `checkin_weeks` weeks of their program."""
    now = now or clock.now()
    asked = 0
    with db.atomic():
        pairs = (Pair.select(Pair, Program).join(Program)
                 .where(Pair.state == Pair.ACTIVE, Program.checkin_weeks > 0, Pair.activated_at.is_null(False)))
        last = dict(Feedback.select(Feedback.pair, pw.fn.MAX(Feedback.asked_at))
                    .where(Feedback.kind == Feedback.CHECK_IN).group_by(Feedback.pair).tuples())
        for pair in pairs:
            since = max(pair.activated_at, last.get(pair.id) or pair.activated_at)
            if now - since >= timedelta(weeks=pair.program.checkin_weeks):
                _ask(pair, Feedback.CHECK_IN, now=now)
                asked += 1
    return asked


def ask_final_at_program_end(now=None):
    """When a program's end date has passed, its pairs still meeting get the end-of-program survey (once)."""
    now = now or clock.now()
    asked = 0
    with db.atomic():
        done = Feedback.select(Feedback.pair).where(Feedback.kind == Feedback.FINAL)
        for pair in (Pair.select(Pair, Program).join(Program)
                     .where(Program.ends_on < now.date(), Pair.state.in_(Pair.MEETING + (Pair.PAUSED,)),
                            Pair.activated_at.is_null(False), Pair.id.not_in(done))):
            _ask(pair, Feedback.FINAL, now=now)
            asked += 1
    return asked


@when_stopped
def ask_final_when_pair_ends(pair):
    """A pair that ends after working together is asked for the end-of-program survey (once)."""
    if pair.state == Pair.ENDED and pair.activated_at is not None and not (
            Feedback.select().where(Feedback.pair == pair, Feedback.kind == Feedback.FINAL).exists()):
        _ask(pair, Feedback.FINAL)


def answer(feedback, raw, shared, zone):
    """Check and keep a form's answers (raw strings per question id); the rating, whether the session took place
    and the recommendation are kept apart for the board and the report."""
    if feedback.submitted_at is not None:
        raise DomainError(ALREADY_SENT)
    questions = questions_for(feedback.program_id, feedback.kind)
    values, errors = {}, {}
    for question in questions:
        try:
            values[question.id] = engine.clean(question, raw.get(question.id, []), zone, clock.now().date())
        except engine.AnswerError as error:
            errors[question.id] = str(error)
    if errors:
        raise AnswersInvalid(errors)
    by_key = {question.key: values[question.id] for question in questions}
    fields = dict(answers={str(question_id): value for question_id, value in values.items() if value is not None},
                  rating=by_key.get("usefulness") if feedback.kind == Feedback.SESSION else by_key.get("satisfaction"),
                  took_place=by_key.get("took_place") or "", recommend=by_key.get("recommend"),
                  shared=bool(shared) and feedback.kind == Feedback.SESSION, submitted_at=clock.now())
    with db.atomic():
        sent = (Feedback.update(**fields)  # only while unanswered: of two sent at once, the first counts
                .where(Feedback.id == feedback.id, Feedback.submitted_at.is_null())
                .execute())
        if not sent:
            raise DomainError(ALREADY_SENT)
    for name, value in fields.items():
        setattr(feedback, name, value)
    return feedback


def waiting_for(user):
    """The person's forms still to answer (asked within LINK_DAYS), newest first, for their dashboard."""
    return list(Feedback.select(Feedback, Meeting).join(Meeting, pw.JOIN.LEFT_OUTER)
                .where(Feedback.user == user.id, Feedback.submitted_at.is_null(),
                       Feedback.asked_at > clock.now() - timedelta(days=LINK_DAYS))
                .order_by(Feedback.asked_at.desc()))


def comments(feedback, questions):
    """[(question, text)] of the written answers, the part a person may share with their partner."""
    return [(question, feedback.answers[str(question.id)]) for question in questions
            if question.kind in COMMENT_KINDS and str(question.id) in feedback.answers]


def after_session(user, meeting):
    """(what the partner chose to share after this session: [(question, text)] or [], the person's own form about it
    still to answer or None), read in one query."""
    forms = _AFTER_SESSION(meeting.id, user.id)
    mine = next((form for form in forms if form.user_id == user.id), None)
    theirs = next((form for form in forms if form.user_id != user.id), None)
    shared = comments(theirs, questions_for(meeting.program_id, Feedback.SESSION)) if theirs else []
    return shared, mine


_AFTER_SESSION = Prepared(lambda meeting_id, user_id: Feedback.select(Feedback.id, Feedback.user, Feedback.answers)
                          .where(Feedback.meeting == meeting_id,
                                 (Feedback.user == user_id) & Feedback.submitted_at.is_null()
                                 | (Feedback.user != user_id) & Feedback.shared & Feedback.submitted_at.is_null(False))
                          .order_by(Feedback.id))


def answered_by_pair(pair, limit=20):
    """The pair's latest answered forms for its coordinators: [(form, [(question, answer in words)])]."""
    questions = {str(question.id): question for question in
                 Question.select().join(Questionnaire)
                 .where(Questionnaire.program == pair.program_id, Questionnaire.purpose.in_(FEEDBACK_PURPOSES))}
    forms = (Feedback.select(Feedback, User).join(User)
             .where(Feedback.pair == pair.id, Feedback.submitted_at.is_null(False))
             .order_by(Feedback.submitted_at.desc()).limit(limit))
    return [(form, [(questions[key], engine.display(questions[key], value)) for key, value in form.answers.items()
                    if key in questions]) for form in forms]


def title_of(feedback):
    return PURPOSES[feedback.kind]


@privacy.exporter("feedback")
def export_feedback(user):
    """The forms the person was asked for and what they answered."""
    labels = {}
    rows = []
    for feedback in Feedback.select().where(Feedback.user == user.id).order_by(Feedback.asked_at):
        if feedback.program_id not in labels:
            labels[feedback.program_id] = {str(q.id): q.label for q in Question.select().join(Questionnaire)
                                           .where(Questionnaire.program == feedback.program_id)}
        rows.append({"form": title_of(feedback), "asked_at": feedback.asked_at.isoformat(),
                     "answered_at": feedback.submitted_at.isoformat() if feedback.submitted_at else None,
                     "shared_with_partner": feedback.shared,
                     "answers": {labels[feedback.program_id].get(key, key): value
                                 for key, value in feedback.answers.items()}})
    return rows
