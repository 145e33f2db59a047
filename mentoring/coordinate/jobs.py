"""The console's periodic jobs: the coordinators' weekly digest, and forgetting old program changes."""
from huey import crontab

from mentoring.coordinate import digest
from mentoring.models import ProgramChange
from mentoring.queue import huey, in_app_context


@huey.periodic_task(crontab(day_of_week="1", hour="7", minute="0"))
@in_app_context
def weekly_digest():
    """Every Monday morning (UTC), each running program's coordinators get their digest."""
    return digest.send_due()


@huey.periodic_task(crontab(minute="*/10"))
@in_app_context
def forget_old_program_changes():
    """Forget all but each program's latest change (the kept figures are checked against the latest only)."""
    return ProgramChange.prune()
