"""Program health for coordinators: the board, nudges, pausing and ending pairs, the report and its exports,
and the inbox of reported problems."""
from flask import Blueprint, Response, abort, flash, redirect, request, stream_with_context, url_for
from flask_login import current_user, login_required

from mentoring import access, clock
from mentoring.coordinate import exports, flags, health, problems
from mentoring.coordinate.forms import NudgeForm, ProblemForm
from mentoring.coordinate.report import reports
from mentoring.errors import DomainError
from mentoring.forms import show_error
from mentoring.models import Pair, ProblemReport
from mentoring.once import sent_once
from mentoring.pairs import service as pairs
from mentoring.site import local_time, viewer_zone
from mentoring.web import form_view, ids, page_number, render, render_form
from mentoring.words import counted

bp = Blueprint("health", __name__, url_prefix="/programs/<slug:slug>")


@bp.route("/health")
@login_required
def board(slug):
    program = access.managed_program(slug)
    board = health.board_of(program)
    chosen = request.args.get("show", "") if request.args.get("show", "") in health.FILTERS else ""
    rows, total = health.page_of(board, chosen, page_number())
    pages = max(1, -(-total // health.PAGE_SIZE))
    page = min(page_number(), pages)  # an address past the last page shows the last
    rows, total = health.page_of(board, chosen, page)
    zone = viewer_zone()
    dates = {row.id: [moment.astimezone(zone).strftime("%d %b") if moment else "" for moment in
                      (row.last, row.next, row.nudged_at)] for row in rows}
    return render("coordinate/board.html", block="pairs", program=program, board=board, rows=rows, total=total,
                  dates=dates, labels=flags.LABELS, page=page, pages=pages, chosen=chosen, filters=health.FILTERS)


@bp.route("/health/nudge", methods=["GET", "POST"])
@form_view
@login_required
@sent_once
def nudge(slug):
    """Write (from the template), preview, then send a nudge to the chosen pairs or to every flagged pair."""
    program = access.managed_program(slug)
    chosen = ids(request.values.getlist("pair"))
    form = NudgeForm(subject=health.NUDGE_SUBJECT, message=health.NUDGE_MESSAGE)
    targets, preview, nobody = [], None, ""
    try:
        targets = health.nudge_targets(program, chosen)
    except DomainError as error:
        nobody = error.message
    if request.method == "POST" and nobody:
        form.validate_on_submit()
        form.form_errors.append(nobody)
        nobody = ""
    elif request.method == "POST" and form.validate_on_submit():
        if request.form.get("action") == "send":
            sent = health.send_nudges(current_user, program, targets, form.subject.data, form.message.data)
            flash(f"Nudge sent to {counted(sent, 'pair')}.", "success")
            return redirect(url_for("health.board", slug=slug))
        preview = health.nudge_preview(program, targets[0], form.subject.data, form.message.data)
    return render_form("coordinate/nudge.html", form, program=program, targets=targets, chosen=chosen,
                       preview=preview, nobody=nobody)


@bp.route("/health/pairs/<int:pair_id>/<any(pause, resume, rematch):action>", methods=["POST"])
@login_required
def pair_action(slug, pair_id, action):
    program = access.managed_program(slug)
    pair = Pair.get_or_none(Pair.id == pair_id, Pair.program == program.id)
    if pair is None:
        abort(404)
    try:
        if action == "rematch":
            pairs.end(pair.id, current_user, "The coordinators ended the pair to find new matches.", kind="rematch")
        else:
            pairs.pause(pair.id, current_user, paused=action == "pause")
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("health.board", slug=slug))
    if action == "rematch":
        flash("The pair has ended; both people are back among those waiting. Propose new matches here.", "success")
        return redirect(url_for("coordinate.matching_console", slug=slug))
    flash("The pair is paused; its planned sessions are cancelled." if action == "pause"
          else "The pair continues.", "success")
    return redirect(url_for("health.board", slug=slug))


@bp.route("/report")
@login_required
def report(slug):
    program = access.managed_program(slug)
    now = clock.now()
    return render("coordinate/report.html", program=program, report=reports.get(program, now),
                  exports=exports.EXPORTS, printable=request.args.get("print") == "1",
                  now_label=local_time(now, "%d %B %Y, %H:%M"))


@bp.route("/report/<any(members, pairs, sessions, feedback):name>.csv")
@login_required
def export(slug, name):
    program = access.managed_program(slug)
    rows = getattr(exports, name)(program)
    filename = f"{program.slug}-{name}-{clock.now():%Y-%m-%d}.csv"
    return Response(stream_with_context(exports.as_csv(rows)), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/problems")
@login_required
def problem_reports(slug):
    program = access.managed_program(slug)
    state = request.args.get("state", "") if request.args.get("state", "") in ProblemReport.STATES else ""
    return render("coordinate/problems.html", program=program, reports=problems.reports_of(program, state),
                  state=state, states=ProblemReport.STATES)


@bp.route("/problems/<int:report_id>", methods=["GET", "POST"])
@form_view
@login_required
def problem(slug, report_id):
    program = access.managed_program(slug)
    report = problems.report_in(program, report_id)
    form = ProblemForm(obj=report)
    if form.validate_on_submit():
        try:
            problems.update(current_user, report, form.state.data, form.note.data, form.deactivate.data)
        except DomainError as error:
            show_error(form, error)
        else:
            flash("The report is updated.", "success")
            return redirect(url_for("health.problem_reports", slug=slug))
    return render_form("coordinate/problem.html", form, program=program, report=report)
