"""The question builder: add, edit, reorder and remove the questions of a program's questionnaires."""
from flask import Blueprint, flash, redirect, request, url_for
from flask_login import current_user, login_required

from mentoring import access
from mentoring.errors import DomainError
from mentoring.forms import Form, show_error
from mentoring.models import Question
from mentoring.once import sent_once
from mentoring.questionnaires import service
from mentoring.questionnaires.forms import QuestionForm
from mentoring.web import form_view, htmx, render, render_form

bp = Blueprint("questionnaires", __name__, url_prefix="/programs/<slug:slug>/questions")


def _questionnaire(slug, purpose):
    program = access.managed_program(slug)
    return program, service.questionnaire_of(program, purpose)


def _list_page(program, questionnaire, block=None, moved=None):
    questions = list(Question.in_questionnaire(questionnaire))
    return render("questionnaires/index.html", block=block, program=program, purpose=questionnaire.purpose,
                  title=service.PURPOSES[questionnaire.purpose], questions=questions, moved=moved,
                  counterparts={q.counterpart_id for q in Question.of(program, "mentee") if q.counterpart_id})


@bp.route("/<purpose>")
@login_required
def index(slug, purpose):
    program, questionnaire = _questionnaire(slug, purpose)
    return _list_page(program, questionnaire)


def _editor(program, questionnaire, question=None):
    form = QuestionForm(obj=question)
    mentor_questions = list(Question.of(program, "mentor")) if questionnaire.purpose == "mentee" else []
    if question is not None and question.counterpart_id and request.method == "GET":
        form.counterpart.data = question.counterpart_id
        form.label_for_filter.data = question.filter_label
    return form.for_questionnaire(questionnaire.purpose, mentor_questions)


def _render_editor(program, questionnaire, form, question=None, confirm=None):
    return render_form("questionnaires/edit.html", form, program=program, purpose=questionnaire.purpose,
                       question=question, confirm=confirm, sections=Question.sections_of(questionnaire),
                       formdata=request.form, answered=service.answer_counts(question) if question else {})


@bp.route("/<purpose>/new", methods=["GET", "POST"])
@form_view
@login_required
@sent_once
def new(slug, purpose):
    program, questionnaire = _questionnaire(slug, purpose)
    form = _editor(program, questionnaire)
    if form.validate_on_submit():
        try:
            question = service.add_question(current_user, program, purpose, form.question_data(None, request.form))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(f"“{question.label}” is added at the end.", "success")
            return redirect(url_for("questionnaires.index", slug=slug, purpose=purpose) + f"#question-{question.id}")
    return _render_editor(program, questionnaire, form)


@bp.route("/<purpose>/<int:question_id>", methods=["GET", "POST"])
@form_view
@login_required
def edit(slug, purpose, question_id):
    program, questionnaire = _questionnaire(slug, purpose)
    question = service.question_in(questionnaire, question_id)
    form, confirm = _editor(program, questionnaire, question), None
    if form.validate_on_submit():
        try:
            service.update_question(current_user, question, form.question_data(question, request.form),
                                    confirmed=bool(request.form.get("confirmed")))
        except service.NeedsConfirmation as needed:
            confirm = needed.message
        except DomainError as error:
            show_error(form, error)
        else:
            flash(f"“{question.label}” is saved.", "success")
            return redirect(url_for("questionnaires.index", slug=slug, purpose=purpose) + f"#question-{question.id}")
    return _render_editor(program, questionnaire, form, question, confirm)


@bp.route("/<purpose>/<int:question_id>/move", methods=["POST"])
@login_required
def move(slug, purpose, question_id):
    program, questionnaire = _questionnaire(slug, purpose)
    question = service.question_in(questionnaire, question_id)
    direction = -1 if request.form.get("direction") == "up" else 1
    service.move_question(current_user, question, direction)
    if htmx:
        return _list_page(program, questionnaire, block="question_list", moved=(question.id, direction))
    return redirect(url_for("questionnaires.index", slug=slug, purpose=purpose) + f"#question-{question.id}")


@bp.route("/<purpose>/<int:question_id>/remove", methods=["GET", "POST"])
@form_view
@login_required
def remove(slug, purpose, question_id):
    program, questionnaire = _questionnaire(slug, purpose)
    question = service.question_in(questionnaire, question_id)
    form = Form()
    answered = service.people_who_answered(question)
    if form.validate_on_submit():
        try:
            service.remove_question(current_user, question, confirmed=bool(request.form.get("confirmed")))
        except DomainError as error:
            show_error(form, error)
        else:
            flash(f"“{question.label}” is removed.", "success")
            return redirect(url_for("questionnaires.index", slug=slug, purpose=purpose))
    return render_form("questionnaires/remove.html", form, program=program, purpose=purpose, question=question,
                       answered=answered)
