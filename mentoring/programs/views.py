"""Program pages: the list and page of a program, its settings and coordinators, and applying."""
from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required

from mentoring import access, clock, pictures, storage
from mentoring.coordinate import first_run
from mentoring.errors import DomainError
from mentoring.forms import Form, show_error
from mentoring.models import Coordinator, Membership, Program, Question
from mentoring.once import sent_once
from mentoring.programs import branding, forms, service
from mentoring.questionnaires import engine
from mentoring.questionnaires import service as questionnaires
from mentoring.web import admin_required, cached_url_for, form_view, kept_privately, render, render_form

bp = Blueprint("programs", __name__)


@bp.route("/programs/")
def index():
    return render("programs/index.html", programs=Program.public())


@bp.route("/programs/<slug:slug>")
def show(slug):
    program = access.visible_program(slug)
    mine = {m.role: m for m in Membership.mine(program.id, current_user.id)} if current_user.is_authenticated else {}
    rules = Question.rules_of(program.id)
    coordinating = access.is_coordinator(program, current_user)
    return render("programs/show.html", program=program, memberships=mine,
                  open_roles=service.roles_open_to(program, mine),
                  rules=[engine.rule_sentence(rule) for rule in rules], coordinating=coordinating,
                  first_run=_first_run(program) if coordinating else "")


def _first_run(program):
    """The first-run checklist of `program` as HTML, or "" once it is done."""
    shown = first_run.checklist_of(program)
    if shown is None:
        return ""
    return first_run.checklist_html(shown, [cached_url_for(step.endpoint, slug=program.slug, **step.values)
                                            + (f"#{step.anchor}" if step.anchor else "") for step in shown])


@bp.route("/admin/programs", methods=["GET", "POST"])
@form_view
@admin_required
@sent_once
def admin_index():
    form = forms.NewProgramForm()
    if form.validate_on_submit():
        program = service.create_program(current_user, name=form.name.data)
        flash(f"“{program.name}” is created as a draft. Appoint its coordinators below.", "success")
        return redirect(url_for("programs.coordinators", slug=program.slug))
    return render_form("programs/admin_index.html", form, programs=Program.newest_first())


@bp.route("/programs/<slug:slug>/settings", methods=["GET", "POST"])
@form_view
@login_required
def settings(slug):
    program = access.managed_program(slug)
    form = forms.SettingsForm(obj=program)
    if form.validate_on_submit():
        try:
            service.update_program(current_user, program, form.settings())
        except DomainError as error:
            show_error(form, error)
        else:
            flash("The program's settings are saved.", "success")
            return redirect(url_for("programs.settings", slug=program.slug))
    return render_form("programs/settings.html", form, program=program, states=service.STATE_LABELS,
                       branding_form=forms.BrandingForm(formdata=None, obj=program))


@bp.route("/programs/<slug:slug>/branding", methods=["POST"])
@form_view
@login_required
@storage.taking_a_file
def change_branding(slug):
    program = access.managed_program(slug)
    form = storage.submitted(forms.BrandingForm)
    if not form.file.errors and form.validate_on_submit():
        try:
            branding.change(current_user, program, form.accent_chosen(), form.upload(),
                            max_bytes=current_app.config["FILE_MAX_BYTES"])
        except DomainError as error:
            show_error(form, error)
        else:
            flash("The program's look is saved.", "success")
            return redirect(url_for("programs.settings", slug=program.slug, _anchor="branding-title"))
    return render("programs/settings.html", status=422, form=forms.SettingsForm(formdata=None, obj=program),
                  program=program, states=service.STATE_LABELS, branding_form=form)


@bp.route("/programs/<slug:slug>/logo/remove", methods=["POST"])
@login_required
def remove_logo(slug):
    program = access.managed_program(slug)
    branding.remove_logo(current_user, program)
    flash("The logo is removed.", "success")
    return redirect(url_for("programs.settings", slug=program.slug, _anchor="branding-title"))


@bp.route("/programs/<slug:slug>/logo/<version>.webp")
def logo(slug, version):
    """A program's logo: kept by the browser for a year (its address changes with the logo), never by a shared cache,
    since who may see a program that is not open depends on who asks."""
    return pictures.served(branding.logo_shown(access.visible_program(slug), version))


@bp.route("/programs/<slug:slug>/theme-<version>.css")
def theme(slug, version):
    """The custom properties a program's pages take from its branding, kept a year by the browser: the address
    changes with the colours (`version`: the accent's digits); an old version is not found."""
    body = render_template("programs/theme.css", properties=branding.theme(access.visible_program(slug), version))
    response = make_response(body)
    response.mimetype = "text/css"
    return kept_privately(response)


