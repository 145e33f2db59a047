"""The coordinator's console: applicants and decisions, importing people, the audit log."""
import peewee as pw
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_login import current_user, login_required
from werkzeug.exceptions import RequestEntityTooLarge

from mentoring import access, clock
from mentoring.site import viewer_zone
from mentoring.coordinate import importing, listing
from mentoring.coordinate.forms import ImportForm
from mentoring.errors import DomainError
from mentoring.forms import show_error
from mentoring.models import AuditLog, Membership, Question, User
from mentoring.programs import service as programs
from mentoring.programs.forms import DecisionForm
from mentoring.questionnaires import service as questionnaires
from mentoring.web import form_view, ids, page_number, render, render_form

bp = Blueprint("coordinate", __name__, url_prefix="/programs/<slug:slug>")

@bp.route("/applicants")
@login_required
def applicants(slug):
    program = access.managed_program(slug)
    role = request.args.get("role", "") if request.args.get("role") in Membership.ROLES else ""
    state = request.args.get("state", "") if request.args.get("state") in Membership.STATES else ""
    search, page = request.args.get("q", "").strip()[:100], page_number()
    role_counts, state_counts = listing.applicant_counts(program)
    return render("coordinate/applicants.html", block="applicants", program=program,
                  members=listing.applicant_page(program, role, state, search, page, viewer_zone()),
                  role_counts=role_counts,
                  state_counts=state_counts, role=role, state=state, search=search, page=page,
                  page_size=listing.PAGE_SIZE, roles=Membership.ROLES, states=Membership.STATES)


@bp.route("/applicants/approve", methods=["POST"])
@login_required
def bulk_approve(slug):
    program = access.managed_program(slug)
    chosen = ids(request.form.getlist("membership"))
    count = programs.bulk_approve(current_user, program, chosen)
    flash(f"{count} application{'s' if count != 1 else ''} approved." if count
          else "Tick the applications to approve first.", "success" if count else "error")
    return redirect(url_for("coordinate.applicants", slug=slug, **request.args))


def _membership(program, membership_id):
    return (Membership.select(Membership, User).join(User)
            .where(Membership.id == membership_id, Membership.program == program).first() or abort(404))


@bp.route("/applicants/<int:membership_id>", methods=["GET", "POST"])
@form_view
@login_required
def applicant(slug, membership_id):
    program = access.managed_program(slug)
    membership = _membership(program, membership_id)
    form = DecisionForm()
    if form.validate_on_submit():
        approve = request.form.get("decision") == "approve"
        try:
            programs.decide(current_user, membership, approve=approve, message=form.message.data.strip())
        except DomainError as error:
            show_error(form, error)
        else:
            flash(f"{membership.user.name} is {'approved' if approve else 'not accepted'}; we emailed them.",
                  "success")
            return redirect(url_for("coordinate.applicants", slug=slug, state="pending"))
    questions = list(Question.of(program, membership.role))
    response = programs.response_of(membership)
    return render_form("coordinate/applicant.html", form, program=program, membership=membership,
                       questions=questions, answers=questionnaires.answers_of(response), today=clock.now().date())


@bp.route("/import", methods=["GET", "POST"])
@form_view
@login_required
def import_members(slug):
    program = access.managed_program(slug)
    request.max_content_length = importing.MAX_BYTES + 64 * 1024
    preview = None
    try:
        form = ImportForm()
        if form.validate_on_submit():
            confirmed = bool(form.csv_text.data) and request.form.get("action") == "import"
            data = form.csv_text.data.encode() if confirmed else (form.file.data.read() if form.file.data else b"")
            if confirmed:
                rows = importing.import_rows(current_user, program, data)
                flash(f"{len(rows)} people are imported and emailed.", "success")
                return redirect(url_for("coordinate.applicants", slug=slug))
            preview = importing.check(program, data)
            form.csv_text.data = data.decode("utf-8-sig")
    except RequestEntityTooLarge:
        form = ImportForm(formdata=None)
        form.form_errors.append("The file is larger than 5 MB, so nothing was read. Import it in smaller parts.")
    except importing.ImportProblem as problem:
        show_error(form, problem)
    return render_form("coordinate/import.html", form, program=program, preview=preview,
                       questions={role: list(Question.of(program, role)) for role in Membership.ROLES},
                       columns=importing.REQUIRED_COLUMNS + importing.PROFILE_COLUMNS)


@bp.route("/audit")
@login_required
def audit_log(slug):
    program = access.managed_program(slug)
    page = page_number()
    entries = (AuditLog.select(AuditLog, User).join(User, pw.JOIN.LEFT_OUTER)
               .where(AuditLog.program == program).order_by(AuditLog.id.desc()).paginate(page, 100))
    return render("coordinate/audit.html", program=program, entries=list(entries), page=page)
