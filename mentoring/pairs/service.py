"""A pair's life after it is made: both agree to a proposal, meet and greet, continue, pause or end; and the
problems participants report to the coordinators."""
from mentoring import audit, clock
from mentoring.access import is_coordinator
from mentoring.db import db
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError, NotFound
from mentoring.models import Coordinator, Pair, ProblemReport, Program
from mentoring.web import external_url

END_KINDS = {"not_a_fit": "not a fit after the introduction", "declined": "the proposal was declined",
             "ended": "ended", "completed": "completed", "rematch": "ended by the coordinators to find new matches",
             "deactivated": "ended when a member was deactivated"}
_when_stopped = []


def when_stopped(fn):
    """Register `fn(pair)`, run in the transaction that ends or pauses a pair (domains above tidy what it
    leaves: planned sessions, a last survey)."""
    _when_stopped.append(fn)
    return fn


def pair_for(pair_id, user):
    """The pair with its program and both people, when `user` is one of the two or runs its program (anyone
    else: NotFound)."""
    pair = Pair.by_id_with_people.first(pair_id)
    if pair is None or not sees_pair(pair, user):
        raise NotFound()
    return pair


def pair_shown(pair_id, user):
    """The pair as its page shows it (models.pairs.Pair.as_shown), to whom `pair_for` lets see it."""
    pair = Pair.as_shown.first(pair_id)
    if pair is None or not sees_pair(pair, user):
        raise NotFound()
    return pair


def sees_pair(pair, user):
    """Whether `user` may see the pair's pages: one of its two people, or one who runs its program."""
    return user.id in (pair.mentee.user_id, pair.mentor.user_id) or is_coordinator(pair.program, user)


def pair_in(program, pair_id):
    """The pair `pair_id` of `program`, for its coordinators (a pair of another program: NotFound)."""
    pair = Pair.get_or_none(Pair.id == pair_id, Pair.program == program.id)
    if pair is None:
        raise NotFound()
    return pair


def changing_pair(pair_id, user):
    """The pair as `pair_for` gives it, held until the transaction ends: of two answers, ends or pauses at the same
    moment, the second reads what the first wrote (and none is lost)."""
    Pair.lock(pair_id)
    return pair_for(pair_id, user)


def own_pair(pair_id, user):
    """The pair when `user` is one of its two people (who alone plan it and write its goals); NotFound for
    anyone else, coordinators included."""
    pair = pair_for(pair_id, user)
    if side_of(pair, user) is None:
        raise NotFound()
    return pair


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
        pair = changing_pair(pair_id, user)
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


def end(pair_id, user, reason, kind="ended"):
    """End a pair (either person or a coordinator); the reason is for the coordinators' eyes only."""
    with db.atomic():
        pair = changing_pair(pair_id, user)
        if pair.state == Pair.ENDED:
            raise DomainError("This pair has already ended.")
        _end(pair, user, kind, reason)
        pair.save()
        if side_of(pair, user) is None:
            action = "pair.end" if kind == "ended" else f"pair.{kind}"
            audit.record(user, action, f"pair {pair.id}", program=pair.program, reason=reason[:200])
        _tell_both(pair, "pair_ended", "Your mentoring pair has ended",
                   suggestions=external_url("matching.suggestions", slug=pair.program.slug))
    return pair


def _end(pair, user, kind, reason):
    pair.state, pair.end_kind, pair.end_reason = Pair.ENDED, kind, reason
    pair.ended_at, pair.ended_by = clock.now(), user
    for fn in _when_stopped:
        fn(pair)


def pause(pair_id, coordinator, paused=True):
    """A coordinator pauses a pair (its planned sessions are cancelled; it keeps its seat) or lets it go on."""
    with db.atomic():
        pair = changing_pair(pair_id, coordinator)
        if side_of(pair, coordinator) is not None:
            raise NotFound()
        if paused and pair.state not in Pair.MEETING:
            raise DomainError("Only a pair that is meeting can be paused.")
        if not paused and pair.state != Pair.PAUSED:
            raise DomainError("This pair is not paused.")
        pair.state = Pair.PAUSED if paused else (Pair.ACTIVE if pair.activated_at else Pair.INTRODUCTION)
        pair.paused_at = clock.now() if paused else None
        pair.save()
        if paused:
            for fn in _when_stopped:
                fn(pair)
        audit.record(coordinator, "pair.pause" if paused else "pair.resume", f"pair {pair.id}", program=pair.program)
        _tell_both(pair, "pair_paused" if paused else "pair_resumed",
                   "Your mentoring pair is paused" if paused else "Your mentoring pair continues")
    return pair


def report_problem(program, reporter, text, pair=None):
    """Tell the coordinators, privately, about a problem with the reporter's partner or pair (or, without a
    pair, with someone in the program)."""
    about = None
    if pair is not None:
        about = pair.mentor if side_of(pair, reporter) == "mentee" else pair.mentee
    with db.atomic():
        report = ProblemReport.create(program=program, reporter=reporter, pair=pair, about=about, text=text)
        for coordinator in Coordinator.select().where(Coordinator.program == program):
            queue_email(coordinator.user, "problem_reported", f"A problem was reported in {program.name}",
                        program=program, reporter=reporter, about=about.user if about else None,
                        link=external_url("coordinate.problem", slug=program.slug, report_id=report.id))
    return report


def pairs_of(user, program=None):
    """The user's pairs, newest first, with both people loaded."""
    query, mentee, mentor = Pair.with_people()
    query = (query.select_extend(Program).switch(Pair).join(Program)
             .where((mentee.user == user) | (mentor.user == user)))
    if program is not None:
        query = query.where(Pair.program == program)
    return list(query)
