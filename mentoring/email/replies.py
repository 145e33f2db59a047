"""Addresses that say what they answer: a plus-address of the program's mailbox carrying a short signed token bound to
one person and one object (a session, a series of sessions, a pair's conversation, a request to a mentor), as
Apple's calendar server names its organiser `server+TOKEN@domain`. The token holds no date, so the address an invite
names as its organiser stays the same in every update (calendars reject an organiser that changes); it is good while
its object lasts, which whoever acts on the reply checks."""
import base64
import hashlib
import hmac
import re

from flask import current_app

SESSION, SERIES, CONVERSATION, REQUEST = "s", "r", "c", "q"  # what a token may name
TOKEN = re.compile(r"([srcq])([0-9a-z]+)u([0-9a-z]+)m([A-Za-z0-9_-]{12})")
SUBJECT_TAG = re.compile(r" \[#([A-Za-z0-9_-]+)\]$")  # as inbound.reading finds it in a reply's subject
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def token_for(kind, object_id, person_id):
    """The token of `person_id` answering the object `object_id` of `kind`: its ids, then 72 bits of their HMAC."""
    named = f"{kind}{_base36(object_id)}u{_base36(person_id)}"
    return f"{named}m{_mac(named)}"


def opened(token):
    """(kind, object id, person id) that `token` names, or None when it is not one this app signed."""
    found = TOKEN.fullmatch(token or "")
    if found is None:
        return None
    kind, object_id, person_id, mac = found.groups()
    named = f"{kind}{object_id}u{person_id}"
    if not hmac.compare_digest(mac, _mac(named)):
        return None
    return kind, int(object_id, 36), int(person_id, 36)


def address_for(kind, object_id, person_id):
    """The plus-address of the app's mailbox whose mail answers the object for that person (the mailbox itself where
    it drops plus-addresses: INBOUND_PLUS_ADDRESSES off; then the subject carries the token, `tagged`)."""
    if not current_app.config["INBOUND_PLUS_ADDRESSES"]:
        return mailbox()
    local, _, domain = mailbox().partition("@")
    return f"{local}+{token_for(kind, object_id, person_id)}@{domain}"


def tagged(subject, kind, object_id, person_id):
    """`subject` of an email whose replies answer the object for that person: as it is, or ending in `[#token]` (which
    a reply's "Re:" keeps) where the mailbox drops plus-addresses."""
    if current_app.config["INBOUND_PLUS_ADDRESSES"]:
        return subject
    return f"{subject} [#{token_for(kind, object_id, person_id)}]"


def token_in_subject(subject):
    """The token a subject ends with (`tagged`), or ""."""
    found = SUBJECT_TAG.search(subject or "")
    return found.group(1) if found else ""


def mailbox():
    """The address mail comes back to (INBOUND_ADDRESS, or MAIL_DEFAULT_SENDER's address)."""
    configured = current_app.config.get("INBOUND_ADDRESS") or current_app.config["MAIL_DEFAULT_SENDER"]
    return configured.rpartition("<")[2].rstrip(">").strip() or configured


def _mac(named):
    """72 bits of the HMAC of `named` under the app's secret key, in 12 URL-safe characters."""
    key = current_app.config["SECRET_KEY"]
    digest = hmac.new(key.encode() if isinstance(key, str) else key, f"reply-address:{named}".encode(),
                      hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:9]).decode()


def _base36(number):
    """`number` (0 or more) in base 36, lower-case."""
    digits = ""
    while True:
        number, digit = divmod(number, 36)
        digits = _DIGITS[digit] + digits
        if not number:
            return digits
