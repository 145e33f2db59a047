"""The conversation's periodic job: emailing what waited unread."""
from huey import crontab

from mentoring.conversations import service
from mentoring.queue import huey, in_app_context


@huey.periodic_task(crontab(minute="*"))
@in_app_context
def email_unread_messages():
    """Email people the messages that have waited unread in a quiet conversation for 10 minutes."""
    return service.email_unread()
