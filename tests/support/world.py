"""A world for crawls of every URL: two programs with their coordinators, a participant and a stranger, an object of
every kind, and a value for every URL part; the form fields a crawl fills."""
import io
from datetime import timedelta

from flask import url_for

from mentoring import clock
from mentoring.conversations import files
from mentoring.models import (
    AgendaItem,
    DiscussionPost,
    DiscussionThread,
    Feedback,
    Goal,
    InboundMessage,
    MatchConstraint,
    MatchRun,
    Meeting,
    MentorRequest,
    Message,
    Milestone,
    OutboxEmail,
    Pair,
    ProblemReport,
    Question,
    Resource,
)

FIELDS = ["name", "email", "password", "timezone", "remember", "current_password", "confirm", "understood",
          "requests", "back", "label", "help", "section", "kind", "required", "sensitive", "new_choices", "matching",
          "counterpart", "weight", "direction", "confirmed", "headline", "bio", "video_link", "capacity",
          "consent_sensitive", "message", "decision", "membership", "description", "goals", "guidelines",
          "starts_on", "ends_on", "cadence_days", "checkin_weeks", "default_capacity", "max_capacity",
          "max_open_requests",
          "requires_approval", "allows_both_roles", "state", "csv_text", "action", "q1", "q2", "q3", "title", "day",
          "at", "duration", "location", "repeat", "count", "until_program_end", "audience", "following", "scope",
          "answer", "note", "text", "link", "body", "tags", "stage", "questions", "mentors_read_guide",
          "discussion_board", "announcement", "reason"]


def build_world(app, mailbox, make_user, make_program, join, make_pair):
    """Two programs with their coordinators, a participant, a stranger, and a value for every URL part."""
    admin = make_user(name="Admin", admin=True)
    coordinator, other_coordinator = make_user(name="Coordinator"), make_user(name="Other coordinator")
    participant, stranger = make_user(name="Participant"), make_user(name="Stranger")
    program = make_program(name="Ours", coordinators=[coordinator])
    other = make_program(name="Theirs", coordinators=[other_coordinator])
    membership = join(participant, program, "mentee", state="approved")
    mentor = join(make_user(name="Mentor"), program, "mentor", state="approved")
    asking = join(make_user(name="Asking mentee"), program, "mentee", state="approved")
    foreign_membership = join(make_user(), other, "mentee", state="pending")
    pair = make_pair(program, membership, mentor, state=Pair.INTRODUCTION)
    request = MentorRequest.create(program=program, mentee=asking, mentor=mentor, message="Hello",
                                   expires_at=clock.now() + timedelta(days=14))
    each = {"matched": 1, "total": 50, "mean": 50.0, "lowest": 50, "unmatched": 1}
    run = MatchRun.create(program=program, state=MatchRun.DONE,
                          rows=[{"mentee": asking.id, "mentor": mentor.id, "score": 50}],
                          unmatched={"mentees": {str(membership.id): "Every mentor who fits them is full: Mentor."},
                                     "mentors": {}},
                          comparison={"most_pairs": each, "fairest": each,
                                      "highest_total": {**each, "matched": 0, "mean": 0.0, "unmatched": 2}})
    constraint = MatchConstraint.create(program=program, mentee=asking, mentor=mentor, kind="block")
    meeting = Meeting.create(program=program, pair=pair, uid="world@mentoring", title="Check-in", timezone="UTC",
                             starts_at=clock.now() + timedelta(days=2), duration_minutes=60)
    item = AgendaItem.create(meeting=meeting, text="Goals", position=1)
    goal = Goal.create(pair=pair, title="Speak at a meetup", position=1)
    milestone = Milestone.create(goal=goal, text="Write the abstract", position=1)
    report = ProblemReport.create(program=program, reporter=participant, pair=pair, about=mentor, text="Rude")
    message = Message.create(pair=pair, sender=participant, text="Hello", version=1)
    inbound = InboundMessage.create(fingerprint="kept@example.org", raw=b"From: someone@example.org\r\n\r\nHello?",
                                    sender="someone@example.org", kind="reply", outcome=InboundMessage.KEPT,
                                    note="It answers nothing the app sent (no token in its address).")
    thread = DiscussionThread.create(program=program, author=participant, title="Hello all", posts=1)
    post = DiscussionPost.create(thread=thread, author=mentor.user, text="Welcome")
    feedback = Feedback.create(program=program, pair=pair, meeting=meeting, user=participant, role="mentee",
                               kind=Feedback.SESSION)
    with app.app_context():
        shared = files.upload(pair, participant, "notes.txt", io.BytesIO(b"Notes"), 1024, 1024)
    app.test_client().submit("/password/forgot", {"email": stranger.email})
    reset = mailbox.wait_for(stranger.email)[0].link_containing("/password/reset/").rsplit("/", 1)[1]
    return {
        "people": {"admin": admin, "coordinator": coordinator, "other coordinator": other_coordinator,
                   "participant": participant, "stranger": stranger},
        "values": {"slug": program.slug, "purpose": "mentee", "role": "mentee", "number": "1", "token": reset,
                   "question_id": Question.of(program, "mentee").first().id, "membership_id": membership.id,
                   "user_id": coordinator.id, "email_id": OutboxEmail.select().first().id, "pair_id": pair.id,
                   "request_id": request.id, "run_id": run.id, "constraint_id": constraint.id,
                   "meeting_id": meeting.id, "item_id": item.id, "reply": "accepted", "goal_id": goal.id,
                   "milestone_id": milestone.id, "message_id": message.id, "inbound_id": inbound.id,
                   "report_id": report.id,
                   "feedback_id": feedback.id, "action": "pause", "name": "members", "file_id": shared.id,
                   "thread_id": thread.id, "post_id": post.id, "version": "0123456789ab", "size": 64,
                   "resource_id": Resource.guide(program, Resource.MENTEE_GUIDE).id},
        "foreign": {"question_id": Question.of(other, "mentee").first().id, "membership_id": foreign_membership.id,
                    "run_id": MatchRun.create(program=other).id,
                    "report_id": ProblemReport.create(program=other, reporter=stranger, text="Elsewhere").id,
                    "resource_id": Resource.guide(other, Resource.MENTEE_GUIDE).id},
    }


def url(app, rule, values):
    """The path of `rule` with each of its parts taken from `values`."""
    with app.test_request_context():
        return url_for(rule.endpoint, **{argument: values[argument] for argument in rule.arguments})
