"""The task queue at the bottom of the house: huey, how a job gets an app context, and mail delivery.

Each domain declares its periodic jobs in its own jobs.py; mentoring.worker imports them all."""
import functools
import logging
import os
from urllib.parse import urlparse

from flask import has_app_context
from huey import MemoryHuey, PostgresHuey, RedisHuey, SqliteHuey, crontab

from config import instance_path, task_queue_url
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
            # imported here: the app factory imports every blueprint and domain, which sit above the queue
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
def release_stale_claims():
    """Return deliveries interrupted mid-batch to the queue."""
    return delivery.release_stale_claims()


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
