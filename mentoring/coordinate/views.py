"""The coordinator's console: applicants and decisions, importing people, matching runs, the health board, nudges,
pausing and ending pairs, the report and its exports, the inbox of reported problems, the audit log."""
import functools

from flask import Blueprint, Response, flash, redirect, render_template, request, stream_with_context, url_for
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.exceptions import RequestEntityTooLarge

from mentoring import access, clock
from mentoring.conversations import moderation
from mentoring.coordinate import (
    applicant_list,
    board_rows,
    board_sections,
    exports,
    flags,
    health,
    importing,
    listing,
    match_runs,
    problems,
)
from mentoring.coordinate.forms import ImportForm, NudgeForm, PeopleForm, ProblemForm, RunForm
from mentoring.coordinate.report import reports
from mentoring.errors import DomainError
from mentoring.forms import csrf_html, show_error
from mentoring.models import AuditLog, MatchConstraint, MatchRun, Membership, Pair, ProblemReport, Question
from mentoring.once import sent_once
from mentoring.pairs import service as pair_service
from mentoring.programs import service as programs
from mentoring.programs.forms import DecisionForm
from mentoring.questionnaires import engine
from mentoring.questionnaires import service as questionnaires
from mentoring.site import local_time, viewer_zone
from mentoring.text import escaped
from mentoring.web import (
    MAX_PAGE,
    built_once,
    cached_url_for,
    form_view,
    ids,
    page_number,
    render,
    render_form,
    url_parts,
    url_pattern,
)
from mentoring.words import counted

bp = Blueprint("coordinate", __name__, url_prefix="/programs/<slug:slug>")
APPLICANT_FILTERS = ("role", "state")  # the applicants list's filters, kept after a bulk approval


@bp.route("/applicants")
@login_required
def applicants(slug):
    program = access.managed_program(slug)
    role = request.args.get("role", "") if request.args.get("role") in Membership.ROLES else ""
    state = request.args.get("state", "") if request.args.get("state") in Membership.STATES else ""
    search, page = request.args.get("q", "").strip()[:100], page_number()
    role_counts, state_counts = listing.applicant_counts(program)
    members = listing.applicant_page(program, role, state, search, page, viewer_zone())
    filters = applicant_list.Filters(role, state, search, role_counts, state_counts)
    return render("coordinate/applicants.html", block="applicants", program=program,
                  applicants_html=applicant_list.list_html(members, filters, csrf_html(),
                                                           _applicant_links(program.slug, filters, page, members)))


def _applicant_links(slug, filters, page, members):
    """Where the applicant list leads (coordinate.applicant_list.Links), escaped; its pager keeps the filters."""
    role, state = filters.role or None, filters.state or None

    def page_url(number):
        return escaped(url_for("coordinate.applicants", slug=slug, role=role, state=state, q=filters.search or None,
                               page=number))

    return applicant_list.Links(
        escaped(cached_url_for("coordinate.applicants", slug=slug)),
        escaped(cached_url_for("coordinate.bulk_approve", slug=slug, role=role, state=state)),
        escaped(cached_url_for("coordinate.import_members", slug=slug)),
        tuple(map(escaped, url_parts("coordinate.applicant", "membership_id", slug=slug))),
        page_url(page - 1) if page > 1 else "",
        page_url(page + 1) if len(members) == listing.PAGE_SIZE else "")


@bp.route("/applicants/approve", methods=["POST"])
@login_required
def bulk_approve(slug):
    program = access.managed_program(slug)
    chosen = ids(request.form.getlist("membership"))
    count = programs.bulk_approve(current_user, program, chosen)
    flash(f"{counted(count, 'application')} approved." if count
          else "Tick the applications to approve first.", "success" if count else "error")
    return redirect(url_for("coordinate.applicants", slug=slug,
                            **{key: request.args[key] for key in APPLICANT_FILTERS if key in request.args}))


@bp.route("/applicants/<int:membership_id>", methods=["GET", "POST"])
@form_view
@login_required
def applicant(slug, membership_id):
    program = access.managed_program(slug)
    membership = access.applicant(program, membership_id)
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
    answers, today = questionnaires.answers_of(response), clock.now().date()
    mine = questionnaires.free_time_of(current_user, program) or (None, None)
    free_time = {q.id: engine.availability_for(answers[q.id], membership.user.timezone, response.updated_at.date(),
                                               current_user.timezone, today, *mine)
                 for q in questions if q.kind == engine.AVAILABILITY and answers.get(q.id)}
    return render_form("coordinate/applicant.html", form, program=program, membership=membership,
                       questions=questions, answers=answers, free_time=free_time, today=today)


