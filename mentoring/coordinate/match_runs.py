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
from mentoring.words import counted, listing

SCORE_BLOCK = 256  # mentees scored at once
LABELS = {assign.MOST_PAIRS: "Most pairs", assign.FAIREST: "Fairest", assign.HIGHEST_TOTAL: "Highest total"}


def start_run(actor, program, objective=assign.MOST_PAIRS):
    """Queue a matching run; the worker computes it while the page shows its progress."""
    with db.atomic():
        run = MatchRun.create(program=program, created_by=actor, objective=objective)
        audit.record(actor, "matching.run", f"run {run.id}", program=program, objective=objective)
        db.after_commit(lambda: compute_match_run(run.id))
    return run


def candidates(program):
    """Approved mentees without a mentor, and approved mentors with free seats (as Persons and seats)."""
    mentees, mentors, free = people_and_seats(program)
    return mentees, [m for m, f in zip(mentors, free, strict=True) if f > 0], [int(f) for f in free if f > 0]


def people_and_seats(program):
    """Approved mentees without a mentor, every approved mentor (as Persons), and each mentor's free seats."""
    holding = {mentee_id for (mentee_id,) in Pair.select(Pair.mentee)
               .where(Pair.program == program, Pair.state.in_(Pair.HOLDING)).tuples()}
    mentees = [p for p in people.people(program, Membership.MENTEE) if p.id not in holding]
    capacity = dict(Membership.select(Membership.id, Membership.capacity)
                    .where(Membership.program == program, Membership.role == Membership.MENTOR).tuples())
    taken = people.seats_taken(program)
    mentors = people.people(program, Membership.MENTOR)
    free = np.array([max((capacity.get(m.id) or 0) - taken.get(m.id, 0), 0) for m in mentors], dtype=np.int64)
    return mentees, mentors, free


@dataclass
class Scored:
    """A program's mentees scored against its mentors: the usable scores against mentors with free seats (a mentees ×
    mentors table, 0 where a pair may not be made), the mentors with no seat left a mentee fits, and why a mentee fits
    no mentor at all."""

    table: np.ndarray
    full_fits: dict  # mentee index: the full mentors it fits, best first (at most three)
    fits_none: dict  # mentee index: why no mentor can take it at all


class Scorer:
    """Scores blocks of mentees against every mentor, leaving out the pairs that may not be made."""

    def __init__(self, program, rules, mentees, mentors, free):
        self.rules, self.free = rules, free
        self.mentees, self.mentors = scoring.Pool(rules, mentees, "mentee"), scoring.Pool(rules, mentors, "mentor")
        self.ruled_out = _ruled_out(program, mentees, mentors)

    def usable(self, rows):
        """(usable scores of `rows` against every mentor, 0 where a pair may not be made; the scoring's own
        feasibility and first failed rule)."""
        scores, feasible, failed = scoring.score(self.mentees, self.mentors, rows)
        usable = np.where(feasible, scores, 0)
        for at, row in enumerate(rows):
            for column in self.ruled_out.get(int(row), ()):
                usable[at, column] = 0
        return usable, feasible, failed

    def scored(self, report):
        """Every mentee's usable scores against the mentors with free seats, what it fits that is full, and why it
        fits none."""
        count = len(self.mentees)
        table = np.zeros((count, len(self.mentors)), dtype=np.uint8)  # scores are 0-100
        full_fits, fits_none = {}, {}
        if not len(self.mentors):
            return Scored(table, {}, {i: "There are no approved mentors yet." for i in range(count)})
        has_seats = self.free > 0
        for start in range(0, count, SCORE_BLOCK):
            rows = np.arange(start, min(start + SCORE_BLOCK, count))
            usable, feasible, failed = self.usable(rows)
            table[rows] = usable * has_seats
            for at in np.nonzero(~table[rows].any(axis=1))[0]:
                full = np.nonzero(usable[at] > 0)[0]
                if len(full):
                    full_fits[int(rows[at])] = full[np.argsort(-usable[at, full], kind="stable")][:3].tolist()
                else:
                    fits_none[int(rows[at])] = _fits_none(self.rules, failed[at], feasible[at])
            report(int(100 * rows[-1] / max(1, count)))
        return Scored(table, full_fits, fits_none)