@bp.route("/programs/<slug:slug>/delete", methods=["GET", "POST"])
@form_view
@login_required
def delete(slug):
    program = access.managed_program(slug)
    form = forms.DeleteProgramForm()
    if form.validate_on_submit():
        try:
            service.delete_program(current_user, program, form.name.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(f"“{program.name}” is deleted, with everything in it.", "success")
            return redirect(url_for("home.index"))
    return render_form("programs/delete.html", form, program=program)


@bp.route("/programs/<slug:slug>/coordinators", methods=["GET", "POST"])
@form_view
@login_required
@sent_once
def coordinators(slug):
    program = access.managed_program(slug)
    form = forms.AppointForm()
    if form.validate_on_submit():
        try:
            user = service.appoint_coordinator(current_user, program, email=form.email.data, name=form.name.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash(f"{user.email} now coordinates {program.name}; we emailed them.", "success")
            return redirect(url_for("programs.coordinators", slug=program.slug))
    return render_form("programs/coordinators.html", form, program=program, people=Coordinator.people_of(program))


@bp.route("/programs/<slug:slug>/coordinators/<int:user_id>/remove", methods=["POST"])
@login_required
def remove_coordinator(slug, user_id):
    program = access.managed_program(slug)
    try:
        service.remove_coordinator(current_user, program, user_id)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash("That person no longer coordinates this program.", "success")
    return redirect(url_for("programs.coordinators", slug=program.slug))


@bp.route("/programs/<slug:slug>/apply/<role>", methods=["POST"])
@login_required
def apply(slug, role):
    program = access.visible_program(slug)
    try:
        service.start_application(current_user, program, role)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("programs.show", slug=slug))
    return redirect(url_for("programs.application_profile", slug=slug, role=role))


def _my_application(slug, role):
    """The current user's application for `role`, its questions and the steps of the form."""
    membership = access.own_membership(slug, role, ended=(Membership.WITHDRAWN, Membership.REJECTED))
    questions = list(Question.of(membership.program, role))
    return membership, questions, engine.sections(questions)


def _after_step(membership, number, sections):
    """Where the person goes once a step is saved: the next step, or the review before sending."""
    if membership.state == Membership.STARTED and number < len(sections):
        return redirect(url_for("programs.application_section", slug=membership.program.slug,
                                role=membership.role, number=number + 1))
    if membership.state != Membership.STARTED:
        flash("Your changes are saved.", "success")
    return redirect(url_for("programs.application_review", slug=membership.program.slug, role=membership.role))


@bp.route("/programs/<slug:slug>/apply/<role>/profile", methods=["GET", "POST"])
@form_view
@login_required
def application_profile(slug, role):
    membership, questions, sections = _my_application(slug, role)
    form = forms.ProfileForm(obj=membership)
    if form.validate_on_submit():
        try:
            service.save_profile(membership, headline=form.headline.data, bio=form.bio.data,
                                 video_link=form.video_link.data, capacity=form.capacity.data,
                                 consent_sensitive=form.consent_sensitive.data)
        except DomainError as error:
            show_error(form, error)
        else:
            return _after_step(membership, 0, sections)
    return render_form("programs/apply_profile.html", form, membership=membership, program=membership.program,
                       steps=len(sections) + 2, has_sensitive=any(q.sensitive for q in questions))


@bp.route("/programs/<slug:slug>/apply/<role>/<int:number>", methods=["GET", "POST"])
@form_view
@login_required
def application_section(slug, role, number):
    membership, questions, sections = _my_application(slug, role)
    title, section = service.application_step(sections, number)
    response = service.response_of(membership)
    form, errors = Form(), {}
    if request.method == "POST":
        raw = {question.id: request.form.getlist(f"q{question.id}") for question in section}
        if form.validate_on_submit():
            try:
                questionnaires.save_answers(response, section, raw, current_user.timezone)
            except questionnaires.AnswersInvalid as invalid:
                errors = invalid.errors
            else:
                return _after_step(membership, number, sections)
    else:
        answers = questionnaires.answers_of(response)
        raw = {q.id: engine.form_values(q, answers.get(q.id), current_user.timezone, clock.now().date())
               for q in section}
    return render("programs/apply_section.html", status=422 if errors or form.errors else 200, form=form,
                  membership=membership, program=membership.program, title=title, questions=section, raw=raw,
                  errors=errors, number=number, steps=len(sections) + 2)


@bp.route("/programs/<slug:slug>/apply/<role>/review", methods=["GET", "POST"])
@form_view
@login_required
@sent_once
def application_review(slug, role):
    membership, questions, sections = _my_application(slug, role)
    answers = questionnaires.answers_of(service.response_of(membership))
    missing = questionnaires.unanswered_required(questions, answers)
    form = Form()
    if form.validate_on_submit():
        try:
            service.submit_application(membership, missing)
        except DomainError as error:
            show_error(form, error)
        else:
            flash("Your application is sent." if membership.state == Membership.PENDING
                  else f"You are in! Welcome to {membership.program.name}.", "success")
            return redirect(url_for("home.index"))
    return render_form("programs/apply_review.html", form, membership=membership, program=membership.program,
                       sections=sections, answers=answers, missing={q.id for q in missing},
                       steps=len(sections) + 2, zone=current_user.timezone, today=clock.now().date())


@bp.route("/programs/<slug:slug>/apply/<role>/withdraw", methods=["POST"])
@login_required
def withdraw(slug, role):
    membership, _, _ = _my_application(slug, role)
    service.withdraw(membership)
    flash(f"Your application as a {role} is withdrawn.", "success")
    return redirect(url_for("home.index"))
