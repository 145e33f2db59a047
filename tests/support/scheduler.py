"""The task queue's scheduler, driven by the controllable clock instead of the wall clock."""
from datetime import timedelta

from mentoring import clock
from mentoring.worker import huey


class Scheduler:
    """`advance(delta)` moves the clock and starts, from the task queue, every periodic job whose schedule fell in
    that time (each once, at the new time: the jobs catch up on whatever is due)."""

    def __init__(self, app):
        self.app = app
        self.started = []

    def advance(self, delta):
        moment, end = clock.now(), clock.now() + delta
        due = {}
        every = len(huey._registry._periodic_tasks)
        while moment <= end and len(due) < every:
            minute = moment.replace(second=0, microsecond=0, tzinfo=None)
            for task in huey.read_periodic(minute):
                due.setdefault(task.name, task)
            moment += timedelta(minutes=1)
        clock.advance(delta)
        with self.app.app_context():
            for name, task in due.items():
                self.started.append(name)
                huey.enqueue(task)
        return sorted(due)
