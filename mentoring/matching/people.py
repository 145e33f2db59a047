"""Loading what scoring needs from the database: the program's rules, its people's answers, free seats."""
import json
import threading

import peewee as pw

from mentoring import db as database
from mentoring.db import db
from mentoring.matching.scoring import Person, Pool, Rule
from mentoring.models import Answer, Membership, Pair, Question, Questionnaire, Response


def rules_of(program):
    """The program's matching rules, from its mentee questions that compare with a mentor question."""
    Counterpart = Question.alias()
    rows = (Question.select(Question, Counterpart)
            .join(Questionnaire)
            .switch(Question)
            .join(Counterpart, on=(Question.counterpart == Counterpart.id))
            .where(Questionnaire.program == program, Questionnaire.purpose == Membership.MENTEE,
                   Question.matching != Question.NONE)
            .order_by(Question.position))
    rules = []
    for question in rows:
        other = question.counterpart
        choices = {**{c["key"]: c["label"] for c in other.choices}, **question.choice_labels}
        rules.append(Rule(mentee_question=question.id, mentor_question=other.id, matching=question.matching,
                          weight=question.weight, kind=question.kind, label=question.label,
                          mentor_label=other.label, choices=choices, sensitive=question.sensitive,
                          filter_label=question.filter_label))
    return rules


def people(program, role, membership_ids=None):
    """Approved members of `role` (or the given memberships) as scoring Persons, in id order."""
    members = (Membership.select(Membership.id, Membership.consent_sensitive)
               .where(Membership.program == program, Membership.role == role,
                      Membership.state == Membership.APPROVED)
               .order_by(Membership.id))
    if membership_ids is not None:
        members = members.where(Membership.id.in_(list(membership_ids)))
    found = {member_id: Person(id=member_id, answers={}, consent=bool(consent))
             for member_id, consent in members.tuples()}
    if not found:
        return []
    answers = (Answer.select(Response.membership, Answer.question, Answer.value)
               .join(Response)
               .join(Membership)
               .where(Membership.program == program, Membership.role == role,
                      Membership.state == Membership.APPROVED))
    if membership_ids is not None:
        answers = answers.where(Membership.id.in_(list(found)))
    rows = db.execute_sql(*answers.sql()).fetchall()
    texts = [value for _, _, value in rows if isinstance(value, str)]
    decoded = iter(json.loads(f"[{','.join(texts)}]")) if texts else iter(())  # one parse for all of them
    for member_id, question_id, value in rows:
        value = next(decoded) if isinstance(value, str) else value
        person = found.get(member_id)
        if person is not None:
            person.answers[question_id] = value
    return list(found.values())


def person(membership):
    """One membership as a scoring Person (answers included, whatever its state)."""
    answers = (Answer.select(Answer.question, Answer.value)
               .join(Response)
               .where(Response.membership == membership))
    return Person(id=membership.id, answers={answer.question_id: answer.value for answer in answers},
                  consent=membership.consent_sensitive)


def seats_taken(program, mentor_ids=None):
    """{mentor membership id: seats held by proposed, introduction and active pairs}."""
    query = (Pair.select(Pair.mentor, pw.fn.COUNT(pw.SQL("*")))
             .where(Pair.program == program, Pair.state.in_(Pair.HOLDING))
             .group_by(Pair.mentor))
    if mentor_ids is not None:
        query = query.where(Pair.mentor.in_(list(mentor_ids)))
    return dict(query.tuples())


class _PoolCache:
    """Each program's mentors, ready for scoring, kept per worker until the program's roster changes."""

    def __init__(self):
        self._pools = {}
        self._lock = threading.Lock()

    def get(self, program):
        version = (database.generation, program.id, program.roster_version)  # ids repeat across databases
        cached = self._pools.get(program.id)
        if cached is not None and cached[0] == version:
            return cached[1], cached[2]
        rules = rules_of(program)
        pool = Pool(rules, people(program, Membership.MENTOR), "mentor")
        with self._lock:
            self._pools[program.id] = (version, rules, pool)
        return rules, pool


mentor_pools = _PoolCache()
