"""Forms that create things are sent once. Each carries a one-time key (the `sent_once` macro renders a new one with
the form); the view of its first sending runs in one transaction with the key's row, which keeps the page it led to.
A repeat of the key (a double click, a retry, a replay), sent meanwhile or later, waits for the first to finish and
is answered with that page: it creates nothing and never fails. Works the same with and without htmx."""
import functools
import re
import secrets
from urllib.parse import urlsplit

import peewee as pw
from flask import abort, flash, make_response, redirect, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from mentoring.db import db
from mentoring.models import Submission
from mentoring.web import htmx

FIELD = "submission"
KEY = re.compile(r"[A-Za-z0-9_-]{16,64}")
REPEATED = "You had sent this already, so it was done once."


def new_key():
    """A fresh one-time key for a form that creates something."""
    return secrets.token_urlsafe(18)


def sent_once(view):
    """Decorate a view whose form creates something (inside `login_required`): the first sending of a key runs the
    view; a repeat of it is answered with the page the first led to. A sending that made nothing (the form came back
    with its errors) frees its key, so the corrected form can be sent; a form without a key runs as it is."""
    @functools.wraps(view)
    def once(*args, **kwargs):
        try:
            key = request.form.get(FIELD, "") if request.method == "POST" else ""
        except RequestEntityTooLarge:  # the view says what was too large
            key = ""
        if not KEY.fullmatch(key):
            return view(*args, **kwargs)
        sender = current_user.id if current_user.is_authenticated else None
        with db.atomic():
            try:
                with db.atomic():  # waits for a first sending still under way, then fails if that one made something
                    submission_id = Submission.first(key, sender)
            except pw.IntegrityError:
                submission_id = None
            if submission_id is not None:
                response = make_response(view(*args, **kwargs))
                Submission.settle(submission_id, _outcome(response))
                return response
        first = Submission.get_or_none(Submission.key == key)
        if first is None or first.user_id != sender:
            abort(404)
        return _repeated(first)
    return once


def _outcome(response):
    """The page a sending led to: where it redirected, or the page an htmx fragment was swapped into; None when it
    made nothing (the form came back with its errors, or a preview was shown)."""
    if 300 <= response.status_code < 400:
        return (response.location or "")[:500]
    if 200 <= response.status_code < 300 and htmx and not htmx.boosted:
        return _on_this_site(htmx.current_url or "")
    return None


def _on_this_site(url):
    """The path and query of a URL of this site ("" for anything else)."""
    parts = urlsplit(url)
    if parts.netloc and parts.netloc != request.host:
        return ""
    return (parts.path + (f"?{parts.query}" if parts.query else ""))[:500]


def _repeated(first):
    """A repeat goes where the first sending led, saying so; htmx goes there as a whole page."""
    target = first.outcome or url_for("home.index")
    flash(REPEATED, "info")
    if htmx and not htmx.boosted:
        response = make_response("", 204)
        response.headers["HX-Redirect"] = target
        return response
    return redirect(target, 303)
