"""Feedback's periodic job: asking for forms when they are due."""
from huey import crontab

from mentoring.feedback import service
from mentoring.queue import huey, in_app_context


@huey.periodic_task(crontab(minute="*/15"))
@in_app_context
def feedback_chores():
    """Ask how sessions that just ended went, send check-in surveys when due, and the last survey at a
    program's end."""
    return service.ask_after_sessions(), service.ask_check_ins(), service.ask_final_at_program_end()
