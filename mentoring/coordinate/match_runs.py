"""The console's match runs: propose the best assignment, edit it, publish it as proposals; pairing by hand."""
from dataclasses import dataclass

import numpy as np

from mentoring import audit, clock
from mentoring.db import db, locked
from mentoring.email import replies
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError, NotFound
from mentoring.matching import assign, people, scoring
from mentoring.matching.requests import DECLINE_REASONS, holding_pair
from mentoring.models import HiddenSuggestion, MatchConstraint, MatchRun, Membership, MentorRequest, Pair, User
from mentoring.queue import huey, in_app_context
from mentoring.web import external_url

SCORE_BLOCK = 256  # mentees scored at once


def start_run(actor, program, fairest=False):
    """Queue a matching run; the worker computes it while the page shows its progress."""
    with db.atomic():
        run = MatchRun.create(program=program, created_by=actor, fairest=fairest)
        audit.record(actor, "matching.run", f"run {run.id}", program=program, fairest=fairest)
        db.after_commit(lambda: compute_match_run(run.id))
    return run


def candidates(program):
    """Approved mentees without a mentor, and approved mentors with free seats (as Persons and seats)."""
    holding = Pair.select(Pair.mentee).where(Pair.program == program, Pair.state.in_(Pair.HOLDING))
    mentees = [p for p in people.people(program, Membership.MENTEE)
               if p.id not in {pair.mentee_id for pair in holding}]
    capacity = dict(Membership.select(Membership.id, Membership.capacity)
                    .where(Membership.program == program, Membership.role == Membership.MENTOR).tuples())
    taken = people.seats_taken(program)
    free = {mentor_id: (seats or 0) - taken.get(mentor_id, 0) for mentor_id, seats in capacity.items()}
    mentors = [m for m in people.people(program, Membership.MENTOR) if free.get(m.id, 0) > 0]
    return mentees, mentors, [free[m.id] for m in mentors]


def compute(run_id, report=None):
    """Score every unmatched mentee against every mentor with a free seat and solve the assignment."""
    run = MatchRun.get_by_id(run_id)
    program = run.program
    _progress(run, MatchRun.RUNNING, 1, "Reading answers")
    rules = people.rules_of(program)
    mentees, mentors, seats = candidates(program)
    mentee_pool, mentor_pool = scoring.Pool(rules, mentees, "mentee"), scoring.Pool(rules, mentors, "mentor")
    scores = np.zeros((len(mentees), len(mentors)), dtype=np.int16)
    feasible = np.zeros((len(mentees), len(mentors)), dtype=bool)
    failed = np.zeros((len(mentees), len(mentors)), dtype=np.int16)
    for start in range(0, len(mentees), SCORE_BLOCK):
        rows = np.arange(start, min(start + SCORE_BLOCK, len(mentees)))
        if len(mentors):
            scores[rows], feasible[rows], failed[rows] = scoring.score(mentee_pool, mentor_pool, rows)
        _progress(run, MatchRun.RUNNING, 5 + int(80 * (rows[-1] + 1) / max(1, len(mentees))), "Scoring")
    index_of = {mentee.id: i for i, mentee in enumerate(mentees)}, {mentor.id: j for j, mentor in enumerate(mentors)}
    _exclude_earlier_and_self(program, mentees, mentors, index_of, feasible)
    pins, blocks = _constraints(program, index_of)
    refused = _refused(program, index_of)
    _progress(run, MatchRun.RUNNING, 88, "Choosing pairs")
    try:
        result = assign.solve(scores, feasible, seats, pins=pins, blocks=blocks + refused, fairest=run.fairest)
    except assign.AssignmentError as error:
        _progress(run, MatchRun.FAILED, 100, str(error))
        return run
    matched = {row for row, _, _ in result.pairs}
    rows = [_row(mentee_pool, i, mentor_pool, j, score) for i, j, score in result.pairs]
    unmatched = {str(mentees[i].id): _why_unmatched(rules, failed[i], feasible[i], refused, i)
                 for i in range(len(mentees)) if i not in matched}
    free = np.array(seats) - np.bincount([j for _, j, _ in result.pairs], minlength=len(mentors))
    still_free = {str(m.id): int(f) for m, f in zip(mentors, free, strict=True) if f > 0}
    run.rows, run.unmatched = rows, {"mentees": unmatched, "mentors": still_free}
    run.finished_at = clock.now()
    _progress(run, MatchRun.DONE, 100, "Done")
    return run


