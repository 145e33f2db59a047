"""Building questionnaires and storing answers; each change runs in one transaction and is audited."""
from dataclasses import dataclass, field

import peewee as pw

from mentoring import audit, clock
from mentoring.db import db
from mentoring.errors import DomainError, NotFound
from mentoring.models import Answer, Membership, Program, Question, Questionnaire, Response
from mentoring.questionnaires import defaults, engine

PURPOSES = {"mentee": "Mentee questionnaire", "mentor": "Mentor questionnaire",
            "session_feedback": "Feedback after each session", "check_in": "Check-in survey",
            "final": "End-of-program survey"}
FEEDBACK_PURPOSES = ("session_feedback", "check_in", "final")


class NeedsConfirmation(DomainError):
    """A change that would discard answers; nothing happens until the person confirms it."""

    def __init__(self, message, answered):
        super().__init__(message)
        self.answered = answered


class AnswersInvalid(DomainError):
    """Some answers cannot be taken; `errors` maps question ids to messages."""

    def __init__(self, errors):
        super().__init__("Some answers need another look.")
        self.errors = errors


@dataclass
class QuestionData:
    """What the builder's form says a question should be."""

    label: str
    kind: str
    help: str = ""
    section: str = ""
    required: bool = False
    sensitive: bool = False
    matching: str = Question.NONE
    weight: int = 5
    counterpart_id: int | None = None
    filter_label: str = ""
    choice_labels: dict = field(default_factory=dict)  # existing key -> new label
    new_choices: list = field(default_factory=list)
    removed_choices: set = field(default_factory=set)


def create_default_questionnaires(program):
    """Give a new program the default application and feedback questionnaires (inside the caller's transaction)."""
    created = {}
    for purpose, questions in (("mentor", defaults.MENTOR), ("mentee", defaults.MENTEE), *defaults.FEEDBACK.items()):
        questionnaire = Questionnaire.create(program=program, purpose=purpose)
        for position, spec in enumerate(questions, start=1):
            spec = dict(spec)
            counterpart = spec.pop("counterpart", None)
            created[purpose, spec["key"]] = Question.create(
                questionnaire=questionnaire, position=position,
                counterpart=created.get(("mentor", counterpart)), **spec)


def questionnaire_of(program, purpose):
    """The program's questionnaire for `purpose` (NotFound for a purpose not in PURPOSES)."""
    if purpose not in PURPOSES:
        raise NotFound()
    return Questionnaire.get(Questionnaire.program == program, Questionnaire.purpose == purpose)


def question_in(questionnaire, question_id):
    """The questionnaire's question `question_id` (NotFound for a question of any other)."""
    question = Question.get_or_none(Question.id == question_id, Question.questionnaire == questionnaire)
    if question is None:
        raise NotFound()
    return question


def add_question(actor, program, purpose, data):
    """Append a question to the questionnaire."""
    questionnaire = questionnaire_of(program, purpose)
    with db.atomic():
        taken = {key for (key,) in Question.select(Question.key).where(Question.questionnaire == questionnaire)
                 .tuples()}
        last = (Question.select(pw.fn.MAX(Question.position))
                .where(Question.questionnaire == questionnaire).scalar()) or 0
        question = Question(questionnaire=questionnaire, key=engine.choice_key(data.label, taken),
                            position=last + 1, kind=data.kind, choices=[])
        _apply(question, data, answered={})
        question.save()
        Program.roster_changed(program.id)
        audit.record(actor, "question.add", question.label, program=program, purpose=purpose, key=question.key)
    return question


def update_question(actor, question, data, confirmed=False):
    """Change a question; labels of choices change in place, their stored keys never do."""
    with db.atomic():
        answered = answer_counts(question)
        if data.kind != question.kind and _measured(question):
            raise DomainError("The health board and the report count the answers to this question, so its kind "
                              "cannot change. You can reword it.", field="kind")
        if data.kind != question.kind and sum(answered.values()):
            raise DomainError("People have answered this question, so its kind cannot change. "
                              "Add a new question instead.", field="kind")
        doomed = {key: answered.get(key, 0) for key in data.removed_choices if answered.get(key)}
        if doomed and not confirmed:
            labels = question.choice_labels
            listed = "; ".join(f"“{labels.get(key, key)}” ({count})" for key, count in doomed.items())
            raise NeedsConfirmation(f"Some people chose the options you are removing: {listed}. "
                                    "Their choice will be taken out of their answers.", doomed)
        _apply(question, data, answered)
        question.save()
        for key in data.removed_choices:
            _drop_choice_from_answers(question, key)
        Program.roster_changed(question.questionnaire.program_id)
        audit.record(actor, "question.edit", question.label, program=question.questionnaire.program,
                     key=question.key, removed_choices=sorted(data.removed_choices))
    return question


def _apply(question, data, answered):
    """Copy the form's data onto `question`, checking the choices and the matching rule."""
    choices = [dict(choice, label=data.choice_labels.get(choice["key"], choice["label"]))
               for choice in question.choices if choice["key"] not in data.removed_choices]
    taken = {choice["key"] for choice in question.choices}
    for label in data.new_choices:
        key = engine.choice_key(label, taken)
        taken.add(key)
        choices.append({"key": key, "label": label})
    if data.kind in engine.CHOICE_KINDS and len(choices) < 2:
        raise DomainError("Give at least two options to choose from.", field="new_choices")
    counterpart = Question.get_or_none(Question.id == data.counterpart_id) if data.counterpart_id else None
    if data.matching != Question.NONE:
        problem = engine.rule_problem(data.kind, data.matching, counterpart.kind if counterpart else None)
        if problem:
            raise DomainError(problem, field="counterpart")
    question.label, question.kind, question.help, question.section = data.label, data.kind, data.help, data.section
    question.required, question.sensitive = data.required, data.sensitive
    question.matching, question.weight = data.matching, data.weight
    question.counterpart = counterpart if data.matching != Question.NONE else None
    question.filter_label = data.filter_label if data.matching != Question.NONE else ""
    question.choices = choices if data.kind in engine.CHOICE_KINDS else []


