"""A pair's goals and their milestones: written together, moved along, and celebrated when reached."""
from mentoring import clock
from mentoring.db import db, locked
from mentoring.email.outbox import queue_email
from mentoring.errors import DomainError, NotFound
from mentoring.models import Goal, Milestone, Pair
from mentoring.web import external_url


def goals_of(pair):
    """The pair's goals in order, each with `.steps` (its milestones in order), in two queries (one without goals)."""
    goals = Goal.of_pair(pair.id)
    steps = {}
    if goals:
        for milestone in Milestone.of_pair(pair.id):
            steps.setdefault(milestone.goal_id, []).append(milestone)
    for goal in goals:
        goal.steps = steps.get(goal.id, [])
    return goals


def starting_points(program):
    """The program's objectives, one per line, offered as goals to start from."""
    lines = (line.strip(" -*•\t") for line in (program.goals or "").splitlines())
    return [line[:200] for line in lines if 3 <= len(line) <= 200]


def _goal(pair, goal_id):
    """One of the pair's goals, held until the transaction ends (two changes at once: the second sees the first's)."""
    goal = locked(Goal.select().where(Goal.id == goal_id, Goal.pair == pair.id)).first()
    if goal is None:
        raise NotFound()
    return goal


def add_goal(pair, user, title, why="", target_date=None):
    """Write a goal at the end of the pair's list."""
    if target_date is not None and target_date < clock.now().date():
        raise DomainError("Choose a target date that is still ahead.", field="target_date")
    with db.atomic():
        Pair.lock(pair.id)  # two goals added at once take two places
        last = Goal.select(Goal.position).where(Goal.pair == pair.id).order_by(Goal.position.desc()).scalar()
        goal = Goal.create(pair=pair, title=title, why=why, target_date=target_date, position=(last or 0) + 1,
                           created_by=user)
    return goal


def set_state(pair, user, goal_id, state):
    """Mark a goal not started, in progress or done; reaching it is celebrated with both people."""
    if state not in Goal.STATES:
        raise DomainError("Choose not started, in progress or done.", field="state")
    with db.atomic():
        goal = _goal(pair, goal_id)
        reached = state == Goal.DONE and goal.state != Goal.DONE
        goal.state, goal.done_at = state, (clock.now() if state == Goal.DONE else None)
        goal.save()
        if reached:
            _celebrate(pair, user, f"Goal reached: {goal.title}", goal=goal)
    return goal


def remove_goal(pair, goal_id):
    with db.atomic():
        _goal(pair, goal_id).delete_instance(recursive=True)


def add_milestone(pair, goal_id, text):
    """A step toward a goal, at the end of its list."""
    with db.atomic():
        goal = _goal(pair, goal_id)
        last = (Milestone.select(Milestone.position).where(Milestone.goal == goal)
                .order_by(Milestone.position.desc()).scalar())
        return Milestone.create(goal=goal, text=text, position=(last or 0) + 1)


def set_milestone(pair, user, milestone_id, done):
    """Tick a milestone off (celebrated with both people) or back on."""
    with db.atomic():
        milestone = locked(Milestone.select().where(Milestone.id == milestone_id)).first()
        if milestone is None or milestone.goal.pair_id != pair.id:
            raise NotFound()
        reached = done and milestone.done_at is None
        milestone.done_at = clock.now() if done else None
        milestone.save()
        if reached:
            _celebrate(pair, user, f"Milestone reached: {milestone.text}", goal=milestone.goal, milestone=milestone)
    return milestone


def _celebrate(pair, user, subject, **context):
    """Both people hear of a goal or milestone reached (it also counts in the program's report)."""
    for person in (pair.mentee.user, pair.mentor.user):
        queue_email(person, "goal_reached", subject, preference="sessions", pair=pair, by=user,
                    link=external_url("pairs.show", pair_id=pair.id) + "#goals", **context)