def _taking_at_most(size):
    """A view that reads a request body of at most `size` bytes (set before anything reads the form)."""
    def decorate(view):
        @functools.wraps(view)
        def limited(*args, **kwargs):
            request.max_content_length = size
            return view(*args, **kwargs)
        return limited
    return decorate


@bp.route("/import", methods=["GET", "POST"])
@form_view
@login_required
@_taking_at_most(importing.MAX_BYTES + 64 * 1024)
@sent_once
def import_members(slug):
    program = access.managed_program(slug)
    preview = None
    try:
        form = ImportForm()
        if form.validate_on_submit():
            confirmed = bool(form.csv_text.data) and request.form.get("action") == "import"
            data = form.csv_text.data.encode() if confirmed else (form.file.data.read() if form.file.data else b"")
            if confirmed:
                rows = importing.import_rows(current_user, program, data)
                flash(f"{counted(len(rows), 'person is', 'people are')} imported and emailed.", "success")
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
    entries = list(AuditLog.page_of(program, page, 100))
    return render("coordinate/audit.html", program=program, entries=entries, page=page)


def _people_options(program):
    """(id, name) of approved mentees and mentors of the program, for the console's lists."""
    rows = list(Membership.approved_names(program))
    mentees = [(member_id, name) for member_id, role, name in rows if role == Membership.MENTEE]
    mentors = [(member_id, name) for member_id, role, name in rows if role == Membership.MENTOR]
    return mentees, mentors


def _console(program, people_form=None, run_form=None, status=200):
    mentees, mentors = _people_options(program)
    form = (people_form or PeopleForm(formdata=None)).offering(mentees, mentors)
    free_mentees, free_mentors, seats = match_runs.candidates(program)
    constraints = list(MatchConstraint.pins_and_blocks(program))
    refusals = match_runs.refusals(program, [m.id for m in free_mentees], [m.id for m in free_mentors])
    shown = constraints + refusals
    return render("coordinate/matching.html", status=status, program=program,
                  run_form=run_form or RunForm(formdata=None), labels=match_runs.LABELS,
                  people_form=form, runs=list(MatchRun.latest_of(program, 5)),
                  waiting=len(free_mentees), mentors_free=len(free_mentors), seats=sum(seats),
                  constraints=constraints, refusals=refusals,
                  names=match_runs.names({c.mentee_id for c in shown} | {c.mentor_id for c in shown}))


@bp.route("/matching")
@login_required
def matching_console(slug):
    return _console(access.managed_program(slug))


@bp.route("/matching/runs", methods=["POST"])
@login_required
@sent_once
def start_run(slug):
    program = access.managed_program(slug)
    form = RunForm()
    if not form.validate_on_submit():
        return _console(program, run_form=form, status=422)
    run = match_runs.start_run(current_user, program, objective=form.objective.data)
    return redirect(url_for("coordinate.match_run", slug=slug, run_id=run.id))


@bp.route("/matching/runs/<int:run_id>")
@login_required
def match_run(slug, run_id):
    program = access.managed_program(slug)
    run = match_runs.run_of(program, run_id)
    page, left_page = page_number(), min(MAX_PAGE, max(1, request.args.get("left", 1, type=int)))
    rows, left_rows, seats_left = match_runs.shown(run, page, left_page)
    ids = ({row["mentee"] for row in rows} | {row["mentor"] for row in rows} | {int(i) for i, _ in left_rows} |
           {int(i) for i, _ in seats_left})
    scores = [row["score"] for row in run.rows]
    totals = {"matched": len(scores), "mean": round(sum(scores) / len(scores), 1) if scores else 0,
              "lowest": min(scores) if scores else 0}
    return render("coordinate/match_run.html", block="run", program=program, run=run, names=match_runs.names(ids),
                  totals=totals, choices=match_runs.choices(run), labels=match_runs.LABELS, rows=rows,
                  left_rows=left_rows, seats_left=seats_left, page=page, left_page=left_page,
                  per_page=match_runs.ROWS_SHOWN, reasons=match_runs.reasons_of(program, rows))


def _edit_run(slug, run_id, change, done):
    program = access.managed_program(slug)
    run = match_runs.run_of(program, run_id)
    try:
        change(run)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash(done, "success")
    return redirect(url_for("coordinate.match_run", slug=slug, run_id=run_id))


@bp.route("/matching/runs/<int:run_id>/remove", methods=["POST"])
@login_required
def remove_row(slug, run_id):
    mentee = request.form.get("mentee", type=int)
    return _edit_run(slug, run_id, lambda run: match_runs.remove_row(current_user, run, mentee),
                     "The row is removed from the proposal.")


@bp.route("/matching/runs/<int:run_id>/swap", methods=["POST"])
@login_required
def swap_rows(slug, run_id):
    first, second = request.form.get("mentee", type=int), request.form.get("with", type=int)
    return _edit_run(slug, run_id, lambda run: match_runs.swap_rows(current_user, run, first, second),
                     "The two mentees have swapped mentors.")


