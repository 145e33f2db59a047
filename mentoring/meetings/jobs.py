"""The sessions' periodic job: reminders and agenda carry-over."""
from huey import crontab

from mentoring.meetings import agenda, scheduling
from mentoring.queue import huey, in_app_context


@huey.periodic_task(crontab(minute="*/15"))
@in_app_context
def session_chores():
    """Remind people the day before a session, and carry unfinished agenda items over once a session ends."""
    return scheduling.send_reminders(), agenda.carry_over_due()
