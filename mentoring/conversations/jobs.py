"""The conversation's periodic jobs: emailing what waited unread, and removing the bytes of files that are gone."""
from huey import crontab

from mentoring import storage
from mentoring.conversations import service
from mentoring.queue import huey, in_app_context

UNREFERENCED = "file-store-unreferenced"  # the keys no file pointed to at the last sweep


@huey.periodic_task(crontab(minute="*"))
@in_app_context
def email_unread_messages():
    """Email people the messages that have waited unread in a quiet conversation for 10 minutes."""
    return service.email_unread()


@huey.periodic_task(crontab(minute="17"))
@in_app_context
def remove_unreferenced_bytes():
    """Remove the bytes no file row points to (their rows went with a pair, a program or an account, and only once
    that deletion committed: a deletion rolled back leaves its rows, so its bytes stay). Only bytes found so an hour
    ago as well go, so an upload on its way to its row is never taken. Returns how many went."""
    earlier = set(huey.get(UNREFERENCED, peek=True) or ())
    unreferenced = storage.unreferenced()
    huey.put(UNREFERENCED, sorted(unreferenced - earlier))
    return storage.remove(unreferenced & earlier)