@bp.route("/matching/runs/<int:run_id>/publish", methods=["GET", "POST"])
@login_required
def publish_run(slug, run_id):
    """Ask first, saying how many people will be emailed; publish once the coordinator confirms that number."""
    program = access.managed_program(slug)
    run = match_runs.run_of(program, run_id)
    if run.state != MatchRun.DONE:
        flash("This proposal can no longer be changed.", "error")
        return redirect(url_for("coordinate.match_run", slug=slug, run_id=run_id))
    confirmed = request.form.get("emailed", type=int) if request.method == "POST" else None
    if confirmed is None:
        return _publish_page(program, run, match_runs.publishing_plan(run))
    try:
        plan = match_runs.publish(current_user, run, confirmed)
    except match_runs.PlanChanged as changed:
        return _publish_page(program, run, changed.plan, changed=changed.message, status=422)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("coordinate.match_run", slug=slug, run_id=run_id))
    flash(f"{counted(len(plan.rows), 'proposal')} sent; {counted(plan.emailed, 'person was', 'people were')} "
          "emailed to accept."
          + (f" {counted(plan.skipped, 'row was', 'rows were')} skipped: someone was paired or full meanwhile."
             if plan.skipped else ""), "success")
    return redirect(url_for("coordinate.pairs", slug=slug))


def _publish_page(program, run, plan, changed="", status=200):
    return render("coordinate/publish.html", block="publish", status=status, program=program, run=run, plan=plan,
                  changed=changed)


@bp.route("/matching/people", methods=["POST"])
@form_view
@login_required
@sent_once
def match_people(slug):
    program = access.managed_program(slug)
    mentees, mentors = _people_options(program)
    form = PeopleForm().offering(mentees, mentors)
    if form.validate_on_submit():
        try:
            if request.form.get("action") == "pair":
                match_runs.pair_by_hand(current_user, program, form.mentee.data, form.mentor.data)
                message = "The proposal is sent to both of them."
            else:
                match_runs.add_constraint(current_user, program, form.mentee.data, form.mentor.data, form.kind.data)
                message = "The rule is kept for the next runs."
        except DomainError as error:
            show_error(form, error)
        else:
            flash(message, "success")
            return redirect(url_for("coordinate.matching_console", slug=slug))
    return _console(program, form, status=422)


@bp.route("/matching/refusals/lift", methods=["POST"])
@login_required
def lift_refusal(slug):
    program = access.managed_program(slug)
    match_runs.lift_refusal(current_user, program, request.form.get("mentee", type=int),
                          request.form.get("mentor", type=int))
    flash("Lifted: the next runs may propose these two to each other.", "success")
    return redirect(url_for("coordinate.matching_console", slug=slug))


@bp.route("/matching/constraints/<int:constraint_id>/remove", methods=["POST"])
@login_required
def remove_constraint(slug, constraint_id):
    program = access.managed_program(slug)
    match_runs.remove_constraint(current_user, program, constraint_id)
    flash("The rule is removed.", "success")
    return redirect(url_for("coordinate.matching_console", slug=slug))


@bp.route("/pairs")
@login_required
def pairs(slug):
    program = access.managed_program(slug)
    state = request.args.get("state", "") if request.args.get("state") in Pair.HOLDING + (Pair.ENDED,) else ""
    shown = list(Pair.page_of(program, state, page_number(), 100))
    return render("coordinate/pairs.html", program=program, pairs=shown, state=state,
                  states=Pair.HOLDING + (Pair.ENDED,))


