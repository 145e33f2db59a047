"""The coordinators' weekly digest: new applicants, stalled pairs, unanswered requests and goals reached, written
so it can be read without logging in, with links for what needs doing."""
from datetime import timedelta

from mentoring import clock
from mentoring.coordinate import flags, health
from mentoring.db import db
from mentoring.email.outbox import queue_email
from mentoring.models import Coordinator, Goal, Membership, Pair, Program, User
from mentoring.web import external_url

EVERY = timedelta(days=7)
LISTED = 10


def send_due(now=None):
    """Send each running program's digest to its coordinators, once a week; returns how many were sent."""
    now = now or clock.now()
    sent = 0
    with db.atomic():
        for program in Program.select().where(Program.state.in_((Program.OPEN, Program.MATCHING, Program.RUNNING))):
            if program.digest_sent_at is not None and now - program.digest_sent_at < EVERY - timedelta(hours=1):
                continue
            since = program.digest_sent_at or now - EVERY
            digest = contents(program, since, now)
            for coordinator in (User.select().join(Coordinator, on=(Coordinator.user == User.id))
                                .where(Coordinator.program == program.id)):
                sent += queue_email(coordinator, "weekly_digest", f"{program.name}: your week in mentoring",
                                    preference="program", program=program, **digest) is not None
            program.digest_sent_at = now
            program.save(only=[Program.digest_sent_at])
    return sent


def contents(program, since, now):
    """What happened in the program since `since`, and what needs the coordinators now."""
    board = health.board_of(program)
    applicants = list(Membership.select(Membership, User).join(User)
                      .where(Membership.program == program.id, Membership.submitted_at > since)
                      .order_by(Membership.submitted_at))
    goals = list(Goal.select(Goal, Pair).join(Pair)
                 .where(Pair.program == program.id, Goal.state == Goal.DONE, Goal.done_at > since)
                 .order_by(Goal.done_at))
    return {
        "applicants": applicants[:LISTED], "applicant_count": len(applicants),
        "pending": sum(1 for member in applicants if member.state == Membership.PENDING),
        "stalled": [row for row in board.rows if flags.STALLED in row.flags or flags.NEVER_MET in row.flags][:LISTED],
        "stalled_count": board.counts[flags.STALLED] + board.counts[flags.NEVER_MET],
        "low": [row for row in board.rows if flags.LOW_RATING in row.flags][:LISTED],
        "unanswered": board.unanswered[:LISTED], "unanswered_count": len(board.unanswered),
        "waiting": len(board.waiting_mentees), "goals": goals[:LISTED], "goal_count": len(goals),
        "links": {"applicants": external_url("coordinate.applicants", slug=program.slug, state="pending"),
                  "board": external_url("coordinate.board", slug=program.slug),
                  "flagged": external_url("coordinate.board", slug=program.slug, show="flagged"),
                  "matching": external_url("coordinate.matching_console", slug=program.slug),
                  "report": external_url("coordinate.report", slug=program.slug)},
        "since": since, "now": now,
    }