def _drop_choice_from_answers(question, key):
    for answer in Answer.select().where(Answer.question == question):
        if answer.value == key:
            answer.delete_instance()
        elif isinstance(answer.value, list) and key in answer.value:
            answer.value = [value for value in answer.value if value != key]
            answer.save() if answer.value else answer.delete_instance()


def answer_counts(question):
    """How many people gave each choice (or, for other kinds, answered at all: key None)."""
    counts = {}
    for answer in Answer.select(Answer.value).where(Answer.question == question):
        if question.kind not in engine.CHOICE_KINDS:
            keys = [None]
        else:
            keys = answer.value if isinstance(answer.value, list) else [answer.value]
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return counts


def people_who_answered(question):
    return Answer.select().where(Answer.question == question).count()


def move_question(actor, question, direction):
    """Swap the question with its neighbour above (-1) or below (+1)."""
    with db.atomic():
        siblings = Question.select().where(Question.questionnaire == question.questionnaire)
        neighbour = (siblings.where(Question.position < question.position).order_by(Question.position.desc())
                     if direction < 0 else
                     siblings.where(Question.position > question.position).order_by(Question.position)).first()
        if neighbour is None:
            return question
        question.position, neighbour.position = neighbour.position, question.position
        question.save(only=[Question.position])
        neighbour.save(only=[Question.position])
        audit.record(actor, "question.move", question.label, program=question.questionnaire.program,
                     direction="up" if direction < 0 else "down")
    return question


def remove_question(actor, question, confirmed=False):
    """Delete a question and its answers (after confirmation when people answered it)."""
    if _measured(question):
        raise DomainError("The health board and the report count the answers to this question, so it stays. "
                          "You can reword it.")
    with db.atomic():
        answered = people_who_answered(question)
        if answered and not confirmed:
            raise NeedsConfirmation(f"{answered} {'person has' if answered == 1 else 'people have'} answered "
                                    "this question. Removing it deletes their answers.", {None: answered})
        (Question.update(matching=Question.NONE, counterpart=None)
         .where(Question.counterpart == question)
         .execute())
        program = question.questionnaire.program
        question.delete_instance()
        Program.roster_changed(program.id)
        audit.record(actor, "question.remove", question.label, program=program, key=question.key,
                     answers_deleted=answered)


def _measured(question):
    """Whether the health board and the report read this question's answers (see defaults.MEASURED)."""
    return question.key in defaults.MEASURED.get(question.questionnaire.purpose, ())


def response_for(questionnaire, user, membership=None):
    """The person's response to the questionnaire, created when they start answering."""
    response, _ = Response.get_or_create(questionnaire=questionnaire, user=user, membership=membership)
    return response


def answers_of(response):
    """{question id: stored value} of a response."""
    if response is None:
        return {}
    return {answer.question_id: answer.value
            for answer in Answer.select(Answer.question, Answer.value).where(Answer.response == response)}


def free_time_of(user, program):
    """The hours of the week `user` said they are free in `program` (from any of their applications there) and the
    day they last saved them; None when they gave none."""
    rows = list(Answer.select(Answer.value, Response.updated_at)
                .join(Response).join(Membership, on=(Response.membership == Membership.id))
                .switch(Answer).join(Question)
                .where(Membership.program == program, Membership.user == user, Question.kind == engine.AVAILABILITY)
                .tuples())
    if not rows:
        return None
    return sorted({hour for value, _ in rows for hour in value or []}), max(updated for _, updated in rows).date()


def save_answers(response, questions, raw, zone, today=None):
    """Validate every answer to `questions` (strings per question id) and store them all, or none."""
    today = today or clock.now().date()
    values, errors = {}, {}
    for question in questions:
        try:
            values[question.id] = engine.clean(question, raw.get(question.id, []), zone, today)
        except engine.AnswerError as error:
            errors[question.id] = str(error)
    if errors:
        raise AnswersInvalid(errors)
    with db.atomic():
        for question in questions:
            value = values[question.id]
            if value is None:
                Answer.delete().where(Answer.response == response, Answer.question == question).execute()
            else:
                (Answer.insert(response=response, question=question, value=value)
                 .on_conflict(conflict_target=[Answer.response, Answer.question], update={Answer.value: value})
                 .execute())
        response.updated_at = clock.now()
        response.save(only=[Response.updated_at])
        if response.membership_id:
            (Program.update(roster_version=Program.roster_version + 1)
             .where(Program.id == Membership.select(Membership.program).where(Membership.id == response.membership_id))
             .execute())
    return values


def unanswered_required(questions, answers):
    """The required questions without an answer."""
    return [question for question in questions if question.required and answers.get(question.id) is None]


def export_answers(membership):
    """A person's answers in words, for their data download."""
    response = Response.get_or_none(Response.membership == membership)
    if response is None:
        return []
    answers = answers_of(response)
    zone = membership.user.timezone
    return [{"question": question.label, "answer": engine.display(question, answers[question.id], zone)}
            for question in Question.of(membership.program, membership.role) if question.id in answers]
