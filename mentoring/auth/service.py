"""Account changes: each runs in one transaction and writes the emails it causes to the outbox."""
import secrets
from datetime import timedelta

import peewee as pw

from mentoring import audit, clock, privacy, ratelimit
from mentoring.auth.devices import describe_device
from mentoring.auth.passwords import check_password, hash_password, hasher, weakness
from mentoring.db import db
from mentoring.email import replies
from mentoring.email.kinds import NOTIFICATIONS
from mentoring.email.outbox import Recipient, queue_email
from mentoring.errors import DomainError
from mentoring.models import AccountToken, SignIn, User, digest
from mentoring.ratelimit import Limit
from mentoring.web import external_url

VERIFY, RESET, INVITE = "verify_email", "reset_password", "invitation"
LIFETIMES = {VERIFY: timedelta(days=7), RESET: timedelta(hours=1), INVITE: timedelta(days=30)}

LOGIN_PER_ACCOUNT = Limit("login-account", 10, timedelta(minutes=15))  # from anywhere: the reset link reopens it
LOGIN_PER_ACCOUNT_AND_ADDRESS = Limit("login-account-address", 5, timedelta(minutes=15))
LOGIN_PER_ADDRESS = Limit("login-address", 50, timedelta(minutes=15))  # guesses of accounts that do not exist
SIGNUP_PER_ADDRESS = Limit("signup-address", 10, timedelta(hours=1))
SIGNUP_PER_ACCOUNT = Limit("signup-account", 5, timedelta(hours=1))
RESET_PER_ACCOUNT = Limit("reset-account", 3, timedelta(hours=1))
RESET_PER_ADDRESS = Limit("reset-address", 10, timedelta(hours=1))
RESEND_PER_ACCOUNT = Limit("verify-resend", 3, timedelta(hours=1))

EMAIL_TAKEN = "An account with this email address already exists. Log in, or reset your password."
INVITED = ("You were invited with this email address: follow the link in the invitation email, "
           "or reset your password to choose one.")
BAD_LOGIN = "The email address or password is not right."
_DUMMY_HASH = None


class LinkError(DomainError):
    """An emailed link that cannot be used: unknown, already used, or expired."""

    def __init__(self, message, expired=False):
        super().__init__(message)
        self.expired = expired


def sign_up(*, name, email, password, timezone, ip, user_agent):
    """Create an account, logged in on this browser, and send the link that verifies its email address."""
    ratelimit.hit((SIGNUP_PER_ADDRESS, ip), (SIGNUP_PER_ACCOUNT, email))
    existing = User.by_email(email)
    if existing is not None:
        raise DomainError(EMAIL_TAKEN if existing.has_password else INVITED, field="email")
    password_hash = _new_password_hash(password, email=email, name=name)
    try:
        with db.atomic():
            user = User.create(name=name, email=email, password_hash=password_hash, timezone=timezone)
            _send_verification(user)
            return SignIn.start(user, describe_device(user_agent))
    except pw.IntegrityError:
        raise DomainError(EMAIL_TAKEN, field="email") from None


def resend_verification(user, ip):
    """Send a fresh verification link (the older ones stop working)."""
    if user.is_verified:
        raise DomainError("Your email address is already confirmed.")
    ratelimit.hit((RESEND_PER_ACCOUNT, user.id), (SIGNUP_PER_ADDRESS, ip))
    with db.atomic():
        _send_verification(user)


def verify_email(raw_token):
    """Confirm the address the link was sent to; returns the user."""
    with db.atomic():
        token = _redeem(raw_token, VERIFY)
        user = token.user
        if not user.is_verified:
            user.email_verified_at = clock.now()
            user.save(only=[User.email_verified_at])
    return user


def authenticate(*, email, password, ip, user_agent):
    """The user with this email and password, logged in on this browser, or DomainError. Each attempt counts against
    the account, and the account from this address (against the address alone when no such account exists), before
    the password is checked; a right one is then forgiven."""
    user = User.by_email(email)
    limits = [(LOGIN_PER_ACCOUNT, email), (LOGIN_PER_ACCOUNT_AND_ADDRESS, (email, ip))]
    attempt = ratelimit.hit(*limits, *([] if user else [(LOGIN_PER_ADDRESS, ip)]))
    if user is None or not check_password(user.password_hash, password):
        if user is None:
            check_password(_dummy_hash(), password)  # same work whether or not the account exists
        raise DomainError(BAD_LOGIN)
    user.last_login_at = clock.now()
    fields = [User.last_login_at]
    if hasher().check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
        fields.append(User.password_hash)
    with db.atomic():
        ratelimit.forgive(attempt)
        user.save(only=fields)
        return SignIn.start(user, describe_device(user_agent))


def log_out(user):
    """End the log-in `user` is on: its cookies, and every copy of them, open nothing any more."""
    user.sign_in.delete_instance()