@huey.task()
@in_app_context
def compute_match_run(run_id):
    """Compute a coordinator's run in the worker (declared beside its work: start_run queues it)."""
    return compute(run_id).state


def _row(mentees, i, mentors, j, score):
    _, _, reasons = scoring.explain_in(mentees, i, mentors, j, "coordinator")
    return {"mentee": int(mentees.ids[i]), "mentor": int(mentors.ids[j]), "score": int(score),
            "reasons": [reason.text for reason in reasons if reason.text and reason.positive][:3]}


def _progress(run, state, percent, message):
    run.state, run.progress, run.message = state, percent, message
    run.save()


def _exclude_earlier_and_self(program, mentees, mentors, index_of, feasible):
    """Pairs that ended before are not made again, and nobody is paired with themself."""
    mentee_index, mentor_index = index_of
    for mentee_id, mentor_id in (Pair.select(Pair.mentee, Pair.mentor).where(Pair.program == program).tuples()):
        if mentee_id in mentee_index and mentor_id in mentor_index:
            feasible[mentee_index[mentee_id], mentor_index[mentor_id]] = False
    users = dict(Membership.select(Membership.id, Membership.user)
                 .where(Membership.id.in_(list(mentee_index) + list(mentor_index))).tuples()) if mentees else {}
    by_user = {users.get(m.id): j for j, m in enumerate(mentors)}
    for i, mentee in enumerate(mentees):
        j = by_user.get(users.get(mentee.id))
        if j is not None:
            feasible[i, j] = False


def _constraints(program, index_of):
    mentee_index, mentor_index = index_of
    pins, blocks = [], []
    for constraint in MatchConstraint.select().where(MatchConstraint.program == program,
                                                     MatchConstraint.kind != MatchConstraint.ALLOW):
        if constraint.mentee_id in mentee_index and constraint.mentor_id in mentor_index:
            pair = (mentee_index[constraint.mentee_id], mentor_index[constraint.mentor_id])
            (pins if constraint.kind == MatchConstraint.PIN else blocks).append(pair)
    return pins, blocks


def _refused(program, index_of):
    """(mentee index, mentor index) of the pairs one of its people said no to, unless a coordinator lifted it."""
    mentee_index, mentor_index = index_of
    return [(mentee_index[refusal.mentee_id], mentor_index[refusal.mentor_id]) for refusal in refusals(program)
            if not refusal.lifted and refusal.mentee_id in mentee_index and refusal.mentor_id in mentor_index]


def _why_unmatched(rules, failed_row, feasible_row, refused, row):
    """Why no mentor could take a mentee: the filters' reason, or that they said no to every mentor who fits."""
    said_no = {mentor for mentee, mentor in refused if mentee == row}
    if feasible_row.any() and set(feasible_row.nonzero()[0]) <= said_no:
        return "Every mentor who fits said no to them, or they said no to every one (see the matching page)."
    return scoring.why_unmatched(rules, failed_row, feasible_row)


@dataclass
class Refusal:
    """A mentee and a mentor one of whom said no to the other: never proposed, unless a coordinator lifts it."""

    mentee_id: int
    mentor_id: int
    by: str  # the mentee (who said "not for me") or the mentor (who declined their request)
    reason: str  # the mentor's reason for declining
    lifted: int | None  # the coordinator's constraint that lifts it (an allow or a pin)


