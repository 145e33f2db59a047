"""Questionnaires, their questions, and people's answers."""
import peewee as pw

from mentoring import clock
from mentoring.db import Prepared
from mentoring.models.auth import User
from mentoring.models.base import BaseModel, JSONField, UTCDateTimeField
from mentoring.models.programs import Membership, Program


class Questionnaire(BaseModel):
    """The questions a program asks for one purpose: the mentors' or the mentees' application."""

    program = pw.ForeignKeyField(Program, backref="questionnaires", on_delete="CASCADE")
    purpose = pw.CharField(max_length=20)

    class Meta:
        indexes = ((("program", "purpose"), True),)


class Question(BaseModel):
    """One question: its kind, wording, choices and how it counts for matching."""

    NONE, EQUAL, SIMILAR, PAIRED = "none", "equal", "similar", "paired"
    MATCHING = (NONE, EQUAL, SIMILAR, PAIRED)

    questionnaire = pw.ForeignKeyField(Questionnaire, backref="questions", on_delete="CASCADE")
    key = pw.CharField(max_length=40)
    position = pw.IntegerField()
    kind = pw.CharField(max_length=20)
    label = pw.CharField(max_length=200)
    help = pw.TextField(default="")
    section = pw.CharField(max_length=80, default="")
    required = pw.BooleanField(default=False)
    choices = JSONField(default=list)
    matching = pw.CharField(max_length=10, default=NONE)
    weight = pw.IntegerField(default=5)
    counterpart = pw.ForeignKeyField("self", null=True, backref="counterpart_of", on_delete="SET NULL")
    sensitive = pw.BooleanField(default=False)
    filter_label = pw.CharField(max_length=40, default="")  # a matching rule's filter, as mentees read it

    class Meta:
        indexes = ((("questionnaire", "key"), True), (("questionnaire", "position"), False))

    @property
    def choice_labels(self):
        return {choice["key"]: choice["label"] for choice in self.choices}

    @classmethod
    def of(cls, program, purpose):
        """The questions of a program's questionnaire, in order."""
        return (cls.select()
                .join(Questionnaire)
                .where(Questionnaire.program == program, Questionnaire.purpose == purpose)
                .order_by(cls.position))

    @classmethod
    def in_questionnaire(cls, questionnaire):
        """The questionnaire's questions, in order."""
        return (cls.select()
                .where(cls.questionnaire == questionnaire)
                .order_by(cls.position))

    @classmethod
    def sections_of(cls, questionnaire):
        """The names of the questionnaire's sections, sorted (a question in none adds none)."""
        named = (cls.select(cls.section)
                 .where(cls.questionnaire == questionnaire))
        return sorted({question.section for question in named if question.section})

    # Queries on the path of nearly every request, built once (see db.Prepared).
    rules_of = Prepared(lambda program_id: Question.select(
                            Question.label, Question.matching, Question.weight, Question.sensitive)
                        .join(Questionnaire)
                        .where(Questionnaire.program == program_id, Questionnaire.purpose == Membership.MENTEE,
                               Question.matching != Question.NONE)
                        .order_by(Question.position))


class Response(BaseModel):
    """One person's answers to one questionnaire (an application's answers)."""

    questionnaire = pw.ForeignKeyField(Questionnaire, backref="responses", on_delete="CASCADE")
    user = pw.ForeignKeyField(User, backref="responses", on_delete="CASCADE")
    membership = pw.ForeignKeyField(Membership, null=True, unique=True, backref="responses", on_delete="CASCADE")
    updated_at = UTCDateTimeField(default=clock.now)


class Answer(BaseModel):
    """The value given to one question, in the engine's stored form (see questionnaires.engine)."""

    response = pw.ForeignKeyField(Response, backref="answers", on_delete="CASCADE")
    question = pw.ForeignKeyField(Question, backref="answers", on_delete="CASCADE")
    value = JSONField()

    class Meta:
        indexes = ((("response", "question"), True),)
