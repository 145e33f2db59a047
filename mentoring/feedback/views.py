"""Answering a feedback form: from the emailed link (no log-in), or from the dashboard."""
from flask import Blueprint, render_template, request
from flask_login import current_user, login_required

from mentoring.errors import DomainError
from mentoring.feedback import service
from mentoring.forms import Form
from mentoring.models import Feedback
from mentoring.questionnaires.service import AnswersInvalid
from mentoring.web import form_view, render

bp = Blueprint("feedback", __name__, url_prefix="/feedback")


def _form_page(feedback, person):
    """The form, checked and kept on POST; thanks once it is sent."""
    questions = service.questions_for(feedback.program_id, feedback.kind)
    form, errors, raw = Form(), {}, {}
    shared = feedback.shared
    if request.method == "POST":
        raw = {question.id: request.form.getlist(f"q{question.id}") for question in questions}
        shared = bool(request.form.get("shared"))
        if form.validate_on_submit():
            try:
                service.answer(feedback, raw, shared, person.timezone)
            except AnswersInvalid as invalid:
                errors = invalid.errors
            except DomainError as error:
                form.form_errors.append(error.message)
    pair = feedback.pair
    partner = pair.mentor.user if feedback.role == "mentee" else pair.mentee.user
    return render("feedback/answer.html", status=422 if errors or form.errors or form.form_errors else 200,
                  form=form, feedback=feedback, questions=questions, raw=raw, errors=errors, shared=shared,
                  partner=partner, person=person, title=service.title_of(feedback), zone=person.timezone,
                  sharing=feedback.kind == Feedback.SESSION)


@bp.route("/<token>", methods=["GET", "POST"])
@form_view
def answer_by_link(token):
    try:
        feedback = service.read_link(token)
    except DomainError as error:
        return render_template("meetings/rsvp_invalid.html", message=error.message), 404
    return _form_page(feedback, feedback.user)


@bp.route("/mine/<int:feedback_id>", methods=["GET", "POST"])
@form_view
@login_required
def answer(feedback_id):
    feedback = service.feedback_for(feedback_id, current_user)
    return _form_page(feedback, current_user)