def log_out_everywhere(user):
    """End every log-in of `user`, this one included; returns how many ended."""
    return SignIn.end(user)


def sign_ins(user):
    """Where `user` is logged in, the latest used first."""
    return SignIn.of(user.id)


def request_password_reset(*, email, ip):
    """Email a reset link when the account exists; says nothing either way about whether it does."""
    ratelimit.hit((RESET_PER_ADDRESS, ip), (RESET_PER_ACCOUNT, email))
    user = User.by_email(email)
    if user is None:
        return
    with db.atomic():
        raw = _issue_token(user, RESET)
        queue_email(user, "reset_password", "Reset your Mentoring password",
                    link=external_url("auth.reset_password", token=raw),
                    hours=int(LIFETIMES[RESET].total_seconds() // 3600))


def invite(*, email, name):
    """The account for `email` and, when it has no password yet, the token of an invitation link to
    finish it (None for someone who can already log in). Runs inside the caller's transaction."""
    user = User.by_email(email)
    if user is None:
        user = User.create(email=email, name=name or email.partition("@")[0], password_hash="", timezone="UTC")
    return user, None if user.has_password else _issue_token(user, INVITE, replace=False)


def check_invitation(raw_token):
    """The invited user, or LinkError when the invitation cannot be used."""
    return _usable_token(raw_token, INVITE).user


def accept_invitation(raw_token, *, name, timezone, password, user_agent):
    """Finish an invited account: name, time zone and password; the address counts as confirmed. Logs it in on this
    browser."""
    with db.atomic():
        user = _usable_token(raw_token, INVITE).user
        password_hash = _new_password_hash(password, email=user.email, name=name)
        _redeem(raw_token, INVITE)
        user.name, user.timezone, user.password_hash = name, timezone, password_hash
        user.email_verified_at = user.email_verified_at or clock.now()
        user.save()
        return SignIn.start(user, describe_device(user_agent))


def check_reset_link(raw_token):
    """The user a reset link belongs to, or LinkError when it cannot be used."""
    return _usable_token(raw_token, RESET).user


def reset_password(raw_token, password):
    """Set a new password from a reset link, which then stops working; ends every log-in and forgets the account's
    failed log-ins (a locked account opens again)."""
    with db.atomic():
        user = _usable_token(raw_token, RESET).user
        password_hash = _new_password_hash(password, email=user.email, name=user.name)
        _redeem(raw_token, RESET)
        _set_password_hash(user, password_hash)
        SignIn.end(user)
        ratelimit.clear((LOGIN_PER_ACCOUNT, user.email), (LOGIN_PER_ACCOUNT_AND_ADDRESS, user.email))
        if not user.is_verified:  # the link arrived, so the address is theirs
            user.email_verified_at = clock.now()
            user.save(only=[User.email_verified_at])
    return user


def change_password(user, *, current_password, password):
    """Replace the password after checking the current one; ends every log-in but this one."""
    if not check_password(user.password_hash, current_password):
        raise DomainError("Your current password is not right.", field="current_password")
    password_hash = _new_password_hash(password, email=user.email, name=user.name)
    with db.atomic():
        _set_password_hash(user, password_hash)
        SignIn.end(user, keeping=user.sign_in)
    return user


def change_email(user, *, email, password):
    """Send the account's mail to `email` from now on (a new address is confirmed again by the link sent to it, and
    the old one is told); either way mail to it is no longer taken to bounce."""
    if not check_password(user.password_hash, password):
        raise DomainError("Your password is not right.", field="current_password")
    email = email.strip().lower()
    if email != user.email and User.by_email(email) is not None:
        raise DomainError("Another account has this email address.", field="email")
    verified_at = user.email_verified_at if email == user.email else None
    old = Recipient(user.name, user.email)
    try:
        with db.atomic():
            (User.update(email=email, email_verified_at=verified_at, email_bouncing_since=None)
             .where(User.id == user.id)
             .execute())
            user.email, user.email_verified_at, user.email_bouncing_since = email, verified_at, None
            if verified_at is None:
                _send_verification(user)
            if email != old.email:
                queue_email(old, "email_changed", "Your Mentoring email address was changed", new_email=email,
                            reply_to=replies.mailbox())  # kept in the admin's Inbox
    except pw.IntegrityError:
        raise DomainError("Another account has this email address.", field="email") from None
    return user


def make_admin(*, email, name, timezone, password=None, password_hash=None):
    """Create or promote the account with this email to site admin; its address counts as verified."""
    with db.atomic():
        user = User.by_email(email) or User(email=email, name=name, timezone=timezone)
        user.password_hash = password_hash or hash_password(password)
        user.is_admin = True
        user.email_verified_at = user.email_verified_at or clock.now()
        user.save()
        audit.record(None, "admin.create", f"user {user.id}")
    return user


def update_profile(user, *, name, timezone):
    """Change the name and time zone others see and pages use."""
    user.name, user.timezone = name, timezone
    user.save(only=[User.name, User.timezone])
    return user


def update_email_preferences(user, choices):
    """Keep which notifications this person wants by email (`choices`: kind -> bool)."""
    user.email_preferences = {kind: bool(choices.get(kind)) for kind in NOTIFICATIONS}
    user.save(only=[User.email_preferences])
    return user


def delete_account(user, *, password):
    """Remove the account and everything of the person's that others could read (their partners keep their pairs,
    with a former member in the person's place)."""
    if not check_password(user.password_hash, password):
        raise DomainError("That password is not right.", field="password")
    with db.atomic():
        if user.is_admin and User.admins().count() == 1:
            raise DomainError("You are the only site admin. Make someone else an admin first "
                              "(flask --app app create-admin), then delete your account.")
        after = privacy.erase(user)
        user.delete_instance()
    for then in after:
        then()


def former_member(user):
    """A stand-in for `user`, who is deleting their account, in the pairs their partners keep: named "A former
    member", with an address that reaches no one, no password (no way to log in) and no email ever queued."""
    return User.create(email=f"{secrets.token_hex(12)}@{User.FORMER_MEMBER_DOMAIN}", name="A former member",
                       password_hash="", timezone=user.timezone)


def export_data(user):
    """Everything the platform holds about `user`, for them to download."""
    return {"exported_at": clock.now().isoformat(), **privacy.export(user)}


@privacy.exporter("account")
def _export_account(user):
    return {
        "name": user.name,
        "email": user.email,
        "time_zone": user.timezone,
        "email_verified_at": _iso(user.email_verified_at),
        "email_bouncing_since": _iso(user.email_bouncing_since),
        "site_admin": user.is_admin,
        "created_at": _iso(user.created_at),
        "last_login_at": _iso(user.last_login_at),
        "email_preferences": {kind: user.wants_email(kind) for kind in NOTIFICATIONS},
    }


@privacy.exporter("logged_in_on")
def _export_sign_ins(user):
    return [{"device": sign_in.device, "logged_in_at": _iso(sign_in.created_at),
             "last_active_at": _iso(sign_in.last_seen_at)}
            for sign_in in SignIn.of(user.id)]


@privacy.eraser
def _erase_sign_ins(user):
    SignIn.end(user)


def _iso(moment):
    return moment.isoformat() if moment else None


def _new_password_hash(password, *, email, name):
    problem = weakness(password, email=email, name=name)
    if problem:
        raise DomainError(problem, field="password")
    return hash_password(password)


def _set_password_hash(user, password_hash):
    """Store the new hash, stop unused reset links, and tell the person."""
    user.password_hash = password_hash
    user.save(only=[User.password_hash])
    (AccountToken.delete()
     .where(AccountToken.user == user, AccountToken.purpose == RESET, AccountToken.used_at.is_null())
     .execute())
    queue_email(user, "password_changed", "Your Mentoring password was changed",
                reset_link=external_url("auth.forgot_password"))


def _send_verification(user):
    raw = _issue_token(user, VERIFY)
    queue_email(user, "verify_email", "Confirm your email address for Mentoring",
                link=external_url("auth.verify_email", token=raw),
                days=LIFETIMES[VERIFY].days)


def _issue_token(user, purpose, replace=True):
    """A new one-time link token; unless `replace` is false, earlier unused ones for the purpose stop working."""
    if replace:
        (AccountToken.delete()
         .where(AccountToken.user == user, AccountToken.purpose == purpose, AccountToken.used_at.is_null())
         .execute())
    raw = secrets.token_urlsafe(32)
    AccountToken.create(user=user, purpose=purpose, digest=digest(raw),
                        expires_at=clock.now() + LIFETIMES[purpose])
    return raw


def _usable_token(raw_token, purpose):
    token = (AccountToken.select(AccountToken, User)
             .join(User)
             .where(AccountToken.digest == digest(raw_token), AccountToken.purpose == purpose)
             .first())
    if token is None:
        raise LinkError("This link is not valid. It may be incomplete, or a newer link replaced it.")
    if token.used_at is not None:
        raise LinkError("This link has already been used.")
    if token.expires_at <= clock.now():
        raise LinkError("This link has expired. Please ask for a new one.", expired=True)
    return token


def _redeem(raw_token, purpose):
    """Use the token once: of two uses at the same moment, only one succeeds."""
    token = _usable_token(raw_token, purpose)
    used = (AccountToken.update(used_at=clock.now())
            .where(AccountToken.id == token.id, AccountToken.used_at.is_null())
            .execute())
    if not used:
        raise LinkError("This link has already been used.")
    return token


def _dummy_hash():
    global _DUMMY_HASH
    if _DUMMY_HASH is None:
        _DUMMY_HASH = hash_password(secrets.token_hex(16))
    return _DUMMY_HASH