def refusals(program, mentee_ids=None, mentor_ids=None):
    """Each mentee's "not for me" to a mentor, and each mentor's declined request, in the program: one Refusal for
    each pair (the mentee's word first)."""
    hidden = (HiddenSuggestion.select(HiddenSuggestion.mentee, HiddenSuggestion.mentor)
              .join(Membership, on=(HiddenSuggestion.mentee == Membership.id))
              .where(Membership.program == program))
    declined = (MentorRequest.select(MentorRequest.mentee, MentorRequest.mentor, MentorRequest.decline_reason)
                .where(MentorRequest.program == program, MentorRequest.state == MentorRequest.DECLINED)
                .order_by(MentorRequest.answered_at))
    if mentee_ids is not None:
        hidden = hidden.where(HiddenSuggestion.mentee.in_(list(mentee_ids)))
        declined = declined.where(MentorRequest.mentee.in_(list(mentee_ids)))
    if mentor_ids is not None:
        hidden = hidden.where(HiddenSuggestion.mentor.in_(list(mentor_ids)))
        declined = declined.where(MentorRequest.mentor.in_(list(mentor_ids)))
    said = {}
    for mentee_id, mentor_id in hidden.tuples():
        said[mentee_id, mentor_id] = (Membership.MENTEE, "")
    for mentee_id, mentor_id, reason in declined.tuples():
        said.setdefault((mentee_id, mentor_id), (Membership.MENTOR, DECLINE_REASONS.get(reason, "")))
    if not said:
        return []
    lifts = {(mentee_id, mentor_id): constraint_id for constraint_id, mentee_id, mentor_id in
             MatchConstraint.select(MatchConstraint.id, MatchConstraint.mentee, MatchConstraint.mentor)
             .where(MatchConstraint.program == program,
                    MatchConstraint.kind.in_([MatchConstraint.ALLOW, MatchConstraint.PIN])).tuples()}
    return [Refusal(mentee_id, mentor_id, by, reason, lifts.get((mentee_id, mentor_id)))
            for (mentee_id, mentor_id), (by, reason) in said.items()]


def lift_refusal(actor, program, mentee_id, mentor_id):
    """Let the next runs propose a pair one of its people said no to."""
    with db.atomic():
        if not refusals(program, [mentee_id], [mentor_id]):
            raise NotFound()
        _constrain(actor, program, mentee_id, mentor_id, MatchConstraint.ALLOW)
        audit.record(actor, "matching.lift", f"mentee {mentee_id} mentor {mentor_id}", program=program)


def run_of(program, run_id):
    run = MatchRun.get_or_none(MatchRun.id == run_id, MatchRun.program == program)
    if run is None:
        raise NotFound()
    return run


def _editable(run):
    """The run as it is now, held until the transaction ends (of two changes at once, the second sees the first's),
    while it can still be changed."""
    run = locked(MatchRun.select().where(MatchRun.id == run.id)).get()
    if run.state != MatchRun.DONE:
        raise DomainError("This proposal can no longer be changed.")
    return run


def remove_row(actor, run, mentee_id):
    """Leave one mentee out of the proposal (their mentor's seat frees up)."""
    with db.atomic():
        run = _editable(run)
        row = next((r for r in run.rows if r["mentee"] == mentee_id), None)
        if row is None:
            raise NotFound()
        run.rows = [r for r in run.rows if r is not row]
        run.unmatched["mentees"][str(mentee_id)] = "Left out by a coordinator."
        run.save()
        audit.record(actor, "matching.remove", f"run {run.id}", program=run.program, mentee=mentee_id)


