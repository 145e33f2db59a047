"""The accounts' periodic job: forgetting log-ins unused for a month."""
from huey import crontab

from mentoring.models import SignIn
from mentoring.queue import huey, in_app_context


@huey.periodic_task(crontab(minute="*/10"))
@in_app_context
def forget_unused_sign_ins():
    """Forget log-ins unused for a month (they open nothing any more)."""
    return SignIn.prune()