def _ruled_out(program, mentees, mentors):
    """{mentee index: mentor indexes} of the pairs never proposed: the two were paired before, are one person,
    a coordinator blocked them, or one of them said no (unless a coordinator lifted it)."""
    mentee_index = {mentee.id: i for i, mentee in enumerate(mentees)}
    mentor_index = {mentor.id: j for j, mentor in enumerate(mentors)}
    out = {}

    def rule_out(mentee_id, mentor_id):
        if mentee_id in mentee_index and mentor_id in mentor_index:
            out.setdefault(mentee_index[mentee_id], set()).add(mentor_index[mentor_id])

    for mentee_id, mentor_id in Pair.select(Pair.mentee, Pair.mentor).where(Pair.program == program).tuples():
        rule_out(mentee_id, mentor_id)
    users = dict(Membership.select(Membership.id, Membership.user)
                 .where(Membership.program == program, Membership.state == Membership.APPROVED).tuples())
    mentor_of_user = {users.get(mentor.id): mentor.id for mentor in mentors}
    for mentee in mentees:
        if users.get(mentee.id) in mentor_of_user:
            rule_out(mentee.id, mentor_of_user[users[mentee.id]])
    for constraint in MatchConstraint.select().where(MatchConstraint.program == program,
                                                     MatchConstraint.kind == MatchConstraint.BLOCK):
        rule_out(constraint.mentee_id, constraint.mentor_id)
    for refusal in refusals(program):
        if not refusal.lifted:
            rule_out(refusal.mentee_id, refusal.mentor_id)
    return out


def _fits_none(rules, failed_row, feasible_row):
    """Why no mentor at all can take a mentee."""
    if feasible_row.any():
        return ("Every mentor who passes the must-match rules is ruled out for them: one of the two said no, a "
                "coordinator blocked it, or they were paired before (see the matching page).")
    return scoring.why_unmatched(rules, failed_row)