def swap_rows(actor, run, first_mentee, second_mentee):
    """Exchange the mentors of two rows, when both new pairs pass the hard filters."""
    with db.atomic():
        run = _editable(run)
        rows = {r["mentee"]: r for r in run.rows}
        if first_mentee not in rows or second_mentee not in rows or first_mentee == second_mentee:
            raise DomainError("Choose two different rows to swap.")
        one, two = rows[first_mentee], rows[second_mentee]
        rules = people.rules_of(run.program)
        members = {p.id: p for p in people.people(run.program, Membership.MENTEE, [one["mentee"], two["mentee"]])
                   + people.people(run.program, Membership.MENTOR, [one["mentor"], two["mentor"]])}
        new = []
        for mentee_id, mentor_id in ((one["mentee"], two["mentor"]), (two["mentee"], one["mentor"])):
            pools = (scoring.Pool(rules, [members[mentee_id]], "mentee"),
                     scoring.Pool(rules, [members[mentor_id]], "mentor"))
            score, feasible, _ = scoring.explain_in(pools[0], 0, pools[1], 0, "coordinator")
            if not feasible:
                raise DomainError("That swap would pair people who do not pass the program's must-match rules.")
            if any(not refusal.lifted for refusal in refusals(run.program, [mentee_id], [mentor_id])):
                raise DomainError("That swap would pair people one of whom said no to the other; lift that on the "
                                  "matching page first.")
            new.append(_row(pools[0], 0, pools[1], 0, score))
        run.rows = [r for r in run.rows if r not in (one, two)] + new
        run.save()
        audit.record(actor, "matching.swap", f"run {run.id}", program=run.program,
                     mentees=[first_mentee, second_mentee])


@dataclass
class PublishingPlan:
    """What publishing a run would do now: the rows still possible, how many are skipped, who is emailed."""

    rows: list  # (row, mentee membership, mentor membership)
    skipped: int
    emailed: int  # people who get an email (both people of each pair, less those who turned such emails off)


def publishing_plan(run):
    """The proposals publishing would make now: a row is skipped when someone left, was paired meanwhile, or the
    mentor's seats (counting the rows before it) are full."""
    ids = [row["mentee"] for row in run.rows] + [row["mentor"] for row in run.rows]
    members = {member.id: member for member in
               Membership.select(Membership, User).join(User)
               .where(Membership.id.in_(ids), Membership.program == run.program_id,
                      Membership.state == Membership.APPROVED)} if ids else {}
    holding = {mentee_id for (mentee_id,) in Pair.select(Pair.mentee)
               .where(Pair.mentee.in_(list(members)), Pair.state.in_(Pair.HOLDING)).tuples()} if members else set()
    taken = people.seats_taken(run.program_id)
    rows, skipped, emailed = [], 0, 0
    for row in run.rows:
        mentee, mentor = members.get(row["mentee"]), members.get(row["mentor"])
        if mentee is None or mentor is None or mentee.id in holding or \
                taken.get(mentor.id, 0) >= (mentor.capacity or 0):
            skipped += 1
            continue
        taken[mentor.id] = taken.get(mentor.id, 0) + 1
        holding.add(mentee.id)
        rows.append((row, mentee, mentor))
        emailed += sum(1 for person in (mentee.user, mentor.user) if person.wants_email("requests"))
    return PublishingPlan(rows, skipped, emailed)


def publish(actor, run, emailed):
    """Turn every row into a proposal both people must accept; rows no longer possible are skipped. `emailed` is how
    many people the coordinator agreed to email: when that changed meanwhile, nothing is sent."""
    with db.atomic():
        run = _editable(run)
        Membership.lock(*[row["mentee"] for row in run.rows], *[row["mentor"] for row in run.rows])
        plan = publishing_plan(run)
        if plan.emailed != emailed:
            raise PlanChanged(plan)
        for row, mentee, mentor in plan.rows:
            propose(mentee, mentor, row["score"], origin="proposal")
        run.state = MatchRun.PUBLISHED
        run.save()
        audit.record(actor, "matching.publish", f"run {run.id}", program=run.program, proposals=len(plan.rows),
                     skipped=plan.skipped, emailed=plan.emailed)
    return plan


class PlanChanged(DomainError):
    """Publishing would now email another number of people than the coordinator agreed to."""

    def __init__(self, plan):
        super().__init__(f"Since you looked, the proposal changed: publishing now emails {plan.emailed} "
                         f"{'person' if plan.emailed == 1 else 'people'}. Nothing was sent; confirm again.")
        self.plan = plan


def _full(mentor):
    return people.seats_taken(mentor.program_id, [mentor.id]).get(mentor.id, 0) >= (mentor.capacity or 0)


