"""A pair's home: the partner, the next session and its agenda, past sessions, and the pair's decisions.

The page gathers what the domains above pairs keep about it (sessions), so its view reads from them.
"""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from mentoring.errors import DomainError, NotFound
from mentoring.forms import show_error
from mentoring.meetings import agenda
from mentoring.meetings import service as meetings
from mentoring.pairs import service
from mentoring.pairs.forms import EndForm
from mentoring.models import Pair
from mentoring.web import form_view, render, render_form

bp = Blueprint("pairs", __name__, url_prefix="/pairs")


def _pair(pair_id):
    try:
        return service.pair_for(pair_id, current_user)
    except NotFound:
        abort(404)


UPCOMING_SHOWN = 5


@bp.route("/<int:pair_id>")
@login_required
def show(pair_id):
    pair = _pair(pair_id)
    side = service.side_of(pair, current_user)
    upcoming, past = meetings.sessions_of(pair)
    return render("pairs/show.html", pair=pair, side=side, end_kinds=service.END_KINDS, upcoming=upcoming,
                  past=past, answers=meetings.answers_to(upcoming[:1]), shown=UPCOMING_SHOWN,
                  next_agenda=agenda.items_of(upcoming[0]) if side and upcoming else [])


@bp.route("/<int:pair_id>/answer", methods=["POST"])
@login_required
def answer(pair_id):
    before = _pair(pair_id).state
    yes = request.form.get("answer") == "yes"
    try:
        pair = service.answer(pair_id, current_user, yes)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("pairs.show", pair_id=pair_id))
    messages = {"active": "You are now a mentoring pair.", "introduction": "Both of you said yes: time to meet!",
                "ended": "Thank you for saying so. You are both free to find someone else."}
    changed = pair.state != before
    flash(messages[pair.state] if changed else "Thank you: we are waiting for the other person's answer.", "success")
    return redirect(url_for("pairs.show", pair_id=pair_id))


@bp.route("/<int:pair_id>/end", methods=["GET", "POST"])
@form_view
@login_required
def end(pair_id):
    pair = _pair(pair_id)
    if pair.state == Pair.ENDED:
        return redirect(url_for("pairs.show", pair_id=pair_id))
    form = EndForm()
    if form.validate_on_submit():
        try:
            service.end(pair_id, current_user, form.reason.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash("The pair has ended. Thank you for the time you gave each other.", "success")
            return redirect(url_for("pairs.show", pair_id=pair_id))
    return render_form("pairs/end.html", form, pair=pair, side=service.side_of(pair, current_user))
