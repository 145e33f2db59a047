"""Every table of Mentoring as a peewee model, one module per domain, all importable from here."""
from mentoring.models.auth import AccountToken, SignIn, User
from mentoring.models.base import BaseModel, JSONField, UTCDateTimeField, digest
from mentoring.models.email import OutboxEmail
from mentoring.models.feedback import Feedback
from mentoring.models.guards import RateLimitEvent, Submission
from mentoring.models.matching import HiddenSuggestion, MatchConstraint, MatchRun, MentorRequest
from mentoring.models.meetings import AgendaItem, Meeting, PrivateNote, Rsvp, Series
from mentoring.models.pairs import Goal, Milestone, Pair, ProblemReport
from mentoring.models.programs import AuditLog, Coordinator, Membership, Program, ProgramChange
from mentoring.models.questionnaires import Answer, Question, Questionnaire, Response

MODELS = [User, SignIn, AccountToken, OutboxEmail, RateLimitEvent, Program, Coordinator, Membership,
          Questionnaire, Question, Response, Answer, Pair, MentorRequest, HiddenSuggestion, MatchConstraint, MatchRun,
          Series, Meeting, Rsvp, AgendaItem, PrivateNote, Goal, Milestone, Feedback, ProblemReport, AuditLog,
          ProgramChange, Submission]
