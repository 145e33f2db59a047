"""Mail that comes back undelivered: a delivery report marks the email it returns bounced, and the person whose
address it is as bouncing, until they change their address (a mail server that accepts a later email proves
nothing: a relay accepts everything, and its bounce comes after)."""
import peewee as pw

from mentoring import clock
from mentoring.models import InboundMessage, OutboxEmail, User


def bounce(incoming):
    """(outcome, what was done, the person whose address bounces) for a delivery report (`incoming.kind` "bounce")."""
    done, person = [], None
    for address in incoming.bounced:
        email = _returned_email(incoming.bounced_message_id, address)
        if email is not None:
            (OutboxEmail.update(state=OutboxEmail.BOUNCED)
             .where(OutboxEmail.id == email.id)
             .execute())
            done.append(f"“{email.subject}” to {email.to_address} bounced")
        user = User.get_or_none(User.email == address)
        if user is None:
            done.append(f"no account has the address {address}")
            continue
        (User.update(email_bouncing_since=clock.now())
         .where(User.id == user.id, User.email_bouncing_since.is_null())
         .execute())
        done.append(f"{user.name}’s address {address} is marked bouncing")
        person = person or user
    return InboundMessage.ACTED if person else InboundMessage.KEPT, "A bounce: " + "; ".join(done) + ".", person


def _returned_email(message_id, address):
    """The outbox email to `address` a report returns: the one with its Message-ID, else the latest sent there."""
    to_address = pw.fn.LOWER(OutboxEmail.to_address) == address
    if message_id:
        email = OutboxEmail.get_or_none(OutboxEmail.message_id == f"<{message_id}>", to_address)
        if email is not None:
            return email
    return (OutboxEmail.select()
            .where(to_address, OutboxEmail.state == OutboxEmail.SENT)
            .order_by(OutboxEmail.sent_at.desc(), OutboxEmail.id.desc())
            .first())
