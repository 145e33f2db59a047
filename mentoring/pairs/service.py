"""A pair's life after it is made: both agree to a proposal, meet and greet, then continue or end."""
from mentoring import audit, clock
from mentoring.access import is_coordinator
from mentoring.db import db
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError, NotFound
from mentoring.models import Pair, Program
from mentoring.web import external_url

END_KINDS = {"not_a_fit": "not a fit after the introduction", "declined": "the proposal was declined",
             "ended": "ended", "completed": "completed"}
_when_ended = []


def when_ended(fn):
    """Register `fn(pair)`, run in the transaction that ends a pair (domains above tidy what it leaves)."""
    _when_ended.append(fn)
    return fn


def pair_for(pair_id, user):
    """The pair with its program and both people, when `user` is one of the two or runs its program (anyone
    else: NotFound)."""
    found = Pair.by_id_with_people.joined(pair_id)
    if not found:
        raise NotFound()
    (pair, mentee, mentor, mentee.user, mentor.user, pair.program), = found
    pair.mentee, pair.mentor = mentee, mentor
    for instance in (pair, mentee, mentor):
        instance._dirty.clear()
    if user.id in (pair.mentee.user_id, pair.mentor.user_id) or is_coordinator(pair.program, user):
        return pair
    raise NotFound()


def side_of(pair, user):
    """"mentee" or "mentor": which of the two `user` is (None for a coordinator)."""
    if pair.mentee.user_id == user.id:
        return "mentee"
    if pair.mentor.user_id == user.id:
        return "mentor"
    return None


def _both(pair):
    return [pair.mentee.user, pair.mentor.user]


def _tell_both(pair, template, subject, **context):
    for user in _both(pair):
        queue_email(user, template, subject, preference="requests", pair=pair, program=pair.program,
                    link=external_url("pairs.show", pair_id=pair.id), **context)


def answer(pair_id, user, yes):
    """Say yes or no, to a coordinators' proposal or, after the introduction, to continuing."""
    with db.atomic():
        pair = pair_for(pair_id, user)
        side = side_of(pair, user)
        if side is None or pair.state not in (Pair.PROPOSED, Pair.INTRODUCTION):
            raise DomainError("There is nothing to answer for this pair now.")
        setattr(pair, f"{side}_says", "yes" if yes else "no")
        if not yes:
            _end(pair, user, "declined" if pair.state == Pair.PROPOSED else "not_a_fit", "")
            _tell_both(pair, "pair_not_a_fit", "Your pairing will not continue", proposal=pair.end_kind == "declined",
                       suggestions=external_url("matching.suggestions", slug=pair.program.slug))
        elif pair.mentee_says == pair.mentor_says == "yes":
            introduction = pair.state == Pair.PROPOSED and pair.program.introduction_step
            pair.state = Pair.INTRODUCTION if introduction else Pair.ACTIVE
            pair.mentee_says = pair.mentor_says = ""
            if pair.state == Pair.ACTIVE:
                pair.activated_at = clock.now()
                _tell_both(pair, "pair_active", "You are now a mentoring pair")
            else:
                _tell_both(pair, "pair_introduction", "Time to meet: your introduction")
        pair.save()
    return pair


def end(pair_id, user, reason):
    """End a pair (either person or a coordinator); the reason is for the coordinators' eyes only."""
    with db.atomic():
        pair = pair_for(pair_id, user)
        if pair.state == Pair.ENDED:
            raise DomainError("This pair has already ended.")
        _end(pair, user, "ended", reason)
        pair.save()
        if side_of(pair, user) is None:
            audit.record(user, "pair.end", f"pair {pair.id}", program=pair.program)
        _tell_both(pair, "pair_ended", "Your mentoring pair has ended",
                   suggestions=external_url("matching.suggestions", slug=pair.program.slug))
    return pair


def _end(pair, user, kind, reason):
    pair.state, pair.end_kind, pair.end_reason = Pair.ENDED, kind, reason
    pair.ended_at, pair.ended_by = clock.now(), user
    for fn in _when_ended:
        fn(pair)


def pairs_of(user, program=None):
    """The user's pairs, newest first, with both people loaded."""
    query, mentee, mentor = Pair.with_people()
    query = (query.select_extend(Program).switch(Pair).join(Program)
             .where((mentee.user == user) | (mentor.user == user)))
    if program is not None:
        query = query.where(Pair.program == program)
    return list(query)
