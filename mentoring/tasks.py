"""Background and periodic jobs, run by the huey consumer beside the web server."""
import functools
import logging
import os
from urllib.parse import urlparse

from flask import has_app_context
from huey import MemoryHuey, PostgresHuey, RedisHuey, SqliteHuey, crontab

from config import instance_path, task_queue_url
from mentoring import ratelimit
from mentoring.db import close_request_connection
from mentoring.email import delivery

log = logging.getLogger(__name__)


def queue_from_url(url):
    """A huey queue for `sqlite:///path`, `redis://…`, `postgresql://…`, or `immediate` (tests)."""
    scheme = urlparse(url).scheme
    if url == "immediate":
        return MemoryHuey("mentoring", immediate=True, results=False)
    if scheme == "sqlite":
        return SqliteHuey("mentoring", filename=url.split("sqlite:///", 1)[1], results=False)
    if scheme in ("redis", "rediss"):
        return RedisHuey("mentoring", url=url, results=False)
    if scheme in ("postgres", "postgresql"):
        return PostgresHuey("mentoring", dsn=url, results=False)
    raise ValueError(f"TASK_QUEUE_URL must be sqlite:///, redis://, postgresql:// or immediate, not {url!r}")


huey = queue_from_url(task_queue_url(os.environ, instance_path(os.environ)))
_worker_app = None


def in_app_context(job):
    """Run `job` inside the web app's context, creating the app once per worker process."""
    @functools.wraps(job)
    def run(*args, **kwargs):
        global _worker_app
        if has_app_context():
            return job(*args, **kwargs)
        if _worker_app is None:
            from mentoring import create_app
            _worker_app = create_app()
        with _worker_app.app_context():
            try:
                return job(*args, **kwargs)
            finally:
                close_request_connection()
    return run


@huey.task()
@in_app_context
def deliver_mail():
    """Send the emails that are due, as soon as the change that wrote them commits."""
    return delivery.deliver_due()


@huey.periodic_task(crontab(minute="*"))
@in_app_context
def deliver_mail_every_minute():
    """Pick up retries whose back-off has passed."""
    return delivery.deliver_due()


@huey.periodic_task(crontab(minute="*/10"))
@in_app_context
def tidy_up():
    """Return interrupted deliveries to the queue, forget old rate-limit attempts, log-ins unused for a month, all
    but each program's latest change, and the keys of forms sent long ago."""
    from mentoring.models import ProgramChange, SignIn, Submission
    delivery.release_stale_claims()
    ratelimit.prune()
    SignIn.prune()
    ProgramChange.prune()
    Submission.prune()


@huey.task()
@in_app_context
def compute_match_run(run_id):
    """Propose matches for a program (a coordinator's run), reporting progress as it goes."""
    from mentoring.coordinate import matching
    return matching.compute(run_id).state


@huey.periodic_task(crontab(minute="7"))
@in_app_context
def expire_requests():
    """Expire requests nobody answered in time, and remind mentors half way."""
    from mentoring.matching import requests
    return requests.expire_and_remind()


@huey.periodic_task(crontab(minute="*/15"))
@in_app_context
def session_chores():
    """Remind people the day before a session, and carry unfinished agenda items over once a session ends."""
    from mentoring.meetings import agenda, service
    return service.send_reminders(), agenda.carry_over_due()


@huey.periodic_task(crontab(minute="*/15"))
@in_app_context
def feedback_chores():
    """Ask how sessions that just ended went, send check-in surveys when due, and the last survey at a
    program's end."""
    from mentoring.feedback import service
    return service.ask_after_sessions(), service.ask_check_ins(), service.ask_final_at_program_end()


@huey.periodic_task(crontab(day_of_week="1", hour="7", minute="0"))
@in_app_context
def weekly_digest():
    """Every Monday morning (UTC), each running program's coordinators get their digest."""
    from mentoring.coordinate import digest
    return digest.send_due()


@huey.on_startup()
def deliver_waiting_mail():
    """A worker that starts sends what waited while no worker ran."""
    deliver_mail()


def schedule_delivery():
    """Ask the worker to deliver now; if the queue is unreachable the periodic job still will."""
    try:
        deliver_mail()
    except Exception:  # a queue outage delays mail, it must not fail the change that wrote it
        log.exception("could not enqueue mail delivery; the periodic job will deliver it")
