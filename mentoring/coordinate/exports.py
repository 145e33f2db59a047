"""The program's data as CSV files, holding only what coordinators may see (never a pair's agenda or notes)."""
import csv
import io
import unicodedata

import peewee as pw

from mentoring import clock
from mentoring.models import Feedback, Goal, Meeting, Membership, Pair, Question, Questionnaire, User
from mentoring.questionnaires.service import FEEDBACK_PURPOSES

EXPORTS = {"members": "Members", "pairs": "Pairs", "sessions": "Sessions", "feedback": "Feedback"}


def _iso(moment):
    return moment.isoformat() if moment else ""


def _people():
    """Pairs with both people's names (as mentee_name and mentor_name)."""
    mentee, mentor = Membership.alias(), Membership.alias()
    mentee_user, mentor_user = User.alias(), User.alias()
    query = (Pair.select(Pair, mentee_user.name.alias("mentee_name"), mentor_user.name.alias("mentor_name"))
             .join(mentee, on=(Pair.mentee == mentee.id)).join(mentee_user, on=(mentee.user == mentee_user.id))
             .switch(Pair).join(mentor, on=(Pair.mentor == mentor.id))
             .join(mentor_user, on=(mentor.user == mentor_user.id)))
    return query


def members(program):
    yield ["name", "email", "role", "state", "headline", "applied at (UTC)", "decided at (UTC)"]
    for member in (Membership.select(Membership, User).join(User)
                   .where(Membership.program == program.id).order_by(User.name)):
        email = "" if member.user.is_former_member else member.user.email  # a deleted account's stand-in has none
        yield [member.user.name, email, member.role, member.state, member.headline,
               _iso(member.submitted_at), _iso(member.decided_at)]


def pairs(program):
    yield ["pair", "mentee", "mentor", "state", "made by", "match score", "made at (UTC)", "started at (UTC)",
           "ended at (UTC)", "how it ended", "sessions held", "goals reached"]
    held = dict(Meeting.select(Meeting.pair, pw.fn.COUNT(Meeting.id))
                .where(Meeting.program == program.id, Meeting.pair.is_null(False), ~Meeting.cancelled,
                       Meeting.starts_at < clock.now())
                .group_by(Meeting.pair).tuples())
    goals = dict(Goal.select(Goal.pair, pw.fn.COUNT(Goal.id)).join(Pair)
                 .where(Pair.program == program.id, Goal.state == Goal.DONE).group_by(Goal.pair).tuples())
    for pair in _people().where(Pair.program == program.id).order_by(Pair.id).objects():
        yield [pair.id, pair.mentee_name, pair.mentor_name, pair.state, pair.origin, pair.score or "",
               _iso(pair.created_at), _iso(pair.activated_at), _iso(pair.ended_at), pair.end_kind,
               held.get(pair.id, 0), goals.get(pair.id, 0)]


def sessions(program):
    yield ["pair", "mentee", "mentor", "title", "starts at (UTC)", "minutes", "cancelled",
           "mentee says it took place", "mentor says it took place", "mentee's rating", "mentor's rating"]
    said = {}
    for meeting_id, role, took_place, rating in (Feedback.select(Feedback.meeting, Feedback.role, Feedback.took_place,
                                                                 Feedback.rating)
                                                 .where(Feedback.program == program.id, Feedback.meeting.is_null(False),
                                                        Feedback.submitted_at.is_null(False)).tuples()):
        said[meeting_id, role] = (took_place, rating)
    names = {pair.id: (pair.mentee_name, pair.mentor_name)
             for pair in _people().where(Pair.program == program.id).objects()}
    for meeting in (Meeting.select(Meeting.id, Meeting.pair, Meeting.title, Meeting.starts_at,
                                   Meeting.duration_minutes, Meeting.cancelled)
                    .where(Meeting.program == program.id, Meeting.pair.is_null(False)).order_by(Meeting.starts_at)):
        mentee_said, mentor_said = (said.get((meeting.id, side), ("", "")) for side in ("mentee", "mentor"))
        yield [meeting.pair_id, *names.get(meeting.pair_id, ("", "")), meeting.title, _iso(meeting.starts_at),
               meeting.duration_minutes, "yes" if meeting.cancelled else "", mentee_said[0], mentor_said[0],
               mentee_said[1] or "", mentor_said[1] or ""]


def feedback(program):
    """Every answered form, with a column for each question of the feedback forms."""
    questions = list(Question.select(Question.id, Question.label, Questionnaire.purpose).join(Questionnaire)
                     .where(Questionnaire.program == program.id, Questionnaire.purpose.in_(FEEDBACK_PURPOSES))
                     .order_by(Questionnaire.purpose, Question.position).objects())
    yield ["pair", "person", "side", "form", "asked at (UTC)", "answered at (UTC)", "rating", "took place",
           "recommend (0-10)", "comments shared with partner", *[f"{q.purpose}: {q.label}" for q in questions]]
    for answer in (Feedback.select(Feedback, User.name).join(User)
                   .where(Feedback.program == program.id, Feedback.submitted_at.is_null(False))
                   .order_by(Feedback.submitted_at)):
        values = [answer.answers.get(str(q.id), "") for q in questions]
        yield [answer.pair_id, answer.user.name, answer.role, answer.kind, _iso(answer.asked_at),
               _iso(answer.submitted_at), answer.rating or "", answer.took_place, answer.recommend
               if answer.recommend is not None else "", "yes" if answer.shared else "",
               *["; ".join(map(str, value)) if isinstance(value, list) else value for value in values]]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _starts_a_formula(cell):
    """Whether a spreadsheet could take this cell for a formula: it starts with = + - @ (full-width ＝ ＋ － ＠ and
    the other compatibility forms too, which some spreadsheets read as the same), a tab or a carriage return."""
    return isinstance(cell, str) and unicodedata.normalize("NFKC", cell[:1])[:1] in FORMULA_STARTS


def as_csv(rows):
    """CSV text, a line at a time (a spreadsheet reads the UTF-8 mark); text that a spreadsheet would take for
    a formula is quoted with an apostrophe."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    yield "\ufeff"
    for row in rows:
        writer.writerow([f"'{cell}" if _starts_a_formula(cell) else cell for cell in row])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