def propose(mentee, mentor, score, origin):
    """A proposed pair: both are emailed and both must say yes (inside the caller's transaction)."""
    pair = Pair.create(program=mentee.program_id, mentee=mentee, mentor=mentor, state=Pair.PROPOSED,
                       origin=origin, score=score)
    for user, other in ((mentee.user, mentor.user), (mentor.user, mentee.user)):
        queue_email(user, "pair_proposed", f"A mentoring match for you: {other.name}", preference="requests",
                    answers=(replies.CONVERSATION, pair.id), pair=pair, other=other, program=pair.program,
                    link=external_url("pairs.show", pair_id=pair.id))
    return pair


def pair_by_hand(actor, program, mentee_id, mentor_id):
    """Propose two chosen people to each other, the same way a published run does."""
    with db.atomic():
        Membership.lock(mentee_id, mentor_id)  # what follows counts the mentee's pairs and the mentor's seats
        mentee = Membership.get_or_none(Membership.id == mentee_id, Membership.program == program,
                                        Membership.role == Membership.MENTEE, Membership.state == Membership.APPROVED)
        mentor = Membership.get_or_none(Membership.id == mentor_id, Membership.program == program,
                                        Membership.role == Membership.MENTOR, Membership.state == Membership.APPROVED)
        if mentee is None or mentor is None:
            raise DomainError("Choose an approved mentee and an approved mentor of this program.")
        if mentee.user_id == mentor.user_id:
            raise DomainError("Someone cannot mentor themself.")
        if holding_pair(mentee) is not None:
            raise DomainError("This mentee already has a mentor or a proposal.", field="mentee")
        if _full(mentor):
            raise DomainError("This mentor has no free seat.", field="mentor")
        rules = people.rules_of(program)
        score, _, _ = scoring.explain(rules, people.person(mentee), people.person(mentor), "coordinator")
        pair = propose(mentee, mentor, score, origin="manual")
        audit.record(actor, "matching.manual", f"pair {pair.id}", program=program)
    return pair


def add_constraint(actor, program, mentee_id, mentor_id, kind):
    """Pin (must be paired) or block (never paired) two people for the next runs."""
    if kind not in (MatchConstraint.PIN, MatchConstraint.BLOCK):
        raise DomainError("Choose pin or block.")
    with db.atomic():
        for member_id, role in ((mentee_id, Membership.MENTEE), (mentor_id, Membership.MENTOR)):
            if not Membership.select().where(Membership.id == member_id, Membership.program == program,
                                             Membership.role == role).exists():
                raise DomainError("Choose a mentee and a mentor of this program.")
        _constrain(actor, program, mentee_id, mentor_id, kind)
        audit.record(actor, f"matching.{kind}", f"mentee {mentee_id} mentor {mentor_id}", program=program)


def _constrain(actor, program, mentee_id, mentor_id, kind):
    """Keep `kind` as the one rule for two people, in place of any earlier one (of two rules sent at once, the
    later stays: neither fails on the other)."""
    now = clock.now()
    (MatchConstraint.insert(program=program, mentee=mentee_id, mentor=mentor_id, kind=kind, created_by=actor,
                            created_at=now)
     .on_conflict(conflict_target=[MatchConstraint.mentee, MatchConstraint.mentor],
                  update={MatchConstraint.program: program.id, MatchConstraint.kind: kind,
                          MatchConstraint.created_by: actor.id, MatchConstraint.created_at: now})
     .execute())


def remove_constraint(actor, program, constraint_id):
    with db.atomic():
        deleted = (MatchConstraint.delete()
                   .where(MatchConstraint.id == constraint_id, MatchConstraint.program == program).execute())
        if not deleted:
            raise NotFound()
        audit.record(actor, "matching.unconstrain", f"constraint {constraint_id}", program=program)


def names(membership_ids):
    """{membership id: (name, headline, role)} for showing runs and constraints."""
    rows = (Membership.select(Membership.id, User.name, Membership.headline, Membership.role).join(User)
            .where(Membership.id.in_(list(membership_ids))).tuples())
    return {member_id: (name, headline, role) for member_id, name, headline, role in rows}
