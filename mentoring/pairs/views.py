"""A pair's page: the partner, the pair's state, and its decisions (agree, continue, end)."""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required

from mentoring.errors import DomainError, NotFound
from mentoring.forms import show_error
from mentoring.pairs import service
from mentoring.pairs.forms import EndForm
from mentoring.web import form_view, render_form

bp = Blueprint("pairs", __name__, url_prefix="/pairs")


def _pair(pair_id):
    try:
        return service.pair_for(pair_id, current_user)
    except NotFound:
        abort(404)


@bp.route("/<int:pair_id>")
@login_required
def show(pair_id):
    pair = _pair(pair_id)
    return render_form("pairs/show.html", EndForm(formdata=None), pair=pair, side=service.side_of(pair, current_user),
                       end_kinds=service.END_KINDS)


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


@bp.route("/<int:pair_id>/end", methods=["POST"])
@form_view
@login_required
def end(pair_id):
    pair = _pair(pair_id)
    form = EndForm()
    if form.validate_on_submit():
        try:
            service.end(pair_id, current_user, form.reason.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash("The pair has ended. Thank you for the time you gave each other.", "success")
            return redirect(url_for("pairs.show", pair_id=pair_id))
    return render_form("pairs/show.html", form, pair=pair, side=service.side_of(pair, current_user),
                       end_kinds=service.END_KINDS)
