"""Periodic jobs of the shared modules: forgetting old rate-limit attempts and the keys of forms sent long ago."""
from huey import crontab

from mentoring import ratelimit
from mentoring.models import Submission
from mentoring.queue import huey, in_app_context


@huey.periodic_task(crontab(minute="*/10"))
@in_app_context
def forget_old_attempts():
    """Forget rate-limit attempts older than the longest window."""
    return ratelimit.prune()


@huey.periodic_task(crontab(minute="*/10"))
@in_app_context
def forget_old_form_keys():
    """Forget the one-time keys of forms sent long ago."""
    return Submission.prune()
