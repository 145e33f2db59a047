"""Every table of Mentoring as a peewee model, one module per domain, all importable from here."""
from mentoring.models.auth import AccountToken, SignIn, User
from mentoring.models.base import BaseModel, JSONField, UTCDateTimeField, digest
from mentoring.models.conversations import Conversation, ConversationRead, Message
from mentoring.models.discussions import BoardFile, DiscussionPost, DiscussionRead, DiscussionThread
from mentoring.models.email import OutboxEmail
from mentoring.models.feedback import Feedback
from mentoring.models.files import PairFile
from mentoring.models.guards import RateLimitEvent, Submission
from mentoring.models.inbound import InboundMessage
from mentoring.models.library import Icebreaker, Resource, ResourceFile, ResourceRead
from mentoring.models.matching import HiddenSuggestion, MatchConstraint, MatchRun, MentorRequest, RequestNote
from mentoring.models.meetings import AgendaItem, Meeting, PrivateNote, Rsvp, Series
from mentoring.models.pairs import Goal, Milestone, Pair, ProblemReport
from mentoring.models.programs import AuditLog, Coordinator, Membership, Program, ProgramChange
from mentoring.models.questionnaires import Answer, Question, Questionnaire, Response

__all__ = ["MODELS", "AccountToken", "Answer", "AgendaItem", "AuditLog", "BaseModel", "Conversation",
           "ConversationRead", "Coordinator", "Feedback", "Goal", "Message",
           "HiddenSuggestion", "JSONField", "MatchConstraint", "MatchRun", "Meeting", "Membership", "MentorRequest",
           "Milestone", "OutboxEmail", "Pair", "PrivateNote", "ProblemReport", "Program", "ProgramChange", "Question",
           "Questionnaire", "RateLimitEvent", "Response", "Rsvp", "Series", "SignIn", "Submission", "User",
           "UTCDateTimeField", "digest", "Icebreaker", "Resource", "ResourceFile", "ResourceRead", "PairFile",
           "DiscussionThread", "DiscussionPost", "DiscussionRead", "BoardFile", "InboundMessage",
           "RequestNote"]

MODELS = [User, SignIn, AccountToken, OutboxEmail, RateLimitEvent, Program, Coordinator, Membership,
          Questionnaire, Question, Response, Answer, Pair, MentorRequest, HiddenSuggestion, MatchConstraint, MatchRun,
          Series, Meeting, Rsvp, AgendaItem, PrivateNote, Goal, Milestone, Feedback, ProblemReport, AuditLog,
          ProgramChange, Submission, Conversation, Message, ConversationRead, Resource, ResourceRead, Icebreaker,
          PairFile, ResourceFile, DiscussionThread, DiscussionPost, DiscussionRead, BoardFile, InboundMessage,
          RequestNote]
