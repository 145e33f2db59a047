"""The program's library: members read what is meant for them and mark it read; coordinators keep it."""
from flask import Blueprint, current_app, flash, redirect, request, url_for
from flask_login import current_user, login_required

from mentoring import access, storage
from mentoring.errors import DomainError
from mentoring.forms import show_error
from mentoring.library import service
from mentoring.library.forms import IcebreakersForm, ResourceForm
from mentoring.models import Resource
from mentoring.once import sent_once
from mentoring.text import page_html
from mentoring.web import form_view, htmx, render, render_form

bp = Blueprint("library", __name__, url_prefix="/programs/<slug:slug>/library")


def _program(slug):
    """The program when the current user runs it or takes part in it."""
    program = access.visible_program(slug)
    if access.is_coordinator(program, current_user):
        return program
    return access.member_program(slug)


@bp.route("")
@login_required
def index(slug):
    program = _program(slug)
    stage = request.args.get("stage", "") if request.args.get("stage", "") in Resource.STAGES else ""
    tag = request.args.get("tag", "").strip().lower()[:60]
    resources, read = service.resources_for(program, current_user, stage, tag)
    tags = sorted({tag for resource in service.resources_for(program, current_user)[0] for tag in resource.tag_list})
    return render("library/index.html", program=program, resources=resources, read=read, stage=stage, tag=tag,
                  tags=tags, stages=Resource.STAGES, audiences=Resource.AUDIENCES,
                  managing=access.is_coordinator(program, current_user))


@bp.route("/<int:resource_id>")
@login_required
def resource(slug, resource_id):
    program = _program(slug)
    shown = service.resource_for(program, current_user, resource_id)
    return render("library/resource.html", program=program, resource=shown, page=page_html(shown.body),
                  file=service.file_kept(shown),
                  read=service.has_read(current_user, shown), stages=Resource.STAGES,
                  audiences=Resource.AUDIENCES, managing=access.is_coordinator(program, current_user))


@bp.route("/<int:resource_id>/read", methods=["POST"])
@login_required
def mark_read(slug, resource_id):
    program = _program(slug)
    shown = service.resource_for(program, current_user, resource_id)
    service.mark_read(shown, current_user)
    if htmx and not htmx.boosted:
        return render("library/_read.html", program=program, resource=shown, read=True, said=True)
    flash(f"“{shown.title}” is marked as read.", "success")
    return redirect(url_for("library.resource", slug=slug, resource_id=resource_id))


@bp.route("/<int:resource_id>/file")
@login_required
def download(slug, resource_id):
    kept, stream = service.file_of(_program(slug), current_user, resource_id)
    return storage.sent(stream, kept.name, kept.content_type)


@bp.route("/new", methods=["GET", "POST"])
@form_view
@login_required
@storage.taking_a_file
@sent_once
def new(slug):
    program = access.managed_program(slug)
    form = storage.submitted(ResourceForm)
    if not form.file.errors and form.validate_on_submit():
        try:
            added = service.save(current_user, program, form.fields(), upload=form.upload(),
                                 max_bytes=current_app.config["FILE_MAX_BYTES"])
        except DomainError as error:
            show_error(form, error)
        else:
            flash(f"“{added.title}” is in the library.", "success")
            return redirect(url_for("library.index", slug=slug))
    return render_form("library/edit.html", form, program=program, resource=None, file=None)


@bp.route("/<int:resource_id>/edit", methods=["GET", "POST"])
@form_view
@login_required
@storage.taking_a_file
def edit(slug, resource_id):
    program = access.managed_program(slug)
    kept = service.resource_in(program, resource_id)
    form = storage.submitted(ResourceForm, obj=kept)
    if not form.is_submitted():
        form.tags.data = ", ".join(kept.tag_list)
    if not form.file.errors and form.validate_on_submit():
        try:
            service.save(current_user, program, form.fields(), kept, upload=form.upload(),
                         max_bytes=current_app.config["FILE_MAX_BYTES"])
        except DomainError as error:
            show_error(form, error)
        else:
            flash(f"“{kept.title}” is saved.", "success")
            return redirect(url_for("library.index", slug=slug))
    return render_form("library/edit.html", form, program=program, resource=kept, file=service.file_kept(kept))


@bp.route("/<int:resource_id>/remove", methods=["POST"])
@login_required
def remove(slug, resource_id):
    program = access.managed_program(slug)
    removed = service.resource_in(program, resource_id)
    service.remove(current_user, program, removed)
    flash(f"“{removed.title}” is removed from the library.", "success")
    return redirect(url_for("library.index", slug=slug))


@bp.route("/icebreakers", methods=["GET", "POST"])
@form_view
@login_required
def icebreakers(slug):
    program = access.managed_program(slug)
    form = IcebreakersForm()
    if not form.is_submitted():
        form.questions.data = "\n".join(service.icebreakers(program))
    if form.validate_on_submit():
        service.set_icebreakers(current_user, program, form.texts())
        flash("The icebreakers are saved.", "success")
        return redirect(url_for("library.icebreakers", slug=slug))
    return render_form("library/icebreakers.html", form, program=program)