def compute(run_id):
    """Score every unmatched mentee against every mentor and solve the assignment for each of the three objectives:
    the run keeps its own objective's pairs, and what each objective gives, side by side."""
    run = MatchRun.get_by_id(run_id)
    program = run.program
    _progress(run, MatchRun.RUNNING, 1, "Reading answers")
    rules = people.rules_of(program)
    mentees, mentors, free = people_and_seats(program)
    scorer = Scorer(program, rules, mentees, mentors, free)
    scored = scorer.scored(lambda percent: _progress(run, MatchRun.RUNNING, 5 + 70 * percent // 100, "Scoring"))
    index_of = {mentee.id: i for i, mentee in enumerate(mentees)}, {mentor.id: j for j, mentor in enumerate(mentors)}
    try:
        steps = {assign.HIGHEST_TOTAL: 80, assign.MOST_PAIRS: 86, assign.FAIREST: 90}
        results = assign.solve_each(scored.table, free, _pins(program, index_of, scorer), report=lambda objective:
                                    _progress(run, MatchRun.RUNNING, steps[objective],
                                              f"Choosing pairs: {LABELS[objective].lower()}"))
    except assign.AssignmentError as error:
        _progress(run, MatchRun.FAILED, 100, str(error))
        return run
    _progress(run, MatchRun.RUNNING, 97, "Saying why mentees are left out")
    result = results[run.objective]
    run.rows = [{"mentee": int(scorer.mentees.ids[i]), "mentor": int(scorer.mentors.ids[j]), "score": int(score)}
                for i, j, score in result.pairs]
    run.comparison = {objective: assign.summary(found, len(mentees)) for objective, found in results.items()}
    run.unmatched = {"mentees": _unmatched(run.objective, results, scored, mentees, mentors),
                     "mentors": _seats_left(result, mentors, free)}
    run.finished_at = clock.now()
    _progress(run, MatchRun.DONE, 100, "Done")
    return run


def _pins(program, index_of, scorer):
    """(mentee index, mentor index, score) of the coordinators' pins among the people of this run."""
    mentee_index, mentor_index = index_of
    pins = []
    for constraint in MatchConstraint.select().where(MatchConstraint.program == program,
                                                     MatchConstraint.kind == MatchConstraint.PIN):
        if constraint.mentee_id in mentee_index and constraint.mentor_id in mentor_index:
            i, j = mentee_index[constraint.mentee_id], mentor_index[constraint.mentor_id]
            score, _, _ = scoring.explain_in(scorer.mentees, i, scorer.mentors, j, "coordinator")
            pins.append((i, j, score))
    return pins


def _unmatched(objective, results, scored, mentees, mentors):
    """{mentee id: why they have no mentor in this run}, as specific as can be said."""
    result = results[objective]
    matched = {i for i, _, _ in result.pairs}
    by_most_pairs = {i for i, _, _ in results[assign.MOST_PAIRS].pairs}
    extra = len(results[assign.MOST_PAIRS].pairs) - len(result.pairs)
    left = [i for i in range(len(mentees)) if i not in matched]
    best = _best_mentors(scored.table, [i for i in left if i not in scored.fits_none and i not in scored.full_fits])
    named = names({mentors[j].id for i in left for j in best.get(i, ([], 0))[0] + scored.full_fits.get(i, [])})
    name = lambda j: named.get(mentors[j].id, ("?",))[0]  # noqa: E731
    reasons = {}
    for i in left:
        if i in scored.fits_none:
            reasons[str(mentees[i].id)] = scored.fits_none[i]
        elif i in scored.full_fits:
            full = scored.full_fits[i]
            reasons[str(mentees[i].id)] = f"Every mentor who fits them is full: {listing(name(j) for j in full)}."
        elif objective == assign.HIGHEST_TOTAL and i in by_most_pairs:
            reasons[str(mentees[i].id)] = (f"Left out for a higher total: “Most pairs” gives them a mentor "
                                           f"({counted(extra, 'more person', 'more people')} matched in all).")
        else:
            fitting, count = best[i]
            reasons[str(mentees[i].id)] = (
                f"Could be matched only by leaving someone else out: every seat of the mentors who fit them "
                f"({listing(name(j) for j in fitting)}{' and more' if count > 3 else ''}) is needed "
                f"for as many pairs as there are. To include them, pin them to {name(fitting[0])}.")
    return reasons


def _best_mentors(table, rows):
    """{row: (its three best mentors, the best first; how many fit it)} of these rows of the usable table."""
    found = {}
    for start in range(0, len(rows), SCORE_BLOCK):
        part = np.asarray(rows[start:start + SCORE_BLOCK])
        block = table[part].astype(np.int16)
        top = np.argpartition(-block, 2, axis=1)[:, :3] if block.shape[1] > 3 else np.tile(np.arange(block.shape[1]),
                                                                                            (len(part), 1))
        top = np.take_along_axis(top, np.argsort(-np.take_along_axis(block, top, axis=1), axis=1, kind="stable"),
                                 axis=1)
        for row, columns, scores, count in zip(part, top, np.take_along_axis(block, top, axis=1),
                                               np.count_nonzero(block, axis=1), strict=True):
            found[int(row)] = (columns[scores > 0].tolist(), int(count))
    return found


def choices(run):
    """What each objective gives on the run, its own first: (objective, label, summary, what it would change)."""
    mine = run.comparison.get(run.objective)
    ordered = sorted(run.comparison, key=lambda objective: (objective != run.objective,
                                                             assign.OBJECTIVES.index(objective)))
    return [(objective, LABELS[objective], run.comparison[objective],
             "" if objective == run.objective else what_it_changes(LABELS[objective], mine, run.comparison[objective]))
            for objective in ordered]


def what_it_changes(label, mine, theirs):
    """A sentence saying what choosing `label` (whose summary is `theirs`) would change from `mine`."""
    pairs = theirs["matched"] - mine["matched"]
    people = (f"match {counted(abs(pairs), 'more person', 'more people')}" if pairs > 0 else
              f"match {counted(-pairs, 'person', 'people')} fewer" if pairs < 0 else "match as many people")
    change = round(theirs["mean"] - mine["mean"], 1)
    mean = ("keep the mean score" if not change else
            f"{'raise' if change > 0 else 'lower'} the mean score by {abs(change):g}")
    lowest = ("" if theirs["lowest"] == mine["lowest"] else
              f", with the lowest score {theirs['lowest']} rather than {mine['lowest']}")
    return f"“{label}” would {people} and {mean}{lowest}."


def _seats_left(result, mentors, free):
    left = np.array(free) - np.bincount([j for _, j, _ in result.pairs], minlength=len(mentors))
    return {str(m.id): int(f) for m, f in zip(mentors, left, strict=True) if f > 0}


@huey.task()
@in_app_context
def compute_match_run(run_id):
    """Compute a coordinator's run in the worker (declared beside its work: start_run queues it)."""
    return compute(run_id).state


ROWS_SHOWN = 50  # of a run's pairs, and of its mentees left out, on a page


def shown(run, page, left_page):
    """The rows of a run's page: its pairs by score, the best first, and its mentees left out, each ROWS_SHOWN a
    page; the mentors with seats left (the first ROWS_SHOWN)."""
    rows = sorted(run.rows, key=lambda row: -row["score"])
    left = list(run.unmatched.get("mentees", {}).items())
    return (rows[(page - 1) * ROWS_SHOWN:page * ROWS_SHOWN], left[(left_page - 1) * ROWS_SHOWN:left_page * ROWS_SHOWN],
            list(run.unmatched.get("mentors", {}).items())[:ROWS_SHOWN])


def reasons_of(program, rows):
    """{mentee id: the three best reasons of its pair} for these rows of a run, as coordinators read them."""
    if not rows:
        return {}
    rules = people.rules_of(program)
    mentees = {p.id: p for p in people.people(program, Membership.MENTEE, [row["mentee"] for row in rows])}
    mentors = {p.id: p for p in people.people(program, Membership.MENTOR, [row["mentor"] for row in rows])}
    found = {}
    for row in rows:
        if row["mentee"] in mentees and row["mentor"] in mentors:
            _, _, reasons = scoring.explain(rules, mentees[row["mentee"]], mentors[row["mentor"]], "coordinator")
            found[row["mentee"]] = [reason.text for reason in reasons if reason.text and reason.positive][:3]
    return found


def _progress(run, state, percent, message):
    run.state, run.progress, run.message = state, percent, message
    run.save()


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
            new.append({"mentee": mentee_id, "mentor": mentor_id, "score": int(score)})
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