@bp.route("/health")
@login_required
def board(slug):
    program = access.managed_program(slug)
    board = health.board_of(program)
    chosen = request.args.get("show", "") if request.args.get("show", "") in health.FILTERS else ""
    rows, total, page = health.page_of(board, chosen, page_number())
    pages = max(1, -(-total // health.PAGE_SIZE))
    filters_html, summary_html, lists_html = _board_sections_html(board, chosen, program.slug)
    return render("coordinate/board.html", block="pairs", program=program, rows=rows, total=total,
                  rows_html=_board_rows_html(board, rows, (chosen, page), program.slug), page=page,
                  pages=pages, chosen=chosen, filters=health.FILTERS, filters_html=filters_html,
                  summary_html=summary_html, lists_html=lists_html)


def _board_sections_html(board, chosen, slug):
    """The board's filters (`chosen` marked), counts and lists of people waiting as HTML, written once a board for
    each viewer's time zone and address of the program `slug`."""
    zone = viewer_zone()
    key = ("sections", chosen, zone, request.script_root, slug)
    written = board.written.get(key)
    if written is None:
        links = _board_section_links(slug)
        written = board.written[key] = (
            board_sections.filters_html(health.FILTERS, board.counts, chosen, links),
            board_sections.summary_html(board.counts, len(board.waiting_mentees), len(board.unanswered), links),
            board_sections.lists_html(board.waiting_mentees, board.free_mentors, board.unanswered, links,
                                      lambda moment: local_time(moment, "%d %b")))
    return written


def _board_rows_html(board, rows, shown, slug):
    """The `rows` of the board's page `shown` (filter, page number) as HTML, written once a board for each viewer's
    time zone and address of the program `slug`."""
    zone, links = viewer_zone(), _board_links(slug)
    key = (shown, zone, links)
    written = board.written.get(key)
    if written is None:
        dates = {row.id: [health.day_and_month(moment, zone) for moment in (row.last, row.next, row.nudged_at)]
                 for row in rows}
        written = board.written[key] = board_rows.rows_html(rows, dates, flags.LABELS, links)
    return written


@built_once
def _board_section_links(slug):
    """Where the board's sections lead, for the program `slug` (coordinate.board_sections.Links), escaped."""
    return board_sections.Links(
        escaped(cached_url_for("coordinate.problem_reports", slug=slug)),
        escaped(cached_url_for("coordinate.nudge", slug=slug)),
        escaped(cached_url_for("coordinate.matching_console", slug=slug)),
        escaped(url_pattern("coordinate.applicant", "membership_id", slug=slug)),
        {value: escaped(cached_url_for("coordinate.board", slug=slug, show=value or None)) for value in health.FILTERS})


@built_once
def _board_links(slug):
    """Where a board row's links and buttons lead, for the program `slug` (coordinate.board_rows.Links)."""
    def acting(action):
        return url_pattern("coordinate.pair_action", "pair_id", slug=slug, action=action)
    return board_rows.Links(url_pattern("pairs.show", "pair_id"), url_pattern("coordinate.nudge", "pair", slug=slug),
                            acting("pause"), acting("resume"), acting("rematch"), url_pattern("pairs.end", "pair_id"))


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
            return redirect(url_for("coordinate.board", slug=slug))
        preview = health.nudge_preview(program, targets[0], form.subject.data, form.message.data)
    return render_form("coordinate/nudge.html", form, program=program, targets=targets, chosen=chosen,
                       preview=preview, nobody=nobody)


@bp.route("/health/pairs/<int:pair_id>/<any(pause, resume, rematch):action>", methods=["POST"])
@login_required
def pair_action(slug, pair_id, action):
    program = access.managed_program(slug)
    pair = pair_service.pair_in(program, pair_id)
    try:
        if action == "rematch":
            pair_service.end(pair.id, current_user, "The coordinators ended the pair to find new matches.",
                             kind="rematch")
        else:
            pair_service.pause(pair.id, current_user, paused=action == "pause")
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("coordinate.board", slug=slug))
    if action == "rematch":
        flash("The pair has ended; both people are back among those waiting. Propose new matches here.", "success")
        return redirect(url_for("coordinate.matching_console", slug=slug))
    flash("The pair is paused; its planned sessions are cancelled." if action == "pause"
          else "The pair continues.", "success")
    return redirect(url_for("coordinate.board", slug=slug))


@bp.route("/report")
@login_required
def report(slug):
    program = access.managed_program(slug)
    now = clock.now()
    return render("coordinate/report.html", program=program, report_html=_report_html(reports.get(program, now)),
                  exports=exports.EXPORTS, printable=request.args.get("print") == "1",
                  now_label=local_time(now, "%d %B %Y, %H:%M"))


def _report_html(report):
    """The body of `report` (coordinate.report.Report) as HTML, written once."""
    if report.html is None:
        report.html = Markup(render_template("coordinate/_report_body.html", report=report))
    return report.html


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
            return redirect(url_for("coordinate.problem_reports", slug=slug))
    return render_form("coordinate/problem.html", form, program=program, report=report,
                       excerpt=moderation.reported_excerpt(report), reported_message=report.message)


@bp.route("/problems/<int:report_id>/hide", methods=["POST"])
@login_required
def hide_message(slug, report_id):
    """Hide the reported message from the pair's conversation, or show it again."""
    program = access.managed_program(slug)
    report = problems.report_in(program, report_id)
    hidden = request.form.get("hidden") == "1"
    try:
        moderation.hide(current_user, report, hidden)
    except DomainError as error:
        flash(error.message, "error")
    else:
        flash("The message is hidden from the pair's conversation." if hidden
              else "The message shows again in the pair's conversation.", "success")
    return redirect(url_for("coordinate.problem", slug=slug, report_id=report.id) + "#reported-messages")
