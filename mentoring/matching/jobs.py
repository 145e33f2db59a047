"""Matching's periodic job: requests nobody answered."""
from huey import crontab

from mentoring.matching import requests
from mentoring.queue import huey, in_app_context


@huey.periodic_task(crontab(minute="7"))
@in_app_context
def expire_requests():
    """Expire requests nobody answered in time, and remind mentors half way."""
    return requests.expire_and_remind()
