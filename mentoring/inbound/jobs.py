"""Mail that comes back's periodic job: reading the mailbox it comes to, when INBOUND_IMAP_URL names one."""
import imaplib
import logging

from flask import current_app
from huey import crontab

from mentoring.inbound import imap, service
from mentoring.queue import huey, in_app_context

log = logging.getLogger(__name__)


@huey.periodic_task(crontab(minute="*"))
@in_app_context
def read_the_mailbox():
    """Store and act on the messages that came to the IMAP mailbox since the last run (what was read, or None); a
    server that is down or a folder refused is logged, and the mailbox is tried again next run."""
    url = current_app.config["INBOUND_IMAP_URL"]
    if not url:
        return None
    try:
        return imap.read_unseen(url, service.receive, timeout=current_app.config["MAIL_TIMEOUT"])
    except imap.RefusedFolder as refused:
        log.error("INBOUND_IMAP_URL is not read: %s", refused)
    except (OSError, imaplib.IMAP4.error) as error:
        log.warning("the IMAP mailbox could not be read; it is tried again next run: %s", error)
    return None
