"""The program's report: how many applied, matched and met, goals reached, how satisfied each side is, and
sessions week by week; as figures, tables and server-drawn charts."""
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

import peewee as pw
from markupsafe import Markup

from mentoring.coordinate import charts
from mentoring.coordinate.snapshots import Snapshots
from mentoring.models import Feedback, Goal, Meeting, Membership, Milestone, Pair
from mentoring.questionnaires.engine import RECOMMEND_VALUES, SCALE_VALUES

WEEKS_SHOWN = 26
ROLES = {"mentee": "Mentees", "mentor": "Mentors"}


@dataclass
class Figures:
    """A program's report as gathered, kept until the program changes."""

    members: Counter  # "applied", and how many members are in each state
    pairs: list  # (state, end kind, activated at, score)
    sessions: list  # the starts of the pairs' sessions not cancelled, in order
    goals_reached: int
    milestones_reached: int
    answered: list  # (kind, role, rating, took place, recommend) of each form sent back


@dataclass
class Report:
    """What the report says at a moment."""

    figures: list  # (label, value)
    satisfaction: list  # (side, average or None, how many answered)
    ratings: list  # (rating, how many sessions were given it)
    scores: list  # (score range, pairs)
    weekly: list  # (week starting, sessions held)
    recommend: dict  # answered, average, promoters, passives, detractors, score
    charts: dict = field(default_factory=dict)
    html: Markup | None = None  # the report's body as written the first time it is shown (it is the same to all)


def _gather(program):
    members = Counter()
    for state, count, applied in (Membership.select(Membership.state, pw.fn.COUNT(Membership.id),
                                                   pw.fn.COUNT(Membership.submitted_at))
                                  .where(Membership.program == program.id)
                                  .group_by(Membership.state).tuples()):
        members["applied"] += applied
        members[state] += count
    pairs = list(Pair.select(Pair.state, Pair.end_kind, Pair.activated_at, Pair.score)
                 .where(Pair.program == program.id).tuples())
    sessions = [Meeting.starts_at.python_value(start) for (start,) in
                Meeting.select(Meeting.starts_at)
                .where(Meeting.program == program.id, Meeting.pair.is_null(False), ~Meeting.cancelled)
                .order_by(Meeting.starts_at).tuples()]
    goals_reached = (Goal.select(pw.fn.COUNT(Goal.id)).join(Pair)
                     .where(Pair.program == program.id, Goal.state == Goal.DONE).scalar())
    milestones_reached = (Milestone.select(pw.fn.COUNT(Milestone.id)).join(Goal).join(Pair)
                          .where(Pair.program == program.id, Milestone.done_at.is_null(False)).scalar())
    answered = list(Feedback.select(Feedback.kind, Feedback.role, Feedback.rating, Feedback.took_place,
                                    Feedback.recommend)
                    .where(Feedback.program == program.id, Feedback.submitted_at.is_null(False)).tuples())
    return Figures(members, pairs, sessions, goals_reached or 0, milestones_reached or 0, answered)


def _report_as_of(gathered, now):
    """What the figures say at `now`, and the first moment they can say something else: the next session's start,
    or the next week."""
    held_count = bisect_right(gathered.sessions, now)  # a session is held from the moment it starts
    held, members, pairs, answered = gathered.sessions[:held_count], gathered.members, gathered.pairs, \
        gathered.answered
    made = [pair for pair in pairs if pair[1] != "declined"]
    not_met = sum(1 for kind, _, _, took_place, _ in answered
                  if kind == Feedback.SESSION and took_place in ("no_show", "rescheduled"))
    report = Report(
        figures=[("Applied", members["applied"]), ("Approved", members[Membership.APPROVED]),
                 ("Pairs made", len(made)), ("Pairs active now", sum(1 for pair in pairs if pair[0] == Pair.ACTIVE)),
                 ("Pairs completed", sum(1 for pair in pairs if pair[1] == "completed")),
                 ("Sessions held", len(held)), ("Sessions reported as not held", not_met),
                 ("Goals reached", gathered.goals_reached), ("Milestones reached", gathered.milestones_reached)],
        satisfaction=_satisfaction(answered), ratings=_ratings(answered), scores=_scores(made),
        weekly=_weekly(held, now), recommend=_recommend(answered))
    report.charts = {
        "weekly": Markup(charts.bar_chart("Sessions held per week", report.weekly, "Week starting", "Sessions held",
                                          label_every=4)),
        "ratings": Markup(charts.bar_chart("How useful sessions were, from 1 to 5", report.ratings,
                                           "Rating, from 1 to 5", "Sessions")),
        "scores": Markup(charts.bar_chart("Match scores of the pairs made", report.scores, "Match score (0 to 100)",
                                          "Pairs")),
    }
    next_session = gathered.sessions[held_count] if held_count < len(gathered.sessions) else None
    next_week = datetime.combine(now.date() + timedelta(days=7 - now.weekday()), time(), tzinfo=UTC)
    return report, min(next_session or next_week, next_week)


def _satisfaction(answered):
    """Average check-in satisfaction of each side."""
    found = []
    for role, label in ROLES.items():
        values = [rating for kind, side, rating, _, _ in answered
                  if kind == Feedback.CHECK_IN and side == role and rating is not None]
        found.append((label, round(sum(values) / len(values), 1) if values else None, len(values)))
    return found


def _ratings(answered):
    counts = Counter(rating for kind, _, rating, _, _ in answered if kind == Feedback.SESSION and rating is not None)
    return [(value, counts.get(value, 0)) for value in SCALE_VALUES]


def _scores(made):
    counts = Counter(min(score // 10, 9) for _, _, _, score in made if score is not None)
    return [(f"{bucket * 10}–{bucket * 10 + 9 if bucket < 9 else 100}", counts.get(bucket, 0)) for bucket in range(10)]


def _weekly(held, now):
    """Sessions held in each of the last WEEKS_SHOWN weeks (weeks start on Monday)."""
    this_monday = (now - timedelta(days=now.weekday())).date()
    first = this_monday - timedelta(weeks=WEEKS_SHOWN - 1)
    counts = Counter((start.date() - timedelta(days=start.weekday())) for start in held)
    return [((first + timedelta(weeks=n)).strftime("%d %b"), counts.get(first + timedelta(weeks=n), 0))
            for n in range(WEEKS_SHOWN)]


def _recommend(answered):
    """The 0–10 answers of the end-of-program survey: average, and promoters (9–10) less detractors (0–6)."""
    values = [value for kind, _, _, _, value in answered if kind == Feedback.FINAL and value is not None]
    promoters = sum(1 for value in values if value >= RECOMMEND_VALUES[-2])
    detractors = sum(1 for value in values if value <= 6)
    return {"answered": len(values), "average": round(sum(values) / len(values), 1) if values else None,
            "promoters": promoters, "passives": len(values) - promoters - detractors, "detractors": detractors,
            "score": round(100 * (promoters - detractors) / len(values)) if values else None}


reports = Snapshots(_gather, _report_as_of)
