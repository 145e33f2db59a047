"""The site admin's view of the outbox: every email, its state, attempts and last error; retry."""
from flask import Blueprint, flash, make_response, request
from flask_login import current_user

from mentoring.email import outbox
from mentoring.email.delivery import smtp_configured
from mentoring.errors import DomainError
from mentoring.models import OutboxEmail
from mentoring.web import admin_required, page_number, render, safe_next

bp = Blueprint("email", __name__, url_prefix="/admin/outbox")

PAGE_SIZE = 50
STATES = (OutboxEmail.PENDING, OutboxEmail.SENDING, OutboxEmail.SENT, OutboxEmail.FAILED, OutboxEmail.BOUNCED)


@bp.route("/")
@admin_required
def index():
    state = request.args.get("state", "")
    page = page_number()
    emails = outbox.listing(state if state in STATES else None, page, PAGE_SIZE)
    return render("outbox/index.html", block="outbox_table", emails=emails, state=state, page=page,
                  counts=outbox.counts_by_state(), page_size=PAGE_SIZE, states=STATES,
                  smtp_configured=smtp_configured())


@bp.route("/<int:email_id>")
@admin_required
def show(email_id):
    email = outbox.email_for(email_id, current_user)
    return render("outbox/show.html", email=email, smtp_configured=smtp_configured())


@bp.route("/<int:email_id>/html")
@admin_required
def html_body(email_id):
    """The HTML part alone, for a sandboxed frame: no scripts, nothing loaded from elsewhere."""
    email = outbox.email_for(email_id, current_user)
    response = make_response(email.html_body)
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'; sandbox")
    return response


@bp.route("/<int:email_id>/retry", methods=["POST"])
@admin_required
def retry(email_id):
    try:
        email = outbox.retry(email_id, current_user)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(f"“{email.subject}” to {email.to_address}: {_retry_outcome(email)}", "success")
    return safe_next(request.form.get("back"), "email.index")


def _retry_outcome(email):
    if email.state == OutboxEmail.SENT:
        return "sent."
    if not smtp_configured():
        return "queued; no SMTP server is configured, so it stays here."
    return "queued for delivery."
