"""The site admin's Inbox, beside the Outbox: every message that came back, what came of it and why."""
from flask import Blueprint
from werkzeug.exceptions import NotFound

from mentoring.inbound import service
from mentoring.web import admin_required, page_number, render

bp = Blueprint("inbound", __name__, url_prefix="/admin/inbox")


@bp.route("/")
@admin_required
def index():
    page = page_number()
    return render("inbound/index.html", messages=service.listing(page, service.PAGE_SIZE), page=page,
                  page_size=service.PAGE_SIZE)


@bp.route("/<int:inbound_id>")
@admin_required
def show(inbound_id):
    message = service.message(inbound_id)
    if message is None:
        raise NotFound()
    return render("inbound/show.html", message=message, text=service.raw_text(message))
